import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { expect } from "chai";
import { ethers, ignition } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import LocalLending from "../../deploy/modules/LocalLending";
import { typed } from "../../scripts/lib/contracts";
import { ROLES } from "../../scripts/lib/roles";
import {
  LendingPool__factory,
  MockERC20__factory,
  PriceOracle__factory,
  type MockV3Aggregator,
} from "../../typechain-types";
import { deployFeed, deployLending, units } from "../fixtures";
import { WAD } from "../../scripts/lib/units";

// Every fixture here starts from `loadFixture(deployLending)`: the Ignition deployment runs once and each fixture
// snapshots its own setup on top of it (loadFixture re-runs a fixture whose snapshot an earlier revert discarded).
const HEARTBEAT = 86_400n;
const GRACE_PERIOD = 3_600n;
// An arbitrary asset address: the oracle prices addresses, it never calls the token.
const SOME_ASSET = ethers.getAddress("0x00000000000000000000000000000000000a55e7");

/** Writes a new round to `feed` with an explicit answer, updatedAt and startedAt. */
async function writeRound(feed: MockV3Aggregator, answer: bigint, updatedAt: bigint, startedAt: bigint) {
  await feed.updateRoundData((await feed.latestRound()) + 1n, answer, updatedAt, startedAt);
}

async function updatedAtOf(feed: MockV3Aggregator): Promise<bigint> {
  const [, , , updatedAt] = await feed.latestRoundData();
  return updatedAt;
}

