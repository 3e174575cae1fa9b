import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, type ContractTransactionReceipt } from "ethers";

import {
  Action,
  buildIntent,
  hashIntent,
  priceConditionData,
  signIntent,
  type PaymentIntent,
} from "../../scripts/lib/intents";
import type { MockERC20 } from "../../typechain-types";
import { decodeCustomError, deployIntents, assertProperty, propertySettings, units } from "../fixtures";

// Random intents (one-off, recurring, price-conditional, some malformed) signed by four owners, executed one by one
// or in batches by two keepers at random times, cancelled and invalidated. A model predicts each attempt's outcome
// (the same rules the NatSpec states), and after EVERY step the history is checked against the intent semantics.

const HEARTBEAT = 86_400n; // the local feeds' heartbeat (deploy/modules/markets.ts)

type Deployment = Awaited<ReturnType<typeof deployIntents>>;

interface World {
  d: Deployment;
  owners: HardhatEthersSigner[];
  keepers: HardhatEthersSigner[];
  recipients: HardhatEthersSigner[];
  tokens: MockERC20[]; // USDC, WETH
  /** Every account whose balance the checks follow, and the balances at the start. */
  start: Map<string, bigint>;
}

interface Run {
  timestamp: bigint;
  amount: bigint;
  fee: bigint;
  keeper: string;
}

interface Tracked {
  intent: PaymentIntent;
  signature: string;
  hash: string;
  owner: number;
  runs: Run[];
  /** When the owner cancelled it (the block timestamp), if it did. */
  cancelledAt?: bigint;
}

interface Model {
  intents: Tracked[];
  /** owner index → nonce → the timestamp at which it was spent or invalidated. */
  usedNonces: Map<bigint, bigint>[];
}

const stats = new Map<string, number>();
const count = (key: string) => stats.set(key, (stats.get(key) ?? 0) + 1);

/** What each attempt may revert with. Anything else (a token error, a panic) fails the property. */
const INTENT_ERRORS = new Set([
  "FeeTooHigh",
  "NotYetValid",
  "Expired",
  "MalformedIntent",
  "InvalidSignature",
  "ConditionNotMet",
  "NothingToRepay",
  "NonceUsed",
  "IntentIsCancelled",
  "MaxRunsReached",
  "AlreadyRanThisPeriod",
  "NotOwner",
]);

const key = (address: string, token: string) => `${address.toLowerCase()}:${token.toLowerCase()}`;

// ───────── the model's prediction ─────────

interface Context {
  timestamp: bigint;
  /** The condition's verdict at `timestamp` (undefined: no condition). */
  conditionMet?: boolean;
  /** The owner's debt in the intent's token at `timestamp` (REPAY only). */
  debt: bigint;
  forged: boolean;
}

/** What the executor knows of an intent: its owner's nonce, its cancel flag, its runs. */
interface IntentRecord {
  nonceUsed: boolean;
  cancelled: boolean;
  runs: number;
  lastRun?: bigint;
}

const recordOf = (model: Model, t: Tracked): IntentRecord => ({
  nonceUsed: model.usedNonces[t.owner].has(t.intent.nonce),
  cancelled: t.cancelledAt !== undefined,
  runs: t.runs.length,
  lastRun: t.runs.at(-1)?.timestamp,
});

/**
 * The error an execution must revert with at `ctx.timestamp`, or undefined when it must run. Follows the rules of
 * IIntentExecutor's NatSpec: fee ≤ maxFee; validAfter ≤ now ≤ validUntil; a signature by the owner; the condition
 * holds; something to repay; an unspent nonce; a one-off says maxRuns 1 and spends its nonce; a recurring intent is
 * not cancelled, has runs left, and runs once per `interval`-long period counted from validAfter.
 */
