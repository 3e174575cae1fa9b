/**
 * The mutation operators of `npm run mutate` (scripts/mutate.ts): small, source-level changes of one line each, in
 * the spirit of Gambit/Vertigo. Pure functions, so that test/tooling/mutate.test.ts can check every operator.
 */

export type Operator =
  | "relational" // <  <=  >  >=  ==  !=  swapped with their neighbour
  | "rounding" // Up <-> Down in a call such as mulDivUp / toAssetsDown; OpenZeppelin's Rounding.Ceil <-> Floor
  | "delete-check" // an `if (...) revert ...;` or `require(...)` line removed
  | "delete-write" // a state/struct/mapping write removed
  | "delete-modifier" // a modifier (nonReentrant, restricted, only*) removed from a function header
  | "constant"; // a numeric constant moved by one

export interface Mutant {
  /** 1-based line number. */
  line: number;
  operator: Operator;
  original: string;
  mutated: string;
}

const RELATIONAL: [RegExp, string][] = [
  [/(?<![<>=!])<=(?!=)/g, "<"],
  [/(?<![<>=!-])<(?![<=])/g, "<="],
  [/(?<![<>=!])>=(?!=)/g, ">"],
  [/(?<![<>=-])>(?![>=])/g, ">="],
  [/==/g, "!="],
  [/!=/g, "=="],
];

const MODIFIERS = /\s(nonReentrant|restricted|onlyGovernance|onlyOwner|onlyRole\([^)]*\)|whenNotPaused)\b/g;

/** Code without its comment, string literals blanked (so that operators inside them are not mutated). */
function codeOf(line: string): string {
  const noComment = line.replace(/\/\/.*$/, "");
  return noComment.replace(/"(?:[^"\\]|\\.)*"/g, (m) => " ".repeat(m.length));
}

function isSkipped(code: string): boolean {
  const t = code.trim();
  return (
    t === "" ||
    t.startsWith("*") ||
    t.startsWith("/*") ||
    /^(pragma|import|event|error|using)\b/.test(t) ||
    /^(interface|library|contract|abstract contract)\b/.test(t)
  );
}

/** Replaces the `index`-th match of `re` in `line` (only inside `code`'s non-blank positions). */
function replaceAt(line: string, code: string, re: RegExp, replacement: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(re)) {
    const at = m.index ?? 0;
    out.push(line.slice(0, at) + replacement + line.slice(at + m[0].length));
  }
  return out;
}

/** Every mutant of one source file, line by line, optionally only within `lines` (1-based, inclusive ranges). */
export function generateMutants(source: string, lines?: [number, number][]): Mutant[] {
  const mutants: Mutant[] = [];
  const all = source.split("\n");
  let inBlockComment = false;
  all.forEach((original, i) => {
    const n = i + 1;
    const trimmed = original.trim();
    if (inBlockComment) {
      if (trimmed.includes("*/")) inBlockComment = false;
      return;
    }
    if (trimmed.startsWith("/*") && !trimmed.includes("*/")) {
      inBlockComment = true;
      return;
    }
    if (lines !== undefined && !lines.some(([a, b]) => n >= a && n <= b)) return;
    const code = codeOf(original);
    if (isSkipped(code)) return;
    const add = (operator: Operator, mutated: string) => {
      if (mutated !== original) mutants.push({ line: n, operator, original, mutated });
    };

    for (const [re, to] of RELATIONAL) for (const m of replaceAt(original, code, re, to)) add("relational", m);

    for (const m of code.matchAll(/\b(\w+?)(Up|Down)\s*\(/g)) {
      const at = (m.index ?? 0) + m[1].length;
      const swapped = m[2] === "Up" ? "Down" : "Up";
      add("rounding", original.slice(0, at) + swapped + original.slice(at + m[2].length));
    }
    for (const m of code.matchAll(/\bRounding\.(Ceil|Floor)\b/g)) {
      const at = (m.index ?? 0) + "Rounding.".length;
      add("rounding", original.slice(0, at) + (m[1] === "Ceil" ? "Floor" : "Ceil") + original.slice(at + m[1].length));
    }

    if (/^\s*if\s*\(.*\)\s*revert\s+\w+\(.*\);\s*$/.test(code) || /^\s*require\s*\(.*\);\s*$/.test(code)) {
      add("delete-check", "");
    }

    // A write to storage-looking places: a member, an index, or a plain name assigned without a declaration.
    if (
      /^\s*[A-Za-z_][\w]*(\s*(\.\w+|\[[^\]]*\]))*\s*(\+|-|\*|\/|\||&)?=(?!=)[^;]*;\s*$/.test(code) &&
      !/^\s*(uint|int|bool|address|bytes|string|mapping|\w+\s+(memory|storage|calldata))/.test(code) &&
      !/^\s*return\b/.test(code)
    ) {
      add("delete-write", "");
    }

    if (/\bfunction\b|\bmodifier\b/.test(code) || /^\s*\)\s/.test(code) || /^\s*(external|public)\b/.test(code)) {
      for (const m of code.matchAll(MODIFIERS)) {
        const at = m.index ?? 0;
        add("delete-modifier", original.slice(0, at) + original.slice(at + m[0].length));
      }
    }

    const constant = /\bconstant\s+\w+\s*=\s*(\d[\d_]*)(e\d+)?\s*;/.exec(code);
    if (constant) {
      const literal = constant[1] + (constant[2] ?? "");
      const value = BigInt(constant[1].replace(/_/g, "")) * 10n ** BigInt(constant[2]?.slice(1) ?? "0");
      const at = code.indexOf(literal, constant.index);
      add("constant", original.slice(0, at) + String(value + 1n) + original.slice(at + literal.length));
    }
  });
  return mutants;
}

