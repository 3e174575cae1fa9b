import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { ROLES, selectors } from "../../scripts/lib/roles";
import LendingModule from "./Lending";

/**
 * The intent executor and its two shipped conditions, wired to the lending pool and its oracle. The executor's
 * one restricted function, `setSwapAdapter`, belongs to the RISK role (the deployer holds RISK until the handover,
 * so a deployment may set the first adapter; see SwapAdapter.ts).
 */
export default buildModule("Intents", (m) => {
  const { pool, oracle, accessManager } = m.useModule(LendingModule);
  const executor = m.contract("IntentExecutor", [accessManager, pool]);
  const priceCondition = m.contract("PriceCondition", [oracle]);
  const healthFactorCondition = m.contract("HealthFactorCondition", [pool]);
  m.call(accessManager, "setTargetFunctionRole", [executor, selectors("setSwapAdapter(address)"), ROLES.RISK], {
    id: "ExecutorRisk",
  });
  return { executor, priceCondition, healthFactorCondition };
});
