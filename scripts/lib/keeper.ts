import fs from "node:fs";
import path from "node:path";
import {
  AbiCoder,
  Interface,
  Transaction,
  type Log,
  type ParamType,
  type Provider,
  type Result,
  type Signer,
} from "ethers";

import {
  IL1FeeParameters__factory,
  IPriceOracle__factory,
  LendingPool__factory,
  type IIntentExecutor,
  type IntentExecutor,
  type IPriceOracle,
} from "../../typechain-types";
import { decodeRevert, describeFailure, describeRevertData, intentErrors, revertData } from "./errors";
import { formatAmount } from "./format";
import { OP_GAS_PRICE_ORACLE, quotedL1Fee } from "./l1-fee";
import {
  Action,
  describeAmount,
  intentFromStruct,
  intrinsicGas,
  isSwap,
  malformedMode,
  type PaymentIntent,
} from "./intents";
import { describeSwap } from "./swap";
import {
  checkTiming,
  decide,
  DEFAULT_TIMING,
  executionCost,
  OP_SCALARS,
  runDeadline,
  shapeFromQuote,
  type FeeSample,
  type FeeScalars,
  type TimingOptions,
} from "./timing";

/** After this many on-chain failures that simulation did not predict, the keeper forgets an intent. */
export const MAX_ONCHAIN_FAILURES = 3;
/** What a batch item costs beyond its own gas limit: its share of calldata, the call's encoding, IntentFailed. */
export const ITEM_OVERHEAD_GAS = 15_000n;
/** The batch transaction's own cost beyond its items: 21,000, the loop, the reentrancy guard. */
export const BATCH_BASE_GAS = 40_000n;
/** Intents whose conditionData or signature exceed this many bytes are refused: the keeper would pay their calldata. */
export const MAX_INTENT_BYTES = 2_048;
/**
 * For this many blocks after a simulation, the gas it measured stands in for a new one when pricing the intent: one
 * that stays unprofitable is simulated again only this often (a hostile one can make each simulation expensive),
 * while a cheaper gas price or a dearer fee token makes it worth simulating at once.
 */
export const RESIMULATE_BLOCKS = 32;
/** The most gas one intent's simulation may use (`maxIntentGas`): a run needing more fails as out of gas. */
export const DEFAULT_MAX_INTENT_GAS = 2_000_000n;
/** `eth_getLogs` queries in flight at once while indexing. */
const LOG_QUERIES = 4;
/** Blocks of the first `eth_getLogs` queries; the range then doubles while answers are small. */
const FIRST_LOG_RANGE = 16;
/** More logs than this in one `eth_getLogs` answer halve the block range of the next queries. */
const LOGS_PER_QUERY = 1_000;
/** Gas of an `eth_call` that reads a token's metadata: hostile contracts get no more. */
const READ_GAS = 200_000n;
/** The executor's `CONDITION_GAS_LIMIT`, should reading it fail. */
const DEFAULT_CONDITION_GAS = 200_000n;

/** An intent published with `post`, as a keeper finds it in the `IntentPosted` logs. */
export interface PostedIntent {
  hash: string;
  intent: PaymentIntent;
  signature: string;
  blockNumber: number;
}

/** What running one intent alone would earn and cost the keeper, in wei of the native currency. */
export interface Quote {
  /** The fee the keeper asks for: the intent's `maxFee`, in token units. */
  fee: bigint;
  /** Execution gas of a standalone `execute`: also the gas limit its batch item gets (an item needs less). */
  gas: bigint;
  gasPrice: bigint;
  /** The L1 data fee of a standalone `execute` transaction on OP-stack chains; 0 elsewhere. */
  l1FeeWei: bigint;
  gasCostWei: bigint;
  /** The fee's value converted with the price oracle; 0 when the token or the native token has no price. */
  feeValueWei: bigint;
  profitWei: bigint;
}

/** One intent's fate in a pass. */
export interface KeeperEntry {
  hash: string;
  intent: PaymentIntent;
  status: "executed" | "skipped" | "failed";
  /** Why it was skipped or failed. */
  reason?: string;
  /** The batch transaction that executed (or tried) it. */
  txHash?: string;
  quote?: Quote;
  /** Its line (printed unless it repeats the kind of skip printed for it in the previous pass). */
  line: string;
}

/** What a pass did, in numbers (printed as its last line). */
export interface PassSummary {
  block: number;
  newLogs: number;
  watched: number;
  simulated: number;
  executed: number;
  failed: number;
  /** Σ of the gas limits of the batches sent: the most the pass could spend. */
  gasQuoted: bigint;
  gasUsed: bigint;
  ms: number;
  /** Milliseconds spent reading logs, choosing candidates, simulating and executing. */
  phases: { index: number; getLogs: number; select: number; simulate: number; execute: number };
  /** How many intents ended the pass in each state (the reason's first words). */
  reasons: Record<string, number>;
}

export interface KeeperOptions {
  /**
   * The token whose oracle price stands for the native currency (WETH on ETH-gas chains). Without it every fee
   * is treated as worthless, so nothing is profitable.
   */
  nativeToken?: string;
  /** Intents per `executeBatch` transaction (default 20). */
  chunkSize?: number;
  /** Execute only intents whose profit exceeds this, in wei (default 0: any positive profit). */
  minProfitWei?: bigint;
  /** The most gas one intent's simulation may use (default `DEFAULT_MAX_INTENT_GAS`, 2,000,000). */
  maxIntentGas?: bigint;
  /** Blocks per `eth_getLogs` query (default 10,000, within what public RPCs accept). */
  logBlockRange?: number;
  /** Where lines go (default console.log). Each line starts with an ISO timestamp, or is one JSON object. */
  log?: (line: string) => void;
  /** One JSON object per line instead of text. */
  json?: boolean;
  /** Where the index (cursor and intents' state) persists between runs; none by default (kept in memory). */
  statePath?: string;
  /** Simulations in flight at once (default 8). */
  concurrency?: number;
  /**
   * How long a sent batch may stay unmined (default 300,000 ms) before the pass moves on: the batch's outcome is
   * then unknown, nobody is struck, and the next pass simulates afresh (a mined batch is seen in the executor's logs).
   */
  receiptTimeoutMs?: number;
  /**
   * Fee-optimal timing (scripts/lib/timing.ts): a profitable intent whose window allows it waits for a cheaper
   * moment, and runs no later than `marginSeconds` before its deadline. Off by default: every profitable intent
   * runs as soon as it is due. `pollSeconds` must be the keeper's poll interval; `lookbackSeconds` (default 6 h) is
   * the fee history the forecast uses.
   */
  timing?: Partial<Omit<TimingOptions, "pollSeconds">> & { pollSeconds: number; lookbackSeconds?: number };
}

/**
 * Text that came from a token, a condition, an intent or a log, made safe to print: control characters (ANSI
 * escapes, newlines), bidirectional overrides and everything outside printable ASCII become "?", and the text is cut
 * to `max` characters.
 */
