import { zeroAddress, type Address } from "viem";

import type { RateModel } from "../lib/rates";
import { read, type Chain } from "./chain";

export interface AssetConfig {
  rateModel: Address;
  ltvBps: number;
  liquidationThresholdBps: number;
  liquidationBonusBps: number;
  reserveFactorBps: number;
  borrowEnabled: boolean;
  supplyCap: bigint;
  borrowCap: bigint;
}

export interface ReserveData {
  totalSupplyAssets: bigint;
  totalBorrowAssets: bigint;
  reserves: bigint;
  borrowRatePerSecond: bigint;
  decimals: number;
  pausedFlags: number;
}

export interface Isolation {
  isolated: boolean;
  borrowableInIsolation: boolean;
  debtCeiling: bigint;
  isolatedDebt: bigint;
}

export interface Market {
  address: Address;
  symbol: string;
  decimals: number;
  config: AssetConfig;
  reserve: ReserveData;
  isolation: Isolation;
  utilizationWad: bigint;
  supplyRatePerSecond: bigint;
  model: RateModel;
  /** USD per whole token (wad), or undefined when the oracle refuses the price (stale, out of bounds). */
  priceWad: bigint | undefined;
}

/** Every listed asset of the pool with its totals, configuration, rates and rate model. */
export async function loadMarkets(chain: Chain): Promise<Market[]> {
  const pool = chain.config.addresses.pool;
  const assets = await read<Address[]>(chain, "LendingPool", pool, "assets");
  return Promise.all(
    assets.map(async (address) => {
      const [symbol, config, reserve, isolation, utilizationWad, supplyRatePerSecond, priceWad] = await Promise.all([
        read<string>(chain, "ERC20", address, "symbol"),
        read<AssetConfig>(chain, "LendingPool", pool, "assetConfig", [address]),
        read<ReserveData>(chain, "LendingPool", pool, "reserveData", [address]),
        read<Isolation>(chain, "LendingPool", pool, "isolation", [address]),
        read<bigint>(chain, "LendingPool", pool, "utilizationWad", [address]),
        read<bigint>(chain, "LendingPool", pool, "supplyRatePerSecond", [address]),
        read<bigint>(chain, "PriceOracle", chain.config.addresses.oracle, "price", [address]).catch(() => undefined),
      ]);
      const model = await loadRateModel(chain, config.rateModel);
      return {
        address,
        symbol,
        decimals: Number(reserve.decimals),
        config,
        reserve,
        isolation,
        utilizationWad,
        supplyRatePerSecond,
        model,
        priceWad,
      };
    }),
  );
}

async function loadRateModel(chain: Chain, address: Address): Promise<RateModel> {
  if (address === zeroAddress) throw new Error("an asset has no rate model");
  const [baseRatePerSecond, slope1PerSecond, slope2PerSecond, kinkWad] = await Promise.all(
    ["baseRatePerSecond", "slope1PerSecond", "slope2PerSecond", "kinkWad"].map((fn) =>
      read<bigint>(chain, "InterestRateModel", address, fn),
    ),
  );
  return { baseRatePerSecond, slope1PerSecond, slope2PerSecond, kinkWad };
}
