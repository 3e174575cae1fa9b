import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";

import { GAS_DOC, readSnapshot, withGasTables } from "../../scripts/lib/gas-docs";

const ROOT = path.join(__dirname, "..", "..");
const DOCS = [
  "README.md",
  ...fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join("docs", f)),
];
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const scriptCommands = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
const scripts = Object.keys(scriptCommands);

/** Hardhat's own options, valid before or after any task. */
const GLOBAL_FLAGS = new Set(["--network", "--show-stack-traces", "--help", "--verbose", "--config", "--tsconfig"]);
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Every `npx hardhat …` command line of a page: continuation lines joined, shell comments dropped. A sample mistake
 * (a command whose next line is `Error: Unknown task …` or `Error: Unknown network …`) is left out on purpose.
 */
function hardhatCommands(text: string): string[] {
  const joined = text.replace(/\s*\\\n\s*/g, " ");
  const found: string[] = [];
  for (const match of joined.matchAll(/npx hardhat ([^`\n|]*)(?:\n(.*))?/g)) {
    if (/^Error: Unknown (task|network)/.test(match[2] ?? "")) continue;
    found.push(match[1].replace(/\s#\s.*$/, "").trim());
  }
  return found;
}

/** Paths the docs name that a run creates (git-ignored or per machine), not the repository. */
const GENERATED = /^(deploy\/deployments\/|bench\/results\.json|typechain-types)/;

/** Splits a command line into words, keeping "quoted values" whole. */
function words(line: string): string[] {
  return [...line.matchAll(/"[^"]*"|'[^']*'|\S+/g)].map((m) => m[0]);
}

/** What is wrong with one `npx hardhat` command line (undefined when it names a real task with real flags). */
function problemWith(line: string): string | undefined {
  const argv = words(line).filter((w) => !/^[<[]/.test(w) && !w.startsWith("…"));
  let i = 0;
  while (i < argv.length && argv[i].startsWith("--")) i += argv[i] === "--network" ? 2 : 1;
  const [first, second] = [argv[i], argv[i + 1]];
  if (first === undefined) return undefined;
  let definition;
  let rest: string[];
  if (hre.scopes[first] !== undefined) {
    if (second === undefined || second.startsWith("--")) return undefined; // `npx hardhat lending --help`
    definition = hre.scopes[first].tasks[second];
    if (definition === undefined) return `no task "${first} ${second}"`;
    rest = argv.slice(i + 2);
  } else {
    definition = hre.tasks[first];
    if (definition === undefined) return `no task "${first}"`;
    rest = argv.slice(i + 1);
  }
  if (first === "help" || first === "test" || first === "run") return undefined; // positional arguments
  const flags = new Set([...Object.keys(definition.paramDefinitions).map((p) => `--${kebab(p)}`), ...GLOBAL_FLAGS]);
  const unknown = rest.filter((w) => /^--[a-z]/.test(w) && !flags.has(w));
  return unknown.length === 0 ? undefined : `${unknown.join(", ")} not a flag of ${definition.name}`;
}

describe("The docs name only commands, scripts and tasks that exist", function () {
  it("README.md fits on a page and shows the first commands", function () {
    const readme = read("README.md");
    expect(readme.split("\n").length).to.be.at.most(200);
    for (const command of ["npm ci", "npm test", "npm run demo"]) expect(readme).to.include(command);
  });

  for (const file of DOCS) {
    it(`${file}: every npm script, npx hardhat task and flag, task reference and file path exists`, function () {
      const text = read(file);
      const problems: string[] = [];
      for (const [, script] of text.matchAll(/npm run ([a-z][\w:-]*)/g)) {
        if (!scripts.includes(script)) problems.push(`npm run ${script}: no such script in package.json`);
      }
      // `npm run deploy -- --network x --reset`: the flags after `--` go to the script's Hardhat task.
      for (const [, script, extra] of text.matchAll(/npm run ([a-z][\w:-]*) -- ([^`\n|]*)/g)) {
        const command = scriptCommands[script];
        if (command === undefined || !command.startsWith("hardhat ")) continue;
        const line = `${command.slice("hardhat ".length)} ${extra.replace(/\s#\s.*$/, "")}`;
        const problem = problemWith(line);
        if (problem !== undefined) problems.push(`npm run ${script} -- ${extra.trim()}: ${problem}`);
      }
      for (const line of hardhatCommands(text)) {
        const problem = problemWith(line);
        if (problem !== undefined) problems.push(`npx hardhat ${line}: ${problem}`);
      }
      // Inline references such as `lending faucet` or `dao proposals --house citizens`.
      for (const [, scope, task] of text.matchAll(/`(quartet|lending|intents|social|dao|dev) ([a-z][\w-]*)/g)) {
        if (hre.scopes[scope]?.tasks[task] === undefined) problems.push(`\`${scope} ${task}\`: no such task`);
      }
      for (const [, file] of text.matchAll(/`((?:scripts|tasks|test|deploy|contracts|docs|bench)\/[\w./-]+)`/g)) {
        if (!GENERATED.test(file) && !fs.existsSync(path.join(ROOT, file))) problems.push(`${file}: no such file`);
      }
      expect(problems).to.deep.equal([]);
    });
  }

  it("every relative link of the docs points at a file that exists, and at a heading that exists", function () {
    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-");
    const problems: string[] = [];
    for (const file of DOCS) {
      for (const [, target] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        const [linked, anchor] = target.split("#");
        const resolved = linked === "" ? file : path.join(path.dirname(file), linked);
        if (!fs.existsSync(path.join(ROOT, resolved))) {
          problems.push(`${file}: ${target} (no such file)`);
          continue;
        }
        if (anchor === undefined || !resolved.endsWith(".md")) continue;
        const headings = [...read(resolved).matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]));
        if (!headings.includes(anchor)) problems.push(`${file}: ${target} (no such heading)`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it("the checker itself rejects a task, a scoped task and a flag that do not exist", function () {
    expect(problemWith("--network localhost lending sply --asset USDC")).to.equal('no task "lending sply"');
    expect(problemWith("compil")).to.equal('no task "compil"');
    expect(problemWith("--network localhost lending supply --asset USDC --amount 1 --reset")).to.equal(
      "--reset not a flag of supply",
    );
    expect(problemWith("--network localhost quartet deploy --reset")).to.equal(undefined);
    expect(problemWith("quartet deploy --network localhost --bogus")).to.equal("--bogus not a flag of deploy");
    expect(hardhatCommands("npx hardhat --network x dev price \\\n  --asset WBTC --usd 1 # comment")).to.deep.equal([
      "--network x dev price --asset WBTC --usd 1",
    ]);
  });

  it("docs/gas.md's tables are the ones bench:update generates from bench/snapshot.json", async function () {
    const page = fs.readFileSync(GAS_DOC, "utf8");
    expect(await withGasTables(page, readSnapshot())).to.equal(page);
  });

  it("the GitHub workflow runs the same npm steps as .ci/run, in the same order", function () {
    const npmLines = (text: string, prefix: RegExp) =>
      text
        .split("\n")
        .map((l) => l.trim().replace(prefix, ""))
        .filter((l) => l.startsWith("npm "));
    const local = npmLines(read(".ci/run"), /^/);
    const github = npmLines(read(".github/workflows/ci.yml"), /^- run: /);
    expect(github).to.deep.equal(local);
    expect(read(".github/workflows/ci.yml")).to.match(/node-version: 20/);
    expect(read(".github/workflows/ci.yml")).to.include("apt-get install -y -qq z3");
  });
});
