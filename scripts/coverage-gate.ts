/**
 * `npm run coverage` ends here: fails unless the contracts' coverage (mocks and proof harnesses excluded by
 * .solcover.js) meets the project's thresholds. Reads the istanbul summary that solidity-coverage writes.
 */
import fs from "node:fs";
import path from "node:path";

const THRESHOLDS = { lines: 95, branches: 90, functions: 100 } as const;

type Metric = keyof typeof THRESHOLDS;
const summaryFile = path.join(__dirname, "..", "coverage", "coverage-summary.json");
if (!fs.existsSync(summaryFile)) {
  console.error("Error: no coverage/coverage-summary.json: run `npm run coverage`.");
  process.exit(1);
}
const total = (JSON.parse(fs.readFileSync(summaryFile, "utf8")) as { total: Record<Metric, { pct: number }> }).total;
const failures = (Object.keys(THRESHOLDS) as Metric[]).filter((m) => total[m].pct < THRESHOLDS[m]);
for (const m of Object.keys(THRESHOLDS) as Metric[]) {
  console.log(`${m.padEnd(10)} ${total[m].pct.toFixed(2).padStart(6)}%  (gate ${THRESHOLDS[m]}%)`);
}
if (failures.length > 0) {
  console.error(`Coverage below the gate: ${failures.join(", ")}.`);
  process.exit(1);
}
console.log("Coverage gate passed.");
