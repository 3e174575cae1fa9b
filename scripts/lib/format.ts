import { formatUnits } from "ethers";

/** `1234567n, 6` → "1.234567"; trailing zeros trimmed, thousands separated for reading. */
export function formatAmount(amount: bigint, decimals: number | bigint, maxFractionDigits = 6): string {
  const [whole, fraction = ""] = formatUnits(amount, decimals).split(".");
  const wholeGrouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const trimmed = fraction.slice(0, maxFractionDigits).replace(/0+$/, "");
  return trimmed === "" ? wholeGrouped : `${wholeGrouped}.${trimmed}`;
}

/** A wad (1e18 = 1.0) as a decimal string. */
export function formatWad(wad: bigint, fractionDigits = 4): string {
  return formatAmount(wad, 18, fractionDigits);
}

/** Wei as ether with its unit: "1.25 ETH", "10,000 ETH"; amounts under a micro-ether keep their significant digits. */
export function formatEth(wei: bigint): string {
  return `${formatAmount(wei, 18, wei !== 0n && wei < 10n ** 12n ? 18 : 6)} ETH`;
}

/** A fee per gas in gwei: "3 gwei", "0.001 gwei". */
export function formatGwei(wei: bigint): string {
  return `${formatAmount(wei, 9, 9)} gwei`;
}

/** Gas with thousands separators. */
export function formatGas(gas: bigint | number): string {
  return BigInt(gas).toLocaleString("en-US");
}

/** Renders rows as a Markdown table (also readable in a terminal). */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? "").padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

export { formatDuration, formatTimestamp } from "./time-format";

/** A wad fraction (1e18 = 100%) as a percentage: "42.5%". */
export function formatPercentWad(wad: bigint, fractionDigits = 2): string {
  return `${formatAmount(wad * 100n, 18, fractionDigits)}%`;
}

/** Basis points as a percentage: 8250 → "82.5%". */
export function formatBps(bps: bigint | number): string {
  return `${formatAmount(BigInt(bps), 2, 2)}%`;
}

/** A USD wad as dollars: "$1,234.56". */
export function formatUsd(wad: bigint, fractionDigits = 2): string {
  return `$${formatAmount(wad, 18, fractionDigits)}`;
}

/** A health factor wad; `type(uint256).max` (no debt) reads "∞". */
export function formatHealthFactor(wad: bigint): string {
  return wad === 2n ** 256n - 1n ? "∞ (no debt)" : formatWad(wad, 4);
}

/** Renders label/value pairs as aligned lines ("label   value"). */
export function summary(pairs: [string, string][]): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n");
}
