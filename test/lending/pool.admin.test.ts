import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { anyUint } from "@nomicfoundation/hardhat-chai-matchers/withArgs";

import { assetConfigOf, deployLending, units } from "../fixtures";
import { ROLES } from "../../scripts/lib/roles";
import type { ILendingPool } from "../../typechain-types";

type Config = ILendingPool.AssetConfigStruct;

describe("LendingPool governance", function () {
  async function withFreshToken() {
    const lending = await deployLending();
    const token = await ethers.deployContract("MockERC20", ["Dai", "DAI", 18]);
    const feed = await ethers.deployContract("MockV3Aggregator", [8, units(1, 8)]);
    await lending.oracle.setFeed(token, feed, 86_400);
    const config: Config = {
      rateModel: await lending.stableRateModel.getAddress(),
      ltvBps: 7500,
      liquidationThresholdBps: 8000,
      liquidationBonusBps: 500,
      reserveFactorBps: 1000,
      borrowEnabled: true,
      supplyCap: 0n,
      borrowCap: 0n,
    };
    return { ...lending, token, feed, config };
  }

  describe("listAsset", function () {
    it("lists an asset, emits AssetListed and returns its config", async function () {
      const { pool, token, config } = await loadFixture(withFreshToken);
      await expect(pool.listAsset(token, config)).to.emit(pool, "AssetListed");
      expect(await pool.assets()).to.have.length(5); // after USDC, WBTC, WETH and TBILL
      const stored = await pool.assetConfig(token);
      expect(stored.ltvBps).to.equal(7500n);
      expect(stored.liquidationThresholdBps).to.equal(8000n);
      expect(stored.rateModel).to.equal(config.rateModel);
      expect((await pool.reserveData(token)).decimals).to.equal(18n);
    });

    it("reverts AccessManagedUnauthorized for a caller without the RISK role", async function () {
      const { pool, token, config, alice } = await loadFixture(withFreshToken);
      await expect(pool.connect(alice).listAsset(token, config))
        .to.be.revertedWithCustomError(pool, "AccessManagedUnauthorized")
        .withArgs(alice.address);
    });

    it("reverts AssetAlreadyListed for a listed asset", async function () {
      const { pool, usdc, config } = await loadFixture(withFreshToken);
      await expect(pool.listAsset(usdc, config))
        .to.be.revertedWithCustomError(pool, "AssetAlreadyListed")
        .withArgs(await usdc.getAddress());
    });

    it("reverts ZeroAddress for the zero asset", async function () {
      const { pool, config } = await loadFixture(withFreshToken);
      await expect(pool.listAsset(ethers.ZeroAddress, config)).to.be.revertedWithCustomError(pool, "ZeroAddress");
    });

    it("reverts FeedNotSet when the oracle cannot price the asset", async function () {
      const { pool, oracle, config } = await loadFixture(withFreshToken);
      const unpriced = await ethers.deployContract("MockERC20", ["X", "X", 18]);
      await expect(pool.listAsset(unpriced, config))
        .to.be.revertedWithCustomError(oracle, "FeedNotSet")
        .withArgs(await unpriced.getAddress());
    });

    it("reverts UnsupportedDecimals above MAX_DECIMALS (18), where uint128 shares could not hold a real supply", async function () {
      const { pool, oracle, config, feed } = await loadFixture(withFreshToken);
      expect(await pool.MAX_DECIMALS()).to.equal(18n);
      const odd = await ethers.deployContract("MockERC20", ["Odd", "ODD", 19]);
      await oracle.setFeed(odd, feed, 86_400);
      await expect(pool.listAsset(odd, config)).to.be.revertedWithCustomError(pool, "UnsupportedDecimals").withArgs(19);
    });

    it("reverts InvalidLtv when the LTV is not below the liquidation threshold", async function () {
      const { pool, token, config } = await loadFixture(withFreshToken);
      await expect(pool.listAsset(token, { ...config, ltvBps: 8000 }))
        .to.be.revertedWithCustomError(pool, "InvalidLtv")
        .withArgs(8000, 8000);
    });

    it("accepts an asset that is not collateral (LTV and threshold both zero)", async function () {
      const { pool, token, config } = await loadFixture(withFreshToken);
      await expect(pool.listAsset(token, { ...config, ltvBps: 0, liquidationThresholdBps: 0 })).to.emit(
        pool,
        "AssetListed",
      );
    });

    it("reverts InvalidLiquidationBonus above 20%, and takes exactly 20%", async function () {
      const { pool, token, config } = await loadFixture(withFreshToken);
      await expect(pool.listAsset(token, { ...config, liquidationBonusBps: 2001 }))
        .to.be.revertedWithCustomError(pool, "InvalidLiquidationBonus")
        .withArgs(2001);
      // 7,900 × (1 + 20%) = 94.8%: below the full-liquidation health factor, so only the bonus is at its bound.
      const maxBonus = { ...config, ltvBps: 7000, liquidationThresholdBps: 7900, liquidationBonusBps: 2000 };
      await expect(pool.listAsset(token, maxBonus)).to.emit(pool, "AssetListed");
      expect((await pool.assetConfig(token)).liquidationBonusBps).to.equal(2000n);
    });

    it("reverts InvalidLiquidationThreshold when threshold × (1 + bonus) reaches the full-liquidation health factor (95%)", async function () {
      const { pool, token, config } = await loadFixture(withFreshToken);
      // 9048 × 1.05 = 95.004% → rejected; 9047 × 1.05 = 94.99% → accepted
      await expect(pool.listAsset(token, { ...config, liquidationThresholdBps: 9048 }))
        .to.be.revertedWithCustomError(pool, "InvalidLiquidationThreshold")
        .withArgs(9048, 500);
      await expect(pool.listAsset(token, { ...config, liquidationThresholdBps: 9047 })).to.emit(pool, "AssetListed");
    });

    it("reverts InvalidLiquidationThreshold at exactly 95% (8000 × 1.1875), not one basis point below", async function () {
      const { pool, token, config } = await loadFixture(withFreshToken);
      const exact = { ...config, ltvBps: 7000, liquidationThresholdBps: 8000, liquidationBonusBps: 1875 };
      await expect(pool.listAsset(token, exact))
        .to.be.revertedWithCustomError(pool, "InvalidLiquidationThreshold")
        .withArgs(8000, 1875);
      await expect(pool.listAsset(token, { ...exact, liquidationThresholdBps: 7999 })).to.emit(pool, "AssetListed");
    });

    it("reverts InvalidLiquidationBonus for a collateral without a bonus (nobody would liquidate it)", async function () {
      const { pool, token, config } = await loadFixture(withFreshToken);
      await expect(pool.listAsset(token, { ...config, liquidationBonusBps: 0 }))
        .to.be.revertedWithCustomError(pool, "InvalidLiquidationBonus")
        .withArgs(0);
      await expect(
        pool.listAsset(token, { ...config, ltvBps: 0, liquidationThresholdBps: 0, liquidationBonusBps: 0 }),
      ).to.emit(pool, "AssetListed");
    });

    it("reverts InvalidReserveFactor above 50%", async function () {
      const { pool, token, config } = await loadFixture(withFreshToken);
      await expect(pool.listAsset(token, { ...config, reserveFactorBps: 5001 }))
        .to.be.revertedWithCustomError(pool, "InvalidReserveFactor")
        .withArgs(5001);
    });

    it("reverts InvalidRateModel when the model is not a contract", async function () {
      const { pool, token, config, alice } = await loadFixture(withFreshToken);
      await expect(pool.listAsset(token, { ...config, rateModel: alice.address }))
        .to.be.revertedWithCustomError(pool, "InvalidRateModel")
        .withArgs(alice.address);
    });

    it("reverts TooManyAssets past MAX_ASSETS", async function () {
      const { pool, oracle, config, feed } = await loadFixture(withFreshToken);
      const max = Number(await pool.MAX_ASSETS());
      // A user's configuration is 256 bits, two per asset (collateral, borrowing); the top pair holds the account's
      // flags (isolation mode), so a 128th asset would share its bits with them.
      expect(max).to.equal(256 / 2 - 1);
      const listed = (await pool.assets()).length;
      const factory = await ethers.getContractFactory("MockERC20");
      for (let i = listed; i < max; i++) {
        const token = await factory.deploy(`T${i}`, `T${i}`, 18);
        await oracle.setFeed(token, feed, 86_400);
        await pool.listAsset(token, config);
      }
      const extra = await factory.deploy("Extra", "EXTRA", 18);
      await oracle.setFeed(extra, feed, 86_400);
      await expect(pool.listAsset(extra, config)).to.be.revertedWithCustomError(pool, "TooManyAssets").withArgs(max);
    });
  });

  describe("setAssetConfig", function () {
    it("updates the parameters and emits AssetConfigUpdated", async function () {
      const { pool, weth, volatileRateModel } = await loadFixture(deployLending);
      const current = await pool.assetConfig(weth);
      const next: Config = {
        rateModel: await volatileRateModel.getAddress(),
        ltvBps: 8200,
        liquidationThresholdBps: current.liquidationThresholdBps + 100n,
        liquidationBonusBps: current.liquidationBonusBps,
        reserveFactorBps: current.reserveFactorBps,
        borrowEnabled: current.borrowEnabled,
        supplyCap: units(1000, 18),
        borrowCap: 0n,
      };
      await expect(pool.setAssetConfig(weth, next)).to.emit(pool, "AssetConfigUpdated");
      expect((await pool.assetConfig(weth)).ltvBps).to.equal(8200n);
      expect((await pool.assetConfig(weth)).supplyCap).to.equal(units(1000, 18));
    });

    it("reverts CollateralStillSupplied for a zero threshold on a supplied collateral; LTV 0 first, zero once nobody supplies it", async function () {
      const { pool, wbtc, usdc, alice, bob } = await loadFixture(deployLending);
      await pool.connect(bob).supply(usdc, units(1_000_000, 6), bob);
      await pool.connect(alice).supply(wbtc, 1n, alice); // one satoshi is enough to be at stake
      const config = await assetConfigOf(pool, wbtc);
      const delisted = { ...config, ltvBps: 0n, liquidationThresholdBps: 0n, liquidationBonusBps: 0n };
      await expect(pool.setAssetConfig(wbtc, delisted))
        .to.be.revertedWithCustomError(pool, "CollateralStillSupplied")
        .withArgs(wbtc, anyUint);
      // Delisting by LTV: no new borrowing power, the threshold (and the holders' health) stays.
      await pool.connect(alice).supply(wbtc, units(1, 8) - 1n, alice);
      await pool.connect(alice).borrow(usdc, units(10_000, 6), alice);
      const before = (await pool.accountData(alice)).healthFactorWad;
      await expect(pool.setAssetConfig(wbtc, { ...config, ltvBps: 0n })).to.emit(pool, "AssetConfigUpdated");
      const after = await pool.accountData(alice);
      expect(after.healthFactorWad).to.be.closeTo(before, before / 1_000_000n); // a block of interest apart
      expect(after.borrowLimit).to.equal(0n);
      await expect(pool.connect(alice).borrow(usdc, 1n, alice)).to.be.revertedWithCustomError(
        pool,
        "InsufficientCollateral",
      );
      // Once the last supplier left, the threshold may go to zero; from zero it may stay zero with suppliers.
      await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
      await pool.connect(alice).withdraw(wbtc, ethers.MaxUint256, alice);
      await expect(pool.setAssetConfig(wbtc, delisted)).to.emit(pool, "AssetConfigUpdated");
      await pool.connect(alice).supply(wbtc, units(1, 8), alice);
      await expect(pool.setAssetConfig(wbtc, { ...delisted, reserveFactorBps: 0n })).to.emit(
        pool,
        "AssetConfigUpdated",
      );
    });

    it("reverts AssetNotListed for an unknown asset", async function () {
      const { pool, usdc, alice } = await loadFixture(deployLending);
      const config = await assetConfigOf(pool, usdc);
      await expect(pool.setAssetConfig(alice.address, config))
        .to.be.revertedWithCustomError(pool, "AssetNotListed")
        .withArgs(alice.address);
    });

    it("reverts AccessManagedUnauthorized for a caller without the RISK role", async function () {
      const { pool, usdc, alice } = await loadFixture(deployLending);
      const config = await assetConfigOf(pool, usdc);
      await expect(pool.connect(alice).setAssetConfig(usdc, config)).to.be.revertedWithCustomError(
        pool,
        "AccessManagedUnauthorized",
      );
    });
  });

  describe("pauseAsset / unpauseAsset", function () {
    async function withGuardian() {
      const lending = await deployLending();
      const guardian = lending.signers[7];
      await lending.accessManager.grantRole(ROLES.GUARDIAN, guardian.address, 0);
      return { ...lending, guardian };
    }

    it("lets the guardian pause supply and borrow, which then revert OperationPaused", async function () {
      const { pool, usdc, guardian, alice } = await loadFixture(withGuardian);
      await expect(pool.connect(guardian).pauseAsset(usdc, 1)).to.emit(pool, "AssetPaused").withArgs(usdc, 1);
      await expect(pool.connect(guardian).pauseAsset(usdc, 2)).to.emit(pool, "AssetPaused").withArgs(usdc, 3);
      expect((await pool.reserveData(usdc)).pausedFlags).to.equal(3n);
      await expect(pool.connect(alice).supply(usdc, 1n, alice.address))
        .to.be.revertedWithCustomError(pool, "OperationPaused")
        .withArgs(usdc, 1);
      await expect(pool.connect(alice).borrow(usdc, 1n, alice.address))
        .to.be.revertedWithCustomError(pool, "OperationPaused")
        .withArgs(usdc, 2);
    });

    it("never lets the guardian un-pause", async function () {
      const { pool, usdc, guardian } = await loadFixture(withGuardian);
      await pool.connect(guardian).pauseAsset(usdc, 3);
      await expect(pool.connect(guardian).unpauseAsset(usdc, 3))
        .to.be.revertedWithCustomError(pool, "AccessManagedUnauthorized")
        .withArgs(guardian.address);
    });

    it("lets the admin un-pause flag by flag", async function () {
      const { pool, usdc, guardian, alice } = await loadFixture(withGuardian);
      await pool.connect(guardian).pauseAsset(usdc, 3);
      await expect(pool.unpauseAsset(usdc, 1)).to.emit(pool, "AssetUnpaused").withArgs(usdc, 2);
      expect((await pool.reserveData(usdc)).pausedFlags).to.equal(2n);
      await expect(pool.connect(alice).supply(usdc, 1_000_000n, alice.address)).to.emit(pool, "Supply");
    });

    it("reverts InvalidPauseFlags for 0 and for unknown bits", async function () {
      const { pool, usdc, guardian } = await loadFixture(withGuardian);
      await expect(pool.connect(guardian).pauseAsset(usdc, 0))
        .to.be.revertedWithCustomError(pool, "InvalidPauseFlags")
        .withArgs(0);
      await expect(pool.unpauseAsset(usdc, 4)).to.be.revertedWithCustomError(pool, "InvalidPauseFlags").withArgs(4);
    });

    it("reverts AccessManagedUnauthorized when a stranger pauses", async function () {
      const { pool, usdc, alice } = await loadFixture(withGuardian);
      await expect(pool.connect(alice).pauseAsset(usdc, 1)).to.be.revertedWithCustomError(
        pool,
        "AccessManagedUnauthorized",
      );
    });
  });

  describe("collectReserves", function () {
    it("reverts AccessManagedUnauthorized without the TREASURY role", async function () {
      const { pool, usdc, deployer } = await loadFixture(deployLending);
      await expect(pool.collectReserves(usdc, deployer.address))
        .to.be.revertedWithCustomError(pool, "AccessManagedUnauthorized")
        .withArgs(deployer.address);
    });

    it("reverts ZeroAddress for the zero recipient", async function () {
      const { pool, usdc, accessManager, deployer } = await loadFixture(deployLending);
      await accessManager.grantRole(ROLES.TREASURY, deployer.address, 0);
      await expect(pool.collectReserves(usdc, ethers.ZeroAddress)).to.be.revertedWithCustomError(pool, "ZeroAddress");
    });
  });

  describe("constructor", function () {
    it("reverts ZeroAddress without an oracle", async function () {
      const { accessManager, pool } = await loadFixture(deployLending);
      await expect(
        ethers.deployContract("LendingPool", [await accessManager.getAddress(), ethers.ZeroAddress]),
      ).to.be.revertedWithCustomError(pool, "ZeroAddress");
    });
  });
});
