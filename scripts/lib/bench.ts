import { formatGas, markdownTable } from "./format";

/**
 * The gas benchmark's budgets and its verdict, apart from the chain work in scripts/bench.ts so that the rules
 * (budget, 1% regression tolerance, every key measured) are unit-tested.
 */

/** Budgets from DESIGN.md; keys DESIGN.md does not list are budgeted at their first measurement + 10% or less. */
export const BUDGETS: Record<string, { budget: number; anchor: string }> = {
  "lending.supply": { budget: 110_000, anchor: "Morpho Blue 95k; Aave v3 ~160k+" },
  "lending.supplyTopUp": { budget: 85_000, anchor: "Morpho Blue ~60k" },
  "lending.borrow": { budget: 140_000, anchor: "Morpho 84k; Aave v3 ~230k+" },
  "lending.borrowNewDebt": { budget: 150_000, anchor: "Aave v3 ~230k+; Morpho 84k (no new slot)" },
  "lending.repay": { budget: 95_000, anchor: "Morpho 81k; Aave v3 ~167k" },
  "lending.withdraw": { budget: 130_000, anchor: "Morpho 81k; Aave v3 ~242k" },
  "lending.liquidate": { budget: 170_000, anchor: "Morpho Blue (Chainlink pair) 135k; Aave v3 324k" },
  "lending.flashLoan": { budget: 80_000, anchor: "Aave v3 flashLoanSimple ~75k; Morpho flashLoan ~60k" },
  "intents.pay": { budget: 80_000, anchor: "floor ~66k; Permit2 transfer ~107k" },
  "intents.payRecurring": { budget: 85_000, anchor: "Safe allowance module ~90k" },
  "intents.payPercent": { budget: 80_000, anchor: "intents.pay + a balanceOf; ≤ intents.pay + 5k" },
  "intents.paySweep": { budget: 80_000, anchor: "intents.pay + a balanceOf; ≤ intents.pay + 5k" },
  "intents.save": { budget: 169_000, anchor: "approve + supply ~160k" },
  "intents.repay": { budget: 166_000, anchor: "approve + repay ~130k" },
  "intents.batch20PerIntent": { budget: 45_000, anchor: "floor ~28.5k" },
  "intents.swapPay": { budget: 200_000, anchor: "Uniswap v3 single-hop swap ~110k" },
  "social.mintProfile": { budget: 140_000, anchor: "OZ ERC721 mint ~69k" },
  "social.verify": {
    budget: 500_000,
    anchor: "issue #19 asks 230k: EAS alone stores the 160-byte attestation for 294k",
  },
  "social.buyPass": { budget: 110_000, anchor: "ERC-1155 mint + ERC-20 pay ~90k" },
  "social.buyCoin": { budget: 120_000, anchor: "issue #19; ERC-20 mint + ERC-20 pay" },
  "social.sellCoin": { budget: 110_000, anchor: "issue #19; ERC-20 burn + ERC-20 pay" },
  "governance.delegate": { budget: 105_000, anchor: "OZ ERC20Votes ~95k" },
  "governance.propose": { budget: 83_000, anchor: "OZ Governor ~80k" },
  "governance.castVote": { budget: 75_000, anchor: "OZ base 68.5k" },
  "governance.castVoteBySig": { budget: 117_000, anchor: "OZ ~100k" },
  "governance.queue": { budget: 154_000, anchor: "OZ TimelockControl ~140k" },
  "governance.execute": { budget: 97_000, anchor: "OZ TimelockControl ~120k" },
  "governance.commitVote": { budget: 80_000, anchor: "—" },
  "governance.revealVote": { budget: 90_000, anchor: "—" },
  "governance.claimReward": { budget: 70_000, anchor: "—" },
};

/** Growth over the snapshot that bench:check tolerates (1%). */
export const REGRESSION_TOLERANCE = 0.01;

export interface Measurement {
  gasUsed: number;
  calldataBytes: number;
  l1FeeWei: string;
  budget: number;
  scenario: string;
}

export type Snapshot = Record<string, { gasUsed: number }>;

/** "+1.25%" / "-3.10%" / "new": a key's change against the snapshot. */
export function changeVsSnapshot(gasUsed: number, before: number | undefined): string {
  if (before === undefined) return "new";
  const percent = ((gasUsed - before) / before) * 100;
  return `${percent > 0 ? "+" : ""}${percent.toFixed(2)}%`;
}

/** The budgeted keys a run did not measure. */
export function missingKeys(
  results: Record<string, Measurement>,
  budgets: Record<string, { budget: number }> = BUDGETS,
): string[] {
  return Object.keys(budgets).filter((key) => results[key] === undefined);
}

/** What bench:check rejects, one line each: a missing key, a budget overrun, a missing snapshot, a regression. */
export function benchProblems(
  results: Record<string, Measurement>,
  snapshot: Snapshot,
  budgets: Record<string, { budget: number }> = BUDGETS,
): string[] {
  const problems = missingKeys(results, budgets).map((key) => `${key} was not measured`);
  for (const [key, r] of Object.entries(results)) {
    if (r.gasUsed > r.budget) {
      problems.push(`${key} uses ${formatGas(r.gasUsed)} gas, over its budget of ${formatGas(r.budget)}`);
    }
    const before = snapshot[key]?.gasUsed;
    if (before === undefined) problems.push(`${key} has no snapshot: run \`npm run bench:update\``);
    else if (r.gasUsed > before * (1 + REGRESSION_TOLERANCE)) {
      problems.push(
        `${key} grew from ${formatGas(before)} to ${formatGas(r.gasUsed)} gas (${changeVsSnapshot(r.gasUsed, before)}, more than 1%)`,
      );
    }
  }
  return problems;
}

/** The Markdown table `npm run bench` prints and the README shows. */
export function benchTable(results: Record<string, Measurement>, snapshot: Snapshot): string {
  const rows = Object.entries(results).map(([key, r]) => [
    key,
    formatGas(r.gasUsed),
    formatGas(r.budget),
    r.gasUsed <= r.budget ? "ok" : "OVER",
    changeVsSnapshot(r.gasUsed, snapshot[key]?.gasUsed),
    BUDGETS[key]?.anchor ?? "",
    String(r.calldataBytes),
    (Number(BigInt(r.l1FeeWei)) / 1e9).toFixed(0),
  ]);
  return markdownTable(
    ["operation", "gas", "budget", "", "vs snapshot", "anchor", "calldata B", "L1 fee (gwei)"],
    rows,
  );
}
