// Regression tests for bugs found by the lending test pass, each fixed in the contracts.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { PriceOracle__factory } from "../../typechain-types";
import { deployFeed, deployLending, units } from "../fixtures";

describe("LendingPool: no ownerless debt after the last borrower repays", function () {
  // Repaying all borrow shares charges toAssetsUp(shares, B, BS) = ceil(shares × (B + 1) / (BS + 1e6)), which leaves
  // the part of B "owed" by the 1e6 virtual borrow shares, about (debt growth factor) wei, in totalBorrowAssets with
  // totalBorrowShares = 0. Nobody can ever repay it, and the pool treats it as lent out, so the last supplier's
  // withdraw(max) reverts InsufficientLiquidity. Observed: B = 70 wei, withdraw(max) short by 6 wei
  // (InsufficientLiquidity(usdc, 64513600504333, 64513600504339)).
  async function deployTenYearsAtFullUtilization() {
    const lending = await loadFixture(deployLending);
    const { pool, usdc, wbtc, alice, bob } = lending;
    await pool.connect(bob).supply(usdc, units(1_000_000, 6), bob);
    await pool.connect(alice).supply(wbtc, units(1_000, 8), alice);
    await pool.connect(alice).borrow(usdc, units(1_000_000, 6), alice);
    await time.increase(10n * 365n * 86_400n);
    await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
    return lending;
  }

  it("leaves no borrowed assets once no borrow shares remain", async function () {
    const { pool, usdc } = await loadFixture(deployTenYearsAtFullUtilization);
    const data = await pool.reserveData(usdc);
    expect(data.totalBorrowShares).to.equal(0n);
    expect(data.totalBorrowAssets).to.equal(0n); // was 70 before the fix
  });

  it("lets the last supplier withdraw(max) after the last borrower repaid in full", async function () {
    const { pool, usdc, bob } = await loadFixture(deployTenYearsAtFullUtilization);
    const balance = await pool.supplyBalance(usdc, bob);
    // reverted InsufficientLiquidity(usdc, balance - 6, balance) before the fix
    await expect(pool.connect(bob).withdraw(usdc, ethers.MaxUint256, bob)).to.changeTokenBalance(usdc, bob, balance);
  });
});

describe("PriceOracle with a sequencer feed whose startedAt is in the future", function () {
  // `block.timestamp - startedAt` used to underflow into Panic(0x11) instead of a named error.
  it("reverts GracePeriodNotOver (or SequencerDown), not a panic", async function () {
    const { accessManager, deployer, usdc, usdcFeed } = await loadFixture(deployLending);
    const sequencerFeed = await deployFeed(0, 0n);
    const oracle = await new PriceOracle__factory(deployer).deploy(accessManager, sequencerFeed, 3_600);
    await oracle.setFeed(usdc, usdcFeed, 86_400);
    const now = BigInt(await time.latest());
    await sequencerFeed.updateRoundData(2, 0, now, now + 100n);
    await expect(oracle.price(usdc)).to.be.revertedWithCustomError(oracle, "GracePeriodNotOver");
  });
});
