import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { assetConfigOf, deployLending, units } from "../fixtures";
import { ROLES } from "../../scripts/lib/roles";

describe("LendingPool.supply", function () {
  it("credits shares to onBehalfOf, pulls the tokens and emits Supply", async function () {
    const { pool, usdc, alice, bob } = await loadFixture(deployLending);
    const amount = units(1000, 6);
    const tx = pool.connect(alice).supply(usdc, amount, bob.address);
    await expect(tx)
      .to.emit(pool, "Supply")
      .withArgs(usdc, alice.address, bob.address, amount, amount * 10n ** 6n);
    await expect(tx).to.changeTokenBalances(usdc, [alice, pool], [-amount, amount]);
    expect(await pool.supplyBalance(usdc, bob.address)).to.equal(amount);
    expect(await pool.supplyBalance(usdc, alice.address)).to.equal(0n);
    // A supply on someone's behalf is theirs to withdraw but never their collateral: only they can pledge it.
    expect(await pool.isCollateral(usdc, bob.address)).to.equal(false);
    const [collateralValue] = await pool.accountData(bob.address);
    expect(collateralValue).to.equal(0n);
    await expect(pool.connect(bob).setCollateral(usdc, true))
      .to.emit(pool, "CollateralSet")
      .withArgs(bob.address, usdc, true);
    expect((await pool.accountData(bob.address)).collateralValue).to.equal(units(1000, 18));
  });

  it("enables a first own supply as collateral (CollateralSet), but not a top-up after the owner disabled it", async function () {
    const { pool, usdc, alice } = await loadFixture(deployLending);
    await expect(pool.connect(alice).supply(usdc, units(10, 6), alice.address))
      .to.emit(pool, "CollateralSet")
      .withArgs(alice.address, usdc, true);
    await pool.connect(alice).setCollateral(usdc, false);
    await expect(pool.connect(alice).supply(usdc, units(10, 6), alice.address)).not.to.emit(pool, "CollateralSet");
    expect(await pool.isCollateral(usdc, alice.address)).to.equal(false);
  });

  it("reverts ZeroAmount for 0", async function () {
    const { pool, usdc, alice } = await loadFixture(deployLending);
    await expect(pool.connect(alice).supply(usdc, 0n, alice.address)).to.be.revertedWithCustomError(pool, "ZeroAmount");
  });

  it("reverts ZeroAddress for onBehalfOf = 0", async function () {
    const { pool, usdc, alice } = await loadFixture(deployLending);
    await expect(pool.connect(alice).supply(usdc, 1n, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      pool,
      "ZeroAddress",
    );
  });

  it("reverts AssetNotListed for an unlisted token", async function () {
    const { pool, alice } = await loadFixture(deployLending);
    await expect(pool.connect(alice).supply(alice.address, 1n, alice.address))
      .to.be.revertedWithCustomError(pool, "AssetNotListed")
      .withArgs(alice.address);
  });

  it("reverts SupplyCapExceeded one wei above the cap and accepts exactly the cap", async function () {
    const { pool, usdc, alice } = await loadFixture(deployLending);
    const config = await assetConfigOf(pool, usdc);
    await pool.setAssetConfig(usdc, { ...config, supplyCap: units(1000, 6) });
    await expect(pool.connect(alice).supply(usdc, units(1000, 6) + 1n, alice.address))
      .to.be.revertedWithCustomError(pool, "SupplyCapExceeded")
      .withArgs(usdc, units(1000, 6));
    await expect(pool.connect(alice).supply(usdc, units(1000, 6), alice.address)).to.emit(pool, "Supply");
  });

  it("applies a cap from the setAssetConfig that sets it, lifts it when set back to 0, and a borrow cap caps no supply", async function () {
    const { pool, usdc, alice } = await loadFixture(deployLending);
    const config = await assetConfigOf(pool, usdc);
    await pool.setAssetConfig(usdc, { ...config, borrowCap: 1n });
    await expect(pool.connect(alice).supply(usdc, units(1000, 6), alice.address)).to.emit(pool, "Supply");
    await pool.setAssetConfig(usdc, { ...config, supplyCap: units(1000, 6) });
    await expect(pool.connect(alice).supply(usdc, 1n, alice.address))
      .to.be.revertedWithCustomError(pool, "SupplyCapExceeded")
      .withArgs(usdc, units(1000, 6));
    await pool.setAssetConfig(usdc, { ...config, supplyCap: 0n });
    expect((await pool.assetConfig(usdc)).supplyCap).to.equal(0n);
    await expect(pool.connect(alice).supply(usdc, units(1_000_000, 6), alice.address)).to.emit(pool, "Supply");
  });

  it("ignores direct donations: they change no share price, so 1 wei still mints shares", async function () {
    const { pool, usdc, alice, bob } = await loadFixture(deployLending);
    await pool.connect(alice).supply(usdc, 1n, alice.address);
    await usdc.connect(bob).transfer(pool, units(1_000_000, 6));
    expect((await pool.position(usdc, alice.address)).supplyShares).to.equal(10n ** 6n);
    await expect(pool.connect(bob).supply(usdc, 1n, bob.address))
      .to.emit(pool, "Supply")
      .withArgs(usdc, bob.address, bob.address, 1n, 10n ** 6n);
    expect(await pool.supplyBalance(usdc, alice.address)).to.equal(1n);
  });
});

describe("LendingPool.withdraw", function () {
  it("sends the tokens to `to`, burns shares and emits Withdraw", async function () {
    const { pool, usdc, alice, bob } = await loadFixture(deployLending);
    await pool.connect(alice).supply(usdc, units(1000, 6), alice.address);
    const tx = pool.connect(alice).withdraw(usdc, units(400, 6), bob.address);
    await expect(tx)
      .to.emit(pool, "Withdraw")
      .withArgs(usdc, alice.address, bob.address, units(400, 6), units(400, 6) * 10n ** 6n);
    await expect(tx).to.changeTokenBalances(usdc, [pool, bob], [-units(400, 6), units(400, 6)]);
    expect(await pool.supplyBalance(usdc, alice.address)).to.equal(units(600, 6));
  });

  it("withdraws everything with type(uint256).max and clears the position", async function () {
    const { pool, usdc, alice } = await loadFixture(deployLending);
    await pool.connect(alice).supply(usdc, units(1000, 6), alice.address);
    await expect(pool.connect(alice).withdraw(usdc, ethers.MaxUint256, alice.address)).to.changeTokenBalance(
      usdc,
      alice,
      units(1000, 6),
    );
    expect((await pool.position(usdc, alice.address)).supplyShares).to.equal(0n);
    expect((await pool.accountData(alice.address))[0]).to.equal(0n);
  });

  it("reverts InsufficientSupply when withdrawing more than supplied", async function () {
    const { pool, usdc, alice } = await loadFixture(deployLending);
    await pool.connect(alice).supply(usdc, units(100, 6), alice.address);
    await expect(pool.connect(alice).withdraw(usdc, units(100, 6) + 1n, alice.address))
      .to.be.revertedWithCustomError(pool, "InsufficientSupply")
      .withArgs(units(100, 6), units(100, 6) + 1n);
  });

  it("reverts ZeroShares when withdrawing everything with no position", async function () {
    const { pool, usdc, alice } = await loadFixture(deployLending);
    await expect(pool.connect(alice).withdraw(usdc, ethers.MaxUint256, alice.address)).to.be.revertedWithCustomError(
      pool,
      "ZeroShares",
    );
  });

  it("reverts ZeroAmount and ZeroAddress on bad input", async function () {
    const { pool, usdc, alice } = await loadFixture(deployLending);
    await expect(pool.connect(alice).withdraw(usdc, 0n, alice.address)).to.be.revertedWithCustomError(
      pool,
      "ZeroAmount",
    );
    await expect(pool.connect(alice).withdraw(usdc, 1n, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      pool,
      "ZeroAddress",
    );
  });

  it("reverts InsufficientLiquidity when the tokens are lent out", async function () {
    const { pool, usdc, weth, alice, bob } = await loadFixture(deployLending);
    await pool.connect(alice).supply(usdc, units(1000, 6), alice.address);
    await pool.connect(bob).supply(weth, units(10, 18), bob.address);
    await pool.connect(bob).borrow(usdc, units(900, 6), bob.address);
    await expect(pool.connect(alice).withdraw(usdc, units(101, 6), alice.address))
      .to.be.revertedWithCustomError(pool, "InsufficientLiquidity")
      .withArgs(usdc, units(100, 6), units(101, 6));
  });

  it("reverts InsufficientCollateral when the withdrawal would exceed the borrow limit", async function () {
    const { pool, usdc, weth, alice, bob } = await loadFixture(deployLending);
    await pool.connect(alice).supply(usdc, units(100_000, 6), alice.address);
    await pool.connect(bob).supply(weth, units(1, 18), bob.address); // $3,000, LTV 80% → $2,400
    await pool.connect(bob).borrow(usdc, units(2000, 6), bob.address);
    // Keeping 0.8334 WETH ($2,500.2 × 80% = $2,000.16) is fine; keeping 0.8333 is not.
    await expect(pool.connect(bob).withdraw(weth, units("0.1667", 18), bob.address)).to.be.revertedWithCustomError(
      pool,
      "InsufficientCollateral",
    );
    await expect(pool.connect(bob).withdraw(weth, units("0.1666", 18), bob.address)).to.emit(pool, "Withdraw");
  });

  it("is not blocked by a supply/borrow pause", async function () {
    const { pool, usdc, alice, accessManager, deployer } = await loadFixture(deployLending);
    await pool.connect(alice).supply(usdc, units(100, 6), alice.address);
    await accessManager.grantRole(ROLES.GUARDIAN, deployer.address, 0);
    await pool.pauseAsset(usdc, 3);
    await expect(pool.connect(alice).withdraw(usdc, units(100, 6), alice.address)).to.emit(pool, "Withdraw");
  });
});
