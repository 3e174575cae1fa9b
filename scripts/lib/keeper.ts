import { Transaction, type Provider, type Signer } from "ethers";

import {
  IERC20Metadata__factory,
  IPriceOracle__factory,
  LendingPool__factory,
  type IntentExecutor,
  type IPriceOracle,
} from "../../typechain-types";
import { describeFailure, describeRevertData } from "./errors";
import { formatAmount } from "./format";
import { OP_GAS_PRICE_ORACLE, quotedL1Fee } from "./l1-fee";
import { Action, intentFromStruct, type PaymentIntent } from "./intents";

/** After this many on-chain failures that simulation did not predict, the keeper forgets an intent. */
export const MAX_ONCHAIN_FAILURES = 3;

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
  /** Execution gas of a standalone `execute` (a batch item costs less: the estimate is conservative). */
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
  /** Blocks per `eth_getLogs` query (default 10,000, within what public RPCs accept). */
  logBlockRange?: number;
  /** Where lines go (default console.log). */
  log?: (line: string) => void;
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

/** A token's symbol and decimals, remembered; an unreadable token shows as its address with 0 decimals. */
class TokenInfo {
  private readonly cache = new Map<string, { symbol: string; decimals: number }>();
  constructor(private readonly provider: Provider) {}

  async get(token: string): Promise<{ symbol: string; decimals: number }> {
    const known = this.cache.get(token);
    if (known !== undefined) return known;
    const erc20 = IERC20Metadata__factory.connect(token, this.provider);
    let info = { symbol: token.slice(0, 10), decimals: 0 };
    try {
      info = { symbol: await erc20.symbol(), decimals: Number(await erc20.decimals()) };
    } catch {
      // Not a metadata-bearing token: keep the address.
    }
    this.cache.set(token, info);
    return info;
  }
}

/**
 * The keeper: finds posted intents, simulates each with `execute.staticCall` from its own address, prices the
 * fee against the gas (plus the L1 data fee on OP-stack chains), and runs the profitable ones with `executeBatch`.
 * One bad intent never stops a pass: it is reported and skipped; one that fails on-chain is isolated in batches
 * of its own and, after `MAX_ONCHAIN_FAILURES`, forgotten.
 */
export class Keeper {
  private readonly known = new Map<string, PostedIntent>();
  private readonly lastPrinted = new Map<string, string>();
  /** On-chain failures of intents that had passed simulation, by hash. */
  private readonly failures = new Map<string, number>();
  private nextBlock: number;
  private readonly tokens: TokenInfo;
  private oracle?: IPriceOracle;

  constructor(
    private readonly executor: IntentExecutor,
    private readonly signer: Signer,
    fromBlock: number,
    private readonly options: KeeperOptions = {},
  ) {
    this.nextBlock = fromBlock;
    this.tokens = new TokenInfo(this.provider);
  }

  private get provider(): Provider {
    const provider = this.signer.provider;
    if (provider === null) throw new Error("The keeper's signer has no provider.");
    return provider;
  }

  private log(line: string): void {
    (this.options.log ?? console.log)(line);
  }

  /** Intents the keeper is watching (posted, not yet finished). */
  get watching(): number {
    return this.known.size;
  }

