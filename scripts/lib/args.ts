import { getAddress, isAddress, MaxUint256, parseUnits } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { UserError } from "./errors";

/** `type(uint256).max`: the contracts' "all of it" for withdraw and repay. */
export const MAX = MaxUint256;

/**
 * A human amount ("100", "0.5", "1,000") in `decimals` token units. With `allowMax`, "max" (any case) returns
 * `MAX`. Anything else — a negative, zero, a word, more decimals than the token has — is a one-line UserError.
 */
export function parseAmount(
  input: string,
  decimals: number | bigint,
  {
    flag = "--amount",
    symbol = "the token",
    allowMax = false,
  }: { flag?: string; symbol?: string; allowMax?: boolean } = {},
): bigint {
  const text = input.trim().replaceAll(",", "").replaceAll("_", "");
  if (allowMax && text.toLowerCase() === "max") return MAX;
  const hint = allowMax ? `a positive number like 100 or 0.5, or "max"` : "a positive number like 100 or 0.5";
  if (!/^\d+(\.\d+)?$/.test(text) && !/^\.\d+$/.test(text)) {
    throw new UserError(`${flag} must be ${hint} (got "${input}").`);
  }
  const fraction = text.split(".")[1] ?? "";
  if (fraction.length > Number(decimals)) {
    throw new UserError(`${flag} ${input} has more decimals than ${symbol}'s ${decimals}.`);
  }
  const amount = parseUnits(text.startsWith(".") ? `0${text}` : text, decimals);
  if (amount === 0n) throw new UserError(`${flag} must be more than zero.`);
  return amount;
}

/** A checksummed address, or a one-line UserError naming the flag. */
export function parseAddress(input: string, flag: string): string {
  if (!isAddress(input))
    throw new UserError(`${flag} must be an address like 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 (got "${input}").`);
  return getAddress(input);
}

/** The signer at `index` (`--from`): 0 is the default account; local nodes have 20, a testnet config one. */
export async function signerAt(hre: HardhatRuntimeEnvironment, index: number): Promise<HardhatEthersSigner> {
  const signers = await hre.ethers.getSigners();
  if (!Number.isInteger(index) || index < 0 || index >= signers.length) {
    throw new UserError(
      `--from ${index} does not name an account: ${hre.network.name} has ${signers.length} (use 0 to ${signers.length - 1}).`,
    );
  }
  return signers[index];
}

/** One of `choices` (case-insensitive), or a one-line UserError listing them. */
export function parseChoice<T extends string>(input: string, choices: readonly T[], flag: string): T {
  const found = choices.find((c) => c === input.toLowerCase());
  if (found === undefined) throw new UserError(`${flag} must be one of ${choices.join(", ")} (got "${input}").`);
  return found;
}
