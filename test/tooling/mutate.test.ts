import { expect } from "chai";

import {
  applicableEquivalents,
  generateMutants,
  markdownReport,
  mergeResults,
  mutantKey,
  parseLines,
  splitStale,
  summarize,
  type Equivalent,
  type Result,
} from "../../scripts/lib/mutate";

const SOURCE = [
  "// SPDX-License-Identifier: MIT", // 1
  "pragma solidity 0.8.30;", // 2
  'import {X} from "./X.sol";', // 3
  "contract C {", // 4
  "    uint256 public constant LIMIT = 1e18;", // 5
  "    mapping(address => uint256) internal balances;", // 6
  "    /// @notice a < b in a comment is not code", // 7
  "    function f(uint256 a, uint256 b) external nonReentrant restricted returns (uint256) {", // 8
  "        if (a >= b) revert TooMuch(a, b);", // 9
  "        balances[msg.sender] += a << 2;", // 10
  "        uint256 x = a.mulDivUp(b, LIMIT);", // 11
  '        require(x != 0, "zero < one");', // 12
  "        return x;", // 13
  "    }", // 14
  "}", // 15
].join("\n");

/** A verdict on `contracts/C.sol`'s `a < b` → `a <= b` at `line`; `extra` overrides any field. */
function verdictAt(line: number, status: Result["status"], extra: Partial<Result> = {}): Result {
  return {
    file: "contracts/C.sol",
    line,
    operator: "relational",
    original: "a < b",
    mutated: "a <= b",
    status,
    seconds: 1,
    ...extra,
  };
}

