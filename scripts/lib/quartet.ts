import { getAddress, isAddress, type ContractRunner } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { addressBook } from "./addresses";
import { signerAt } from "./args";
import { loadFactories } from "./contracts";
import { UserError } from "./errors";

/** The deployment table's typechain factories (scripts/lib/contracts.ts), or a one-line UserError before a compile. */
async function factories() {
  try {
    return await loadFactories();
  } catch (error) {
    if ((error as { code?: string }).code === "MODULE_NOT_FOUND") {
      throw new UserError("The contracts' typings are missing: run `npx hardhat compile` first.");
    }
    throw error;
  }
}

/** Every Quartet contract on the connected chain, typed and connected to `runner` (default: the first signer). */
export async function connectQuartet(hre: HardhatRuntimeEnvironment, runner?: ContractRunner) {
  const t = await factories();
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
    creatorCoins: t.CreatorCoins__factory.connect(book.creatorCoins, signer),
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
    /** Any ERC-20 (metadata, approve, transfer; `mint` only works on the open-mint test tokens). */
    erc20: (address: string) => t.MockERC20__factory.connect(address, signer),
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

/** The Quartet contracts connected to the signer at `--from` index `from`, and that signer. */
export async function connectAs(hre: HardhatRuntimeEnvironment, from: number) {
  const signer = await signerAt(hre, from);
  const quartet = await connectQuartet(hre, signer);
  return { quartet, signer };
}

/**
 * An asset listed on the pool, from a symbol the address book knows ("usdc") or any listed token's address, with
 * its symbol and decimals read from the token. Anything else is a one-line UserError listing what is listed.
 */
export async function listedAsset(quartet: Quartet, input: string, flag = "--asset") {
  const known = resolveAsset(quartet, input);
  const address = known !== undefined ? await known.token.getAddress() : isAddress(input) ? getAddress(input) : "";
  const listed = await quartet.pool.assets();
  if (!listed.some((a) => a.toLowerCase() === address.toLowerCase())) {
    const symbols = await Promise.all(listed.map((a) => quartet.erc20(a).symbol()));
    throw new UserError(
      `${flag} ${input} is not listed on the lending pool: use ${symbols.join(", ")} or a listed token's address.`,
    );
  }
  const token = quartet.erc20(address);
  const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals()]);
  return { address, token, symbol, decimals: Number(decimals) };
}

export type ListedAsset = Awaited<ReturnType<typeof listedAsset>>;
