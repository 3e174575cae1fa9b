import { describe, expect, it } from "vitest";

import { proposalStateName, proposalTitle, tallyShares, timelineSteps } from "./governance";

describe("governance", () => {
  it("names Governor states in the contract's order", () => {
    expect(proposalStateName(1)).toBe("Active");
    expect(proposalStateName(7n)).toBe("Executed");
    expect(proposalStateName(9)).toBe("Unknown");
  });

  it("titles a proposal by its description's first line", () => {
    expect(proposalTitle("# Raise WBTC LTV\n\nBecause…")).toBe("Raise WBTC LTV");
    expect(proposalTitle("\n\nBootstrap the first verifier")).toBe("Bootstrap the first verifier");
    expect(proposalTitle("")).toBe("(no description)");
  });

  it("splits the tally into shares, zero when nobody voted", () => {
    expect(tallyShares({ forVotes: 3n, againstVotes: 1n, abstainVotes: 0n })).toEqual({
      for: 75,
      against: 25,
      abstain: 0,
    });
    expect(tallyShares({ forVotes: 0n, againstVotes: 0n, abstainVotes: 0n })).toEqual({
      for: 0,
      against: 0,
      abstain: 0,
    });
  });

  it("marks the timeline's passed steps; the eta only once queued", () => {
    expect(timelineSteps({ snapshot: 100n, deadline: 400n, eta: 0n }, 200n)).toEqual([
      { label: "voting opens", at: 101n, passed: true },
      { label: "voting closes", at: 400n, passed: false },
    ]);
    expect(timelineSteps({ snapshot: 100n, deadline: 400n, eta: 500n }, 500n).map((s) => s.passed)).toEqual([
      true,
      true,
      true,
    ]);
  });
});
