import {
  AbiCoder,
  getAddress,
  solidityPacked,
  resolveAddress,
  Signature,
  TypedDataEncoder,
  type AddressLike,
  type Signer,
  type TypedDataDomain,
} from "ethers";

import type { ERC20Permit, IIntentExecutor, IntentExecutor } from "../../typechain-types";

/** What an intent does each run; values match `IIntentExecutor.Action`. */
export enum Action {
  PAY = 0,
  SAVE = 1,
  REPAY = 2,
  /** Sell `amount` of `token` through the swap adapter; the recipient receives at least `swapLimit` of `receiveToken`. */
  SWAP_PAY = 3,
  /** The recipient receives exactly `amount` of `receiveToken`, bought with at most `swapLimit` of `token`. */
  SWAP_PAY_EXACT_OUT = 4,
}

/** How a run's amount is found; values match `IIntentExecutor.AmountMode`. Every mode is capped by `amount`. */
export enum AmountMode {
  /** Exactly `amount`; `amountParam` is 0. */
  FIXED = 0,
  /** `amountParam` basis points (1..10 000) of the owner's balance net of the fee. */
  PERCENT_OF_BALANCE = 1,
  /** Everything of the owner's balance net of the fee above a floor of `amountParam` token units. */
  SWEEP_ABOVE = 2,
}

/** Basis points in 100 %. */
export const BPS = 10_000n;

/** A payment intent as signed and as passed to `execute` (fields in the contract's order). */
export interface PaymentIntent {
  owner: string;
  token: string;
  recipient: string;
  action: Action;
  amountMode: AmountMode;
  amount: bigint;
  amountParam: bigint;
  maxFee: bigint;
  interval: number;
  maxRuns: number;
  validAfter: number;
  validUntil: number;
  condition: string;
  conditionData: string;
  nonce: bigint;
  /** Swaps: the token the recipient receives; zero otherwise. */
  receiveToken: string;
  /** SWAP_PAY: least received per run; SWAP_PAY_EXACT_OUT: most sold per run; 0 otherwise. */
  swapLimit: bigint;
  /** Swaps: the packed Uniswap v3 path (`encodeSwapPath`); "0x" otherwise. */
  swapPath: string;
}

/**
 * The EIP-712 types of `PaymentIntent`: the one place outside the contract that spells the type. A test checks
 * that it hashes to the contract's `PAYMENT_INTENT_TYPEHASH`.
 */
export const PAYMENT_INTENT_TYPES = {
  PaymentIntent: [
    { name: "owner", type: "address" },
    { name: "token", type: "address" },
    { name: "recipient", type: "address" },
    { name: "action", type: "uint8" },
    { name: "amountMode", type: "uint8" },
    { name: "amount", type: "uint256" },
    { name: "amountParam", type: "uint256" },
    { name: "maxFee", type: "uint256" },
    { name: "interval", type: "uint32" },
    { name: "maxRuns", type: "uint32" },
    { name: "validAfter", type: "uint48" },
    { name: "validUntil", type: "uint48" },
    { name: "condition", type: "address" },
    { name: "conditionData", type: "bytes" },
    { name: "nonce", type: "uint256" },
    { name: "receiveToken", type: "address" },
    { name: "swapLimit", type: "uint256" },
    { name: "swapPath", type: "bytes" },
  ],
};

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** Fills the optional fields: a one-off FIXED intent, valid from now for a day, no condition. */
export function buildIntent(
  fields: Pick<PaymentIntent, "owner" | "token" | "amount"> & Partial<PaymentIntent>,
  now: number,
): PaymentIntent {
  return {
    recipient: ZERO_ADDRESS,
    action: Action.PAY,
    amountMode: AmountMode.FIXED,
    amountParam: 0n,
    maxFee: 0n,
    interval: 0,
    maxRuns: 1,
    validAfter: now,
    validUntil: now + 86_400,
    condition: ZERO_ADDRESS,
    conditionData: "0x",
    nonce: BigInt(Math.floor(Math.random() * 2 ** 48)),
    receiveToken: ZERO_ADDRESS,
    swapLimit: 0n,
    swapPath: "0x",
    ...fields,
  };
}

