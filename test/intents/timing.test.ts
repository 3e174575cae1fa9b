import { expect } from "chai";
import fc from "fast-check";

import {
  acceptQuantile,
  chancesLeft,
  checkTiming,
  decide,
  DEFAULT_TIMING,
  executionCost,
  quantile,
  RollingCosts,
  runDeadline,
  shapeFromQuote,
  type FeeSample,
  type TimingOptions,
} from "../../scripts/lib/timing";
import { replayTiming, syntheticFeeSeries, syntheticIntents } from "../../scripts/lib/timing-replay";
import { fastLzCompressedLength, fjordL1Fee } from "../../scripts/lib/l1-fee";

const OPTIONS: TimingOptions = { ...DEFAULT_TIMING, pollSeconds: 16 };
const PAY = { gas: 72_000, l1SizeScaled: 330e6 };
const SAMPLE: FeeSample = { time: 0, l2BaseFeeWei: 2e6, l1BaseFeeWei: 8e9, blobBaseFeeWei: 1 };
const ascending = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("Timing policy (scripts/lib/timing.ts)", function () {
  it("executionCost is L2 gas × L2 base fee plus the Fjord L1 data fee of the same size", function () {
    const tx = new Uint8Array(740).map((_, i) => (i * 7) % 251);
    const sizeScaled = Math.max(100e6, -42_585_600 + 836_500 * fastLzCompressedLength(tx));
    const l1 = {
      l1BaseFeeWei: 8_000_000_000n,
      blobBaseFeeWei: 3n,
      baseFeeScalar: 5_227n,
      blobBaseFeeScalar: 1_014_213n,
    };
    const cost = executionCost(
      { time: 0, l2BaseFeeWei: 2e6, l1BaseFeeWei: 8e9, blobBaseFeeWei: 3 },
      { gas: 72_000, l1SizeScaled: sizeScaled },
    );
    const expected = 72_000 * 2e6 + Number(fjordL1Fee(tx, l1));
    expect(Math.abs(cost - expected) / expected).to.be.lessThan(1e-9);
  });

  it("shapeFromQuote recovers the scaled size from a quoted L1 fee, and is 0 without an L1 price", function () {
    const l1Fee = executionCost(SAMPLE, PAY) - PAY.gas * SAMPLE.l2BaseFeeWei;
    const shape = shapeFromQuote(PAY.gas, l1Fee, SAMPLE);
    expect(shape.l1SizeScaled).to.be.closeTo(PAY.l1SizeScaled, 1);
    expect(shapeFromQuote(1, 5, { ...SAMPLE, l1BaseFeeWei: 0, blobBaseFeeWei: 0 }).l1SizeScaled).to.equal(0);
  });

  it("chancesLeft counts the polls before deadline − margin; 0 at and after it", function () {
    const deadline = 10_000;
    const last = deadline - OPTIONS.marginSeconds;
    expect(chancesLeft(last, deadline, OPTIONS)).to.equal(0);
    expect(chancesLeft(last - 15, deadline, OPTIONS)).to.equal(0);
    expect(chancesLeft(last - 16, deadline, OPTIONS)).to.equal(1);
    expect(chancesLeft(last + 1, deadline, OPTIONS)).to.equal(0);
  });

  it("acceptQuantile: 1 with no chance left, the confidence itself with one, shrinking with more", function () {
    expect(acceptQuantile(0, 0.9)).to.equal(1);
    expect(acceptQuantile(1, 0.9)).to.be.closeTo(0.9, 1e-12);
    expect(acceptQuantile(10, 0.9)).to.be.lessThan(acceptQuantile(9, 0.9));
    // At least one of n draws reaches the quantile with probability `confidence`.
    expect(1 - Math.pow(1 - acceptQuantile(50, 0.9), 50)).to.be.closeTo(0.9, 1e-9);
  });

  it("quantile is nearest-rank and stays inside the array", function () {
    const costs = ascending(10);
    expect(quantile(costs, 0)).to.equal(1);
    expect(quantile(costs, 0.1)).to.equal(1);
    expect(quantile(costs, 0.11)).to.equal(2);
    expect(quantile(costs, 1)).to.equal(10);
  });

  it("decide executes when the deadline is near, however expensive the moment", function () {
    const d = decide(1e30, ascending(100), 10_000 - OPTIONS.marginSeconds, 10_000, OPTIONS);
    expect(d).to.deep.equal({ execute: true, reason: "deadline near" });
  });

  it("decide executes without a forecast when the history is shorter than minSamples, and forecasts at minSamples", function () {
    const few = ascending(OPTIONS.minSamples - 1);
    expect(decide(1e30, few, 0, 86_400, OPTIONS).reason).to.equal("too little fee history");
    expect(decide(1e30, ascending(OPTIONS.minSamples), 0, 86_400, OPTIONS).execute).to.equal(false);
  });

  it("decide executes at exactly the threshold and waits one wei above it", function () {
    const past = ascending(1_000);
    const waitFor = decide(1e30, past, 0, 3_600, OPTIONS);
    expect(waitFor.execute).to.equal(false);
    const threshold = waitFor.threshold!;
    expect(decide(threshold, past, 0, 3_600, OPTIONS)).to.include({ execute: true, reason: "cheap enough" });
    expect(decide(threshold + 1, past, 0, 3_600, OPTIONS).execute).to.equal(false);
  });

  it("checkTiming refuses a margin under two polls and a confidence outside (0, 1)", function () {
    expect(() => checkTiming({ ...OPTIONS, marginSeconds: 31 })).to.throw(RangeError, /at least two polls \(32 s\)/);
    expect(() => checkTiming({ ...OPTIONS, marginSeconds: 32 })).to.not.throw();
    expect(() => checkTiming({ ...OPTIONS, confidence: 1 })).to.throw(RangeError, /confidence/);
    expect(() => checkTiming({ ...OPTIONS, confidence: 0 })).to.throw(RangeError, /confidence/);
    expect(() => checkTiming({ ...OPTIONS, pollSeconds: 0 })).to.throw(RangeError, /pollSeconds/);
  });

  it("runDeadline: validUntil for a one-off, the period's last second (or validUntil) for a recurring intent", function () {
    expect(runDeadline({ interval: 0, validAfter: 100, validUntil: 900 }, 150)).to.equal(900);
    const weekly = { interval: 100, validAfter: 1_000, validUntil: 1_250 };
    expect(runDeadline(weekly, 1_000)).to.equal(1_099);
    expect(runDeadline(weekly, 1_099)).to.equal(1_099);
    expect(runDeadline(weekly, 1_100)).to.equal(1_199);
    expect(runDeadline(weekly, 1_230)).to.equal(1_250);
    expect(runDeadline(weekly, 500)).to.equal(1_099);
  });

  it("RollingCosts keeps the window sorted and forgets costs older than the window", function () {
    const window = new RollingCosts(100);
    window.add(0, 5);
    window.add(50, 1);
    window.add(60, 3);
    expect(window.values()).to.deep.equal([1, 3, 5]);
    window.add(100, 4); // the cost at 0 is now 100 s old: gone
    expect(window.values()).to.deep.equal([1, 3, 4]);
  });

  it("property: on any fee path, a keeper that follows decide is never past deadline − margin", function () {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 30, maxLength: 200 }),
        fc.integer({ min: 0, max: 20_000 }),
        (path, window) => {
          const deadline = window;
          const past: number[] = [];
          for (let k = 0; ; ++k) {
            const now = k * OPTIONS.pollSeconds;
            const cost = path[k % path.length];
            if (
              decide(
                cost,
                [...past].sort((a, b) => a - b),
                now,
                deadline,
                OPTIONS,
              ).execute
            ) {
              return now <= Math.max(0, deadline - OPTIONS.marginSeconds);
            }
            past.push(cost);
          }
        },
      ),
      { numRuns: 200, seed: 17 },
    );
  });
});

