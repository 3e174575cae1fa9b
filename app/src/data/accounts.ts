import type { Address } from "viem";

import { accountsFromLogs, byHealth, valueUsd } from "../lib/accounts";
import { logs, read, type Chain } from "./chain";
import { loadMarkets, type Market } from "./markets";

export interface Position {
  symbol: string;
  decimals: number;
  supplied: bigint;
  borrowed: bigint;
  collateral: boolean;
  /** USD values (wad); undefined when the asset has no usable price. */
  suppliedUsd: bigint | undefined;
  borrowedUsd: bigint | undefined;
}

export interface Account {
  address: Address;
  collateralValue: bigint;
  debtValue: bigint;
  borrowLimit: bigint;
  healthFactor: bigint;
  positions: Position[];
  /** Set when the pool could not value the account (e.g. a stale price). */
  error?: string;
}

/** Every account that touched the pool (from its events), valued by the pool, riskiest first. */
export async function loadAccounts(chain: Chain): Promise<{ accounts: Account[]; markets: Market[] }> {
  const pool = chain.config.addresses.pool;
  const [events, markets] = await Promise.all([logs(chain, "LendingPool", pool), loadMarkets(chain)]);
  const accounts = await Promise.all(accountsFromLogs(events).map((address) => loadAccount(chain, address, markets)));
  return { accounts: byHealth(accounts), markets };
}

async function loadAccount(chain: Chain, address: Address, markets: Market[]): Promise<Account> {
  const pool = chain.config.addresses.pool;
  const positions = (
    await Promise.all(
      markets.map(async (m): Promise<Position> => {
        const [supplied, borrowed, collateral] = await Promise.all([
          read<bigint>(chain, "LendingPool", pool, "supplyBalance", [m.address, address]),
          read<bigint>(chain, "LendingPool", pool, "debtBalance", [m.address, address]),
          read<boolean>(chain, "LendingPool", pool, "isCollateral", [m.address, address]),
        ]);
        const usd = (amount: bigint) =>
          m.priceWad === undefined ? undefined : valueUsd(amount, m.decimals, m.priceWad);
        return {
          symbol: m.symbol,
          decimals: m.decimals,
          supplied,
          borrowed,
          collateral,
          suppliedUsd: usd(supplied),
          borrowedUsd: usd(borrowed),
        };
      }),
    )
  ).filter((p) => p.supplied > 0n || p.borrowed > 0n);
  try {
    const [collateralValue, debtValue, borrowLimit, healthFactor] = await read<[bigint, bigint, bigint, bigint]>(
      chain,
      "LendingPool",
      pool,
      "accountData",
      [address],
    );
    return { address, collateralValue, debtValue, borrowLimit, healthFactor, positions };
  } catch (error) {
    const message =
      error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
    return {
      address,
      collateralValue: 0n,
      debtValue: 0n,
      borrowLimit: 0n,
      healthFactor: 0n,
      positions,
      error: message,
    };
  }
}
