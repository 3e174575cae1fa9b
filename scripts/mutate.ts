/**
 * `npm run mutate`: mutation testing of the production contracts. Each mutant (scripts/lib/mutate.ts: relational
 * flips, Up<->Down rounding, deleted checks / state writes / modifiers, moved constants) is written into the file,
 * the suites that judge that file run (forge invariant campaigns first: they are faster judges; then, with
 * --hardhat, the mocha files), and the file is restored. One mutant at a time. Reports per file go to
 * mutation/report.json and mutation/report.md.
 *
 *   npm run mutate -- [--files contracts/lending/LendingPool.sol,...] [--lines 700-760] [--max 20] [--hardhat]
 *                     [--survivors] [--fresh]
 *   npm run mutate -- --merge ../other-worktree/mutation/report.json   (folds a parallel run's verdicts in; runs nothing)
 *   npm run mutate -- --files <file> --lines 284-310 --survivors --mocha test/lending/safety.test.ts
 *     (judges with only those mocha files, no forge: a kill is recorded, a mutant that outlives them keeps its
 *     earlier verdict, since the other judges were not run; a quick way to a forge-only pass's survivors)
 *
 * The report is merged: each run adds its mutants to mutation/report.json (written after every mutant, so an
 * interrupted run keeps what it judged) and skips those judged before, unless --fresh. --survivors re-judges only the
 * report's survivors (e.g. with --hardhat, or after adding a test that should kill them). Verdicts on lines whose text
 * has changed since are dropped (and re-judged). MUTATE_LOCK=<file> runs
 * each mutant's judges under `flock <file>` (a lock shared with other test runs on the machine).
 *
 * Each verdict records what judged it (`judges`: forge, forge + mocha, mocha, or the --mocha files), and a survivor the
 * files it has since outlived. mutation/equivalent.json holds the survivors argued equivalent (the mutant, its line's
 * text, why): the report counts them apart (`equivalent`, `open`, and a score without them) and names an argument
 * that no longer applies (its mutant killed since, or its line changed).
 *
 * Refuses to run with uncommitted changes in contracts/ (the restore must give back exactly what git has).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { foundryBinary } from "./lib/foundry";

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
} from "./lib/mutate";

const ROOT = path.join(__dirname, "..");
const FORGE = foundryBinary("forge");
const HARDHAT = path.join(ROOT, "node_modules", ".bin", "hardhat");

/** Which suites judge which contract: forge suites (match-path) and mocha files. */
const JUDGES: Record<string, { forge: string[]; hardhat: string[] }> = {
  "contracts/lending/LendingPool.sol": {
    forge: ["test/foundry/lending/*.t.sol"],
    // Unit files first, property files last: with --bail a killed mutant stops at the first failing test, so the
    // files most likely to fail it cheaply run first (a file named twice runs once, where it first appears).
    hardhat: [
      "test/lending/pool.*.test.ts",
      "test/lending/safety.test.ts",
      "test/lending/interest.test.ts",
      "test/lending/rounding-direction.test.ts",
      "test/lending/robustness.test.ts",
      "test/lending/flash-loan.test.ts",
      "test/lending/isolation.test.ts",
      "test/lending/oracle.test.ts",
      "test/lending/*.test.ts",
      "test/invariants/lending.invariants.test.ts",
    ],
  },
  "contracts/intents/IntentExecutor.sol": {
    forge: ["test/foundry/intents/*.t.sol"],
    hardhat: [
      "test/intents/executor.test.ts",
      "test/intents/recurring.test.ts",
      "test/intents/batch.test.ts",
      "test/intents/conditions.test.ts",
      "test/intents/amount-modes.test.ts",
      "test/intents/swap-pay.test.ts",
      "test/intents/replay.test.ts", // nonces, permits, EIP-712 domains and executeWithPermit
    ],
  },
  "contracts/governance/QuartetGovernor.sol": {
    forge: ["test/foundry/governance/*.t.sol"],
    // The rewards wiring and the Citizens' House (the same contract on identity votes) are tested in their own files.
    hardhat: [
      "test/governance/QuartetGovernor.test.ts",
      "test/governance/votes.test.ts",
      "test/governance/rewards.test.ts",
      "test/governance/citizens.test.ts",
    ],
  },
  "contracts/governance/QuartetToken.sol": {
    forge: ["test/foundry/governance/*.t.sol"],
    hardhat: ["test/governance/QuartetToken.test.ts", "test/governance/votes.test.ts"],
  },
  "contracts/social/ProfileNFT.sol": {
    forge: [],
    hardhat: [
      "test/social/ProfileNFT.mint.test.ts",
      "test/social/ProfileNFT.verification.test.ts",
      "test/social/ProfileNFT.metadata.test.ts",
    ],
  },
  "contracts/social/CreatorPasses.sol": { forge: [], hardhat: ["test/social/CreatorPasses.test.ts"] },
  "contracts/social/CreatorCoins.sol": { forge: [], hardhat: ["test/social/CreatorCoins.test.ts"] },
  "contracts/governance/TimelockGuardian.sol": {
    forge: [],
    hardhat: ["test/governance/guardian.test.ts", "test/governance/lifecycle.test.ts"],
  },
  "contracts/governance/GovernorCountingReceipts.sol": {
    forge: ["test/foundry/governance/*.t.sol"],
    hardhat: ["test/governance/QuartetGovernor.test.ts", "test/governance/ballots.test.ts"],
  },
  "contracts/governance/VotingRewards.sol": { forge: [], hardhat: ["test/governance/rewards.test.ts"] },
};

