import type { ContractTransactionResponse } from "ethers";

import { formatGas } from "./format";

/** Prints a story in numbered steps with a gas column, and fails loudly when an expected effect is missing. */
export class Story {
  totalGas = 0n;
  private stepNumber = 0;
  private failures: string[] = [];

  async step<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.stepNumber += 1;
    console.log(`\n== ${this.stepNumber}. ${title}`);
    return body();
  }

  say(line: string): void {
    console.log(`   ${line}`);
  }

  /** Sends a transaction, waits for it, prints its gas, and returns the gas used. */
  async send(label: string, pending: Promise<ContractTransactionResponse>): Promise<bigint> {
    const receipt = await (await pending).wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`${label}: transaction failed`);
    this.totalGas += receipt.gasUsed;
    console.log(`   ${label.padEnd(48)} gas ${formatGas(receipt.gasUsed).padStart(9)}`);
    return receipt.gasUsed;
  }

  expect(condition: boolean, failure: string): void {
    if (!condition) {
      this.failures.push(`step ${this.stepNumber}: ${failure}`);
      console.log(`   ✗ ${failure}`);
    }
  }

  /** Throws if any expectation failed, so the process exits non-zero. */
  finish(): void {
    if (this.failures.length > 0) throw new Error(`The demo's expectations failed:\n${this.failures.join("\n")}`);
  }
}
