import fs from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { UserError } from "./errors";

/** Each contract's Ignition future id, as the Quartet and LocalQuartet modules name them. */
export const FUTURE_IDS = {
  accessManager: "Access#AccessManager",
  oracle: "Lending#PriceOracle",
  pool: "Lending#LendingPool",
  stableRateModel: "Lending#StableRateModel",
  volatileRateModel: "Lending#VolatileRateModel",
  executor: "Intents#IntentExecutor",
  priceCondition: "Intents#PriceCondition",
  healthFactorCondition: "Intents#HealthFactorCondition",
  profileNFT: "Social#ProfileNFT",
  creatorPasses: "Social#CreatorPasses",
  token: "Governance#QuartetToken",
  timelock: "Governance#Timelock",
  governor: "Governance#Governor",
  citizensTimelock: "CitizensHouse#Timelock",
  citizensGovernor: "CitizensHouse#Governor",
  usdc: "TestTokens#USDC",
  wbtc: "TestTokens#WBTC",
  weth: "TestTokens#WETH",
} as const;

export type ContractName = keyof typeof FUTURE_IDS;
export type AddressBook = Record<ContractName, string>;

/** Where Ignition keeps the journal and addresses of a chain's deployment. */
export function deploymentDir(hre: HardhatRuntimeEnvironment, chainId: bigint | number): string {
  return path.join(hre.config.paths.ignition, "deployments", `chain-${chainId}`);
}

/**
 * Every Quartet contract's address on the connected chain, read from its Ignition deployment. Nothing is
 * hard-coded: a chain without a deployment gets one line saying how to make one.
 */
export async function addressBook(hre: HardhatRuntimeEnvironment): Promise<AddressBook> {
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  const file = path.join(deploymentDir(hre, chainId), "deployed_addresses.json");
  if (hre.network.name === "hardhat") {
    throw new UserError(
      "The in-process hardhat network forgets every deployment when the command ends: start `npm run node` and use --network localhost.",
    );
  }
  if (!fs.existsSync(file)) {
    throw new UserError(
      `No Quartet deployment on ${hre.network.name} (chain ${chainId}): run \`npm run deploy -- --network ${hre.network.name}\` first.`,
    );
  }
  const deployed = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  const book: Partial<AddressBook> = {};
  const missing: string[] = [];
  for (const [name, id] of Object.entries(FUTURE_IDS) as [ContractName, string][]) {
    if (deployed[id] === undefined) missing.push(name);
    else book[name] = deployed[id];
  }
  if (missing.length > 0) {
    throw new UserError(
      `The deployment on chain ${chainId} is incomplete (missing ${missing.join(", ")}): run \`npm run deploy -- --network ${hre.network.name}\` again to resume it.`,
    );
  }
  return book as AddressBook;
}

/**
 * The first block of the chain's Quartet deployment, read from the Ignition journal (0 when there is none): where
 * event scans start, so that remote RPCs are never asked for logs since genesis.
 */
export async function deploymentBlock(hre: HardhatRuntimeEnvironment): Promise<number> {
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  const journal = path.join(deploymentDir(hre, chainId), "journal.jsonl");
  if (!fs.existsSync(journal)) return 0;
  let first = Number.POSITIVE_INFINITY;
  for (const line of fs.readFileSync(journal, "utf8").split("\n")) {
    if (!line.includes('"TRANSACTION_CONFIRM"')) continue;
    const entry = JSON.parse(line) as { receipt?: { blockNumber?: number } };
    if (entry.receipt?.blockNumber !== undefined) first = Math.min(first, entry.receipt.blockNumber);
  }
  return Number.isFinite(first) ? first : 0;
}