/**
 * The owner's lowest unused nonce from word `wordPos` on, skipping `pending` (nonces of intents signed but not yet
 * run, which the bitmap does not know about). Nonces in a word the owner already used are cheap: spending a bit
 * in a non-zero word costs ~5k gas, opening a fresh word ~22k. `buildIntent`'s random default always opens one.
 */
export async function nextNonce(
  executor: Pick<IntentExecutor, "nonceBitmap">,
  owner: string,
  pending: Iterable<bigint> = [],
  wordPos = 0n,
): Promise<bigint> {
  const skip = new Set(pending);
  for (let word = wordPos; ; ++word) {
    const bitmap = await executor.nonceBitmap(owner, word);
    for (let bit = 0n; bit < 256n; ++bit) {
      const nonce = (word << 8n) | bit;
      if ((bitmap & (1n << bit)) === 0n && !skip.has(nonce)) return nonce;
    }
  }
}

/** The executor's EIP-712 domain, read from the contract itself (ERC-5267), so it is right on every chain. */
export async function intentDomain(executor: IntentExecutor): Promise<TypedDataDomain> {
  const domain = await executor.eip712Domain();
  return {
    name: domain.name,
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract: domain.verifyingContract,
  };
}

/** Signs `intent` for `executor` (EIP-712 typed data). */
export async function signIntent(signer: Signer, executor: IntentExecutor, intent: PaymentIntent): Promise<string> {
  return signer.signTypedData(await intentDomain(executor), PAYMENT_INTENT_TYPES, intent);
}

/** The digest `execute` checks and `intentState` is keyed by, computed off-chain. */
export async function hashIntent(executor: IntentExecutor, intent: PaymentIntent): Promise<string> {
  return TypedDataEncoder.hash(await intentDomain(executor), PAYMENT_INTENT_TYPES, intent);
}

/** Whether the action is one of the two swaps. */
export function isSwap(action: Action): boolean {
  return action === Action.SWAP_PAY || action === Action.SWAP_PAY_EXACT_OUT;
}

/**
 * A packed Uniswap v3 path: `tokens[0]`, `fees[0]`, `tokens[1]`, … (one fee, in hundredths of a basis point, per
 * hop: 500, 3000, 10000). SWAP_PAY lists the tokens from the one sold to the one received; SWAP_PAY_EXACT_OUT
 * lists them the other way round, as Uniswap's exactOutput reads them.
 */
export function encodeSwapPath(tokens: string[], fees: number[]): string {
  if (tokens.length < 2 || fees.length !== tokens.length - 1) {
    throw new Error(`a swap path needs one fee per hop: ${tokens.length} tokens, ${fees.length} fees`);
  }
  const types = tokens.flatMap((_, i) => (i === 0 ? ["address"] : ["uint24", "address"]));
  const values = tokens.flatMap((t, i) => (i === 0 ? [t] : [fees[i - 1], t]));
  return solidityPacked(types, values);
}

/** The tokens and fees of a packed Uniswap v3 path, or undefined when its length is not 20 + 23 × hops. */
export function decodeSwapPath(path: string): { tokens: string[]; fees: number[] } | undefined {
  const hex = path.startsWith("0x") ? path.slice(2) : path;
  const bytes = hex.length / 2;
  if (bytes < 43 || (bytes - 20) % 23 !== 0) return undefined;
  const tokens = [getAddress(`0x${hex.slice(0, 40)}`)];
  const fees: number[] = [];
  for (let at = 40; at < hex.length; at += 46) {
    fees.push(parseInt(hex.slice(at, at + 6), 16));
    tokens.push(getAddress(`0x${hex.slice(at + 6, at + 46)}`));
  }
  return { tokens, fees };
}

/** conditionData for `PriceCondition`: met when the asset's USD price (wad) is above / below the threshold. */
export function priceConditionData(asset: string, thresholdUsdWad: bigint, above: boolean): string {
  return AbiCoder.defaultAbiCoder().encode(["address", "uint256", "bool"], [asset, thresholdUsdWad, above]);
}

