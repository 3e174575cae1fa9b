import { describe, expect, it } from "vitest";

import { aprToRatePerSecond } from "../../../scripts/lib/units";
import { WAD } from "./format";
import {
  borrowRatePerSecond,
  rateCurve,
  ratePerSecondToApr,
  supplyRatePerSecond,
  utilizationPercent,
  utilizationWad,
  type RateModel,
} from "./rates";

// A kinked model like the deployment's stable one: 0% base, 4% at the 90% kink, +60% above it.
const model: RateModel = {
  baseRatePerSecond: 0n,
  slope1PerSecond: aprToRatePerSecond("4"),
  slope2PerSecond: aprToRatePerSecond("60"),
  kinkWad: (9n * WAD) / 10n,
};

describe("utilization", () => {
  it("is borrowed / supplied rounded down, zero for an empty market", () => {
    expect(utilizationWad(0n, 0n)).toBe(0n);
    expect(utilizationWad(501_000n, 130_500n)).toBe((130_500n * WAD) / 501_000n);
    expect(utilizationPercent(utilizationWad(501_000n, 130_500n))).toBe(26.04);
    expect(utilizationWad(3n, 1n)).toBe(333_333_333_333_333_333n);
  });
});

describe("borrow rate (InterestRateModel mirror)", () => {
  it("is the base at 0%, base + slope1 at the kink, everything at 100% and beyond", () => {
    expect(borrowRatePerSecond(model, 0n)).toBe(0n);
    expect(borrowRatePerSecond(model, model.kinkWad)).toBe(model.slope1PerSecond);
    expect(borrowRatePerSecond(model, WAD)).toBe(model.slope1PerSecond + model.slope2PerSecond);
    expect(borrowRatePerSecond(model, 2n * WAD)).toBe(borrowRatePerSecond(model, WAD));
  });

  it("rounds each segment down as the contract does", () => {
    const u = (45n * WAD) / 100n;
    expect(borrowRatePerSecond(model, u)).toBe((model.slope1PerSecond * u) / model.kinkWad);
    const above = (95n * WAD) / 100n;
    expect(borrowRatePerSecond(model, above)).toBe(
      model.slope1PerSecond + (model.slope2PerSecond * (above - model.kinkWad)) / (WAD - model.kinkWad),
    );
  });
});

describe("supply rate (LendingPool.supplyRatePerSecond mirror)", () => {
  it("is borrow × utilization × (1 − reserve factor), each step rounded down", () => {
    const borrow = 1_000_000_007n;
    const u = WAD / 2n;
    expect(supplyRatePerSecond(borrow, u, 1_000)).toBe((((borrow * u) / WAD) * 9_000n) / 10_000n);
    expect(supplyRatePerSecond(borrow, 2n * WAD, 0)).toBe(borrow);
    expect(supplyRatePerSecond(borrow, 0n, 0)).toBe(0n);
  });
});

describe("APR", () => {
  it("annualises a per-second wad rate over 365 days", () => {
    expect(ratePerSecondToApr(aprToRatePerSecond("4"))).toBe(3.99);
    expect(ratePerSecondToApr(0n)).toBe(0);
    expect(ratePerSecondToApr(WAD / 31_536_000n)).toBe(99.99);
  });
});

describe("rate curve", () => {
  it("spans 0–100% utilization, includes the kink, and rises", () => {
    const curve = rateCurve(model, 1_000, 10);
    expect(curve[0]).toEqual({ utilization: 0, borrowApr: 0, supplyApr: 0 });
    expect(curve.at(-1)?.utilization).toBe(100);
    expect(curve.some((p) => p.utilization === 90)).toBe(true);
    for (let i = 1; i < curve.length; i++) expect(curve[i].borrowApr).toBeGreaterThanOrEqual(curve[i - 1].borrowApr);
    for (const p of curve) expect(p.supplyApr).toBeLessThanOrEqual(p.borrowApr);
    expect(curve.at(-1)?.borrowApr).toBe(ratePerSecondToApr(model.slope1PerSecond + model.slope2PerSecond));
  });

  it("adds a kink that is not on the grid, in order", () => {
    const odd = { ...model, kinkWad: (83n * WAD) / 100n + 1n };
    const curve = rateCurve(odd, 0, 4);
    expect(curve).toHaveLength(6);
    expect(curve.map((p) => p.utilization)).toEqual([0, 25, 50, 75, 83, 100]);
  });
});
