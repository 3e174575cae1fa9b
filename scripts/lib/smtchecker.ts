/**
 * Solidity's SMTChecker, driven offline through solc-js and a local z3.
 *
 * solc-js (the npm `solc`, a WebAssembly build) cannot link z3 itself; instead it hands each SMT-LIB2 query to a
 * callback (`solc/smtchecker`'s `smtCallback`), which here runs the `z3` binary with a per-query timeout. The
 * compiler's standard JSON `settings.modelChecker` selects the engine (BMC or CHC), the contracts and the targets.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import solc from "solc";
import { smtCallback } from "solc/smtchecker";

export type Engine = "bmc" | "chc";
export type Target = "assert" | "overflow" | "underflow" | "divByZero";
export type Status = "proved" | "counterexample" | "unproved";

export const ALL_TARGETS: readonly Target[] = ["assert", "overflow", "underflow", "divByZero"];

/** `apt-get install -y z3` (with sudo when not root): the one line a user needs when z3 is missing. */
export function z3InstallCommand(): string {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  return `${root ? "" : "sudo "}apt-get install -y z3`;
}

/** z3's version line, or undefined when no `z3` is on the PATH. */
export function z3Version(): string | undefined {
  const result = spawnSync("z3", ["--version"], { encoding: "utf8" });
  if (result.error !== undefined || result.status !== 0) return undefined;
  return result.stdout.trim();
}

/** One verification target's outcome, as the SMTChecker reported it. */
export interface Finding {
  status: Status;
  target: Target;
  /** `Contract.function` that holds the target (for inlined library code: `Library.function (inlined)`). */
  where: string;
  /** Sort key: the harness's own functions in source order, then inlined code. */
  order: number;
  /** `file:line`. */
  location: string;
  /** The compiler's full message, with the counterexample when there is one. */
  message: string;
}

/** One SMTChecker run: one contract, one engine. */
export interface RunResult {
  file: string;
  contract: string;
  engine: Engine;
  findings: Finding[];
  /** Other compiler warnings (unsupported features and the like). */
  notes: string[];
  milliseconds: number;
  queries: number;
  /** Queries z3 answered `unknown` at (or near) the timeout. */
  timedOutQueries: number;
  slowestQueryMilliseconds: number;
}

export interface RunOptions {
  /** Project root: source unit names are paths relative to it; other imports resolve from its node_modules. */
  root: string;
  /** Source unit name of the harness, e.g. `contracts/verification/SharesMathProperties.sol`. */
  file: string;
  contract: string;
  engine: Engine;
  targets: readonly Target[];
  timeoutMs: number;
}

interface SourceLocation {
  file: string;
  start: number;
  end: number;
  message?: string;
}

interface CompilerMessage {
  severity: "error" | "warning" | "info";
  message: string;
  formattedMessage?: string;
  sourceLocation?: SourceLocation;
  secondarySourceLocations?: SourceLocation[];
}

interface AstNode {
  nodeType: string;
  name?: string;
  src?: string;
  nodes?: AstNode[];
}

export interface CompilerOutput {
  errors?: CompilerMessage[];
  sources?: Record<string, { ast: AstNode }>;
  contracts?: Record<
    string,
    Record<string, { devdoc?: Record<string, unknown>; userdoc?: { methods?: Record<string, { notice?: string }> } }>
  >;
}

type Compile = (input: string, callbacks: Record<string, (arg: string) => unknown>) => string;
const compile = solc.compile as Compile;

/** Reads imports: project files by their path from the root, packages (e.g. `@openzeppelin/...`) from node_modules. */
export function importReader(root: string): (importPath: string) => { contents: string } | { error: string } {
  return (importPath: string) => {
    for (const candidate of [path.join(root, importPath), path.join(root, "node_modules", importPath)]) {
      if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, "utf8") };
    }
    return { error: `File not found: ${importPath}` };
  };
}

/** Compiles `files` (no model checker) for their ASTs and NatSpec. */
export function compileForDocs(root: string, files: string[]): CompilerOutput {
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(files.map((f) => [f, { content: fs.readFileSync(path.join(root, f), "utf8") }])),
    settings: { outputSelection: { "*": { "": ["ast"], "*": ["devdoc", "userdoc"] } } },
  };
  const output = JSON.parse(compile(JSON.stringify(input), { import: importReader(root) })) as CompilerOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage ?? e.message).join("\n"));
  return output;
}

