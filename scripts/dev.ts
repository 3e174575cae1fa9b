/**
 * `npm run dev`: a local node with Quartet on it and the dashboard in front. It starts `hardhat node`, deploys
 * LocalQuartet and plays the demo's story onto it (scripts/demo.ts), readies the burner wallet (scripts/dev-seed.ts),
 * writes the dashboard's configuration and serves the dashboard with Vite. Ctrl-C (SIGINT) or SIGTERM stops every
 * process it started.
 *
 * Ports: QUARTET_DEV_RPC_PORT (default 8545) for the node, DASHBOARD_PORT (default 5173) for the dashboard.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

import { dashboardConfig, LOCAL_CAST, writeDashboardConfig } from "./lib/dashboard";

const ROOT = path.join(__dirname, "..");
const HOST = "127.0.0.1";
const rpcPort = port("QUARTET_DEV_RPC_PORT", 8545);
const dashboardPort = port("DASHBOARD_PORT", 5173);
const rpcUrl = `http://${HOST}:${rpcPort}`;
const NODE_LOG = path.join(ROOT, "cache", "dev-node.log");
const JOURNAL = path.join(ROOT, "deploy", "deployments", "chain-31337");
const SAVED_JOURNAL = `${JOURNAL}.saved-by-dev`;

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65_535)
    fail(`${name} must be a TCP port (got "${process.env[name]}").`);
  return value;
}

function fail(line: string): never {
  console.error(line);
  process.exit(1);
}

/** Every process started here, each the leader of its own process group (so its children stop with it). */
const children = new Set<ChildProcess>();
let stopping = false;

function start(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; log?: string }) {
  const out = options.log === undefined ? "inherit" : fs.openSync(options.log, "w");
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", out, out],
    detached: true,
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

/** Runs a command to its end; a failure stops everything. */
async function run(label: string, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<void> {
  console.log(`\n▶ ${label}`);
  const child = start(command, args, { env });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0 && !stopping) await shutdown(1, `${label} failed (exit ${code}).`);
}

async function shutdown(code: number, line?: string): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (line !== undefined) console.error(line);
    const alive = [...children];
    for (const child of alive) signal(child, "SIGTERM");
    const deadline = Date.now() + 5_000;
    while (children.size > 0 && Date.now() < deadline) await sleep(100);
    for (const child of children) signal(child, "SIGKILL");
    if (fs.existsSync(SAVED_JOURNAL)) {
      fs.rmSync(JOURNAL, { recursive: true, force: true }); // this node's, gone with it
      fs.renameSync(SAVED_JOURNAL, JOURNAL);
    }
    console.log(`Stopped ${alive.length} process${alive.length === 1 ? "" : "es"}.`);
    process.exit(code);
  }
  return new Promise<never>(() => {}); // another shutdown is under way
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    process.kill(-(child.pid as number), name); // the whole group: npx, its node, and anything they spawned
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function portInUse(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port: p });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function rpc<T>(method: string): Promise<T | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
    });
    return ((await response.json()) as { result: T }).result;
  } catch {
    return undefined;
  }
}

async function chainId(): Promise<number | undefined> {
  const id = await rpc<string>("eth_chainId");
  return id === undefined ? undefined : Number(id);
}

async function main(): Promise<void> {
  for (const signalName of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signalName, () => void shutdown(0));
  }
  if (await portInUse(rpcPort)) {
    fail(`Port ${rpcPort} is taken (another node?): stop it or set QUARTET_DEV_RPC_PORT to a free port.`);
  }
  if (await portInUse(dashboardPort)) {
    fail(`Port ${dashboardPort} is taken: stop what uses it or set DASHBOARD_PORT to a free port.`);
  }

  console.log(`▶ hardhat node on ${rpcUrl} (log: ${path.relative(ROOT, NODE_LOG)})`);
  fs.mkdirSync(path.dirname(NODE_LOG), { recursive: true });
  const node = start("npx", ["hardhat", "node", "--hostname", HOST, "--port", String(rpcPort)], { log: NODE_LOG });
  node.on("exit", (code) => void shutdown(1, `The hardhat node stopped (exit ${code}); see ${NODE_LOG}.`));
  const waitUntil = Date.now() + 120_000;
  while ((await chainId()) !== 31337) {
    if (Date.now() > waitUntil) await shutdown(1, `The hardhat node did not answer on ${rpcUrl} within 2 minutes.`);
    await sleep(250);
  }

  // The fresh node has none of a previous node's contracts: a journal there would make Ignition resume a ghost. It
  // may be the address book of another node (`npm run node` on another port): kept aside and put back on exit.
  if (fs.existsSync(JOURNAL) && !fs.existsSync(SAVED_JOURNAL)) fs.renameSync(JOURNAL, SAVED_JOURNAL);
  fs.rmSync(JOURNAL, { recursive: true, force: true });
  const env = { LOCALHOST_RPC_URL: rpcUrl };
  await run(
    "Deploy LocalQuartet and play the demo's story (scripts/demo.ts)",
    "npx",
    ["hardhat", "run", "scripts/demo.ts", "--network", "localhost"],
    env,
  );
  await run(
    "Ready the burner wallet and open a proposal (scripts/dev-seed.ts)",
    "npx",
    ["hardhat", "run", "scripts/dev-seed.ts", "--network", "localhost"],
    env,
  );

  const accounts = await rpc<string[]>("eth_accounts");
  const cast = Object.fromEntries(
    LOCAL_CAST.flatMap((name, i) => (name === undefined || accounts?.[i] === undefined ? [] : [[accounts[i], name]])),
  );
  writeDashboardConfig(dashboardConfig(31337, rpcUrl, cast));
  console.log(`\n▶ dashboard on http://${HOST}:${dashboardPort}`);
  const vite = start("npx", ["vite", "--host", HOST, "--port", String(dashboardPort), "--strictPort"], {
    cwd: path.join(ROOT, "app"),
    env: { VITE_QUARTET_RPC_URL: "" }, // the configuration's local node, whatever the shell says
  });
  vite.on("exit", (code) => void shutdown(1, `Vite stopped (exit ${code}).`));
  console.log("Ctrl-C stops the dashboard and the node.");
}

main().catch((error: unknown) => void shutdown(1, error instanceof Error ? error.message : String(error)));
