import "@nomicfoundation/hardhat-toolbox";
import { vars, type HardhatUserConfig } from "hardhat/config";
import type { NetworksUserConfig } from "hardhat/types";

import "./tasks";
import { deployerKey } from "./tasks/deployer-key";
import { ETHERSCAN_KEY_VAR, isPrivateKey, REMOTE_NETWORKS } from "./scripts/lib/networks";

/** The one compiler version. package.json pins the npm `solc` to the same version for offline builds. */
const SOLC_VERSION = "0.8.30";

const key = deployerKey();
// An absent or malformed key leaves `accounts` empty; tasks/network-guard.ts then explains what to set.
const accounts = isPrivateKey(key) ? [key] : [];

const networks: NetworksUserConfig = {
  hardhat: { chainId: 31337 },
  // LOCALHOST_RPC_URL points `--network localhost` at a node on another port (the task tests use a free port).
  localhost: { url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545", chainId: 31337 },
};
for (const n of REMOTE_NETWORKS) {
  networks[n.name] = {
    url: vars.get(n.rpcUrlVar, process.env[n.rpcUrlVar] ?? n.defaultRpcUrl),
    chainId: n.chainId,
    accounts,
  };
}

const config: HardhatUserConfig = {
  solidity: {
    compilers: [
      {
        version: SOLC_VERSION,
        settings: {
          optimizer: { enabled: true, runs: 10_000 },
          // Cancun: supported by OP, Base, Arbitrum, Scroll and Linea (Sepolia and mainnet); Prague is not yet
          // everywhere.
          evmVersion: "cancun",
        },
      },
    ],
    overrides: {
      // The pool alone goes through the IR pipeline: ~4% less gas on every lending operation and 2 kB less code (room
      // under the 24,576-byte limit); the rest stays on the legacy pipeline, which compiles several times faster.
      // 5,000 runs, not 10,000: the same gas to within 0.3% and about 550 bytes more room under the limit.
      "contracts/lending/LendingPool.sol": {
        version: SOLC_VERSION,
        settings: { optimizer: { enabled: true, runs: 5_000 }, evmVersion: "cancun", viaIR: true },
      },
      // OpenZeppelin's Governor with the secret ballot and vote receipts is within 1 kB of the 24 kB code limit at
      // 10,000 runs: optimised for size here, the commit and reveal stay well inside their gas budgets.
      "contracts/governance/QuartetSecretGovernor.sol": {
        version: SOLC_VERSION,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
    },
  },
  networks,
  paths: {
    ignition: "deploy",
  },
  // Ignition's confirmations are set per network in tasks/network-guard.ts: a static value here would also apply to
  // local chains, where a single automined block never reaches a second confirmation and the deploy hangs.
  etherscan: {
    // One Etherscan API v2 key verifies on every Etherscan-family explorer.
    apiKey: vars.get(ETHERSCAN_KEY_VAR, process.env[ETHERSCAN_KEY_VAR] ?? ""),
    customChains: REMOTE_NETWORKS.map((n) => ({
      network: n.name,
      chainId: n.chainId,
      urls: { apiURL: "https://api.etherscan.io/v2/api", browserURL: n.etherscanBrowserUrl },
    })),
  },
  blockscout: {
    enabled: true,
    customChains: REMOTE_NETWORKS.filter((n) => n.blockscoutUrl !== undefined).map((n) => ({
      network: n.name,
      chainId: n.chainId,
      urls: { apiURL: `${n.blockscoutUrl}/api`, browserURL: n.blockscoutUrl as string },
    })),
  },
  sourcify: { enabled: false },
  gasReporter: {
    enabled: process.env.REPORT_GAS !== undefined && process.env.REPORT_GAS !== "" && process.env.REPORT_GAS !== "0",
    // Never fetch prices: the numbers below are stated assumptions for an OP-stack chain (Ecotone fee formula).
    offline: true,
    L2: "optimism",
    optimismHardfork: "ecotone",
    currency: "USD",
    token: "ETH",
    tokenPrice: "3000",
    gasPrice: 0.001, // L2 execution gwei
    baseFee: 5, // L1 base fee, gwei
    blobBaseFee: 1, // L1 blob base fee, gwei
    opStackBaseFeeScalar: 5227,
    opStackBlobBaseFeeScalar: 1014213,
    excludeContracts: ["mocks/", "verification/", "MockV3Aggregator"],
    showMethodSig: false,
  },
  typechain: {
    outDir: "typechain-types",
    target: "ethers-v6",
  },
  mocha: {
    timeout: 120_000,
    // Two workers, one per core: each test file runs on its own in-process network, so files are independent.
    parallel: process.env.QUARTET_TEST_SERIAL !== "1",
    jobs: 2,
    // The localhost flow (a real `hardhat node`, the CLI deploy, ~90 task calls) runs as its own step,
    // `npm run test:localhost`, so that `npm test` stays well inside its time budget.
    grep: "@localhost",
    invert: process.env.QUARTET_TEST_LOCALHOST !== "1",
  },
};

export default config;
