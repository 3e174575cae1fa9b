import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { FlashBorrowerMock__factory, MockERC20__factory, OracleSwapMock__factory } from "../../typechain-types";
import { ROLES } from "../../scripts/lib/roles";
import { assetConfigOf, deployLending, setPrice, units } from "../fixtures";

const SUCCESS = ethers.id("ERC3156FlashBorrower.onFlashLoan");
enum Mode {
  Repay,
  NoApproval,
  WrongReturn,
  Liquidate,
  RecordAndRepay,
}

/** Alice lends 1,000,000 USDC; Bob borrows 20,000 USDC against 10 WETH; a flash borrower holds a little USDC. */
async function withBorrower() {
  const lending = await deployLending();
  const { pool, usdc, weth, alice, bob, deployer } = lending;
  await pool.connect(alice).supply(usdc, units(1_000_000, 6), alice);
  await pool.connect(alice).supply(weth, units(100, 18), alice);
  await pool.connect(bob).supply(weth, units(10, 18), bob);
  await pool.connect(bob).borrow(usdc, units(20_000, 6), bob);
  const borrower = await new FlashBorrowerMock__factory(deployer).deploy(pool);
  await usdc.mint(borrower, units(1_000, 6)); // enough for any fee, never for the principal
  return { ...lending, borrower };
}

/** balance + borrows − supply − reserves: what the pool holds beyond its claims (donations and rounding). */
async function surplus(lending: Awaited<ReturnType<typeof withBorrower>>, token: string) {
  const d = await lending.pool.reserveData(token);
  const balance = await (await ethers.getContractAt("MockERC20", token)).balanceOf(lending.pool);
  return balance + d.totalBorrowAssets - d.totalSupplyAssets - d.reserves;
}