/** "10-20,35" -> [[10, 20], [35, 35]]; undefined for a malformed spec. */
export function parseLines(spec: string): [number, number][] | undefined {
  const ranges: [number, number][] = [];
  for (const part of spec.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b < a) return undefined;
    ranges.push([a, b]);
  }
  return ranges;
}

export interface Result extends Mutant {
  file: string;
  status: "killed" | "survived" | "stillborn";
  seconds: number;
  /** What judged this verdict: "forge", "forge + mocha", "mocha", or "mocha: <files>" (--mocha); absent in old runs. */
  judges?: string;
  /** The mocha files a survivor has since outlived in --mocha runs (which leave its verdict as it was). */
  outlived?: string[];
  /** When the verdict was reached (ISO 8601); absent in old runs. */
  judgedAt?: string;
}

/** A survivor argued equivalent (mutation/equivalent.json): the mutant, the text of its line, and why. */
export interface Equivalent {
  file: string;
  line: number;
  operator: Operator;
  original: string;
  mutated: string;
  why: string;
}

/** What identifies a mutant across runs: its file, line, operator and mutated text. */
export function mutantKey(m: Pick<Result, "file" | "line" | "operator" | "mutated">): string {
  return `${m.file}:${m.line}:${m.operator}:${m.mutated}`;
}

/**
 * Folds reports together, by mutant. A mutant judged in several takes its newest verdict (`judgedAt`; an undated one
 * is older than any dated one): two worktrees started from the same report each carry the other's old verdicts,
 * which must not undo its new ones. Between verdicts of equal age, the last report that has it wins, and the files a
 * survivor outlived are pooled. Sorted by file, then line.
 */
