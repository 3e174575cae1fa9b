import { MaxUint256, type Signer } from "ethers";

import type { IntentExecutor, LendingPool } from "../../typechain-types";
import { UserError } from "./errors";
import { formatAmount } from "./format";
import { parseAmount, parseWhole } from "./args";
import { Action, AmountMode, hashIntent, intrinsicGas, nextNonce, signIntent, type PaymentIntent } from "./intents";
import { discoverIntents, finishedReason, type PostedIntent } from "./keeper";

/**
 * The owner's side of intents, as the `intents create` and `intents cancel` tasks use it. The rule they keep:
 * creating, running or cancelling one intent never disables another live intent of the same owner. Nonces are
 * shared by all of an owner's intents (a one-off's run or cancel spends its nonce, `invalidateNonces` kills every
 * intent signed with the nonces it sets), so a new intent takes a nonce that no live intent of the owner uses; and
 * the allowance is shared too, so a new intent raises it by what it can take instead of replacing it.
 */

const MAX_UINT32 = 2 ** 32 - 1;
const MAX_UINT48 = 2 ** 48 - 1;

/** The terms of a new intent as the user gives them (token units already parsed). */
export interface IntentTerms {
  amount: bigint;
  maxFee: bigint;
  interval: number;
  maxRuns: number;
  validDays: number;
}

/** What the task knows of the token: how to print amounts, and how many exist. */
export interface TokenFacts {
  symbol: string;
  decimals: number;
  totalSupply: bigint;
}

/** The most an intent can ever take from its owner: (amount + maxFee) per run, times its runs. */
export function intentTake(
  intent: Pick<PaymentIntent, "amount" | "maxFee" | "maxRuns"> & Partial<Pick<PaymentIntent, "action" | "swapLimit">>,
): bigint {
  // An exact-output swap's amount is in the token bought: it sells at most `swapLimit` of the owner's token.
  const perRun = intent.action === Action.SWAP_PAY_EXACT_OUT ? (intent.swapLimit ?? 0n) : intent.amount;
  return (perRun + intent.maxFee) * BigInt(intent.maxRuns);
}

/** `current` raised by `take`, saturating at the unlimited allowance. */
export function raisedAllowance(current: bigint, take: bigint): bigint {
  return current >= MaxUint256 - take ? MaxUint256 : current + take;
}

/**
 * Refuses, with one line each, terms that can never run: no amount, a window of 0 days (or past what `uint48`
 * holds), intervals and run counts outside `uint32`, a one-off with several runs, and a run that takes more than
 * the token's whole supply (no owner can ever cover it).
 */
export function checkTerms(terms: IntentTerms, token: TokenFacts, now: number): void {
  const { amount, maxFee, interval, maxRuns, validDays } = terms;
  if (!Number.isInteger(validDays) || validDays < 1)
    throw new UserError(`--valid-days must be a whole number of days, at least 1, not ${validDays}.`);
  if (now + validDays * 86_400 > MAX_UINT48) throw new UserError(`--valid-days ${validDays} is too far in the future.`);
  if (amount <= 0n) throw new UserError("--amount must be more than 0.");
  if (!Number.isInteger(interval) || interval < 0 || interval > MAX_UINT32)
    throw new UserError(`--interval must be 0 (one-off) or up to ${MAX_UINT32} seconds, not ${interval}.`);
  if (!Number.isInteger(maxRuns) || maxRuns < 1 || maxRuns > MAX_UINT32)
    throw new UserError(`--max-runs must be between 1 and ${MAX_UINT32}, not ${maxRuns}.`);
  if (interval === 0 && maxRuns !== 1) throw new UserError("A one-off intent (--interval 0) has --max-runs 1.");
  const perRun = amount + maxFee;
  if (perRun > token.totalSupply) {
    const fmt = (v: bigint) => `${formatAmount(v, token.decimals, token.decimals)} ${token.symbol}`;
    throw new UserError(
      `One run takes ${fmt(perRun)} (amount + max fee), more than the ${fmt(token.totalSupply)} in existence: no owner can ever cover it.`,
    );
  }
}

