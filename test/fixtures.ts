import { ethers, ignition } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import LocalIntents from "../deploy/modules/LocalIntents";
import LocalLending from "../deploy/modules/LocalLending";
import { typed } from "../scripts/lib/contracts";
import {
  AccessManager__factory,
  HealthFactorCondition__factory,
  IntentExecutor__factory,
  InterestRateModel__factory,
  LendingPool__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  PriceCondition__factory,
  PriceOracle__factory,
  type ILendingPool,
  type LendingPool,
  type MockERC20,
  type MockV3Aggregator,
} from "../typechain-types";
import type { AddressLike, BaseContract } from "ethers";

/** Whole-token amounts: `units(100, 6)` = 100 USDC. */
export function units(amount: number | string, decimals: number | bigint): bigint {
  return ethers.parseUnits(String(amount), decimals);
}

/** The lending protocol with USDC (6), WBTC (8) and WETH (18) listed, deployed by the Ignition modules. */
export async function deployLending() {
  return lendingFrom(await ignition.deploy(LocalLending));
}

type LendingContract =
  | "accessManager"
  | "oracle"
  | "pool"
  | "stableRateModel"
  | "volatileRateModel"
  | "usdc"
  | "wbtc"
  | "weth"
  | "usdcFeed"
  | "wbtcFeed"
  | "wethFeed";
type LocalLendingDeployment = Record<LendingContract, BaseContract>;

/** Types the lending contracts of an Ignition deployment and funds the named users. */
async function lendingFrom(d: LocalLendingDeployment) {
  const signers = await ethers.getSigners();
  const [deployer, alice, bob, carol, dave, liquidator] = signers;

  const lending = {
    deployer,
    alice,
    bob,
    carol,
    dave,
    liquidator,
    signers,
    accessManager: await typed(AccessManager__factory, d.accessManager),
    oracle: await typed(PriceOracle__factory, d.oracle),
    pool: await typed(LendingPool__factory, d.pool),
    stableRateModel: await typed(InterestRateModel__factory, d.stableRateModel),
    volatileRateModel: await typed(InterestRateModel__factory, d.volatileRateModel),
    usdc: await typed(MockERC20__factory, d.usdc),
    wbtc: await typed(MockERC20__factory, d.wbtc),
    weth: await typed(MockERC20__factory, d.weth),
    usdcFeed: await typed(MockV3Aggregator__factory, d.usdcFeed),
    wbtcFeed: await typed(MockV3Aggregator__factory, d.wbtcFeed),
    wethFeed: await typed(MockV3Aggregator__factory, d.wethFeed),
  };

  // Every named user holds plenty of each asset and has approved the pool.
  const poolAddress = await lending.pool.getAddress();
  for (const user of [alice, bob, carol, dave, liquidator]) {
    for (const token of [lending.usdc, lending.wbtc, lending.weth]) {
      await token.mint(user.address, units(1_000_000_000, await token.decimals()));
      await token.connect(user).approve(poolAddress, ethers.MaxUint256);
    }
  }
  return lending;
}

export type Lending = Awaited<ReturnType<typeof deployLending>>;

/** Sets a feed's answer (8-decimal USD) with the current timestamp. */
export async function setPrice(feed: MockV3Aggregator, usd: number | string): Promise<void> {
  await feed.updateAnswer(units(usd, 8));
}

/** Re-posts every feed's current answer so that a long time jump does not leave prices stale. */
export async function refreshPrices(lending: Pick<Lending, "usdcFeed" | "wbtcFeed" | "wethFeed">): Promise<void> {
  for (const feed of [lending.usdcFeed, lending.wbtcFeed, lending.wethFeed]) {
    await feed.updateAnswer(await feed.latestAnswer());
  }
}

/** Moves time forward and refreshes the feeds. */
export async function elapse(
  lending: Pick<Lending, "usdcFeed" | "wbtcFeed" | "wethFeed">,
  seconds: number | bigint,
): Promise<void> {
  await time.increase(seconds);
  await refreshPrices(lending);
}

export async function decimalsOf(token: MockERC20): Promise<number> {
  return Number(await token.decimals());
}

