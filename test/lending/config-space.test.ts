import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { MockERC20__factory, MockV3Aggregator__factory } from "../../typechain-types";
import { deployLending, assertProperty, propertySettings, units } from "../fixtures";
import { WAD } from "../../scripts/lib/units";

// The pool's guarantees over the whole configuration space that listAsset accepts, not only the three local markets:
// the properties generate a configuration (LTV, threshold, bonus, reserve factor), token decimals and a price, list
// a market with them, and attack it.

const BPS = 10_000n;
const FULL_LIQUIDATION_HF = 95n * 10n ** 16n;

interface MarketConfig {
  decimals: number;
  /** 8-decimal USD answer of the feed. */
  answer: bigint;
  ltvBps: number;
  thresholdBps: number;
  bonusBps: number;
  reserveFactorBps: number;
}

/** Exactly the configurations validation accepts (a collateral: threshold > 0, which needs a bonus). */
const acceptedConfig: fc.Arbitrary<MarketConfig> = fc
  .record({
    decimals: fc.integer({ min: 0, max: 18 }),
    answer: fc.bigInt({ min: 100n, max: 10n ** 14n }), // $0.000001 to $1,000,000
    bonusBps: fc.integer({ min: 1, max: 2_000 }),
    reserveFactorBps: fc.integer({ min: 0, max: 5_000 }),
    thresholdPick: fc.double({ min: 0, max: 1, noNaN: true }),
    ltvPick: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ decimals, answer, bonusBps, reserveFactorBps, thresholdPick, ltvPick }) => {
    // threshold × (1 + bonus) < 95%, the bound validation enforces
    const maxThreshold = Math.floor((95_000_000 - 1) / (10_000 + bonusBps));
    const thresholdBps = 2 + Math.floor(thresholdPick * (maxThreshold - 2));
    const ltvBps = 1 + Math.floor(ltvPick * (thresholdBps - 2));
    return { decimals, answer, ltvBps, thresholdBps, bonusBps, reserveFactorBps };
  });

/** The local deployment with Dave as USDC lender of last resort. */
async function deployWithLiquidity() {
  const lending = await deployLending();
  await lending.pool.connect(lending.dave).supply(lending.usdc, units(500_000_000, 6), lending.dave);
  return lending;
}

/** Lists a token with `c` and funds Bob (borrower), Carol (supplier) and the liquidator with it. */
async function listGenerated(lending: Awaited<ReturnType<typeof deployWithLiquidity>>, c: MarketConfig) {
  const { pool, oracle, deployer, volatileRateModel } = lending;
  const token = await new MockERC20__factory(deployer).deploy("Generated", "GEN", c.decimals);
  const feed = await new MockV3Aggregator__factory(deployer).deploy(8, c.answer);
  await oracle.connect(deployer).setFeed(token, feed, 86_400);
  await pool.connect(deployer).listAsset(token, {
    rateModel: volatileRateModel,
    ltvBps: c.ltvBps,
    liquidationThresholdBps: c.thresholdBps,
    liquidationBonusBps: c.bonusBps,
    reserveFactorBps: c.reserveFactorBps,
    borrowEnabled: true,
    supplyCap: 0n,
    borrowCap: 0n,
  });
  for (const user of [lending.bob, lending.carol, lending.liquidator]) {
    await token.mint(user, 10n ** 40n);
    await token.connect(user).approve(pool, ethers.MaxUint256);
  }
  return { token, feed, unit: 10n ** BigInt(c.decimals) };
}

