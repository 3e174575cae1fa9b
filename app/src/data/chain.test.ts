import { encodeErrorResult, type Abi, type PublicClient } from "viem";
import { describe, expect, it } from "vitest";

import type { QuartetConfig } from "../lib/config";
import { decodeReason, LOG_RANGE, logs, type Chain } from "./chain";

const errorAbi = [
  {
    type: "error",
    name: "ConditionNotMet",
    inputs: [{ name: "condition", type: "address" }],
  },
] as const satisfies Abi;

const config = { fromBlock: 5, abis: { IntentExecutor: errorAbi, LendingPool: [] } } as unknown as QuartetConfig;

describe("decodeReason", () => {
  it("names a custom error of any Quartet ABI with its arguments", () => {
    const data = encodeErrorResult({
      abi: errorAbi,
      errorName: "ConditionNotMet",
      args: ["0x4c5859f0F772848b2D91F1D83E2Fe57935348029"],
    });
    expect(decodeReason(config, data)).toBe("ConditionNotMet(0x4c5859f0F772848b2D91F1D83E2Fe57935348029)");
  });

  it("falls back to the raw bytes, or says there was no reason", () => {
    expect(decodeReason(config, "0xdeadbeef")).toBe("0xdeadbeef");
    expect(decodeReason(config, "0x")).toBe("reverted without a reason");
  });
});

describe("logs", () => {
  it("asks for the whole range from the deployment's first block when the RPC allows it", async () => {
    const asked: [bigint, bigint][] = [];
    const client = {
      getBlockNumber: async () => 50n,
      getContractEvents: async ({ fromBlock, toBlock }: { fromBlock: bigint; toBlock: bigint }) => {
        asked.push([fromBlock, toBlock]);
        return [{ eventName: "Supply", blockNumber: fromBlock }];
      },
    } as unknown as PublicClient;
    const found = await logs({ client, config } as Chain, "LendingPool", "0x01");
    expect(asked).toEqual([[5n, 50n]]);
    expect(found).toHaveLength(1);
  });

  it("falls back to LOG_RANGE-block ranges when the RPC refuses a wide range", async () => {
    const latest = 5n + 2n * LOG_RANGE + 10n;
    const asked: [bigint, bigint][] = [];
    const client = {
      getBlockNumber: async () => latest,
      getContractEvents: async ({ fromBlock, toBlock }: { fromBlock: bigint; toBlock: bigint }) => {
        if (toBlock - fromBlock + 1n > LOG_RANGE) throw new Error("query returned more than 10000 results");
        asked.push([fromBlock, toBlock]);
        return [{ eventName: "Borrow", blockNumber: fromBlock }];
      },
    } as unknown as PublicClient;
    const found = await logs({ client, config } as Chain, "LendingPool", "0x01");
    expect(asked).toEqual([
      [5n, 5n + LOG_RANGE - 1n],
      [5n + LOG_RANGE, 5n + 2n * LOG_RANGE - 1n],
      [5n + 2n * LOG_RANGE, latest],
    ]);
    expect(found).toHaveLength(3);
  });
});
