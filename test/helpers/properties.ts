/**
 * fast-check settings for a property: `FC_RUNS` runs (`defaultRuns`, 25 unless the property is heavier, by default)
 * from `FC_SEED` or a fresh random seed, which is printed so that a failure can be replayed with `FC_SEED=<seed>`.
 */
export function propertySettings(property: string, defaultRuns = 25): { numRuns: number; seed: number } {
  const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
  console.log(`      [fast-check] ${property}: seed ${seed} (replay with FC_SEED=${seed})`);
  return { numRuns: Number(process.env.FC_RUNS ?? defaultRuns), seed };
}
