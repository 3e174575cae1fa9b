import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { runModelChecker, z3Version } from "../../scripts/lib/smtchecker";

/**
 * The prover pipeline itself (scripts/lib/smtchecker.ts): solc-js hands queries to z3 and every reported target is
 * classified. A wrong rounding direction must come back as a counterexample, the right one as proved: if a solc
 * upgrade changed its messages, `npm run prove` would otherwise report nothing at all.
 */
const HARNESS = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

contract Rounding {
    function floorIsAtMostExact(uint256 x, uint256 d) external pure {
        require(x < 2 ** 128 && d >= 1 && d < 2 ** 128);
        assert((x / d) * d <= x);
    }

    function ceilIsAtMostExact(uint256 x, uint256 d) external pure {
        require(x < 2 ** 128 && d >= 1 && d < 2 ** 128);
        assert(((x + d - 1) / d) * d <= x);
    }
}
`;

describe("scripts/lib/smtchecker runModelChecker", function () {
  let root: string;

  before(function () {
    if (z3Version() === undefined) this.skip(); // z3 comes from Debian: apt-get install -y z3
    root = fs.mkdtempSync(path.join(os.tmpdir(), "quartet-prove-"));
    fs.writeFileSync(path.join(root, "Rounding.sol"), HARNESS);
  });

  after(function () {
    if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
  });

  it("proves the floor's property and finds a counterexample to the same property of the ceiling", function () {
    const run = runModelChecker({
      root,
      file: "Rounding.sol",
      contract: "Rounding",
      engine: "bmc",
      targets: ["assert"],
      timeoutMs: 20_000,
    });
    const byFunction = Object.fromEntries(run.findings.map((f) => [f.where, f.status]));
    expect(byFunction).to.deep.equal({
      "Rounding.floorIsAtMostExact": "proved",
      "Rounding.ceilIsAtMostExact": "counterexample",
    });
    const counterexample = run.findings.find((f) => f.status === "counterexample");
    expect(counterexample?.location).to.equal("Rounding.sol:12");
    expect(counterexample?.message).to.contain("Counterexample");
  });
});
