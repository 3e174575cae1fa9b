/**
 * `npm run bench:keeper`: the keeper over 10,000 posted intents on a real local `hardhat node` (started on a free
 * port on 127.0.0.1 and stopped at the end). 100 owners post 100 intents each: 1 due now, 1 due in a day, 24
 * recurring ones whose window opens in 30 days, 24 conditional ones whose condition is false, 25 expired ones, 5
 * cancelled ones and 20 whose nonces were invalidated. Three passes are timed end to end: the first (indexes
 * everything, runs the 100 due), a second with nothing new, and the one after 100 more fall due. Targets on a
 * 2-core machine: ≤ 60 s for a pass with 100 due, ≤ 5 s for the idle pass. A benchmark: it prints, it does not fail.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import {
  hexlify,
  JsonRpcProvider,
  randomBytes,
  NonceManager,
  TypedDataEncoder,
  Wallet,
  ZeroAddress,
  type Signer,
  type TypedDataDomain,
} from "ethers";

import {
  HostileCondition__factory,
  IntentExecutor__factory,
  IntentPoster__factory,
  MockERC20__factory,
} from "../typechain-types";
import { Action, AmountMode, PAYMENT_INTENT_TYPES, type PaymentIntent } from "./lib/intents";
import { Keeper } from "./lib/keeper";
import { formatGas, markdownTable } from "./lib/format";
import { WAD } from "./lib/units";
import { freePort } from "./lib/net";

const OWNERS = 100;
const PER_OWNER = 100;
const DAY = 86_400;
const POSTS_PER_TX = 250;

async function startNode() {
  const port = await freePort();
  const cli = path.join(__dirname, "..", "node_modules", "hardhat", "internal", "cli", "cli.js");
  const child = spawn(process.execPath, [cli, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, HARDHAT_NETWORK: undefined },
  });
  child.stdout.resume();
  child.stderr.resume();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; ++i) {
    try {
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
      const response = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300 || child.exitCode !== null) throw new Error("hardhat node did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const provider = new JsonRpcProvider(url, undefined, { batchMaxCount: 1 });
  return { provider, stop: () => child.kill("SIGTERM"), pid: child.pid };
}

async function main(): Promise<void> {
  const node = await startNode();
  const { provider } = node;
  try {
    const setupStarted = Date.now();
    const deployer = new NonceManager(await provider.getSigner(0));
    const keeperSigner = await provider.getSigner(1);
    const weth = await new MockERC20__factory(deployer).deploy("Wrapped Ether", "WETH", 18);
    // PAY intents never touch the pool: the executor's pool may be any address here.
    const executor = await new IntentExecutor__factory(deployer).deploy(ZeroAddress, ZeroAddress);
    const poster = await new IntentPoster__factory(deployer).deploy();
    const condition = await new HostileCondition__factory(deployer).deploy();
    await (await condition.configure(3, 32, 0)).wait(); // a well-formed `false`
    const [wethAddress, executorAddress, conditionAddress] = await Promise.all(
      [weth, executor, condition].map((c) => c.getAddress()),
    );
    const fromBlock = await provider.getBlockNumber();
    const now = (await provider.getBlock("latest"))!.timestamp;
    const domain: TypedDataDomain = {
      name: "Quartet Intents",
      version: "1",
      chainId: (await provider.getNetwork()).chainId,
      verifyingContract: executorAddress,
    };

    const owners = Array.from({ length: OWNERS }, () => new Wallet(hexlify(randomBytes(32)), provider));
    const signed: { intent: PaymentIntent; signature: string }[] = [];
    const toCancel: { owner: Wallet; intent: PaymentIntent }[] = [];
    for (const [o, owner] of owners.entries()) {
      for (let n = 0; n < PER_OWNER; ++n) {
        const intent: PaymentIntent = {
          owner: owner.address,
          token: wethAddress,
          recipient: owners[(o + 1) % OWNERS].address,
          action: Action.PAY,
          amountMode: AmountMode.FIXED,
          amount: WAD / 100n,
          amountParam: 0n,
          maxFee: WAD / 1_000n,
          interval: 0,
          maxRuns: 1,
          validAfter: now - 60,
          validUntil: now + 30 * DAY,
          condition: ZeroAddress,
          conditionData: "0x",
          nonce: BigInt(n),
          receiveToken: ZeroAddress,
          swapLimit: 0n,
          swapPath: "0x",
        };
        if (n === 1)
          intent.validAfter = now + DAY; // falls due in a day
        else if (n >= 2 && n < 26)
          Object.assign(intent, {
            interval: 7 * DAY,
            maxRuns: 12,
            validAfter: now + 30 * DAY,
            validUntil: now + 200 * DAY,
          });
        else if (n >= 26 && n < 50) Object.assign(intent, { condition: conditionAddress });
        else if (n >= 50 && n < 75) Object.assign(intent, { validAfter: now - 3 * DAY, validUntil: now - DAY });
        const digest = TypedDataEncoder.hash(domain, PAYMENT_INTENT_TYPES, intent);
        signed.push({ intent, signature: owner.signingKey.sign(digest).serialized });
        if (n >= 75 && n < 80) toCancel.push({ owner, intent });
      }
    }
    for (let i = 0; i < signed.length; i += POSTS_PER_TX) {
      const chunk = signed.slice(i, i + POSTS_PER_TX);
      await (
        await poster.postAll(
          executorAddress,
          chunk.map((s) => s.intent),
          chunk.map((s) => s.signature),
          { gasLimit: 16_000_000 },
        )
      ).wait();
    }
    // Owners: some ether, WETH for their due payments, an allowance; 5 cancels and one invalidation each.
    await Promise.all(owners.map((o) => provider.send("hardhat_setBalance", [o.address, "0xDE0B6B3A7640000"])));
    for (const o of owners) await weth.mint(o.address, WAD);
    const mask = ((1n << 20n) - 1n) << 80n;
    await Promise.all(
      owners.map(async (o) => {
        const signer: Signer = new NonceManager(o);
        const mine = toCancel.filter((c) => c.owner === o);
        // One after the other: an automining node refuses a nonce from the future.
        await (await weth.connect(signer).approve(executorAddress, WAD)).wait();
        for (const c of mine) await (await executor.connect(signer).cancel(c.intent)).wait();
        await (await executor.connect(signer).invalidateNonces(0, mask)).wait();
      }),
    );
    const setupSeconds = (Date.now() - setupStarted) / 1000;

    const keeper = new Keeper(IntentExecutor__factory.connect(executorAddress, keeperSigner), keeperSigner, fromBlock, {
      nativeToken: wethAddress,
      log: () => {},
    });
    const rows: string[][] = [];
    const details: string[] = [];
    const timed = async (title: string) => {
      const started = Date.now();
      await keeper.pass();
      const seconds = (Date.now() - started) / 1000;
      const s = keeper.summary!;
      rows.push([
        title,
        `${seconds.toFixed(2)} s`,
        String(s.newLogs),
        String(s.watched),
        String(s.simulated),
        String(s.executed),
        `${formatGas(s.gasUsed)} / ${formatGas(s.gasQuoted)}`,
      ]);
      const p = s.phases;
      details.push(
        `${title}: index ${p.index} ms (eth_getLogs ${p.getLogs} ms), select ${p.select} ms, simulate ${p.simulate} ms, execute ${p.execute} ms; ` +
          Object.entries(s.reasons)
            .map(([k, v]) => `${k} ${v}`)
            .join(", "),
      );
      return seconds;
    };
    const first = await timed("first pass (indexes 10,000 intents, 100 due)");
    const idle = await timed("second pass, nothing new");
    await provider.send("evm_increaseTime", [DAY + 3_600]);
    await provider.send("evm_mine", []);
    const due = await timed("after 100 more fall due");

    console.log(
      `Keeper benchmark: ${signed.length} posted intents from ${OWNERS} owners on a local hardhat node ` +
        `(setup ${setupSeconds.toFixed(1)} s)\n`,
    );
    console.log(
      markdownTable(
        ["pass", "wall time", "new logs", "watched after", "simulated", "executed", "gas used / quoted"],
        rows,
      ),
    );
    console.log(`\n${details.join("\n")}`);
    console.log(
      `\nTargets (2 cores): a pass with 100 due ≤ 60 s (first ${first.toFixed(1)} s, later ${due.toFixed(1)} s); ` +
        `the idle pass ≤ 5 s (${idle.toFixed(2)} s).`,
    );
  } finally {
    node.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
