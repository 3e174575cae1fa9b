import {
  checkTiming,
  decide,
  executionCost,
  RollingCosts,
  type FeeSample,
  type TimingOptions,
  type TxShape,
} from "./timing";

/**
 * The timing policy's benchmark harness: a seeded synthetic OP-stack fee series and a replay of a keeper that polls
 * it, executing each intent either as soon as it is due or when the policy says so. Deterministic for a seed, so the
 * tests and `npm run bench:timing` see the same numbers on every machine.
 */

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same series on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A synthetic OP-stack fee series, one sample per L2 block (`blockSeconds` apart), deterministic for a seed: an L2
 * base fee that follows a daily cycle, a slow random walk and demand bursts; an L1 base fee updated every 12 s with
 * its own daily cycle and walk; a blob base fee near its floor with rare congestion spikes.
 */
export function syntheticFeeSeries(blocks: number, seed: number, blockSeconds = 2, start = 1_767_225_600): FeeSample[] {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const day = 86_400;
  const samples: FeeSample[] = [];
  let l2Walk = 0;
  let burst = 0;
  let l1Walk = 0;
  let blobSpike = 0;
  let l1 = 0;
  let blob = 0;
  for (let b = 0; b < blocks; ++b) {
    const time = start + b * blockSeconds;
    const phase = (2 * Math.PI * (time % day)) / day;
    l2Walk = 0.9995 * l2Walk + 0.02 * normal();
    if (random() < 1 / 5_000) burst += 1.5 + 2 * random(); // a mint or an airdrop: demand jumps, then decays
    burst *= 0.995;
    const l2 = 2e6 * Math.exp(0.6 * Math.sin(phase) + l2Walk + burst); // ~0.002 gwei, × e^±0.6 over the day
    if (b % Math.max(1, Math.round(12 / blockSeconds)) === 0) {
      l1Walk = 0.999 * l1Walk + 0.03 * normal();
      if (random() < 1 / 20_000) blobSpike += 4 + 4 * random();
      blobSpike *= 0.98;
      l1 = 8e9 * Math.exp(0.5 * Math.sin(phase - 1.3) + l1Walk); // ~8 gwei
      blob = 1 + 5e8 * (Math.exp(blobSpike) - 1); // 1 wei at the floor
    }
    samples.push({ time, l2BaseFeeWei: l2, l1BaseFeeWei: l1, blobBaseFeeWei: blob });
  }
  return samples;
}

/** An intent's window in the replay: due from `due`, must be included by `deadline` (seconds). */
export interface TimedIntent {
  due: number;
  deadline: number;
  shape: TxShape;
}

/**
 * `count` intents due uniformly over the series (but its last day), with windows drawn from `windows` (seconds):
 * the mix of one-off deadlines and recurring periods a keeper sees.
 */
export function syntheticIntents(
  series: readonly FeeSample[],
  count: number,
  seed: number,
  shapes: readonly TxShape[],
  windows: readonly number[] = [600, 3_600, 6 * 3_600, 86_400],
): TimedIntent[] {
  const random = seededRandom(seed);
  const start = series[0].time;
  const span = series[series.length - 1].time - start - 86_400;
  const intents: TimedIntent[] = [];
  for (let i = 0; i < count; ++i) {
    const due = start + 3_600 + Math.floor(random() * (span - 3_600));
    const window = windows[Math.floor(random() * windows.length)];
    intents.push({ due, deadline: due + window, shape: shapes[Math.floor(random() * shapes.length)] });
  }
  return intents.sort((a, b) => a.due - b.due);
}

/** What the replay measured. */
export interface TimingResult {
  intents: number;
  /** Σ cost when each intent executes at the first poll it is due. */
  asapCostWei: number;
  /** Σ cost under the policy. */
  policyCostWei: number;
  /** Deadlines missed, as soon as due / under the policy. */
  asapMissed: number;
  policyMissed: number;
  /** Mean seconds the policy waited after an intent was due. */
  meanWaitSeconds: number;
}

/**
 * Replays a keeper that polls `series` every `options.pollSeconds`: a transaction sent at a poll is included in the
 * next block and pays that block's fees. The policy sees, for each intent's shape, the costs at the polls of the last
 * `lookbackSeconds`.
 */
export function replayTiming(
  series: readonly FeeSample[],
  intents: readonly TimedIntent[],
  options: TimingOptions,
  lookbackSeconds: number,
): TimingResult {
  checkTiming(options);
  const blockSeconds = series[1].time - series[0].time;
  const blockAt = (time: number) => Math.floor((time - series[0].time) / blockSeconds);
  const shapes = [...new Set(intents.map((i) => i.shape))];
  const windows = new Map(shapes.map((shape) => [shape, new RollingCosts(lookbackSeconds)]));
  const result: TimingResult = {
    intents: intents.length,
    asapCostWei: 0,
    policyCostWei: 0,
    asapMissed: 0,
    policyMissed: 0,
    meanWaitSeconds: 0,
  };
  let next = 0;
  let waited = 0;
  const pending: { intent: TimedIntent; asapDone: boolean }[] = [];
  const lastBlock = series.length - 2;
  for (let time = series[0].time; blockAt(time) <= lastBlock; time += options.pollSeconds) {
    const seen = series[blockAt(time)];
    const included = series[blockAt(time) + 1];
    while (next < intents.length && intents[next].due <= time)
      pending.push({ intent: intents[next++], asapDone: false });
    for (let i = pending.length - 1; i >= 0; --i) {
      const p = pending[i];
      const { intent } = p;
      if (!p.asapDone) {
        p.asapDone = true;
        result.asapCostWei += executionCost(included, intent.shape);
        if (included.time > intent.deadline) ++result.asapMissed;
      }
      const past = windows.get(intent.shape)!.values();
      const decision = decide(executionCost(seen, intent.shape), past, time, intent.deadline, options);
      if (decision.execute || time >= intent.deadline) {
        result.policyCostWei += executionCost(included, intent.shape);
        if (included.time > intent.deadline) ++result.policyMissed;
        waited += time - intent.due;
        pending.splice(i, 1);
      }
    }
    for (const shape of shapes) windows.get(shape)!.add(time, executionCost(seen, shape));
  }
  result.meanWaitSeconds = waited / Math.max(1, intents.length - pending.length);
  result.policyMissed += pending.length; // never executed before the series ended
  return result;
}