/** `--amount-mode` as the user writes it. */
export const AMOUNT_MODES = ["fixed", "percent", "sweep"] as const;

/**
 * The amount rule from `--amount-mode`, `--bps` and `--floor` (token units, `decimals`): FIXED takes neither flag,
 * percent needs `--bps` from 1 to 10000, sweep needs `--floor` (0 allowed: sweep everything). A flag that the mode
 * does not use is refused rather than silently ignored, each with one line.
 */
export function amountRule(
  mode: string,
  flags: { bps?: string | number; floor?: string },
  token: { symbol: string; decimals: number },
): Pick<PaymentIntent, "amountMode" | "amountParam"> {
  const name = mode.trim().toLowerCase();
  if (!(AMOUNT_MODES as readonly string[]).includes(name))
    throw new UserError(`--amount-mode must be fixed, percent or sweep, not "${mode}".`);
  if (name !== "percent" && flags.bps !== undefined)
    throw new UserError("--bps goes with --amount-mode percent (basis points of the balance).");
  if (name !== "sweep" && flags.floor !== undefined)
    throw new UserError("--floor goes with --amount-mode sweep (what stays in the wallet).");
  if (name === "percent") {
    if (flags.bps === undefined) throw new UserError("--amount-mode percent needs --bps <1..10000> (2000 = 20 %).");
    return {
      amountMode: AmountMode.PERCENT_OF_BALANCE,
      amountParam: BigInt(parseWhole(flags.bps, "--bps", 1, 10_000)),
    };
  }
  if (name === "sweep") {
    if (flags.floor === undefined)
      throw new UserError("--amount-mode sweep needs --floor <amount to keep> (0 for none).");
    const floor = parseAmount(flags.floor, token.decimals, { flag: "--floor", symbol: token.symbol, allowZero: true });
    return { amountMode: AmountMode.SWEEP_ABOVE, amountParam: floor };
  }
  return { amountMode: AmountMode.FIXED, amountParam: 0n };
}

/** The owner's posted intents that may still run (newest signature of each). */
export async function liveIntentsOf(
  executor: IntentExecutor,
  owner: string,
  fromBlock: number,
  toBlock: number,
  now: number,
): Promise<PostedIntent[]> {
  const live: PostedIntent[] = [];
  for (const posted of await discoverIntents(executor, fromBlock, toBlock, 10_000, owner)) {
    if ((await finishedReason(executor, posted, now)) === undefined) live.push(posted);
  }
  return live;
}

/** The owner's lowest nonce that is neither spent nor used by one of its live posted intents. */
export async function freshNonce(executor: IntentExecutor, owner: string, live: PostedIntent[]): Promise<bigint> {
  return nextNonce(
    executor,
    owner,
    live.map((p) => p.intent.nonce),
  );
}

/** A token as far as creating an intent goes. */
export interface IntentToken {
  allowance(owner: string, spender: string): Promise<bigint>;
  approve(spender: string, amount: bigint): Promise<{ wait(): Promise<unknown> }>;
}

/** What `createIntent` did. */
export interface CreatedIntent {
  intent: PaymentIntent;
  signature: string;
  hash: string;
  allowanceBefore: bigint;
  allowanceAfter: bigint;
}

/**
 * Completes `draft` with a fresh nonce (see `freshNonce`), raises the owner's allowance to the executor by what the
 * intent can take (never replacing what the owner's other intents rely on), signs it and posts it.
 */
