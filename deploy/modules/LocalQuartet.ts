import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import LocalLending from "./LocalLending";
import LocalUniswap from "./LocalUniswap";
import { wireQuartet } from "./Quartet";
import { wireSwapAdapter } from "./swap";

/**
 * The whole protocol on a local chain: mock USDC/WBTC/WETH and feeds, the three markets listed, the real Uniswap v3
 * with USDC/WETH and WBTC/USDC pools seeded at the feeds' prices and the intents' swap adapter over it, every
 * protocol wired and handed to governance. What the demo, the benchmark and the integration tests deploy.
 */
export default buildModule("LocalQuartet", (m) => {
  const lending = m.useModule(LocalLending);
  const { uniswapFactory, positionManager, swapRouter, quoter } = m.useModule(LocalUniswap);
  const { swapAdapter, setSwapAdapter } = wireSwapAdapter(m, swapRouter);
  const { renounceAdmin: _renounceAdmin, ...contracts } = wireQuartet(m, {
    configure: [LocalLending, setSwapAdapter],
    rewardToken: lending.usdc,
  });
  return { ...lending, ...contracts, uniswapFactory, positionManager, swapRouter, quoter, swapAdapter };
});
