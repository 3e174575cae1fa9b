import {
  AbiCoder,
  Contract,
  type ContractTransactionReceipt,
  Signature,
  type Signer,
  ZeroHash,
  getBytes,
  toBigInt,
  toUtf8Bytes,
  toUtf8String,
  zeroPadBytes,
} from "ethers";

import type { IEAS, ProfileNFT } from "../../typechain-types";
import type {
  AttestationRequestDataStruct,
  DelegatedAttestationRequestStruct,
} from "../../typechain-types/@ethereum-attestation-service/eas-contracts/contracts/IEAS";

/** ProfileNFT's EIP-712 domain name and version (Votes' `delegateBySig`; verification signatures are EAS's). */
export const PROFILE_DOMAIN = { name: "Quartet Profiles", version: "1" } as const;

/** The Quartet verification schema's fields (`ProfileNFT.VERIFICATION_SCHEMA`), in ABI order. */
export const VERIFICATION_FIELDS = ["uint256", "string", "uint64"] as const;

/** A verifier's statement that `recipient`, the owner of profile `tokenId` (`handle`), is verified until `expiry`. */
export interface VerificationClaim {
  tokenId: bigint;
  handle: string;
  recipient: string;
  /** Unix seconds: both the data's expiry and the attestation's `expirationTime`. */
  expiry: bigint;
}

/** The attestation data of a claim: `abi.encode(profileId, handle, expiry)`. */
export function encodeVerification(claim: Pick<VerificationClaim, "tokenId" | "handle" | "expiry">): string {
  return AbiCoder.defaultAbiCoder().encode(VERIFICATION_FIELDS, [claim.tokenId, claim.handle, claim.expiry]);
}

/** The `AttestationRequestData` of a claim: revocable, expiring at `expiry`, no reference, no value. */
export function verificationRequestData(claim: VerificationClaim): AttestationRequestDataStruct {
  return {
    recipient: claim.recipient,
    expirationTime: claim.expiry,
    revocable: true,
    refUID: ZeroHash,
    data: encodeVerification(claim),
    value: 0n,
  };
}

/** The UID of the `Attested` event in `receipt`, emitted by `eas`. */
export function attestedUid(receipt: ContractTransactionReceipt, eas: IEAS): string {
  for (const log of receipt.logs) {
    const parsed = eas.interface.parseLog(log);
    if (parsed?.name === "Attested") return parsed.args.uid as string;
  }
  throw new Error("The transaction emitted no Attested event.");
}

/** The verifier attests `claim` on EAS under the profile contract's schema; returns the attestation UID. */
export async function attestVerification(
  eas: IEAS,
  verifier: Signer,
  profileNFT: ProfileNFT,
  claim: VerificationClaim,
): Promise<{ uid: string; receipt: ContractTransactionReceipt }> {
  const schema = await profileNFT.verificationSchema();
  const tx = await eas.connect(verifier).attest({ schema, data: verificationRequestData(claim) });
  const receipt = (await tx.wait())!;
  return { uid: attestedUid(receipt, eas), receipt };
}

/** EIP-712 types of an EAS delegated attestation (EIP1271Verifier's `Attest`). */
export const DELEGATED_ATTEST_TYPES = {
  Attest: [
    { name: "attester", type: "address" },
    { name: "schema", type: "bytes32" },
    { name: "recipient", type: "address" },
    { name: "expirationTime", type: "uint64" },
    { name: "revocable", type: "bool" },
    { name: "refUID", type: "bytes32" },
    { name: "data", type: "bytes" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

/** The EIP-712 domain and nonce view of an EAS contract (not in IEAS). */
const EAS_DOMAIN_ABI = [
  "function eip712Domain() view returns (bytes1, string name, string version, uint256 chainId, address verifyingContract, bytes32, uint256[])",
  "function getNonce(address account) view returns (uint256)",
];

/**
 * A delegated attestation of `claim` signed by the verifier: anyone may submit it with `eas.attestByDelegation`.
 * `deadline` (unix seconds, 0: none) bounds when it may be submitted; the signature uses the verifier's next EAS
 * nonce, so a newer delegated attestation signed before this one is submitted invalidates it.
 */
export async function signDelegatedVerification(
  eas: IEAS,
  verifier: Signer,
  profileNFT: ProfileNFT,
  claim: VerificationClaim,
  deadline = 0n,
): Promise<DelegatedAttestationRequestStruct> {
  const easAddress = await eas.getAddress();
  const view = new Contract(easAddress, EAS_DOMAIN_ABI, eas.runner);
  const [domain, nonce, schema, attester] = await Promise.all([
    view.eip712Domain() as Promise<[string, string, string, bigint, string]>,
    view.getNonce(await verifier.getAddress()) as Promise<bigint>,
    profileNFT.verificationSchema(),
    verifier.getAddress(),
  ]);
  const data = verificationRequestData(claim);
  const message = { attester, schema, ...data, nonce, deadline };
  const signature = Signature.from(
    await verifier.signTypedData(
      { name: domain[1], version: domain[2], chainId: domain[3], verifyingContract: domain[4] },
      DELEGATED_ATTEST_TYPES,
      message,
    ),
  );
  return { schema, data, signature: { v: signature.v, r: signature.r, s: signature.s }, attester, deadline };
}

/** The handle rules of `HandleRules.sol` as a regular expression. */
export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9_]{2,31}$/;

/** A profile's token id: the handle's UTF-8 bytes left-aligned in 32 bytes, read as a number. */
export function handleToTokenId(handle: string): bigint {
  const bytes = toUtf8Bytes(handle);
  if (bytes.length > 32) throw new Error(`Handle "${handle}" is longer than 32 bytes.`);
  return toBigInt(zeroPadBytes(bytes, 32));
}

/** The handle a token id encodes (its bytes up to the first zero byte). */
export function tokenIdToHandle(tokenId: bigint): string {
  const bytes = getBytes(`0x${tokenId.toString(16).padStart(64, "0")}`);
  const end = bytes.indexOf(0);
  return toUtf8String(end === -1 ? bytes : bytes.subarray(0, end));
}

/** The JSON document of a profile's token URI. */
export interface ProfileTokenJson {
  name: string;
  description: string;
  image: string;
  avatar: string;
  attributes: { trait_type: string; value: string }[];
}

const JSON_PREFIX = "data:application/json;base64,";
const SVG_PREFIX = "data:image/svg+xml;base64,";

/** Decodes a profile's `tokenURI` into its JSON document (strictly parsed) and its SVG card. */
export function decodeProfileTokenURI(uri: string): { json: ProfileTokenJson; svg: string } {
  if (!uri.startsWith(JSON_PREFIX)) throw new Error(`Not a base64 JSON data URI: ${uri.slice(0, 40)}…`);
  const json = JSON.parse(Buffer.from(uri.slice(JSON_PREFIX.length), "base64").toString("utf8")) as ProfileTokenJson;
  if (!json.image.startsWith(SVG_PREFIX)) throw new Error("The image is not a base64 SVG data URI.");
  const svg = Buffer.from(json.image.slice(SVG_PREFIX.length), "base64").toString("utf8");
  return { json, svg };
}
