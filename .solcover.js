// Coverage measures the protocol, not its test doubles or proof harnesses. Instrumentation adds locals, so the
// Yul optimizer is enabled to keep the instrumented LendingPool under the stack limit; and it adds gas, so the
// gas-budget tests (titles tagged @gas) are left to `npm test` and the benchmark.
module.exports = {
  skipFiles: ["mocks/", "verification/"],
  configureYulOptimizer: true,
  // One worker: solidity-coverage instruments a single in-process network (it refuses mocha parallel mode).
  mocha: { grep: "@gas", invert: true, parallel: false },
  istanbulReporter: ["html", "lcov", "text", "json", "json-summary"],
};