describe("PriceOracle.price", function () {
  it("normalizes 8-decimal feeds to USD wads", async function () {
    const { oracle, usdc, wbtc, weth } = await loadFixture(deployLending);
    expect(await oracle.price(usdc)).to.equal(units(1, 18));
    expect(await oracle.price(wbtc)).to.equal(units(60_000, 18));
    expect(await oracle.price(weth)).to.equal(units(3_000, 18));
  });

  it("passes an 18-decimal feed's answer through unchanged", async function () {
    const { oracle, deployer } = await loadFixture(deployLending);
    const answer = units("3123.456789012345678", 18);
    const feed = await deployFeed(18, answer);
    await oracle.connect(deployer).setFeed(SOME_ASSET, feed, 3_600);
    expect(await oracle.price(SOME_ASSET)).to.equal(answer);
  });

  it("scales a 6-decimal feed by 1e12", async function () {
    const { oracle, deployer } = await loadFixture(deployLending);
    const feed = await deployFeed(6, 1_234_567n);
    await oracle.connect(deployer).setFeed(SOME_ASSET, feed, 3_600);
    expect(await oracle.price(SOME_ASSET)).to.equal(1_234_567n * 10n ** 12n);
  });

  it("scales a 0-decimal feed by 1e18", async function () {
    const { oracle, deployer } = await loadFixture(deployLending);
    const feed = await deployFeed(0, 42n);
    await oracle.connect(deployer).setFeed(SOME_ASSET, feed, 3_600);
    expect(await oracle.price(SOME_ASSET)).to.equal(units(42, 18));
  });

  it("reverts InvalidPrice above MAX_PRICE_WAD ($1e18 a token) and accepts exactly it, at 8 and 0 decimals", async function () {
    const { oracle, deployer, usdc, usdcFeed } = await loadFixture(deployLending);
    expect(await oracle.MAX_PRICE_WAD()).to.equal(10n ** 36n);
    await usdcFeed.updateAnswer(10n ** 26n); // 8 decimals: 1e26 × 1e10 = 1e36
    expect(await oracle.price(usdc)).to.equal(10n ** 36n);
    await usdcFeed.updateAnswer(10n ** 26n + 1n);
    await expect(oracle.price(usdc))
      .to.be.revertedWithCustomError(oracle, "InvalidPrice")
      .withArgs(usdcFeed, 10n ** 26n + 1n);
    expect(await oracle.tryPrice(usdc)).to.deep.equal([false, 0n]);
    // An answer that would overflow the scaling is refused the same way instead of panicking.
    const huge = await deployFeed(0, 2n ** 255n - 1n);
    await oracle.connect(deployer).setFeed(SOME_ASSET, huge, 3_600);
    await expect(oracle.price(SOME_ASSET)).to.be.revertedWithCustomError(oracle, "InvalidPrice");
    expect(await oracle.tryPrice(SOME_ASSET)).to.deep.equal([false, 0n]);
  });

  it("reverts InvalidPrice for a zero answer", async function () {
    const { oracle, usdc, usdcFeed } = await loadFixture(deployLending);
    await usdcFeed.updateAnswer(0);
    await expect(oracle.price(usdc)).to.be.revertedWithCustomError(oracle, "InvalidPrice").withArgs(usdcFeed, 0);
  });

  it("reverts InvalidPrice for a negative answer", async function () {
    const { oracle, weth, wethFeed } = await loadFixture(deployLending);
    await wethFeed.updateAnswer(-1);
    await expect(oracle.price(weth)).to.be.revertedWithCustomError(oracle, "InvalidPrice").withArgs(wethFeed, -1);
  });

  it("reverts InvalidPrice for an incomplete round (updatedAt 0)", async function () {
    const { oracle, wbtc, wbtcFeed } = await loadFixture(deployLending);
    const answer = units(61_000, 8);
    await writeRound(wbtcFeed, answer, 0n, BigInt(await time.latest()));
    await expect(oracle.price(wbtc)).to.be.revertedWithCustomError(oracle, "InvalidPrice").withArgs(wbtcFeed, answer);
  });

  it("accepts an answer exactly one heartbeat old", async function () {
    const { oracle, weth, wethFeed } = await loadFixture(deployLending);
    await wethFeed.updateAnswer(units(2_500, 8));
    await time.increaseTo((await updatedAtOf(wethFeed)) + HEARTBEAT);
    expect(await oracle.price(weth)).to.equal(units(2_500, 18));
  });

  it("reverts StalePrice one second past the heartbeat", async function () {
    const { oracle, weth, wethFeed } = await loadFixture(deployLending);
    await wethFeed.updateAnswer(units(2_500, 8));
    const updatedAt = await updatedAtOf(wethFeed);
    await time.increaseTo(updatedAt + HEARTBEAT + 1n);
    await expect(oracle.price(weth))
      .to.be.revertedWithCustomError(oracle, "StalePrice")
      .withArgs(wethFeed, updatedAt, HEARTBEAT);
  });

  it("reverts StalePrice for an answer timestamped in the future", async function () {
    const { oracle, usdc, usdcFeed } = await loadFixture(deployLending);
    // A day ahead, not a minute: a view call is priced at wall-clock time, which a slow (coverage) run advances.
    const future = BigInt(await time.latest()) + 86_400n;
    await writeRound(usdcFeed, units(1, 8), future, future);
    await expect(oracle.price(usdc))
      .to.be.revertedWithCustomError(oracle, "StalePrice")
      .withArgs(usdcFeed, future, HEARTBEAT);
  });

  it("reverts FeedNotSet for an asset without a feed", async function () {
    const { oracle } = await loadFixture(deployLending);
    await expect(oracle.price(SOME_ASSET)).to.be.revertedWithCustomError(oracle, "FeedNotSet").withArgs(SOME_ASSET);
  });
});