export function mergeResults(...reports: Result[][]): Result[] {
  const byKey = new Map<string, Result>();
  for (const report of reports) {
    for (const r of report) {
      const key = mutantKey(r);
      const held = byKey.get(key);
      if (held === undefined) {
        byKey.set(key, r);
        continue;
      }
      // ISO 8601 strings sort as times; an undated verdict is older than any dated one.
      const [a, b] = [held.judgedAt ?? "", r.judgedAt ?? ""];
      if (a > b) continue; // what is held is newer
      const outlived = [...new Set([...(held.outlived ?? []), ...(r.outlived ?? [])])];
      const same = held.status === r.status && a === b;
      byKey.set(key, same && outlived.length > 0 ? { ...r, outlived } : r);
    }
  }
  return [...byKey.values()].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/**
 * Splits verdicts into those that still describe the source and the stale ones: a verdict whose `original` is no
 * longer the text of its line was judged against an older version of the file (lines moved or changed since), so it
 * says nothing about the mutant that line would give now. `sources` maps each file to its current text; verdicts for
 * files not in it are kept.
 */
export function splitStale(results: Result[], sources: Record<string, string>): { current: Result[]; stale: Result[] } {
  const lines = new Map(Object.entries(sources).map(([file, text]) => [file, text.split("\n")]));
  const current: Result[] = [];
  const stale: Result[] = [];
  for (const r of results) {
    const text = lines.get(r.file);
    (text === undefined || text[r.line - 1] === r.original ? current : stale).push(r);
  }
  return { current, stale };
}

/**
 * The equivalence arguments that still apply: those naming a survivor of `results` whose line reads as it did when
 * the argument was made. The rest are `stale` (killed since, judged no more, or about an older text of the line).
 */
export function applicableEquivalents(
  results: Result[],
  equivalents: Equivalent[],
): { applicable: Map<string, Equivalent>; stale: Equivalent[] } {
  const survivors = new Map(results.filter((r) => r.status === "survived").map((r) => [mutantKey(r), r]));
  const applicable = new Map<string, Equivalent>();
  const stale: Equivalent[] = [];
  for (const e of equivalents) {
    const survivor = survivors.get(mutantKey(e));
    if (survivor !== undefined && survivor.original === e.original) applicable.set(mutantKey(e), e);
    else stale.push(e);
  }
  return { applicable, stale };
}

/**
 * Per file: killed, survived, stillborn (did not compile), the score killed / (killed + survived), and — when
 * `generated` gives each file's mutant count — how many were generated (files with none judged are listed too).
 * With `equivalents`, the survivors argued equivalent are counted, `open` is the rest, and `adjusted` is the score
 * without the equivalent ones: killed / (killed + open).
 */
export function summarize(results: Result[], generated: Record<string, number> = {}, equivalents: Equivalent[] = []) {
  const { applicable } = applicableEquivalents(results, equivalents);
  const files = [...new Set([...results.map((r) => r.file), ...Object.keys(generated)])];
  return files.map((file) => {
    const mine = results.filter((r) => r.file === file);
    const killed = mine.filter((r) => r.status === "killed").length;
    const survived = mine.filter((r) => r.status === "survived").length;
    const stillborn = mine.filter((r) => r.status === "stillborn").length;
    const equivalent = mine.filter((r) => applicable.has(mutantKey(r))).length;
    const open = survived - equivalent;
    // No score for a file with nothing judged yet (not 100 %: nothing was tried).
    const score = killed + survived === 0 ? null : killed / (killed + survived);
    const adjusted = killed + open === 0 ? null : killed / (killed + open);
    return {
      file,
      killed,
      survived,
      stillborn,
      score,
      generated: generated[file] ?? mine.length,
      equivalent,
      open,
      adjusted,
    };
  });
}

const percent = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

export function markdownReport(
  results: Result[],
  generated: Record<string, number> = {},
  equivalents: Equivalent[] = [],
): string {
  const summary = summarize(results, generated, equivalents);
  const { applicable } = applicableEquivalents(results, equivalents);
  const rows = summary.map((s) => {
    const run = s.killed + s.survived + s.stillborn;
    return `| ${s.file} | ${run} / ${s.generated} | ${s.killed} | ${s.survived} | ${s.equivalent} | ${s.open} | ${s.stillborn} | ${percent(s.score)} | ${percent(s.adjusted)} |`;
  });
  const total = summary.reduce(
    (t, s) => ({
      run: t.run + s.killed + s.survived + s.stillborn,
      generated: t.generated + s.generated,
      killed: t.killed + s.killed,
      survived: t.survived + s.survived,
      equivalent: t.equivalent + s.equivalent,
      open: t.open + s.open,
    }),
    { run: 0, generated: 0, killed: 0, survived: 0, equivalent: 0, open: 0 },
  );
  const ratio = (killed: number, rest: number) => (killed + rest === 0 ? null : killed / (killed + rest));
  const survivors = results
    .filter((r) => r.status === "survived")
    .map((r) => {
      const e = applicable.get(mutantKey(r));
      const outlived = r.outlived === undefined || r.outlived.length === 0 ? [] : [`outlived ${r.outlived.join(", ")}`];
      const judged = [r.judges ?? "—", ...outlived].join("; ");
      const verdict = e === undefined ? "**open**" : `equivalent: ${e.why}`;
      return `| ${r.file}:${r.line} | ${r.operator} | \`${r.original.trim()}\` → \`${r.mutated.trim() || "(deleted)"}\` | ${judged} | ${verdict} |`;
    });
  return [
    "# Mutation report",
    "",
    "Survivors argued equivalent are in `mutation/equivalent.json`; the adjusted score leaves them out.",
    "",
    "| file | judged / generated | killed | survived | equivalent | open | did not compile | score | adjusted |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    `| total | ${total.run} / ${total.generated} | ${total.killed} | ${total.survived} | ${total.equivalent} | ${total.open} | | ${percent(ratio(total.killed, total.survived))} | ${percent(ratio(total.killed, total.open))} |`,
    "",
    "## Survivors",
    "",
    survivors.length === 0
      ? "None."
      : "| where | operator | change | judged by | verdict |\n| --- | --- | --- | --- | --- |\n" + survivors.join("\n"),
    "",
  ].join("\n");
}