function predict(i: PaymentIntent, r: IntentRecord, fee: bigint, ctx: Context): string | undefined {
  if (fee > i.maxFee) return "FeeTooHigh";
  if (ctx.timestamp < BigInt(i.validAfter)) return "NotYetValid";
  if (ctx.timestamp > BigInt(i.validUntil)) return "Expired";
  if (i.amount === 0n) return "MalformedIntent";
  if (ctx.forged) return "InvalidSignature";
  if (ctx.conditionMet === false) return "ConditionNotMet";
  if (i.action === Action.REPAY && ctx.debt === 0n) return "NothingToRepay";
  if (r.nonceUsed) return "NonceUsed";
  if (i.interval === 0) return i.maxRuns === 1 ? undefined : "MalformedIntent";
  if (r.cancelled) return "IntentIsCancelled";
  if (i.maxRuns === 0) return "MalformedIntent";
  if (r.runs >= i.maxRuns) return "MaxRunsReached";
  if (r.lastRun !== undefined) {
    const period = (ts: bigint) => (ts - BigInt(i.validAfter)) / BigInt(i.interval);
    if (period(ctx.timestamp) <= period(r.lastRun)) return "AlreadyRanThisPeriod";
  }
  return undefined;
}

/** Applies a run to the model (what the contract records: the nonce of a one-off, or a run). */
function applyRun(model: Model, t: Tracked, run: Run): void {
  if (t.intent.interval === 0) model.usedNonces[t.owner].set(t.intent.nonce, run.timestamp);
  t.runs.push(run);
}

/** The condition's verdict at `timestamp` from the feed's answer and age (PriceCondition's rule), undefined if none. */
async function conditionAt(world: World, i: PaymentIntent, timestamp: bigint): Promise<boolean | undefined> {
  if (i.condition === ZeroAddress) return undefined;
  const [, threshold, above] = ethers.AbiCoder.defaultAbiCoder().decode(
    ["address", "uint256", "bool"],
    i.conditionData,
  ) as unknown as [string, bigint, boolean];
  const [, answer, , updatedAt] = await world.d.wethFeed.latestRoundData();
  const price = answer * 10n ** 10n; // 8-decimal feed → wad
  const fresh = timestamp - updatedAt <= HEARTBEAT;
  return fresh && (above ? price > threshold : price < threshold);
}

/** The owner's debt in the intent's token in the next block (whose timestamp is already set), for REPAY. */
async function debtAt(world: World, i: PaymentIntent): Promise<bigint> {
  if (i.action !== Action.REPAY) return 0n;
  return world.d.pool.debtBalance(i.token, i.owner, { blockTag: "pending" });
}

// ───────── the invariants, after every step ─────────

async function checkInvariants(world: World, model: Model): Promise<void> {
  const { executor } = world.d;
  const outflow = new Map<string, bigint>();
  const inflow = new Map<string, bigint>();
  const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);

  for (const t of model.intents) {
    const i = t.intent;
    const what = `intent ${model.intents.indexOf(t)} (owner ${t.owner}, interval ${i.interval}, maxRuns ${i.maxRuns})`;
    // Total runs ≤ maxRuns.
    expect(t.runs.length, `${what}: runs ≤ maxRuns`).to.be.at.most(i.maxRuns);
    if (i.interval === 0) expect(t.runs.length, `${what}: a one-off runs at most once`).to.be.at.most(1);
    const period = (ts: bigint) => (ts - BigInt(i.validAfter)) / BigInt(i.interval === 0 ? 1 : i.interval);
    t.runs.forEach((run, n) => {
      // Never outside its window, never after a cancel or its nonce's invalidation, never above its amount or fee.
      expect(run.timestamp, `${what}: run ${n + 1} not before validAfter`).to.be.at.least(BigInt(i.validAfter));
      expect(run.timestamp, `${what}: run ${n + 1} not after validUntil`).to.be.at.most(BigInt(i.validUntil));
      if (t.cancelledAt !== undefined) {
        expect(run.timestamp, `${what}: run ${n + 1} after its cancellation`).to.be.below(t.cancelledAt);
      }
      const spent = model.usedNonces[t.owner].get(i.nonce);
      if (spent !== undefined)
        expect(run.timestamp, `${what}: run ${n + 1} after its nonce was spent`).to.be.at.most(spent);
      expect(run.amount, `${what}: run ${n + 1} amount`).to.be.at.most(i.amount);
      expect(run.fee, `${what}: run ${n + 1} fee`).to.be.at.most(i.maxFee);
      // Never two runs in one period.
      if (n > 0)
        expect(period(run.timestamp), `${what}: run ${n + 1} in a new period`).to.be.greaterThan(
          period(t.runs[n - 1].timestamp),
        );
      add(outflow, key(i.owner, i.token), run.amount + run.fee);
      add(inflow, key(run.keeper, i.token), run.fee);
      const to = i.action === Action.PAY ? i.recipient : (world.d.pool.target as string);
      add(inflow, key(to, i.token), run.amount);
    });
    // The contract's own record agrees: runs and last run of a recurring intent, the nonce of a one-off.
    if (i.interval !== 0) {
      const [runs, lastRun, cancelled] = await executor.intentState(t.hash);
      expect(runs, `${what}: intentState.runs`).to.equal(BigInt(t.runs.length));
      expect(lastRun, `${what}: intentState.lastRun`).to.equal(t.runs.at(-1)?.timestamp ?? 0n);
      expect(cancelled, `${what}: intentState.cancelled`).to.equal(t.cancelledAt !== undefined);
    }
    expect(await executor.nonceUsed(i.owner, i.nonce), `${what}: nonceUsed`).to.equal(
      model.usedNonces[t.owner].has(i.nonce),
    );
  }

  // No token moves from an owner beyond Σ(amount + fee) of its executed runs (exactly that, in fact), and every
  // token that left an owner arrived at a recipient, a keeper or the pool. The executor holds nothing at rest.
  for (const token of world.tokens) {
    const t = token.target as string;
    for (const [who, start] of world.start) {
      const [address, tokenAddress] = who.split(":");
      if (tokenAddress !== t.toLowerCase()) continue;
      const expected = start - (outflow.get(who) ?? 0n) + (inflow.get(who) ?? 0n);
      expect(await token.balanceOf(address), `balance of ${address} in ${t}`).to.equal(expected);
    }
    expect(await token.balanceOf(executor), "the executor holds no tokens").to.equal(0n);
  }
}

