/**
 * Hardhat's own errors as one line that names the fix. Hardhat's CLI prints a mistake such as a missing flag, an
 * unknown task or network, or a node that is down as "Error HH306: …" followed by a link — and, on a Linux machine
 * without a display (which Hardhat takes for a CI server), the whole stack trace. In the CLI process this file
 * rewrites that output into `Error: <what happened>: <what to do>` and nothing else; `--show-stack-traces` keeps
 * Hardhat's output as it is. Task actions (tasks/run.ts) and the task tests' runner use the same wording.
 */
import { task } from "hardhat/config";
import { TASK_NODE } from "hardhat/builtin-tasks/task-names";
import { HardhatContext } from "hardhat/internal/context";
import type { HardhatRuntimeEnvironment, TaskDefinition } from "hardhat/types";

import { REMOTE_NETWORKS, remoteNetwork } from "../scripts/lib/networks";

/** What a Hardhat error's rewrite may look at: the runtime environment, when it exists yet. */
function environment(): HardhatRuntimeEnvironment | undefined {
  try {
    return HardhatContext.getHardhatContext().environment;
  } catch {
    return undefined;
  }
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** "lending:supply" or "compile" as the user types it: "lending supply". */
const spoken = (task: string) => task.replace(":", " ");

function definitionOf(hre: HardhatRuntimeEnvironment | undefined, task: string): TaskDefinition | undefined {
  if (hre === undefined) return undefined;
  const [scope, name] = task.includes(":") ? task.split(":") : [undefined, task];
  return scope === undefined ? hre.tasks[name] : hre.scopes[scope]?.tasks[name];
}

/** The closest of `names` to `input` (same letters ignoring case, or a prefix either way), for "did you mean". */
function closest(input: string, names: string[]): string | undefined {
  const lower = input.toLowerCase();
  return (
    names.find((n) => n.toLowerCase() === lower) ??
    names.find((n) => n.toLowerCase().startsWith(lower) || lower.startsWith(n.toLowerCase()))
  );
}

/** The URL a network's provider talks to ("in-process" for the hardhat network). */
export function networkUrl(hre: HardhatRuntimeEnvironment | undefined, network: string): string | undefined {
  const config = hre?.config.networks[network] as { url?: string } | undefined;
  return config?.url;
}

/** One line for a node or RPC that does not answer: the URL tried and how to start or fix it. */
export function unreachableLine(network: string, url: string | undefined): string {
  const where = url === undefined ? network : `${network} at ${url}`;
  const remote = remoteNetwork(network);
  if (remote !== undefined) {
    return `Cannot reach ${where}: check your connection, or set a working endpoint with \`npx hardhat vars set ${remote.rpcUrlVar}\`.`;
  }
  return `Cannot reach ${where}: start a node with \`npm run node\` in another terminal (or point LOCALHOST_RPC_URL at yours).`;
}

/**
 * The one line for Hardhat error `HH<code>` with message `message` (as Hardhat words it), or undefined to keep
 * Hardhat's own first line.
 */
export function hardhatErrorLine(
  code: number,
  message: string,
  hre = environment(),
  argv: readonly string[] = process.argv.slice(2),
): string {
  const first = message.split("\n")[0];
  let m: RegExpExecArray | null;
  switch (code) {
    case 100: {
      // Network %network% doesn't exist
      const name = /^Network (\S+) doesn't exist/.exec(first)?.[1] ?? "?";
      // Thrown while the runtime environment is built: the names come from the same table as the config's.
      const names =
        hre === undefined
          ? ["hardhat", "localhost", ...REMOTE_NETWORKS.map((n) => n.name)]
          : Object.keys(hre.config.networks);
      const guess = closest(name, names);
      return `Unknown network "${name}"${guess === undefined ? "" : ` (did you mean ${guess}?)`}: use --network with one of ${names.join(", ")}.`;
    }
    case 108:
    case 109: {
      const name = /network (\S+?)\.?$/m.exec(first)?.[1] ?? hre?.network.name ?? "the network";
      return unreachableLine(name, networkUrl(hre, name));
    }
    case 303:
    case 314:
    case 315: {
      const task = /task '([^']+)'/.exec(first)?.[1];
      const scope = /scope '([^']+)'/.exec(first)?.[1];
      if (scope !== undefined && task !== undefined) {
        const tasks = Object.keys(hre?.scopes[scope]?.tasks ?? {});
        const guess = closest(task, tasks);
        return `Unknown task "${scope} ${task}"${guess === undefined ? "" : ` (did you mean ${scope} ${guess}?)`}: ${scope} has ${tasks.join(", ")}.`;
      }
      const name = task ?? scope ?? "?";
      const scopes = Object.keys(hre?.scopes ?? {}).filter((s) => !["vars", "ignition"].includes(s));
      return `Unknown task "${name}": \`npx hardhat help\` lists every task; Quartet's are under ${scopes.join(", ")} (e.g. \`npx hardhat lending --help\`).`;
    }
    case 305: {
      // Unrecognized param --reset
      const flag = /param (\S+)/.exec(first)?.[1] ?? "?";
      const task = currentTask(hre, argv);
      const definition = task === undefined ? undefined : definitionOf(hre, task);
      if (definition === undefined) return `Unknown flag ${flag}: \`npx hardhat help <task>\` lists a task's flags.`;
      const flags = Object.keys(definition.paramDefinitions).map((p) => `--${kebab(p)}`);
      return `Unknown flag ${flag} for ${spoken(task as string)}: ${flags.length === 0 ? "it takes none" : `it takes ${flags.join(", ")}`}.`;
    }
    case 306: {
      // The '%param%' parameter of task '%task%' expects a value, but none was passed.
      if ((m = /^The '([^']+)' parameter of task '([^']+)'/.exec(first)) !== null) {
        const param = m[1].replace(/^--/, "").replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        // Hardhat names a scoped task without its scope ("supply"): the command line has it.
        const current = currentTask(hre, argv);
        const task = current !== undefined && current.endsWith(`:${m[2]}`) ? current : m[2];
        const description = definitionOf(hre, task)?.paramDefinitions[param]?.description;
        return `${spoken(task)} needs --${kebab(param)}${description === undefined ? "" : `, ${description}`} (\`npx hardhat help ${spoken(task)}\` lists its flags).`;
      }
      break;
    }
    case 301: {
      // Invalid value %value% for argument %name% of type %type%
      if ((m = /^Invalid value (.*) for argument (\S+) of type (\S+)/.exec(first)) !== null) {
        const [, value, name, type] = m;
        const wanted =
          { int: "a whole number", float: "a number", boolean: "true or false", bigint: "a whole number" }[type] ??
          `a ${type}`;
        return `--${kebab(name)} must be ${wanted} (got "${value}").`;
      }
      break;
    }
  }
  return first;
}

