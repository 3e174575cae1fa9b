import type {
  ContractTransactionReceipt,
  ContractTransactionResponse,
  Interface,
  LogDescription,
  Result,
} from "ethers";

import { formatGas } from "./format";

/** Waits for a sent transaction and returns its receipt (never null once mined). */
export async function mined(pending: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const receipt = await (await pending).wait();
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
