import { ethers, ignition } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import LocalIntents from "../deploy/modules/LocalIntents";
import LocalLending from "../deploy/modules/LocalLending";
import LocalQuartet from "../deploy/modules/LocalQuartet";
import { typed } from "../scripts/lib/contracts";
import { decodeRevert, revertData } from "../scripts/lib/errors";
import { buildIntent, hashIntent, signIntent, type PaymentIntent } from "../scripts/lib/intents";
import { ROLES } from "../scripts/lib/roles";
import {
  AccessManager__factory,
  CreatorPasses__factory,
  MetadataRenderer__factory,
  ProfileNFT__factory,
  QuartetGovernor__factory,
  QuartetToken__factory,
  TimelockController__factory,
  TimelockGuardian__factory,
  VotingRewards__factory,
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
import type { AddressLike, BaseContract, ErrorDescription, Interface, Signer } from "ethers";

import { LOCAL_PARAMETERS_FILE, TOKEN_HOUSE_BALANCES } from "./governance/fixtures";

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

// ───────── the whole protocol as LocalQuartet deploys it ─────────

/**
 * Every protocol wired and handed to governance, as deploy/modules/LocalQuartet.ts deploys it with
 * deploy/parameters/local.json: three markets listed, the deployer holding no role and the whole QRT supply.
 * Lending users are funded as in `deployLending`; alice (3%), bob (2%) and carol (1%) hold QRT and self-delegate,
 * so alice and bob together reach the token house's 4% quorum. guardian, verifier and mallory hold nothing yet.
 */
export async function deployQuartet() {
  const d = await ignition.deploy(LocalQuartet, { parameters: LOCAL_PARAMETERS_FILE });
  const lending = await lendingFrom(d);
  const [guardian, verifier, mallory] = lending.signers.slice(6);

  const quartet = {
    ...lending,
    guardian,
    verifier,
    mallory,
    executor: await typed(IntentExecutor__factory, d.executor),
    priceCondition: await typed(PriceCondition__factory, d.priceCondition),
    healthFactorCondition: await typed(HealthFactorCondition__factory, d.healthFactorCondition),
    metadataRenderer: await typed(MetadataRenderer__factory, d.metadataRenderer),
    profileNFT: await typed(ProfileNFT__factory, d.profileNFT),
    creatorPasses: await typed(CreatorPasses__factory, d.creatorPasses),
    token: await typed(QuartetToken__factory, d.token),
    timelock: await typed(TimelockController__factory, d.timelock),
    governor: await typed(QuartetGovernor__factory, d.governor),
    citizensTimelock: await typed(TimelockController__factory, d.citizensTimelock),
    citizensGovernor: await typed(QuartetGovernor__factory, d.citizensGovernor),
    guardianVeto: await typed(TimelockGuardian__factory, d.guardianVeto),
    tokenHouseRewards: await typed(VotingRewards__factory, d.tokenHouseRewards),
    citizensRewards: await typed(VotingRewards__factory, d.citizensRewards),
  };

  for (const [holder, amount] of [
    [lending.alice, TOKEN_HOUSE_BALANCES.alice],
    [lending.bob, TOKEN_HOUSE_BALANCES.bob],
    [lending.carol, TOKEN_HOUSE_BALANCES.carol],
  ] as const) {
    await quartet.token.connect(lending.deployer).transfer(holder.address, amount);
    await quartet.token.connect(holder).delegate(holder.address);
  }
  return quartet;
}

export type Quartet = Awaited<ReturnType<typeof deployQuartet>>;

/** One restricted function of a Quartet deployment: where it lives, the role it requires and a sample call. */
export interface RestrictedFunction {
  /** `Contract.function`, for test titles. */
  name: string;
  target: string;
  /** The 4-byte selector, as AccessManager.getTargetFunctionRole takes it. */
  selector: string;
  /** The role the deployment maps it to (ADMIN = 0 when unmapped). */
  role: bigint;
  /** Calldata with plausible arguments, so any account can attempt the call. */
  data: string;
}

/**
 * Every `restricted` function of the protocol and the role it must require, as the specification states it (not
 * read from the modules): RISK sets risk parameters and feeds, GUARDIAN only pauses, un-pausing stays with ADMIN,
 * TREASURY collects and points the treasury, VERIFIER revokes verifications, CITIZENS sets the pass protocol fee.
 */
export async function quartetRestrictedFunctions(q: Quartet): Promise<RestrictedFunction[]> {
  const [pool, oracle, profileNFT, creatorPasses] = await Promise.all(
    [q.pool, q.oracle, q.profileNFT, q.creatorPasses].map((c) => c.getAddress()),
  );
  const weth = await q.weth.getAddress();
  const config = await assetConfigOf(q.pool, weth);
  const entry = <F extends { fragment: { selector: string; name: string } }>(
    contract: string,
    target: string,
    fn: F,
    role: bigint,
    data: string,
  ): RestrictedFunction => ({
    name: `${contract}.${fn.fragment.name}`,
    target,
    selector: fn.fragment.selector,
    role,
    data,
  });
  const poolI = q.pool.interface;
  return [
    entry("LendingPool", pool, q.pool.listAsset, ROLES.RISK, poolI.encodeFunctionData("listAsset", [weth, config])),
    entry(
      "LendingPool",
      pool,
      q.pool.setAssetConfig,
      ROLES.RISK,
      poolI.encodeFunctionData("setAssetConfig", [weth, config]),
    ),
    entry("LendingPool", pool, q.pool.pauseAsset, ROLES.GUARDIAN, poolI.encodeFunctionData("pauseAsset", [weth, 1])),
    entry("LendingPool", pool, q.pool.unpauseAsset, ROLES.ADMIN, poolI.encodeFunctionData("unpauseAsset", [weth, 1])),
    entry(
      "LendingPool",
      pool,
      q.pool.collectReserves,
      ROLES.TREASURY,
      poolI.encodeFunctionData("collectReserves", [weth, q.mallory.address]),
    ),
    entry(
      "PriceOracle",
      oracle,
      q.oracle.setFeed,
      ROLES.RISK,
      q.oracle.interface.encodeFunctionData("setFeed", [weth, await q.wethFeed.getAddress(), 3_600]),
    ),
    entry(
      "ProfileNFT",
      profileNFT,
      q.profileNFT.revokeVerification,
      ROLES.VERIFIER,
      q.profileNFT.interface.encodeFunctionData("revokeVerification", [1n]),
    ),
    entry(
      "CreatorPasses",
      creatorPasses,
      q.creatorPasses.setProtocolFee,
      ROLES.CITIZENS,
      q.creatorPasses.interface.encodeFunctionData("setProtocolFee", [500]),
    ),
    entry(
      "CreatorPasses",
      creatorPasses,
      q.creatorPasses.setTreasury,
      ROLES.TREASURY,
      q.creatorPasses.interface.encodeFunctionData("setTreasury", [q.mallory.address]),
    ),
    ...(
      await Promise.all(
        (
          [
            ["TokenHouseRewards", q.tokenHouseRewards],
            ["CitizensRewards", q.citizensRewards],
          ] as const
        ).map(async ([name, rewards]) => {
          const at = await rewards.getAddress();
          const i = rewards.interface;
          return [
            entry(name, at, rewards.fund, ROLES.TREASURY, i.encodeFunctionData("fund", [0n, 1n])),
            entry(name, at, rewards.reclaim, ROLES.TREASURY, i.encodeFunctionData("reclaim", [0n, q.mallory.address])),
            entry(name, at, rewards.setEpochBudgetCap, ROLES.ADMIN, i.encodeFunctionData("setEpochBudgetCap", [1n])),
          ];
        }),
      )
    ).flat(),
    entry(
      "TimelockGuardian",
      await q.guardianVeto.getAddress(),
      q.guardianVeto.setGuardian,
      ROLES.ADMIN,
      q.guardianVeto.interface.encodeFunctionData("setGuardian", [q.mallory.address]),
    ),
  ];
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
