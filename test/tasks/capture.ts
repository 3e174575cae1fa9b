import { ArgumentsParser } from "hardhat/internal/cli/ArgumentsParser";
import { HardhatError } from "hardhat/internal/core/errors";
import { ERRORS } from "hardhat/internal/core/errors-list";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { hardhatErrorLine } from "../../tasks/cli-errors";

/** What a task printed and the exit code the CLI would have ended with. */
export interface TaskResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs one task in `hre` from its command-line words (e.g. `["lending", "supply", "--asset", "USDC", …]`), parsed by
 * Hardhat's own CLI argument parser, and captures what it prints and the exit code the CLI would return. This is
 * how the task tests run dozens of tasks in one process instead of paying Hardhat's startup for each: the action,
 * its `runAction` wrapper and the flag parsing are the CLI's; only the process around them is shared.
 */
export async function runTaskCaptured(hre: HardhatRuntimeEnvironment, argv: string[]): Promise<TaskResult> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const line =
    (sink: string[]) =>
    (...parts: unknown[]) =>
      sink.push(parts.map(String).join(" "));
  console.log = line(out);
  console.info = line(out);
  console.warn = line(err);
  console.error = line(err);
  const savedExitCode = process.exitCode;
  process.exitCode = undefined;
  let exitCode = 0;
  try {
    const parser = new ArgumentsParser();
    const { scopeName, taskName, unparsedCLAs } = parser.parseScopeAndTaskNames(argv, hre.tasks, hre.scopes);
    const definition = scopeName === undefined ? hre.tasks[taskName] : hre.scopes[scopeName]?.tasks[taskName];
    if (definition === undefined) {
      throw scopeName === undefined
        ? new HardhatError(ERRORS.ARGUMENTS.UNRECOGNIZED_TASK, { task: taskName })
        : new HardhatError(ERRORS.ARGUMENTS.UNRECOGNIZED_SCOPED_TASK, { scope: scopeName, task: taskName });
    }
    const args = parser.parseTaskArguments(definition, unparsedCLAs);
    await hre.run({ scope: scopeName, task: taskName }, args);
    exitCode = Number(process.exitCode ?? 0);
  } catch (error) {
    // What the CLI prints for its own errors (a missing flag, a flag of the wrong type): one line naming the fix.
    err.push(
      HardhatError.isHardhatError(error)
        ? `Error: ${hardhatErrorLine(error.errorDescriptor.number, error.message.replace(/^HH\d+: /, ""), hre, argv)}`
        : `Unexpected: ${String(error)}`,
    );
    exitCode = 1;
  } finally {
    Object.assign(console, saved);
    process.exitCode = savedExitCode;
  }
  return { stdout: out.join("\n"), stderr: err.join("\n"), exitCode };
}
