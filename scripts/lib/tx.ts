import {
  isError,
  isHexString,
  type ContractTransactionReceipt,
  type ContractTransactionResponse,
  type Interface,
  type LogDescription,
  type Provider,
  type Result,
  type TransactionReceipt,
  type TransactionResponse,
} from "ethers";

import { revertData } from "./errors";
import { formatGas } from "./format";

/**
 * A transaction that was mined and reverted (receipt status 0): what a node that does not refuse a reverting
 * transaction at `eth_sendTransaction` (anvil, or any chain when the gas limit is given) returns. `data` is the
 * revert data recovered from the chain, so that `explain` decodes the custom error as it does for a refused one.
 */
export class MinedRevert extends Error {
  override name = "MinedRevert";
  readonly code = "CALL_EXCEPTION";
  constructor(
    readonly hash: string,
    readonly receipt: TransactionReceipt,
    readonly data: string | undefined,
    override readonly cause: unknown,
  ) {
    super(
      `transaction ${hash} reverted in block ${receipt.blockNumber}${data === undefined ? "" : ` with ${data.slice(0, 10)}`}`,
    );
  }
  get shortMessage(): string {
    return "transaction execution reverted";
  }
}

/** A JSON-RPC provider's raw `send`, when the provider has one (ethers' JsonRpcProvider and Hardhat's do). */
type RawSend = (method: string, params: unknown[]) => Promise<unknown>;

const asHex = (value: unknown): string | undefined => {
  if (typeof value !== "string" || value === "") return undefined;
  const hex = value.startsWith("0x") ? value : `0x${value}`;
  return isHexString(hex) ? hex : undefined;
};

/**
 * The revert data of a mined, reverted transaction: its call trace's output (`debug_traceTransaction` with the
 * call tracer: anvil, geth, reth), else the transaction replayed with `eth_call` on the state of its block (exact
 * when it was alone in the block, as on a local node that mines each transaction on its own). Undefined when the
 * node offers neither.
 */
export async function minedRevertData(
  response: TransactionResponse,
  receipt: TransactionReceipt,
): Promise<string | undefined> {
  const provider = response.provider as unknown as { send?: RawSend; call: Provider["call"] };
  if (typeof provider.send === "function") {
    try {
      const trace = (await provider.send("debug_traceTransaction", [response.hash, { tracer: "callTracer" }])) as {
        output?: unknown;
        returnValue?: unknown;
      };
      const data = asHex(trace?.output) ?? asHex(trace?.returnValue);
      if (data !== undefined) return data;
    } catch {
      // No call tracer on this node (Hardhat's): replay instead.
    }
  }
  try {
    await provider.call({
      from: response.from,
      to: response.to,
      data: response.data,
      value: response.value,
      gasLimit: response.gasLimit,
      blockTag: receipt.blockNumber,
    });
  } catch (error) {
    return revertData(error);
  }
  return undefined; // the replay succeeded: the state it depended on changed within the block
}

/**
 * Waits for a sent transaction and returns its receipt (never null once mined). A transaction mined with status 0
 * throws a `MinedRevert` carrying the revert data, so that tasks print the decoded custom error on every node.
 */
export async function mined(pending: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const response = await pending;
  let receipt: ContractTransactionReceipt | null;
  try {
    receipt = await response.wait();
  } catch (error) {
    const failed = (error as { receipt?: TransactionReceipt | null }).receipt;
    if (isError(error, "CALL_EXCEPTION") && failed !== undefined && failed !== null && failed.status === 0) {
      throw new MinedRevert(response.hash, failed, await minedRevertData(response, failed), error);
    }
    throw error;
  }
  if (receipt === null) throw new Error("The transaction was dropped before it was mined.");
  return receipt;
}

/** "tx 0x… (block 12, gas 98,123)": what a task prints after each transaction it sends. */
export function describeTx(receipt: ContractTransactionReceipt): string {
  return `tx ${receipt.hash} (block ${receipt.blockNumber}, gas ${formatGas(receipt.gasUsed)})`;
}

/** An ERC-20 as far as approvals go (typechain MockERC20 and every token type satisfy it). */
export interface Approvable {
  allowance(owner: string, spender: string): Promise<bigint>;
  approve(spender: string, amount: bigint): Promise<ContractTransactionResponse>;
}

/**
 * Approves `spender` for exactly `amount` when the current allowance is lower (never an unlimited approval).
 * Returns the approval's receipt, or undefined when none was needed.
 */
export async function approveIfNeeded(
  token: Approvable,
  owner: string,
  spender: string,
  amount: bigint,
): Promise<ContractTransactionReceipt | undefined> {
  if ((await token.allowance(owner, spender)) >= amount) return undefined;
  return mined(token.approve(spender, amount));
}

/** The arguments of the first `name` event that `iface` finds in `receipt` (e.g. the pool's Withdraw). */
export function findEvent(receipt: ContractTransactionReceipt, iface: Interface, name: string): Result {
  for (const log of receipt.logs) {
    let parsed: LogDescription | null = null;
    try {
      parsed = iface.parseLog(log);
    } catch {
      // a log of another contract
    }
    if (parsed?.name === name) return parsed.args;
  }
  throw new Error(`No ${name} event in transaction ${receipt.hash}.`);
}