/** The task the CLI was asked to run ("lending:supply"), read from the command line. */
function currentTask(hre: HardhatRuntimeEnvironment | undefined, argv: readonly string[]): string | undefined {
  if (hre === undefined) return undefined;
  // Words before the first flag, after Hardhat's own `--network <name>`-style options.
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) {
      if (words.length > 0) break;
      if (["--network", "--config", "--tsconfig"].includes(argv[i])) i++;
      continue;
    }
    words.push(argv[i]);
  }
  const [first, second] = words;
  if (first !== undefined && hre.scopes[first] !== undefined && second !== undefined) return `${first}:${second}`;
  return first;
}

/** The plain text of what the CLI printed (its colours removed). */
const plain = (parts: unknown[]) =>
  parts
    .map(String)
    .join(" ")
    .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");

/**
 * In the CLI process only: turns Hardhat's "Error HH…" report (and the blank line, link and stack trace after it)
 * into one line, and an unexpected error's report into its first line with the flag that shows the trace.
 */
function rewriteCliErrors(): void {
  const print = console.error.bind(console);
  const log = console.log.bind(console);
  let done = false;
  console.error = (...parts: unknown[]) => {
    if (done) return;
    const text = plain(parts);
    const hardhat = /^Error (?:HH(\d+): )?([\s\S]*)$/.exec(text);
    if (parts.length === 2 && hardhat !== null && hardhat[1] !== undefined) {
      print(`Error: ${hardhatErrorLine(Number(hardhat[1]), hardhat[2])}`);
      done = true;
      return;
    }
    if (parts.length === 2 && text.startsWith("Error in plugin ")) {
      print(`Error: ${String(parts[1]).split("\n")[0]}`);
      done = true;
      return;
    }
    if (parts.length === 1 && text === "An unexpected error occurred:") {
      done = true;
      // The next call is the error itself: print its first line only.
      console.error = (error: unknown) => {
        // With a display, Hardhat prints hints instead of the error: the message is not known then.
        const message = error instanceof Error ? error.message.split("\n")[0] : "an unexpected error occurred";
        print(`Error: ${portTaken(message) ?? `${message} (run again with --show-stack-traces for the details)`}`);
        console.error = () => undefined;
      };
      return;
    }
    print(...parts);
  };
  // The CLI prints an empty line on stdout between the error and its details.
  console.log = (...parts: unknown[]) => {
    if (done && parts.length === 1 && parts[0] === "") return;
    log(...parts);
  };
}

/** "port 8545 is taken: …" for a `listen EADDRINUSE` message, else undefined. */
function portTaken(message: string): string | undefined {
  const port = /EADDRINUSE.*:(\d+)$/m.exec(message)?.[1];
  return port === undefined
    ? undefined
    : `port ${port} is taken: is a node (\`npm run node\`) already running? Stop it, or use another --port.`;
}

/**
 * `npm run node` on a port already in use fails in the server's "error" event, outside Hardhat's error report: Node
 * would print the stack. Say it in one line instead (anything else uncaught still prints as Node prints it).
 */
function reportTakenPort(): void {
  process.on("uncaughtException", (error) => {
    const line = portTaken(error instanceof Error ? error.message : String(error));
    process.stderr.write(
      line === undefined ? `${error instanceof Error ? error.stack : String(error)}\n` : `Error: ${line}\n`,
    );
    process.exit(1);
  });
}

const inCli = /hardhat[\\/]internal[\\/]cli[\\/]/.test(require.main?.filename ?? "");
if (inCli && !process.argv.includes("--show-stack-traces")) {
  rewriteCliErrors();
  // Only for `hardhat node`: elsewhere (mocha under `hardhat test`) uncaught exceptions have owners of their own.
  task(TASK_NODE).setAction(async (args, _hre, runSuper) => {
    reportTakenPort();
    return runSuper(args);
  });
}
