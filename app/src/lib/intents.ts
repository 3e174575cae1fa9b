/** Posted intents: their schedule and what the keeper last did with them. */

export const ACTIONS = ["PAY", "SAVE", "REPAY", "SWAP_PAY", "SWAP_PAY_EXACT_OUT"] as const;
export const AMOUNT_MODES = ["fixed", "percent of balance", "sweep above"] as const;

export interface Schedule {
  interval: number;
  maxRuns: number;
  validAfter: number;
  validUntil: number;
}

/**
 * When an intent may next run (unix seconds), or undefined when it never will: the same rule as the executor and
 * the CLI's `intents list` (scripts/lib/intents.ts nextRunAt) — one run per interval-long period from validAfter.
 */
export function nextRunAt(intent: Schedule, runs: number, lastRun: number): number | undefined {
  if (runs >= intent.maxRuns) return undefined;
  let next = intent.validAfter;
  if (runs > 0 && intent.interval > 0) {
    const lastPeriod = Math.floor((lastRun - intent.validAfter) / intent.interval);
    next = intent.validAfter + (lastPeriod + 1) * intent.interval;
  }
  return next > intent.validUntil ? undefined : next;
}

/** Why an intent will not run again (as `intents list` says it), or undefined while it is live. */
export function finishedReason(
  intent: Schedule,
  state: { runs: number; cancelled: boolean; nonceUsed: boolean },
  now: number,
): string | undefined {
  if (now > intent.validUntil) return "expired";
  if (state.cancelled) return "cancelled";
  if (intent.interval === 0) return state.nonceUsed ? "done" : undefined;
  if (state.nonceUsed) return "nonce invalidated";
  if (state.runs >= intent.maxRuns) return `done (${state.runs}/${intent.maxRuns} runs)`;
  return undefined;
}

export type KeeperResult =
  | { kind: "none" }
  | { kind: "executed"; block: bigint; run: bigint; amount: bigint; fee: bigint }
  | { kind: "failed"; block: bigint; reason: string };

export interface ExecutorLog {
  eventName: string;
  blockNumber: bigint;
  logIndex: number;
  args: Record<string, unknown>;
}

/** The latest IntentExecuted or IntentFailed of each intent hash; `decode` turns a failure's bytes into words. */
export function lastKeeperResults(
  logs: readonly ExecutorLog[],
  decode: (reason: `0x${string}`) => string,
): Map<string, KeeperResult> {
  const sorted = [...logs].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
  const results = new Map<string, KeeperResult>();
  for (const log of sorted) {
    const hash = String(log.args.intentHash).toLowerCase();
    if (log.eventName === "IntentExecuted") {
      results.set(hash, {
        kind: "executed",
        block: log.blockNumber,
        run: log.args.run as bigint,
        amount: log.args.amount as bigint,
        fee: log.args.fee as bigint,
      });
    } else if (log.eventName === "IntentFailed") {
      results.set(hash, { kind: "failed", block: log.blockNumber, reason: decode(log.args.reason as `0x${string}`) });
    }
  }
  return results;
}
