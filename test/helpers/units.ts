import { ethers } from "hardhat";

/** Whole-token amounts: `units(100, 6)` = 100 USDC. */
export function units(amount: number | string, decimals: number | bigint): bigint {
  return ethers.parseUnits(String(amount), decimals);
}
