import fs from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { DEPLOYMENT, type DeployedName } from "./contracts";
import { nameAddresses, UserError } from "./errors";
import { isLocalChain } from "./networks";

/**
 * The address book of an Ignition deployment: `<ignitionDir>/deployments/chain-<chainId>/`, as written by
 * `npm run deploy` (or `npx hardhat ignition deploy`). Keys are Ignition future ids, e.g. "Intents#IntentExecutor".
 *
 * This file must not import `hardhat` at run time (tasks load it while the config is being read).
 */
export function deploymentDir(ignitionDir: string, chainId: number | bigint): string {
  return path.join(ignitionDir, "deployments", `chain-${chainId}`);
}

/**
 * Every deployed contract of the chain's deployment by future id; empty when nothing was deployed there. The
 * contracts the deployment table knows name themselves in decoded errors from then on (e.g. the keeper's reasons).
 */
export function deployedAddresses(ignitionDir: string, chainId: number | bigint): Record<string, string> {
  const file = path.join(deploymentDir(ignitionDir, chainId), "deployed_addresses.json");
  if (!fs.existsSync(file)) return {};
  const deployed = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  const names = Object.entries(FUTURE_IDS).filter(([, id]) => deployed[id] !== undefined);
  nameAddresses(Object.fromEntries(names.map(([name, id]) => [name, deployed[id]])));
  return deployed;
}

/** The block in which a future's transaction was confirmed, read from the deployment's journal. */
export function deploymentBlock(ignitionDir: string, chainId: number | bigint, futureId: string): number | undefined {
  const file = path.join(deploymentDir(ignitionDir, chainId), "journal.jsonl");
  if (!fs.existsSync(file)) return undefined;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.includes(futureId) || !line.includes("TRANSACTION_CONFIRM")) continue;
    const message = JSON.parse(line) as { type?: string; futureId?: string; receipt?: { blockNumber?: number } };
    if (message.type === "TRANSACTION_CONFIRM" && message.futureId === futureId) return message.receipt?.blockNumber;
  }
  return undefined;
}

/** The deployment table's entries that a chain's address book holds (every one with an Ignition future id). */
type BookName = {
  [K in DeployedName]: (typeof DEPLOYMENT)[K]["futureId"] extends string ? K : never;
}[DeployedName];

/** Each address-book contract's Ignition future id, from the deployment table (scripts/lib/contracts.ts). */
export const FUTURE_IDS = Object.fromEntries(
  Object.entries(DEPLOYMENT)
    .filter(([, entry]) => entry.futureId !== undefined)
    .map(([name, entry]) => [name, entry.futureId]),
) as { readonly [K in BookName]: (typeof DEPLOYMENT)[K]["futureId"] };

export type ContractName = keyof typeof FUTURE_IDS;
export type AddressBook = Record<ContractName, string>;

/** How to make a deployment on `network`: the one line every "not deployed" message ends with. */
export function deployHint(network: string): string {
  return network === "hardhat"
    ? "the in-process hardhat network forgets every deployment when the command ends: start `npm run node`, run `npm run deploy -- --network localhost`, and use --network localhost"
    : `run \`npm run deploy -- --network ${network}\` first`;
}

/**
 * The one line for an address book whose contracts are not on the chain. On a local chain that means the node was
 * restarted (it forgets everything); `npm run deploy` then starts afresh on its own.
 */
export function staleBookLine(network: string, chainId: number | bigint, dir: string): string {
  return isLocalChain(chainId)
    ? `The address book ${dir} names contracts that ${network} does not have (the node was restarted): run \`npm run deploy -- --network ${network}\`, which starts a fresh deployment.`
    : `The address book ${dir} names contracts that ${network} (chain ${chainId}) does not have: check the network's RPC URL.`;
}

/**
 * Every Quartet contract's address on the connected chain, read from its Ignition deployment and checked against the
 * chain (a restarted local node has none of them). Nothing is hard-coded: a chain without a deployment gets one line
 * saying how to make one. The addresses also name themselves in decoded errors from then on.
 */
export async function addressBook(hre: HardhatRuntimeEnvironment): Promise<AddressBook> {
  if (hre.network.name === "hardhat") throw new UserError(`${deployHint("hardhat").replace(/^t/, "T")}.`);
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  const deployed = deployedAddresses(hre.config.paths.ignition, chainId);
  if (Object.keys(deployed).length === 0) {
    throw new UserError(
      `No Quartet deployment on ${hre.network.name} (chain ${chainId}): ${deployHint(hre.network.name)}.`,
    );
  }
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
  // The first and the last contract deployed: a restarted node has neither, a resumed deployment both.
  const codes = await Promise.all(
    [book.accessManager, book.citizensGovernor].map((a) => hre.ethers.provider.getCode(a as string)),
  );
  if (codes.some((code) => code === "0x")) {
    const dir = path.relative(hre.config.paths.root, deploymentDir(hre.config.paths.ignition, chainId));
    throw new UserError(staleBookLine(hre.network.name, chainId, dir));
  }
  nameAddresses(book as AddressBook);
  return book as AddressBook;
}

/**
 * The journal's contracts that have no code on the connected chain (all of them after a local node restarts): the
 * deployment journal describes another chain's history.
 */
export async function contractsWithoutCode(
  hre: HardhatRuntimeEnvironment,
  chainId: number | bigint,
): Promise<string[]> {
  const deployed = deployedAddresses(hre.config.paths.ignition, chainId);
  const entries = Object.entries(deployed);
  const codes = await Promise.all(entries.map(([, address]) => hre.ethers.provider.getCode(address)));
  return entries.filter((_, i) => codes[i] === "0x").map(([id]) => id);
}

/**
 * The first block of the chain's Quartet deployment, read from the Ignition journal (0 when there is none): where
 * event scans start, so that remote RPCs are never asked for logs since genesis.
 */
export async function firstDeploymentBlock(hre: HardhatRuntimeEnvironment): Promise<number> {
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  return firstBlockOfJournal(path.join(deploymentDir(hre.config.paths.ignition, chainId), "journal.jsonl"));
}

/** The first block any transaction of an Ignition journal was confirmed in (0 when there is no journal). */
export function firstBlockOfJournal(journal: string): number {
  if (!fs.existsSync(journal)) return 0;
  let first = Number.POSITIVE_INFINITY;
  for (const line of fs.readFileSync(journal, "utf8").split("\n")) {
    if (!line.includes('"TRANSACTION_CONFIRM"')) continue;
    const entry = JSON.parse(line) as { receipt?: { blockNumber?: number } };
    if (entry.receipt?.blockNumber !== undefined) first = Math.min(first, entry.receipt.blockNumber);
  }
  return Number.isFinite(first) ? first : 0;
}