/** Runs the SMTChecker on one contract with one engine and classifies every target it reports. */
export function runModelChecker(options: RunOptions): RunResult {
  const { root, file, contract, engine, targets, timeoutMs } = options;
  let queries = 0;
  let timedOutQueries = 0;
  let slowestQueryMilliseconds = 0;
  const solve = (query: string): string => {
    const started = Date.now();
    let answer: string;
    try {
      answer = execFileSync("z3", ["-smt2", `-t:${timeoutMs}`, "-in"], {
        input: query,
        encoding: "utf8",
        maxBuffer: 1 << 30,
        // z3 honours -t; the hard limit only guards against a solver that does not return.
        timeout: timeoutMs + 10_000,
      });
    } catch (e) {
      // z3 exits non-zero when it is asked for a model it does not have; its answer is still on stdout.
      answer = String((e as { stdout?: unknown }).stdout ?? "");
      if (answer === "") answer = "unknown\n";
    }
    const elapsed = Date.now() - started;
    queries += 1;
    slowestQueryMilliseconds = Math.max(slowestQueryMilliseconds, elapsed);
    if (answer.startsWith("unknown") && elapsed >= timeoutMs * 0.9) timedOutQueries += 1;
    return answer;
  };

  const input = {
    language: "Solidity",
    sources: { [file]: { content: fs.readFileSync(path.join(root, file), "utf8") } },
    settings: {
      modelChecker: {
        engine,
        contracts: { [file]: [contract] },
        targets,
        solvers: ["smtlib2"],
        timeout: timeoutMs,
        showUnproved: true,
        showProvedSafe: true,
      },
      outputSelection: { "*": { "": ["ast"] } },
    },
  };
  const started = Date.now();
  const output = JSON.parse(
    compile(JSON.stringify(input), { import: importReader(root), smtSolver: smtCallback(solve) }),
  ) as CompilerOutput;
  const milliseconds = Date.now() - started;

  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage ?? e.message).join("\n"));

  const locate = locator(root, output);
  const findings: Finding[] = [];
  const notes: string[] = [];
  for (const e of output.errors ?? []) {
    const finding = classify(e, engine, contract, locate);
    if (finding !== undefined) findings.push(finding);
    else notes.push(e.message);
  }
  return {
    file,
    contract,
    engine,
    findings,
    notes,
    milliseconds,
    queries,
    timedOutQueries,
    slowestQueryMilliseconds,
  };
}

const TARGET_BY_TEXT: Record<string, Target> = {
  "Assertion violation": "assert",
  Overflow: "overflow",
  Underflow: "underflow",
  "Division by zero": "divByZero",
};

/** "BMC: Overflow (…) check is safe!" / "… happens here." / "… might happen here." → a finding. */
function classify(
  e: CompilerMessage,
  engine: Engine,
  contract: string,
  locate: (
    loc: SourceLocation,
    callstack: SourceLocation[],
    contract: string,
  ) => { where: string; order: number; location: string },
): Finding | undefined {
  const match =
    /^(BMC|CHC): (Assertion violation|Overflow|Underflow|Division by zero)\b.*?(check is safe!|happens here\.|might happen here\.)$/.exec(
      e.message,
    );
  if (match === null || match[1].toLowerCase() !== engine || e.sourceLocation === undefined) return undefined;
  const status: Status =
    match[3] === "check is safe!" ? "proved" : match[3] === "happens here." ? "counterexample" : "unproved";
  // Call-stack entries are the secondary locations after the "Callstack:" marker.
  const secondary = e.secondarySourceLocations ?? [];
  const marker = secondary.findIndex((s) => s.message === "Callstack:");
  const callstack = marker < 0 ? [] : secondary.slice(marker + 1).filter((s) => s.file !== undefined);
  return {
    status,
    target: TARGET_BY_TEXT[match[2]],
    ...locate(e.sourceLocation, callstack, contract),
    message: e.formattedMessage ?? e.message,
  };
}

/** Maps a source location to `Contract.function` (the innermost function that contains it) and `file:line`. */
function locator(root: string, output: CompilerOutput) {
  type Range = { file: string; start: number; end: number; name: string };
  const functions: Range[] = [];
  const contracts: Range[] = [];
  for (const [file, { ast }] of Object.entries(output.sources ?? {})) {
    for (const unit of ast.nodes ?? []) {
      if (unit.nodeType !== "ContractDefinition" || unit.src === undefined) continue;
      // The contract itself last, so that a function (searched first) wins: targets in constants land here.
      const [contractStart, contractLength] = unit.src.split(":").map(Number);
      contracts.push({
        file,
        start: contractStart,
        end: contractStart + contractLength,
        name: `${unit.name} (constants)`,
      });
      for (const node of unit.nodes ?? []) {
        if (node.nodeType !== "FunctionDefinition" || node.src === undefined) continue;
        const [start, length] = node.src.split(":").map(Number);
        functions.push({ file, start, end: start + length, name: `${unit.name}.${node.name}` });
      }
    }
  }
  const lineCache = new Map<string, string>();
  const lineOf = (file: string, offset: number): number => {
    if (!lineCache.has(file)) lineCache.set(file, fs.readFileSync(importPathOnDisk(root, file), "utf8"));
    // Offsets are in bytes; count newlines in the UTF-8 prefix.
    return Buffer.from(lineCache.get(file) as string, "utf8")
      .subarray(0, offset)
      .toString("utf8")
      .split("\n").length;
  };
  const within = (loc: SourceLocation) => (r: Range) => r.file === loc.file && r.start <= loc.start && loc.end <= r.end;
  const functionAt = (loc: SourceLocation) => functions.find(within(loc)) ?? contracts.find(within(loc));

  return (loc: SourceLocation, callstack: SourceLocation[], contract: string) => {
    const mine = (r: Range | undefined): r is Range =>
      r !== undefined && (r.name.startsWith(`${contract}.`) || r.name === `${contract} (constants)`);
    const own = functionAt(loc);
    // Inlined library code is attributed to the harness function that called it, when the call stack says so.
    const caller = callstack.map(functionAt).find(mine);
    const range = mine(own) ? own : caller;
    const where = range?.name ?? `${own?.name ?? loc.file} (inlined)`;
    const order = range !== undefined ? range.start : 1e12 + (own?.start ?? 0);
    return { where, order, location: `${loc.file}:${lineOf(loc.file, loc.start)}` };
  };
}

function importPathOnDisk(root: string, file: string): string {
  const local = path.join(root, file);
  return fs.existsSync(local) ? local : path.join(root, "node_modules", file);
}
