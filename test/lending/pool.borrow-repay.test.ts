import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { assetConfigOf, deployLending, elapse, units } from "../fixtures";
import { ROLES } from "../../scripts/lib/roles";

/** Alice lends 100,000 USDC; Bob supplies 10 WETH ($30,000, LTV 80% → $24,000 borrow limit). */
async function withLiquidity() {
  const lending = await deployLending();
  const { pool, usdc, weth, alice, bob } = lending;
  await pool.connect(alice).supply(usdc, units(100_000, 6), alice.address);
  await pool.connect(bob).supply(weth, units(10, 18), bob.address);
  return lending;
}

describe("LendingPool.borrow", function () {
  it("sends the tokens, records the debt and emits Borrow", async function () {
    const { pool, usdc, bob, carol } = await loadFixture(withLiquidity);
    const tx = pool.connect(bob).borrow(usdc, units(10_000, 6), carol.address);
    await expect(tx)
      .to.emit(pool, "Borrow")
      .withArgs(usdc, bob.address, carol.address, units(10_000, 6), units(10_000, 6) * 10n ** 6n);
    await expect(tx).to.changeTokenBalances(usdc, [pool, carol], [-units(10_000, 6), units(10_000, 6)]);
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(units(10_000, 6));
    const [collateralValue, debtValue, borrowLimit, healthFactor] = await pool.accountData(bob.address);
    expect(collateralValue).to.equal(units(30_000, 18));
    expect(debtValue).to.equal(units(10_000, 18));
    expect(borrowLimit).to.equal(units(24_000, 18));
    expect(healthFactor).to.equal(units("2.475", 18)); // 30,000 × 82.5% / 10,000
  });

  it("allows borrowing exactly up to the borrow limit and not one wei more", async function () {
    const { pool, usdc, bob } = await loadFixture(withLiquidity);
    await expect(pool.connect(bob).borrow(usdc, units(24_000, 6) + 1n, bob.address))
      .to.be.revertedWithCustomError(pool, "InsufficientCollateral")
      .withArgs(units(24_000, 18), units(24_000, 18) + 10n ** 12n);
    await expect(pool.connect(bob).borrow(usdc, units(24_000, 6), bob.address)).to.emit(pool, "Borrow");
  });

  it("reverts InsufficientCollateral with no collateral at all", async function () {
    const { pool, usdc, carol } = await loadFixture(withLiquidity);
    await expect(pool.connect(carol).borrow(usdc, 1n, carol.address))
      .to.be.revertedWithCustomError(pool, "InsufficientCollateral")
      .withArgs(0n, 10n ** 12n);
  });

  it("reverts BorrowDisabled when governance disabled borrowing", async function () {
    const { pool, usdc, bob } = await loadFixture(withLiquidity);
    await pool.setAssetConfig(usdc, { ...(await assetConfigOf(pool, usdc)), borrowEnabled: false });
    await expect(pool.connect(bob).borrow(usdc, 1n, bob.address))
      .to.be.revertedWithCustomError(pool, "BorrowDisabled")
      .withArgs(usdc);
  });

  it("reverts BorrowCapExceeded above the cap", async function () {
    const { pool, usdc, bob } = await loadFixture(withLiquidity);
    await pool.setAssetConfig(usdc, { ...(await assetConfigOf(pool, usdc)), borrowCap: units(5000, 6) });
    await expect(pool.connect(bob).borrow(usdc, units(5000, 6) + 1n, bob.address))
      .to.be.revertedWithCustomError(pool, "BorrowCapExceeded")
      .withArgs(usdc, units(5000, 6));
    await expect(pool.connect(bob).borrow(usdc, units(5000, 6), bob.address)).to.emit(pool, "Borrow");
  });

  it("lifts the borrow cap when governance sets it back to 0; a supply cap caps no borrow; disabled wins over caps", async function () {
    const { pool, usdc, bob } = await loadFixture(withLiquidity);
    const config = await assetConfigOf(pool, usdc);
    await pool.setAssetConfig(usdc, { ...config, borrowCap: units(5000, 6) });
    await pool.setAssetConfig(usdc, { ...config, borrowCap: 0n, supplyCap: 1n });
    await expect(pool.connect(bob).borrow(usdc, units(5000, 6) + 1n, bob.address)).to.emit(pool, "Borrow");
    await pool.setAssetConfig(usdc, { ...config, borrowEnabled: false, borrowCap: units(1_000_000, 6) });
    expect((await pool.assetConfig(usdc)).borrowEnabled).to.equal(false);
    await expect(pool.connect(bob).borrow(usdc, 1n, bob.address))
      .to.be.revertedWithCustomError(pool, "BorrowDisabled")
      .withArgs(usdc);
  });

  it("reverts InsufficientLiquidity above the idle tokens", async function () {
    const { pool, wbtc, weth, bob, carol } = await loadFixture(withLiquidity);
    await pool.connect(carol).supply(wbtc, units(1, 8), carol.address);
    await expect(pool.connect(carol).borrow(weth, 1n, carol.address)).to.emit(pool, "Borrow");
    await expect(pool.connect(bob).borrow(wbtc, 1n, bob.address)).to.emit(pool, "Borrow");
    await expect(pool.connect(bob).borrow(wbtc, units(1, 8), bob.address))
      .to.be.revertedWithCustomError(pool, "InsufficientLiquidity")
      .withArgs(wbtc, units(1, 8) - 1n, units(1, 8));
  });

  it("reverts ZeroAmount and ZeroAddress on bad input", async function () {
    const { pool, usdc, bob } = await loadFixture(withLiquidity);
    await expect(pool.connect(bob).borrow(usdc, 0n, bob.address)).to.be.revertedWithCustomError(pool, "ZeroAmount");
    await expect(pool.connect(bob).borrow(usdc, 1n, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      pool,
      "ZeroAddress",
    );
  });

  it("counts collateral in several assets", async function () {
    const { pool, usdc, wbtc, bob } = await loadFixture(withLiquidity);
    await pool.connect(bob).supply(wbtc, units(1, 8), bob.address); // + $60,000 × 70% = $42,000
    await expect(pool.connect(bob).borrow(usdc, units(66_000, 6), bob.address)).to.emit(pool, "Borrow");
    await expect(pool.connect(bob).borrow(usdc, 1n, bob.address)).to.be.revertedWithCustomError(
      pool,
      "InsufficientCollateral",
    );
  });
});

describe("LendingPool.repay", function () {
  async function withDebt() {
    const lending = await withLiquidity();
    await lending.pool.connect(lending.bob).borrow(lending.usdc, units(10_000, 6), lending.bob.address);
    return lending;
  }

  it("reduces the debt of onBehalfOf and emits Repay", async function () {
    const { pool, usdc, bob, carol } = await loadFixture(withDebt);
    const tx = pool.connect(carol).repay(usdc, units(4000, 6), bob.address);
    await expect(tx).to.emit(pool, "Repay");
    await expect(tx).to.changeTokenBalances(usdc, [carol, pool], [-units(4000, 6), units(4000, 6)]);
    const debt = await pool.debtBalance(usdc, bob.address);
    // One block of interest at a low rate accrued before the repayment.
    expect(debt).to.be.greaterThanOrEqual(units(6000, 6));
    expect(debt).to.be.lessThan(units(6000, 6) + units(1, 6));
  });

  it("repays everything with type(uint256).max, pulling exactly the debt", async function () {
    const lending = await loadFixture(withDebt);
    const { pool, usdc, bob } = lending;
    await elapse(lending, 30 * 86_400);
    const before = await usdc.balanceOf(bob.address);
    const tx = await pool.connect(bob).repay(usdc, ethers.MaxUint256, bob.address);
    const receipt = await tx.wait();
    const event = receipt!.logs.map((l) => pool.interface.parseLog(l)).find((e) => e?.name === "Repay");
    const repaid = event!.args.assets as bigint;
    expect(repaid).to.be.greaterThan(units(10_000, 6)); // interest accrued over 30 days
    expect(before - (await usdc.balanceOf(bob.address))).to.equal(repaid);
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(0n);
    expect((await pool.position(usdc, bob.address)).borrowShares).to.equal(0n);
    expect(await pool.healthFactor(bob.address)).to.equal(ethers.MaxUint256);
  });

  it("caps an over-repayment at the debt", async function () {
    const { pool, usdc, bob } = await loadFixture(withDebt);
    const debtNow = await pool.debtBalance(usdc, bob.address);
    await expect(pool.connect(bob).repay(usdc, units(50_000, 6), bob.address)).to.changeTokenBalance(
      usdc,
      bob,
      // the repayment lands one block later, with at most a few wei of extra interest
      (delta: bigint) => -delta >= debtNow && -delta < debtNow + 1000n,
    );
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(0n);
  });

  it("reverts NoDebt when the account owes nothing", async function () {
    const { pool, usdc, carol } = await loadFixture(withDebt);
    await expect(pool.connect(carol).repay(usdc, 1n, carol.address))
      .to.be.revertedWithCustomError(pool, "NoDebt")
      .withArgs(usdc, carol.address);
  });

  it("reverts ZeroAmount for 0", async function () {
    const { pool, usdc, bob } = await loadFixture(withDebt);
    await expect(pool.connect(bob).repay(usdc, 0n, bob.address)).to.be.revertedWithCustomError(pool, "ZeroAmount");
  });

  it("is never blocked by a pause", async function () {
    const { pool, usdc, bob, accessManager, deployer } = await loadFixture(withDebt);
    await accessManager.grantRole(ROLES.GUARDIAN, deployer.address, 0);
    await pool.pauseAsset(usdc, 3);
    await expect(pool.connect(bob).repay(usdc, ethers.MaxUint256, bob.address)).to.emit(pool, "Repay");
  });
});