// ───────── one step ─────────

function errorName(world: World, error: unknown): string | undefined {
  return decodeCustomError(error, world.d.executor, world.d.pool)?.name;
}

function runsIn(
  world: World,
  receipt: ContractTransactionReceipt | null,
): { hash: string; amount: bigint; fee: bigint; keeper: string; run: bigint }[] {
  const out = [];
  for (const log of receipt?.logs ?? []) {
    if ((log.address as string).toLowerCase() !== (world.d.executor.target as string).toLowerCase()) continue;
    const parsed = world.d.executor.interface.parseLog(log);
    if (parsed?.name === "IntentExecuted") {
      out.push({
        hash: parsed.args.intentHash as string,
        amount: parsed.args.amount as bigint,
        fee: parsed.args.fee as bigint,
        keeper: parsed.args.executor as string,
        run: parsed.args.run as bigint,
      });
    }
  }
  return out;
}

async function nextTimestamp(delta: number): Promise<bigint> {
  const at = BigInt(await time.latest()) + BigInt(delta);
  await time.setNextBlockTimestamp(at);
  return at;
}

// ───────── commands ─────────

type Command = fc.AsyncCommand<Model, World>;

/** Intent `index` (modulo their number); a negative index counts from the newest: -1, -2, -3. */
function pickIntent(model: Model, index: number): Tracked {
  const n = model.intents.length;
  return index >= 0 ? model.intents[index % n] : model.intents[n - 1 - ((-index - 1) % Math.min(3, n))];
}

/** Half the picks among the three newest intents (older ones have often expired or run out). */
const indexArb = fc.oneof(fc.nat(), fc.integer({ min: -3, max: -1 }));

type Kind = "oneOff" | "recurring" | "conditional" | "malformed";

interface IntentSpec {
  kind: Kind;
  owner: number;
  token: number;
  action: Action;
  amount: bigint; // in thousandths of a token
  maxFee: bigint; // in thousandths of a token
  interval: number;
  maxRuns: number;
  startOffset: number; // validAfter − now
  window: number; // validUntil − validAfter
  nonce: bigint;
  above: boolean;
  thresholdBps: number; // the condition's threshold, relative to the current price
  malformation: number;
}