/** An asset's config as a plain struct that can be spread, changed and passed back to `setAssetConfig`. */
export async function assetConfigOf(pool: LendingPool, asset: AddressLike): Promise<ILendingPool.AssetConfigStruct> {
  const c = await pool.assetConfig(asset);
  return {
    rateModel: c.rateModel,
    ltvBps: c.ltvBps,
    liquidationThresholdBps: c.liquidationThresholdBps,
    liquidationBonusBps: c.liquidationBonusBps,
    reserveFactorBps: c.reserveFactorBps,
    borrowEnabled: c.borrowEnabled,
    supplyCap: c.supplyCap,
    borrowCap: c.borrowCap,
  };
}

/** Lending as in `deployLending`, plus the intent executor and its conditions. */
export async function deployIntents() {
  const d = await ignition.deploy(LocalIntents);
  const lending = await lendingFrom(d);
  const executor = await typed(IntentExecutor__factory, d.executor);
  // Owners approve the executor once, as a wallet would on first use.
  for (const user of [lending.alice, lending.bob, lending.carol, lending.dave]) {
    for (const token of [lending.usdc, lending.wbtc, lending.weth]) {
      await token.connect(user).approve(executor, ethers.MaxUint256);
    }
  }
  return {
    ...lending,
    executor,
    priceCondition: await typed(PriceCondition__factory, d.priceCondition),
    healthFactorCondition: await typed(HealthFactorCondition__factory, d.healthFactorCondition),
  };
}

// Helpers added with the lending safety tests (imports kept here so the file above stays untouched).
import type { ErrorDescription, Interface } from "ethers";

/** A Chainlink-compatible mock feed with `decimals` and a first `answer`, deployed by the first signer. */
export async function deployFeed(decimals: number, answer: bigint): Promise<MockV3Aggregator> {
  const [deployer] = await ethers.getSigners();
  const feed = await new MockV3Aggregator__factory(deployer).deploy(decimals, answer);
  await feed.waitForDeployment();
  return feed;
}

/**
 * Lists `token` in the pool the way governance would (the deployer holds RISK after deployment): first an 8-decimal
 * USD feed answering `usd`, then `listAsset` with USDC-like parameters unless `config` overrides them.
 */
export async function listMarket(
  lending: Lending,
  token: AddressLike,
  usd: number | string,
  config: Partial<ILendingPool.AssetConfigStruct> = {},
): Promise<MockV3Aggregator> {
  const feed = await deployFeed(8, units(usd, 8));
  await lending.oracle.connect(lending.deployer).setFeed(token, feed, 86_400);
  await lending.pool.connect(lending.deployer).listAsset(token, {
    rateModel: lending.stableRateModel,
    ltvBps: 8000,
    liquidationThresholdBps: 8500,
    liquidationBonusBps: 500,
    reserveFactorBps: 1000,
    borrowEnabled: true,
    supplyCap: 0n,
    borrowCap: 0n,
    ...config,
  });
  return feed;
}

/**
 * The name of the custom error a failed call or transaction reverted with, decoded against the ABIs of `contracts`
 * (undefined when the failure is anything else). Lets property tests accept only the reverts they expect.
 */
export function customErrorName(error: unknown, ...contracts: { interface: Interface }[]): string | undefined {
  return decodeCustomError(error, ...contracts)?.name;
}

/** The custom error (name and arguments) a failed call or transaction reverted with, or undefined. */
export function decodeCustomError(
  error: unknown,
  ...contracts: { interface: Interface }[]
): ErrorDescription | undefined {
  const data = (error as { data?: unknown }).data;
  if (typeof data !== "string") return undefined;
  for (const contract of contracts) {
    const parsed = contract.interface.parseError(data);
    if (parsed !== null) return parsed;
  }
  return undefined;
}

/**
 * fast-check settings for a property: `FC_RUNS` runs (`defaultRuns`, 25 unless the property is heavier, by default)
 * from `FC_SEED` or a fresh random seed, which is printed so that a failure can be replayed with `FC_SEED=<seed>`.
 */
export function propertySettings(property: string, defaultRuns = 25): { numRuns: number; seed: number } {
  const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
  console.log(`      [fast-check] ${property}: seed ${seed} (replay with FC_SEED=${seed})`);
  return { numRuns: Number(process.env.FC_RUNS ?? defaultRuns), seed };
}
