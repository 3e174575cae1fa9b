/**
 * End to end: `npm run dev` on free ports (a real hardhat node, the demo's story, Vite), Debian's Chromium through
 * playwright-core. Each page must show the demo's state — read back from the chain and compared — the burner wallet
 * supplies and votes, a price drop appears live, a dead RPC shows the error state, and Ctrl-C stops everything.
 * Screenshots go to app/e2e/screenshots/.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { createPublicClient, createWalletClient, http, type Abi, type Address, type PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { burnerAddress } from "../src/data/burner";
import { formatBps, formatHealthFactor, formatPercentWad } from "../src/lib/format";
import { launch } from "./browser";

const ROOT = path.join(__dirname, "..", "..");
const SHOTS = path.join(__dirname, "screenshots");
const READY_TIMEOUT_MS = 15 * 60_000;

let dev: ChildProcess;
let output = "";
let rpcPort: number;
let dashboardPort: number;
let url: string;
let context: BrowserContext;
let closeBrowser: () => Promise<void>;
let page: Page;
let client: PublicClient;
let config: { addresses: Record<string, Address>; abis: Record<string, Abi>; names: Record<string, string> };
let accounts: Address[];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (dev.exitCode !== null)
      throw new Error(`npm run dev exited (${dev.exitCode}) before ${what}:\n${output.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const read = <T>(contract: string, abi: string, functionName: string, args: unknown[] = []) =>
  client.readContract({ address: config.addresses[contract], abi: config.abis[abi], functionName, args }) as Promise<T>;

async function open(name: string): Promise<void> {
  await page.goto(`${url}/#/${name}`);
  await page.getByTestId(`page-${name}`).waitFor();
  await page.getByText("Loading from the chain…").first().waitFor({ state: "detached", timeout: 60_000 });
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  [rpcPort, dashboardPort] = [await freePort(), await freePort()];
  url = `http://127.0.0.1:${dashboardPort}`;
  dev = spawn("npm", ["run", "dev"], {
    cwd: ROOT,
    env: { ...process.env, QUARTET_DEV_RPC_PORT: String(rpcPort), DASHBOARD_PORT: String(dashboardPort) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, as a terminal's foreground job: Ctrl-C is SIGINT to the group
  });
  dev.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  dev.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  await until("the dashboard", () => output.includes("Ctrl-C stops") && listening(dashboardPort), READY_TIMEOUT_MS);

  config = JSON.parse(fs.readFileSync(path.join(ROOT, "app", "public", "quartet.json"), "utf8"));
  client = createPublicClient({ transport: http(`http://127.0.0.1:${rpcPort}`) });
  const request = client.request as unknown as (args: { method: string }) => Promise<unknown>;
  accounts = (await request({ method: "eth_accounts" })) as Address[];
  ({ context, close: closeBrowser } = await launch());
  page = await context.newPage();
});

afterAll(async () => {
  await closeBrowser?.();
  // Only when a test failed before Ctrl-C: whatever is left of `npm run dev`'s process group.
  if (dev?.pid !== undefined && dev.exitCode === null && dev.signalCode === null) {
    try {
      process.kill(-dev.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

describe("npm run dev", () => {
  it("Markets: every listed asset, the WBTC LTV the DAO raised, utilization and APRs as the pool reports them", async () => {
    await open("markets");
    for (const symbol of ["usdc", "wbtc", "weth", "tbill"]) await page.getByTestId(`market-${symbol}`).waitFor();
    const config = await read<{ ltvBps: number }>("pool", "LendingPool", "assetConfig", [config_("wbtc")]);
    expect(config.ltvBps).toBe(7250);
    expect(await page.getByTestId("wbtc-ltv").textContent()).toBe(formatBps(7250));
    const utilization = await read<bigint>("pool", "LendingPool", "utilizationWad", [config_("usdc")]);
    expect(await page.getByTestId("usdc-utilization").textContent()).toBe(formatPercentWad(utilization));
    expect(utilization).toBeGreaterThan(0n);
    await expect(page.getByTestId("market-usdc").locator(".recharts-reference-line").count()).resolves.toBe(1);
    await expect(page.getByTestId("market-tbill").getByText("isolated", { exact: true }).count()).resolves.toBe(1);
    await shot("markets");
  });

  it("Accounts: Carol's health factor as the pool computes it; a price drop marks her liquidatable, live", async () => {
    await open("accounts");
    const carol = accounts[3];
    const row = page.getByTestId(`account-${carol.toLowerCase()}`);
    await row.waitFor();
    expect(await row.textContent()).toContain("carol");
    const hf = await read<bigint>("pool", "LendingPool", "healthFactor", [carol]);
    expect(await row.getByTestId("health-factor").textContent()).toContain(formatHealthFactor(hf));
    await shot("accounts");

    // WBTC falls to $20,000 (the deployer owns the mock feed): the page follows the new block without a reload.
    const feed = (await read<{ feed: Address }>("oracle", "PriceOracle", "feedOf", [config_("wbtc")])).feed;
    const wallet = createWalletClient({ account: accounts[0], transport: http(`http://127.0.0.1:${rpcPort}`) });
    const mockFeedAbi = [
      {
        type: "function",
        name: "updateAnswer",
        stateMutability: "nonpayable",
        inputs: [{ name: "answer", type: "int256" }],
        outputs: [],
      },
    ] as const;
    const hash = await wallet.writeContract({
      address: feed,
      abi: mockFeedAbi,
      functionName: "updateAnswer",
      args: [20_000n * 10n ** 8n],
      chain: null,
    });
    await client.waitForTransactionReceipt({ hash });
    await row.getByText("liquidatable").waitFor({ timeout: 30_000 });
    expect(await row.getAttribute("class")).toContain("health-liquidatable");
    await shot("accounts-liquidatable");
    await wallet.writeContract({
      address: feed,
      abi: mockFeedAbi,
      functionName: "updateAnswer",
      args: [50_000n * 10n ** 8n],
      chain: null,
    });
  });

  it("Intents: Alice's savings, Carol's protection and Bob's swap-pay, with the keeper's last results", async () => {
    await open("intents");
    const rows = page.getByTestId("intent");
    await expect(rows.count()).resolves.toBe(3);
    expect(await rows.nth(0).textContent()).toContain("SAVE");
    expect(await rows.nth(0).getByTestId("keeper-result").textContent()).toMatch(/^run 1 executed/);
    expect(await rows.nth(1).textContent()).toContain("REPAY");
    expect(await rows.nth(2).textContent()).toContain("SWAP_PAY_EXACT_OUT");
    await shot("intents");
  });

  it("Profiles: @ada's card from tokenURI, verified, with a pass and a coin", async () => {
    await open("profiles");
    const ada = page.getByTestId("profile-ada");
    await ada.waitFor();
    expect(await ada.getByTestId("verified").textContent()).toBe("verified");
    expect(await ada.getByTestId("attestation-uid").getAttribute("title")).toMatch(/^0x[0-9a-f]{64}$/);
    const src = await ada.locator("img.profile-card").getAttribute("src");
    expect(src).toMatch(/^data:image\/svg\+xml/);
    expect(await ada.locator("img.profile-card").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(
      0,
    );
    expect(await ada.getByTestId("pass").first().textContent()).toContain("2/100 sold");
    expect(await ada.getByTestId("coin").textContent()).toContain("ADA");
    await shot("profiles");
  });

  it("Governance: the executed proposals and the open one, on the token house", async () => {
    await open("governance");
    const house = page.getByTestId("house-token");
    const ltv = house.getByTestId("proposal").filter({ hasText: "Raise WBTC LTV to 72.5%" });
    expect(await ltv.getByTestId("proposal-state").textContent()).toBe("Executed");
    const open_ = house.getByTestId("proposal").filter({ hasText: "Set the flash-loan fee" });
    expect(await open_.getByTestId("proposal-state").textContent()).toBe("Active");
    await page.getByTestId("house-citizens").waitFor();
    await shot("governance");
  });

  it("Burner wallet: supplies 1,000 USDC, borrows 100 and votes for the open proposal", async () => {
    await open("markets");
    const burner = page.getByTestId("burner");
    await burner.getByLabel("asset").selectOption("USDC");
    await burner.getByLabel("amount").fill("1000");
    const before = await read<bigint>("pool", "LendingPool", "supplyBalance", [config_("usdc"), burnerAddress]);
    await burner.getByRole("button", { name: "Supply" }).click();
    await expect(
      burner
        .getByTestId("burner-result")
        .textContent({ timeout: 60_000 })
        .then((t) => t?.startsWith("Supply 1000 USDC: confirmed")),
    ).resolves.toBe(true);
    const after = await read<bigint>("pool", "LendingPool", "supplyBalance", [config_("usdc"), burnerAddress]);
    expect(after - before).toBeGreaterThanOrEqual(1_000n * 10n ** 6n - 1n);
    // The market's total follows the supply live: 501,000 → 502,000 USDC.
    await page
      .getByTestId("market-usdc")
      .getByText(/^502,000(\.\d+)? USDC/)
      .waitFor({ timeout: 30_000 });
    await burner.getByLabel("amount").fill("100");
    await burner.getByRole("button", { name: "Borrow" }).click();
    await burner.getByText("Borrow 100 USDC: confirmed", { exact: false }).waitFor({ timeout: 60_000 });
    expect(
      await read<bigint>("pool", "LendingPool", "debtBalance", [config_("usdc"), burnerAddress]),
    ).toBeGreaterThanOrEqual(100n * 10n ** 6n);
    await burner
      .getByTestId("burner-health")
      .getByText(/health factor \d/)
      .waitFor({ timeout: 30_000 });
    await burner.getByRole("button", { name: "For" }).click();
    await burner.getByText(/^Vote for .*: confirmed/).waitFor({ timeout: 60_000 });
    await shot("burner");
    await open("governance");
    const open_ = page.getByTestId("house-token").getByTestId("proposal").filter({ hasText: "Set the flash-loan fee" });
    await open_.getByText("for 1,000,000").waitFor({ timeout: 30_000 });
    await shot("governance-voted");
  });

  it("is read-only when the configuration is not a local chain's: no burner wallet", async () => {
    const readOnly = await context.newPage();
    await readOnly.route("**/quartet.json", async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...body, local: false } });
    });
    await readOnly.goto(`${url}/#/markets`);
    await readOnly.getByTestId("market-wbtc").waitFor({ timeout: 60_000 });
    expect(await readOnly.getByTestId("burner").count()).toBe(0);
    await readOnly.close();
  });

  it("shows the error state when the RPC is unreachable", async () => {
    const dead = await freePort();
    const broken = await context.newPage();
    await broken.route("**/quartet.json", async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: { ...body, rpcUrl: `http://127.0.0.1:${dead}` } });
    });
    await broken.goto(`${url}/#/markets`);
    await broken.getByTestId("rpc-error").waitFor({ timeout: 60_000 });
    expect(await broken.getByTestId("chain-status").textContent()).toContain("RPC unreachable");
    await broken.screenshot({ path: path.join(SHOTS, "rpc-error.png") });
    await broken.close();
  });

  it("Ctrl-C stops the node, Vite and everything else it started", async () => {
    const exited = new Promise<number | null>((resolve) => dev.once("exit", resolve));
    process.kill(-(dev.pid as number), "SIGINT");
    await exited;
    const deadline = Date.now() + 20_000;
    while ((await listening(rpcPort)) || (await listening(dashboardPort))) {
      if (Date.now() > deadline) throw new Error("a port is still open after Ctrl-C");
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(output).toContain("Stopped");
  });
});

/** A listed token's address by its lower-case symbol. */
function config_(symbol: string): Address {
  return config.addresses[symbol];
}
