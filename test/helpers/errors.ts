import type { ErrorDescription, Interface } from "ethers";

import { decodeRevert, revertData } from "../../scripts/lib/errors";

/**
 * The name of the custom error a failed call or transaction reverted with, decoded against the ABIs of `contracts`
 * (undefined when the failure is anything else). Lets property tests accept only the reverts they expect.
 */
export function customErrorName(error: unknown, ...contracts: { interface: Interface }[]): string | undefined {
  return decodeCustomError(error, ...contracts)?.name;
}

/** The custom error (name and arguments) a failed call or transaction reverted with, or undefined. */
export function decodeCustomError(
  error: unknown,
  ...contracts: { interface: Interface }[]
): ErrorDescription | undefined {
  const data = (error as { data?: unknown }).data;
  // Empty revert data (e.g. a call to an account without code) names no error.
  if (typeof data !== "string" || data.length < 10) return undefined;
  for (const contract of contracts) {
    const parsed = contract.interface.parseError(data);
    if (parsed !== null) return parsed;
  }
  return undefined;
}

/**
 * Awaits a transaction (or call) and names the custom error it reverted with, or returns null when it succeeded.
 * For loops and properties where the expected outcome varies; fixed cases use `revertedWithCustomError`.
 */
export async function revertName(pending: Promise<unknown>): Promise<string | null> {
  try {
    await pending;
    return null;
  } catch (error) {
    const data = revertData(error);
    if (data === undefined) throw error;
    return decodeRevert(data)?.name ?? `unknown ${data.slice(0, 10)}`;
  }
}
