import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyUint } from "@nomicfoundation/hardhat-chai-matchers/withArgs";

import { FlashBorrowerMock__factory, OracleSwapMock__factory } from "../../typechain-types";
import {
  assetConfigOf,
  decodeCustomError,
  deployLending,
  assertProperty,
  propertySettings,
  refreshPrices,
  units,
} from "../fixtures";

// Isolation mode (Aave v3): an isolated asset is collateral only on its own, backs only assets flagged
// borrowableInIsolation, and all accounts together owe at most its debt ceiling against it.

const ISOLATED_FLAG = 1n << 254n;
const FACE = 10n ** 12n; // USDC (6 decimals) to 18-decimal face value
const CEILING = units(100_000, 18); // $100,000 against T-bills

async function withIsolatedMarket() {
  const lending = await deployLending();
  const { pool, deployer, usdc, tbill, tbillNavFeed: nav } = lending;
  // The deployment lists T-bills isolated with USDC borrowable against them; a $100k ceiling for these tests.
  await pool.connect(deployer).setIsolation(tbill, true, false, CEILING);
  for (const user of [lending.alice, lending.bob, lending.carol, lending.liquidator]) {
    await tbill.connect(deployer).setAllowed(user, true);
    await tbill.connect(deployer).mint(user, units(10_000_000, 6));
    await tbill.connect(user).approve(pool, ethers.MaxUint256);
  }
  await pool.connect(lending.dave).supply(usdc, units(5_000_000, 6), lending.dave);
  // Alice is a fund in isolation: T-bills are her only collateral.
  await pool.connect(lending.alice).supply(tbill, units(1_000_000, 6), lending.alice);
  return { ...lending, nav };
}

