import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import IntentsModule from "./Intents";
import LocalLendingModule from "./LocalLending";

/** Local markets plus the intent executor and its conditions, in one deployment. */
export default buildModule("LocalIntents", (m) => {
  const lending = m.useModule(LocalLendingModule);
  const intents = m.useModule(IntentsModule);
  return { ...lending, ...intents };
});