/** conditionData for `HealthFactorCondition`: met when the owner's health factor is below the threshold. */
export function healthFactorConditionData(thresholdWad: bigint): string {
  return AbiCoder.defaultAbiCoder().encode(["uint256"], [thresholdWad]);
}

/** The intent's fields as a tuple in the contract's order (e.g. to compare with an event's struct argument). */
export function intentValues(intent: PaymentIntent): PaymentIntent[keyof PaymentIntent][] {
  return PAYMENT_INTENT_TYPES.PaymentIntent.map(({ name }) => intent[name as keyof PaymentIntent]);
}

/** An intent decoded from an `IntentPosted` log back into the toolkit's shape. */
export function intentFromStruct(s: IIntentExecutor.PaymentIntentStructOutput): PaymentIntent {
  return {
    owner: s.owner,
    token: s.token,
    recipient: s.recipient,
    action: Number(s.action) as Action,
    amountMode: Number(s.amountMode) as AmountMode,
    amount: s.amount,
    amountParam: s.amountParam,
    maxFee: s.maxFee,
    interval: Number(s.interval),
    maxRuns: Number(s.maxRuns),
    validAfter: Number(s.validAfter),
    validUntil: Number(s.validUntil),
    condition: s.condition,
    conditionData: s.conditionData,
    nonce: s.nonce,
    receiveToken: s.receiveToken,
    swapLimit: s.swapLimit,
    swapPath: s.swapPath,
  };
}

/**
 * What a run of `intent` would move for an owner holding `balance` with `fee` asked, as the executor computes it
 * (before REPAY's cap at the debt), or the reason it would revert. The one off-chain copy of the rule, for
 * `intents list` and the keeper's previews; a test checks it against the contract.
 */
export function modeAmount(
  intent: Pick<PaymentIntent, "amountMode" | "amount" | "amountParam">,
  balance: bigint,
  fee: bigint,
): { amount: bigint } | { error: "MalformedIntent" | "NothingToMove" | "BalanceNotAboveFloor" } {
  const { amountMode: mode, amount: max, amountParam: param } = intent;
  if (mode === AmountMode.FIXED) return param === 0n ? { amount: max } : { error: "MalformedIntent" };
  const spendable = balance > fee ? balance - fee : 0n;
  let amount: bigint;
  if (mode === AmountMode.PERCENT_OF_BALANCE) {
    if (param === 0n || param > BPS) return { error: "MalformedIntent" };
    amount = (spendable * param) / BPS;
    if (amount === 0n) return { error: "NothingToMove" };
  } else if (mode === AmountMode.SWEEP_ABOVE) {
    if (spendable <= param) return { error: "BalanceNotAboveFloor" };
    amount = spendable - param;
  } else return { error: "MalformedIntent" };
  return { amount: amount > max ? max : amount };
}

/**
 * Whether the swap fields can never run, as the executor checks them: a swap needs a non-zero `swapLimit`, a
 * `receiveToken` other than `token`, FIXED for exact output, and a well-formed path between the two tokens; any
 * other action must leave the swap fields empty.
 */
export function malformedSwap(
  intent: Pick<PaymentIntent, "action" | "token" | "amountMode" | "receiveToken" | "swapLimit" | "swapPath">,
): boolean {
  if (!isSwap(intent.action)) {
    return intent.receiveToken !== ZERO_ADDRESS || intent.swapLimit !== 0n || intent.swapPath !== "0x";
  }
  if (intent.swapLimit === 0n || intent.receiveToken.toLowerCase() === intent.token.toLowerCase()) return true;
  const exactOut = intent.action === Action.SWAP_PAY_EXACT_OUT;
  if (exactOut && intent.amountMode !== AmountMode.FIXED) return true;
  const path = decodeSwapPath(intent.swapPath);
  if (path === undefined || path.fees.length > 3) return true;
  const [first, last] = exactOut ? [intent.receiveToken, intent.token] : [intent.token, intent.receiveToken];
  return (
    path.tokens[0].toLowerCase() !== first.toLowerCase() || path.tokens.at(-1)!.toLowerCase() !== last.toLowerCase()
  );
}

