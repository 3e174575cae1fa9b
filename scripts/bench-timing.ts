import { formatAmount, markdownTable } from "./lib/format";
import { DEFAULT_TIMING, type TimingOptions, type TxShape } from "./lib/timing";
import { replayTiming, syntheticFeeSeries, syntheticIntents } from "./lib/timing-replay";

/**
 * `npm run bench:timing`: the keeper's fee-optimal timing policy against "execute as soon as due", replayed on a
 * seeded synthetic OP-stack fee series of a week of 2-second blocks (TIMING_SEED, TIMING_INTENTS override). Prints
 * the cost of each strategy, the saving and the deadlines missed; exits 1 if the policy misses one or costs more.
 */

const SEED = Number(process.env.TIMING_SEED ?? 17);
const INTENTS = Number(process.env.TIMING_INTENTS ?? 2_000);
const BLOCKS = (7 * 86_400) / 2; // a week of 2-second blocks
const LOOKBACK_SECONDS = 6 * 3_600;

/** A PAY (~72k gas, ~740 calldata bytes) and a SAVE (~150k gas), sized as the gas benchmark measures them. */
const SHAPES: TxShape[] = [
  { gas: 72_000, l1SizeScaled: 330e6 },
  { gas: 150_000, l1SizeScaled: 330e6 },
];

const started = Date.now();
const series = syntheticFeeSeries(BLOCKS, SEED);
const intents = syntheticIntents(series, INTENTS, SEED + 1, SHAPES);
const options: TimingOptions = { ...DEFAULT_TIMING, pollSeconds: 16 };
const r = replayTiming(series, intents, options, LOOKBACK_SECONDS);
const saved = r.asapCostWei - r.policyCostWei;
const wei = (v: number) => `${formatAmount(BigInt(Math.round(v)), 9, 0)} gwei`;

console.log(
  `Fee series: ${series.length.toLocaleString("en-US")} blocks (7 days of 2 s), seed ${SEED}; ${r.intents} intents ` +
    `due uniformly, windows 10 min / 1 h / 6 h / 1 day; keeper polls every ${options.pollSeconds} s; margin ` +
    `${options.marginSeconds} s, confidence ${options.confidence}, lookback ${LOOKBACK_SECONDS / 3_600} h.`,
);
console.log(
  markdownTable(
    ["strategy", "total cost", "mean per intent", "deadlines missed"],
    [
      ["as soon as due", wei(r.asapCostWei), wei(r.asapCostWei / r.intents), String(r.asapMissed)],
      ["fee-optimal timing", wei(r.policyCostWei), wei(r.policyCostWei / r.intents), String(r.policyMissed)],
    ],
  ),
);
console.log(
  `Saved ${wei(saved)} (${((100 * saved) / r.asapCostWei).toFixed(1)} %), mean wait ${Math.round(r.meanWaitSeconds / 60)} min, ` +
    `deadlines missed ${r.policyMissed}; ${Date.now() - started} ms.`,
);
if (r.policyMissed > 0 || saved < 0) {
  console.error("The timing policy missed a deadline or cost more than executing as soon as due.");
  process.exitCode = 1;
}
