import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import LendingModule from "./Lending";

/** The intent executor and its two shipped conditions, wired to the lending pool and its oracle. */
export default buildModule("Intents", (m) => {
  const { pool, oracle } = m.useModule(LendingModule);
  const executor = m.contract("IntentExecutor", [pool]);
  const priceCondition = m.contract("PriceCondition", [oracle]);
  const healthFactorCondition = m.contract("HealthFactorCondition", [pool]);
  return { executor, priceCondition, healthFactorCondition };
});
