import { Interface, isHexString, type InterfaceAbi } from "ethers";

/** A mistake the user can fix: printed as one line, never with a stack trace. */
export class UserError extends Error {
  override name = "UserError";
}

/**
 * Every custom error an intent's execution can revert with: the executor's own (with the OpenZeppelin libraries
 * it uses), the lending pool's and oracle's (SAVE, REPAY), and the ERC-6093 token errors (allowance, balance).
 * Built on first use: typechain-types only exists after the first compile, and Hardhat tasks load this file before.
 */
let intentErrorInterfaces: Interface[] | undefined;
export function intentErrors(): readonly Interface[] {
  if (intentErrorInterfaces === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred until typechain-types exists
    const t = require("../../typechain-types") as typeof import("../../typechain-types");
    intentErrorInterfaces = [
      t.IntentExecutor__factory.createInterface(),
      t.ILendingPool__factory.createInterface(),
      t.IPriceOracle__factory.createInterface(),
      t.IERC20Errors__factory.createInterface(),
    ];
  }
  return intentErrorInterfaces;
}

/** The revert data an ethers or Hardhat error carries (searching nested causes), if any. */
export function revertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (typeof e !== "object" || e === null || seen.has(e)) continue;
    seen.add(e);
    const {
      data,
      error: inner,
      info,
      cause,
    } = e as { data?: unknown; error?: unknown; info?: unknown; cause?: unknown };
    if (typeof data === "string" && isHexString(data)) return data;
    queue.push(data, inner, info, cause, (info as { error?: unknown } | undefined)?.error);
  }
  return undefined;
}

/** The custom error (or `Error(string)` / `Panic`) that `data` encodes, decoded by the first interface knowing it. */
export function decodeRevert(
  data: string,
  interfaces: readonly Interface[] = intentErrors(),
): { name: string; args: unknown[] } | undefined {
  for (const iface of interfaces) {
    try {
      const parsed = iface.parseError(data);
      if (parsed !== null) return { name: parsed.name, args: Array.from(parsed.args) };
    } catch {
      // Undecodable arguments for this interface: try the next one.
    }
  }
  return undefined;
}

/** `describeFailure` for raw revert data (e.g. the `reason` of an `IntentFailed` event). */
export function describeRevertData(data: string, interfaces: readonly Interface[] = intentErrors()): string {
  if (data === "0x") return "empty revert (out of gas?)";
  const decoded = decodeRevert(data, interfaces);
  if (decoded === undefined) return `unknown error ${data.slice(0, 10)}`;
  return `${decoded.name}(${decoded.args.map(String).join(", ")})`;
}

/**
 * One readable phrase for a failure: `FeeTooHigh(2000000, 1000000)`, `empty revert (out of gas?)`, an unknown
 * selector, or — without revert data — ethers' short message (with the gas used when a receipt came back) or the
 * error's first line.
 */
export function describeFailure(error: unknown, interfaces: readonly Interface[] = intentErrors()): string {
  const data = revertData(error);
  if (data !== undefined) return describeRevertData(data, interfaces);
  const { shortMessage, receipt } = error as { shortMessage?: string; receipt?: { gasUsed?: bigint } };
  const message = shortMessage ?? (error instanceof Error ? error.message : String(error)).split("\n")[0];
  return receipt?.gasUsed === undefined ? message : `${message} (gas used ${receipt.gasUsed})`;
}

/**
 * The one line a script or task prints for `error`: the user error's message, or the revert decoded with the given
 * ABIs (`reverted InsufficientCollateral(…)`), or the shortest message ethers offers.
 */
export function explain(error: unknown, abis: InterfaceAbi[] = []): string {
  if (error instanceof UserError) return error.message;
  const data = revertData(error);
  if (data !== undefined && data !== "0x") {
    for (const abi of abis) {
      const parsed = new Interface(abi).parseError(data);
      if (parsed !== null) {
        const args = parsed.fragment.inputs.map((input, i) => `${input.name || i}=${String(parsed.args[i])}`);
        return `reverted ${parsed.name}(${args.join(", ")})`;
      }
    }
  }
  return describeFailure(error, []);
}