describe("Timing policy replayed on a synthetic fee series", function () {
  const series = syntheticFeeSeries(2 * 43_200, 7); // two days of 2-second blocks
  const intents = syntheticIntents(
    series,
    300,
    8,
    [PAY, { gas: 150_000, l1SizeScaled: 330e6 }],
    [600, 3_600, 6 * 3_600],
  );

  it("the series is deterministic for a seed and different for another", function () {
    expect(syntheticFeeSeries(1_000, 7)).to.deep.equal(series.slice(0, 1_000));
    expect(syntheticFeeSeries(1_000, 8)[999]).to.not.deep.equal(series[999]);
  });

  it("misses no deadline and costs less than executing as soon as due", function () {
    const r = replayTiming(series, intents, OPTIONS, 6 * 3_600);
    expect(r.policyMissed).to.equal(0);
    expect(r.asapMissed).to.equal(0);
    expect(r.policyCostWei).to.be.lessThan(r.asapCostWei);
  });

  it("misses no deadline on a series whose fees only rise (waiting is always wrong there)", function () {
    const rising = series.map((s, i) => ({ ...s, l2BaseFeeWei: 1e6 + i * 1e3, l1BaseFeeWei: 1e9 + i * 1e5 }));
    const r = replayTiming(rising, intents, OPTIONS, 6 * 3_600);
    expect(r.policyMissed).to.equal(0);
  });

  it("executes at once an intent whose window is shorter than the margin", function () {
    const short = [{ due: series[5_000].time, deadline: series[5_000].time + 60, shape: PAY }];
    const r = replayTiming(series, short, OPTIONS, 6 * 3_600);
    expect(r.policyMissed).to.equal(0);
    expect(r.meanWaitSeconds).to.be.lessThan(OPTIONS.pollSeconds);
    expect(r.policyCostWei).to.equal(r.asapCostWei);
  });
});
