/** Seconds in a 365-day year: the convention for per-second rates. */
export const SECONDS_PER_YEAR = 31_536_000n;

export const WAD = 10n ** 18n;

/** An annual percentage (e.g. "4.5") as a per-second rate in wad, rounded down. */
export function aprToRatePerSecond(percent: string | number): bigint {
  const [whole, fraction = ""] = String(percent).split(".");
  const scaled = BigInt(whole + fraction.padEnd(6, "0").slice(0, 6)); // percent × 1e6
  return (scaled * WAD) / (100n * 1_000_000n) / SECONDS_PER_YEAR;
}

/** A per-second wad rate as an annual percentage, for display. */
export function ratePerSecondToApr(ratePerSecondWad: bigint): number {
  return Number((ratePerSecondWad * SECONDS_PER_YEAR * 10_000n) / WAD) / 100;
}
