/**
 * A real `hardhat node` for the task tests: tasks read addresses from the Ignition journal of the chain they talk
 * to, which the in-process network never keeps. One node, one deployment and one task server per test file.
 *
 * The node listens on a free port on 127.0.0.1 (never 8545, which a developer's own `npm run node` may hold);
 * tasks reach it through `--network localhost` with LOCALHOST_RPC_URL (hardhat.config.ts). The chain-31337 journal
 * of a developer's own local deployment is moved aside while the tests run and put back afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { JsonRpcProvider } from "ethers";

import type { TaskResult } from "./capture";
import type { TaskRequest, TaskResponse } from "./task-server";
import { foundryBinary } from "../../scripts/lib/foundry";
import { freePort } from "../../scripts/lib/net";

export { foundryBinary };

const ROOT = path.join(__dirname, "..", "..");
const HARDHAT_CLI = path.join(ROOT, "node_modules", "hardhat", "internal", "cli", "cli.js");
const JOURNAL = path.join(ROOT, "deploy", "deployments", "chain-31337");
const SAVED_JOURNAL = `${JOURNAL}.saved-by-task-tests`;

export interface LocalNode {
  url: string;
  provider: JsonRpcProvider;
  /**
   * The real CLI in its own process: `hardhat <command>`, where `command` is split on spaces (e.g.
   * `"--network localhost lending account"`).
   */
  cli(command: string, env?: NodeJS.ProcessEnv): Promise<TaskResult>;
  /**
   * A task run by the shared task server (same parsing and action as the CLI, without a process per task), on
   * `--network localhost`: `command` is split on spaces, `verbatim` words are appended as they are (for values with
   * spaces), e.g. `task("social mint --handle alice --bio", "Builds markets")`.
   */
  task(command: string, ...verbatim: string[]): Promise<TaskResult>;
  /** Moves the node's clock forward and mines a block. */
  increaseTime(seconds: number): Promise<void>;
  /** Kills the task server and the node (by PID) and restores the journals: call it in an `after` hook. */
  stop(): Promise<void>;
}

/** The environment of every child: this node, and no key or RPC URL from the developer's `hardhat vars`. */
function childEnv(url: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LOCALHOST_RPC_URL: url,
    DEPLOYER_PRIVATE_KEY: undefined,
    HARDHAT_VAR_DEPLOYER_PRIVATE_KEY: undefined,
    HARDHAT_NETWORK: undefined,
    XDG_CONFIG_HOME: path.join(os.tmpdir(), "quartet-empty-config"),
    ...extra,
  };
}

function moveJournalAside(): void {
  if (fs.existsSync(SAVED_JOURNAL)) {
    // Left by an interrupted run: the developer's journal is the saved one, chain-31337 is the tests' leftover.
    fs.rmSync(JOURNAL, { recursive: true, force: true });
  } else if (fs.existsSync(JOURNAL)) {
    fs.renameSync(JOURNAL, SAVED_JOURNAL);
  }
}

function restoreJournal(): void {
  fs.rmSync(JOURNAL, { recursive: true, force: true });
  if (fs.existsSync(SAVED_JOURNAL)) fs.renameSync(SAVED_JOURNAL, JOURNAL);
}

function kill(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    process.kill(child.pid as number, "SIGTERM");
  });
}