export function sanitize(text: string, max = 300): string {
  const clean = text.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * The `IntentPosted` logs between two blocks (of one owner, if given), one entry per intent hash: a later posting
 * of the same intent supersedes an earlier one (a fresh signature replaces the old, e.g. after an ERC-1271 wallet
 * rotated its keys). Only logs emitted by the executor itself are read.
 */
export async function discoverIntents(
  executor: IntentExecutor,
  fromBlock: number,
  toBlock: number,
  logBlockRange = 10_000,
  owner?: string,
): Promise<PostedIntent[]> {
  const found = new Map<string, PostedIntent>();
  const filter = executor.filters.IntentPosted(undefined, owner);
  for (let start = fromBlock; start <= toBlock; start += logBlockRange) {
    const end = Math.min(toBlock, start + logBlockRange - 1);
    for (const event of await executor.queryFilter(filter, start, end)) {
      const { intentHash, intent, signature } = event.args;
      found.delete(intentHash);
      found.set(intentHash, {
        hash: intentHash,
        intent: intentFromStruct(intent),
        signature,
        blockNumber: event.blockNumber,
      });
    }
  }
  return [...found.values()];
}

/**
 * Why an intent can never run again (so the keeper forgets it), or undefined while it may still run: expired, a
 * one-off whose nonce is spent, a recurring intent cancelled, out of runs, or whose nonce was invalidated.
 */
export async function finishedReason(
  executor: IntentExecutor,
  posted: PostedIntent,
  now: number,
): Promise<string | undefined> {
  const { intent } = posted;
  if (now > intent.validUntil) return "expired";
  const [runs, , cancelled] = await executor.intentState(posted.hash);
  if (cancelled) return "cancelled";
  const nonceUsed = await executor.nonceUsed(intent.owner, intent.nonce);
  if (intent.interval === 0) return nonceUsed ? "done (nonce used)" : undefined;
  if (nonceUsed) return "nonce invalidated";
  if (runs >= BigInt(intent.maxRuns)) return `done (${runs}/${intent.maxRuns} runs)`;
  return undefined;
}

/**
 * The L1 data fee of a transaction on an OP-stack chain (the GasPriceOracle predeploy's `getL1Fee` of the
 * serialized unsigned transaction), or 0 on a chain without that predeploy.
 */
export async function l1DataFee(
  provider: Provider,
  tx: { to: string; data: string; from: string; gasLimit: bigint; gasPrice: bigint },
): Promise<bigint> {
  if ((await provider.getCode(OP_GAS_PRICE_ORACLE)) === "0x") return 0n;
  const { chainId } = await provider.getNetwork();
  const unsigned = Transaction.from({
    type: 2,
    chainId,
    nonce: await provider.getTransactionCount(tx.from, "pending"),
    to: tx.to,
    data: tx.data,
    value: 0n,
    gasLimit: tx.gasLimit,
    maxFeePerGas: tx.gasPrice,
    maxPriorityFeePerGas: tx.gasPrice,
  });
  return quotedL1Fee(provider, unsigned.unsignedSerialized);
}

const METADATA = new Interface(["function symbol() view returns (string)", "function decimals() view returns (uint8)"]);

/**
 * A token's symbol and decimals, read defensively and remembered: each read is an `eth_call` with a gas cap; a
 * symbol may be a string or a bytes32 and is sanitized and cut to 12 characters; decimals above 36 or unreadable
 * count as unknown (`undefined`), which makes the fee worthless and the amounts print in base units.
 */
class TokenInfo {
  private readonly cache = new Map<string, { symbol: string; decimals?: number }>();
  constructor(private readonly provider: Provider) {}

  async get(token: string): Promise<{ symbol: string; decimals?: number }> {
    const known = this.cache.get(token.toLowerCase());
    if (known !== undefined) return known;
    const info = { symbol: await this.symbol(token), decimals: await this.decimals(token) };
    this.cache.set(token.toLowerCase(), info);
    return info;
  }

  private async read(token: string, fn: "symbol" | "decimals"): Promise<string | undefined> {
    try {
      const data = METADATA.encodeFunctionData(fn);
      const result = await this.provider.call({ to: token, data, gasLimit: READ_GAS });
      return result.length > 2 + 2 * 4_096 ? undefined : result;
    } catch {
      return undefined;
    }
  }

  private async symbol(token: string): Promise<string> {
    const fallback = token.slice(0, 10);
    const raw = await this.read(token, "symbol");
    if (raw === undefined || raw === "0x") return fallback;
    let text: string | undefined;
    try {
      text = METADATA.decodeFunctionResult("symbol", raw)[0] as string;
    } catch {
      if (raw.length === 66) text = Buffer.from(raw.slice(2), "hex").toString("latin1").replace(/\0+$/, "");
    }
    if (text === undefined || text === "") return fallback;
    return sanitize(text, 12);
  }

  private async decimals(token: string): Promise<number | undefined> {
    const raw = await this.read(token, "decimals");
    if (raw === undefined || raw.length !== 66) return undefined;
    const value = BigInt(raw);
    return value <= 36n ? Number(value) : undefined;
  }
}

/** What the index knows of one posted intent, from the executor's logs and the keeper's own simulations. */
interface Tracked {
  posted: PostedIntent;
  runs: number;
  /** Timestamp of the last run (-1: known only by its block, `lastRunBlock`). */
  lastRun: number;
  lastRunBlock?: number;
  /** Why it can never run again; set once, then the intent is forgotten. */
  finished?: string;
  /** Not worth simulating before this chain timestamp (its window or next period opens, or a backoff ends). */
  notBefore: number;
  /** Not worth simulating again before this block (its condition was false, or it was unprofitable, at this block). */
  recheckBlock: number;
  /** The reason it was last skipped (shown again while the keeper waits). */
  waitReason?: string;
  /** Failures that are not races (allowance, balance, signature, unknown): the backoff grows with them. */
  strikes: number;
  /** On-chain failures after passing simulation: from the first one it runs alone; at MAX_ONCHAIN_FAILURES, dropped. */
  onchainFailures: number;
  /** On-chain failures the market caused (MARKET_ERRORS), since its last run: the backoff grows with them. */
  marketFailures?: number;
  lastQuote?: Quote;
  /** The block of `lastQuote`'s simulation. */
  quotedBlock?: number;
}

/** The index as persisted (bigints as strings). */
interface SavedIndex {
  version: 3;
  chainId: string;
  executor: string;
  fromBlock: number;
  cursor: number;
  cursorHash: string;
  invalidated: [string, string, string][];
  /** Intents dropped after MAX_ONCHAIN_FAILURES: a re-posting does not bring them back (absent in older indexes). */
  dropped?: string[];
  intents: (Omit<Tracked, "posted" | "lastQuote"> & {
    hash: string;
    intent: Record<string, string | number>;
    signature: string;
    blockNumber: number;
  })[];
}

/** Errors after which an intent can never run (so it is forgotten). */
const FINAL_ERRORS = new Set(["NonceUsed", "IntentIsCancelled", "MaxRunsReached", "Expired", "MalformedIntent"]);
/** Simulation errors that mean someone else ran it first, or the state moved on: not hostility. */
const RACE_ERRORS = new Set([
  ...FINAL_ERRORS,
  "AlreadyRanThisPeriod",
  "NotYetValid",
  "ConditionNotMet",
  "NothingToRepay",
]);
/**
 * On-chain failures after a passing simulation that only another keeper (or time) can cause. A condition that
 * stopped holding, or a debt repaid meanwhile, is not among them: a hostile owner can flip those between the
 * keeper's simulation and its batch at will, so they count as on-chain failures (isolation, then the drop).
 */
const ONCHAIN_RACE_ERRORS = new Set([...FINAL_ERRORS, "AlreadyRanThisPeriod", "NotYetValid"]);
/**
 * On-chain failures that the market causes (a price moved past the signed bound, a swap or pool refused, a cap
 * filled, the sequencer stopped): the intent backs off, doubling up to an hour, but is never dropped for them, since
 * it can run when the market comes back.
 */
const MARKET_ERRORS = new Set([
  "SwapFailed",
  "InsufficientOutput",
  "SupplyCapExceeded",
  "OperationPaused",
  "SequencerDown",
  "GracePeriodNotOver",
]);

/**
 * The keeper: indexes posted intents incrementally (a cursor over the executor's logs, persisted per chain and
 * executor when `statePath` is set), skips those that cannot be due (window, period, a condition known false at
 * this block, a backoff), simulates the rest with `execute.staticCall` from its own address at the gas price it
 * will pay, prices the fee against the gas (plus the L1 data fee on OP-stack chains), and runs the profitable ones
 * with `executeBatch`, each item under the gas limit it was quoted at, so a pass never spends more than it quoted.
 * Every token, condition, wallet and log is hostile until proven otherwise: only the executor's own logs count, and
 * an intent that fails on-chain after passing simulation runs alone from then on and is dropped after
 * `MAX_ONCHAIN_FAILURES`; losing a race to another keeper is not a failure.
 */
export class Keeper {
  private readonly tracked = new Map<string, Tracked>();
  private readonly lastPrinted = new Map<string, string>();
  /** Nonces invalidated by owners (`NoncesInvalidated`), by owner and word. */
  private readonly invalidated = new Map<string, bigint>();
  /** Hashes dropped after MAX_ONCHAIN_FAILURES: ignored when posted again (each drop cost the keeper real gas). */
  private readonly dropped = new Set<string>();
  private cursor: number;
  private cursorHash = "";
  private loaded = false;
  private readonly tokens: TokenInfo;
  private oracle?: IPriceOracle;
  private readonly executorAddress: string;
  private readonly conditionCache = new Map<string, Promise<boolean>>();
  private conditionCacheBlock = -1;
  private conditionGasLimit?: Promise<bigint>;
  /** Blocks per `eth_getLogs` query, adapted to how many logs the last answers held. */
  private logRange?: number;
  /** Milliseconds this pass spent waiting for `eth_getLogs`. */
  private logsMs = 0;
  /** The last pass's numbers. */
  summary?: PassSummary;
  /** Whether this chain has the OP-stack GasPriceOracle predeploy (asked once per pass). */
  private l1Oracle?: Promise<boolean>;
  /** Oracle prices (USD wads) read this pass, by token: one read per token however many intents pay in it. */
  private prices = new Map<string, Promise<bigint>>();
  /** The fees seen at each pass within the timing lookback, oldest first (timing only). */
  private readonly feeSamples: FeeSample[] = [];
  private feeScalars?: FeeScalars;
  private readonly timing?: TimingOptions & { lookbackSeconds: number };

  constructor(
    private readonly executor: IntentExecutor,
    private readonly signer: Signer,
    private readonly fromBlock: number,
    private readonly options: KeeperOptions = {},
  ) {
    this.cursor = fromBlock;
    this.tokens = new TokenInfo(this.provider);
    this.executorAddress = (executor.target as string).toLowerCase();
    this.postedEvent = executor.interface.getEvent("IntentPosted");
    this.postedTypes = this.postedEvent.inputs.filter((input) => !input.indexed);
    if (options.timing !== undefined) {
      this.timing = { ...DEFAULT_TIMING, lookbackSeconds: 6 * 3_600, ...options.timing };
      checkTiming(this.timing);
    }
  }

  private get provider(): Provider {
    const provider = this.signer.provider;
    if (provider === null) throw new Error("The keeper's signer has no provider.");
    return provider;
  }

  /** Prints one line: `<ISO time> <text>`, or with `json` one object with the time, the text and `fields`. */
  private log(text: string, fields: Record<string, unknown> = {}): void {
    const time = new Date().toISOString();
    const line = this.options.json
      ? JSON.stringify({ time, ...fields, message: sanitize(text, 1_000) }, (_, v: unknown) =>
          typeof v === "bigint" ? v.toString() : v,
        )
      : `${time} ${sanitize(text, 1_000)}`;
    (this.options.log ?? console.log)(line);
  }

  /** Intents the keeper is watching (posted, not yet finished). */
  get watching(): number {
    let count = 0;
    for (const t of this.tracked.values()) if (t.finished === undefined) ++count;
    return count;
  }

  // ───────────────────────────── the index ─────────────────────────────

  private async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    const file = this.options.statePath;
    if (file === undefined || !fs.existsSync(file)) return;
    let saved: SavedIndex;
    try {
      saved = JSON.parse(fs.readFileSync(file, "utf8")) as SavedIndex;
    } catch {
      this.log(`index ${file} is unreadable: rebuilding it`);
      return;
    }
    const chainId = (await this.provider.getNetwork()).chainId.toString();
    if (
      saved.version !== 3 ||
      saved.chainId !== chainId ||
      saved.executor !== this.executorAddress ||
      saved.fromBlock !== this.fromBlock
    ) {
      this.log(`index ${file} belongs to another chain, executor or start block: rebuilding it`);
      return;
    }
    this.cursor = saved.cursor;
    this.cursorHash = saved.cursorHash;
    for (const [owner, word, mask] of saved.invalidated) this.invalidated.set(`${owner}:${word}`, BigInt(mask));
    for (const hash of saved.dropped ?? []) this.dropped.add(hash);
    for (const s of saved.intents) {
      const { hash, intent, signature, blockNumber, ...state } = s;
      const restored = {
        ...intent,
        amount: BigInt(intent.amount),
        amountParam: BigInt(intent.amountParam),
        maxFee: BigInt(intent.maxFee),
        nonce: BigInt(intent.nonce),
        swapLimit: BigInt(intent.swapLimit),
      } as unknown as PaymentIntent;
      this.tracked.set(hash, { ...state, posted: { hash, intent: restored, signature, blockNumber } });
    }
  }

  private save(): void {
    const file = this.options.statePath;
    if (file === undefined) return;
    const saved: SavedIndex = {
      version: 3,
      chainId: this.chainId,
      executor: this.executorAddress,
      fromBlock: this.fromBlock,
      cursor: this.cursor,
      cursorHash: this.cursorHash,
      invalidated: [...this.invalidated].map(([k, mask]) => {
        const [owner, word] = k.split(":");
        return [owner, word, mask.toString()];
      }),
      dropped: [...this.dropped],
      intents: [...this.tracked.values()].map(({ posted, lastQuote: _q, ...state }) => ({
        ...state,
        hash: posted.hash,
        signature: posted.signature,
        blockNumber: posted.blockNumber,
        intent: Object.fromEntries(
          Object.entries(posted.intent).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]),
        ) as Record<string, string | number>,
      })),
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(saved));
    fs.renameSync(tmp, file);
  }

  private chainId = "";

  /** Forgets everything and indexes again from `fromBlock` (after a chain reset). */
  private reset(why: string): void {
    this.log(`chain reset detected (${why}): rebuilding the index from block ${this.fromBlock}`);
    this.tracked.clear();
    this.invalidated.clear();
    this.lastPrinted.clear();
    this.conditionCache.clear();
    this.cursor = this.fromBlock;
    this.cursorHash = "";
  }

  /** Reads the executor's logs from the cursor to `latest` and applies them; returns how many it read. */
  private async index(latest: number): Promise<number> {
    if (this.cursor > this.fromBlock && this.cursorHash !== "") {
      const last = this.cursor - 1;
      const block = last <= latest ? await this.provider.getBlock(last) : null;
      if (block === null) this.reset(`block ${last} is gone`);
      else if (block.hash !== this.cursorHash) this.reset(`block ${last} changed`);
    }
    if (latest < this.cursor) return 0;
    const maxRange = this.options.logBlockRange ?? 10_000;
    let count = 0;
    const iface = this.executor.interface;
    const topics = (["IntentPosted", "IntentExecuted", "IntentCancelled", "NoncesInvalidated"] as const).map(
      (name) => iface.getEvent(name).topicHash,
    );
    // Up to LOG_QUERIES ranges are asked at once and their logs applied in block order. Nodes answer large
    // results slowly (a hardhat node's time grows faster than the number of logs): a range that returned more
    // than LOGS_PER_QUERY logs is halved for the next queries, one that returned few is doubled up to the maximum;
    // the first queries span FIRST_LOG_RANGE blocks.
    let start = this.cursor;
    while (start <= latest) {
      const range = Math.min(this.logRange ?? FIRST_LOG_RANGE, maxRange);
      const ranges: [number, number][] = [];
      for (let from = start; from <= latest && ranges.length < LOG_QUERIES; from += range)
        ranges.push([from, Math.min(latest, from + range - 1)]);
      const asked = Date.now();
      const answers = await Promise.all(
        ranges.map(([fromBlock, toBlock]) =>
          this.provider.getLogs({ address: this.executorAddress, topics: [topics], fromBlock, toBlock }),
        ),
      );
      this.logsMs += Date.now() - asked;
      for (const log of answers.flat()) {
        // Only the executor's own logs are believed (a node or proxy that answers with others is ignored).
        if (log.address.toLowerCase() !== this.executorAddress) continue;
        this.apply(log);
        ++count;
      }
      const most = Math.max(...answers.map((a) => a.length));
      if (most > LOGS_PER_QUERY) this.logRange = Math.max(1, Math.floor(range / 2));
      else if (most < LOGS_PER_QUERY / 4) this.logRange = Math.min(maxRange, range * 2);
      start = ranges[ranges.length - 1][1] + 1;
    }
    const block = await this.provider.getBlock(latest);
    this.cursor = latest + 1;
    this.cursorHash = block?.hash ?? "";
    return count;
  }

  /** The non-indexed fields of `IntentPosted`, decoded straight from the log's data (the hot path of indexing). */
  private readonly postedEvent: ReturnType<IntentExecutor["interface"]["getEvent"]>;
  private readonly postedTypes: readonly ParamType[];

  private apply(log: Log): void {
    let parsed: { name: string; args: Result } | null;
    try {
      parsed =
        log.topics[0] === this.postedEvent.topicHash
          ? { name: "IntentPosted", args: AbiCoder.defaultAbiCoder().decode(this.postedTypes, log.data) }
          : this.executor.interface.parseLog(log);
    } catch {
      return; // malformed: not something the executor emitted
    }
    if (parsed === null) return;
    if (parsed.name === "IntentPosted") {
      const hash = log.topics[1];
      if (this.dropped.has(hash)) return;
      const intent = intentFromStruct(parsed.args[0] as IIntentExecutor.PaymentIntentStructOutput);
      const signature = parsed.args[1] as string;
      const known = this.tracked.get(hash);
      if (known !== undefined) {
        // A re-posting with a fresh signature supersedes the old one and ends the simulation backoff (a wallet may
        // have been fixed). Anyone may post, so it keeps the on-chain failures (an owner cannot launder its strikes
        // by signing again), and a signature the keeper would refuse (a smart wallet that ignores trailing bytes
        // lets a third party pad a valid one) never replaces one it accepts.
        if (known.posted.signature !== signature && ethersBytes(signature) <= MAX_INTENT_BYTES) {
          known.posted = { ...known.posted, signature, blockNumber: log.blockNumber };
          Object.assign(known, { strikes: 0, notBefore: 0, recheckBlock: 0, waitReason: undefined });
        }
        return;
      }
      const tracked: Tracked = {
        posted: { hash, intent, signature, blockNumber: log.blockNumber },
        runs: 0,
        lastRun: 0,
        notBefore: 0,
        recheckBlock: 0,
        strikes: 0,
        onchainFailures: 0,
      };
      this.tracked.set(hash, tracked);
      const word = this.invalidated.get(`${intent.owner.toLowerCase()}:${intent.nonce >> 8n}`) ?? 0n;
      if ((word >> (intent.nonce & 0xffn)) & 1n) tracked.finished = "nonce invalidated";
      return;
    }
    const hash = parsed.args[0] as string;
    const known = this.tracked.get(hash);
    if (parsed.name === "IntentExecuted") {
      if (known === undefined) return;
      known.runs = Number(parsed.args.run);
      known.lastRun = -1; // the block's timestamp is read when needed: see `due`
      known.lastRunBlock = log.blockNumber;
      if (known.posted.intent.interval === 0) known.finished = "done (nonce used)";
      else if (known.runs >= known.posted.intent.maxRuns)
        known.finished = `done (${known.runs}/${known.posted.intent.maxRuns} runs)`;
    } else if (parsed.name === "IntentCancelled") {
      if (known !== undefined) known.finished = "cancelled";
    } else if (parsed.name === "NoncesInvalidated") {
      const owner = (parsed.args.owner as string).toLowerCase();
      const wordPos = parsed.args.wordPos as bigint;
      const mask = parsed.args.mask as bigint;
      const key = `${owner}:${wordPos}`;
      this.invalidated.set(key, (this.invalidated.get(key) ?? 0n) | mask);
      for (const t of this.tracked.values()) {
        const { intent } = t.posted;
        if (
          intent.owner.toLowerCase() === owner &&
          intent.nonce >> 8n === wordPos &&
          (mask >> (intent.nonce & 0xffn)) & 1n
        )
          t.finished = "nonce invalidated";
      }
    }
  }

  // ───────────────────────────── a pass ─────────────────────────────

  private readonly blockTimes = new Map<number, number>();

  private async blockTime(blockNumber: number): Promise<number> {
    const known = this.blockTimes.get(blockNumber);
    if (known !== undefined) return known;
    const block = await this.provider.getBlock(blockNumber);
    const time = block?.timestamp ?? 0;
    this.blockTimes.set(blockNumber, time);
    return time;
  }

  /**
   * Why the intent cannot be due at `now` without asking the chain (undefined: worth a look): its window, its
   * period, or a backoff. Sets `finished` when it can never run again.
   */
  private async waitReason(t: Tracked, now: number, block: number): Promise<string | undefined> {
    const { intent } = t.posted;
    if (t.finished !== undefined) return t.finished;
    if (now > intent.validUntil) return (t.finished = "expired");
    if (
      intent.amount === 0n ||
      (intent.interval === 0 && intent.maxRuns !== 1) ||
      intent.maxRuns === 0 ||
      malformedMode(intent)
    )
      return (t.finished = "malformed (can never run)");
    if (
      ethersBytes(intent.conditionData) > MAX_INTENT_BYTES ||
      ethersBytes(intent.swapPath) > MAX_INTENT_BYTES ||
      ethersBytes(t.posted.signature) > MAX_INTENT_BYTES
    )
      return (t.finished = `refused: conditionData, swapPath or signature over ${MAX_INTENT_BYTES} bytes`);
    if (now < intent.validAfter) return `not due until ${isoTime(intent.validAfter)}`;
    if (intent.interval !== 0 && t.runs > 0) {
      if (t.lastRun < 0 && t.lastRunBlock !== undefined) t.lastRun = await this.blockTime(t.lastRunBlock);
      const lastPeriod = Math.floor((t.lastRun - intent.validAfter) / intent.interval);
      const next = intent.validAfter + (lastPeriod + 1) * intent.interval;
      if (now < next) return `not due until ${isoTime(next)} (ran this period)`;
    }
    if (now < t.notBefore || block < t.recheckBlock) return t.waitReason ?? "waiting";
    return undefined;
  }

  /** The executor's `CONDITION_GAS_LIMIT`, read once. */
  private conditionGas(): Promise<bigint> {
    this.conditionGasLimit ??= this.executor.CONDITION_GAS_LIMIT().catch(() => DEFAULT_CONDITION_GAS);
    return this.conditionGasLimit;
  }

  /** A condition's answer at this block, asked directly (gas-capped `eth_call`, one word read), remembered per block. */
  private async conditionHolds(intent: PaymentIntent, block: number): Promise<boolean> {
    if (intent.condition === "0x0000000000000000000000000000000000000000") return true;
    if (block !== this.conditionCacheBlock) {
      this.conditionCache.clear();
      this.conditionCacheBlock = block;
    }
    const key = `${intent.condition}:${intent.owner}:${intent.conditionData}`.toLowerCase();
    // The promise is remembered, so concurrent checks of the same condition make one call.
    let answer = this.conditionCache.get(key);
    if (answer === undefined) {
      const data = CONDITION.encodeFunctionData("check", [intent.owner, intent.conditionData]);
      // Exactly the gas the executor gives a condition: the call's own intrinsic gas comes on top of the cap.
      answer = this.conditionGas()
        .then((cap) =>
          this.provider.call({ to: intent.condition, data, gasLimit: cap + intrinsicGas(data), blockTag: block }),
        )
        .then((result) => result.length === 66 && BigInt(result) === 1n)
        .catch(() => false);
      this.conditionCache.set(key, answer);
    }
    return answer;
  }

  /**
   * The chain's head, asked for afresh: ethers' providers answer a repeated `getBlock("latest")` from a short cache,
   * which would make a pass right after a transaction miss its block.
   */
  private async latestBlock(): Promise<{ number: number; timestamp: number; hash: string }> {
    const provider = this.provider as Provider & { send?: (method: string, params: unknown[]) => Promise<unknown> };
    if (typeof provider.send === "function") {
      const raw = (await provider.send("eth_getBlockByNumber", ["latest", false])) as {
        number: string;
        timestamp: string;
        hash: string;
      } | null;
      if (raw !== null) return { number: Number(raw.number), timestamp: Number(raw.timestamp), hash: raw.hash };
    }
    const block = await this.provider.getBlock("latest");
    if (block === null || block.hash === null) throw new Error("The node returned no latest block.");
    return { number: block.number, timestamp: block.timestamp, hash: block.hash };
  }

  /** One pass: index new logs, skip what cannot be due, quote the rest, execute the profitable ones. */
  async pass(): Promise<KeeperEntry[]> {
    const started = Date.now();
    this.l1Oracle = undefined;
    this.prices = new Map();
    this.logsMs = 0;
    await this.load();
    if (this.chainId === "") this.chainId = (await this.provider.getNetwork()).chainId.toString();
    const latest = await this.latestBlock();
    const newLogs = await this.index(latest.number);
    const indexed = Date.now();
    const now = latest.timestamp;

    const entries: KeeperEntry[] = [];
    const candidates: Tracked[] = [];
    for (const t of this.tracked.values()) {
      const wait = await this.waitReason(t, now, latest.number);
      if (t.finished !== undefined) {
        this.tracked.delete(t.posted.hash);
        entries.push(await this.entry(t.posted, "skipped", t.finished));
        this.lastPrinted.delete(t.posted.hash);
      } else if (wait !== undefined) {
        entries.push(await this.entry(t.posted, "skipped", wait, { quote: t.lastQuote }));
      } else {
        candidates.push(t);
      }
    }

    const selected = Date.now();
    const { gasPrice, maxPriorityFeePerGas } = await this.fees();
    const sample = this.timing === undefined ? undefined : await this.recordFees(now, gasPrice);
    const profitable: { t: Tracked; quote: Quote }[] = [];
    let simulated = 0;
    await forEachLimited(candidates, this.options.concurrency ?? 8, async (t) => {
      const { posted } = t;
      if (posted.intent.maxFee === 0n) {
        // No fee can never pay for gas: not worth a simulation, now or later (the signed fee never changes).
        t.recheckBlock = Number.MAX_SAFE_INTEGER;
        t.waitReason = "unprofitable (no fee)";
        entries.push(await this.entry(posted, "skipped", t.waitReason));
        return;
      }
      if (!(await this.conditionHolds(posted.intent, latest.number))) {
        t.recheckBlock = latest.number + 1;
        t.waitReason = `ConditionNotMet(${posted.intent.condition})`;
        entries.push(await this.entry(posted, "skipped", t.waitReason));
        return;
      }
      // Priced before it is simulated: a fee that cannot pay for the least gas any run costs (its calldata's
      // intrinsic gas) is not worth a simulation, which a hostile wallet, token or condition can make cost millions
      // of gas every block (a fee in a token without a price is worth nothing).
      const recent = t.lastQuote !== undefined && latest.number < (t.quotedBlock ?? 0) + RESIMULATE_BLOCKS;
      const floor = await this.leastCostQuote(posted, gasPrice, recent ? t.lastQuote : undefined);
      if (floor.profitWei <= (this.options.minProfitWei ?? 0n)) {
        t.recheckBlock = latest.number + 1;
        t.waitReason = unprofitable(floor);
        entries.push(await this.entry(posted, "skipped", t.waitReason, { quote: floor }));
        return;
      }
      ++simulated;
      try {
        const quote = await this.quote(posted, gasPrice);
        t.lastQuote = quote;
        t.quotedBlock = latest.number;
        if (quote.profitWei <= (this.options.minProfitWei ?? 0n)) {
          t.recheckBlock = latest.number + 1;
          t.waitReason = unprofitable(quote);
          entries.push(await this.entry(posted, "skipped", t.waitReason, { quote }));
          return;
        }
        t.strikes = 0;
        const wait = sample === undefined ? undefined : this.timingWait(posted.intent, quote, sample, now);
        if (wait !== undefined) {
          t.recheckBlock = latest.number + 1;
          t.waitReason = wait;
          entries.push(await this.entry(posted, "skipped", wait, { quote }));
          return;
        }
        profitable.push({ t, quote });
      } catch (error) {
        entries.push(await this.entry(posted, "skipped", this.simulationFailed(t, error, now, latest.number)));
      }
    });

    const simulatedAt = Date.now();
    profitable.sort((a, b) =>
      a.quote.profitWei > b.quote.profitWei ? -1 : a.quote.profitWei < b.quote.profitWei ? 1 : 0,
    );
    // An intent that failed on-chain after passing simulation runs alone from then on; after MAX_ONCHAIN_FAILURES
    // it is dropped.
    const suspects = profitable.filter((p) => p.t.onchainFailures > 0);
    const trusted = profitable.filter((p) => p.t.onchainFailures === 0);
    const chunkSize = this.options.chunkSize ?? 20;
    const chunks = suspects.map((p) => [p]);
    for (let i = 0; i < trusted.length; i += chunkSize) chunks.push(trusted.slice(i, i + chunkSize));
    let gasQuoted = 0n;
    let gasUsed = 0n;
    for (const chunk of chunks) {
      const result = await this.executeChunk(chunk, gasPrice, maxPriorityFeePerGas, now, latest.number);
      gasQuoted += result.gasLimit;
      gasUsed += result.gasUsed;
      entries.push(...result.entries);
    }
    this.save();
    const reasons: Record<string, number> = {};
    for (const e of entries) {
      const kind = e.status === "skipped" ? (e.reason ?? "").replace(/[ (].*$/, "") : e.status;
      reasons[kind] = (reasons[kind] ?? 0) + 1;
    }
    const end = Date.now();
    this.summary = {
      block: latest.number,
      newLogs,
      watched: this.watching,
      simulated,
      executed: entries.filter((e) => e.status === "executed").length,
      failed: entries.filter((e) => e.status === "failed").length,
      gasQuoted,
      gasUsed,
      ms: end - started,
      phases: {
        index: indexed - started,
        getLogs: this.logsMs,
        select: selected - indexed,
        simulate: simulatedAt - selected,
        execute: end - simulatedAt,
      },
      reasons,
    };
    return entries;
  }

  /**
   * Reads this pass's fees (the gas price, and on OP-stack chains the GasPriceOracle's L1 base fee and blob base
   * fee; 0 where it has none or answers garbage) into the history, forgetting samples older than the lookback.
   */
  private async recordFees(now: number, gasPrice: bigint): Promise<FeeSample> {
    let l1BaseFeeWei = 0;
    let blobBaseFeeWei = 0;
    this.l1Oracle ??= this.provider.getCode(OP_GAS_PRICE_ORACLE).then((code) => code !== "0x");
    if (await this.l1Oracle) {
      const oracle = IL1FeeParameters__factory.connect(OP_GAS_PRICE_ORACLE, this.provider);
      try {
        this.feeScalars ??= {
          baseFeeScalar: Number(await oracle.baseFeeScalar()),
          blobBaseFeeScalar: Number(await oracle.blobBaseFeeScalar()),
        };
        [l1BaseFeeWei, blobBaseFeeWei] = (await Promise.all([oracle.l1BaseFee(), oracle.blobBaseFee()])).map(Number);
      } catch {
        // A pre-Ecotone oracle: the forecast weighs L2 gas only.
      }
    }
    const sample = { time: now, l2BaseFeeWei: Number(gasPrice), l1BaseFeeWei, blobBaseFeeWei };
    const lookback = this.timing!.lookbackSeconds;
    while (this.feeSamples.length > 0 && this.feeSamples[0].time <= now - lookback) this.feeSamples.shift();
    this.feeSamples.push(sample);
    return sample;
  }

  /** Why a profitable intent should wait for a cheaper moment (undefined: run it now), by the timing policy. */
  private timingWait(intent: PaymentIntent, quote: Quote, sample: FeeSample, now: number): string | undefined {
    const timing = this.timing!;
    const scalars = this.feeScalars ?? OP_SCALARS;
    const shape = shapeFromQuote(Number(quote.gas), Number(quote.l1FeeWei), sample, scalars);
    const past = this.feeSamples
      .slice(0, -1)
      .map((s) => executionCost(s, shape, scalars))
      .sort((a, b) => a - b);
    const deadline = runDeadline(intent, now);
    const decision = decide(executionCost(sample, shape, scalars), past, now, deadline, timing);
    if (decision.execute) return undefined;
    const fmt = (wei: number) => formatAmount(BigInt(Math.round(wei)), 18);
    return (
      `${decision.reason}: cost ${fmt(executionCost(sample, shape, scalars))} > ${fmt(decision.threshold!)} native; ` +
      `runs by ${isoTime(deadline - timing.marginSeconds)}`
    );
  }

  /** Classifies a failed simulation: final (forget), a race or a wait (retry later), or a strike (back off). */
  private simulationFailed(t: Tracked, error: unknown, now: number, block: number): string {
    const data = revertData(error);
    const decoded = data === undefined ? undefined : decodeRevert(data, intentErrors());
    const reason = sanitize(describeFailure(error));
    const name = decoded?.name;
    if (name !== undefined && FINAL_ERRORS.has(name)) {
      t.finished = reason;
      return reason;
    }
    if (name === "NotYetValid" || name === "AlreadyRanThisPeriod") {
      t.notBefore = Number(decoded!.args[0]);
    } else if (name !== undefined && RACE_ERRORS.has(name)) {
      t.recheckBlock = block + 1;
    } else if (data === undefined && !isRevert(error)) {
      // Not a revert (an RPC failure): try again next pass, no strike.
      return reason;
    } else {
      // Allowance, balance, signature, a hostile token's garbage: back off, doubling up to an hour.
      t.strikes += 1;
      t.notBefore = now + Math.min(3_600, 15 * 2 ** (t.strikes - 1));
      t.recheckBlock = block + 1;
    }
    t.waitReason = reason;
    return reason;
  }

  /** Passes forever (or once), `pollSeconds` apart, until `shouldStop` says so; RPC failures back off. */
  async run(pollSeconds: number, once = false, shouldStop: () => boolean = () => false): Promise<void> {
    let failures = 0;
    for (;;) {
      let wait = pollSeconds;
      try {
        await this.pass();
        failures = 0;
        const s = this.summary!;
        this.log(
          `pass at block ${s.block}: ${s.newLogs} new logs, ${s.watched} intents watched, ${s.simulated} simulated, ` +
            `${s.executed} executed, ${s.failed} failed, gas ${s.gasUsed} of ${s.gasQuoted} quoted, ${s.ms} ms`,
          { event: "pass", ...s },
        );
      } catch (error) {
        failures += 1;
        wait = Math.min(300, pollSeconds * 2 ** failures);
        this.log(`pass failed: ${sanitize(describeFailure(error))}; next try in ${wait} s`, {
          event: "passFailed",
          retryInSeconds: wait,
        });
        if (once) throw error;
      }
      if (once || shouldStop()) return;
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      if (shouldStop()) return;
    }
  }

  /** The gas price quotes use, and the tip the keeper offers within it. */
  private async fees(): Promise<{ gasPrice: bigint; maxPriorityFeePerGas: bigint }> {
    const fees = await this.provider.getFeeData();
    const gasPrice = fees.gasPrice ?? fees.maxFeePerGas ?? 0n;
    const tip = fees.maxPriorityFeePerGas ?? gasPrice;
    return { gasPrice, maxPriorityFeePerGas: tip < gasPrice ? tip : gasPrice };
  }

  /** Simulates the intent from the keeper's address at `gasPrice` and prices it; throws the simulation's revert. */
  async quote(posted: PostedIntent, gasPrice: bigint): Promise<Quote> {
    const { intent, signature } = posted;
    const fee = intent.maxFee;
    const executor = this.executor.connect(this.signer);
    // At the gas price the keeper will pay: a token that behaves only when gas is free (`tx.gasprice == 0`, what
    // many nodes use for eth_call) shows its real behaviour here.
    // Capped: a hostile wallet, token or condition could make a simulation burn a block's gas.
    const gasLimit = this.options.maxIntentGas ?? DEFAULT_MAX_INTENT_GAS;
    const overrides = gasPrice === 0n ? { gasLimit } : { gasPrice, gasLimit };
    await executor.execute.staticCall(intent, signature, fee, overrides);
    const gas = await executor.execute.estimateGas(intent, signature, fee, overrides);
    this.l1Oracle ??= this.provider.getCode(OP_GAS_PRICE_ORACLE).then((code) => code !== "0x");
    const l1FeeWei = !(await this.l1Oracle)
      ? 0n
      : await l1DataFee(this.provider, {
          to: this.executorAddress,
          data: executor.interface.encodeFunctionData("execute", [intent, signature, fee]),
          from: await this.signer.getAddress(),
          gasLimit: gas,
          gasPrice,
        });
    const gasCostWei = gas * gasPrice + l1FeeWei;
    const feeValueWei = await this.feeValueWei(intent.token, fee);
    return { fee, gas, gasPrice, l1FeeWei, gasCostWei, feeValueWei, profitWei: feeValueWei - gasCostWei };
  }

  /**
   * `quote` without simulating: the fee's value against the gas and L1 data fee a recent simulation measured
   * (`known`), or else the intrinsic gas of the `execute` transaction (no run costs less), at `gasPrice`.
   */
  private async leastCostQuote(posted: PostedIntent, gasPrice: bigint, known: Quote | undefined): Promise<Quote> {
    const { intent, signature } = posted;
    const fee = intent.maxFee;
    const intrinsic = intrinsicGas(this.executor.interface.encodeFunctionData("execute", [intent, signature, fee]));
    const gas = known !== undefined && known.gas > intrinsic ? known.gas : intrinsic;
    const l1FeeWei = known?.l1FeeWei ?? 0n;
    const gasCostWei = gas * gasPrice + l1FeeWei;
    const feeValueWei = await this.feeValueWei(intent.token, fee);
    return { fee, gas, gasPrice, l1FeeWei, gasCostWei, feeValueWei, profitWei: feeValueWei - gasCostWei };
  }

  /** A token's oracle price (USD wad), read once per pass; rejects when the oracle refuses it. */
  private price(token: string): Promise<bigint> {
    const key = token.toLowerCase();
    let price = this.prices.get(key);
    if (price === undefined) {
      price = this.priceOracle().then((oracle) => oracle.price(token));
      price.catch(() => undefined); // a refusal is read where it is awaited
      this.prices.set(key, price);
    }
    return price;
  }

  /** `fee` of `token` in wei of the native currency, by the oracle's USD prices; 0 when either is unpriced. */
  private async feeValueWei(token: string, fee: bigint): Promise<bigint> {
    const native = this.options.nativeToken;
    if (native === undefined || fee === 0n) return 0n;
    if (token.toLowerCase() === native.toLowerCase()) return fee;
    try {
      const { decimals } = await this.tokens.get(token);
      if (decimals === undefined) return 0n;
      const [tokenPriceWad, nativePriceWad] = await Promise.all([this.price(token), this.price(native)]);
      if (nativePriceWad === 0n) return 0n;
      return (fee * tokenPriceWad * 10n ** 18n) / (10n ** BigInt(decimals) * nativePriceWad);
    } catch {
      return 0n;
    }
  }

  private async priceOracle(): Promise<IPriceOracle> {
    if (this.oracle === undefined) {
      const pool = LendingPool__factory.connect(await this.executor.pool(), this.provider);
      this.oracle = IPriceOracle__factory.connect(await pool.oracle(), this.provider);
    }
    return this.oracle;
  }

  /**
   * Runs one `executeBatch`: each item gets the gas its standalone `execute` was quoted at (more than an item
   * needs), and the transaction's gas limit is exactly what those items can use (each limit × 64/63, its overhead)
   * plus the batch's base: the executor refuses to start an item it cannot give its whole limit, so nothing is
   * starved, and nothing can cost more than quoted. It never pays more per gas than the price its quotes assumed.
   */
  private async executeChunk(
    chunk: { t: Tracked; quote: Quote }[],
    gasPrice: bigint,
    maxPriorityFeePerGas: bigint,
    now: number,
    block: number,
  ): Promise<{ entries: KeeperEntry[]; gasLimit: bigint; gasUsed: bigint }> {
    const executor = this.executor.connect(this.signer);
    const args = [
      chunk.map((c) => c.t.posted.intent),
      chunk.map((c) => c.t.posted.signature),
      chunk.map((c) => c.quote.fee),
      chunk.map((c) => c.quote.gas),
    ] as const;
    // Each item gets its standalone estimate (which already holds a transaction's intrinsic gas of its own); the
    // batch's calldata is paid once, on top, so an item with a large signature or conditionData fits alone too.
    const gasLimit = chunk.reduce(
      (sum, c) => sum + c.quote.gas + c.quote.gas / 63n + 1_000n + ITEM_OVERHEAD_GAS,
      BATCH_BASE_GAS + intrinsicGas(executor.interface.encodeFunctionData("executeBatch", [...args])) - 21_000n,
    );
    const entries: KeeperEntry[] = [];
    let sent: { hash: string } | undefined;
    try {
      const fees = gasPrice === 0n ? {} : { maxFeePerGas: gasPrice, maxPriorityFeePerGas };
      const tx = await executor.executeBatch(...args, { gasLimit, ...fees });
      sent = tx;
      const receipt = await tx.wait(1, this.options.receiptTimeoutMs ?? 300_000);
      const executed = new Set<string>();
      const failed = new Map<string, string>();
      for (const log of receipt?.logs ?? []) {
        // Only the executor's own events count: a token can emit look-alike IntentExecuted logs of its own.
        if (log.address.toLowerCase() !== this.executorAddress) continue;
        const parsed = executor.interface.parseLog(log);
        if (parsed?.name === "IntentExecuted") executed.add(parsed.args.intentHash as string);
        if (parsed?.name === "IntentFailed") failed.set(parsed.args.intentHash as string, parsed.args.reason as string);
      }
      for (const { t, quote } of chunk) {
        const { posted } = t;
        const extra = { txHash: tx.hash, quote };
        if (executed.has(posted.hash)) {
          t.onchainFailures = 0;
          t.marketFailures = 0;
          t.runs += 1;
          // The run's time is its block's: read when the next period matters (see `waitReason`).
          t.lastRun = receipt === null ? now : -1;
          t.lastRunBlock = receipt?.blockNumber;
          if (posted.intent.interval === 0) t.finished = "done (nonce used)";
          else if (t.runs >= posted.intent.maxRuns) t.finished = `done (${t.runs}/${posted.intent.maxRuns} runs)`;
          entries.push(await this.entry(posted, "executed", undefined, extra));
          continue;
        }
        const data = failed.get(posted.hash);
        const reason = data === undefined ? "not run" : sanitize(describeRevertData(data));
        const name = data === undefined ? undefined : decodeRevert(data, intentErrors())?.name;
        entries.push(await this.entry(posted, "failed", reason, extra));
        if (name !== undefined && ONCHAIN_RACE_ERRORS.has(name)) {
          // Another keeper (or the owner) got there first between simulation and inclusion: not hostility.
          if (FINAL_ERRORS.has(name)) t.finished = reason;
          else t.recheckBlock = block + 1;
          continue;
        }
        if (name !== undefined && MARKET_ERRORS.has(name)) {
          // The market moved past what the owner signed: wait for it, doubling up to an hour; never dropped for it.
          t.marketFailures = (t.marketFailures ?? 0) + 1;
          t.notBefore = now + Math.min(3_600, 15 * 2 ** (t.marketFailures - 1));
          t.recheckBlock = block + 1;
          t.waitReason = reason;
          continue;
        }
        this.onchainFailure(t);
      }
      return { entries, gasLimit, gasUsed: receipt?.gasUsed ?? 0n };
    } catch (error) {
      const mined = (error as { receipt?: { gasUsed?: bigint } | null }).receipt;
      if (sent === undefined || mined == null) {
        // Never sent (no funds for gas, fees, nonce, RPC), or sent with an outcome not known yet: nothing failed
        // on-chain, so no intent is struck; the next pass simulates them all afresh.
        const reason = `${sent === undefined ? "batch not sent" : `batch ${sent.hash} outcome unknown`}: ${sanitize(describeFailure(error))}`;
        this.log(reason, { event: "batchNotSent", txHash: sent?.hash });
        for (const { t, quote } of chunk) entries.push(await this.entry(t.posted, "skipped", reason, { quote }));
        return { entries, gasLimit, gasUsed: 0n };
      }
      const reason = `batch reverted: ${sanitize(describeFailure(error))}`;
      for (const { t, quote } of chunk) {
        entries.push(await this.entry(t.posted, "failed", reason, { quote }));
        this.onchainFailure(t);
      }
      return { entries, gasLimit, gasUsed: mined.gasUsed ?? 0n };
    }
  }

  /** It passed simulation and failed on-chain, or cost more than quoted: isolated, and dropped after the limit. */
  private onchainFailure(t: Tracked): void {
    t.onchainFailures += 1;
    if (t.onchainFailures >= MAX_ONCHAIN_FAILURES) {
      this.tracked.delete(t.posted.hash);
      this.dropped.add(t.posted.hash);
      this.lastPrinted.delete(t.posted.hash);
      this.log(
        `${t.posted.hash.slice(0, 10)} dropped: failed on-chain ${t.onchainFailures} times after passing simulation`,
        { event: "dropped", hash: t.posted.hash },
      );
    }
  }

  /** Builds and prints one intent's line (sanitized: symbols and reasons come from hostile contracts). */
  private async entry(
    posted: PostedIntent,
    status: KeeperEntry["status"],
    reason?: string,
    extra: { txHash?: string; quote?: Quote } = {},
  ): Promise<KeeperEntry> {
    const { intent } = posted;
    const kind = `${status}: ${(reason ?? "").split("(")[0]}`;
    const quiet = status === "skipped" && this.lastPrinted.get(posted.hash) === kind;
    let line = "";
    if (!quiet) {
      const { symbol, decimals } = await this.tokens.get(intent.token);
      const fmt = (v: bigint) => (decimals === undefined ? `${v} base units of` : formatAmount(v, decimals, decimals));
      let what = `${Action[intent.action] ?? "?"} ${describeAmount(intent, (v) => `${fmt(v)} ${symbol}`)}`;
      if (isSwap(intent.action)) {
        // A swap names both tokens (an exact-output amount is in the token received).
        const out = await this.tokens.get(intent.receiveToken);
        const fmtOut = (v: bigint) =>
          out.decimals === undefined
            ? `${v} base units of ${out.symbol}`
            : `${formatAmount(v, out.decimals, out.decimals)} ${out.symbol}`;
        what = `${Action[intent.action]} ${describeSwap(intent, (v) => `${fmt(v)} ${symbol}`, fmtOut, { ascii: true })}`;
      }
      const outcome =
        status === "executed"
          ? `executed in ${extra.txHash} (fee ${fmt(extra.quote?.fee ?? 0n)} ${symbol})`
          : `${status}: ${reason}`;
      line = sanitize(`${posted.hash.slice(0, 10)} ${what} from ${intent.owner}: ${outcome}`, 1_000);
      // When polling, an intent skipped for the same kind of reason as last pass is not printed again.
      this.log(line, {
        event: status,
        hash: posted.hash,
        owner: intent.owner,
        reason: reason === undefined ? undefined : sanitize(reason),
        txHash: extra.txHash,
      });
    }
    this.lastPrinted.set(posted.hash, kind);
    return { hash: posted.hash, intent, status, reason, line, ...extra };
  }
}

const CONDITION = new Interface(["function check(address owner, bytes conditionData) view returns (bool)"]);

/** Why a quote is not worth running. */
function unprofitable(quote: Quote): string {
  return (
    `unprofitable (fee worth ${formatAmount(quote.feeValueWei, 18)} ` +
    `< gas ${formatAmount(quote.gasCostWei, 18)} native)`
  );
}

function ethersBytes(hex: string): number {
  return Math.max(0, (hex.length - 2) / 2);
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Whether `error` is a revert (as opposed to a network failure). */
function isRevert(error: unknown): boolean {
  const { code } = error as { code?: string };
  return code === "CALL_EXCEPTION" || /revert/i.test(String((error as Error)?.message ?? ""));
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}
