import type { ContractRunner } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { addressBook } from "./addresses";

/**
 * Every Quartet contract on the connected chain, typed and connected to `runner` (default: the first signer).
 * typechain-types is imported lazily so that Hardhat tasks can import this file before anything is compiled.
 */
export async function connectQuartet(hre: HardhatRuntimeEnvironment, runner?: ContractRunner) {
  const t = await import("../../typechain-types");
  const book = await addressBook(hre);
  const signer = runner ?? (await hre.ethers.getSigners())[0];
  return {
    book,
    accessManager: t.AccessManager__factory.connect(book.accessManager, signer),
    oracle: t.PriceOracle__factory.connect(book.oracle, signer),
    pool: t.LendingPool__factory.connect(book.pool, signer),
    executor: t.IntentExecutor__factory.connect(book.executor, signer),
    priceCondition: t.PriceCondition__factory.connect(book.priceCondition, signer),
    healthFactorCondition: t.HealthFactorCondition__factory.connect(book.healthFactorCondition, signer),
    profileNFT: t.ProfileNFT__factory.connect(book.profileNFT, signer),
    creatorPasses: t.CreatorPasses__factory.connect(book.creatorPasses, signer),
    token: t.QuartetToken__factory.connect(book.token, signer),
    timelock: t.TimelockController__factory.connect(book.timelock, signer),
    governor: t.QuartetGovernor__factory.connect(book.governor, signer),
    citizensTimelock: t.TimelockController__factory.connect(book.citizensTimelock, signer),
    citizensGovernor: t.QuartetGovernor__factory.connect(book.citizensGovernor, signer),
    tokens: {
      USDC: t.MockERC20__factory.connect(book.usdc, signer),
      WBTC: t.MockERC20__factory.connect(book.wbtc, signer),
      WETH: t.MockERC20__factory.connect(book.weth, signer),
    },
  };
}

export type Quartet = Awaited<ReturnType<typeof connectQuartet>>;
export type AssetSymbol = keyof Quartet["tokens"];

/** Resolves "USDC" (any case) or a listed token's address to its symbol and contract. */
export function resolveAsset(quartet: Quartet, asset: string) {
  const bySymbol = (Object.keys(quartet.tokens) as AssetSymbol[]).find((s) => s === asset.toUpperCase());
  if (bySymbol !== undefined) return { symbol: bySymbol, token: quartet.tokens[bySymbol] };
  const byAddress = (Object.keys(quartet.tokens) as AssetSymbol[]).find(
    (s) => quartet.book[s.toLowerCase() as "usdc" | "wbtc" | "weth"].toLowerCase() === asset.toLowerCase(),
  );
  if (byAddress !== undefined) return { symbol: byAddress, token: quartet.tokens[byAddress] };
  return undefined;
}
