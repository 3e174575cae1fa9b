import { getAddress } from "viem";

import { hasNoDebt, WAD } from "./format";

/** The pool's events that name an account whose position changed, with the argument that names it. */
export const ACCOUNT_EVENTS = {
  Supply: "onBehalfOf",
  Withdraw: "account",
  Borrow: "account",
  Repay: "onBehalfOf",
  Liquidate: "borrower",
  CollateralSet: "account",
} as const;

export interface PoolLog {
  eventName: string;
  args: Record<string, unknown>;
}

/** Every account the pool's logs name (see ACCOUNT_EVENTS), checksummed, in order of first appearance. */
export function accountsFromLogs(logs: readonly PoolLog[]): `0x${string}`[] {
  const seen = new Map<string, `0x${string}`>();
  for (const log of logs) {
    const key = ACCOUNT_EVENTS[log.eventName as keyof typeof ACCOUNT_EVENTS];
    const value = key === undefined ? undefined : log.args[key];
    if (typeof value !== "string") continue;
    const address = getAddress(value);
    if (!seen.has(address.toLowerCase())) seen.set(address.toLowerCase(), address);
  }
  return [...seen.values()];
}

/** Tokens as US dollars (a wad): `amount` base units of a token with `decimals` at `priceWad` per whole token. */
export function valueUsd(amount: bigint, decimals: number, priceWad: bigint): bigint {
  return (amount * priceWad) / 10n ** BigInt(decimals);
}

export interface HealthRow {
  address: string;
  healthFactor: bigint;
}

/** Riskiest first: ascending health factor, accounts without debt last (by address, so the order is stable). */
export function byHealth<T extends HealthRow>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    if (a.healthFactor !== b.healthFactor) return a.healthFactor < b.healthFactor ? -1 : 1;
    return a.address.toLowerCase() < b.address.toLowerCase() ? -1 : 1;
  });
}

/** Whether anyone may liquidate the account now: it has debt and its health factor is below 1. */
export function isLiquidatable(healthFactor: bigint): boolean {
  return !hasNoDebt(healthFactor) && healthFactor < WAD;
}