function fail(message: string): never {
  console.error(`Error: ${message}`);
  process.exit(1);
}

function parseArgs(argv: string[]) {
  const opts = {
    files: Object.keys(JUDGES),
    lines: undefined as [number, number][] | undefined,
    max: Infinity,
    hardhat: false,
    survivors: false,
    fresh: false,
    merge: [] as string[],
    mocha: undefined as string[] | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--hardhat") opts.hardhat = true;
    else if (flag === "--survivors") opts.survivors = true;
    else if (flag === "--fresh") opts.fresh = true;
    else if (flag === "--merge" && value !== undefined) {
      opts.merge = value.split(",").map((f) => f.trim());
      for (const f of opts.merge) if (!fs.existsSync(f)) fail(`--merge: no report at ${f}.`);
      i++;
    } else if (flag === "--mocha" && value !== undefined) {
      opts.mocha = value.split(",").map((f) => f.trim());
      for (const f of opts.mocha) if (!fs.existsSync(path.join(ROOT, f))) fail(`--mocha: no test file at ${f}.`);
      i++;
    } else if (flag === "--files" && value !== undefined) {
      opts.files = value.split(",").map((f) => f.trim());
      i++;
    } else if (flag === "--lines" && value !== undefined) {
      opts.lines = parseLines(value);
      if (opts.lines === undefined) fail(`--lines must look like 120-180,200 (got "${value}").`);
      i++;
    } else if (flag === "--max" && value !== undefined) {
      opts.max = Number(value);
      if (!Number.isInteger(opts.max) || opts.max < 1) fail(`--max must be a positive whole number (got "${value}").`);
      i++;
    } else {
      fail(
        `unknown or incomplete flag ${flag}: use --files a.sol,b.sol --lines 10-20 --max N --hardhat --survivors --fresh --merge other/report.json --mocha test/a.test.ts,test/b.test.ts.`,
      );
    }
  }
  for (const f of opts.files) {
    if (JUDGES[f] === undefined) fail(`${f} has no judging suites; choose from ${Object.keys(JUDGES).join(", ")}.`);
  }
  return opts;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
}

/** A judge's command (the lock, if any, is held around the whole mutant by `underLock`). */
function judged(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return run(cmd, args, env);
}

/**
 * Runs `fn` while holding `flock MUTATE_LOCK` (when set): one wait per mutant, not one per command. A holder process
 * (its own process group) takes the lock and says so; killing the group releases it.
 */
