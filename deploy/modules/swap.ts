import type {
  ContractFuture,
  IgnitionModuleBuilder,
  ModuleParameterRuntimeValue,
} from "@nomicfoundation/ignition-core";

import IntentsModule from "./Intents";
import LendingModule from "./Lending";

/**
 * The intents' swap adapter over Uniswap v3's SwapRouter02 (`router`: a local deployment's future, or a testnet's
 * official address from its parameters), set on the executor with the deployer's temporary RISK role. Pass the
 * returned `setSwapAdapter` in `wireQuartet`'s `configure`, so it runs before the handover to governance.
 */
export function wireSwapAdapter(
  m: IgnitionModuleBuilder,
  router: ContractFuture<string> | ModuleParameterRuntimeValue<string>,
) {
  const { executor } = m.useModule(IntentsModule);
  const swapAdapter = m.contract("UniswapV3SwapAdapter", [router, executor]);
  // After the executor's role mapping (Intents#ExecutorRisk) and the deployer's RISK grant (Lending).
  const setSwapAdapter = m.call(executor, "setSwapAdapter", [swapAdapter], {
    after: [IntentsModule, LendingModule],
  });
  return { swapAdapter, setSwapAdapter };
}
