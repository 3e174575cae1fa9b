import { maxUint256 } from "viem";
import { describe, expect, it } from "vitest";

import { formatAmount, formatBps, formatHealthFactor, formatPercentWad, formatUsd, healthOf, WAD } from "./format";

describe("format", () => {
  it("groups thousands and trims zeros, never rounding up", () => {
    expect(formatAmount(1_234_567_890n, 6)).toBe("1,234.56789");
    expect(formatAmount(500_000n * 10n ** 6n, 6, 2)).toBe("500,000");
    expect(formatAmount(1_999_999n, 6, 2)).toBe("1.99");
    expect(formatAmount(-15n * 10n ** 17n, 18)).toBe("-1.5");
  });

  it("shows USD wads, wad percentages and basis points", () => {
    expect(formatUsd(28_846_153_846_153_846_153_846n)).toBe("$28,846.15");
    expect(formatPercentWad((2604n * WAD) / 10_000n)).toBe("26.04%");
    expect(formatBps(7250)).toBe("72.5%");
    expect(formatBps(10_000n)).toBe("100%");
  });

  it("reads a health factor, infinite without debt", () => {
    expect(formatHealthFactor(maxUint256)).toBe("∞");
    expect(formatHealthFactor(1_201_999_999_999_999_999n)).toBe("1.2019");
    expect(formatHealthFactor(0n)).toBe("0");
  });

  it("classifies health: liquidatable below 1, at risk below 1.1", () => {
    expect(healthOf(maxUint256)).toBe("none");
    expect(healthOf(WAD - 1n)).toBe("liquidatable");
    expect(healthOf(WAD)).toBe("at-risk");
    expect(healthOf((11n * WAD) / 10n - 1n)).toBe("at-risk");
    expect(healthOf((11n * WAD) / 10n)).toBe("healthy");
  });
});