describe("PriceOracle.setFeed", function () {
  it("emits FeedSet and records the feed, heartbeat and decimals", async function () {
    const { oracle, deployer } = await loadFixture(deployLending);
    const feed = await deployFeed(18, units(7, 18));
    await expect(oracle.connect(deployer).setFeed(SOME_ASSET, feed, 1_200))
      .to.emit(oracle, "FeedSet")
      .withArgs(SOME_ASSET, feed, 1_200);
    const config = await oracle.feedOf(SOME_ASSET);
    expect(config.feed).to.equal(await feed.getAddress());
    expect(config.heartbeat).to.equal(1_200n);
    expect(config.decimals).to.equal(18n);
  });

  it("replaces an asset's feed and its heartbeat", async function () {
    const { oracle, deployer, usdc } = await loadFixture(deployLending);
    const feed = await deployFeed(18, units("0.999", 18));
    await oracle.connect(deployer).setFeed(usdc, feed, 60);
    expect(await oracle.price(usdc)).to.equal(units("0.999", 18));
    await time.increase(61);
    await expect(oracle.price(usdc)).to.be.revertedWithCustomError(oracle, "StalePrice");
  });

  it("reverts InvalidFeedAddress for a zero asset", async function () {
    const { oracle, deployer, usdcFeed } = await loadFixture(deployLending);
    await expect(oracle.connect(deployer).setFeed(ethers.ZeroAddress, usdcFeed, 3_600))
      .to.be.revertedWithCustomError(oracle, "InvalidFeedAddress")
      .withArgs(ethers.ZeroAddress, usdcFeed);
  });

  it("reverts InvalidFeedAddress for a zero feed", async function () {
    const { oracle, deployer } = await loadFixture(deployLending);
    await expect(oracle.connect(deployer).setFeed(SOME_ASSET, ethers.ZeroAddress, 3_600))
      .to.be.revertedWithCustomError(oracle, "InvalidFeedAddress")
      .withArgs(SOME_ASSET, ethers.ZeroAddress);
  });

  it("reverts InvalidHeartbeat for a zero heartbeat", async function () {
    const { oracle, deployer, usdcFeed } = await loadFixture(deployLending);
    await expect(oracle.connect(deployer).setFeed(SOME_ASSET, usdcFeed, 0)).to.be.revertedWithCustomError(
      oracle,
      "InvalidHeartbeat",
    );
  });

  it("reverts UnsupportedFeedDecimals for a feed with 19 decimals, and accepts 18", async function () {
    const { oracle, deployer } = await loadFixture(deployLending);
    const feed = await deployFeed(19, 10n ** 19n);
    await expect(oracle.connect(deployer).setFeed(SOME_ASSET, feed, 3_600))
      .to.be.revertedWithCustomError(oracle, "UnsupportedFeedDecimals")
      .withArgs(19);
    await expect(oracle.connect(deployer).setFeed(SOME_ASSET, await deployFeed(18, WAD), 3_600)).to.emit(
      oracle,
      "FeedSet",
    );
  });

  it("reverts AccessManagedUnauthorized for a caller without the risk role", async function () {
    const { oracle, alice, usdcFeed } = await loadFixture(deployLending);
    await expect(oracle.connect(alice).setFeed(SOME_ASSET, usdcFeed, 3_600))
      .to.be.revertedWithCustomError(oracle, "AccessManagedUnauthorized")
      .withArgs(alice.address);
  });

  it("lets a newly granted risk member set a feed", async function () {
    const { oracle, accessManager, deployer, alice, usdcFeed } = await loadFixture(deployLending);
    await accessManager.connect(deployer).grantRole(ROLES.RISK, alice.address, 0);
    await expect(oracle.connect(alice).setFeed(SOME_ASSET, usdcFeed, 3_600)).to.emit(oracle, "FeedSet");
  });
});

