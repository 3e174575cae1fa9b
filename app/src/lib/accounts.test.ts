import { maxUint256 } from "viem";
import { describe, expect, it } from "vitest";

import { accountsFromLogs, byHealth, isLiquidatable, valueUsd } from "./accounts";
import { WAD } from "./format";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const CAROL = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const LIQUIDATOR = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";

describe("accountsFromLogs", () => {
  it("takes the account each event names, once, checksummed, in order of first appearance", () => {
    const logs = [
      { eventName: "Supply", args: { caller: LIQUIDATOR, onBehalfOf: ALICE.toLowerCase() } },
      { eventName: "Supply", args: { caller: CAROL, onBehalfOf: CAROL } },
      { eventName: "Borrow", args: { account: CAROL, to: LIQUIDATOR } },
      { eventName: "Liquidate", args: { borrower: CAROL, liquidator: LIQUIDATOR } },
      { eventName: "AccrueInterest", args: { asset: LIQUIDATOR } },
      { eventName: "Repay", args: { caller: LIQUIDATOR, onBehalfOf: ALICE } },
    ];
    expect(accountsFromLogs(logs)).toEqual([ALICE, CAROL]);
  });

  it("counts withdrawals and collateral switches, and ignores events without an account", () => {
    expect(
      accountsFromLogs([
        { eventName: "Withdraw", args: { account: LIQUIDATOR } },
        { eventName: "CollateralSet", args: { account: ALICE } },
        { eventName: "FlashLoan", args: { receiver: CAROL } },
      ]),
    ).toEqual([LIQUIDATOR, ALICE]);
  });
});

describe("valueUsd", () => {
  it("prices base units at a wad price per whole token", () => {
    expect(valueUsd(57_692_307n, 8, 50_000n * WAD)).toBe(28_846_153_500000000000000n);
    expect(valueUsd(18_000n * 10n ** 6n, 6, WAD)).toBe(18_000n * WAD);
  });
});

describe("byHealth", () => {
  it("puts the riskiest first and accounts without debt last", () => {
    const rows = [
      { address: "0xb", healthFactor: maxUint256 },
      { address: "0xc", healthFactor: (12n * WAD) / 10n },
      { address: "0xa", healthFactor: maxUint256 },
      { address: "0xd", healthFactor: (9n * WAD) / 10n },
    ];
    expect(byHealth(rows).map((r) => r.address)).toEqual(["0xd", "0xc", "0xa", "0xb"]);
  });

  it("marks accounts below 1 as liquidatable, never those without debt", () => {
    expect(isLiquidatable(WAD - 1n)).toBe(true);
    expect(isLiquidatable(WAD)).toBe(false);
    expect(isLiquidatable(maxUint256)).toBe(false);
  });
});