describe("LendingPool flash loans (ERC-3156)", function () {
  it("maxFlashLoan is the idle liquidity of a listed asset and zero for anything else", async function () {
    const { pool, usdc, deployer } = await loadFixture(withBorrower);
    const d = await pool.reserveData(usdc);
    expect(await pool.maxFlashLoan(usdc)).to.equal(d.totalSupplyAssets - d.totalBorrowAssets);
    expect(await pool.maxFlashLoan(usdc)).to.be.closeTo(units(980_000, 6), units(1, 6));
    const other = await new MockERC20__factory(deployer).deploy("Other", "OTH", 18);
    expect(await pool.maxFlashLoan(other)).to.equal(0n);
    await expect(pool.flashFee(other, 1n)).to.be.revertedWithCustomError(pool, "AssetNotListed").withArgs(other);
  });

  it("lends, calls back with the initiator, pulls amount + fee and adds the fee to the reserves", async function () {
    const lending = await loadFixture(withBorrower);
    const { pool, usdc, borrower, carol, deployer } = lending;
    await expect(pool.connect(deployer).setFlashLoanFee(9)).to.emit(pool, "FlashLoanFeeSet").withArgs(9);
    const amount = units(500_000, 6) + 1n;
    const fee = (amount * 9n + 9_999n) / 10_000n; // rounded up: the pool never under-charges
    expect(await pool.flashFee(usdc, amount)).to.equal(fee);
    const reservesBefore = (await pool.reserveData(usdc)).reserves;
    const surplusBefore = await surplus(lending, await usdc.getAddress());
    await borrower.setMode(Mode.RecordAndRepay);
    const tx = borrower.connect(carol).borrow(usdc, amount, "0x");
    await expect(tx).to.emit(pool, "FlashLoan").withArgs(borrower, borrower, usdc, amount, fee);
    await expect(tx).to.changeTokenBalances(usdc, [pool, borrower], [fee, -fee]);
    expect(await borrower.lastInitiator()).to.equal(await borrower.getAddress());
    expect(await borrower.lastFee()).to.equal(fee);
    // Interest accrued in the same transaction goes to the reserves too: compare beyond it.
    expect((await pool.reserveData(usdc)).reserves - reservesBefore).to.be.at.least(fee);
    expect(await surplus(lending, await usdc.getAddress())).to.equal(surplusBefore);
  });

  it("moves the interest clock: a flash loan a second after another accrues that second, not the day again", async function () {
    const { pool, usdc, borrower } = await loadFixture(withBorrower);
    await time.increase(86_400);
    /** A flash loan's AccrueInterest: the interest it added to the market's debt. */
    const accrued = async () => {
      const receipt = await (await borrower.borrow(usdc, units(1_000, 6), "0x")).wait();
      const event = receipt!.logs
        .map((log) => pool.interface.parseLog(log))
        .find((parsed) => parsed?.name === "AccrueInterest");
      return event!.args.interest as bigint;
    };
    const day = await accrued();
    const second = await accrued(); // the next block, one second later
    // One second on 20,000 USDC at a few % a year is a few dozen units; a day is 86,400 times that.
    expect(second).to.be.greaterThan(0n);
    expect(second * 10_000n).to.be.lessThan(day);
  });

  it("is free by default (fee 0)", async function () {
    const { pool, usdc, borrower } = await loadFixture(withBorrower);
    expect(await pool.flashLoanFeeBps()).to.equal(0n);
    await expect(borrower.borrow(usdc, units(1_000, 6), "0x"))
      .to.emit(pool, "FlashLoan")
      .withArgs(borrower, borrower, usdc, units(1_000, 6), 0n);
  });

  it("reverts FlashLoanCallbackFailed when the callback returns anything else", async function () {
    const { pool, usdc, borrower } = await loadFixture(withBorrower);
    await borrower.setMode(Mode.WrongReturn);
    await expect(borrower.borrow(usdc, units(1_000, 6), "0x"))
      .to.be.revertedWithCustomError(pool, "FlashLoanCallbackFailed")
      .withArgs(ethers.id("wrong"));
    expect(SUCCESS).to.equal("0x439148f0bbc682ca079e46d6e2c2f0c1e3b820f1a291b069d8882abf8cf18dd9");
  });

  it("pulls the repayment by allowance: without one, the whole loan reverts", async function () {
    const { usdc, borrower } = await loadFixture(withBorrower);
    await borrower.setMode(Mode.NoApproval);
    await expect(borrower.borrow(usdc, units(1_000, 6), "0x")).to.be.revertedWithCustomError(
      usdc,
      "ERC20InsufficientAllowance",
    );
  });

  it("reverts InsufficientLiquidity one unit above the idle liquidity, ZeroAmount for 0, AssetNotListed elsewhere", async function () {
    const { pool, usdc, borrower, deployer } = await loadFixture(withBorrower);
    const max = await pool.maxFlashLoan(usdc);
    await expect(borrower.borrow(usdc, max + 1n, "0x"))
      .to.be.revertedWithCustomError(pool, "InsufficientLiquidity")
      .withArgs(usdc, max, max + 1n);
    await expect(borrower.borrow(usdc, max, "0x")).to.emit(pool, "FlashLoan");
    await expect(borrower.borrow(usdc, 0n, "0x")).to.be.revertedWithCustomError(pool, "ZeroAmount");
    const other = await new MockERC20__factory(deployer).deploy("Other", "OTH", 18);
    await expect(borrower.borrow(other, 1n, "0x")).to.be.revertedWithCustomError(pool, "AssetNotListed");
  });

  it("lends nothing while the guardian pauses borrowing (OperationPaused) or of an asset not lent (BorrowDisabled)", async function () {
    const { pool, usdc, weth, borrower, deployer, accessManager, signers } = await loadFixture(withBorrower);
    const guardian = signers[7];
    await accessManager.grantRole(ROLES.GUARDIAN, guardian.address, 0);
    const PAUSE_BORROW = await pool.PAUSE_BORROW();
    await pool.connect(guardian).pauseAsset(usdc, PAUSE_BORROW);
    expect(await pool.maxFlashLoan(usdc)).to.equal(0n);
    await expect(borrower.borrow(usdc, 1n, "0x"))
      .to.be.revertedWithCustomError(pool, "OperationPaused")
      .withArgs(usdc, PAUSE_BORROW);
    // Pausing supply alone leaves flash loans alone: only the borrow brake stops them.
    await pool.connect(deployer).unpauseAsset(usdc, PAUSE_BORROW); // the admin un-pauses
    await pool.connect(guardian).pauseAsset(usdc, await pool.PAUSE_SUPPLY());
    expect(await pool.maxFlashLoan(usdc)).to.be.greaterThan(0n);
    await expect(borrower.borrow(usdc, 1n, "0x")).to.emit(pool, "FlashLoan");

    await pool.connect(deployer).setAssetConfig(weth, { ...(await assetConfigOf(pool, weth)), borrowEnabled: false });
    expect(await pool.maxFlashLoan(weth)).to.equal(0n);
    await expect(borrower.borrow(weth, 1n, "0x"))
      .to.be.revertedWithCustomError(pool, "BorrowDisabled")
      .withArgs(weth);
  });

  it("setFlashLoanFee: at most MAX_FLASH_LOAN_FEE_BPS (1%), RISK only", async function () {
    const { pool, deployer, carol } = await loadFixture(withBorrower);
    expect(await pool.MAX_FLASH_LOAN_FEE_BPS()).to.equal(100n);
    await expect(pool.connect(deployer).setFlashLoanFee(101))
      .to.be.revertedWithCustomError(pool, "InvalidFlashLoanFee")
      .withArgs(101);
    await expect(pool.connect(deployer).setFlashLoanFee(100)).to.emit(pool, "FlashLoanFeeSet");
    await expect(pool.connect(carol).setFlashLoanFee(1)).to.be.revertedWithCustomError(
      pool,
      "AccessManagedUnauthorized",
    );
  });

  it("a liquidator with no capital flash-borrows USDC, liquidates, sells the collateral and repays in one transaction", async function () {
    const lending = await loadFixture(withBorrower);
    const { pool, oracle, usdc, weth, wethFeed, bob, borrower, deployer } = lending;
    await pool.connect(deployer).setFlashLoanFee(5);
    const swapper = await new OracleSwapMock__factory(deployer).deploy(oracle);
    await usdc.mint(swapper, units(1_000_000, 6));
    await setPrice(wethFeed, 2_300); // Bob: 23,000 × 82.5% / 20,000 = 0.949: fully liquidatable
    expect(await pool.healthFactor(bob)).to.be.lessThan(units("0.95", 18));
    await borrower.setMode(Mode.Liquidate);
    const data = ethers.AbiCoder.defaultAbiCoder().encode(
      ["address", "address", "address"],
      [bob.address, await weth.getAddress(), await swapper.getAddress()],
    );
    const usdcBefore = await usdc.balanceOf(borrower);
    const surplusBefore = await surplus(lending, await usdc.getAddress());
    const amount = units(10_000, 6);
    await expect(borrower.borrow(usdc, amount, data))
      .to.emit(pool, "Liquidate")
      .and.to.emit(pool, "FlashLoan");
    // The loan and its fee are repaid from the collateral's proceeds; the liquidator keeps the 5% bonus, less the fee.
    const profit = (await usdc.balanceOf(borrower)) - usdcBefore;
    const fee = (amount * 5n + 9_999n) / 10_000n;
    expect(profit).to.be.closeTo((amount * 5n) / 100n - fee, units(1, 6));
    expect(await pool.debtBalance(usdc, bob)).to.be.closeTo(units(10_000, 6), units(1, 6));
    expect(await surplus(lending, await usdc.getAddress())).to.be.within(surplusBefore, surplusBefore + 2n);
  });
});
