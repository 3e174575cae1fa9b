import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import LocalLending from "./LocalLending";
import { wireQuartet } from "./Quartet";

/**
 * The whole protocol on a local chain: mock USDC/WBTC/WETH and feeds, the three markets listed, every protocol
 * wired and handed to governance. What the demo, the benchmark and the integration tests deploy.
 */
export default buildModule("LocalQuartet", (m) => {
  const lending = m.useModule(LocalLending);
  const { renounceAdmin: _renounceAdmin, ...contracts } = wireQuartet(m, {
    configure: [LocalLending],
    rewardToken: lending.usdc,
  });
  return { ...lending, ...contracts };
});
