import { describe, expect, it } from "vitest";

import { ABI_NAMES, parseConfig } from "./config";

const addresses = Object.fromEntries(
  [
    "pool",
    "oracle",
    "executor",
    "profileNFT",
    "creatorPasses",
    "creatorCoins",
    "token",
    "governor",
    "citizensGovernor",
  ].map((n) => [n, "0x01"]),
);
const abis = Object.fromEntries(ABI_NAMES.map((n) => [n, []]));
const base = { chainId: 84532, rpcUrl: "https://sepolia.base.org", fromBlock: 7, local: false, addresses, abis };

describe("parseConfig", () => {
  it("keeps the file's RPC unless VITE_QUARTET_RPC_URL overrides it", () => {
    expect(parseConfig(base).rpcUrl).toBe("https://sepolia.base.org");
    expect(parseConfig(base, "").rpcUrl).toBe("https://sepolia.base.org");
    expect(parseConfig(base, "http://127.0.0.1:9999").rpcUrl).toBe("http://127.0.0.1:9999");
    expect(parseConfig(base).local).toBe(false);
  });

  it("says what to run when the file is missing pieces", () => {
    expect(() => parseConfig(null)).toThrow(/npm run dev/);
    expect(() => parseConfig({ ...base, addresses: { pool: "0x01" } })).toThrow(/no address for oracle/);
    expect(() => parseConfig({ ...base, abis: {} })).toThrow(/no ABI for LendingPool/);
    expect(() => parseConfig({ ...base, rpcUrl: "" })).toThrow(/VITE_QUARTET_RPC_URL/);
  });
});
