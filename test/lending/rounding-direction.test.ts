import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { MockERC20__factory } from "../../typechain-types";
import { deployLending, elapse, listMarket, units } from "../fixtures";

/** SharesMathLib's virtual shares and assets (Morpho Blue's): 1e6 shares per unit of an empty market. */
const VIRTUAL_SHARES = 10n ** 6n;
const VIRTUAL_ASSETS = 1n;
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/**
 * Alice lends 100,000 USDC, Bob borrows 20,000 against 10 WETH and 91 days pass: the USDC market's share prices are
 * no longer round numbers.
 */
async function withUnevenDebt() {
  const lending = await deployLending();
  const { pool, usdc, weth, alice, bob, carol } = lending;
  await pool.connect(alice).supply(usdc, units(100_000, 6), alice.address);
  await pool.connect(bob).supply(weth, units(10, 18), bob.address);
  await pool.connect(carol).supply(weth, units(10, 18), carol.address);
  await pool.connect(bob).borrow(usdc, units(20_000, 6), bob.address);
  await elapse(lending, 91 * 86_400);
  return lending;
}

/** The same, then Bob repays it all: with nothing borrowed the supply share price no longer moves. */
async function withUnevenSharePrices() {
  const lending = await loadFixture(withUnevenDebt);
  const { pool, usdc, bob } = lending;
  await usdc.mint(bob.address, units(1_000, 6));
  await pool.connect(bob).repay(usdc, (1n << 256n) - 1n, bob.address);
  expect(await pool.debtBalance(usdc, bob.address)).to.equal(0n);
  return lending;
}

describe("LendingPool rounding directions (each against the user, to the last share)", function () {
  it("borrow mints debt shares rounded up: the borrower owes the whole amount taken, to the share", async function () {
    const { pool, usdc, carol } = await loadFixture(withUnevenDebt);
    const amount = units("1234.567891", 6);
    const receipt = await (await pool.connect(carol).borrow(usdc, amount, carol.address)).wait();
    const event = receipt!.logs.map((l) => pool.interface.parseLog(l)).find((e) => e?.name === "Borrow")!;
    const shares = event.args.shares as bigint;
    const r = await pool.reserveData(usdc);
    // The totals the borrow converted at: today's, less what it added.
    const [assetsBefore, sharesBefore] = [r.totalBorrowAssets - amount, r.totalBorrowShares - shares];
    const numerator = amount * (sharesBefore + VIRTUAL_SHARES);
    const denominator = assetsBefore + VIRTUAL_ASSETS;
    expect(numerator % denominator).to.not.equal(0n); // the conversion is inexact, so the direction shows
    expect(shares).to.equal(ceilDiv(numerator, denominator));
    expect((await pool.position(usdc, carol.address)).borrowShares).to.equal(shares);
  });

  it("repay burns debt shares rounded down: a partial repayment never clears more debt than it pays", async function () {
    const { pool, usdc, bob } = await loadFixture(withUnevenDebt);
    const amount = units("1234.567891", 6);
    const sharesBefore = (await pool.position(usdc, bob.address)).borrowShares;
    const receipt = await (await pool.connect(bob).repay(usdc, amount, bob.address)).wait();
    const burned = sharesBefore - (await pool.position(usdc, bob.address)).borrowShares;
    const r = await pool.reserveData(usdc);
    // The totals the repayment converted at: today's, plus what it took away.
    const [assetsBefore, totalSharesBefore] = [r.totalBorrowAssets + amount, r.totalBorrowShares + burned];
    const numerator = amount * (totalSharesBefore + VIRTUAL_SHARES);
    const denominator = assetsBefore + VIRTUAL_ASSETS;
    expect(numerator % denominator).to.not.equal(0n);
    expect(burned).to.equal(numerator / denominator);
    expect(receipt!.status).to.equal(1);
  });

  it("a full liquidation prices the debt rounded up: it repays the displayed debt to the wei and clears every share", async function () {
    const { pool, usdc, weth, wethFeed, bob, carol, liquidator } = await loadFixture(withUnevenDebt);
    await pool.connect(carol).borrow(usdc, units(1_000, 6), carol.address); // Bob is not the last borrower
    // WETH where Bob's health factor is about 0.9: below 0.95, so the whole debt may be repaid.
    await wethFeed.updateAnswer(((await pool.debtBalance(usdc, bob.address)) * 9_000n) / 825n);
    const { borrowShares } = await pool.position(usdc, bob.address);
    const receipt = await (
      await pool.connect(liquidator).liquidate(bob.address, usdc, weth, ethers.MaxUint256, liquidator.address, false)
    ).wait();
    const repaid = receipt!.logs.map((l) => pool.interface.parseLog(l)).find((e) => e?.name === "Liquidate")!.args
      .repaidAssets as bigint;
    // The totals the liquidation priced at: today's, plus what it took away.
    const r = await pool.reserveData(usdc);
    const numerator = borrowShares * (r.totalBorrowAssets + repaid + VIRTUAL_ASSETS);
    const denominator = r.totalBorrowShares + borrowShares + VIRTUAL_SHARES;
    expect(numerator % denominator).to.not.equal(0n);
    expect(repaid).to.equal(ceilDiv(numerator, denominator));
    expect((await pool.position(usdc, bob.address)).borrowShares).to.equal(0n);
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(0n);
  });

  it("withdrawing more than the balance reverts InsufficientSupply naming the balance rounded down: what can be taken", async function () {
    const { pool, usdc, alice } = await loadFixture(withUnevenSharePrices);
    const r = await pool.reserveData(usdc);
    const { supplyShares } = await pool.position(usdc, alice.address);
    const numerator = supplyShares * (r.totalSupplyAssets + VIRTUAL_ASSETS);
    const denominator = r.totalSupplyShares + VIRTUAL_SHARES;
    expect(numerator % denominator).to.not.equal(0n);
    const balance = numerator / denominator;
    expect(await pool.supplyBalance(usdc, alice.address)).to.equal(balance);
    await expect(pool.connect(alice).withdraw(usdc, balance + 1n, alice.address))
      .to.be.revertedWithCustomError(pool, "InsufficientSupply")
      .withArgs(balance, balance + 1n);
    // The balance itself can be withdrawn, to the unit.
    await expect(pool.connect(alice).withdraw(usdc, balance, alice.address)).to.emit(pool, "Withdraw");
  });
});

