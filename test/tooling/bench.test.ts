import { expect } from "chai";

import { BUDGETS, benchProblems, benchTable, changeVsSnapshot, type Measurement } from "../../scripts/lib/bench";

const measured = (gasUsed: number, budget = 100_000): Measurement => ({
  gasUsed,
  calldataBytes: 100,
  l1FeeWei: "150000000000",
  budget,
  scenario: "test",
});
const budgets = { "a.op": { budget: 100_000 }, "b.op": { budget: 50_000 } };

describe("gas benchmark verdict (bench:check)", function () {
  it("passes when every key is measured, within budget and within 1% of the snapshot", function () {
    const results = { "a.op": measured(90_900), "b.op": measured(40_000, 50_000) };
    const snapshot = { "a.op": { gasUsed: 90_000 }, "b.op": { gasUsed: 45_000 } };
    expect(benchProblems(results, snapshot, budgets)).to.deep.equal([]);
  });

  it("rejects a key over its budget even when it matches the snapshot", function () {
    const results = { "a.op": measured(100_001), "b.op": measured(40_000, 50_000) };
    const snapshot = { "a.op": { gasUsed: 100_001 }, "b.op": { gasUsed: 40_000 } };
    expect(benchProblems(results, snapshot, budgets)).to.deep.equal([
      "a.op uses 100,001 gas, over its budget of 100,000",
    ]);
  });

  it("rejects growth of more than 1% over the snapshot, within budget or not", function () {
    const results = { "a.op": measured(90_901), "b.op": measured(40_000, 50_000) };
    const snapshot = { "a.op": { gasUsed: 90_000 }, "b.op": { gasUsed: 40_000 } };
    expect(benchProblems(results, snapshot, budgets)).to.deep.equal([
      "a.op grew from 90,000 to 90,901 gas (+1.00%, more than 1%)",
    ]);
  });

  it("rejects a key that was not measured or has no snapshot", function () {
    const problems = benchProblems({ "a.op": measured(1_000) }, {}, budgets);
    expect(problems).to.deep.equal(["b.op was not measured", "a.op has no snapshot: run `npm run bench:update`"]);
  });

  it("budgets every key the issue requires", function () {
    const required = [
      "lending.supply",
      "lending.supplyTopUp",
      "lending.borrow",
      "lending.repay",
      "lending.withdraw",
      "lending.liquidate",
      "intents.pay",
      "intents.payRecurring",
      "intents.save",
      "intents.repay",
      "intents.batch20PerIntent",
      "social.mintProfile",
      "social.verify",
      "social.buyPass",
      "governance.delegate",
      "governance.propose",
      "governance.castVote",
      "governance.castVoteBySig",
      "governance.queue",
      "governance.execute",
      "governance.commitVote",
      "governance.revealVote",
      "governance.claimReward",
      "social.buyCoin",
      "social.sellCoin",
    ];
    expect(Object.keys(BUDGETS)).to.include.members(required);
  });

  it("prints each key's change against the snapshot in the table", function () {
    expect(changeVsSnapshot(101, 100)).to.equal("+1.00%");
    expect(changeVsSnapshot(97, 100)).to.equal("-3.00%");
    expect(changeVsSnapshot(5, undefined)).to.equal("new");
    const table = benchTable(
      { "lending.borrow": measured(150_000, 140_000) },
      { "lending.borrow": { gasUsed: 149_000 } },
    );
    expect(table).to.contain("| lending.borrow | 150,000 | 140,000 | OVER | +0.67%");
    expect(table).to.contain("Morpho 84k");
  });
});
