/**
 * The lending tasks' arithmetic, in one place the tasks, the demo and the tests share: pause flags, idle liquidity,
 * borrowing room and the approval a "max" repayment needs. Task files keep only flags and printing.
 */
import { MAX } from "./args";
import { WAD } from "./units";

/** ILendingPool pause flags (LendingPool.PAUSE_SUPPLY / PAUSE_BORROW). */
export const PAUSE_SUPPLY = 1n;
export const PAUSE_BORROW = 2n;

/** One hour of interest at the current borrow rate, plus one unit: the margin approved for a "max" repayment. */
export const INTEREST_MARGIN_SECONDS = 3_600n;

/** The pause flags as words ("supply paused", "borrow paused"), or "active". */
export function pauseStatus(flags: bigint | number): string {
  const f = BigInt(flags);
  const words = [f & PAUSE_SUPPLY ? "supply paused" : "", f & PAUSE_BORROW ? "borrow paused" : ""].filter(Boolean);
  return words.length === 0 ? "active" : words.join(", ");
}

/** Tokens of a reserve that are not lent out: what a withdrawal, a borrow or a seizure paid in tokens can take. */
export function idleLiquidity(reserve: { totalSupplyAssets: bigint; totalBorrowAssets: bigint }): bigint {
  return reserve.totalSupplyAssets > reserve.totalBorrowAssets
    ? reserve.totalSupplyAssets - reserve.totalBorrowAssets
    : 0n;
}

/** How much of an asset (token units) an account can still borrow: its headroom under the borrow limit at `price`. */
export function borrowRoom(
  account: { borrowLimit: bigint; debtValue: bigint },
  priceWad: bigint,
  decimals: number | bigint,
): bigint {
  const headroom = account.borrowLimit > account.debtValue ? account.borrowLimit - account.debtValue : 0n;
  return (headroom * 10n ** BigInt(decimals)) / priceWad;
}

/**
 * What a repayment of `amount` (or `MAX`) of `debt` must approve (the debt plus an hour of interest for "max", since
 * the pool repays the debt as it is when the transaction runs) and what the payer must hold.
 */
export function repayNeeds(amount: bigint, debt: bigint, ratePerSecondWad: bigint): { approve: bigint; hold: bigint } {
  const all = amount === MAX || amount > debt;
  const margin = (debt * ratePerSecondWad * INTEREST_MARGIN_SECONDS) / WAD + 1n;
  return { approve: all ? debt + margin : amount, hold: all ? debt : amount };
}
