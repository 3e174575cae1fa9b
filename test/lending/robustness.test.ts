import { expect } from "chai";
import { ethers, ignition } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import LocalLending from "../../deploy/modules/LocalLending";
import { typed } from "../../scripts/lib/contracts";
import { LendingPool__factory, MockERC20__factory, MockV3Aggregator__factory } from "../../typechain-types";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";

import { Action } from "../../scripts/lib/intents";
import {
  assetConfigOf,
  deployFeed,
  deployIntents,
  deployLending,
  listMarket,
  refreshPrices,
  setPrice,
  signedIntent,
  units,
} from "../fixtures";
import { WAD } from "../../scripts/lib/units";

// Each test states the attack it defends against (issue: "every unhealthy account can always be liquidated and every
// insolvent one written off").

const YEAR = 365n * 86_400n;

/**
 * Alice lends 1,000,000 USDC and 100 WETH; Bob pledges 10 WETH ($30,000) and borrows 20,000 USDC (health factor
 * 30,000 × 82.5% / 20,000 = 1.24); Carol holds her own 1 WBTC as collateral and borrows 30,000 USDC.
 */
async function withBorrowers() {
  const lending = await deployLending();
  const { pool, usdc, weth, wbtc, alice, bob, carol } = lending;
  await pool.connect(alice).supply(usdc, units(1_000_000, 6), alice);
  await pool.connect(alice).supply(weth, units(100, 18), alice);
  await pool.connect(bob).supply(weth, units(10, 18), bob);
  await pool.connect(bob).borrow(usdc, units(20_000, 6), bob);
  await pool.connect(carol).supply(wbtc, units(1, 8), carol);
  await pool.connect(carol).borrow(usdc, units(30_000, 6), carol);
  return lending;
}

