import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";

import { assetConfigOf, deployLending, elapse, setPrice, units, type Lending } from "../fixtures";
import type { LendingMirrorExposer, MockERC20 } from "../../typechain-types";
import { WAD } from "../../scripts/lib/units";

/**
 * The SMTChecker proofs (npm run prove) are about plain-Solidity mirrors of the lending math, because the checker
 * cannot see inside OpenZeppelin's Math.mulDiv assembly. These tests tie the mirrors to the real code: the library
 * mirrors equal MathLib / SharesMathLib on random inputs within the proofs' bounds, and the pool-formula mirrors
 * equal what a live LendingPool computes.
 */

const MAX_UINT128 = 2n ** 128n - 1n;
const VIRTUAL_SHARES = 10n ** 6n;
const MAX_RATE_PER_SECOND = (10n * WAD) / (365n * 86_400n);
const HUNDRED_YEARS = 100n * 365n * 86_400n;

// LendingMirrorExposer.Op, in declaration order.
const Op = {
  MulDivDown: 0,
  MulDivUp: 1,
  WMulDown: 2,
  WMulUp: 3,
  WDivDown: 4,
  WTaylorCompounded: 5,
  ToSharesDown: 6,
  ToSharesUp: 7,
  ToAssetsDown: 8,
  ToAssetsUp: 9,
} as const;

type Triple = [bigint, bigint, bigint];

const divDown = (x: bigint, y: bigint, d: bigint) => (x * y) / d;
const divUp = (x: bigint, y: bigint, d: bigint) => (x * y + d - 1n) / d;
function taylor(x: bigint, n: bigint): bigint {
  const first = x * n;
  const second = divDown(first, first, 2n * WAD);
  return first + second + divDown(second, first, 3n * WAD);
}

/** Biased towards the small values and the bounds where rounding bugs live. */
const upTo = (max: bigint, min = 0n) =>
  fc.oneof(fc.bigInt({ min, max: min + 1000n < max ? min + 1000n : max }), fc.bigInt({ min, max }));

interface Case {
  op: number;
  /** Inputs within the bounds of the proofs (the mirror's products fit in 256 bits there). */
  input: fc.Arbitrary<Triple>;
  /** Exact reference in bigint arithmetic. */
  exact: (a: bigint, b: bigint, c: bigint) => bigint;
}

const shareInputs = fc.tuple(upTo(MAX_UINT128), upTo(MAX_UINT128), upTo(MAX_UINT128 - VIRTUAL_SHARES));
const CASES: Record<keyof typeof Op, Case> = {
  MulDivDown: {
    op: Op.MulDivDown,
    input: fc.tuple(upTo(MAX_UINT128), upTo(2n ** 128n), upTo(2n ** 128n, 1n)),
    exact: divDown,
  },
  MulDivUp: {
    op: Op.MulDivUp,
    input: fc.tuple(upTo(MAX_UINT128), upTo(2n ** 128n), upTo(2n ** 128n, 1n)),
    exact: divUp,
  },
  WMulDown: {
    op: Op.WMulDown,
    input: fc.tuple(upTo(MAX_UINT128), upTo(2n ** 128n), fc.constant(0n)),
    exact: (a, b) => divDown(a, b, WAD),
  },
  WMulUp: {
    op: Op.WMulUp,
    input: fc.tuple(upTo(MAX_UINT128), upTo(2n ** 128n), fc.constant(0n)),
    exact: (a, b) => divUp(a, b, WAD),
  },
  WDivDown: {
    op: Op.WDivDown,
    input: fc.tuple(upTo(2n ** 196n), upTo(2n ** 255n, 1n), fc.constant(0n)),
    exact: (a, b) => divDown(a, WAD, b),
  },
  WTaylorCompounded: {
    op: Op.WTaylorCompounded,
    input: fc.tuple(upTo(MAX_RATE_PER_SECOND), upTo(HUNDRED_YEARS), fc.constant(0n)),
    exact: taylor,
  },
  ToSharesDown: {
    op: Op.ToSharesDown,
    input: shareInputs,
    exact: (a, ta, ts) => divDown(a, ts + VIRTUAL_SHARES, ta + 1n),
  },
  ToSharesUp: { op: Op.ToSharesUp, input: shareInputs, exact: (a, ta, ts) => divUp(a, ts + VIRTUAL_SHARES, ta + 1n) },
  ToAssetsDown: {
    op: Op.ToAssetsDown,
    input: shareInputs,
    exact: (s, ta, ts) => divDown(s, ta + 1n, ts + VIRTUAL_SHARES),
  },
  ToAssetsUp: { op: Op.ToAssetsUp, input: shareInputs, exact: (s, ta, ts) => divUp(s, ta + 1n, ts + VIRTUAL_SHARES) },
};

