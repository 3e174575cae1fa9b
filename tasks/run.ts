import type { HardhatRuntimeEnvironment, TaskArguments } from "hardhat/types";

import { HardhatError } from "hardhat/internal/core/errors";

import { explain } from "../scripts/lib/errors";
import { hardhatErrorLine } from "./cli-errors";

/**
 * Wraps a task action so that any failure — a user mistake, a revert, an unreachable RPC — ends as one line on
 * stderr and a non-zero exit code, never a stack trace. Reverts are decoded with every Quartet ABI.
 */
export function runAction<A extends TaskArguments>(action: (args: A, hre: HardhatRuntimeEnvironment) => Promise<void>) {
  return async (args: A, hre: HardhatRuntimeEnvironment): Promise<void> => {
    try {
      await action(args, hre);
    } catch (error) {
      console.error(`Error: ${await explainError(error, hre)}`);
      process.exitCode = 1;
    }
  };
}

/** One line for `error`, with custom errors decoded by every Quartet ABI (e.g. a simulated call's revert). */
export async function explainError(error: unknown, hre: HardhatRuntimeEnvironment): Promise<string> {
  const hardhat = hardhatErrorIn(error);
  if (hardhat !== undefined) {
    return hardhatErrorLine(hardhat.errorDescriptor.number, hardhat.message.replace(/^HH\d+: /, ""), hre);
  }
  return explain(error, await quartetAbis(hre));
}

/** A Hardhat error (e.g. HH108, the node is down) in `error` or its causes. */
function hardhatErrorIn(error: unknown): HardhatError | undefined {
  for (let current = error, depth = 0; typeof current === "object" && current !== null && depth < 6; depth++) {
    if (HardhatError.isHardhatError(current)) return current;
    current = (current as { cause?: unknown; error?: unknown }).cause ?? (current as { error?: unknown }).error;
  }
  return undefined;
}

/** Every Quartet contract's ABI, from the deployment table (none before the first compile: errors stay undecoded). */
async function quartetAbis(_hre: HardhatRuntimeEnvironment) {
  try {
    const { deploymentInterfaces } = await import("../scripts/lib/contracts");
    return (await deploymentInterfaces()).map((iface) => iface.fragments);
  } catch {
    return [];
  }
}