class CreateIntent implements Command {
  constructor(readonly spec: IntentSpec) {}
  check = () => true;
  async run(model: Model, world: World) {
    const s = this.spec;
    const owner = world.owners[s.owner];
    const token = world.tokens[s.token];
    const milli = 10n ** (await token.decimals()) / 1_000n;
    const now = await time.latest();
    const fields: Partial<PaymentIntent> & Pick<PaymentIntent, "owner" | "token" | "amount"> = {
      owner: owner.address,
      token: token.target as string,
      recipient: world.recipients[s.owner % world.recipients.length].address,
      action: s.action,
      amount: s.amount * milli,
      maxFee: s.maxFee * milli,
      interval: s.kind === "oneOff" ? 0 : s.interval,
      maxRuns: s.kind === "oneOff" ? 1 : s.maxRuns,
      validAfter: now + s.startOffset,
      validUntil: now + s.startOffset + s.window,
      nonce: s.nonce,
    };
    if (s.kind === "conditional") {
      const feed = world.d.wethFeed;
      const threshold = ((await feed.latestAnswer()) * 10n ** 10n * BigInt(s.thresholdBps)) / 10_000n;
      fields.condition = world.d.priceCondition.target as string;
      fields.conditionData = priceConditionData(world.d.weth.target as string, threshold, s.above);
    }
    if (s.kind === "malformed") {
      // Intents that must never run: zero amount, a one-off allowing 0 or 2 runs, a recurring one allowing none.
      const variants: Partial<PaymentIntent>[] = [
        { amount: 0n },
        { interval: 0, maxRuns: 2 },
        { interval: 0, maxRuns: 0 },
        { maxRuns: 0 },
      ];
      Object.assign(fields, variants[s.malformation % variants.length]);
    }
    const intent = buildIntent(fields, now);
    const signature = await signIntent(owner, world.d.executor, intent);
    const hash = await hashIntent(world.d.executor, intent);
    expect(await world.d.executor.hashIntent(intent), "the toolkit's hash is the contract's").to.equal(hash);
    model.intents.push({ intent, signature, hash, owner: s.owner, runs: [] });
    count(`created ${s.kind}`);
  }
  toString = () => `create(${JSON.stringify(this.spec, (_, v) => (typeof v === "bigint" ? v.toString() : v))})`;
}

class Execute implements Command {
  constructor(
    readonly index: number,
    readonly keeper: number,
    readonly feeBps: number, // of maxFee; above 10,000 asks for too much
    readonly delta: number,
    readonly forged: boolean,
  ) {}
  check = (model: Readonly<Model>) => model.intents.length > 0;
  async run(model: Model, world: World) {
    const t = pickIntent(model, this.index);
    const fee = (t.intent.maxFee * BigInt(this.feeBps)) / 10_000n + (this.feeBps > 10_000 ? 1n : 0n);
    const signature = this.forged
      ? await signIntent(world.owners[(t.owner + 1) % 4], world.d.executor, t.intent)
      : t.signature;
    const timestamp = await nextTimestamp(this.delta);
    const ctx = {
      timestamp,
      conditionMet: await conditionAt(world, t.intent, timestamp),
      debt: await debtAt(world, t.intent),
      forged: this.forged,
    };
    const expected = predict(t.intent, recordOf(model, t), fee, ctx);
    let receipt: ContractTransactionReceipt | null = null;
    let actual: string | undefined;
    try {
      receipt = await (
        await world.d.executor.connect(world.keepers[this.keeper]).execute(t.intent, signature, fee)
      ).wait();
    } catch (error) {
      actual = errorName(world, error);
      if (actual === undefined || !INTENT_ERRORS.has(actual)) throw error;
    }
    expect(actual, `execute at ${timestamp}: the contract's outcome is the model's`).to.equal(expected);
    count(`execute ${actual ?? "ran"}`);
    for (const r of runsIn(world, receipt)) {
      expect(r.hash).to.equal(t.hash);
      expect(r.run, "the run number counts runs").to.equal(BigInt(t.runs.length + 1));
      applyRun(model, t, { timestamp, amount: r.amount, fee: r.fee, keeper: r.keeper });
    }
    await checkInvariants(world, model);
  }
  toString = () =>
    `execute(#${this.index}, keeper ${this.keeper}, fee ${this.feeBps} bps, +${this.delta} s${this.forged ? ", forged" : ""})`;
}

/** Gas a batch item gets: ample, or far too little for any intent (it must fail alone and consume nothing). */
const AMPLE_ITEM_GAS = 1_000_000n;
const STARVED_ITEM_GAS = 5_000n; // 25k is enough for a warm PAY of 1 unit without fee: the property found that
const STARVED = "any failure (starved of gas)";

