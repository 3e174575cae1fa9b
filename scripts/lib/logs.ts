import type { Provider } from "ethers";

/** Block ranges asked of an RPC at once when it refuses the whole range (public endpoints cap eth_getLogs). */
export const LOG_RANGE = 10_000;

/**
 * Runs `query(from, to)` over `fromBlock`…latest: in one request when the RPC accepts it, else in ranges of
 * `step` blocks. `query` is typically `(from, to) => contract.queryFilter(contract.filters.X(), from, to)`.
 */
export async function scanLogs<T>(
  provider: Provider,
  fromBlock: number,
  query: (from: number, to: number) => Promise<T[]>,
  step = LOG_RANGE,
): Promise<T[]> {
  const latest = await provider.getBlockNumber();
  try {
    return await query(fromBlock, latest);
  } catch {
    // Range too wide for this RPC: fall back to fixed-size ranges.
  }
  const found: T[] = [];
  for (let from = fromBlock; from <= latest; from += step) {
    found.push(...(await query(from, Math.min(from + step - 1, latest))));
  }
  return found;
}
