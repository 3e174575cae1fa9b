import fs from "node:fs";
import path from "node:path";

/**
 * The address book of an Ignition deployment: `<ignitionDir>/deployments/chain-<chainId>/`, as written by
 * `npx hardhat ignition deploy`. Keys are Ignition future ids, e.g. "Intents#IntentExecutor", "LocalMocks#WETH".
 *
 * This file must not import `hardhat` (tasks load it while the config is being read): callers pass
 * `hre.config.paths.ignition`.
 */
export function deploymentDir(ignitionDir: string, chainId: number | bigint): string {
  return path.join(ignitionDir, "deployments", `chain-${chainId}`);
}

/** Every deployed contract of the chain's deployment by future id; empty when nothing was deployed there. */
export function deployedAddresses(ignitionDir: string, chainId: number | bigint): Record<string, string> {
  const file = path.join(deploymentDir(ignitionDir, chainId), "deployed_addresses.json");
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
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
