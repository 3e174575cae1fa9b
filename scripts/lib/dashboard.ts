/**
 * The dashboard's configuration file (app/public/quartet.json): a chain's Quartet addresses, read from its Ignition
 * address book, and the ABIs the dashboard reads them with, taken from the compiled artifacts. Generated, never
 * committed: `npm run dev` writes it for the local node, `npm run dashboard:config` for a testnet deployment.
 */
import fs from "node:fs";
import path from "node:path";

import { deploymentDir, firstBlockOfJournal, FUTURE_IDS } from "./addresses";
import { isLocalChain } from "./networks";

const ROOT = path.join(__dirname, "..", "..");

/** Where the dashboard fetches its configuration from (Vite serves app/public/ at the site's root). */
export const DASHBOARD_CONFIG = path.join(ROOT, "app", "public", "quartet.json");

/** The artifacts whose ABIs the dashboard uses, by the name it knows them under. */
const ARTIFACTS: Record<string, string> = {
  LendingPool: "contracts/lending/LendingPool.sol/LendingPool.json",
  InterestRateModel: "contracts/lending/InterestRateModel.sol/InterestRateModel.json",
  PriceOracle: "contracts/oracles/PriceOracle.sol/PriceOracle.json",
  ERC20: "contracts/mocks/MockERC20.sol/MockERC20.json",
  IntentExecutor: "contracts/intents/IntentExecutor.sol/IntentExecutor.json",
  ProfileNFT: "contracts/social/ProfileNFT.sol/ProfileNFT.json",
  CreatorPasses: "contracts/social/CreatorPasses.sol/CreatorPasses.json",
  CreatorCoins: "contracts/social/CreatorCoins.sol/CreatorCoins.json",
  QuartetGovernor: "contracts/governance/QuartetGovernor.sol/QuartetGovernor.json",
  QuartetToken: "contracts/governance/QuartetToken.sol/QuartetToken.json",
};

export interface DashboardConfig {
  chainId: number;
  /** The RPC the dashboard reads from; VITE_QUARTET_RPC_URL overrides it at build or dev time. */
  rpcUrl: string;
  /** The deployment's first block: where event scans start. */
  fromBlock: number;
  /** Whether the burner-wallet panel is offered (local chains only). */
  local: boolean;
  addresses: Record<string, string>;
  abis: Record<string, unknown[]>;
  /** Names shown instead of addresses, lower-case address → name (the contracts, and the demo's cast locally). */
  names: Record<string, string>;
}

/** The configuration for chain `chainId`'s deployment, or an Error whose message says what to do. */
export function dashboardConfig(chainId: number, rpcUrl: string, people: Record<string, string> = {}): DashboardConfig {
  const dir = deploymentDir(path.join(ROOT, "deploy"), chainId);
  const book = path.join(dir, "deployed_addresses.json");
  if (!fs.existsSync(book)) {
    throw new Error(
      `No Quartet deployment for chain ${chainId} (${path.relative(ROOT, book)} is missing): deploy there first with \`npm run deploy -- --network <name>\`.`,
    );
  }
  const deployed = JSON.parse(fs.readFileSync(book, "utf8")) as Record<string, string>;
  const addresses: Record<string, string> = {};
  for (const [name, id] of Object.entries(FUTURE_IDS)) {
    if (deployed[id] !== undefined) addresses[name] = deployed[id];
  }
  const abis: Record<string, unknown[]> = {};
  for (const [name, file] of Object.entries(ARTIFACTS)) {
    const artifact = path.join(ROOT, "artifacts", file);
    if (!fs.existsSync(artifact))
      throw new Error(`${path.relative(ROOT, artifact)} is missing: run \`npm run compile\`.`);
    abis[name] = (JSON.parse(fs.readFileSync(artifact, "utf8")) as { abi: unknown[] }).abi;
  }
  return {
    chainId,
    rpcUrl,
    fromBlock: firstBlockOfJournal(path.join(dir, "journal.jsonl")),
    local: isLocalChain(chainId),
    addresses,
    abis,
    names: {
      ...Object.fromEntries(Object.entries(addresses).map(([name, address]) => [address.toLowerCase(), name])),
      ...Object.fromEntries(Object.entries(people).map(([address, name]) => [address.toLowerCase(), name])),
    },
  };
}

/** The demo's cast by Hardhat account index (scripts/demo.ts; the burner is scripts/dev-seed.ts's). */
export const LOCAL_CAST = [
  "deployer",
  "alice",
  "bob",
  "carol",
  "liquidator",
  "creator",
  "fan",
  "verifier",
  "keeper",
  undefined,
  "fund",
  "flash liquidator",
  "burner",
] as const;

export function writeDashboardConfig(config: DashboardConfig, file = DASHBOARD_CONFIG): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(config)}\n`);
}
