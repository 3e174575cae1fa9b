import { ethers, ignition } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import LocalMocks from "../../deploy/modules/LocalMocks";
import SocialModule from "../../deploy/modules/Social";
import { typed } from "../../scripts/lib/contracts";
import { ROLES } from "../../scripts/lib/roles";
import { type Attestation, handleToTokenId, signAttestation } from "../../scripts/lib/social";
import {
  AccessManager__factory,
  CreatorPasses__factory,
  MockERC20__factory,
  ProfileNFT__factory,
  type IProfileNFT,
  type ProfileNFT,
} from "../../typechain-types";

export const PROTOCOL_FEE_BPS = 250n;
export const ONE_YEAR = 365n * 24n * 3600n;

/** Metadata with short defaults; pass fields to override. */
export function metadata(
  overrides: Partial<IProfileNFT.ProfileMetadataStruct> = {},
): IProfileNFT.ProfileMetadataStruct {
  return { displayName: "Alice", bio: "Builder", avatarURI: "", accentColor: "0x3366ff", ...overrides };
}

/**
 * The Social module as deployed (AccessManager, ProfileNFT, CreatorPasses), plus the local mock tokens, a verifier
 * holding VERIFIER and a treasury operator holding TREASURY.
 */
export async function deploySocial() {
  const [deployer, alice, bob, carol, verifier, outsider, treasury, treasurer] = await ethers.getSigners();
  const social = await ignition.deploy(SocialModule, {
    parameters: { Social: { treasury: treasury.address, protocolFeeBps: PROTOCOL_FEE_BPS } },
  });
  const mocks = await ignition.deploy(LocalMocks);
  const accessManager = await typed(AccessManager__factory, social.accessManager);
  const profileNFT = await typed(ProfileNFT__factory, social.profileNFT);
  const creatorPasses = await typed(CreatorPasses__factory, social.creatorPasses);
  const usdc = await typed(MockERC20__factory, mocks.usdc);

  await accessManager.grantRole(ROLES.VERIFIER, verifier.address, 0);
  await accessManager.grantRole(ROLES.TREASURY, treasurer.address, 0);

  return {
    deployer,
    alice,
    bob,
    carol,
    verifier,
    outsider,
    treasury,
    treasurer,
    accessManager,
    profileNFT,
    creatorPasses,
    usdc,
  };
}

/** Mints `handle` for `owner` and returns its token id. */
export async function mintProfile(
  profileNFT: ProfileNFT,
  owner: HardhatEthersSigner,
  handle: string,
  fields: Partial<IProfileNFT.ProfileMetadataStruct> = {},
): Promise<bigint> {
  await profileNFT.connect(owner).mint(handle, metadata(fields));
  return handleToTokenId(handle);
}

let nextNonce = 1n;

/** An attestation of `verifier` for `holder`'s profile, valid for a year unless overridden; a fresh nonce each time. */
export async function attestation(
  verifier: HardhatEthersSigner | string,
  tokenId: bigint,
  holder: { address: string },
  overrides: Partial<Attestation> = {},
): Promise<Attestation> {
  return {
    verifier: typeof verifier === "string" ? verifier : verifier.address,
    tokenId,
    holder: holder.address,
    expiry: BigInt(await time.latest()) + ONE_YEAR,
    nonce: nextNonce++,
    ...overrides,
  };
}

/** Signs and submits an attestation of `verifier` for `holder`'s profile; returns it. */
export async function verifyProfile(
  profileNFT: ProfileNFT,
  verifier: HardhatEthersSigner,
  tokenId: bigint,
  holder: { address: string },
  overrides: Partial<Attestation> = {},
): Promise<Attestation> {
  const signed = await attestation(verifier, tokenId, holder, overrides);
  await profileNFT.verify(tokenId, signed, await signAttestation(verifier, profileNFT, signed));
  return signed;
}
