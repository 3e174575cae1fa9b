import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The protocol's one permission hub. The deployer is its first admin so the other modules can configure
 * their contracts; the Quartet module then hands the admin role to the governance timelock and the deployer
 * renounces it.
 */
export default buildModule("Access", (m) => {
  const accessManager = m.contract("AccessManager", [m.getAccount(0)]);
  return { accessManager };
});
