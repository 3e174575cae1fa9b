import { getAddress, isAddress, MaxUint256, parseUnits } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { UserError } from "./errors";

/** `type(uint256).max`: the contracts' "all of it" for withdraw and repay. */
export const MAX = MaxUint256;

/** The forms `parseAmount` accepts, named in every refusal. */
export const AMOUNT_FORMS =
  "a number like 100, 0.5 or 1,000 (a dot for decimals; commas only between groups of three digits)";

/** Digits with optional thousands separators (`,` or `_`, one kind, groups of three), then an optional fraction. */
const AMOUNT_PATTERN = /^(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:_\d{3})+)?(?:\.\d+)?$/;

/**
 * A human amount ("100", "0.5", ".5", "1,000", "1_000.25") in `decimals` token units, parsed strictly: a decimal
 * comma ("0,5"), separators outside groups of three ("1,00"), signs, exponents, more decimals than the token has,
 * zero and anything above uint256 are one-line UserErrors naming the accepted forms. With `allowMax`, "max" (any case)
 * returns `MAX`; with `allowZero`, 0 is accepted.
 */
export function parseAmount(
  input: string,
  decimals: number | bigint,
  {
    flag = "--amount",
    symbol = "the token",
    allowMax = false,
    allowZero = false,
  }: { flag?: string; symbol?: string; allowMax?: boolean; allowZero?: boolean } = {},
): bigint {
  const text = input.trim();
  if (allowMax && text.toLowerCase() === "max") return MAX;
  const forms = allowMax ? `${AMOUNT_FORMS}, or "max"` : AMOUNT_FORMS;
  if (text === "" || text === "." || !AMOUNT_PATTERN.test(text)) {
    // "0,5" or "12,75": the comma of a decimal mark, not a thousands separator.
    const decimalComma = /^\d+,\d+$/.test(text) && !/^\d{1,3},\d{3}$/.test(text);
    const fix = decimalComma ? `: write ${text.replace(",", ".")} with a dot` : "";
    throw new UserError(`${flag} must be ${forms} (got "${input}"${fix}).`);
  }
  const plain = text.replace(/[,_]/g, "");
  const fraction = plain.split(".")[1] ?? "";
  if (fraction.length > Number(decimals)) {
    throw new UserError(`${flag} ${input} has more decimals than ${symbol}'s ${decimals}.`);
  }
  const amount = parseUnits(plain.startsWith(".") ? `0${plain}` : plain, decimals);
  if (amount === 0n && !allowZero) throw new UserError(`${flag} must be more than zero.`);
  if (amount > MaxUint256) {
    throw new UserError(`${flag} ${input} is more than any token can hold (2^256 - 1 of its smallest units).`);
  }
  return amount;
}

/** A whole number of at least `min` and at most `max`, from a flag Hardhat passes as a number or a string. */
export function parseWhole(input: number | string, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const value = typeof input === "number" ? input : /^\d+$/.test(input.trim()) ? Number(input.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new UserError(`${flag} must be a whole number ${range} (got ${JSON.stringify(input)}).`);
  }
  return value;
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
