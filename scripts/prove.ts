/**
 * `npm run prove [-- <name filter>]`: formal checks of the lending math with Solidity's SMTChecker and z3, offline.
 *
 * Every non-library contract in contracts/verification is a property harness and names its engine(s) in its
 * NatSpec: `@custom:smtchecker bmc`, `@custom:smtchecker chc assert underflow` (engines, then targets; default
 * targets: assert, overflow, underflow, divByZero), or `@custom:smtchecker none` for a test-only contract.
 * Each harness runs alone, once per engine. Prints one row per property (harness function) and exits non-zero on
 * any counterexample. Unproved targets (solver timeout or `unknown`) are listed, not hidden.
 *
 * Env: PROVE_TIMEOUT_MS, the per-query solver timeout (default 60000).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { markdownTable } from "./lib/format";
import {
  ALL_TARGETS,
  compileForDocs,
  runModelChecker,
  z3InstallCommand,
  z3Version,
  type Engine,
  type Finding,
  type RunResult,
  type Status,
  type Target,
} from "./lib/smtchecker";

const ROOT = path.resolve(__dirname, "..");
const HARNESS_DIR = "contracts/verification";
const TAG = "custom:smtchecker";
const DEFAULT_TIMEOUT_MS = 60_000;

interface Harness {
  file: string;
  contract: string;
  engines: Engine[];
  targets: Target[];
}

/** Reads a positive integer from the environment. */
function envMilliseconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer (ms), got "${raw}"`);
  return value;
}

/** `bmc chc assert overflow` → engines and targets. */
function parseTag(contract: string, tag: string): { engines: Engine[]; targets: Target[] } {
  const words = tag.trim().split(/\s+/);
  const engines = words.filter((w): w is Engine => w === "bmc" || w === "chc");
  const targets = words.filter((w): w is Target => (ALL_TARGETS as readonly string[]).includes(w));
  const unknown = words.filter((w) => !engines.includes(w as Engine) && !targets.includes(w as Target));
  if (unknown.length > 0 || engines.length === 0) {
    throw new Error(
      `${contract}: @${TAG} "${tag}" must list engines (bmc, chc) then optional targets (${ALL_TARGETS.join(", ")})`,
    );
  }
  return { engines, targets: targets.length > 0 ? targets : [...ALL_TARGETS] };
}

/** Finds the harnesses and the contract-level tags that configure them. */
function discoverHarnesses(filter: string | undefined): Harness[] {
  const files = fs
    .readdirSync(path.join(ROOT, HARNESS_DIR))
    .filter((f) => f.endsWith(".sol"))
    .sort()
    .map((f) => `${HARNESS_DIR}/${f}`);
  const output = compileForDocs(ROOT, files);
  const harnesses: Harness[] = [];
  for (const file of files) {
    const ast = output.sources?.[file]?.ast;
    for (const node of ast?.nodes ?? []) {
      if (node.nodeType !== "ContractDefinition" || node.name === undefined) continue;
      if ((node as { contractKind?: string }).contractKind === "library") continue;
      const devdoc = output.contracts?.[file]?.[node.name]?.devdoc ?? {};
      const tag = devdoc[TAG];
      if (typeof tag !== "string") {
        throw new Error(`${file}: ${node.name} needs a "/// @${TAG} bmc|chc|none" tag saying how to check it`);
      }
      if (tag.trim() === "none") continue;
      if (filter !== undefined && !node.name.toLowerCase().includes(filter.toLowerCase())) continue;
      harnesses.push({ file, contract: node.name, ...parseTag(node.name, tag) });
    }
  }
  return harnesses;
}

/** The worst status wins: a counterexample over an unproved target over a proof. */
function worst(statuses: Status[]): Status {
  if (statuses.includes("counterexample")) return "counterexample";
  if (statuses.includes("unproved")) return "unproved";
  return "proved";
}

function describeChecks(findings: Finding[]): string {
  const counts = new Map<Target, number>();
  for (const f of findings) counts.set(f.target, (counts.get(f.target) ?? 0) + 1);
  return ALL_TARGETS.filter((t) => counts.has(t))
    .map((t) => `${counts.get(t)} ${t}`)
    .join(", ");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A known-true and a known-false rounding property: the prover must say so before its verdicts are trusted. */
const SELF_CHECK_HARNESS = `// SPDX-License-Identifier: MIT
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