describe("PriceOracle sequencer-uptime check", function () {
  /** A second oracle wired to a sequencer-uptime feed (answer 0 = up, 1 = down) that came up at deployment. */
  async function deploySequencerOracle() {
    const lending = await loadFixture(deployLending);
    const { deployer, accessManager, usdc, usdcFeed } = lending;
    const sequencerFeed = await deployFeed(0, 0n);
    const oracle = await new PriceOracle__factory(deployer).deploy(accessManager, sequencerFeed, GRACE_PERIOD);
    // No role is mapped to this oracle's setFeed: the AccessManager's admin (the deployer) may call it.
    await oracle.setFeed(usdc, usdcFeed, HEARTBEAT);
    return { ...lending, oracle, sequencerFeed };
  }

  it("reports its sequencer feed and grace period", async function () {
    const { oracle, sequencerFeed } = await loadFixture(deploySequencerOracle);
    expect(await oracle.sequencerUptimeFeed()).to.equal(await sequencerFeed.getAddress());
    expect(await oracle.gracePeriod()).to.equal(GRACE_PERIOD);
  });

  it("reverts SequencerDown while the uptime feed answers 1", async function () {
    const { oracle, sequencerFeed, usdc } = await loadFixture(deploySequencerOracle);
    const now = BigInt(await time.latest());
    await writeRound(sequencerFeed, 1n, now, now - 2n * GRACE_PERIOD);
    await expect(oracle.price(usdc)).to.be.revertedWithCustomError(oracle, "SequencerDown");
  });

  it("reverts SequencerDown when the uptime feed reports up but startedAt is 0 (not initialized)", async function () {
    const { oracle, sequencerFeed, usdc } = await loadFixture(deploySequencerOracle);
    await writeRound(sequencerFeed, 0n, BigInt(await time.latest()), 0n);
    await expect(oracle.price(usdc)).to.be.revertedWithCustomError(oracle, "SequencerDown");
  });

  it("reverts SequencerDown before it looks at the asset's feed", async function () {
    const { oracle, sequencerFeed } = await loadFixture(deploySequencerOracle);
    const now = BigInt(await time.latest());
    await writeRound(sequencerFeed, 1n, now, now);
    await expect(oracle.price(SOME_ASSET)).to.be.revertedWithCustomError(oracle, "SequencerDown");
  });

  it("reverts GracePeriodNotOver right after the sequencer comes back up", async function () {
    const { oracle, sequencerFeed, usdc } = await loadFixture(deploySequencerOracle);
    const upSince = BigInt(await time.latest());
    await writeRound(sequencerFeed, 0n, upSince, upSince);
    await expect(oracle.price(usdc))
      .to.be.revertedWithCustomError(oracle, "GracePeriodNotOver")
      .withArgs(upSince, GRACE_PERIOD);
  });

  it("reverts GracePeriodNotOver exactly at the end of the grace period", async function () {
    const { oracle, sequencerFeed, usdc } = await loadFixture(deploySequencerOracle);
    const upSince = BigInt(await time.latest());
    await writeRound(sequencerFeed, 0n, upSince, upSince);
    await time.increaseTo(upSince + GRACE_PERIOD);
    await expect(oracle.price(usdc))
      .to.be.revertedWithCustomError(oracle, "GracePeriodNotOver")
      .withArgs(upSince, GRACE_PERIOD);
  });

  it("prices again one second after the grace period", async function () {
    const { oracle, sequencerFeed, usdc, usdcFeed } = await loadFixture(deploySequencerOracle);
    const upSince = BigInt(await time.latest());
    await writeRound(sequencerFeed, 0n, upSince, upSince);
    await usdcFeed.updateAnswer(units("1.01", 8));
    await time.increaseTo(upSince + GRACE_PERIOD + 1n);
    expect(await oracle.price(usdc)).to.equal(units("1.01", 18));
  });

  it("is skipped by an oracle deployed without a sequencer feed (the local deployment)", async function () {
    const { oracle: plainOracle, usdc } = await loadFixture(deployLending);
    expect(await plainOracle.sequencerUptimeFeed()).to.equal(ethers.ZeroAddress);
    expect(await plainOracle.price(usdc)).to.equal(units(1, 18));
  });
});

describe("LendingPool with a failing oracle", function () {
  /** Alice borrows 10,000 USDC against 1 WBTC; Bob supplied the USDC. */
  async function deployWithLoan() {
    const lending = await loadFixture(deployLending);
    const { pool, usdc, wbtc, alice, bob } = lending;
    await pool.connect(bob).supply(usdc, units(100_000, 6), bob);
    await pool.connect(alice).supply(wbtc, units(1, 8), alice);
    await pool.connect(alice).borrow(usdc, units(10_000, 6), alice);
    return lending;
  }

  it("reverts DebtPriceUnavailable on borrow once the debt's feed is one second past its heartbeat", async function () {
    const { pool, usdc, usdcFeed, wbtcFeed, alice } = await loadFixture(deployWithLoan);
    const updatedAt = await updatedAtOf(usdcFeed);
    await time.increaseTo(updatedAt + HEARTBEAT);
    await wbtcFeed.updateAnswer(units(60_000, 8)); // the collateral's feed stays fresh: only the debt's is stale
    await expect(pool.connect(alice).borrow(usdc, units(1, 6), alice))
      .to.be.revertedWithCustomError(pool, "DebtPriceUnavailable")
      .withArgs(usdc);
  });

  it("counts a collateral whose feed answers zero as worth nothing: borrowing against it reverts InsufficientCollateral", async function () {
    const { pool, usdc, wbtcFeed, alice } = await loadFixture(deployWithLoan);
    await wbtcFeed.updateAnswer(0);
    expect((await pool.accountData(alice)).collateralValue).to.equal(0n);
    await expect(pool.connect(alice).borrow(usdc, units(1, 6), alice))
      .to.be.revertedWithCustomError(pool, "InsufficientCollateral")
      .withArgs(0, anyValue);
  });

  it("still accepts partial and full repayment with stale prices", async function () {
    const { pool, oracle, usdc, alice } = await loadFixture(deployWithLoan);
    await time.increase(HEARTBEAT * 30n);
    await expect(oracle.price(usdc)).to.be.revertedWithCustomError(oracle, "StalePrice");

    await expect(pool.connect(alice).repay(usdc, units(1_000, 6), alice)).to.emit(pool, "Repay");
    await expect(pool.connect(alice).repay(usdc, ethers.MaxUint256, alice)).to.emit(pool, "Repay");
    expect(await pool.debtBalance(usdc, alice)).to.equal(0n);
  });

  it("still accepts repayment with an invalid (zero) price", async function () {
    const { pool, usdc, usdcFeed, wbtcFeed, alice } = await loadFixture(deployWithLoan);
    await usdcFeed.updateAnswer(0);
    await wbtcFeed.updateAnswer(-5);
    await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
    expect(await pool.debtBalance(usdc, alice)).to.equal(0n);
  });
});