async function waitUntilAnswering(provider: JsonRpcProvider, node: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (node.exitCode !== null) throw new Error(`${NODE_KIND} node exited with ${node.exitCode}: ${log()}`);
    try {
      await provider.send("eth_chainId", []);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${NODE_KIND} node did not answer within 60 s: ${log()}`);
}

/**
 * Which node implementation the task tests run against: `hardhat` (default) or `anvil` (QUARTET_NODE=anvil, `npm run
 * test:localhost:anvil`). A second implementation catches Hardhat-only assumptions in the tasks.
 */
export const NODE_KIND: "hardhat" | "anvil" = process.env.QUARTET_NODE === "anvil" ? "anvil" : "hardhat";
if (process.env.QUARTET_NODE !== undefined && !["hardhat", "anvil"].includes(process.env.QUARTET_NODE)) {
  throw new Error(`QUARTET_NODE must be "hardhat" or "anvil", not "${process.env.QUARTET_NODE}".`);
}

function spawnNode(port: number, url: string): ChildProcess {
  if (NODE_KIND === "anvil") {
    // Same chain id and default mnemonic as hardhat node (same accounts); 20 accounts as Hardhat gives.
    return spawn(
      foundryBinary("anvil"),
      ["--host", "127.0.0.1", "--port", String(port), "--chain-id", "31337", "--accounts", "20", "--silent"],
      { cwd: ROOT, env: childEnv(url), stdio: ["ignore", "ignore", "pipe"] },
    );
  }
  // The CLI binary itself, so that the PID killed is the node's.
  return spawn(process.execPath, [HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    env: childEnv(url),
    stdio: ["ignore", "ignore", "pipe"],
  });
}

/**
 * Starts a node, then the task server (with `serverEnv` added to its environment, e.g. QUARTET_BALLOTS); on any
 * failure everything started so far is stopped again.
 */
export async function startLocalNode(serverEnv: NodeJS.ProcessEnv = {}): Promise<LocalNode> {
  moveJournalAside();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let nodeLog = "";
  let serverLog = "";
  const node = spawnNode(port, url);
  node.stderr?.on("data", (chunk: Buffer) => (nodeLog = (nodeLog + chunk.toString()).slice(-2_000)));
  let server: ChildProcess | undefined;
  const onExit = () => {
    server?.kill("SIGKILL");
    node.kill("SIGKILL");
  };
  process.once("exit", onExit);
  const provider = new JsonRpcProvider(url, 31337, { staticNetwork: true, cacheTimeout: -1 });

  const stop = async () => {
    process.removeListener("exit", onExit);
    provider.destroy();
    await kill(server);
    await kill(node);
    restoreJournal();
  };

  try {
    await waitUntilAnswering(provider, node, () => nodeLog);
    server = spawn(
      process.execPath,
      ["--require", "ts-node/register/transpile-only", path.join(__dirname, "task-server.ts")],
      {
        cwd: ROOT,
        env: childEnv(url, { HARDHAT_NETWORK: "localhost", TS_NODE_TRANSPILE_ONLY: "true", ...serverEnv }),
        stdio: ["ignore", "ignore", "pipe", "ipc"],
      },
    );
    server.stderr?.on("data", (chunk: Buffer) => (serverLog = (serverLog + chunk.toString()).slice(-2_000)));
    await new Promise<void>((resolve, reject) => {
      server?.once("message", () => resolve());
      server?.once("exit", (code) => reject(new Error(`task server exited with ${code}: ${serverLog}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }

  let nextId = 0;
  const words = (command: string) => command.split(" ").filter((w) => w !== "");
  const task = (command: string, ...verbatim: string[]) =>
    new Promise<TaskResult>((resolve, reject) => {
      const argv = [...words(command), ...verbatim];
      const id = ++nextId;
      const onMessage = (message: TaskResponse) => {
        if ("id" in message && message.id === id) {
          server?.off("message", onMessage);
          server?.off("exit", onExit2);
          resolve({ stdout: message.stdout, stderr: message.stderr, exitCode: message.exitCode });
        }
      };
      const onExit2 = (code: number | null) => reject(new Error(`task server exited with ${code}: ${serverLog}`));
      server?.on("message", onMessage);
      server?.once("exit", onExit2);
      server?.send({ id, argv } satisfies TaskRequest);
    });

  const cli = (command: string, env: NodeJS.ProcessEnv = {}) =>
    new Promise<TaskResult>((resolve) => {
      const child = spawn(process.execPath, [HARDHAT_CLI, ...words(command)], { cwd: ROOT, env: childEnv(url, env) });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("close", (code) => resolve({ stdout: stdout.trim(), stderr: stderr.trim(), exitCode: code ?? 1 }));
    });

  const increaseTime = async (seconds: number) => {
    await provider.send("evm_increaseTime", [seconds]);
    await provider.send("evm_mine", []);
  };

  return { url, provider, cli, task, increaseTime, stop };
}
