import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { ROLES, selectors } from "../../scripts/lib/roles";
import AccessModule from "./Access";
import TestTokens from "./TestTokens";
import {
  EASArtifact,
  OP_STACK_EAS,
  OP_STACK_SCHEMA_REGISTRY,
  SchemaRegistryArtifact,
  VERIFICATION_SCHEMA,
  easSource,
} from "./eas";

/**
 * Social: ProfileNFT (handles, on-chain metadata and avatars, verification on EAS, identity votes), CreatorPasses
 * (ERC-1155 passes with ERC-2981 royalties) and CreatorCoins, restricted through the shared AccessManager:
 * - `ProfileNFT.revokeVerification` → VERIFIER (the same role whose holders sign attestations);
 * - `CreatorPasses.setProtocolFee` and `setTreasury` → TREASURY;
 * - `CreatorCoins.setProtocolFee` and `setTreasury` → TREASURY (creator coins on a bonding curve, priced in ETH or
 *   the protocol's USDC only).
 *
 * EAS: ProfileNFT is the resolver of the Quartet verification schema, registered here in EAS's SchemaRegistry. With
 * QUARTET_EAS=published (the deploy task sets it when the parameters name `Social.eas`) the module uses the EAS and
 * SchemaRegistry at the `eas` and `schemaRegistry` parameters (defaults: the OP Stack predeploys 0x42…21 / 0x42…20);
 * otherwise it deploys both from @ethereum-attestation-service/eas-contracts' artifacts (local chains, Linea Sepolia).
 *
 * Parameters: `treasury` (default: the deployer; governance later points it at the timelock), `protocolFeeBps`
 * (default 250 = 2.5%, at most 1,000) and `coinProtocolFeeBps` (default 100 = 1%, the cap).
 */
export default buildModule("Social", (m) => {
  const { accessManager } = m.useModule(AccessModule);
  const treasury = m.getParameter("treasury", m.getAccount(0));
  const protocolFeeBps = m.getParameter("protocolFeeBps", 250);

  const published = easSource() === "published";
  const schemaRegistry = published
    ? m.contractAt("SchemaRegistry", SchemaRegistryArtifact, m.getParameter("schemaRegistry", OP_STACK_SCHEMA_REGISTRY))
    : m.contract("SchemaRegistry", SchemaRegistryArtifact, []);
  const eas = published
    ? m.contractAt("EAS", EASArtifact, m.getParameter("eas", OP_STACK_EAS))
    : m.contract("EAS", EASArtifact, [schemaRegistry]);

  // Linked, not inlined: keeps ProfileNFT under the 24 KiB code-size limit.
  const metadataRenderer = m.library("MetadataRenderer");
  const profileNFT = m.contract("ProfileNFT", [accessManager, eas], {
    libraries: { MetadataRenderer: metadataRenderer },
  });
  // Revocable, ProfileNFT as resolver: its UID is what ProfileNFT.verificationSchema() computed.
  m.call(schemaRegistry, "register", [VERIFICATION_SCHEMA, profileNFT, true], { id: "RegisterVerificationSchema" });
  const creatorPasses = m.contract("CreatorPasses", [profileNFT, accessManager, treasury, protocolFeeBps]);
  // Creator coins are priced in ETH or USDC only: the protocol's USDC (the markets' test USDC on local chains and
  // testnets, the same TestTokens module the lending markets list).
  const { usdc } = m.useModule(TestTokens);
  const creatorCoins = m.contract("CreatorCoins", [
    profileNFT,
    accessManager,
    treasury,
    m.getParameter("coinProtocolFeeBps", 100),
    usdc,
  ]);

  m.call(
    accessManager,
    "setTargetFunctionRole",
    [profileNFT, selectors("revokeVerification(uint256)"), ROLES.VERIFIER],
    { id: "ProfileNFT_VerifierFunctions" },
  );
  m.call(
    accessManager,
    "setTargetFunctionRole",
    [creatorPasses, selectors("setProtocolFee(uint16)", "setTreasury(address)"), ROLES.TREASURY],
    { id: "CreatorPasses_TreasuryFunctions" },
  );

  m.call(
    accessManager,
    "setTargetFunctionRole",
    [creatorCoins, selectors("setProtocolFee(uint16)", "setTreasury(address)"), ROLES.TREASURY],
    { id: "CreatorCoins_TreasuryFunctions" },
  );

  return { accessManager, eas, schemaRegistry, metadataRenderer, profileNFT, creatorPasses, creatorCoins };
});