/**
 * Runs the pipeline on SELF_CHECK_HARNESS: the floor's property must come back proved and the ceiling's as a
 * counterexample. If a solc or z3 upgrade changed what the pipeline reads, `prove` fails here instead of reporting
 * nothing.
 */
function selfCheck(timeoutMs: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quartet-prove-"));
  try {
    fs.writeFileSync(path.join(dir, "Rounding.sol"), SELF_CHECK_HARNESS);
    const run = runModelChecker({
      root: dir,
      file: "Rounding.sol",
      contract: "Rounding",
      engine: "bmc",
      targets: ["assert"],
      timeoutMs,
    });
    const verdicts = Object.fromEntries(run.findings.map((f) => [f.where, f.status]));
    if (
      verdicts["Rounding.floorIsAtMostExact"] !== "proved" ||
      verdicts["Rounding.ceilIsAtMostExact"] !== "counterexample"
    ) {
      throw new Error(`prover self-check failed: expected proved / counterexample, got ${JSON.stringify(verdicts)}`);
    }
    console.log("self-check: a true property proved, a false one refuted\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const version = z3Version();
  if (version === undefined) {
    console.error(`z3 not found: install it with \`${z3InstallCommand()}\` and run again.`);
    process.exitCode = 1;
    return;
  }
  const timeoutMs = envMilliseconds("PROVE_TIMEOUT_MS", DEFAULT_TIMEOUT_MS);
  const filter = process.argv[2];
  const harnesses = discoverHarnesses(filter);
  if (harnesses.length === 0) throw new Error(`no harness in ${HARNESS_DIR} matches "${filter}"`);
  console.log(`SMTChecker (solc-js) with ${version}, ${timeoutMs} ms per query\n`);
  selfCheck(timeoutMs);

  const runs: RunResult[] = [];
  for (const h of harnesses) {
    for (const engine of h.engines) {
      process.stdout.write(`  ${h.contract} [${engine}] … `);
      const run = runModelChecker({ root: ROOT, ...h, engine, timeoutMs });
      runs.push(run);
      if (run.findings.length === 0) {
        // solc reported nothing we recognise: a changed message format must not pass as "no failures".
        throw new Error(`${h.contract} [${engine}]: no verification target reported\n${run.notes.join("\n")}`);
      }
      const status = worst(run.findings.map((f) => f.status));
      console.log(`${status} (${run.findings.length} targets, ${run.queries} queries, ${seconds(run.milliseconds)})`);
    }
  }

  const rows: string[][] = [];
  for (const run of runs) {
    const byWhere = new Map<string, Finding[]>();
    for (const f of run.findings) byWhere.set(f.where, [...(byWhere.get(f.where) ?? []), f]);
    const ordered = [...byWhere.keys()].sort(
      (a, b) => Number(!a.startsWith(run.contract)) - Number(!b.startsWith(run.contract)),
    );
    ordered.forEach((where, i) => {
      const findings = byWhere.get(where) as Finding[];
      let status: string = worst(findings.map((f) => f.status));
      if (status === "unproved") status = run.timedOutQueries > 0 ? "unproved (timeout)" : "unproved (unknown)";
      rows.push([
        where,
        run.engine.toUpperCase(),
        describeChecks(findings),
        status,
        i === 0 ? seconds(run.milliseconds) : "",
      ]);
    });
  }
  console.log(`\n${markdownTable(["Property (harness function)", "Engine", "Checks", "Result", "Run time"], rows)}\n`);

  const failures = runs.flatMap((r) => r.findings.filter((f) => f.status !== "proved"));
  for (const f of failures) console.log(`${f.status.toUpperCase()} ${f.where} (${f.location})\n${f.message}`);
  const notes = [...new Set(runs.flatMap((r) => r.notes))];
  for (const note of notes) console.log(`note: ${note}`);

  const total = runs.reduce((sum, r) => sum + r.milliseconds, 0);
  const targets = runs.reduce((sum, r) => sum + r.findings.length, 0);
  const counterexamples = failures.filter((f) => f.status === "counterexample").length;
  const unproved = failures.length - counterexamples;
  console.log(
    `${targets} targets in ${runs.length} runs, ${seconds(total)}: ` +
      `${targets - failures.length} proved, ${counterexamples} counterexample(s), ${unproved} unproved`,
  );
  if (counterexamples > 0) process.exitCode = 1;
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
