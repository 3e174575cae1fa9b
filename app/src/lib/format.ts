import { formatUnits, maxUint256 } from "viem";

export const WAD = 10n ** 18n;

/** `1234567n, 6` → "1.234567"; trailing zeros trimmed, thousands separated (as the CLI's formatAmount). */
export function formatAmount(amount: bigint, decimals: number, maxFractionDigits = 6): string {
  const negative = amount < 0n;
  const [whole, fraction = ""] = formatUnits(negative ? -amount : amount, decimals).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const trimmed = fraction.slice(0, maxFractionDigits).replace(/0+$/, "");
  return `${negative ? "-" : ""}${trimmed === "" ? grouped : `${grouped}.${trimmed}`}`;
}

/** A USD wad as dollars: "$1,234.56". */
export function formatUsd(wad: bigint, fractionDigits = 2): string {
  return `$${formatAmount(wad, 18, fractionDigits)}`;
}

/** A wad fraction (1e18 = 100%) as a percentage: "42.5%". */
export function formatPercentWad(wad: bigint, fractionDigits = 2): string {
  return `${formatAmount(wad * 100n, 18, fractionDigits)}%`;
}

/** Basis points as a percentage: 8250 → "82.5%". */
export function formatBps(bps: bigint | number): string {
  return `${formatAmount(BigInt(bps), 2, 2)}%`;
}

/** Whether an account has no debt: the pool reports its health factor as type(uint256).max. */
export function hasNoDebt(healthFactorWad: bigint): boolean {
  return healthFactorWad === maxUint256;
}

/** A health factor wad: "1.0834", or "∞" for an account without debt. Truncated, never rounded up. */
export function formatHealthFactor(healthFactorWad: bigint): string {
  return hasNoDebt(healthFactorWad) ? "∞" : formatAmount(healthFactorWad, 18, 4);
}

export type Health = "none" | "liquidatable" | "at-risk" | "healthy";

/** Below 1 the pool lets anyone liquidate; below 1.1 is shown as at risk. */
export function healthOf(healthFactorWad: bigint): Health {
  if (hasNoDebt(healthFactorWad)) return "none";
  if (healthFactorWad < WAD) return "liquidatable";
  if (healthFactorWad < (11n * WAD) / 10n) return "at-risk";
  return "healthy";
}

export { formatDuration, formatTimestamp } from "../../../scripts/lib/time-format";

/** "0x1234…abcd". */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
