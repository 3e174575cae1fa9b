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
