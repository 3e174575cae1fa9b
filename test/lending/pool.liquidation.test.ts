import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { assetConfigOf, deployLending, setPrice, units } from "../fixtures";
import { ROLES } from "../../scripts/lib/roles";
import { WAD } from "../../scripts/lib/units";

/**
 * Interest-free USDC (a zero-rate model) so health factors are exact. Alice lends 100,000 USDC; Bob supplies
 * 10 WETH at $3,000 and borrows 19,800 USDC: at WETH = $2,400 his health factor is exactly 1
 * (10 × 2,400 × 82.5% = 19,800).
 */
async function withBorrower() {
  const lending = await deployLending();
  const { pool, usdc, weth, alice, bob } = lending;
  const zeroRate = await ethers.deployContract("InterestRateModel", [0, 0, 0, WAD / 2n]);
  await pool.setAssetConfig(usdc, {
    ...(await assetConfigOf(pool, usdc)),
    rateModel: await zeroRate.getAddress(),
  });
  await pool.connect(alice).supply(usdc, units(100_000, 6), alice.address);
  await pool.connect(bob).supply(weth, units(10, 18), bob.address);
  await pool.connect(bob).borrow(usdc, units(19_800, 6), bob.address);
  return lending;
}

describe("LendingPool.liquidate", function () {
  it("reverts HealthyPosition when the health factor is exactly 1", async function () {
    const { pool, usdc, weth, wethFeed, bob, liquidator } = await loadFixture(withBorrower);
    await setPrice(wethFeed, 2400);
    expect(await pool.healthFactor(bob.address)).to.equal(WAD);
    await expect(pool.connect(liquidator).liquidate(bob.address, usdc, weth, units(100, 6), liquidator.address, false))
      .to.be.revertedWithCustomError(pool, "HealthyPosition")
      .withArgs(WAD);
  });

  it("liquidates when the price is one feed unit lower (health factor just below 1)", async function () {
    const { pool, usdc, weth, wethFeed, bob, liquidator } = await loadFixture(withBorrower);
    await wethFeed.updateAnswer(units(2400, 8) - 1n);
    expect(await pool.healthFactor(bob.address)).to.be.lessThan(WAD);
    await expect(
      pool.connect(liquidator).liquidate(bob.address, usdc, weth, units(100, 6), liquidator.address, false),
    ).to.emit(pool, "Liquidate");
  });

  it("repays at most 50% while the health factor is at least 0.95, and seizes repaid value × (1 + bonus)", async function () {
    const { pool, usdc, weth, wethFeed, bob, liquidator } = await loadFixture(withBorrower);
    await setPrice(wethFeed, 2300); // HF = 23,000 × 0.825 / 19,800 = 0.958
    const tx = pool
      .connect(liquidator)
      .liquidate(bob.address, usdc, weth, ethers.MaxUint256, liquidator.address, false);
    const repaid = units(9_900, 6);
    // 9,900 × 1.05 / 2,300 WETH, rounded down to the wei
    const seized = (units(9_900, 18) * 105n) / 100n / 2300n;
    await expect(tx)
      .to.emit(pool, "Liquidate")
      .withArgs(bob.address, liquidator.address, usdc, weth, repaid, seized, liquidator.address, false);
    await expect(tx).to.changeTokenBalances(usdc, [liquidator, pool], [-repaid, repaid]);
    expect(await weth.balanceOf(liquidator.address)).to.equal(units(1_000_000_000, 18) + seized);
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(units(9_900, 6));
    expect(await pool.supplyBalance(weth, bob.address)).to.equal(units(10, 18) - seized);
    expect(await pool.healthFactor(bob.address)).to.be.greaterThan(units("0.958", 18));
  });

  it("repays up to 100% when the health factor is below 0.95", async function () {
    const { pool, usdc, weth, wethFeed, bob, liquidator } = await loadFixture(withBorrower);
    await setPrice(wethFeed, 2250); // HF = 22,500 × 0.825 / 19,800 = 0.9375
    await pool.connect(liquidator).liquidate(bob.address, usdc, weth, ethers.MaxUint256, liquidator.address, false);
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(0n);
    const seized = (units(19_800, 18) * 105n) / 100n / 2250n;
    expect(await pool.supplyBalance(weth, bob.address)).to.equal(units(10, 18) - seized);
  });

  it("repays up to 100% when what would remain is dust", async function () {
    const { pool, usdc, weth, wethFeed, carol, liquidator } = await loadFixture(withBorrower);
    await pool.connect(carol).supply(weth, units("0.1", 18), carol.address); // $300
    await pool.connect(carol).borrow(usdc, units(198, 6), carol.address); // HF 1 at $2,400
    await setPrice(wethFeed, 2300); // HF 0.958, debt $198 < 2 × $100 dust threshold
    await pool.connect(liquidator).liquidate(carol.address, usdc, weth, ethers.MaxUint256, liquidator.address, false);
    expect(await pool.debtBalance(usdc, carol.address)).to.equal(0n);
  });

  it("never seizes more than the collateral held, and realizes the remaining debt as bad debt", async function () {
    const { pool, usdc, weth, wethFeed, bob, alice, liquidator } = await loadFixture(withBorrower);
    await setPrice(wethFeed, 1000); // collateral $10,000 against $19,800 of debt
    const before = await pool.reserveData(usdc);
    const tx = pool
      .connect(liquidator)
      .liquidate(bob.address, usdc, weth, ethers.MaxUint256, liquidator.address, false);
    // All 10 WETH seized, worth $10,000 = repaid × 1.05 → repaid = 9,523.809524 USDC (rounded up)
    const repaid = 9_523_809_524n;
    const loss = units(19_800, 6) - repaid;
    await expect(tx)
      .to.emit(pool, "Liquidate")
      .withArgs(bob.address, liquidator.address, usdc, weth, repaid, units(10, 18), liquidator.address, false);
    await expect(tx).to.emit(pool, "BadDebtRealized").withArgs(usdc, bob.address, loss, 0n);

    expect(await pool.supplyBalance(weth, bob.address)).to.equal(0n);
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(0n);
    const after = await pool.reserveData(usdc);
    expect(after.totalBorrowAssets).to.equal(before.totalBorrowAssets - units(19_800, 6));
    expect(after.totalBorrowShares).to.equal(0n);
    expect(after.totalSupplyAssets).to.equal(before.totalSupplyAssets - loss);
    // Alice, the only USDC supplier, bears the whole loss.
    expect(await pool.supplyBalance(usdc, alice.address)).to.equal(units(100_000, 6) - loss);
    // Accounting invariant: idle tokens + borrows = supply + reserves.
    const idle = await usdc.balanceOf(pool);
    expect(idle + after.totalBorrowAssets).to.equal(after.totalSupplyAssets + after.reserves);
  });

  it("covers bad debt from the protocol's reserves before suppliers", async function () {
    const lending = await loadFixture(withBorrower);
    const { pool, usdc, weth, wethFeed, bob, liquidator, stableRateModel } = lending;
    // Turn interest back on and let reserves build up for a year.
    await pool.setAssetConfig(usdc, {
      ...(await assetConfigOf(pool, usdc)),
      rateModel: await stableRateModel.getAddress(),
    });
    await ethers.provider.send("evm_increaseTime", [365 * 86_400]);
    await setPrice(lending.usdcFeed, 1);
    await setPrice(wethFeed, 1000);
    const reservesBefore = (await pool.reserveData(usdc)).reserves;
    expect(reservesBefore).to.be.greaterThan(0n);
    const tx = await pool.connect(liquidator).liquidate(bob.address, usdc, weth, ethers.MaxUint256, bob.address, false);
    const receipt = await tx.wait();
    const badDebt = receipt!.logs.map((l) => pool.interface.parseLog(l)).find((e) => e?.name === "BadDebtRealized");
    expect(badDebt!.args.coveredByReserves).to.be.greaterThan(0n);
    expect((await pool.reserveData(usdc)).reserves).to.equal(0n);
  });

  it("keeps the borrower's other collateral and does not realize bad debt while exactly DUST_COLLATERAL_VALUE ($1) remains", async function () {
    const { pool, usdc, weth, wbtc, wethFeed, wbtcFeed, bob, liquidator } = await loadFixture(withBorrower);
    await setPrice(wbtcFeed, 50_000); // one satoshi = $0.0005
    await pool.connect(bob).supply(wbtc, 2000n, bob.address); // exactly $1 of WBTC stays behind
    await setPrice(wethFeed, 1000);
    await expect(
      pool.connect(liquidator).liquidate(bob.address, usdc, weth, ethers.MaxUint256, liquidator.address, false),
    ).not.to.emit(pool, "BadDebtRealized");
    expect(await pool.debtBalance(usdc, bob.address)).to.be.greaterThan(0n);
    expect(await pool.supplyBalance(wbtc, bob.address)).to.equal(2000n);
  });

  it("writes the debt off when the collateral left is worth less than DUST_COLLATERAL_VALUE: one satoshi below $1", async function () {
    const { pool, usdc, weth, wbtc, wethFeed, wbtcFeed, bob, liquidator } = await loadFixture(withBorrower);
    expect(await pool.DUST_COLLATERAL_VALUE()).to.equal(WAD);
    await setPrice(wbtcFeed, 50_000);
    await pool.connect(bob).supply(wbtc, 1999n, bob.address); // $0.9995: dust
    await setPrice(wethFeed, 1000);
    await expect(
      pool.connect(liquidator).liquidate(bob.address, usdc, weth, ethers.MaxUint256, liquidator.address, false),
    ).to.emit(pool, "BadDebtRealized");
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(0n);
    // The dust stays the borrower's: it backs nothing now.
    expect(await pool.supplyBalance(wbtc, bob.address)).to.equal(1999n);
  });

  it("values the seized collateral's remainder rounded down at the write-off: $1 less a fraction of a wei is dust", async function () {
    const { pool, oracle, usdc, weth, wethFeed, alice, bob, liquidator } = await loadFixture(deployLending);
    const BPS = 10_000n;
    const dust = await pool.DUST_COLLATERAL_VALUE();
    // A WETH answer (8 decimals, about $3) at which some remainder x is worth (dust − 1) wei and a fraction.
    let answer = units(3, 8);
    let x = 0n;
    for (; ; ++answer) {
      x = (dust * 10n ** 8n - 1n) / answer;
      if ((x * answer) / 10n ** 8n === dust - 1n && (x * answer) % 10n ** 8n !== 0n) break;
    }
    // What a 0.01 USDC repayment seizes at that answer (collateral worth repaid × (1 + bonus), rounded down).
    const repay = units("0.01", 6);
    const bonus = BigInt((await assetConfigOf(pool, weth)).liquidationBonusBps);
    const usdcPrice = await oracle.price(usdc);
    const wethPrice = answer * 10n ** 10n;
    const seized = (((repay * usdcPrice * (BPS + bonus)) / (units(1, 6) * BPS)) * units(1, 18)) / wethPrice;

    await pool.connect(alice).supply(usdc, units(1_000, 6), alice.address);
    await pool.connect(bob).supply(weth, x + seized, bob.address); // the only WETH supplier: no share rounding
    await pool.connect(bob).borrow(usdc, units(1, 6), bob.address);
    await wethFeed.updateAnswer(answer); // $1.01 of collateral × 82.5% against $1 owed: health factor ≈ 0.83
    expect(await oracle.price(weth)).to.equal(wethPrice);
    await expect(pool.connect(liquidator).liquidate(bob.address, usdc, weth, repay, liquidator.address, false))
      .to.emit(pool, "Liquidate")
      .withArgs(bob.address, liquidator.address, usdc, weth, repay, seized, liquidator.address, false)
      .and.to.emit(pool, "BadDebtRealized");
    expect(await pool.supplyBalance(weth, bob.address)).to.equal(x);
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(0n);
  });

  it("never holds a pledged collateral without liquidation weight: governance zeroes a weight only with no supplier, and a later supply is not pledged", async function () {
    const { pool, wbtc, bob } = await loadFixture(withBorrower);
    const weightless = { ...(await assetConfigOf(pool, wbtc)), ltvBps: 0, liquidationThresholdBps: 0 };
    await pool.connect(bob).supply(wbtc, units(1, 7), bob.address); // 0.1 WBTC ($6,000), enabled as collateral
    await expect(pool.setAssetConfig(wbtc, weightless)).to.be.revertedWithCustomError(pool, "CollateralStillSupplied");
    await pool.connect(bob).withdraw(wbtc, ethers.MaxUint256, bob.address);
    await pool.setAssetConfig(wbtc, weightless);
    await pool.connect(bob).supply(wbtc, units(1, 7), bob.address);
    expect(await pool.isCollateral(wbtc, bob.address)).to.equal(false);
    await expect(pool.connect(bob).setCollateral(wbtc, true))
      .to.be.revertedWithCustomError(pool, "CollateralNotAccepted")
      .withArgs(wbtc);
  });

  it("liquidates debt and collateral in the same asset, pricing it once", async function () {
    const { pool, usdc, wethFeed, bob, liquidator } = await loadFixture(withBorrower);
    await pool.connect(bob).supply(usdc, units(1_000, 6), bob.address);
    await setPrice(wethFeed, 2200); // HF = (22,000 × 82.5% + 1,000 × 85%) / 19,800 = 0.96
    const tx = pool.connect(liquidator).liquidate(bob.address, usdc, usdc, units(500, 6), liquidator.address, false);
    // 500 USDC repaid, 500 × (1 + 5% USDC bonus) seized
    await expect(tx)
      .to.emit(pool, "Liquidate")
      .withArgs(bob.address, liquidator.address, usdc, usdc, units(500, 6), units(525, 6), liquidator.address, false);
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(units(19_300, 6));
  });

  it("liquidates a debt listed after its collateral, when the collateral is also borrowed", async function () {
    const { pool, usdc, weth, wethFeed, alice, carol, liquidator } = await loadFixture(deployLending);
    await pool.connect(alice).supply(weth, units(100, 18), alice.address);
    await pool.connect(alice).supply(usdc, units(100_000, 6), alice.address);
    await pool.connect(carol).supply(usdc, units(10_000, 6), carol.address);
    await pool.connect(carol).borrow(weth, units(26, 17), carol.address); // 2.6 WETH = $7,800
    await pool.connect(carol).borrow(usdc, units(100, 6), carol.address); // USDC: her collateral and a debt
    await setPrice(wethFeed, 3300); // HF = 10,000 × 85% / (8,580 + 100) = 0.98
    expect(await pool.healthFactor(carol.address)).to.be.lessThan(WAD);
    const rateBefore = await pool.borrowRatePerSecond(usdc);
    // 1 WETH repaid at $3,300, × (1 + 5% USDC bonus) in USDC at $1
    await expect(pool.connect(liquidator).liquidate(carol.address, weth, usdc, units(1, 18), liquidator.address, false))
      .to.emit(pool, "Liquidate")
      .withArgs(
        carol.address,
        liquidator.address,
        weth,
        usdc,
        units(1, 18),
        units(3_465, 6),
        liquidator.address,
        false,
      );
    // The seizure took 3,465 USDC out of a borrowed market: its utilization rose, and borrowing re-prices there too,
    // not only in the debt's market.
    const usdcModel = await ethers.getContractAt(
      "InterestRateModel",
      (await assetConfigOf(pool, usdc)).rateModel as string,
    );
    const rate = await pool.borrowRatePerSecond(usdc);
    expect(rate).to.equal(await usdcModel.borrowRatePerSecond(await pool.utilizationWad(usdc)));
    expect(rate).to.be.greaterThan(rateBefore);
  });

  it("is not blocked by a pause of either asset", async function () {
    const { pool, usdc, weth, wethFeed, bob, liquidator, accessManager, deployer } = await loadFixture(withBorrower);
    await accessManager.grantRole(ROLES.GUARDIAN, deployer.address, 0);
    await pool.pauseAsset(usdc, 3);
    await pool.pauseAsset(weth, 3);
    await setPrice(wethFeed, 2300);
    await expect(
      pool.connect(liquidator).liquidate(bob.address, usdc, weth, units(1000, 6), liquidator.address, false),
    ).to.emit(pool, "Liquidate");
  });

  it("reverts NoDebt when the borrower owes nothing in the debt asset", async function () {
    const { pool, wbtc, weth, bob, liquidator } = await loadFixture(withBorrower);
    await expect(pool.connect(liquidator).liquidate(bob.address, wbtc, weth, 1n, liquidator.address, false))
      .to.be.revertedWithCustomError(pool, "NoDebt")
      .withArgs(wbtc, bob.address);
  });

  it("reverts NoCollateral when the borrower has not supplied the collateral asset", async function () {
    const { pool, usdc, wbtc, bob, liquidator } = await loadFixture(withBorrower);
    await expect(pool.connect(liquidator).liquidate(bob.address, usdc, wbtc, 1n, liquidator.address, false))
      .to.be.revertedWithCustomError(pool, "NoCollateral")
      .withArgs(wbtc, bob.address);
  });

  it("reverts ZeroAmount and ZeroAddress on bad input", async function () {
    const { pool, usdc, weth, bob, liquidator } = await loadFixture(withBorrower);
    await expect(
      pool.connect(liquidator).liquidate(bob.address, usdc, weth, 0n, liquidator.address, false),
    ).to.be.revertedWithCustomError(pool, "ZeroAmount");
    await expect(
      pool.connect(liquidator).liquidate(bob.address, usdc, weth, 1n, ethers.ZeroAddress, false),
    ).to.be.revertedWithCustomError(pool, "ZeroAddress");
  });

  it("reverts InsufficientLiquidity when the collateral is lent out", async function () {
    const { pool, usdc, weth, wethFeed, bob, carol, liquidator } = await loadFixture(withBorrower);
    await pool.connect(carol).supply(usdc, units(1_000_000, 6), carol.address);
    await pool.connect(carol).borrow(weth, units(10, 18), carol.address); // all idle WETH
    await setPrice(wethFeed, 2300);
    await expect(
      pool.connect(liquidator).liquidate(bob.address, usdc, weth, units(1000, 6), liquidator.address, false),
    ).to.be.revertedWithCustomError(pool, "InsufficientLiquidity");
  });
});