describe("LendingPool account values (each step rounded against the account)", function () {
  /**
   * Two 18-decimal markets at uneven share prices and prices: Bob pledges 1 WETH and owes 0.5 DAI. A debt worth less
   * than $1 makes every wei of threshold value move the health factor.
   */
  async function withUnevenAccount() {
    const lending = await deployLending();
    const { deployer, pool, weth, wbtc, wethFeed, alice, bob, carol } = lending;
    const dai = await new MockERC20__factory(deployer).deploy("Dai", "DAI", 18);
    const daiFeed = await listMarket(lending, dai, 1);
    for (const user of [alice, bob, carol]) {
      await dai.mint(user, units(1_000_000, 18));
      await dai.connect(user).approve(pool, ethers.MaxUint256);
    }
    await pool.connect(alice).supply(weth, units(100, 18), alice);
    await pool.connect(alice).supply(dai, units(100_000, 18), alice);
    await pool.connect(carol).supply(wbtc, units(10, 8), carol);
    await pool.connect(carol).borrow(weth, units(30, 18), carol);
    await pool.connect(carol).borrow(dai, units(50_000, 18), carol);
    await elapse(lending, 91 * 86_400);
    await daiFeed.updateAnswer(99_987_653n); // $0.99987653
    await pool.connect(bob).supply(weth, units(1, 18), bob);
    await pool.connect(bob).borrow(dai, units("0.5", 18), bob);
    await elapse(lending, 7 * 86_400);
    await daiFeed.updateAnswer(99_987_653n);
    await wethFeed.updateAnswer(300_012_345_679n); // $3,000.12345679
    return { ...lending, dai };
  }

  it("values collateral rounded down and debt rounded up at every step, as an independent reference does", async function () {
    const { pool, oracle, weth, dai, bob } = await loadFixture(withUnevenAccount);
    const BPS = 10_000n;
    const WAD = 10n ** 18n;
    const unit = 10n ** 18n;
    const remainders: Record<string, bigint> = {};
    const down = (name: string, a: bigint, b: bigint, d: bigint) => {
      remainders[name] = (a * b) % d;
      return (a * b) / d;
    };
    const up = (name: string, a: bigint, b: bigint, d: bigint) => {
      remainders[name] = (a * b) % d;
      return ceilDiv(a * b, d);
    };

    const w = await pool.reserveData(weth);
    const d = await pool.reserveData(dai);
    const { ltvBps, liquidationThresholdBps } = await pool.assetConfig(weth);
    const supplied = down(
      "supply assets",
      (await pool.position(weth, bob)).supplyShares,
      w.totalSupplyAssets + VIRTUAL_ASSETS,
      w.totalSupplyShares + VIRTUAL_SHARES,
    );
    const collateralValue = down("collateral value", supplied, await oracle.price(weth), unit);
    const borrowLimit = down("borrow limit", collateralValue, ltvBps, BPS);
    const thresholdValue = down("threshold value", collateralValue, liquidationThresholdBps, BPS);
    const owed = up(
      "debt assets",
      (await pool.position(dai, bob)).borrowShares,
      d.totalBorrowAssets + VIRTUAL_ASSETS,
      d.totalBorrowShares + VIRTUAL_SHARES,
    );
    const debtValue = up("debt value", owed, await oracle.price(dai), unit);
    expect(debtValue).to.be.lessThan(WAD); // so a wei of threshold value moves the health factor
    const healthFactor = down("health factor", thresholdValue, WAD, debtValue);
    // Every step is inexact, so rounding any of them the other way changes what the pool reports.
    for (const [step, remainder] of Object.entries(remainders)) expect(remainder, step).to.not.equal(0n);

    expect([...(await pool.accountData(bob))]).to.deep.equal([collateralValue, debtValue, borrowLimit, healthFactor]);
    expect(await pool.healthFactor(bob)).to.equal(healthFactor);
  });
});
