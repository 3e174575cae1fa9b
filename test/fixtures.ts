import { ethers, ignition } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import LocalIntents from "../deploy/modules/LocalIntents";
import LocalLending from "../deploy/modules/LocalLending";
import { typed } from "../scripts/lib/contracts";
import { decodeRevert, revertData } from "../scripts/lib/errors";
import { buildIntent, hashIntent, signIntent, type PaymentIntent } from "../scripts/lib/intents";
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
  type IntentExecutor,
  type LendingPool,
  type MockERC20,
  type MockV3Aggregator,
} from "../typechain-types";
import type { AddressLike, BaseContract, Signer } from "ethers";

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

export type Intents = Awaited<ReturnType<typeof deployIntents>>;

/** An intent with its owner's signature and its EIP-712 digest. */
export interface SignedIntent {
  intent: PaymentIntent;
  signature: string;
  hash: string;
}

/**
 * `fields` over `buildIntent`'s defaults (owner = the signer; a one-off PAY valid from the latest block for a day),
 * signed by `signer` for `executor`. Pass `owner` to sign for someone else (an ERC-1271 wallet, or a forgery).
 */
export async function signedIntent(
  executor: IntentExecutor,
  signer: Signer,
  fields: Pick<PaymentIntent, "token" | "amount"> & Partial<PaymentIntent>,
): Promise<SignedIntent> {
  const intent = buildIntent({ owner: await signer.getAddress(), ...fields }, await time.latest());
  return { intent, signature: await signIntent(signer, executor, intent), hash: await hashIntent(executor, intent) };
}

/**
 * Signer number `index` of the node's accounts (6 and up are not used by the fixtures), holding `amount` of each
 * token but with no allowance given to anyone.
 */
export async function unapprovedUser(tokens: MockERC20[], index: number, amount: bigint) {
  const user = (await ethers.getSigners())[index];
  for (const token of tokens) await token.mint(user.address, amount);
  return user;
}

/**
 * Awaits a transaction (or call) and names the custom error it reverted with, or returns null when it succeeded.
 * For loops and properties where the expected outcome varies; fixed cases use `revertedWithCustomError`.
 */
export async function revertName(pending: Promise<unknown>): Promise<string | null> {
  try {
    await pending;
    return null;
  } catch (error) {
    const data = revertData(error);
    if (data === undefined) throw error;
    return decodeRevert(data)?.name ?? `unknown ${data.slice(0, 10)}`;
  }
}
