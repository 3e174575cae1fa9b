import { ethers, ignition } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { AddressLike, BaseContract } from "ethers";

import LocalLending from "../../deploy/modules/LocalLending";
import { typedDeployment } from "../../scripts/lib/contracts";
import {
  MockV3Aggregator__factory,
  type ILendingPool,
  type LendingPool,
  type MockERC20,
  type MockV3Aggregator,
} from "../../typechain-types";
import { units } from "./units";

/** The lending protocol with USDC (6), WBTC (8) and WETH (18) listed, deployed by the Ignition modules. */
export async function deployLending() {
  return lendingFrom(await ignition.deploy(LocalLending));
}

/** The contracts LocalLending deploys (and every module built on it), by their deployment-table names. */
const LENDING_CONTRACTS = [
  "accessManager",
  "oracle",
  "pool",
  "stableRateModel",
  "volatileRateModel",
  "usdc",
  "wbtc",
  "weth",
  "usdcFeed",
  "wbtcFeed",
  "wethFeed",
  "tbill",
  "tbillNavFeed",
] as const;
type LendingContract = (typeof LENDING_CONTRACTS)[number];
export type LocalLendingDeployment = Record<LendingContract, BaseContract>;

/** Only the `names` entries of an Ignition deployment's result. */
export function pick<N extends string>(d: Record<N, BaseContract>, names: readonly N[]): Record<N, BaseContract> {
  return Object.fromEntries(names.map((name) => [name, d[name]])) as Record<N, BaseContract>;
}

/** Types the lending contracts of an Ignition deployment (through the deployment table) and funds the named users. */
export async function lendingFrom(d: LocalLendingDeployment) {
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
    ...(await typedDeployment(pick(d, LENDING_CONTRACTS))),
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

// ───────── helpers of the lending safety tests ─────────

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
