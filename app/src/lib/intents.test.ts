import { describe, expect, it } from "vitest";

import { finishedReason, lastKeeperResults, nextRunAt } from "./intents";

const monthly = { interval: 30 * 86_400, maxRuns: 12, validAfter: 1_000, validUntil: 1_000 + 365 * 86_400 };

describe("nextRunAt", () => {
  it("is validAfter before the first run, then the start of the next period", () => {
    expect(nextRunAt(monthly, 0, 0)).toBe(1_000);
    expect(nextRunAt(monthly, 1, 1_500)).toBe(1_000 + 30 * 86_400);
    // A late run still counts for its own period: the next one is the period after it.
    expect(nextRunAt(monthly, 2, 1_000 + 61 * 86_400)).toBe(1_000 + 90 * 86_400);
  });

  it("is undefined once every run is used or past validUntil", () => {
    expect(nextRunAt(monthly, 12, 5_000)).toBeUndefined();
    expect(nextRunAt({ ...monthly, validUntil: 2_000 }, 1, 1_500)).toBeUndefined();
  });
});

describe("finishedReason", () => {
  const live = { runs: 1, cancelled: false, nonceUsed: false };
  it("names why an intent will not run again", () => {
    expect(finishedReason(monthly, live, 2_000)).toBeUndefined();
    expect(finishedReason(monthly, live, monthly.validUntil + 1)).toBe("expired");
    expect(finishedReason(monthly, { ...live, cancelled: true }, 2_000)).toBe("cancelled");
    expect(finishedReason(monthly, { ...live, nonceUsed: true }, 2_000)).toBe("nonce invalidated");
    expect(finishedReason(monthly, { ...live, runs: 12 }, 2_000)).toBe("done (12/12 runs)");
    const oneOff = { ...monthly, interval: 0, maxRuns: 1 };
    expect(finishedReason(oneOff, { ...live, nonceUsed: true }, 2_000)).toBe("done");
  });
});

describe("lastKeeperResults", () => {
  it("keeps each intent's latest execution or failure, by block then log index", () => {
    const h1 = "0xAA";
    const h2 = "0xbb";
    const results = lastKeeperResults(
      [
        {
          eventName: "IntentExecuted",
          blockNumber: 9n,
          logIndex: 0,
          args: { intentHash: h1, run: 2n, amount: 5n, fee: 1n },
        },
        { eventName: "IntentFailed", blockNumber: 9n, logIndex: 3, args: { intentHash: h1, reason: "0x01" } },
        {
          eventName: "IntentExecuted",
          blockNumber: 7n,
          logIndex: 5,
          args: { intentHash: h1, run: 1n, amount: 5n, fee: 1n },
        },
        { eventName: "IntentPosted", blockNumber: 10n, logIndex: 0, args: { intentHash: h2 } },
      ],
      (reason) => `decoded ${reason}`,
    );
    expect(results.get("0xaa")).toEqual({ kind: "failed", block: 9n, reason: "decoded 0x01" });
    expect(results.has("0xbb")).toBe(false);
  });
});