describe("LendingPool isolation mode", function () {
  describe("settings", function () {
    it("setIsolation is RISK-only, emits IsolationSet and reads back; setAssetConfig keeps it", async function () {
      const { pool, tbill, alice } = await loadFixture(withIsolatedMarket);
      await expect(pool.connect(alice).setIsolation(tbill, true, false, 1n)).to.be.revertedWithCustomError(
        pool,
        "AccessManagedUnauthorized",
      );
      await expect(pool.setIsolation(tbill, true, false, CEILING + 1n))
        .to.emit(pool, "IsolationSet")
        .withArgs(tbill, true, false, CEILING + 1n);
      await pool.setAssetConfig(tbill, { ...(await assetConfigOf(pool, tbill)), supplyCap: units(50_000_000, 6) });
      const isolation = await pool.isolation(tbill);
      expect([isolation.isolated, isolation.borrowableInIsolation, isolation.debtCeiling]).to.deep.equal([
        true,
        false,
        CEILING + 1n,
      ]);
      expect((await pool.isolation(await pool.assets().then((a) => a[0]))).borrowableInIsolation).to.equal(true);
    });

    it("reverts IsolationWithSuppliers when isolating a market someone supplies, even by 1 wei", async function () {
      const { pool, weth, bob } = await loadFixture(withIsolatedMarket);
      await pool.connect(bob).supply(weth, 1n, bob);
      const shares = (await pool.reserveData(weth)).totalSupplyShares;
      await expect(pool.setIsolation(weth, true, false, 1n))
        .to.be.revertedWithCustomError(pool, "IsolationWithSuppliers")
        .withArgs(weth, shares);
      // Changing an isolated market's ceiling while it is supplied is fine.
      await expect(pool.setIsolation(weth, false, true, 0n)).to.emit(pool, "IsolationSet");
    });
  });

  describe("entering", function () {
    it("a first own supply of an isolated asset enters isolation; a supply on someone's behalf does not", async function () {
      const { pool, tbill, alice, bob, carol } = await loadFixture(withIsolatedMarket);
      expect(await pool.isCollateral(tbill, alice)).to.equal(true);
      expect((await pool.userConfig(alice)) & ISOLATED_FLAG).to.equal(ISOLATED_FLAG);
      expect(await pool.isolatedCollateralOf(alice)).to.equal(await tbill.getAddress());
      await pool.connect(bob).supply(tbill, units(1, 6), carol);
      expect(await pool.userConfig(carol)).to.equal(0n);
      expect(await pool.isolatedCollateralOf(carol)).to.equal(ethers.ZeroAddress);
    });

    it("an account with other collateral does not enter: the supply does not count, and setCollateral reverts IsolationNotAlone", async function () {
      const { pool, tbill, weth, bob } = await loadFixture(withIsolatedMarket);
      await pool.connect(bob).supply(weth, units(1, 18), bob);
      await pool.connect(bob).supply(tbill, units(1000, 6), bob);
      expect(await pool.isCollateral(tbill, bob)).to.equal(false);
      const config = await pool.userConfig(bob);
      await expect(pool.connect(bob).setCollateral(tbill, true))
        .to.be.revertedWithCustomError(pool, "IsolationNotAlone")
        .withArgs(tbill, config);
    });

    it("in isolation, another asset supplied does not count and setCollateral reverts InIsolation", async function () {
      const { pool, tbill, weth, alice } = await loadFixture(withIsolatedMarket);
      await pool.connect(alice).supply(weth, units(10, 18), alice);
      expect(await pool.isCollateral(weth, alice)).to.equal(false);
      await expect(pool.connect(alice).setCollateral(weth, true))
        .to.be.revertedWithCustomError(pool, "InIsolation")
        .withArgs(tbill, weth);
      // Still in isolation after switching the T-bills off while owing nothing? Then she may leave.
      await pool.connect(alice).setCollateral(tbill, false);
      expect((await pool.userConfig(alice)) & ISOLATED_FLAG).to.equal(0n);
      await expect(pool.connect(alice).setCollateral(weth, true)).to.emit(pool, "CollateralSet");
    });
  });

  describe("borrowing", function () {
    it("borrows only assets flagged borrowableInIsolation (NotBorrowableInIsolation otherwise)", async function () {
      const { pool, tbill, weth, alice, bob } = await loadFixture(withIsolatedMarket);
      await pool.connect(bob).supply(weth, units(100, 18), bob);
      await expect(pool.connect(alice).borrow(weth, 1n, alice))
        .to.be.revertedWithCustomError(pool, "NotBorrowableInIsolation")
        .withArgs(weth, tbill);
    });

    it("counts the face value of every borrow against the ceiling, shared by all accounts: exactly the ceiling, not a unit more", async function () {
      const { pool, tbill, usdc, alice, bob } = await loadFixture(withIsolatedMarket);
      await pool.connect(bob).supply(tbill, units(1_000_000, 6), bob);
      await expect(pool.connect(alice).borrow(usdc, units(60_000, 6), alice))
        .to.emit(pool, "IsolatedDebtUpdated")
        .withArgs(tbill, units(60_000, 6) * FACE);
      await expect(pool.connect(bob).borrow(usdc, units(40_000, 6) + 1n, bob))
        .to.be.revertedWithCustomError(pool, "DebtCeilingExceeded")
        .withArgs(tbill, CEILING, CEILING + FACE);
      await pool.connect(bob).borrow(usdc, units(40_000, 6), bob);
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(CEILING);
    });

    it("a ceiling of zero lets nobody borrow against the asset; lowering it below the debt stops only new borrows", async function () {
      const { pool, tbill, usdc, alice } = await loadFixture(withIsolatedMarket);
      await pool.connect(alice).borrow(usdc, units(10_000, 6), alice);
      await pool.setIsolation(tbill, true, false, 0n);
      await expect(pool.connect(alice).borrow(usdc, 1n, alice))
        .to.be.revertedWithCustomError(pool, "DebtCeilingExceeded")
        .withArgs(tbill, 0n, units(10_000, 6) * FACE + FACE);
      await expect(pool.connect(alice).repay(usdc, units(1_000, 6), alice)).to.emit(pool, "Repay");
    });

    it("accounts outside isolation borrow anything, whatever the ceilings", async function () {
      const { pool, weth, usdc, bob, carol } = await loadFixture(withIsolatedMarket);
      await pool.connect(carol).supply(weth, units(100, 18), carol);
      await pool.connect(bob).supply(usdc, units(1_000_000, 6), bob);
      await expect(pool.connect(bob).borrow(weth, units(1, 18), bob)).to.emit(pool, "Borrow");
      await expect(pool.connect(bob).borrow(usdc, units(200_000, 6), bob)).not.to.emit(pool, "IsolatedDebtUpdated");
    });
  });

  describe("paying back", function () {
    it("a repayment by anyone lowers the counted debt; repaying interest too never takes it below zero", async function () {
      const { pool, tbill, usdc, alice, dave } = await loadFixture(withIsolatedMarket);
      await pool.connect(alice).borrow(usdc, units(50_000, 6), alice);
      await expect(pool.connect(dave).repay(usdc, units(20_000, 6), alice))
        .to.emit(pool, "IsolatedDebtUpdated")
        .withArgs(tbill, units(30_000, 6) * FACE);
      await ethers.provider.send("evm_increaseTime", [365 * 86_400]);
      await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(0n);
      expect(await pool.debtBalance(usdc, alice)).to.equal(0n);
    });

    it("a liquidation and the write-off of what is left lower the counted debt", async function () {
      const { pool, tbill, usdc, nav, alice, liquidator } = await loadFixture(withIsolatedMarket);
      await pool.connect(alice).borrow(usdc, units(90_000, 6), alice);
      await pool.connect(liquidator).supply(tbill, units(1, 6), liquidator); // a liquidator may hold T-bills
      await nav.updateAnswer(10_000_000n); // NAV marked down to $0.10: $100k of bills back $90k
      const before = (await pool.isolation(tbill)).isolatedDebt;
      await pool.connect(liquidator).liquidate(alice, usdc, tbill, ethers.MaxUint256, liquidator, true);
      const after = (await pool.isolation(tbill)).isolatedDebt;
      expect(after).to.be.lessThan(before);
      // Collateral down to nothing: the rest is written off and stops counting.
      if ((await pool.debtBalance(usdc, alice)) === 0n) expect(after).to.equal(0n);
      else await pool.connect(liquidator).liquidate(alice, usdc, tbill, ethers.MaxUint256, liquidator, true);
      expect(await pool.debtBalance(usdc, alice)).to.equal(0n);
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(0n);
    });
  });

  describe("under stress", function () {
    it("in a fully borrowed USDC market an isolated borrow fails on liquidity and counts nothing; liquidation and repayment still lower the count", async function () {
      const { pool, tbill, usdc, weth, nav, alice, carol, liquidator } = await loadFixture(withIsolatedMarket);
      await pool.connect(alice).borrow(usdc, units(50_000, 6), alice);
      // Carol, outside isolation, borrows every idle USDC against WETH.
      await pool.connect(carol).supply(weth, units(10_000, 18), carol);
      await pool.connect(carol).borrow(usdc, await usdc.balanceOf(pool), carol);
      expect(await usdc.balanceOf(pool)).to.equal(0n);
      await expect(pool.connect(alice).borrow(usdc, 1n, alice))
        .to.be.revertedWithCustomError(pool, "InsufficientLiquidity")
        .withArgs(usdc, 0n, 1n);
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(units(50_000, 6) * FACE);

      // NAV to $0.07: $70k of bills, $42k of borrowing power against $50k owed. The liquidator brings USDC.
      await nav.updateAnswer(7_000_000n);
      const tx = pool.connect(liquidator).liquidate(alice, usdc, tbill, units(10_000, 6), liquidator, true);
      await expect(tx)
        .to.emit(pool, "IsolatedDebtUpdated")
        .withArgs(tbill, units(40_000, 6) * FACE);
      // Repaying the displayed debt (face plus interest) takes the face-value count to zero, not below; the second of
      // interest at full utilization accrued since the read is left, and repaying everything clears it.
      await pool.connect(alice).repay(usdc, await pool.debtBalance(usdc, alice), alice);
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(0n);
      expect(await pool.debtBalance(usdc, alice)).to.be.greaterThan(0n);
      await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
      expect(await pool.debtBalance(usdc, alice)).to.equal(0n);
    });

    it("collateral seized to the last unit with debt left: the rest is written off, the count falls to zero and the account may leave isolation", async function () {
      const { pool, tbill, usdc, weth, nav, alice, liquidator } = await loadFixture(withIsolatedMarket);
      // Alice's WETH supply does not count while she is in isolation.
      await pool.connect(alice).supply(weth, units(10, 18), alice);
      expect(await pool.isCollateral(weth, alice)).to.equal(false);
      await pool.connect(alice).borrow(usdc, units(90_000, 6), alice);
      await nav.updateAnswer(1_000_000n); // $0.01: $10k of bills against $90k owed
      const wethSupplied = await pool.supplyBalance(weth, alice);
      let written = false;
      for (let i = 0; i < 4 && (await pool.debtBalance(usdc, alice)) > 0n; i++) {
        const receipt = await (
          await pool.connect(liquidator).liquidate(alice, usdc, tbill, ethers.MaxUint256, liquidator, true)
        ).wait();
        written ||= receipt!.logs.some((log) => pool.interface.parseLog(log)?.name === "BadDebtRealized");
      }
      expect(written).to.equal(true);
      expect(await pool.debtBalance(usdc, alice)).to.equal(0n);
      expect(await pool.supplyBalance(tbill, alice)).to.equal(0n);
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(0n);
      // The write-off took nothing of what did not back the debt.
      expect(await pool.supplyBalance(weth, alice)).to.equal(wethSupplied);
      await expect(pool.connect(alice).setCollateral(weth, true))
        .to.emit(pool, "CollateralSet")
        .withArgs(alice, weth, true);
      expect(await pool.isolatedCollateralOf(alice)).to.equal(ethers.ZeroAddress);
      await expect(pool.connect(alice).borrow(usdc, units(1_000, 6), alice)).not.to.emit(pool, "IsolatedDebtUpdated");
    });
  });

  describe("governance changing the flags", function () {
    it("debt borrowed while an asset was borrowable in isolation stops counting when it is repaid after the flag went off", async function () {
      const { pool, tbill, usdc, alice } = await loadFixture(withIsolatedMarket);
      await pool.connect(alice).borrow(usdc, units(50_000, 6), alice);
      await pool.setIsolation(usdc, false, false, 0n); // no new USDC loans in isolation
      await expect(pool.connect(alice).repay(usdc, units(20_000, 6), alice))
        .to.emit(pool, "IsolatedDebtUpdated")
        .withArgs(tbill, units(30_000, 6) * FACE);
      await pool.setIsolation(usdc, false, true, 0n);
      await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(0n);
      // The whole ceiling is free again.
      await expect(pool.connect(alice).borrow(usdc, units(100_000, 6), alice)).to.emit(pool, "Borrow");
    });

    it("isolating an asset again starts its count from zero: a count left while isolation was lifted is stale", async function () {
      const { pool, tbill, usdc, alice } = await loadFixture(withIsolatedMarket);
      await pool.connect(alice).borrow(usdc, units(50_000, 6), alice);
      await pool.setIsolation(tbill, false, false, 0n);
      // Repaid and withdrawn while lifted: nothing lowers the count then.
      await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
      await pool.connect(alice).withdraw(tbill, ethers.MaxUint256, alice);
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(units(50_000, 6) * FACE);
      await expect(pool.setIsolation(tbill, true, false, CEILING))
        .to.emit(pool, "IsolatedDebtUpdated")
        .withArgs(tbill, 0n);
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(0n);
      // Changing only the ceiling of an isolated asset keeps its count.
      await pool.connect(alice).supply(tbill, units(1_000_000, 6), alice);
      await pool.connect(alice).borrow(usdc, units(10_000, 6), alice);
      await expect(pool.setIsolation(tbill, true, false, CEILING * 2n)).not.to.emit(pool, "IsolatedDebtUpdated");
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(units(10_000, 6) * FACE);
    });
  });

  describe("leaving", function () {
    it("an account that repaid and withdrew everything leaves isolation and uses other collateral again", async function () {
      const { pool, tbill, usdc, weth, alice } = await loadFixture(withIsolatedMarket);
      await pool.connect(alice).borrow(usdc, units(1_000, 6), alice);
      await expect(pool.connect(alice).setCollateral(tbill, false)).to.be.revertedWithCustomError(
        pool,
        "InsufficientCollateral",
      );
      await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
      await pool.connect(alice).withdraw(tbill, ethers.MaxUint256, alice);
      expect(await pool.userConfig(alice)).to.equal(0n);
      await pool.connect(alice).supply(weth, units(1, 18), alice);
      expect(await pool.isCollateral(weth, alice)).to.equal(true);
    });

    it("governance lifting isolation frees its accounts: they borrow anything and enable other collateral", async function () {
      const { pool, tbill, weth, alice, bob } = await loadFixture(withIsolatedMarket);
      await pool.connect(bob).supply(weth, units(100, 18), bob);
      await pool.setIsolation(tbill, false, false, 0n);
      expect(await pool.isolatedCollateralOf(alice)).to.equal(ethers.ZeroAddress);
      await expect(pool.connect(alice).borrow(weth, units(1, 18), alice)).to.emit(pool, "Borrow");
      await expect(pool.connect(alice).supply(weth, units(1, 18), alice))
        .to.emit(pool, "CollateralSet")
        .withArgs(alice, weth, true);
      expect(await pool.isCollateral(weth, alice)).to.equal(true);
    });
  });

  describe("the tokenized T-bill market", function () {
    it("is listed isolated at LTV 50 % / threshold 60 %, not borrowable, under a supply cap, with a 26 h NAV heartbeat", async function () {
      const { pool, oracle, tbill } = await loadFixture(deployLending);
      const config = await pool.assetConfig(tbill);
      expect([config.ltvBps, config.liquidationThresholdBps, config.borrowEnabled]).to.deep.equal([
        5000n,
        6000n,
        false,
      ]);
      expect(config.supplyCap).to.equal(units(10_000_000, 6));
      const isolation = await pool.isolation(tbill);
      expect([isolation.isolated, isolation.debtCeiling]).to.deep.equal([true, units(2_000_000, 18)]);
      expect((await oracle.feedOf(tbill)).heartbeat).to.equal(26n * 3600n);
    });

    it("moves only between allowlisted accounts: an outsider cannot supply, nor withdraw or be paid out in bills", async function () {
      const { pool, tbill, alice, bob, deployer, signers } = await loadFixture(withIsolatedMarket);
      const outsider = signers[9];
      await tbill.connect(outsider).approve(pool, ethers.MaxUint256);
      await expect(pool.connect(outsider).supply(tbill, 1n, outsider))
        .to.be.revertedWithCustomError(tbill, "NotAllowlisted")
        .withArgs(outsider);
      await expect(pool.connect(alice).withdraw(tbill, units(1, 6), outsider))
        .to.be.revertedWithCustomError(tbill, "NotAllowlisted")
        .withArgs(outsider);
      await tbill.connect(deployer).setAllowed(bob, false);
      await expect(pool.connect(bob).supply(tbill, 1n, bob)).to.be.revertedWithCustomError(tbill, "NotAllowlisted");
      await expect(tbill.connect(bob).setAllowed(bob, true)).to.be.revertedWithCustomError(
        tbill,
        "OwnableUnauthorizedAccount",
      );
    });

    it("a liquidator off the allowlist cannot take bills but can take supply shares", async function () {
      const { pool, tbill, usdc, nav, alice, signers } = await loadFixture(withIsolatedMarket);
      const outsider = signers[9];
      await usdc.mint(outsider, units(1_000_000, 6));
      await usdc.connect(outsider).approve(pool, ethers.MaxUint256);
      await pool.connect(alice).borrow(usdc, units(90_000, 6), alice);
      await nav.updateAnswer(14_000_000n); // $1.00 → $0.14: $140k of bills at 60 % back $84k < $90k
      await expect(
        pool.connect(outsider).liquidate(alice, usdc, tbill, units(10_000, 6), outsider, false),
      ).to.be.revertedWithCustomError(tbill, "NotAllowlisted");
      await expect(pool.connect(outsider).liquidate(alice, usdc, tbill, units(10_000, 6), outsider, true))
        .to.emit(pool, "Liquidate")
        .withArgs(alice, outsider, usdc, tbill, units(10_000, 6), anyUint, outsider, true);
      expect((await pool.position(tbill, outsider)).supplyShares).to.be.greaterThan(0n);
    });

    it("a liquidator with no USDC flash-borrows it, liquidates the fund into shares, redeems the bills at NAV and repays", async function () {
      const { pool, oracle, tbill, usdc, nav, alice, deployer, signers } = await loadFixture(withIsolatedMarket);
      const liquidator = signers[9];
      await pool.connect(alice).borrow(usdc, units(90_000, 6), alice);
      await nav.updateAnswer(14_000_000n); // $0.14: $140k of bills at 60 % back $84k < $90k
      const borrower = await new FlashBorrowerMock__factory(liquidator).deploy(pool);
      const desk = await new OracleSwapMock__factory(liquidator).deploy(oracle); // the fund's redemption desk
      for (const account of [borrower, desk]) await tbill.connect(deployer).setAllowed(account, true);
      await usdc.mint(desk, units(1_000_000, 6));
      await borrower.setMode(5); // LiquidateIntoShares
      const data = ethers.AbiCoder.defaultAbiCoder().encode(
        ["address", "address", "address"],
        [alice.address, await tbill.getAddress(), await desk.getAddress()],
      );
      const counted = (await pool.isolation(tbill)).isolatedDebt;
      await expect(borrower.connect(liquidator).borrow(usdc, units(45_000, 6), data))
        .to.emit(pool, "Liquidate")
        .withArgs(alice, borrower, usdc, tbill, units(45_000, 6), anyUint, borrower, true)
        .and.to.emit(pool, "FlashLoan");
      expect(await usdc.balanceOf(liquidator)).to.equal(0n);
      expect(await usdc.balanceOf(borrower)).to.be.greaterThan(0n); // the 5 % bonus, from no capital
      expect((await pool.position(tbill, borrower)).supplyShares).to.equal(0n); // redeemed
      expect((await pool.isolation(tbill)).isolatedDebt).to.equal(counted - units(45_000, 6) * FACE);
    });

    it("prices the bills until the NAV is 26 h old, and counts them as nothing one second later", async function () {
      const lending = await loadFixture(withIsolatedMarket);
      const { pool, usdc, nav, alice } = lending;
      await nav.updateAnswer(100_000_000n);
      await time.increase(26 * 3600); // the NAV is exactly one heartbeat old: still a price
      expect((await pool.accountData(alice))[0]).to.equal(units(1_000_000, 18)); // $1M of collateral
      await time.increase(1);
      await refreshPrices(lending); // USDC, WBTC and WETH stay fresh (their 24 h heartbeat passed too)
      expect((await pool.accountData(alice))[0]).to.equal(0n);
      await expect(pool.connect(alice).borrow(usdc, 1n, alice))
        .to.be.revertedWithCustomError(pool, "InsufficientCollateral")
        .withArgs(0n, 1n * 10n ** 12n);
    });
  });

  describe("over random histories of three funds in isolation", function () {
    type Act =
      | { kind: "borrow"; user: number; usd: number }
      | { kind: "repay"; user: number; usd: number }
      | { kind: "repayAll"; user: number }
      | { kind: "nav"; cents: number }
      | { kind: "liquidate"; user: number; shares: boolean }
      | { kind: "time"; seconds: number };
    const user = fc.nat({ max: 2 });
    const act: fc.Arbitrary<Act> = fc.oneof(
      fc.record({ kind: fc.constant("borrow" as const), user, usd: fc.integer({ min: 1, max: 80_000 }) }),
      fc.record({ kind: fc.constant("repay" as const), user, usd: fc.integer({ min: 1, max: 50_000 }) }),
      fc.record({ kind: fc.constant("repayAll" as const), user }),
      fc.record({ kind: fc.constant("nav" as const), cents: fc.integer({ min: 1, max: 120 }) }),
      fc.record({ kind: fc.constant("liquidate" as const), user, shares: fc.boolean() }),
      fc.record({ kind: fc.constant("time" as const), seconds: fc.integer({ min: 1, max: 30 * 86_400 }) }),
    );

    it("keep the counted debt within the ceiling and the funds' debts, zero once they owe nothing; repay always works", async function () {
      const settings = propertySettings("isolation histories", 10, 4_000);
      this.timeout(settings.mochaTimeout);
      await assertProperty(
        fc.asyncProperty(fc.array(act, { minLength: 1, maxLength: 12 }), async (acts) => {
          const lending = await loadFixture(withIsolatedMarket);
          const { pool, oracle, tbill, usdc, nav, alice, bob, carol, dave, liquidator } = lending;
          const funds = [alice, bob, carol];
          for (const fund of [bob, carol]) await pool.connect(fund).supply(tbill, units(200_000, 6), fund);
          for (const a of acts) {
            const counted = (await pool.isolation(tbill)).isolatedDebt;
            if (a.kind === "borrow") {
              const amount = units(a.usd, 6);
              try {
                await pool.connect(funds[a.user]).borrow(usdc, amount, funds[a.user]);
              } catch (error) {
                const name = decodeCustomError(error, pool, oracle)?.name;
                expect(name).to.be.oneOf(["DebtCeilingExceeded", "InsufficientCollateral", "DebtPriceUnavailable"]);
                if (name === "DebtCeilingExceeded") expect(counted + amount * FACE).to.be.greaterThan(CEILING);
              }
            } else if (a.kind === "repay" || a.kind === "repayAll") {
              const debt = await pool.debtBalance(usdc, funds[a.user]);
              if (debt === 0n) continue;
              const amount = a.kind === "repayAll" ? ethers.MaxUint256 : units(a.usd, 6);
              await pool.connect(dave).repay(usdc, amount, funds[a.user]); // by a third party: never refused
            } else if (a.kind === "nav") {
              await nav.updateAnswer(BigInt(a.cents) * 1_000_000n);
            } else if (a.kind === "liquidate") {
              await pool
                .connect(liquidator)
                .liquidate(funds[a.user], usdc, tbill, ethers.MaxUint256, liquidator, a.shares)
                .catch((error: unknown) => {
                  const name = decodeCustomError(error, pool, oracle)?.name;
                  expect(name).to.be.oneOf(["HealthyPosition", "NoDebt", "CollateralPriceUnavailable"]);
                });
            } else {
              await time.increase(a.seconds);
              await refreshPrices(lending);
              await nav.updateAnswer(await nav.latestAnswer());
            }
            const after = (await pool.isolation(tbill)).isolatedDebt;
            let owed = 0n;
            for (const fund of funds) owed += await pool.debtBalance(usdc, fund);
            expect(after, "within the ceiling").to.be.at.most(CEILING);
            expect(after, "at most what the funds owe, at face value").to.be.at.most(owed * FACE);
            if (owed === 0n) expect(after, "nothing owed, nothing counted").to.equal(0n);
          }
        }),
        settings,
      );
    });
  });
});