async function underLock<T>(fn: () => T): Promise<T> {
  const lock = process.env.MUTATE_LOCK;
  if (lock === undefined || lock === "") return fn();
  const holder = spawn("flock", [lock, "-c", "echo held; exec sleep 86400"], {
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const release = () => {
    if (holder.pid !== undefined && holder.exitCode === null) {
      try {
        process.kill(-holder.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  process.once("exit", release);
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once("data", () => resolve());
      holder.once("exit", (code) => reject(new Error(`flock ${lock} exited with ${code}`)));
    });
    return fn();
  } finally {
    release();
    process.removeListener("exit", release);
  }
}

/** What judges a verdict, as the report records it. */
function judgesOf(file: string, hardhat: boolean, only?: string[]): string {
  if (only !== undefined) return `mocha: ${only.map((f) => path.basename(f)).join(", ")}`;
  if (JUDGES[file].forge.length === 0) return "mocha";
  return hardhat ? "forge + mocha" : "forge";
}

/** killed: a judge failed; stillborn: forge could not compile the mutant; survived: every judge passed. */
function judge(file: string, hardhat: boolean, only?: string[]): Result["status"] {
  if (only !== undefined) {
    // Only the named mocha files: one Hardhat compile (a stillborn mutant fails it too), then those files.
    if (judged(HARDHAT, ["compile", "--quiet"]).status !== 0) return "stillborn";
    return judged(HARDHAT, ["test", "--bail", ...only]).status !== 0 ? "killed" : "survived";
  }
  const { forge, hardhat: mocha } = JUDGES[file];
  // The compile that tells a stillborn mutant from a killed one is the first judge's own: forge's for a file the
  // campaigns judge, Hardhat's for a mocha-only file (a forge build there would compile the mutant twice).
  const build =
    forge.length > 0
      ? judged(FORGE, ["build"], { FOUNDRY_PROFILE: "mutate" })
      : judged(HARDHAT, ["compile", "--quiet"]);
  if (build.status !== 0) return "stillborn";
  for (const suite of forge) {
    const r = judged(FORGE, ["test", "--match-path", suite, "--fail-fast"], { FOUNDRY_PROFILE: "mutate" });
    if (process.env.MUTATE_VERBOSE === "1") console.log(r.status, r.stdout.slice(-1500), r.stderr.slice(-500));
    if (r.status !== 0) return "killed";
  }
  if (hardhat || forge.length === 0) {
    // --bail: the first failing test kills the mutant; only survivors pay for the whole suite.
    const r = judged(HARDHAT, ["test", "--bail", ...new Set(mocha.flatMap((g) => expand(g)))]);
    if (r.status !== 0) return "killed";
  }
  return "survived";
}

function expand(glob: string): string[] {
  if (!glob.includes("*")) return [glob];
  const dir = path.dirname(glob);
  const re = new RegExp(`^${path.basename(glob).replace(/\./g, "\\.").replace(/\*/g, ".*")}$`);
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => re.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dirty = run("git", ["status", "--porcelain", "--", "contracts"]).stdout.trim();
  if (dirty !== "" && opts.merge.length === 0)
    fail(`contracts/ has uncommitted changes; commit or stash them first:\n${dirty}`);

  const outDir = path.join(ROOT, "mutation");
  const reportFile = path.join(outDir, "report.json");
  // Earlier runs' verdicts, by mutant: merged with this run's (a re-judged mutant takes its new verdict).
  const judgedBefore = new Map<string, Result>();
  if (!opts.fresh && fs.existsSync(reportFile)) {
    for (const r of (JSON.parse(fs.readFileSync(reportFile, "utf8")) as { results: Result[] }).results) {
      judgedBefore.set(mutantKey(r), r);
    }
  }
  const generated: Record<string, number> = {};
  for (const file of Object.keys(JUDGES)) {
    generated[file] = generateMutants(fs.readFileSync(path.join(ROOT, file), "utf8")).length;
  }
  // Runs in parallel worktrees (one per core) each keep their own report; --merge folds theirs into this one. A
  // mutant judged in several takes its newest verdict (the merged report's when undated), and nothing is run.
  const others = opts.merge.map((f) => (JSON.parse(fs.readFileSync(f, "utf8")) as { results: Result[] }).results);
  for (const r of mergeResults([...judgedBefore.values()], ...others)) judgedBefore.set(mutantKey(r), r);
  // A verdict on a line whose text has changed since was about another version of the file: dropped, to be re-judged.
  const sources = Object.fromEntries(Object.keys(JUDGES).map((f) => [f, fs.readFileSync(path.join(ROOT, f), "utf8")]));
  const { stale } = splitStale([...judgedBefore.values()], sources);
  for (const r of stale) judgedBefore.delete(mutantKey(r));
  for (const file of new Set(stale.map((r) => r.file))) {
    const n = stale.filter((r) => r.file === file).length;
    console.log(`${file}: ${n} verdicts dropped (judged against an older version of the file; they will be re-judged)`);
  }
  // The survivors argued equivalent: the report counts them apart (an argument about another text of the line, or
  // about a mutant killed since, no longer applies and is named here).
  const equivalentFile = path.join(outDir, "equivalent.json");
  const equivalents = fs.existsSync(equivalentFile)
    ? (JSON.parse(fs.readFileSync(equivalentFile, "utf8")) as Equivalent[])
    : [];
  const save = () => {
    const results = mergeResults([...judgedBefore.values()]);
    fs.mkdirSync(outDir, { recursive: true });
    const summary = summarize(results, generated, equivalents);
    fs.writeFileSync(reportFile, JSON.stringify({ summary, results }, null, 2));
    fs.writeFileSync(path.join(outDir, "report.md"), markdownReport(results, generated, equivalents));
    return results;
  };
  let current: { file: string; original: string } | undefined;
  const restore = () => {
    if (current) fs.writeFileSync(path.join(ROOT, current.file), current.original);
    current = undefined;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      restore();
      process.exit(130);
    });
  }

  let budget = opts.merge.length > 0 ? 0 : opts.max;
  for (const file of budget > 0 ? opts.files : []) {
    const original = fs.readFileSync(path.join(ROOT, file), "utf8");
    const mutants = generateMutants(original, opts.lines)
      .filter((m) => {
        const before = judgedBefore.get(mutantKey({ ...m, file }));
        return opts.survivors ? before?.status === "survived" : before === undefined;
      })
      .slice(0, budget);
    budget -= mutants.length;
    console.log(`${file}: ${mutants.length} mutants`);
    const lines = original.split("\n");
    for (const [k, m] of mutants.entries()) {
      const started = Date.now();
      current = { file, original };
      const mutated = [...lines];
      mutated[m.line - 1] = m.mutated;
      fs.writeFileSync(path.join(ROOT, file), mutated.join("\n"));
      let status: Result["status"];
      try {
        status = await underLock(() => judge(file, opts.hardhat, opts.mocha));
      } finally {
        restore();
      }
      // The judges run synchronously; yielding to the event loop here lets a Ctrl-C (or SIGTERM) that arrived during
      // them restore the file and stop, instead of waiting for the end of the whole run.
      await new Promise((resolve) => setImmediate(resolve));
      const seconds = (Date.now() - started) / 1000;
      // A mutant that outlived a chosen few judges (--mocha) may still die in the others: only a kill is a verdict;
      // the files it outlived are noted on its earlier one.
      const key = mutantKey({ ...m, file });
      const partial = opts.mocha !== undefined && status === "survived";
      const before = judgedBefore.get(key);
      if (partial && before !== undefined) {
        const outlived = [...new Set([...(before.outlived ?? []), ...opts.mocha!.map((f) => path.basename(f))])];
        judgedBefore.set(key, { ...before, outlived });
      } else if (!partial) {
        const judges = judgesOf(file, opts.hardhat, opts.mocha);
        judgedBefore.set(key, { ...m, file, status, seconds, judges, judgedAt: new Date().toISOString() });
      }
      save();
      console.log(
        `  [${k + 1}/${mutants.length}] ${(partial ? "outlived" : status).padEnd(9)} ${file}:${m.line} ${m.operator}: ${m.original.trim()} -> ${m.mutated.trim() || "(deleted)"} (${seconds.toFixed(0)} s)`,
      );
    }
    if (budget <= 0) break;
  }

  const final = save();
  for (const s of summarize(final, generated, equivalents)) {
    const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
    console.log(
      `${s.file}: ${s.killed} killed, ${s.survived} survived (${s.equivalent} argued equivalent, ${s.open} open), ${s.stillborn} did not compile of ${s.generated} generated, score ${pct(s.score)}, without the equivalent ${pct(s.adjusted)}`,
    );
  }
  for (const e of applicableEquivalents(final, equivalents).stale) {
    console.log(`mutation/equivalent.json: ${e.file}:${e.line} no longer names a survivor with that line; remove it`);
  }
  console.log("Reports: mutation/report.json, mutation/report.md");
}

void main();