export async function createIntent(
  executor: IntentExecutor,
  signer: Signer,
  token: IntentToken,
  draft: Omit<PaymentIntent, "nonce">,
  index: { fromBlock: number; toBlock: number; now: number },
): Promise<CreatedIntent> {
  const owner = await signer.getAddress();
  const live = await liveIntentsOf(executor, owner, index.fromBlock, index.toBlock, index.now);
  const intent: PaymentIntent = { ...draft, owner, nonce: await freshNonce(executor, owner, live) };
  const spender = await executor.getAddress();
  const allowanceBefore = await token.allowance(owner, spender);
  const allowanceAfter = raisedAllowance(allowanceBefore, intentTake(intent));
  if (allowanceAfter !== allowanceBefore) await (await token.approve(spender, allowanceAfter)).wait();
  const signature = await signIntent(signer, executor, intent);
  await (await executor.connect(signer).post(intent, signature)).wait();
  return { intent, signature, hash: await hashIntent(executor, intent), allowanceBefore, allowanceAfter };
}

/** What HealthFactorCondition spends around the pool's `healthFactor` call: decoding, the call, the comparison. */
export const HEALTH_CONDITION_OVERHEAD_GAS = 5_000n;

/**
 * Refuses (one line, before any transaction) a loan-protection intent that could never run: the executor gives a
 * condition exactly `CONDITION_GAS_LIMIT` gas, HealthFactorCondition passes 63/64 of what it has left to the pool,
 * and a health factor that runs out of gas answers "not met". Pricing an account costs about 30,000 gas per asset it
 * uses, so about six fit. `estimateGas` of `healthFactor` itself is the measure: the condition's try/catch would
 * hide an out-of-gas failure from an estimate of the condition. Returns what the check needs and the cap.
 */
export async function checkHealthConditionGas(
  pool: LendingPool,
  executor: IntentExecutor,
  owner: string,
): Promise<{ needed: bigint; cap: bigint }> {
  const cap = await executor.CONDITION_GAS_LIMIT();
  const data = pool.interface.encodeFunctionData("healthFactor", [owner]);
  const estimate = await pool.healthFactor.estimateGas(owner);
  const needed = estimate - intrinsicGas(data) + HEALTH_CONDITION_OVERHEAD_GAS;
  const available = ((cap - HEALTH_CONDITION_OVERHEAD_GAS) * 63n) / 64n + HEALTH_CONDITION_OVERHEAD_GAS;
  if (needed > available) {
    throw new UserError(
      `Loan protection cannot price this account: its health factor needs about ${needed.toLocaleString("en-US")} gas and the executor gives a condition ${cap.toLocaleString("en-US")} (about 30,000 per asset the account uses), so the intent would never run. Close positions you no longer use, then create it.`,
    );
  }
  return { needed, cap };
}

/**
 * The one posted intent whose hash starts with `prefix` (as printed by `intents list`, a trailing "…" allowed);
 * refuses a malformed or too short prefix, no match, and an ambiguous one, each with one line.
 */
export function matchPosted(posted: PostedIntent[], prefix: string): PostedIntent {
  const wanted = prefix.trim().toLowerCase().replace(/…$/, "");
  if (!/^0x[0-9a-f]{4,64}$/.test(wanted))
    throw new UserError(`--hash must be an intent hash or at least its first 4 hex digits (0x1a2b…), not "${prefix}".`);
  const matches = posted.filter((p) => p.hash.toLowerCase().startsWith(wanted));
  if (matches.length === 0) throw new UserError(`No posted intent ${wanted}: see \`npx hardhat intents list\`.`);
  if (matches.length > 1) {
    const shown = matches.slice(0, 3).map((p) => `${p.hash.slice(0, 12)}…`);
    throw new UserError(
      `--hash ${wanted} matches ${matches.length} posted intents (${shown.join(", ")}${matches.length > 3 ? ", …" : ""}): give more of the hash.`,
    );
  }
  return matches[0];
}

/** Refuses to cancel an intent that can never run again anyway (one line saying why). */
export async function checkCancellable(executor: IntentExecutor, posted: PostedIntent, now: number): Promise<void> {
  const finished = await finishedReason(executor, posted, now);
  if (finished !== undefined)
    throw new UserError(`Intent ${posted.hash} is already finished (${finished}): there is nothing to cancel.`);
}
