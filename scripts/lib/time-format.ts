// Time formatting without dependencies, shared by the CLI (scripts/lib/format.ts) and the dashboard (app/).

/** Unix seconds as "2025-01-31 14:05:00 UTC". */
export function formatTimestamp(seconds: bigint | number): string {
  return `${new Date(Number(seconds) * 1000).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

/** A duration in seconds in its two largest units, zeros left out: "5 days", "1 day 6 h", "2 min 5 s", "45 s". */
export function formatDuration(seconds: bigint | number): string {
  let rest = Math.max(0, Math.floor(Number(seconds)));
  const parts: string[] = [];
  for (const [size, unit] of [
    [86_400, "day"],
    [3_600, "h"],
    [60, "min"],
    [1, "s"],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(unit === "day" ? `${n} day${n === 1 ? "" : "s"}` : `${n} ${unit}`);
  }
  return parts.length === 0 ? "0 s" : parts.slice(0, 2).join(" ");
}