  /** One pass: discover new postings, drop finished intents, quote the rest, execute the profitable ones. */
  async pass(): Promise<KeeperEntry[]> {
    const latest = await this.provider.getBlock("latest");
    if (latest === null) throw new Error("The node returned no latest block.");
    if (latest.number >= this.nextBlock) {
      const range = this.options.logBlockRange ?? 10_000;
      for (const posted of await discoverIntents(this.executor, this.nextBlock, latest.number, range)) {
        if (!this.known.has(posted.hash)) this.known.set(posted.hash, posted);
      }
      this.nextBlock = latest.number + 1;
    }

    const entries: KeeperEntry[] = [];
    const profitable: { posted: PostedIntent; quote: Quote }[] = [];
    const { gasPrice, maxPriorityFeePerGas } = await this.fees();
    for (const posted of this.known.values()) {
      try {
        const finished = await finishedReason(this.executor, posted, latest.timestamp);
        if (finished !== undefined) {
          this.known.delete(posted.hash);
          entries.push(await this.entry(posted, "skipped", finished));
          this.lastPrinted.delete(posted.hash);
          continue;
        }
        const quote = await this.quote(posted, gasPrice);
        if (quote.profitWei <= (this.options.minProfitWei ?? 0n)) {
          const reason =
            `unprofitable (fee worth ${formatAmount(quote.feeValueWei, 18)} ` +
            `< gas ${formatAmount(quote.gasCostWei, 18)} native)`;
          entries.push(await this.entry(posted, "skipped", reason, { quote }));
          continue;
        }
        profitable.push({ posted, quote });
      } catch (error) {
        entries.push(await this.entry(posted, "skipped", describeFailure(error)));
      }
    }

    profitable.sort((a, b) =>
      a.quote.profitWei > b.quote.profitWei ? -1 : a.quote.profitWei < b.quote.profitWei ? 1 : 0,
    );
    // An intent that failed on-chain after passing simulation (a token that behaves only in eth_call, say) may
    // sink a whole batch: from then on it runs alone, and after MAX_ONCHAIN_FAILURES it is dropped.
    const suspects = profitable.filter((p) => this.failures.has(p.posted.hash));
    const trusted = profitable.filter((p) => !this.failures.has(p.posted.hash));
    const chunkSize = this.options.chunkSize ?? 20;
    const chunks = suspects.map((p) => [p]);
    for (let i = 0; i < trusted.length; i += chunkSize) chunks.push(trusted.slice(i, i + chunkSize));
    for (const chunk of chunks) {
      for (const entry of await this.executeChunk(chunk, gasPrice, maxPriorityFeePerGas)) {
        entries.push(entry);
        if (entry.status === "executed") this.failures.delete(entry.hash);
        if (entry.status !== "failed") continue;
        const failures = (this.failures.get(entry.hash) ?? 0) + 1;
        this.failures.set(entry.hash, failures);
        if (failures >= MAX_ONCHAIN_FAILURES) {
          this.known.delete(entry.hash);
          this.failures.delete(entry.hash);
          this.lastPrinted.delete(entry.hash);
          this.log(`${entry.hash.slice(0, 10)} dropped: failed on-chain ${failures} times after passing simulation`);
        }
      }
    }
    return entries;
  }

