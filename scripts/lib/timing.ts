/**
 * Fee-optimal timing: whether a keeper should execute an intent now or wait for a cheaper block, without ever
 * missing a deadline it could have met. Pure functions over fee samples, shared by the keeper (scripts/lib/keeper.ts,
 * `timing` option) and the benchmark (scripts/bench-timing.ts).
 *
 * The cost of a transaction on an OP-stack chain is its L2 execution gas at the L2 base fee plus the L1 data fee,
 * which the GasPriceOracle derives (Fjord) from the L1 base fee and the blob base fee:
 *   cost = gas × l2BaseFee + sizeScaled × (16 × baseFeeScalar × l1BaseFee + blobBaseFeeScalar × blobBaseFee) / 1e12
 * where `sizeScaled` is the transaction's estimated compressed size × 1e6 (see `fjordL1Fee` in l1-fee.ts).
 *
 * The policy is optimal stopping against the recent past: with `n` polls left before the intent must go (its
 * deadline minus a safety margin), execute when the cost now is at or below the q-quantile of the costs seen over
 * the lookback window, where q = 1 − (1 − confidence)^(1/n) is the quantile that at least one of `n` independent
 * draws would reach with probability `confidence`. Many chances left: only a cheap moment qualifies; few: almost any
 * does; none: execute. Costs are compared as floating-point numbers (a decision, not an amount paid).
 */

/** The chain's fees at one block. */
export interface FeeSample {
  /** Block timestamp, seconds. */
  time: number;
  /** L2 base fee (or the gas price the keeper would pay), wei per gas. */
  l2BaseFeeWei: number;
  /** The GasPriceOracle's `l1BaseFee()`, wei (0 off OP-stack chains). */
  l1BaseFeeWei: number;
  /** The GasPriceOracle's `blobBaseFee()`, wei. */
  blobBaseFeeWei: number;
}

/** The GasPriceOracle's Ecotone/Fjord scalars. */
export interface FeeScalars {
  baseFeeScalar: number;
  blobBaseFeeScalar: number;
}

/** OP Mainnet-like scalars (the same assumption as l1-fee.ts's OP_MAINNET_LIKE_SCALARS). */
export const OP_SCALARS: FeeScalars = { baseFeeScalar: 5_227, blobBaseFeeScalar: 1_014_213 };

/** What one execution costs in fee-independent terms. */
export interface TxShape {
  /** L2 execution gas. */
  gas: number;
  /** Estimated compressed size × 1e6 (Fjord), 0 off OP-stack chains. */
  l1SizeScaled: number;
}

/** The L1 data fee per unit of scaled size at `sample` (× 1e12), the factor `fjordL1Fee` multiplies the size by. */
export function l1PriceScaled(sample: FeeSample, scalars: FeeScalars = OP_SCALARS): number {
  return 16 * scalars.baseFeeScalar * sample.l1BaseFeeWei + scalars.blobBaseFeeScalar * sample.blobBaseFeeWei;
}

/** The cost, in wei, of executing a transaction of `shape` at `sample`. */
export function executionCost(sample: FeeSample, shape: TxShape, scalars: FeeScalars = OP_SCALARS): number {
  return shape.gas * sample.l2BaseFeeWei + (shape.l1SizeScaled * l1PriceScaled(sample, scalars)) / 1e12;
}

/**
 * The shape of a transaction whose gas and L1 data fee were quoted at `sample` (e.g. by the keeper's `quote`):
 * the L1 fee divided back into a scaled size; 0 when the sample has no L1 price.
 */
export function shapeFromQuote(
  gas: number,
  l1FeeWei: number,
  sample: FeeSample,
  scalars: FeeScalars = OP_SCALARS,
): TxShape {
  const price = l1PriceScaled(sample, scalars);
  return { gas, l1SizeScaled: price > 0 ? (l1FeeWei * 1e12) / price : 0 };
}

/** The policy's knobs. */
export interface TimingOptions {
  /** The keeper executes no later than this many seconds before the deadline (≥ 2 polls: see `checkTiming`). */
  marginSeconds: number;
  /** Seconds between the keeper's passes. */
  pollSeconds: number;
  /** Probability the policy aims for that a cheaper-or-equal moment comes before it must execute (0 < c < 1). */
  confidence: number;
  /** Fewer past samples than this: no forecast, execute as soon as due. */
  minSamples: number;
}