describe("LendingPool on an L2 whose sequencer goes down", function () {
  /** The whole local deployment with a sequencer-uptime feed (up for long enough); Alice borrows 10,000 USDC. */
  async function deployOnL2() {
    const [deployer, alice, bob] = await ethers.getSigners();
    const sequencerFeed = await deployFeed(0, 0n);
    await writeRound(sequencerFeed, 0n, BigInt(await time.latest()), 1n);
    const d = await ignition.deploy(LocalLending, {
      parameters: { Lending: { sequencerUptimeFeed: await sequencerFeed.getAddress(), sequencerGracePeriod: 3_600n } },
    });
    const pool = await typed(LendingPool__factory, d.pool);
    const oracle = await typed(PriceOracle__factory, d.oracle);
    const usdc = await typed(MockERC20__factory, d.usdc);
    const wbtc = await typed(MockERC20__factory, d.wbtc);
    for (const [token, user, amount] of [
      [usdc, bob, units(100_000, 6)],
      [wbtc, alice, units(1, 8)],
      [usdc, alice, units(1_000, 6)],
    ] as const) {
      await token.mint(user, amount);
      await token.connect(user).approve(pool, ethers.MaxUint256);
    }
    await pool.connect(bob).supply(usdc, units(100_000, 6), bob);
    await pool.connect(alice).supply(wbtc, units(1, 8), alice);
    await pool.connect(alice).borrow(usdc, units(10_000, 6), alice);
    return { deployer, alice, bob, pool, oracle, usdc, wbtc, sequencerFeed };
  }

  it("is wired to the sequencer feed by the Lending module's parameters", async function () {
    const { oracle, sequencerFeed } = await loadFixture(deployOnL2);
    expect(await oracle.sequencerUptimeFeed()).to.equal(await sequencerFeed.getAddress());
  });

  it("reverts SequencerDown on borrow while the sequencer is down", async function () {
    const { pool, oracle, usdc, alice, sequencerFeed } = await loadFixture(deployOnL2);
    const now = BigInt(await time.latest());
    await writeRound(sequencerFeed, 1n, now, now);
    await expect(pool.connect(alice).borrow(usdc, units(1, 6), alice)).to.be.revertedWithCustomError(
      oracle,
      "SequencerDown",
    );
  });

  it("reverts GracePeriodNotOver on borrow just after the sequencer is back", async function () {
    const { pool, oracle, usdc, alice, sequencerFeed } = await loadFixture(deployOnL2);
    const upSince = BigInt(await time.latest());
    await writeRound(sequencerFeed, 0n, upSince, upSince);
    await expect(pool.connect(alice).borrow(usdc, units(1, 6), alice))
      .to.be.revertedWithCustomError(oracle, "GracePeriodNotOver")
      .withArgs(upSince, GRACE_PERIOD);
  });

  it("still accepts repayment while the sequencer is down", async function () {
    const { pool, usdc, alice, sequencerFeed } = await loadFixture(deployOnL2);
    const now = BigInt(await time.latest());
    await writeRound(sequencerFeed, 1n, now, now);
    await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
    expect(await pool.debtBalance(usdc, alice)).to.equal(0n);
  });
});
