import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { ROLES, selectors } from "../../scripts/lib/roles";
import AccessModule from "./Access";

/**
 * Social: ProfileNFT (handles, on-chain metadata, verification, identity votes) and CreatorPasses (ERC-1155 passes
 * with ERC-2981 royalties), both restricted through the shared AccessManager:
 * - `ProfileNFT.revokeVerification` → VERIFIER (the same role whose holders sign attestations);
 * - `CreatorPasses.setProtocolFee` and `setTreasury` → TREASURY;
 * - `CreatorCoins.setProtocolFee` and `setTreasury` → TREASURY (creator coins on a bonding curve).
 *
 * Parameters: `treasury` (default: the deployer; governance later points it at the timelock), `protocolFeeBps`
 * (default 250 = 2.5%, at most 1,000) and `coinProtocolFeeBps` (default 100 = 1%, the cap).
 */
export default buildModule("Social", (m) => {
  const { accessManager } = m.useModule(AccessModule);
  const treasury = m.getParameter("treasury", m.getAccount(0));
  const protocolFeeBps = m.getParameter("protocolFeeBps", 250);

  // Linked, not inlined: keeps ProfileNFT under the 24 KiB code-size limit.
  const metadataRenderer = m.library("MetadataRenderer");
  const profileNFT = m.contract("ProfileNFT", [accessManager], { libraries: { MetadataRenderer: metadataRenderer } });
  const creatorPasses = m.contract("CreatorPasses", [profileNFT, accessManager, treasury, protocolFeeBps]);
  const creatorCoins = m.contract("CreatorCoins", [
    profileNFT,
    accessManager,
    treasury,
    m.getParameter("coinProtocolFeeBps", 100),
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

  return { accessManager, metadataRenderer, profileNFT, creatorPasses, creatorCoins };
});