class ExecuteBatch implements Command {
  constructor(
    readonly indices: number[],
    readonly keeper: number,
    readonly feeBps: number,
    readonly delta: number,
    readonly starved: boolean[] = [],
  ) {}
  check = (model: Readonly<Model>) => model.intents.length > 0;
  async run(model: Model, world: World) {
    const items = this.indices.map((i) => pickIntent(model, i));
    const fees = items.map((t) => (t.intent.maxFee * BigInt(this.feeBps)) / 10_000n);
    const timestamp = await nextTimestamp(this.delta);
    // Predict item by item: earlier items of the batch change what later ones see (runs, nonces, debt).
    const records = new Map<Tracked, IntentRecord>();
    const nonces = model.usedNonces.map((m) => new Set(m.keys()));
    const debts = new Map<string, bigint>();
    const expected: (string | undefined)[] = [];
    for (const [n, t] of items.entries()) {
      const record = records.get(t) ?? recordOf(model, t);
      record.nonceUsed = nonces[t.owner].has(t.intent.nonce);
      const debtKey = key(t.intent.owner, t.intent.token);
      const debt = debts.get(debtKey) ?? (await debtAt(world, t.intent));
      const ctx = { timestamp, conditionMet: await conditionAt(world, t.intent, timestamp), debt, forged: false };
      // An item under a gas limit too small for any intent fails whatever the rules say, and changes nothing.
      const outcome = this.starved[n] ? STARVED : predict(t.intent, record, fees[n], ctx);
      expected.push(outcome);
      if (outcome === undefined) {
        records.set(t, { ...record, runs: record.runs + 1, lastRun: timestamp });
        if (t.intent.interval === 0) nonces[t.owner].add(t.intent.nonce);
        if (t.intent.action === Action.REPAY)
          debts.set(debtKey, debt - (debt < t.intent.amount ? debt : t.intent.amount));
      } else {
        records.set(t, record);
      }
      if (t.intent.action === Action.REPAY && !debts.has(debtKey)) debts.set(debtKey, debt);
    }
    const tx = await world.d.executor.connect(world.keepers[this.keeper]).executeBatch(
      items.map((t) => t.intent),
      items.map((t) => t.signature),
      fees,
      items.map((_, n) => (this.starved[n] ? STARVED_ITEM_GAS : AMPLE_ITEM_GAS)),
    );
    const receipt = await tx.wait();
    const failures = new Map<number, string | undefined>();
    for (const log of receipt?.logs ?? []) {
      if ((log.address as string).toLowerCase() !== (world.d.executor.target as string).toLowerCase()) continue;
      const parsed = world.d.executor.interface.parseLog(log);
      if (parsed?.name === "IntentFailed") {
        const data = parsed.args.reason as string;
        failures.set(
          Number(parsed.args.index),
          data === "0x" ? "an empty revert" : world.d.executor.interface.parseError(data)?.name,
        );
      }
    }
    const ran = runsIn(world, receipt);
    let next = 0;
    for (const [n, t] of items.entries()) {
      const failure = failures.has(n) ? (failures.get(n) ?? "an undecodable revert") : undefined;
      const actual = this.starved[n] && failure !== undefined ? STARVED : failure;
      expect(actual, `batch item ${n} at ${timestamp}: the contract's outcome is the model's`).to.equal(expected[n]);
      count(`batch item ${actual ?? "ran"}`);
      if (actual === undefined) {
        const r = ran[next++];
        expect(r.hash, `batch item ${n}'s run`).to.equal(t.hash);
        expect(r.run, "the run number counts runs").to.equal(BigInt(t.runs.length + 1));
        applyRun(model, t, { timestamp, amount: r.amount, fee: r.fee, keeper: r.keeper });
      }
    }
    expect(next, "every IntentExecuted belongs to a successful item").to.equal(ran.length);
    await checkInvariants(world, model);
  }
  toString = () =>
    `batch([${this.indices.map((i, n) => `#${i}${this.starved[n] ? " starved" : ""}`).join(", ")}], keeper ${this.keeper}, fee ${this.feeBps} bps, +${this.delta} s)`;
}