describe("LendingPool robustness: collateral is opt-in", function () {
  it("a griefer's 1-wei supply on a borrower's behalf adds nothing to its checks and cannot keep bad debt alive", async function () {
    const { pool, usdc, weth, wbtc, wethFeed, bob, dave, liquidator } = await loadFixture(withBorrowers);
    await pool.connect(dave).supply(wbtc, 1n, bob); // the griefer
    expect(await pool.isCollateral(wbtc, bob)).to.equal(false);
    // Still exactly WETH (index 2) as collateral and USDC (index 0) borrowed.
    expect(await pool.userConfig(bob)).to.equal((1n << 4n) | (1n << 1n));
    await setPrice(wethFeed, 1_000); // $10,000 of collateral against $20,000 of debt
    await expect(pool.connect(liquidator).liquidate(bob, usdc, wbtc, 1n, liquidator, false))
      .to.be.revertedWithCustomError(pool, "NoCollateral")
      .withArgs(wbtc, bob.address);
    const tx = pool.connect(liquidator).liquidate(bob, usdc, weth, ethers.MaxUint256, liquidator, false);
    await expect(tx).to.emit(pool, "BadDebtRealized");
    expect(await pool.debtBalance(usdc, bob)).to.equal(0n);
    expect((await pool.position(usdc, bob)).borrowShares).to.equal(0n);
    // The griefer's gift stays Bob's to withdraw.
    expect(await pool.supplyBalance(wbtc, bob)).to.equal(1n);
  });

  it("a griefer's dust credited first does not stop the borrower's own rescue supply from counting as collateral", async function () {
    const { pool, usdc, wbtc, wethFeed, bob, dave, liquidator } = await loadFixture(withBorrowers);
    await setPrice(wethFeed, 2_400); // Bob: 24,000 × 82.5% / 20,000 = 0.99
    await pool.connect(dave).supply(wbtc, 1n, bob); // the griefer's first credit of WBTC to Bob
    await expect(pool.connect(bob).supply(wbtc, units(1, 7), bob)) // Bob's own 0.1 WBTC
      .to.emit(pool, "CollateralSet")
      .withArgs(bob.address, wbtc, true);
    expect(await pool.healthFactor(bob)).to.be.greaterThan(WAD);
    await expect(
      pool.connect(liquidator).liquidate(bob, usdc, wbtc, 1n, liquidator, false),
    ).to.be.revertedWithCustomError(pool, "HealthyPosition");
  });

  it("an owner's opt-out sticks: its later supplies do not re-enable the asset until setCollateral(true)", async function () {
    const { pool, wbtc, carol } = await loadFixture(withBorrowers);
    await pool.connect(carol).repay(await lendingUsdc(pool), ethers.MaxUint256, carol);
    await pool.connect(carol).setCollateral(wbtc, false);
    await pool.connect(carol).withdraw(wbtc, ethers.MaxUint256, carol);
    await expect(pool.connect(carol).supply(wbtc, units(1, 8), carol)).not.to.emit(pool, "CollateralSet");
    expect(await pool.isCollateral(wbtc, carol)).to.equal(false);
    await expect(pool.connect(carol).setCollateral(wbtc, true)).to.emit(pool, "CollateralSet");
    await pool.connect(carol).setCollateral(wbtc, true); // unchanged: no-op
    expect(await pool.isCollateral(wbtc, carol)).to.equal(true);
    // Opting back in ends the opt-out: after a full withdrawal, her next supply counts as collateral again.
    await pool.connect(carol).withdraw(wbtc, ethers.MaxUint256, carol);
    await expect(pool.connect(carol).supply(wbtc, units(1, 8), carol))
      .to.emit(pool, "CollateralSet")
      .withArgs(carol.address, wbtc, true);
    expect(await pool.isCollateral(wbtc, carol)).to.equal(true);
  });

  it("a griefer's dust in twelve more markets leaves the borrower's liquidation gas unchanged", async function () {
    const lending = await loadFixture(withBorrowers);
    const { pool, usdc, weth, wethFeed, bob, dave, liquidator, deployer } = lending;
    const measure = async () => {
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      await setPrice(wethFeed, 2_000);
      const receipt = await (
        await pool.connect(liquidator).liquidate(bob, usdc, weth, units(100, 6), liquidator, false)
      ).wait();
      await ethers.provider.send("evm_revert", [snapshot]);
      return receipt!.gasUsed;
    };
    const clean = await measure();
    for (let i = 0; i < 12; i++) {
      const token = await new MockERC20__factory(deployer).deploy(`Dust ${i}`, `D${i}`, 18);
      await listMarket(lending, token, 1);
      await token.mint(dave, 1n);
      await token.connect(dave).approve(pool, 1n);
      await pool.connect(dave).supply(token, 1n, bob);
    }
    await refreshPrices(lending);
    const griefed = await measure();
    // Same work; only the asset count's storage layout may differ by a few hundred gas.
    expect(griefed - clean).to.be.lessThan(500n);
  });

  it("switching collateral off is refused while it would exceed the borrow limit, and allowed once it would not", async function () {
    const { pool, usdc, weth, bob } = await loadFixture(withBorrowers);
    await expect(pool.connect(bob).setCollateral(weth, false)).to.be.revertedWithCustomError(
      pool,
      "InsufficientCollateral",
    );
    await pool.connect(bob).repay(usdc, ethers.MaxUint256, bob);
    await expect(pool.connect(bob).setCollateral(weth, false))
      .to.emit(pool, "CollateralSet")
      .withArgs(bob.address, weth, false);
    expect((await pool.accountData(bob)).collateralValue).to.equal(0n);
    // Unchanged: no event, no revert.
    await expect(pool.connect(bob).setCollateral(weth, false)).not.to.emit(pool, "CollateralSet");
  });

  it("reverts CollateralNotAccepted for an asset without a threshold and NoSupply for an asset not supplied", async function () {
    const lending = await loadFixture(withBorrowers);
    const { pool, usdc, deployer, dave } = lending;
    const plain = await new MockERC20__factory(deployer).deploy("Plain", "PLN", 18);
    await listMarket(lending, plain, 1, { ltvBps: 0, liquidationThresholdBps: 0, liquidationBonusBps: 0 });
    await expect(pool.connect(dave).setCollateral(plain, true))
      .to.be.revertedWithCustomError(pool, "CollateralNotAccepted")
      .withArgs(plain);
    await expect(pool.connect(dave).setCollateral(usdc, true))
      .to.be.revertedWithCustomError(pool, "NoSupply")
      .withArgs(usdc, dave.address);
    // Supplying it never enables it: it cannot back debt.
    await plain.mint(dave, 10n ** 18n);
    await plain.connect(dave).approve(pool, ethers.MaxUint256);
    await expect(pool.connect(dave).supply(plain, 10n ** 18n, dave)).not.to.emit(pool, "CollateralSet");
  });

  it("a withdrawal of a supply that is not collateral needs no price, even with debt and a dead feed", async function () {
    const { pool, usdc, wbtc, wbtcFeed, bob } = await loadFixture(withBorrowers);
    await pool.connect(bob).supply(wbtc, units(1, 6), bob); // 0.01 WBTC, enabled as collateral by this first supply
    await pool.connect(bob).setCollateral(wbtc, false);
    await wbtcFeed.updateAnswer(0);
    await expect(pool.connect(bob).withdraw(wbtc, ethers.MaxUint256, bob)).to.emit(pool, "Withdraw");
    expect(await pool.debtBalance(usdc, bob)).to.be.greaterThan(0n);
  });

  it("an account over its borrow limit may still withdraw the shares a liquidation paid it (not collateral), not its collateral", async function () {
    // Found by the lending invariants (seed 929128792): price, liquidate into shares, withdraw 1 bp of them.
    const { pool, usdc, weth, wbtc, wethFeed, wbtcFeed, bob, carol } = await loadFixture(withBorrowers);
    await setPrice(wethFeed, 2_450); // Bob: limit 24,500 × LTV < 20,000 debt, health factor still above 1
    await setPrice(wbtcFeed, 30_000); // Carol under water
    const [, debtBefore, limitBefore] = await pool.accountData(bob);
    expect(debtBefore).to.be.greaterThan(limitBefore);
    expect(await pool.healthFactor(carol)).to.be.below(WAD);

    await usdc.connect(bob).approve(pool, ethers.MaxUint256);
    await pool.connect(bob).liquidate(carol, usdc, wbtc, units(1_000, 6), bob, true);
    const received = await pool.supplyBalance(wbtc, bob);
    expect(received).to.be.greaterThan(0n);
    expect(await pool.isCollateral(wbtc, bob)).to.equal(false);
    await expect(pool.connect(bob).withdraw(wbtc, received / 10_000n, bob)).to.emit(pool, "Withdraw");
    const [, debtAfter, limitAfter] = await pool.accountData(bob);
    // Unchanged but for a few seconds of interest (USD wads: under a dollar).
    expect(limitAfter).to.be.within(limitBefore, limitBefore + WAD);
    expect(debtAfter).to.be.within(debtBefore, debtBefore + WAD);
    await expect(pool.connect(bob).withdraw(weth, 1n, bob)).to.be.revertedWithCustomError(
      pool,
      "InsufficientCollateral",
    );
  });
});