describe("LendingPool over the configuration space validation accepts", function () {
  it("every liquidation at a health factor ≥ 0.95 raises it, and a maximal one below 0.95 clears or raises it", async function () {
    const settings = propertySettings("liquidation over configurations", 12, 5_000);
    this.timeout(settings.mochaTimeout);
    let liquidations = 0;
    await assertProperty(
      fc.asyncProperty(
        acceptedConfig,
        fc.integer({ min: 10, max: 1_000_000 }), // collateral value, USD
        fc.integer({ min: 5_000, max: 10_000 }), // borrow, bps of the borrow limit
        fc.integer({ min: 3_000, max: 9_999 }), // health factor after the price falls, bps
        fc.oneof(fc.constant("max" as const), fc.integer({ min: 1, max: 10_000 })), // repay, bps of the debt
        fc.boolean(),
        async (c, usd, borrowBps, targetBps, repay, receiveShares) => {
          const lending = await loadFixture(deployWithLiquidity);
          const { pool, usdc, bob, liquidator } = lending;
          const { token, feed, unit } = await listGenerated(lending, c);
          const amount = (BigInt(usd) * 10n ** 8n * unit) / c.answer;
          fc.pre(amount > 0n);
          await pool.connect(bob).supply(token, amount, bob);
          const [, , limit] = await pool.accountData(bob);
          const borrow = (limit * BigInt(borrowBps)) / BPS / 10n ** 12n;
          fc.pre(borrow > 0n);
          await pool.connect(bob).borrow(usdc, borrow, bob);
          // The price that takes the health factor to the target.
          const healthy = await pool.healthFactor(bob);
          const fallen = (c.answer * BigInt(targetBps) * WAD) / BPS / healthy;
          await feed.updateAnswer(fallen > 0n ? fallen : 1n);
          const before = await pool.healthFactor(bob);
          fc.pre(before < WAD);

          const debt = await pool.debtBalance(usdc, bob);
          const repayAmount = repay === "max" ? ethers.MaxUint256 : (debt * BigInt(repay)) / BPS + 1n;
          await pool.connect(liquidator).liquidate(bob, usdc, token, repayAmount, liquidator, receiveShares);
          liquidations += 1;
          const after = await pool.healthFactor(bob);
          const debtLeft = await pool.debtBalance(usdc, bob);
          if (before >= FULL_LIQUIDATION_HF) {
            expect(debtLeft === 0n || after > before, `HF ${before} → ${after}, config ${JSON.stringify(c, big)}`).to.be
              .true;
          }
          if (repay === "max" && before < FULL_LIQUIDATION_HF) {
            expect(debtLeft === 0n || after > before, `max at HF ${before} → ${after}`).to.be.true;
          }
          // No debt survives the last collateral.
          if ((await pool.position(token, bob)).supplyShares === 0n) expect(debtLeft).to.equal(0n);
        },
      ),
      settings,
    );
    expect(liquidations).to.be.greaterThan(0);
  });

  it("rounding costs a supplier or a borrower at most one smallest unit per operation, at any decimals and price", async function () {
    const settings = propertySettings("rounding over configurations", 12, 5_000);
    this.timeout(settings.mochaTimeout);
    await assertProperty(
      fc.asyncProperty(
        acceptedConfig,
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        async (c, supplied, borrowed) => {
          const lending = await loadFixture(deployWithLiquidity);
          const { pool, usdc, bob, carol } = lending;
          const { token } = await listGenerated(lending, c);
          // Carol supplies and withdraws everything: back at most one unit short, never more than she put in.
          const before = await token.balanceOf(carol);
          await pool
            .connect(carol)
            .supply(token, supplied, carol)
            .catch(() => fc.pre(false)); // ZeroShares: nothing minted
          await pool.connect(carol).withdraw(token, ethers.MaxUint256, carol);
          const lost = before - (await token.balanceOf(carol));
          expect(lost).to.be.within(0n, 1n);

          // Bob borrows from a market Carol lends to and repays at once (one second of interest at most).
          await pool.connect(carol).supply(token, 10n ** 30n, carol);
          await pool.connect(bob).supply(usdc, units(1_000_000_000, 6), bob);
          const [, , limit] = await pool.accountData(bob);
          const price = await lending.oracle.price(token);
          const unit = 10n ** BigInt(c.decimals);
          const room = (limit * unit) / price;
          const amount = borrowed < room ? borrowed : room;
          fc.pre(amount > 0n);
          await pool.connect(bob).borrow(token, amount, bob);
          const rate = await pool.borrowRatePerSecond(token);
          const repaid = await pool.connect(bob).repay.staticCall(token, ethers.MaxUint256, bob);
          // What the one or two seconds to the next block at the stored rate imply, rounded up, plus share rounding.
          const interest = (amount * rate + WAD - 1n) / WAD;
          expect(repaid).to.be.within(amount, amount + 2n * interest + 2n);
        },
      ),
      settings,
    );
  });

  it("refuses every configuration just outside the accepted space", async function () {
    const lending = await loadFixture(deployLending);
    const { pool, oracle, deployer, volatileRateModel } = lending;
    const token = await new MockERC20__factory(deployer).deploy("Edge", "EDGE", 18);
    await oracle.connect(deployer).setFeed(token, await new MockV3Aggregator__factory(deployer).deploy(8, 1n), 86_400);
    const base = {
      rateModel: volatileRateModel,
      ltvBps: 0,
      liquidationThresholdBps: 0,
      liquidationBonusBps: 0,
      reserveFactorBps: 0,
      borrowEnabled: true,
      supplyCap: 0n,
      borrowCap: 0n,
    };
    await assertProperty(
      fc.asyncProperty(fc.integer({ min: 1, max: 2_000 }), async (bonus) => {
        // The smallest threshold past the bound, for this bonus, is refused; the largest inside is accepted.
        const inside = Math.floor((95_000_000 - 1) / (10_000 + bonus));
        const config = { ...base, ltvBps: 0, liquidationBonusBps: bonus };
        await expect(pool.listAsset.staticCall(token, { ...config, liquidationThresholdBps: inside + 1 }))
          .to.be.revertedWithCustomError(pool, "InvalidLiquidationThreshold")
          .withArgs(inside + 1, bonus);
        await pool.listAsset.staticCall(token, { ...config, liquidationThresholdBps: inside });
      }),
      { numRuns: 30 },
    );
  });
});

function big(_: string, value: unknown) {
  return typeof value === "bigint" ? value.toString() : value;
}
