import { ethers, ignition } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import SocialModule from "../../deploy/modules/Social";
import { typed } from "../../scripts/lib/contracts";
import { ROLES } from "../../scripts/lib/roles";
import { type VerificationClaim, attestVerification, handleToTokenId, tokenIdToHandle } from "../../scripts/lib/social";
import {
  AccessManager__factory,
  CreatorCoins__factory,
  CreatorPasses__factory,
  IEAS__factory,
  ISchemaRegistry__factory,
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
  const accessManager = await typed(AccessManager__factory, social.accessManager);
  const profileNFT = await typed(ProfileNFT__factory, social.profileNFT);
  const creatorPasses = await typed(CreatorPasses__factory, social.creatorPasses);
  // The USDC creator coins accept (the Social module's TestTokens USDC).
  const usdc = MockERC20__factory.connect(
    await CreatorCoins__factory.connect(await social.creatorCoins.getAddress(), deployer).usdc(),
    deployer,
  );
  const eas = await typed(IEAS__factory, social.eas);
  const schemaRegistry = await typed(ISchemaRegistry__factory, social.schemaRegistry);

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
    eas,
    schemaRegistry,
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

/** A verification claim for `holder`'s profile, valid for a year unless overridden. */
export async function claim(
  tokenId: bigint,
  holder: { address: string },
  overrides: Partial<VerificationClaim> = {},
): Promise<VerificationClaim> {
  return {
    tokenId,
    handle: tokenIdToHandle(tokenId),
    recipient: holder.address,
    expiry: BigInt(await time.latest()) + ONE_YEAR,
    ...overrides,
  };
}

/** The verifier attests on EAS that `holder` owns the profile; returns the claim and the attestation UID. */
export async function verifyProfile(
  profileNFT: ProfileNFT,
  verifier: HardhatEthersSigner,
  tokenId: bigint,
  holder: { address: string },
  overrides: Partial<VerificationClaim> = {},
): Promise<VerificationClaim & { uid: string }> {
  const eas = IEAS__factory.connect(await profileNFT.eas(), verifier);
  const claimed = await claim(tokenId, holder, overrides);
  const { uid } = await attestVerification(eas, verifier, profileNFT, claimed);
  return { ...claimed, uid };
}