  /** Passes forever (or once), `pollSeconds` apart, until `shouldStop` says so. */
  async run(pollSeconds: number, once = false, shouldStop: () => boolean = () => false): Promise<void> {
    for (;;) {
      try {
        const entries = await this.pass();
        if (entries.length === 0) this.log(`pass: nothing to do (${this.watching} intents watched)`);
      } catch (error) {
        this.log(`pass failed: ${describeFailure(error)}`);
      }
      if (once || shouldStop()) return;
      await new Promise((resolve) => setTimeout(resolve, pollSeconds * 1000));
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
    const overrides = gasPrice === 0n ? {} : { gasPrice };
    await executor.execute.staticCall(intent, signature, fee, overrides);
    const gas = await executor.execute.estimateGas(intent, signature, fee, overrides);
    const l1FeeWei = await l1DataFee(this.provider, {
      to: await executor.getAddress(),
      data: executor.interface.encodeFunctionData("execute", [intent, signature, fee]),
      from: await this.signer.getAddress(),
      gasLimit: gas,
      gasPrice,
    });
    const gasCostWei = gas * gasPrice + l1FeeWei;
    const feeValueWei = await this.feeValueWei(intent.token, fee);
    return { fee, gas, gasPrice, l1FeeWei, gasCostWei, feeValueWei, profitWei: feeValueWei - gasCostWei };
  }

  /** `fee` of `token` in wei of the native currency, by the oracle's USD prices; 0 when either is unpriced. */
  private async feeValueWei(token: string, fee: bigint): Promise<bigint> {
    const native = this.options.nativeToken;
    if (native === undefined || fee === 0n) return 0n;
    if (token.toLowerCase() === native.toLowerCase()) return fee;
    try {
      const oracle = await this.priceOracle();
      const [tokenPriceWad, nativePriceWad] = await Promise.all([oracle.price(token), oracle.price(native)]);
      const { decimals } = await this.tokens.get(token);
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
   * Runs one `executeBatch`. Its gas limit covers every item's standalone estimate with the 64/63 a call frame
   * withholds: `eth_estimateGas` alone finds the least gas at which the batch does not revert, which can be gas
   * at which a heavy item (an ERC-1271 wallet, say) fails inside its frame and is merely skipped. It never pays
   * more per gas than the price its quotes assumed (`maxFeePerGas = gasPrice`).
   */
  private async executeChunk(
    chunk: { posted: PostedIntent; quote: Quote }[],
    gasPrice: bigint,
    maxPriorityFeePerGas: bigint,
  ): Promise<KeeperEntry[]> {
    const executor = this.executor.connect(this.signer);
    const args = [
      chunk.map((c) => c.posted.intent),
      chunk.map((c) => c.posted.signature),
      chunk.map((c) => c.quote.fee),
    ] as const;
    try {
      const itemsGas = chunk.reduce((sum, c) => sum + (c.quote.gas * 64n) / 63n + 10_000n, 0n);
      const gasLimit = [itemsGas + 30_000n, await executor.executeBatch.estimateGas(...args)].reduce((a, b) =>
        a > b ? a : b,
      );
      const fees = gasPrice === 0n ? {} : { maxFeePerGas: gasPrice, maxPriorityFeePerGas };
      const tx = await executor.executeBatch(...args, { gasLimit, ...fees });
      const receipt = await tx.wait();
      const executed = new Set<string>();
      const failed = new Map<string, string>();
      for (const log of receipt?.logs ?? []) {
        const parsed = executor.interface.parseLog(log);
        if (parsed?.name === "IntentExecuted") executed.add(parsed.args.intentHash as string);
        if (parsed?.name === "IntentFailed")
          failed.set(parsed.args.intentHash as string, describeRevertData(parsed.args.reason as string));
      }
      const entries: KeeperEntry[] = [];
      for (const { posted, quote } of chunk) {
        const extra = { txHash: tx.hash, quote };
        if (executed.has(posted.hash)) entries.push(await this.entry(posted, "executed", undefined, extra));
        else entries.push(await this.entry(posted, "failed", failed.get(posted.hash) ?? "not run", extra));
      }
      return entries;
    } catch (error) {
      const reason = `batch reverted: ${describeFailure(error)}`;
      return Promise.all(chunk.map(({ posted, quote }) => this.entry(posted, "failed", reason, { quote })));
    }
  }

  /** Builds and prints one intent's line. */
  private async entry(
    posted: PostedIntent,
    status: KeeperEntry["status"],
    reason?: string,
    extra: { txHash?: string; quote?: Quote } = {},
  ): Promise<KeeperEntry> {
    const { intent } = posted;
    const { symbol, decimals } = await this.tokens.get(intent.token);
    const what = `${Action[intent.action]} ${formatAmount(intent.amount, decimals, decimals)} ${symbol}`;
    const outcome =
      status === "executed"
        ? `executed in ${extra.txHash} (fee ${formatAmount(extra.quote?.fee ?? 0n, decimals, decimals)} ${symbol})`
        : `${status}: ${reason}`;
    const line = `${posted.hash.slice(0, 10)} ${what} from ${intent.owner}: ${outcome}`;
    // When polling, an intent skipped for the same kind of reason as last pass is not printed again.
    const kind = `${status}: ${(reason ?? "").split("(")[0]}`;
    if (status !== "skipped" || this.lastPrinted.get(posted.hash) !== kind) this.log(line);
    this.lastPrinted.set(posted.hash, kind);
    return { hash: posted.hash, intent, status, reason, line, ...extra };
  }
}
