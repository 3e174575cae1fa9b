import { type Signer, type TypedDataDomain, toUtf8Bytes, toUtf8String, zeroPadBytes, toBigInt, getBytes } from "ethers";

import type { ProfileNFT } from "../../typechain-types";

/** ProfileNFT's EIP-712 domain name and version (the chain id and verifying contract come from the deployment). */
export const PROFILE_DOMAIN = { name: "Quartet Profiles", version: "1" } as const;

/** EIP-712 types of a verification attestation; field order matches `IProfileNFT.Attestation`. */
export const ATTESTATION_TYPES = {
  Attestation: [
    { name: "verifier", type: "address" },
    { name: "tokenId", type: "uint256" },
    { name: "holder", type: "address" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "uint256" },
  ],
};

/** A verifier's statement that `holder` is the person behind profile `tokenId` until `expiry` (unix seconds). */
export interface Attestation {
  verifier: string;
  tokenId: bigint;
  holder: string;
  expiry: bigint;
  nonce: bigint;
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

/** The domain a profile contract verifies against, read from the contract itself (ERC-5267). */
export async function attestationDomain(profileNFT: ProfileNFT): Promise<TypedDataDomain> {
  const domain = await profileNFT.eip712Domain();
  return {
    name: domain.name,
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract: domain.verifyingContract,
  };
}

/**
 * Signs an attestation with the verifier's key for `profileNFT`'s domain. `domainOverrides` exists to produce
 * signatures for another chain or contract (tests of replay protection); leave it out otherwise.
 */
export async function signAttestation(
  signer: Signer,
  profileNFT: ProfileNFT,
  attestation: Attestation,
  domainOverrides: Partial<TypedDataDomain> = {},
): Promise<string> {
  const domain = { ...(await attestationDomain(profileNFT)), ...domainOverrides };
  return signer.signTypedData(domain, ATTESTATION_TYPES, attestation);
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