/** Whether the mode's own fields can never run (unknown mode, FIXED with a parameter, basis points out of range). */
export function malformedMode(
  intent: Pick<PaymentIntent, "amountMode" | "amountParam"> &
    Partial<Pick<PaymentIntent, "action" | "token" | "receiveToken" | "swapLimit" | "swapPath">>,
): boolean {
  const { amountMode: mode, amountParam: param } = intent;
  if (intent.action !== undefined && malformedSwap(intent as PaymentIntent)) return true;
  if (mode === AmountMode.FIXED) return param !== 0n;
  if (mode === AmountMode.PERCENT_OF_BALANCE) return param === 0n || param > BPS;
  return mode !== AmountMode.SWEEP_ABOVE;
}

/**
 * The intent's amount rule in words, e.g. "25 USDC", "20% of balance, max 100 USDC", "all above 500 USDC, max 1000
 * USDC"; `fmt` prints token units.
 */
export function describeAmount(
  intent: Pick<PaymentIntent, "amountMode" | "amount" | "amountParam">,
  fmt: (v: bigint) => string,
): string {
  if (intent.amountMode === AmountMode.PERCENT_OF_BALANCE) {
    const bps = intent.amountParam;
    const percent = `${bps / 100n}${bps % 100n === 0n ? "" : `.${(bps % 100n).toString().padStart(2, "0").replace(/0$/, "")}`}`;
    return `${percent}% of balance, max ${fmt(intent.amount)}`;
  }
  if (intent.amountMode === AmountMode.SWEEP_ABOVE)
    return `all above ${fmt(intent.amountParam)}, max ${fmt(intent.amount)}`;
  return fmt(intent.amount);
}

/**
 * When the intent may next run, from its state (`runs`, `lastRun` as `intentState` returns them): its first
 * second for a fresh intent, the start of the period after its last run for a recurring one; undefined when it
 * can never run again (all runs done, or past `validUntil`). A time already past means "now".
 */
export function nextRunAt(
  intent: Pick<PaymentIntent, "interval" | "maxRuns" | "validAfter" | "validUntil">,
  runs: number,
  lastRun: number,
): number | undefined {
  if (runs >= intent.maxRuns) return undefined;
  let next = intent.validAfter;
  if (runs > 0 && intent.interval > 0) {
    const lastPeriod = Math.floor((lastRun - intent.validAfter) / intent.interval);
    next = intent.validAfter + (lastPeriod + 1) * intent.interval;
  }
  return next > intent.validUntil ? undefined : next;
}

/** The EIP-712 types of an ERC-2612 permit. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** An ERC-2612 permit split the way `executeWithPermit` takes it. */
export interface PermitSignature {
  value: bigint;
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

/**
 * Signs an ERC-2612 permit of `value` for `spender` (e.g. the executor, for `executeWithPermit`), with the token's
 * own domain (ERC-5267) and the owner's current permit nonce.
 */
export async function signPermit(
  owner: Signer,
  token: Pick<ERC20Permit, "eip712Domain" | "nonces">,
  spender: AddressLike,
  value: bigint,
  deadline: bigint,
): Promise<PermitSignature> {
  const ownerAddress = await owner.getAddress();
  const d = await token.eip712Domain();
  const domain = { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
  const message = {
    owner: ownerAddress,
    spender: await resolveAddress(spender),
    value,
    nonce: await token.nonces(ownerAddress),
    deadline,
  };
  const { v, r, s } = Signature.from(await owner.signTypedData(domain, PERMIT_TYPES, message));
  return { value, deadline, v, r, s };
}

/** A transaction's intrinsic gas: 21,000 plus 4 per zero and 16 per non-zero calldata byte. */
export function intrinsicGas(data: string): bigint {
  let gas = 21_000n;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === "00" ? 4n : 16n;
  return gas;
}
