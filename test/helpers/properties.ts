import fc from "fast-check";
import hre from "hardhat";

/** fast-check settings, plus the mocha timeout that lets a property end on its own before mocha gives up on it. */
export interface PropertySettings {
  numRuns: number;
  seed: number;
  /** fast-check stops starting new runs (or shrinking) after this long, so it never outlives its mocha test. */
  interruptAfterTimeLimit: number;
  markInterruptAsFailure: false;
  /** For `this.timeout(...)`: the time limit plus one run in flight. */
  mochaTimeout: number;
}

/** solidity-coverage runs the suites on an instrumented network, several times slower; it counts lines, not runs. */
export const underCoverage =
  (hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true;

/**
 * fast-check settings for a property: `FC_RUNS` runs (`defaultRuns`, 25 unless the property is heavier, by default;
 * a third of them under coverage) from `FC_SEED` or a fresh random seed, which is printed so that a failure can be
 * replayed with `FC_SEED=<seed>`. `msPerRun` is a generous estimate of one run; the property is interrupted (as a
 * pass, with fewer runs) at 90 s plus that many per run, and `mochaTimeout` leaves a minute beyond for the run in flight.
 * Without the interruption a property that outran mocha's timeout would keep sending transactions into the next
 * tests' fixtures. Run such properties with `assertProperty`, which waits for the run the interruption abandons.
 */
export function propertySettings(property: string, defaultRuns = 25, msPerRun = 3_000): PropertySettings {
  const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
  const runs = underCoverage ? Math.max(3, Math.ceil(defaultRuns / 3)) : defaultRuns;
  const numRuns = Number(process.env.FC_RUNS ?? runs);
  const interruptAfterTimeLimit = 90_000 + numRuns * msPerRun * (underCoverage ? 3 : 1);
  console.log(`      [fast-check] ${property}: seed ${seed} (replay with FC_SEED=${seed})`);
  return {
    numRuns,
    seed,
    interruptAfterTimeLimit,
    markInterruptAsFailure: false,
    mochaTimeout: interruptAfterTimeLimit + 60_000,
  };
}

/**
 * `fc.assert`, then the run still in flight. fast-check's `interruptAfterTimeLimit` races the running predicate against
 * the clock and returns without waiting for it; the abandoned run would go on sending transactions into the next
 * test, whose Ignition fixture then stops at IGN403 (transactions it did not send are pending). Coverage, several
 * times slower, hit this when a failing history's shrinking reached the limit.
 */
export async function assertProperty<Ts>(
  property: fc.IAsyncPropertyWithHooks<Ts>,
  settings: fc.Parameters<Ts>,
): Promise<void> {
  let inFlight: Promise<unknown> = Promise.resolve();
  const tracked: fc.IAsyncPropertyWithHooks<Ts> = Object.create(property);
  tracked.run = (value: Ts) => {
    const run = property.run(value);
    inFlight = run.catch(() => undefined);
    return run;
  };
  try {
    await fc.assert(tracked, settings);
  } finally {
    await inFlight;
  }
}
