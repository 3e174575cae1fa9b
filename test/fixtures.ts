// The test helpers live in test/helpers/, one file per concern; this file re-exports them all so that every suite's
// `import … from "../fixtures"` keeps working.
export * from "./helpers/units";
export * from "./helpers/lending";
export * from "./helpers/intents";
export * from "./helpers/quartet";
export * from "./helpers/errors";
export * from "./helpers/properties";
