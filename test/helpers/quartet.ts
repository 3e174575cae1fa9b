import { ignition } from "hardhat";

import LocalQuartet from "../../deploy/modules/LocalQuartet";
import { typedDeployment } from "../../scripts/lib/contracts";
import { ROLES } from "../../scripts/lib/roles";
import { LOCAL_PARAMETERS_FILE, TOKEN_HOUSE_BALANCES } from "../governance/fixtures";
import { assetConfigOf, lendingFrom, pick } from "./lending";

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
    ...(await typedDeployment(
      pick(d, [
        "executor",
        "priceCondition",
        "healthFactorCondition",
        "metadataRenderer",
        "profileNFT",
        "creatorPasses",
        "creatorCoins",
        "token",
        "timelock",
        "governor",
        "citizensTimelock",
        "citizensGovernor",
        "guardianVeto",
        "tokenHouseRewards",
        "citizensRewards",
      ]),
    )),
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
 * TREASURY collects and points the treasury, RISK sets the intents' swap adapter, VERIFIER revokes verifications, CITIZENS sets the pass protocol fee.
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
    entry("LendingPool", pool, q.pool.setFlashLoanFee, ROLES.RISK, poolI.encodeFunctionData("setFlashLoanFee", [1])),
    entry(
      "LendingPool",
      pool,
      q.pool.setIsolation,
      ROLES.RISK,
      poolI.encodeFunctionData("setIsolation", [weth, false, true, 0n]),
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
      "IntentExecutor",
      await q.executor.getAddress(),
      q.executor.setSwapAdapter,
      ROLES.RISK,
      q.executor.interface.encodeFunctionData("setSwapAdapter", [q.mallory.address]),
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
    entry(
      "CreatorCoins",
      await q.creatorCoins.getAddress(),
      q.creatorCoins.setProtocolFee,
      ROLES.TREASURY,
      q.creatorCoins.interface.encodeFunctionData("setProtocolFee", [50]),
    ),
    entry(
      "CreatorCoins",
      await q.creatorCoins.getAddress(),
      q.creatorCoins.setTreasury,
      ROLES.TREASURY,
      q.creatorCoins.interface.encodeFunctionData("setTreasury", [q.mallory.address]),
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