const BATCH = 64;
const RUNS = 8;

async function deployExposer(): Promise<LendingMirrorExposer> {
  return ethers.deployContract("LendingMirrorExposer");
}

describe("LendingMathMirror", function () {
  it("restates the libraries' constants (WAD, VIRTUAL_SHARES, VIRTUAL_ASSETS)", async function () {
    const exposer = await loadFixture(deployExposer);
    const [fromLibrary, fromMirror] = await exposer.constants();
    expect(fromMirror).to.deep.equal(fromLibrary);
    expect(fromLibrary).to.deep.equal([WAD, VIRTUAL_SHARES, 1n]);
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name} equals the library (and exact arithmetic) on ${BATCH * RUNS} inputs within the proofs' bounds`, async function () {
      const exposer = await loadFixture(deployExposer);
      await fc.assert(
        fc.asyncProperty(fc.array(c.input, { minLength: BATCH, maxLength: BATCH }), async (triples) => {
          const [fromLibrary, fromMirror] = await exposer.compare(
            c.op,
            triples.map((t) => t[0]),
            triples.map((t) => t[1]),
            triples.map((t) => t[2]),
          );
          expect(fromMirror).to.deep.equal(fromLibrary);
          expect(fromLibrary).to.deep.equal(triples.map(([a, b, x]) => c.exact(a, b, x)));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("reverts LengthMismatch when the input arrays differ in length", async function () {
    const exposer = await loadFixture(deployExposer);
    await expect(exposer.compare(Op.MulDivDown, [1n], [], [1n]))
      .to.be.revertedWithCustomError(exposer, "LengthMismatch")
      .withArgs(1n, 0n, 1n);
  });
});

/**
 * Bob supplies 1 WBTC and 10 WETH, borrows 40,000 USDC and 5 WETH; half a year of interest moves every share price
 * off its initial value; then every rate model is set to zero so that views and transactions see the same totals.
 */
async function withTwoAssetBorrower() {
  const lending = await deployLending();
  const { pool, usdc, wbtc, weth, alice, bob } = lending;
  await pool.connect(alice).supply(usdc, units(1_000_000, 6), alice.address);
  await pool.connect(alice).supply(weth, units(100, 18), alice.address);
  await pool.connect(bob).supply(wbtc, units(1, 8), bob.address);
  await pool.connect(bob).supply(weth, units(10, 18), bob.address);
  await pool.connect(bob).borrow(usdc, units(40_000, 6), bob.address);
  await pool.connect(bob).borrow(weth, units(5, 18), bob.address);
  await elapse(lending, 182n * 86_400n);
  const zeroRate = await ethers.deployContract("InterestRateModel", [0, 0, 0, WAD / 2n]);
  for (const token of [usdc, wbtc, weth]) {
    await pool.setAssetConfig(token, { ...(await assetConfigOf(pool, token)), rateModel: await zeroRate.getAddress() });
  }
  return { ...lending, exposer: await deployExposer() };
}

/** Σ threshold value and Σ debt value of `user` over `tokens`, by the mirror, from the pool's own inputs. */
async function mirrorAccount(lending: Lending, exposer: LendingMirrorExposer, user: string, tokens: MockERC20[]) {
  const { pool, oracle } = lending;
  let thresholdValue = 0n;
  let debtValue = 0n;
  for (const token of tokens) {
    const [t, d] = await exposer.assetValues(
      await pool.supplyBalance(token, user),
      await pool.debtBalance(token, user),
      await oracle.price(token),
      10n ** (await token.decimals()),
      (await pool.assetConfig(token)).liquidationThresholdBps,
    );
    thresholdValue += t;
    debtValue += d;
  }
  return { thresholdValue, debtValue, healthFactor: await exposer.healthFactor(thresholdValue, debtValue) };
}

describe("LendingPoolMirror", function () {
  it("restates the pool's constants", async function () {
    const { pool, stableRateModel, exposer } = await loadFixture(withTwoAssetBorrower);
    const [closeFactor, fullLiquidation, dust, maxBonus, maxRate] = await exposer.poolConstants();
    expect(closeFactor).to.equal(await pool.CLOSE_FACTOR_BPS());
    expect(fullLiquidation).to.equal(await pool.FULL_LIQUIDATION_HEALTH_FACTOR());
    expect(dust).to.equal(await pool.DUST_DEBT_VALUE());
    expect(maxBonus).to.equal(await pool.MAX_LIQUIDATION_BONUS_BPS());
    expect(maxRate).to.equal(await stableRateModel.MAX_RATE_PER_SECOND());
  });

  it("values an account as accountData does (debt value, health factor), at random prices", async function () {
    const lending = await loadFixture(withTwoAssetBorrower);
    const { pool, usdc, wbtc, weth, wbtcFeed, wethFeed, bob, exposer } = lending;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 8_000 }), async (btc, eth) => {
        await setPrice(wbtcFeed, btc);
        await setPrice(wethFeed, eth);
        const mirror = await mirrorAccount(lending, exposer, bob.address, [usdc, wbtc, weth]);
        const [, debtValue, , healthFactor] = await pool.accountData(bob.address);
        expect(debtValue).to.equal(mirror.debtValue);
        expect(healthFactor).to.equal(mirror.healthFactor);
      }),
      { numRuns: 12 },
    );
  });

  it("restates LiquidationLib.amounts exactly, over decimals 0-18, prices from $1e-6 to $1e6 and every bonus", async function () {
    const { exposer } = await loadFixture(withTwoAssetBorrower);
    const price = fc.bigInt({ min: 10n ** 12n, max: 10n ** 24n });
    const unit = fc.integer({ min: 0, max: 18 }).map((d) => 10n ** BigInt(d));
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: WAD }),
        fc.tuple(price, price),
        fc.tuple(unit, unit),
        fc.integer({ min: 0, max: 2_000 }),
        async (debt, repayAmount, collateral, healthFactor, prices, units_, bonus) => {
          const p: [bigint, bigint] = [prices[0], prices[1]];
          const u: [bigint, bigint] = [units_[0], units_[1]];
          expect(
            await exposer.libraryLiquidationAmounts(debt, repayAmount, collateral, healthFactor, p, u, bonus),
          ).to.deep.equal(await exposer.liquidationAmounts(debt, repayAmount, collateral, healthFactor, p, u, bonus));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("prices liquidations as liquidate does (repaid, seized), at random prices and repay amounts", async function () {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 20_000, max: 70_000 }),
        fc.integer({ min: 500, max: 3_000 }),
        fc.boolean(),
        fc.oneof(fc.bigInt({ min: 1n, max: units(60_000, 6) }), fc.constant(ethers.MaxUint256)),
        async (btc, eth, seizeBtc, repayAmount) => {
          const lending = await loadFixture(withTwoAssetBorrower);
          const { pool, oracle, usdc, wbtc, weth, wbtcFeed, wethFeed, bob, liquidator, exposer } = lending;
          await setPrice(wbtcFeed, btc);
          await setPrice(wethFeed, eth);
          const healthFactor = await pool.healthFactor(bob.address);
          fc.pre(healthFactor < WAD);
          const collateralToken = seizeBtc ? wbtc : weth;
          const inputs: [bigint, bigint, bigint, bigint, [bigint, bigint], [bigint, bigint], bigint] = [
            await pool.debtBalance(usdc, bob.address),
            repayAmount,
            await pool.supplyBalance(collateralToken, bob.address),
            healthFactor,
            [await oracle.price(usdc), await oracle.price(collateralToken)],
            [10n ** 6n, 10n ** (await collateralToken.decimals())],
            (await pool.assetConfig(collateralToken)).liquidationBonusBps,
          ];
          const [expectedRepaid, expectedSeized] = await exposer.liquidationAmounts(...inputs);
          // The mirror the proofs reason about is LiquidationLib, the library the pool runs.
          expect(await exposer.libraryLiquidationAmounts(...inputs)).to.deep.equal([expectedRepaid, expectedSeized]);
          await expect(
            pool
              .connect(liquidator)
              .liquidate(bob.address, usdc, collateralToken, repayAmount, liquidator.address, false),
          )
            .to.emit(pool, "Liquidate")
            .withArgs(
              bob.address,
              liquidator.address,
              usdc,
              collateralToken,
              expectedRepaid,
              expectedSeized,
              liquidator,
              false,
            );
          compared += 1;
        },
      ),
      { numRuns: 10 },
    );
    expect(compared).to.equal(10); // fc.pre skips healthy draws; the runs counted are liquidations
  });
});