describe("scripts/lib/mutate.ts (npm run mutate's operators)", function () {
  const mutants = generateMutants(SOURCE);
  const at = (line: number) => mutants.filter((m) => m.line === line);

  it("flips relational operators, never shifts, arrows or comments and strings", function () {
    expect(
      at(9)
        .filter((m) => m.operator === "relational")
        .map((m) => m.mutated.trim()),
    ).to.deep.equal(["if (a > b) revert TooMuch(a, b);"]);
    expect(at(10).some((m) => m.operator === "relational")).to.equal(false); // `<<` is not `<`
    expect(at(6)).to.deep.equal([]); // `=>` of a mapping, and a declaration
    expect(at(7)).to.deep.equal([]); // NatSpec
    expect(
      at(12)
        .filter((m) => m.operator === "relational")
        .map((m) => m.mutated.trim()),
    ).to.deep.equal(['require(x == 0, "zero < one");']);
  });

  it("swaps the rounding direction of a call", function () {
    expect(at(11).map((m) => [m.operator, m.mutated.trim()])).to.deep.equal([
      ["rounding", "uint256 x = a.mulDivDown(b, LIMIT);"],
    ]);
  });

  it("swaps OpenZeppelin's Math.Rounding.Ceil and Floor, one at a time", function () {
    const line = "        y = Math.mulDiv(a, b, c, Math.Rounding.Ceil) + Math.mulDiv(a, b, c, Math.Rounding.Floor);";
    expect(
      generateMutants(line)
        .filter((m) => m.operator === "rounding")
        .map((m) => m.mutated.trim()),
    ).to.deep.equal([
      "y = Math.mulDiv(a, b, c, Math.Rounding.Floor) + Math.mulDiv(a, b, c, Math.Rounding.Floor);",
      "y = Math.mulDiv(a, b, c, Math.Rounding.Ceil) + Math.mulDiv(a, b, c, Math.Rounding.Ceil);",
    ]);
  });

  it("deletes checks and state writes, but not declarations or returns", function () {
    expect(at(9).some((m) => m.operator === "delete-check" && m.mutated === "")).to.equal(true);
    expect(at(12).some((m) => m.operator === "delete-check")).to.equal(true);
    expect(at(10).map((m) => m.operator)).to.deep.equal(["delete-write"]);
    expect(at(11).some((m) => m.operator === "delete-write")).to.equal(false);
    expect(at(13)).to.deep.equal([]);
  });

  it("deletes each modifier of a function header, one at a time", function () {
    expect(at(8).map((m) => m.mutated.trim())).to.deep.equal([
      "function f(uint256 a, uint256 b) external restricted returns (uint256) {",
      "function f(uint256 a, uint256 b) external nonReentrant returns (uint256) {",
    ]);
  });

  it("moves a numeric constant by one, scientific notation included", function () {
    expect(at(5).map((m) => [m.operator, m.mutated.trim()])).to.deep.equal([
      ["constant", "uint256 public constant LIMIT = 1000000000000000001;"],
    ]);
  });

  it("leaves pragma, imports and the license alone, and can be limited to lines", function () {
    expect([1, 2, 3, 4].flatMap(at)).to.deep.equal([]);
    expect(new Set(generateMutants(SOURCE, [[9, 10]]).map((m) => m.line))).to.deep.equal(new Set([9, 10]));
  });

  it("parses --lines strictly", function () {
    expect(parseLines("10-20,35")).to.deep.equal([
      [10, 20],
      [35, 35],
    ]);
    for (const bad of ["", "0", "20-10", "a-b", "1,,2"]) expect(parseLines(bad), bad).to.equal(undefined);
  });

  it("scores killed / (killed + survived) per file and lists survivors in the Markdown table", function () {
    const r = (status: Result["status"], line: number) => verdictAt(line, status);
    const results = [r("killed", 1), r("killed", 2), r("killed", 3), r("survived", 4), r("stillborn", 5)];
    expect(summarize(results)).to.deep.equal([
      {
        file: "contracts/C.sol",
        killed: 3,
        survived: 1,
        stillborn: 1,
        score: 0.75,
        generated: 5,
        equivalent: 0,
        open: 1,
        adjusted: 0.75,
      },
    ]);
    const md = markdownReport(results, { "contracts/C.sol": 12, "contracts/D.sol": 7 });
    expect(md).to.include("| contracts/C.sol | 5 / 12 | 3 | 1 | 0 | 1 | 1 | 75.0% | 75.0% |");
    // A file with no mutant judged yet: counted in the total, no score.
    expect(md).to.include("| contracts/D.sol | 0 / 7 | 0 | 0 | 0 | 0 | 0 | — | — |");
    expect(md).to.include("| total | 5 / 19 | 3 | 1 | 0 | 1 | | 75.0% | 75.0% |");
    // A verdict from a run that did not record its judges says so.
    expect(md).to.include("| contracts/C.sol:4 | relational | `a < b` → `a <= b` | — | **open** |");
  });

  it("counts survivors argued equivalent apart, only while the argument is about the line as it reads", function () {
    const r = (status: Result["status"], line: number, extra: Partial<Result> = {}) =>
      verdictAt(line, status, { original: "x > y ? x - y : 0", mutated: "x >= y ? x - y : 0", ...extra });
    const results = [
      r("killed", 1),
      r("survived", 2, { judges: "forge", outlived: ["a.test.ts", "b.test.ts"] }),
      r("survived", 3, { judges: "forge + mocha" }),
    ];
    const argued = (line: number, original = "x > y ? x - y : 0"): Equivalent => ({
      file: "contracts/C.sol",
      line,
      operator: "relational",
      original,
      mutated: "x >= y ? x - y : 0",
      why: "at x == y both give 0",
    });
    // Line 1's mutant was killed, line 3's argument is about an older text: neither applies.
    const equivalents = [argued(1), argued(2), argued(3, "x > z ? x - z : 0")];
    const { applicable, stale } = applicableEquivalents(results, equivalents);
    expect([...applicable.values()]).to.deep.equal([argued(2)]);
    expect(stale).to.deep.equal([argued(1), argued(3, "x > z ? x - z : 0")]);
    const [s] = summarize(results, {}, equivalents);
    expect([s.killed, s.survived, s.equivalent, s.open, s.score, s.adjusted]).to.deep.equal([1, 2, 1, 1, 1 / 3, 1 / 2]);

    const md = markdownReport(results, {}, equivalents);
    expect(md).to.include("| contracts/C.sol | 3 / 3 | 1 | 2 | 1 | 1 | 0 | 33.3% | 50.0% |");
    expect(md).to.include(
      "| contracts/C.sol:2 | relational | `x > y ? x - y : 0` → `x >= y ? x - y : 0` | forge; outlived a.test.ts, b.test.ts | equivalent: at x == y both give 0 |",
    );
    expect(md).to.include(
      "| contracts/C.sol:3 | relational | `x > y ? x - y : 0` → `x >= y ? x - y : 0` | forge + mocha | **open** |",
    );
  });

  it("keys a mutant by file, line, operator and mutated text (so that runs merge and resume)", function () {
    const m = { file: "contracts/C.sol", line: 4, operator: "relational" as const, mutated: "a <= b" };
    expect(mutantKey(m)).to.equal("contracts/C.sol:4:relational:a <= b");
    expect(mutantKey({ ...m, mutated: "" })).to.not.equal(mutantKey(m));
  });

  it("merges reports by mutant, the last report's verdict winning, sorted by file and line", function () {
    const at = (file: string, line: number, status: Result["status"]) => verdictAt(line, status, { file });
    const main = [at("contracts/B.sol", 9, "survived"), at("contracts/A.sol", 4, "killed")];
    const worktree = [at("contracts/B.sol", 9, "killed"), at("contracts/B.sol", 2, "survived")];
    expect(mergeResults(main, worktree).map((r) => [r.file, r.line, r.status])).to.deep.equal([
      ["contracts/A.sol", 4, "killed"],
      ["contracts/B.sol", 2, "survived"],
      ["contracts/B.sol", 9, "killed"],
    ]);
    // The order of the reports decides: merged the other way, the older verdict stays.
    expect(mergeResults(worktree, main).find((r) => r.line === 9)?.status).to.equal("survived");
  });

  it("merges by age when verdicts are dated: a worktree's copy of an old verdict never undoes a newer one", function () {
    const at = (line: number, status: Result["status"], judgedAt?: string, outlived?: string[]) =>
      verdictAt(line, status, {
        ...(judgedAt === undefined ? {} : { judgedAt }),
        ...(outlived === undefined ? {} : { outlived }),
      });
    const old = "2026-12-03T10:00:00.000Z";
    // Both worktrees started from a report where lines 1 and 2 survived (undated, or dated `old`).
    const a = [at(1, "killed", "2026-12-04T02:00:00.000Z"), at(2, "survived", old, ["x.test.ts"])];
    const b = [at(1, "survived"), at(2, "survived", old, ["y.test.ts"]), at(3, "killed", "2026-12-04T01:00:00.000Z")];
    for (const merged of [mergeResults(a, b), mergeResults(b, a)]) {
      expect(merged.map((r) => [r.line, r.status])).to.deep.equal([
        [1, "killed"],
        [2, "survived"],
        [3, "killed"],
      ]);
      // The same verdict annotated in both: what each survivor outlived is pooled.
      expect(new Set(merged[1].outlived)).to.deep.equal(new Set(["x.test.ts", "y.test.ts"]));
    }
    // A newer dated kill elsewhere beats an older dated survival, whichever report comes last.
    expect(mergeResults([at(4, "killed", "2026-12-04T03:00:00.000Z")], [at(4, "survived", old)])[0].status).to.equal(
      "killed",
    );
  });

  it("drops verdicts judged against an older version of a file, keeps the rest", function () {
    const verdict = (file: string, line: number, original: string) =>
      verdictAt(line, "killed", { file, original, mutated: original.replace(">=", ">") });
    const moved = verdict("contracts/C.sol", 8, "        if (a >= b) revert TooMuch(a, b);"); // now line 9
    const same = verdict("contracts/C.sol", 9, "        if (a >= b) revert TooMuch(a, b);");
    const unknown = verdict("contracts/D.sol", 1, "x >= y");
    const { current, stale } = splitStale([moved, same, unknown], { "contracts/C.sol": SOURCE });
    expect(current).to.deep.equal([same, unknown]);
    expect(stale).to.deep.equal([moved]);
    // Line numbers past the end of the file are stale too.
    expect(splitStale([{ ...same, line: 99 }], { "contracts/C.sol": SOURCE }).stale).to.have.length(1);
  });
});
