import { Interface, isError, type InterfaceAbi } from "ethers";

/** A mistake the user can fix: printed as one line, never with a stack trace. */
export class UserError extends Error {
  override name = "UserError";
}

/** Finds revert data anywhere in an ethers / Hardhat error. */
function revertData(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const candidate = (current as { data?: unknown }).data;
    if (typeof candidate === "string" && candidate.startsWith("0x") && candidate.length >= 10) return candidate;
    if (
      candidate !== null &&
      typeof candidate === "object" &&
      typeof (candidate as { data?: unknown }).data === "string"
    ) {
      return (candidate as { data: string }).data;
    }
    current =
      (current as { error?: unknown; info?: unknown; cause?: unknown }).error ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A one-line explanation of `error`: a decoded custom error (`InsufficientCollateral(borrowLimit=…, debtValue=…)`)
 * when one of `abis` knows it, the user error's message, or the shortest message ethers offers.
 */
export function explain(error: unknown, abis: InterfaceAbi[] = []): string {
  if (error instanceof UserError) return error.message;
  const data = revertData(error);
  if (data !== undefined) {
    for (const abi of abis) {
      const parsed = new Interface(abi).parseError(data);
      if (parsed !== null) {
        const args = parsed.fragment.inputs.map((input, i) => `${input.name || i}=${String(parsed.args[i])}`);
        return `reverted ${parsed.name}(${args.join(", ")})`;
      }
    }
  }
  if (isError(error, "CALL_EXCEPTION") && error.reason) return `reverted: ${error.reason}`;
  const message =
    error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
  return message.split("\n")[0];
}