export const DEFAULT_TIMING: Omit<TimingOptions, "pollSeconds"> = {
  marginSeconds: 300,
  confidence: 0.9,
  minSamples: 20,
};

/**
 * Refuses options that could miss a deadline: the margin must cover two polls (the pass that decides, and the block
 * that includes the transaction, with a pass of slack), and the confidence must be a probability.
 */
export function checkTiming(options: TimingOptions): void {
  if (!(options.pollSeconds > 0)) throw new RangeError(`timing: pollSeconds must be > 0, not ${options.pollSeconds}`);
  if (!(options.marginSeconds >= 2 * options.pollSeconds))
    throw new RangeError(
      `timing: the margin (${options.marginSeconds} s) must be at least two polls (${2 * options.pollSeconds} s), or a deadline could be missed`,
    );
  if (!(options.confidence > 0 && options.confidence < 1))
    throw new RangeError(`timing: confidence must be between 0 and 1, not ${options.confidence}`);
}

/** How many more passes may wait before the intent must go: polls left before `deadline − margin`. */
export function chancesLeft(now: number, deadline: number, options: TimingOptions): number {
  return Math.max(0, Math.floor((deadline - options.marginSeconds - now) / options.pollSeconds));
}

/** The quantile a cost must reach to be taken with `chances` more draws to come: 1 − (1 − confidence)^(1/chances). */
export function acceptQuantile(chances: number, confidence: number): number {
  if (chances <= 0) return 1;
  return 1 - Math.pow(1 - confidence, 1 / chances);
}

/** The q-quantile (0..1) of `sorted` (ascending, non-empty): the value at rank ⌈q·n⌉ − 1, nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** The policy's answer, with the reason in words (the keeper prints it). */
export interface TimingDecision {
  execute: boolean;
  reason: string;
  /** The cost the moment had to reach (undefined when no forecast was made). */
  threshold?: number;
}

/**
 * Execute now, or wait? `pastSorted` are the costs of this intent's shape over the lookback window, ascending.
 * Executes when the deadline leaves no chance to wait (`now + margin` reached), when there is too little history to
 * forecast, or when the cost now is at or below the accepted quantile of the past.
 */
export function decide(
  costNow: number,
  pastSorted: readonly number[],
  now: number,
  deadline: number,
  options: TimingOptions,
): TimingDecision {
  const chances = chancesLeft(now, deadline, options);
  if (chances === 0) return { execute: true, reason: "deadline near" };
  if (pastSorted.length < options.minSamples) return { execute: true, reason: "too little fee history" };
  const threshold = quantile(pastSorted, acceptQuantile(chances, options.confidence));
  if (costNow <= threshold) return { execute: true, reason: "cheap enough", threshold };
  return { execute: false, reason: `waiting for cheaper gas (${chances} chances left)`, threshold };
}

/**
 * The last second an intent may run in its current window: the end of the period it is due in (a missed period is
 * gone) or `validUntil`, whichever comes first. `runs`/`lastRun` as `intentState` returns them.
 */
export function runDeadline(intent: { interval: number; validAfter: number; validUntil: number }, now: number): number {
  if (intent.interval === 0) return intent.validUntil;
  const period = Math.floor((Math.max(now, intent.validAfter) - intent.validAfter) / intent.interval);
  return Math.min(intent.validUntil, intent.validAfter + (period + 1) * intent.interval - 1);
}

/**
 * The costs of a shape over a sliding time window, kept sorted so that the quantile of each poll is a lookup
 * (insertion and eviction by binary search), for a caller that polls one shape many times (the benchmark).
 */
export class RollingCosts {
  private readonly sorted: number[] = [];
  private readonly queue: { time: number; cost: number }[] = [];
  private head = 0;

  constructor(private readonly windowSeconds: number) {}

  /** Adds the cost seen at `time` and forgets those older than the window. */
  add(time: number, cost: number): void {
    this.sorted.splice(this.lowerBound(cost), 0, cost);
    this.queue.push({ time, cost });
    while (this.head < this.queue.length && this.queue[this.head].time <= time - this.windowSeconds) {
      this.sorted.splice(this.lowerBound(this.queue[this.head].cost), 1);
      ++this.head;
    }
    if (this.head > 4_096) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The window's costs, ascending. */
  values(): readonly number[] {
    return this.sorted;
  }

  private lowerBound(cost: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < cost) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