class Cancel implements Command {
  constructor(
    readonly index: number,
    readonly byOwner: boolean,
  ) {}
  check = (model: Readonly<Model>) => model.intents.length > 0;
  async run(model: Model, world: World) {
    const t = pickIntent(model, this.index);
    const caller = this.byOwner ? world.owners[t.owner] : world.owners[(t.owner + 1) % 4];
    const timestamp = await nextTimestamp(1);
    let actual: string | undefined;
    try {
      await (await world.d.executor.connect(caller).cancel(t.intent)).wait();
    } catch (error) {
      actual = errorName(world, error);
      if (actual === undefined || !INTENT_ERRORS.has(actual)) throw error;
    }
    expect(actual, "only the owner cancels").to.equal(this.byOwner ? undefined : "NotOwner");
    if (this.byOwner) {
      t.cancelledAt ??= timestamp;
      // A one-off intent is guarded by its nonce alone: cancelling spends it.
      if (t.intent.interval === 0 && !model.usedNonces[t.owner].has(t.intent.nonce)) {
        model.usedNonces[t.owner].set(t.intent.nonce, timestamp);
      }
    }
    count(`cancel ${actual ?? "ok"}`);
    await checkInvariants(world, model);
  }
  toString = () => `cancel(#${this.index}${this.byOwner ? "" : ", by someone else"})`;
}

class InvalidateNonces implements Command {
  /** Sets `mask` in word 0 of `owner`'s nonce bitmap. */
  constructor(
    readonly owner: number,
    readonly mask: bigint,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const timestamp = await nextTimestamp(1);
    await (await world.d.executor.connect(world.owners[this.owner]).invalidateNonces(0, this.mask)).wait();
    for (let bit = 0n; bit < 256n; bit++) {
      if ((this.mask >> bit) & 1n && !model.usedNonces[this.owner].has(bit))
        model.usedNonces[this.owner].set(bit, timestamp);
    }
    count("invalidate nonces");
    await checkInvariants(world, model);
  }
  toString = () => `invalidateNonces(owner ${this.owner}, mask 0x${this.mask.toString(16)})`;
}

class MovePrice implements Command {
  constructor(readonly bps: number) {}
  check = () => true;
  async run(model: Model, world: World) {
    const feed = world.d.wethFeed;
    await feed.updateAnswer(((await feed.latestAnswer()) * BigInt(this.bps)) / 10_000n);
    await checkInvariants(world, model);
  }
  toString = () => `price(WETH × ${this.bps / 10_000})`;
}

class Wait implements Command {
  /** Moves time on; the feeds are refreshed only when `refresh` (otherwise a condition may see a stale price). */
  constructor(
    readonly seconds: number,
    readonly refresh: boolean,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    await time.increase(this.seconds);
    if (this.refresh) await world.d.wethFeed.updateAnswer(await world.d.wethFeed.latestAnswer());
    await checkInvariants(world, model);
  }
  toString = () => `wait(${this.seconds} s${this.refresh ? ", refresh WETH price" : ""})`;
}

const INTERVALS = [60, 600, 3_600];

const specArb: fc.Arbitrary<IntentSpec> = fc.record({
  kind: fc.constantFrom<Kind>("oneOff", "oneOff", "recurring", "recurring", "conditional", "malformed"),
  owner: fc.nat({ max: 3 }),
  token: fc.nat({ max: 1 }),
  action: fc.constantFrom(Action.PAY, Action.PAY, Action.SAVE, Action.REPAY),
  amount: fc.bigInt({ min: 1n, max: 5_000n }),
  maxFee: fc.bigInt({ min: 0n, max: 50n }),
  interval: fc.constantFrom(...INTERVALS),
  maxRuns: fc.integer({ min: 1, max: 4 }),
  // Mostly open already, sometimes opening in a few minutes.
  startOffset: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -600, max: 0 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 600 }) },
  ),
  window: fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 600 }) },
    { weight: 4, arbitrary: fc.integer({ min: 3_600, max: 40_000 }) },
  ),
  // Few nonces per owner, so that intents share them: a one-off's run or cancel then kills the others.
  nonce: fc.bigInt({ min: 0n, max: 11n }),
  above: fc.boolean(),
  thresholdBps: fc.integer({ min: 9_000, max: 11_000 }),
  malformation: fc.nat({ max: 3 }),
});

// Small steps to land on period boundaries, larger ones to cross whole periods.
const deltaArb = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1_200 }));
const feeArb = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 10_000 }) },
  { weight: 1, arbitrary: fc.constant(10_001) },
);

