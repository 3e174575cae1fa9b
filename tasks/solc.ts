import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";

/**
 * Compile offline: for the compiler version pinned in package.json's `solc` dependency, use that
 * package's soljson.js instead of downloading a build. Any other version goes through Hardhat's
 * normal download path, so the project still works for users who pin something else.
 */
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved lazily: only when compiling
  const solcPackage = require("solc/package.json") as { version: string };
  if (args.solcVersion !== solcPackage.version) return runSuper(args);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- soljson is loaded on demand
  const solc = require("solc") as { version(): string };
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: solc.version().replace(/\.Emscripten.*$/, ""),
  };
});
