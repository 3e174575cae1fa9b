import { Interface, isHexString, type ErrorDescription, type InterfaceAbi, type ParamType } from "ethers";

import { formatBps, formatDuration, formatTimestamp, formatUsd, formatWad } from "./format";
import { ROLES } from "./roles";

/** A mistake the user can fix: printed as one line, never with a stack trace. */
export class UserError extends Error {
  override name = "UserError";
}

/**
 * Every custom error an intent's execution can revert with: the executor's own (with the OpenZeppelin libraries
 * it uses), the lending pool's and oracle's (SAVE, REPAY), and the ERC-6093 token errors (allowance, balance).
 * Built on first use: typechain-types only exists after the first compile, and Hardhat tasks load this file before.
 */
let intentErrorInterfaces: Interface[] | undefined;
export function intentErrors(): readonly Interface[] {
  if (intentErrorInterfaces === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred until typechain-types exists
    const t = require("../../typechain-types") as typeof import("../../typechain-types");
    intentErrorInterfaces = [
      t.IntentExecutor__factory.createInterface(),
      t.ILendingPool__factory.createInterface(),
      t.IPriceOracle__factory.createInterface(),
      t.IERC20Errors__factory.createInterface(),
      t.ISwapAdapter__factory.createInterface(),
    ];
  }
  return intentErrorInterfaces;
}

/** The revert data an ethers or Hardhat error carries (searching nested causes), if any. */
export function revertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (typeof e !== "object" || e === null || seen.has(e)) continue;
    seen.add(e);
    const {
      data,
      error: inner,
      info,
      cause,
    } = e as { data?: unknown; error?: unknown; info?: unknown; cause?: unknown };
    if (typeof data === "string" && isHexString(data)) return data;
    queue.push(data, inner, info, cause, (info as { error?: unknown } | undefined)?.error);
  }
  return undefined;
}

/** The custom error (or `Error(string)` / `Panic`) that `data` encodes, decoded by the first interface knowing it. */
export function decodeRevert(
  data: string,
  interfaces: readonly Interface[] = intentErrors(),
): { name: string; args: unknown[] } | undefined {
  for (const iface of interfaces) {
    try {
      const parsed = iface.parseError(data);
      if (parsed !== null) return { name: parsed.name, args: Array.from(parsed.args) };
    } catch {
      // Undecodable arguments for this interface: try the next one.
    }
  }
  return undefined;
}

/** `describeFailure` for raw revert data (e.g. the `reason` of an `IntentFailed` event), its values made readable. */
export function describeRevertData(data: string, interfaces: readonly Interface[] = intentErrors()): string {
  if (data === "0x") return "empty revert (out of gas?)";
  const parsed = parseErrorWith(data, interfaces);
  if (parsed === undefined) return `unknown error ${data.slice(0, 10)}`;
  return `${parsed.name}(${parsed.fragment.inputs.map((input, i) => readableArg(input, parsed.args[i])).join(", ")})`;
}

function parseErrorWith(data: string, interfaces: readonly Interface[]): ErrorDescription | undefined {
  for (const iface of interfaces) {
    try {
      const parsed = iface.parseError(data);
      if (parsed !== null) return parsed;
    } catch {
      // Undecodable arguments for this interface: try the next one.
    }
  }
  return undefined;
}

// ───────── readable values ─────────

/** Address → name ("pool", "timelock"), filled from the address book by `nameAddresses`. */
const addressNames = new Map<string, string>();

/** Lets decoded errors name these addresses (an address book: name → address). */
export function nameAddresses(book: Readonly<Record<string, string>>): void {
  for (const [name, address] of Object.entries(book)) addressNames.set(address.toLowerCase(), name);
}

/** The address book's name for `address`, if it has one. */
export function addressName(address: string): string | undefined {
  return addressNames.get(address.toLowerCase());
}

/** Parameter names that hold a Unix timestamp. */
const TIMESTAMP_NAME = /(At|Since|Until|After|^expiry|Expiry|^timestamp|^deadline|^eta)$/;
/** Parameter names that hold a duration in seconds. */
const DURATION_NAME = /(heartbeat|Period|Delay)$/i;
/** Parameter names that hold a USD value in wad (the pool's accountData fields). */
const USD_NAME = /(Value|Usd|^borrowLimit)$/;

/**
 * One error argument as a person reads it, chosen by its ABI name: timestamps as dates, durations in units, wads as
 * decimals, basis points as percentages, USD values in dollars, AccessManager role ids by role name, and addresses
 * by their address-book name when the book is known. Anything else is printed as it is.
 */
export function readableValue(name: string, type: string, value: unknown): string {
  if (type === "address" && typeof value === "string") return addressName(value) ?? value;
  if (typeof value !== "bigint") return String(value);
  if (name === "roleId")
    return (Object.keys(ROLES) as (keyof typeof ROLES)[]).find((r) => ROLES[r] === value) ?? `${value}`;
  if (TIMESTAMP_NAME.test(name) && value > 0n && value < 2n ** 40n) return formatTimestamp(value);
  if (DURATION_NAME.test(name) && value < 2n ** 40n) return formatDuration(value);
  if (name.endsWith("Wad")) return formatWad(value);
  if (name.endsWith("Bps")) return formatBps(value);
  if (USD_NAME.test(name)) return formatUsd(value);
  return value.toString();
}

