import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import LocalIntents from "./LocalIntents";
import LocalUniswap from "./LocalUniswap";
import { wireSwapAdapter } from "./swap";

/**
 * LocalIntents plus the real Uniswap v3 (LocalUniswap, pools seeded at the mock feeds' prices) and the swap adapter
 * set on the executor: what the swap-pay tests start from. The deployer keeps RISK (no handover).
 */
export default buildModule("LocalSwapIntents", (m) => {
  const intents = m.useModule(LocalIntents);
  const { uniswapFactory, positionManager, swapRouter, quoter } = m.useModule(LocalUniswap);
  const { swapAdapter } = wireSwapAdapter(m, swapRouter);
  return { ...intents, uniswapFactory, positionManager, swapRouter, quoter, swapAdapter };
});