const executeArb = fc
  .tuple(
    indexArb,
    fc.nat({ max: 1 }),
    feeArb,
    deltaArb,
    fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  )
  .map(([i, k, f, d, forged]) => new Execute(i, k, f, d, forged));
const batchArb = fc
  .tuple(
    fc.array(indexArb, { minLength: 2, maxLength: 5 }),
    fc.nat({ max: 1 }),
    fc.integer({ min: 0, max: 10_000 }),
    deltaArb,
    fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), {
      minLength: 5,
      maxLength: 5,
    }),
  )
  .map(([is, k, f, d, st]) => new ExecuteBatch(is, k, f, d, st));
const cancelArb = fc
  .tuple(indexArb, fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }))
  .map(([i, byOwner]) => new Cancel(i, byOwner));
// Mostly one nonce at a time, sometimes several.
const invalidateArb = fc
  .tuple(
    fc.nat({ max: 3 }),
    fc.oneof(
      { weight: 3, arbitrary: fc.nat({ max: 11 }).map((bit) => 1n << BigInt(bit)) },
      { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 4_095n }) },
    ),
  )
  .map(([owner, mask]) => new InvalidateNonces(owner, mask));
const waitArb = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 3_600 }) },
      { weight: 1, arbitrary: fc.integer({ min: 3_600, max: 100_000 }) },
    ),
    fc.boolean(),
  )
  .map(([seconds, refresh]) => new Wait(seconds, refresh));

// Executions are the point: about half the commands.
const commandArbs: fc.Arbitrary<Command>[] = [
  specArb.map((s) => new CreateIntent(s)),
  specArb.map((s) => new CreateIntent(s)),
  executeArb,
  executeArb,
  executeArb,
  batchArb,
  batchArb,
  cancelArb,
  invalidateArb,
  fc.integer({ min: 8_000, max: 12_000 }).map((bps) => new MovePrice(bps)),
  waitArb,
];

// ───────── the property ─────────

/** Four owners with debt in both tokens (for REPAY), the liquidity behind it, and two keepers and two recipients. */
async function deployOwnersWithLoans() {
  const d = await loadFixture(deployIntents);
  const { pool, usdc, weth, wbtc, alice, bob, carol, dave, liquidator } = d;
  await pool.connect(liquidator).supply(usdc, units(1_000_000, 6), liquidator);
  await pool.connect(liquidator).supply(weth, units(1_000, 18), liquidator);
  for (const owner of [alice, bob, carol, dave]) {
    await pool.connect(owner).supply(wbtc, units(10, 8), owner);
    await pool.connect(owner).borrow(usdc, units(200, 6), owner);
    await pool.connect(owner).borrow(weth, units(2, 18), owner);
  }
  return d;
}

async function setup(): Promise<{ model: Model; real: World }> {
  const d = await loadFixture(deployOwnersWithLoans);
  const signers = d.signers;
  const world: World = {
    d,
    owners: [d.alice, d.bob, d.carol, d.dave],
    keepers: [signers[6], signers[7]],
    recipients: [signers[8], signers[9]],
    tokens: [d.usdc, d.weth],
    start: new Map(),
  };
  for (const token of world.tokens) {
    for (const account of [...world.owners, ...world.keepers, ...world.recipients]) {
      world.start.set(key(account.address, token.target as string), await token.balanceOf(account));
    }
    world.start.set(key(d.pool.target as string, token.target as string), await token.balanceOf(d.pool));
  }
  return { model: { intents: [], usedNonces: world.owners.map(() => new Map()) }, real: world };
}

describe("IntentExecutor invariants over random intents, executions, cancels and invalidations", function () {
  after(function () {
    const line = [...stats.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ");
    console.log(`      [intent histories] ${line}`);
  });

  it("runs each intent only as its owner signed it: ≤ maxRuns, one per period, in its window, never after a cancel, paying exactly Σ(amount + fee)", async function () {
    const settings = propertySettings("intent invariants", 15, 4_000);
    // Longer hunts (FC_RUNS=…) get time in proportion, shrinking included.
    this.timeout(settings.mochaTimeout);
    await assertProperty(
      fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 30, size: "max" }), async (commands) => {
        await fc.asyncModelRun(setup, commands);
      }),
      settings,
    );
  });
});