function readableArg(input: ParamType, value: unknown): string {
  return readableValue(input.name, input.type, value);
}

/** What to do about the custom errors a user meets most, keyed by error name (the decoded arguments at hand). */
const HINTS: Record<string, (args: Record<string, string>) => string> = {
  InsufficientCollateral: () =>
    "the borrow limit would not cover the debt: supply more collateral, or borrow or withdraw less",
  HealthyPosition: () => "only accounts with a health factor below 1 can be liquidated",
  StalePrice: () => "the price feed is older than its heartbeat (on a local chain, `dev price` posts a fresh one)",
  InvalidPrice: () => "the price feed answers zero or a negative price",
  SequencerDown: () => "the L2 sequencer is down: borrowing and liquidations wait until it is back",
  GracePeriodNotOver: () => "the L2 sequencer is back but its grace period is not over",
  InsufficientLiquidity: () => "the pool does not hold that much of the asset idle right now",
  OperationPaused: () => "the guardian paused this operation for the asset",
  SupplyCapExceeded: () => "the asset's supply cap is reached",
  BorrowCapExceeded: () => "the asset's borrow cap is reached",
  BorrowDisabled: () => "governance has not enabled borrowing of this asset",
  AssetNotListed: () => "the lending pool does not list this asset",
  InvalidLtv: () => "the LTV must stay below the liquidation threshold",
  AlreadyRanThisPeriod: (a) => `the intent runs once per period; the next run may start ${a.nextRunAt}`,
  ConditionNotMet: () => "the intent's condition is not met yet",
  FeeTooHigh: () => "the fee asked is above the intent's maxFee",
  Expired: () => "the intent's validity has ended",
  NotYetValid: () => "the intent is not valid yet",
  MaxRunsReached: () => "the intent has run as often as it allows",
  IntentIsCancelled: () => "its owner cancelled the intent",
  NonceUsed: () => "this one-off intent ran already, or its nonce was invalidated",
  AccessManagedUnauthorized: () =>
    "only the role mapped to this function may call it: change it through governance (`dao propose`)",
  AccessManagerUnauthorizedAccount: (a) => `${a.msgsender} does not hold the ${a.roleId} role`,
  ERC20InsufficientBalance: () => "the sender holds too little of the token",
  ERC20InsufficientAllowance: () => "the spender's allowance is too small: approve it first",
  GovernorInsufficientProposerVotes: () =>
    "the proposer's votes are below the proposal threshold: on the token house delegate QRT (`dao delegate`); on the Citizens' House the proposer needs a verified profile",
  GovernorUnexpectedProposalState: () => "the proposal is not in the state this step needs (`dao proposals` shows it)",
  HandleTaken: () => "pick another handle",
  InvalidHandle: () => "handles are 3 to 32 characters of a-z, 0-9 and _, not starting with _",
  NotVerifier: () => "the attestation's signer does not hold the VERIFIER role",
  TotalPriceAboveMax: () => "raise the most you accept to pay",
  SoldOut: () => "the pass has fewer left than asked",
};

/** `Name(arg=value, …)` with readable values, plus a hint for the common errors: what `explain` prints after "reverted". */
export function describeCustomError(parsed: ErrorDescription): string {
  const named: Record<string, string> = {};
  const args = parsed.fragment.inputs.map((input, i) => {
    const value = readableArg(input, parsed.args[i]);
    named[input.name || String(i)] = value;
    return `${input.name || i}=${value}`;
  });
  const hint = HINTS[parsed.name]?.(named);
  return `${parsed.name}(${args.join(", ")})${hint === undefined ? "" : ` — ${hint}`}`;
}

/**
 * One readable phrase for a failure: `FeeTooHigh(2000000, 1000000)`, `empty revert (out of gas?)`, an unknown
 * selector, or — without revert data — ethers' short message (with the gas used when a receipt came back) or the
 * error's first line.
 */
export function describeFailure(error: unknown, interfaces: readonly Interface[] = intentErrors()): string {
  const data = revertData(error);
  if (data !== undefined) return describeRevertData(data, interfaces);
  const { shortMessage, receipt } = error as { shortMessage?: string; receipt?: { gasUsed?: bigint } };
  const message = shortMessage ?? (error instanceof Error ? error.message : String(error)).split("\n")[0];
  return receipt?.gasUsed === undefined ? message : `${message} (gas used ${receipt.gasUsed})`;
}

/**
 * The one line a script or task prints for `error`: the user error's message, or the revert decoded with the given
 * ABIs and made readable (`reverted InsufficientCollateral(borrowLimit=$0, debtValue=$400) — supply more…`), or what
 * an empty answer from a contract means, or the shortest message ethers offers.
 */
export function explain(error: unknown, abis: InterfaceAbi[] = []): string {
  if (error instanceof UserError) return error.message;
  const data = revertData(error);
  if (data !== undefined && data !== "0x") {
    const parsed = parseErrorWith(
      data,
      abis.map((abi) => new Interface(abi)),
    );
    if (parsed !== undefined) return `reverted ${describeCustomError(parsed)}`;
  }
  const { code, value } = error as { code?: string; value?: unknown };
  if (code === "BAD_DATA" && value === "0x") {
    return "a contract of the address book answered nothing: no contract there (was the node restarted? run `npm run deploy` again)";
  }
  return describeFailure(error, []);
}