describe("LendingPool robustness: liquidation needs no idle liquidity", function () {
  /** Bob is underwater and Dave has borrowed every idle WETH: the collateral market is fully used. */
  async function withFullyBorrowedCollateral() {
    const lending = await withBorrowers();
    const { pool, weth, wbtc, dave, wethFeed } = lending;
    await pool.connect(dave).supply(wbtc, units(100, 8), dave);
    const { totalSupplyAssets, totalBorrowAssets } = await pool.reserveData(weth);
    await pool.connect(dave).borrow(weth, totalSupplyAssets - totalBorrowAssets, dave);
    await setPrice(wethFeed, 2_300); // Bob: 23,000 × 82.5% / 20,000 = 0.95
    return lending;
  }

  it("reverts InsufficientLiquidity with what is available when the seized tokens cannot be paid out", async function () {
    const { pool, usdc, weth, bob, liquidator } = await loadFixture(withFullyBorrowedCollateral);
    const seized = await pool
      .connect(liquidator)
      .liquidate.staticCall(bob, usdc, weth, units(1_000, 6), liquidator, true);
    await expect(pool.connect(liquidator).liquidate(bob, usdc, weth, units(1_000, 6), liquidator, false))
      .to.be.revertedWithCustomError(pool, "InsufficientLiquidity")
      .withArgs(weth, 0, seized);
  });

  it("reverts ReceiverIsBorrower for shares credited back to the borrower itself", async function () {
    const { pool, usdc, weth, bob, liquidator } = await loadFixture(withFullyBorrowedCollateral);
    await expect(pool.connect(liquidator).liquidate(bob, usdc, weth, units(1_000, 6), bob, true))
      .to.be.revertedWithCustomError(pool, "ReceiverIsBorrower")
      .withArgs(bob.address);
  });

  it("credits the seized collateral as supply shares (receiveShares), not enabled as the receiver's collateral", async function () {
    const { pool, usdc, weth, bob, carol, liquidator } = await loadFixture(withFullyBorrowedCollateral);
    const sharesBefore = (await pool.position(weth, bob)).supplyShares;
    const tx = pool.connect(liquidator).liquidate(bob, usdc, weth, units(1_000, 6), carol, true);
    const seized = (units(1_000, 18) * 105n) / 100n / 2_300n;
    await expect(tx)
      .to.emit(pool, "Liquidate")
      .withArgs(bob.address, liquidator.address, usdc, weth, units(1_000, 6), seized, carol.address, true);
    await expect(tx).to.changeTokenBalances(weth, [pool, carol], [0n, 0n]);
    const moved = (await pool.position(weth, carol)).supplyShares;
    expect(sharesBefore - (await pool.position(weth, bob)).supplyShares).to.equal(moved);
    // Rounding never favours the liquidator: the shares credited are what was seized, rounded down, at the share
    // price the liquidation ran at (moving shares leaves the totals as they were). The price is not round here, so
    // rounding up would credit one share more.
    const { totalSupplyAssets, totalSupplyShares } = await pool.reserveData(weth);
    const exact = seized * (totalSupplyShares + 10n ** 6n);
    expect(exact % (totalSupplyAssets + 1n)).to.not.equal(0n);
    expect(moved).to.equal(exact / (totalSupplyAssets + 1n));
    expect(await pool.supplyBalance(weth, carol)).to.be.within(seized - 1n, seized);
    expect(await pool.isCollateral(weth, carol)).to.equal(false);
    expect(await pool.healthFactor(bob)).to.be.greaterThan(units("0.95", 18));
  });
});

describe("LendingPool robustness: exact amounts", function () {
  /** Bob is the only borrower of a fresh market, a year into a high rate: the virtual shares have accrued too. */
  async function withLastBorrowerAfterAYear() {
    const lending = await deployLending();
    const { pool, deployer, alice, bob, weth } = lending;
    const token = await new MockERC20__factory(deployer).deploy("Dai", "DAI", 18);
    const feed = await listMarket(lending, token, 1, { rateModel: lending.volatileRateModel });
    for (const user of [alice, bob, lending.liquidator]) {
      await token.mint(user, units(1_000_000, 18));
      await token.connect(user).approve(pool, ethers.MaxUint256);
    }
    await pool.connect(alice).supply(token, units(100_000, 18), alice);
    await pool.connect(bob).supply(weth, units(40, 18), bob);
    await pool.connect(bob).borrow(token, units(90_000, 18), bob); // 90% utilization: a steep rate
    await time.increase(YEAR);
    await refreshPrices(lending);
    await feed.updateAnswer(await feed.latestAnswer());
    return { ...lending, token };
  }

  it("repaying exactly debtBalance after a year clears the last borrower's debt (it used to panic)", async function () {
    const { pool, token, bob } = await loadFixture(withLastBorrowerAfterAYear);
    // Read the view for the block the repayment will be mined in: the same block, the same interest.
    await ethers.provider.send("evm_setAutomine", [false]);
    let tx;
    try {
      await time.setNextBlockTimestamp((await time.latest()) + 12);
      const shown = await pool.debtBalance(token, bob, { blockTag: "pending" });
      expect(shown).to.be.greaterThan(units(90_000, 18));
      tx = await pool.connect(bob).repay(token, shown, bob);
      await ethers.provider.send("evm_mine", []);
      await expect(tx).to.emit(pool, "Repay").withArgs(token, bob.address, bob.address, shown, anyValue);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    // Every share burned, and no ownerless debt left to lock the suppliers' liquidity.
    await expect(tx).to.emit(pool, "BadDebtRealized").withArgs(token, ethers.ZeroAddress, anyValue, anyValue);
    expect((await pool.position(token, bob)).borrowShares).to.equal(0n);
    const data = await pool.reserveData(token);
    expect(data.totalBorrowShares).to.equal(0n);
    expect(data.totalBorrowAssets).to.equal(0n);
  });

  it("a REPAY intent of the displayed debt clears the last borrower's debt through the IntentExecutor", async function () {
    const q = await loadFixture(deployIntents);
    const { pool, executor, weth, usdc, alice, bob, carol } = q;
    const zero = await ethers.deployContract("InterestRateModel", [units(1, 9), units(1, 9), units(1, 9), WAD / 2n]);
    await pool.setAssetConfig(usdc, { ...(await assetConfigOf(pool, usdc)), rateModel: await zero.getAddress() });
    await pool.connect(alice).supply(usdc, units(100_000, 6), alice);
    await pool.connect(bob).supply(weth, units(10, 18), bob);
    await pool.connect(bob).borrow(usdc, units(10_000, 6), bob);
    await time.increase(YEAR);
    await refreshPrices(q);
    const { intent, signature } = await signedIntent(executor, bob, {
      token: await usdc.getAddress(),
      action: Action.REPAY,
      amount: units(1_000_000, 6), // "all of it": the executor repays what debtBalance shows in that block
    });
    await expect(executor.connect(carol).execute(intent, signature, 0n)).to.emit(executor, "IntentExecuted");
    expect((await pool.position(usdc, bob)).borrowShares).to.equal(0n);
    expect((await pool.reserveData(usdc)).totalBorrowAssets).to.equal(0n);
  });

  it("a full liquidation of the last borrower after a year clears its debt and writes off the virtual shares' interest", async function () {
    const { pool, token, weth, wethFeed, bob, liquidator } = await loadFixture(withLastBorrowerAfterAYear);
    await setPrice(wethFeed, 2_000); // 40 × 2,000 × 82.5% = 66,000 < ~100,000 owed: deep underwater
    const tx = pool.connect(liquidator).liquidate(bob, token, weth, ethers.MaxUint256, liquidator, false);
    await expect(tx).to.emit(pool, "BadDebtRealized");
    expect((await pool.position(token, bob)).borrowShares).to.equal(0n);
    const data = await pool.reserveData(token);
    expect(data.totalBorrowShares).to.equal(0n);
    expect(data.totalBorrowAssets).to.equal(0n);
  });
});

describe("LendingPool robustness: a broken feed is contained", function () {
  it("a stale feed on a shield asset neither blocks the liquidation nor can be seized, and keeps the debt on the books", async function () {
    const { pool, usdc, weth, wbtc, usdcFeed, wethFeed, wbtcFeed, bob, liquidator } = await loadFixture(withBorrowers);
    await pool.connect(bob).supply(wbtc, units(1, 6), bob); // $600 of WBTC as a shield, enabled as collateral
    const updatedAt = (await wbtcFeed.latestRoundData()).updatedAt;
    await time.increaseTo(updatedAt + 86_401n); // WBTC's feed is now stale
    await setPrice(wethFeed, 1_500); // the others stay fresh
    await setPrice(usdcFeed, 1);
    const [collateralValue] = await pool.accountData(bob);
    expect(collateralValue).to.equal(units(15_000, 18)); // the WBTC counts as zero
    await expect(pool.connect(liquidator).liquidate(bob, usdc, wbtc, units(100, 6), liquidator, false))
      .to.be.revertedWithCustomError(pool, "CollateralPriceUnavailable")
      .withArgs(wbtc);
    // All the WETH goes; the WBTC is unpriced, not gone: no write-off until its feed works.
    await expect(pool.connect(liquidator).liquidate(bob, usdc, weth, ethers.MaxUint256, liquidator, false)).not.to.emit(
      pool,
      "BadDebtRealized",
    );
    expect(await pool.debtBalance(usdc, bob)).to.be.greaterThan(0n);
    await setPrice(wbtcFeed, 60_000);
    await expect(pool.connect(liquidator).liquidate(bob, usdc, wbtc, ethers.MaxUint256, liquidator, false)).to.emit(
      pool,
      "BadDebtRealized",
    );
    expect(await pool.debtBalance(usdc, bob)).to.equal(0n);
  });

  it("a debt with a broken feed blocks borrows, collateral withdrawals and switch-offs, never repay or supply", async function () {
    const { pool, usdc, weth, wbtc, usdcFeed, bob } = await loadFixture(withBorrowers);
    await usdcFeed.updateAnswer(-1);
    await expect(pool.connect(bob).borrow(weth, 1n, bob))
      .to.be.revertedWithCustomError(pool, "DebtPriceUnavailable")
      .withArgs(usdc);
    await expect(pool.connect(bob).withdraw(weth, 1n, bob))
      .to.be.revertedWithCustomError(pool, "DebtPriceUnavailable")
      .withArgs(usdc);
    await expect(pool.connect(bob).setCollateral(weth, false))
      .to.be.revertedWithCustomError(pool, "DebtPriceUnavailable")
      .withArgs(usdc);
    await expect(pool.connect(bob).supply(wbtc, 1_000n, bob)).to.emit(pool, "Supply");
    await expect(pool.connect(bob).repay(usdc, ethers.MaxUint256, bob)).to.emit(pool, "Repay");
    // Debt-free, the dead feed no longer matters for WETH.
    await expect(pool.connect(bob).withdraw(weth, units(1, 18), bob)).to.emit(pool, "Withdraw");
  });

  it("an unhealthy account's debt with a broken feed cannot be liquidated (nothing to price the seizure by); its priced debt can", async function () {
    const { pool, usdc, weth, wbtc, wethFeed, wbtcFeed, bob, liquidator } = await loadFixture(withBorrowers);
    await pool.connect(bob).borrow(wbtc, units("0.01", 8), bob); // a second debt, in Carol's WBTC
    await wbtcFeed.updateAnswer(-1);
    await setPrice(wethFeed, 2_000); // 10 × 2,000 × 82.5% = 16,500 against 20,000 of priced debt
    expect(await pool.healthFactor(bob)).to.be.lessThan(WAD);
    // Priced at zero, the WBTC repaid would buy no collateral: the liquidator would pay Bob's debt for nothing.
    await expect(pool.connect(liquidator).liquidate(bob, wbtc, weth, units("0.01", 8), liquidator, false))
      .to.be.revertedWithCustomError(pool, "DebtPriceUnavailable")
      .withArgs(wbtc);
    await expect(pool.connect(liquidator).liquidate(bob, usdc, weth, units(1_000, 6), liquidator, false)).to.emit(
      pool,
      "Liquidate",
    );
  });

  it("a feed that reverts, returns too little, floods return data or burns gas counts as broken instead of reverting the health check", async function () {
    const { pool, oracle, deployer, usdc, weth, wbtc, wethFeed, carol, liquidator } = await loadFixture(withBorrowers);
    await pool.connect(carol).supply(weth, units(1, 18), carol); // a second collateral for Carol
    await oracle.connect(deployer).setFeed(wbtc, await deployFeed(8, units(60_000, 8)), 86_400);
    const silent = ethers.Wallet.createRandom().address;
    const broken = await ethers.deployContract("BrokenFeed");
    await oracle.connect(deployer).setFeed(weth, broken, 86_400);
    for (const mode of [0, 1, 2, 3]) {
      await broken.setMode(mode); // reverts, returns one word, returns 100 kB, burns all its gas
      expect(await oracle.tryPrice(weth)).to.deep.equal([false, 0n]);
      expect((await pool.accountData(carol)).collateralValue).to.equal(units(60_000, 18));
    }
    expect(await oracle.tryPrice(silent)).to.deep.equal([false, 0n]); // no feed set at all
    // The WETH counts as zero and the views do not revert; Carol stays healthy on her WBTC.
    await expect(
      pool.connect(liquidator).liquidate(carol, usdc, weth, units(100, 6), liquidator, false),
    ).to.be.revertedWithCustomError(pool, "HealthyPosition");
    await oracle.connect(deployer).setFeed(weth, wethFeed, 86_400);
    expect((await oracle.tryPrice(weth))[0]).to.equal(true);
  });
});

/** The pool's first listed asset (USDC in the local deployment). */
async function lendingUsdc(pool: { assets(): Promise<string[]> }): Promise<string> {
  return (await pool.assets())[0];
}

describe("LendingPool robustness: the sequencer sentinel", function () {
  async function writeRound(feed: Awaited<ReturnType<typeof deployFeed>>, answer: bigint, startedAt: bigint) {
    const round = (await feed.latestRound()) + 1n;
    await feed.updateRoundData(round, answer, startedAt, startedAt);
  }

  /** The local deployment on an "L2" with a sequencer feed; Bob borrows 20,000 USDC against 10 WETH. */
  async function deployOnL2() {
    return onL2(units(20_000, 6), false);
  }

  /**
   * The same with interest-free USDC (a zero-rate model) and a debt of 19,800 USDC, so that a health factor can sit
   * exactly on 0.95: 10 WETH × $2,280 × 82.5% = 18,810 = 0.95 × 19,800.
   */
  async function deployOnL2InterestFree() {
    return onL2(units(19_800, 6), true);
  }

  async function onL2(debt: bigint, interestFree: boolean) {
    const [, alice, bob, , , liquidator] = await ethers.getSigners();
    const sequencerFeed = await deployFeed(0, 0n);
    await writeRound(sequencerFeed, 0n, 1n); // up since forever
    const d = await ignition.deploy(LocalLending, {
      parameters: { Lending: { sequencerUptimeFeed: await sequencerFeed.getAddress(), sequencerGracePeriod: 3_600n } },
    });
    const pool = await typed(LendingPool__factory, d.pool);
    const usdc = await typed(MockERC20__factory, d.usdc);
    const weth = await typed(MockERC20__factory, d.weth);
    const wethFeed = await typed(MockV3Aggregator__factory, d.wethFeed);
    for (const user of [alice, bob, liquidator]) {
      for (const token of [usdc, weth]) {
        await token.mint(user, units(1_000_000, await token.decimals()));
        await token.connect(user).approve(pool, ethers.MaxUint256);
      }
    }
    if (interestFree) {
      const zeroRate = await ethers.deployContract("InterestRateModel", [0, 0, 0, WAD / 2n]);
      await pool.setAssetConfig(usdc, { ...(await assetConfigOf(pool, usdc)), rateModel: await zeroRate.getAddress() });
    }
    await pool.connect(alice).supply(usdc, units(100_000, 6), alice);
    await pool.connect(bob).supply(weth, units(10, 18), bob);
    await pool.connect(bob).borrow(usdc, debt, bob);
    return { pool, usdc, weth, wethFeed, alice, bob, liquidator, sequencerFeed };
  }

  it("while the sequencer is down: no borrow and no liquidation; repay, supply and withdraw still work", async function () {
    const { pool, usdc, weth, wethFeed, bob, liquidator, sequencerFeed } = await loadFixture(deployOnL2);
    await setPrice(wethFeed, 2_000);
    await writeRound(sequencerFeed, 1n, BigInt(await time.latest()));
    await expect(pool.connect(bob).borrow(usdc, 1n, bob)).to.be.revertedWithCustomError(pool, "SequencerDown");
    await expect(
      pool.connect(liquidator).liquidate(bob, usdc, weth, units(100, 6), liquidator, false),
    ).to.be.revertedWithCustomError(pool, "SequencerDown");
    await expect(pool.connect(bob).repay(usdc, units(10_000, 6), bob)).to.emit(pool, "Repay");
    await expect(pool.connect(bob).supply(weth, units(1, 18), bob)).to.emit(pool, "Supply");
    await expect(pool.connect(bob).withdraw(weth, units(1, 18), bob)).to.emit(pool, "Withdraw");
  });

  it("in the grace period: no borrow, and liquidation only below a health factor of 0.95 (not at 0.95 itself)", async function () {
    const { pool, usdc, weth, wethFeed, bob, liquidator, sequencerFeed } = await loadFixture(deployOnL2);
    const upSince = BigInt(await time.latest()) + 1n;
    await writeRound(sequencerFeed, 0n, upSince);
    await expect(pool.connect(bob).borrow(usdc, 1n, bob))
      .to.be.revertedWithCustomError(pool, "GracePeriodNotOver")
      .withArgs(upSince, 3_600n);
    // 10 × 2,303 × 82.5% / 20,000 ≈ 0.95: liquidatable in normal times, not during the grace period
    await setPrice(wethFeed, "2303.04");
    const hf = await pool.healthFactor(bob);
    expect(hf)
      .to.be.lessThan(WAD)
      .and.to.be.at.least(units("0.95", 18) + units(1, 9)); // a second of interest away
    await expect(pool.connect(liquidator).liquidate(bob, usdc, weth, units(100, 6), liquidator, false))
      .to.be.revertedWithCustomError(pool, "LiquidationGracePeriod")
      .withArgs(anyValue, units("0.95", 18));
    await setPrice(wethFeed, 2_300);
    expect(await pool.healthFactor(bob)).to.be.lessThan(units("0.95", 18));
    await expect(pool.connect(liquidator).liquidate(bob, usdc, weth, units(100, 6), liquidator, false)).to.emit(
      pool,
      "Liquidate",
    );
  });

  it("in the grace period: refuses a liquidation at a health factor of exactly 0.95 and takes one a feed unit lower", async function () {
    const { pool, usdc, weth, wethFeed, bob, liquidator, sequencerFeed } = await loadFixture(deployOnL2InterestFree);
    await writeRound(sequencerFeed, 0n, BigInt(await time.latest()) + 1n);
    await setPrice(wethFeed, 2_280);
    const threshold = units("0.95", 18);
    expect(await pool.healthFactor(bob)).to.equal(threshold);
    await expect(pool.connect(liquidator).liquidate(bob, usdc, weth, units(100, 6), liquidator, false))
      .to.be.revertedWithCustomError(pool, "LiquidationGracePeriod")
      .withArgs(threshold, threshold);
    await wethFeed.updateAnswer(units(2_280, 8) - 1n);
    expect(await pool.healthFactor(bob)).to.be.lessThan(threshold);
    await expect(pool.connect(liquidator).liquidate(bob, usdc, weth, units(100, 6), liquidator, false)).to.emit(
      pool,
      "Liquidate",
    );
  });
});
