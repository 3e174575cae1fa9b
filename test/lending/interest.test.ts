import { expect } from "chai";
import fc from "fast-check";
import type { ContractTransactionResponse } from "ethers";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { ROLES } from "../../scripts/lib/roles";
import { aprToRatePerSecond } from "../../scripts/lib/units";
import { InterestRateModel__factory, MockERC20__factory, type InterestRateModel } from "../../typechain-types";
import {
  customErrorName,
  deployLending,
  elapse,
  listMarket,
  assertProperty,
  propertySettings,
  refreshPrices,
  units,
  type Lending,
} from "../fixtures";
import { WAD } from "../../scripts/lib/units";

// Every fixture here starts from `loadFixture(deployLending)`: the Ignition deployment runs once and each fixture
// snapshots its own setup on top of it (loadFixture re-runs a fixture whose snapshot an earlier revert discarded).
/** A fresh 18-decimal token listed at $1 on a rate model whose every rate is the pool's maximum (1,000 % a year). */
async function maxRateMarket(lending: Lending, config: { reserveFactorBps?: number } = {}) {
  const max = await lending.stableRateModel.MAX_RATE_PER_SECOND();
  const model = await new InterestRateModel__factory(lending.deployer).deploy(0, max / 10n, max - max / 10n, WAD / 2n);
  const token = await new MockERC20__factory(lending.deployer).deploy("Max Rate", "MAX", 18);
  const feed = await listMarket(lending, token, 1, { rateModel: model, ...config });
  return { max, token, feed };
}

// ───────── reference math, written from the whitepaper formulas and never calling the contracts ─────────

const BPS = 10_000n;
const VIRTUAL_SHARES = 10n ** 6n;
const VIRTUAL_ASSETS = 1n;
const YEAR = 365n * 86_400n;

const divUp = (x: bigint, d: bigint): bigint => (x + d - 1n) / d;

/** e^(rate × seconds) − 1 by its first three Taylor terms, each rounded down (wad). */
function taylorCompounded(ratePerSecond: bigint, seconds: bigint): bigint {
  const first = ratePerSecond * seconds;
  const second = (first * first) / (2n * WAD);
  const third = (second * first) / (3n * WAD);
  return first + second + third;
}

/** Interest on `borrowAssets` over `seconds` (rounded up) and the reserve factor's share of it (rounded down). */
function expectedInterest(borrowAssets: bigint, ratePerSecond: bigint, seconds: bigint, reserveFactorBps: bigint) {
  const interest = divUp(borrowAssets * taylorCompounded(ratePerSecond, seconds), WAD);
  return { interest, toReserves: (interest * reserveFactorBps) / BPS };
}

/** Assets owed for `shares` (rounded up), with the virtual offset. */
function toAssetsUp(shares: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return divUp(shares * (totalAssets + VIRTUAL_ASSETS), totalShares + VIRTUAL_SHARES);
}

interface Curve {
  base: bigint;
  slope1: bigint;
  slope2: bigint;
  kink: bigint;
}

/** The kinked curve: linear to `slope1` at the kink, then linear to `slope2` more at 100%, clamped above. */
function curveRate(c: Curve, utilization: bigint): bigint {
  const u = utilization > WAD ? WAD : utilization;
  if (u <= c.kink) return c.base + (c.slope1 * u) / c.kink;
  return c.base + c.slope1 + (c.slope2 * (u - c.kink)) / (WAD - c.kink);
}

async function curveOf(model: InterestRateModel): Promise<Curve> {
  return {
    base: await model.baseRatePerSecond(),
    slope1: await model.slope1PerSecond(),
    slope2: await model.slope2PerSecond(),
    kink: await model.kinkWad(),
  };
}

// ───────── InterestRateModel ─────────

describe("InterestRateModel", function () {
  const CURVE: Curve = {
    base: aprToRatePerSecond(2),
    slope1: aprToRatePerSecond(8),
    slope2: aprToRatePerSecond(100),
    kink: units("0.8", 18),
  };

  async function deployCurve() {
    const [deployer] = await ethers.getSigners();
    const factory = new InterestRateModel__factory(deployer);
    const model = await factory.deploy(CURVE.base, CURVE.slope1, CURVE.slope2, CURVE.kink);
    return { factory, model, max: await model.MAX_RATE_PER_SECOND() };
  }

  it("charges the base rate at 0% utilization", async function () {
    const { model } = await loadFixture(deployCurve);
    expect(await model.borrowRatePerSecond(0)).to.equal(CURVE.base);
  });

  it("charges base + half of slope1 halfway to the kink", async function () {
    const { model } = await loadFixture(deployCurve);
    expect(await model.borrowRatePerSecond(units("0.4", 18))).to.equal(CURVE.base + CURVE.slope1 / 2n);
  });

  it("charges base + slope1 at exactly the kink", async function () {
    const { model } = await loadFixture(deployCurve);
    expect(await model.borrowRatePerSecond(CURVE.kink)).to.equal(CURVE.base + CURVE.slope1);
  });

  it("charges base + slope1 + half of slope2 halfway between the kink and 100%", async function () {
    const { model } = await loadFixture(deployCurve);
    expect(await model.borrowRatePerSecond(units("0.9", 18))).to.equal(CURVE.base + CURVE.slope1 + CURVE.slope2 / 2n);
  });

  it("charges base + slope1 + slope2 at 100% utilization", async function () {
    const { model } = await loadFixture(deployCurve);
    expect(await model.borrowRatePerSecond(WAD)).to.equal(CURVE.base + CURVE.slope1 + CURVE.slope2);
  });

  it("clamps utilization above 100% (bad debt, rounding) to the 100% rate", async function () {
    const { model } = await loadFixture(deployCurve);
    const top = CURVE.base + CURVE.slope1 + CURVE.slope2;
    expect(await model.borrowRatePerSecond(WAD + 1n)).to.equal(top);
    expect(await model.borrowRatePerSecond(5n * WAD)).to.equal(top);
    expect(await model.borrowRatePerSecond(ethers.MaxUint256)).to.equal(top);
  });

  it("matches the reference curve at arbitrary utilizations and never decreases", async function () {
    const { model } = await loadFixture(deployCurve);
    let previous = 0n;
    for (let bps = 0n; bps <= 11_000n; bps += 250n) {
      const utilization = (bps * WAD) / BPS + (bps % 3n); // a few wei off round numbers
      const rate = await model.borrowRatePerSecond(utilization);
      expect(rate).to.equal(curveRate(CURVE, utilization));
      expect(rate).to.be.greaterThanOrEqual(previous);
      previous = rate;
    }
  });

  it("reverts InvalidKink for a kink of 0", async function () {
    const { factory } = await loadFixture(deployCurve);
    await expect(factory.deploy(0, 1, 1, 0))
      .to.be.revertedWithCustomError(factory, "InvalidKink")
      .withArgs(0);
  });

  it("reverts InvalidKink for a kink of 100%", async function () {
    const { factory } = await loadFixture(deployCurve);
    await expect(factory.deploy(0, 1, 1, WAD))
      .to.be.revertedWithCustomError(factory, "InvalidKink")
      .withArgs(WAD);
  });

  it("reverts RateTooHigh when base + slope1 + slope2 exceeds MAX_RATE_PER_SECOND by 1 wei", async function () {
    const { factory, max } = await loadFixture(deployCurve);
    await expect(factory.deploy(1, max / 2n, max - max / 2n, units("0.5", 18)))
      .to.be.revertedWithCustomError(factory, "RateTooHigh")
      .withArgs(max + 1n, max);
  });

  it("accepts a curve that reaches exactly MAX_RATE_PER_SECOND (1,000% a year)", async function () {
    const { factory, max } = await loadFixture(deployCurve);
    expect(max).to.equal((10n * WAD) / YEAR);
    const model = await factory.deploy(0, max / 2n, max - max / 2n, units("0.5", 18));
    expect(await model.borrowRatePerSecond(WAD)).to.equal(max);
  });
});

// ───────── interest in the pool ─────────

const SUPPLIED = units(1_000_000, 6);
const USDC_RESERVE_FACTOR = 1_000n;

/** Bob supplies 1,000,000 USDC and Alice borrows all of it against 100 WBTC: utilization 100%. */
async function deployFullyBorrowed() {
  const lending = await loadFixture(deployLending);
  const { pool, usdc, wbtc, alice, bob } = lending;
  await pool.connect(bob).supply(usdc, SUPPLIED, bob);
  await pool.connect(alice).supply(wbtc, units(100, 8), alice);
  await pool.connect(alice).borrow(usdc, SUPPLIED, alice);
  return lending;
}

/** Checks the reserve after `seconds` against the reference math, first through the views, then by a transaction. */
async function expectAccrualOver(lending: Lending, seconds: bigint) {
  const { pool, usdc, alice, dave } = lending;
  const before = await pool.reserveData(usdc);
  const rate = before.borrowRatePerSecond;
  // The reserve was last touched in the latest block.
  const start = BigInt(await time.latest());

  // The views accrue to the current block without writing.
  await time.increaseTo(start + seconds);
  const viewed = expectedInterest(before.totalBorrowAssets, rate, seconds, USDC_RESERVE_FACTOR);
  const seen = await pool.reserveData(usdc);
  expect(seen.totalBorrowAssets).to.equal(before.totalBorrowAssets + viewed.interest);
  expect(seen.totalSupplyAssets).to.equal(before.totalSupplyAssets + viewed.interest - viewed.toReserves);
  expect(seen.reserves).to.equal(before.reserves + viewed.toReserves);
  const [, aliceShares] = await pool.position(usdc, alice);
  expect(await pool.debtBalance(usdc, alice)).to.equal(
    toAssetsUp(aliceShares, seen.totalBorrowAssets, seen.totalBorrowShares),
  );

  // A transaction one second later writes the same math over seconds + 1.
  const accrued = expectedInterest(before.totalBorrowAssets, rate, seconds + 1n, USDC_RESERVE_FACTOR);
  await expect(pool.connect(dave).supply(usdc, units(1, 6), dave))
    .to.emit(pool, "AccrueInterest")
    .withArgs(usdc, rate, accrued.interest, accrued.toReserves);
  const after = await pool.reserveData(usdc);
  expect(after.totalBorrowAssets).to.equal(before.totalBorrowAssets + accrued.interest);
  expect(after.totalSupplyAssets).to.equal(
    before.totalSupplyAssets + accrued.interest - accrued.toReserves + units(1, 6),
  );
  expect(after.reserves).to.equal(before.reserves + accrued.toReserves);
  expect(after.lastUpdate).to.equal(start + seconds + 1n);

  // Cross-check the bigint reference against floating-point compounding: the 3-term series, under e^x − 1.
  const x = Number(rate * (seconds + 1n)) / 1e18;
  const growth = Number(accrued.interest) / Number(before.totalBorrowAssets);
  expect(growth).to.be.closeTo(x + x ** 2 / 2 + x ** 3 / 6, 1e-9 * (1 + growth));
  expect(growth).to.be.at.most(Math.expm1(x));
  return accrued;
}

describe("LendingPool interest accrual", function () {
  it("lends at the curve's 100% rate once all liquidity is borrowed", async function () {
    const { pool, usdc, stableRateModel } = await loadFixture(deployFullyBorrowed);
    expect(await pool.utilizationWad(usdc)).to.equal(WAD);
    expect(await pool.borrowRatePerSecond(usdc)).to.equal(curveRate(await curveOf(stableRateModel), WAD));
  });

  it("re-prices borrowing after every supply and withdrawal of a borrowed market: the curve's rate at the new utilization", async function () {
    const { pool, usdc, carol, stableRateModel } = await loadFixture(deployFullyBorrowed);
    const curve = await curveOf(stableRateModel);
    const full = await pool.borrowRatePerSecond(usdc);
    // Carol's supply halves the utilization; her withdrawal of half of it raises it again.
    await pool.connect(carol).supply(usdc, SUPPLIED, carol);
    const half = await pool.utilizationWad(usdc);
    expect(half).to.be.closeTo(WAD / 2n, WAD / 1_000_000n);
    expect(await pool.borrowRatePerSecond(usdc)).to.equal(curveRate(curve, half));
    expect(await pool.borrowRatePerSecond(usdc)).to.be.lessThan(full);
    await pool.connect(carol).withdraw(usdc, SUPPLIED / 2n, carol);
    const twoThirds = await pool.utilizationWad(usdc);
    expect(twoThirds).to.be.greaterThan(half);
    expect(await pool.borrowRatePerSecond(usdc)).to.equal(curveRate(curve, twoThirds));
  });

  it("accrues one day at 100% utilization exactly as the reference computes", async function () {
    const lending = await loadFixture(deployFullyBorrowed);
    await expectAccrualOver(lending, 86_400n);
  });

  it("accrues one year at 100% utilization exactly as the reference computes", async function () {
    const lending = await loadFixture(deployFullyBorrowed);
    await expectAccrualOver(lending, YEAR);
  });

  it("accrues ten years at 100% utilization exactly as the reference computes", async function () {
    const lending = await loadFixture(deployFullyBorrowed);
    const { interest } = await expectAccrualOver(lending, 10n * YEAR);
    // 64% a year for ten years: x = 6.4, x + x²/2 + x³/6 ≈ 70.57 times the principal in interest.
    expect(interest / SUPPLIED).to.equal(70n);
  });

  it("accrues nothing more when a second transaction touches the reserve in the same block", async function () {
    const { pool, usdc, carol, dave } = await loadFixture(deployFullyBorrowed);
    const before = await pool.reserveData(usdc);
    const start = BigInt(await time.latest());
    const blockTime = start + YEAR;
    const { interest, toReserves } = expectedInterest(
      before.totalBorrowAssets,
      before.borrowRatePerSecond,
      YEAR,
      USDC_RESERVE_FACTOR,
    );

    await network.provider.send("evm_setAutomine", [false]);
    let sent: ContractTransactionResponse[];
    try {
      sent = [
        await pool.connect(dave).supply(usdc, units(1, 6), dave),
        await pool.connect(carol).supply(usdc, units(1, 6), carol),
      ];
      await network.provider.send("evm_mine", [Number(blockTime)]);
    } finally {
      await network.provider.send("evm_setAutomine", [true]);
    }
    const [firstReceipt, secondReceipt] = await Promise.all(sent.map((tx) => tx.wait()));
    expect(firstReceipt?.blockNumber).to.equal(secondReceipt?.blockNumber);

    const accrueTopic = pool.interface.getEvent("AccrueInterest").topicHash;
    const accruals = (receipt: typeof firstReceipt) =>
      (receipt?.logs ?? []).filter((log) => log.topics[0] === accrueTopic).length;
    expect(accruals(firstReceipt)).to.equal(1);
    expect(accruals(secondReceipt)).to.equal(0);

    const after = await pool.reserveData(usdc);
    expect(after.totalBorrowAssets).to.equal(before.totalBorrowAssets + interest);
    expect(after.totalSupplyAssets).to.equal(before.totalSupplyAssets + interest - toReserves + units(2, 6));
    expect(after.reserves).to.equal(toReserves);
  });

  it("does not overflow over 100 years at the maximum rate", async function () {
    const lending = await loadFixture(deployLending);
    const { pool, alice, bob, wbtc } = lending;
    const { max, token, feed } = await maxRateMarket(lending, { reserveFactorBps: 5_000 });

    const principal = units(1_000_000, 18);
    await token.mint(bob, principal);
    await token.connect(bob).approve(pool, ethers.MaxUint256);
    await pool.connect(bob).supply(token, principal, bob);
    await pool.connect(alice).supply(wbtc, units(100, 8), alice);
    await pool.connect(alice).borrow(token, principal, alice);
    expect(await pool.borrowRatePerSecond(token)).to.equal(max);

    const before = await pool.reserveData(token);
    const [, aliceShares] = await pool.position(token, alice);
    const seconds = 100n * YEAR;
    const { interest, toReserves } = expectedInterest(principal, max, seconds, 5_000n);
    // 1,000% a year for a century: x = 1,000, x + x²/2 + x³/6 ≈ 167,167,666.7 times the principal.
    expect(interest / principal).to.equal(167_167_666n);

    await time.increase(seconds - 10n);
    await refreshPrices(lending);
    await feed.updateAnswer(units(1, 8));
    // Alice is the last borrower: she pays exactly what debtBalance shows; the interest the 1e6 virtual shares
    // accrued (nobody's debt) is written off against the reserves in the same transaction.
    const owed = toAssetsUp(aliceShares, principal + interest, before.totalBorrowShares);
    const orphaned = principal + interest - owed;
    expect(orphaned).to.be.greaterThan(0n);
    await token.mint(alice, owed);
    await token.connect(alice).approve(pool, ethers.MaxUint256);
    await time.setNextBlockTimestamp(before.lastUpdate + seconds);
    await expect(pool.connect(alice).repay(token, ethers.MaxUint256, alice))
      .to.emit(pool, "AccrueInterest")
      .withArgs(token, max, interest, toReserves)
      .and.to.emit(pool, "Repay")
      .withArgs(token, alice.address, alice.address, owed, aliceShares)
      .and.to.emit(pool, "BadDebtRealized")
      .withArgs(token, ethers.ZeroAddress, orphaned, orphaned);

    expect(await pool.debtBalance(token, alice)).to.equal(0n);
    expect(await token.balanceOf(alice)).to.equal(principal);
    const after = await pool.reserveData(token);
    expect(after.totalSupplyAssets).to.equal(principal + interest - toReserves);
    expect(after.reserves).to.equal(toReserves - orphaned);
    expect(after.totalBorrowAssets).to.equal(0n);
    // Bob owns the suppliers' share of a century of interest, less what the 1e6 virtual shares hold, and can take
    // all of it out.
    const [bobShares] = await pool.position(token, bob);
    const balance =
      (bobShares * (after.totalSupplyAssets + VIRTUAL_ASSETS)) / (after.totalSupplyShares + VIRTUAL_SHARES);
    expect(await pool.supplyBalance(token, bob)).to.equal(balance);
    await pool.connect(bob).withdraw(token, ethers.MaxUint256, bob);
    expect(await token.balanceOf(bob)).to.equal(balance);
  });

  /**
   * Twenty years at 1,000 % on a fully borrowed market: x = 200, e^x by three Taylor terms ≈ 1.35e6 times the
   * principal, so a debt share and a supply share (1e6 per unit at the start) are each worth more than one wei.
   */
  async function twentyYearsAtMaxRate() {
    const lending = await loadFixture(deployLending);
    const { pool, alice, bob, wbtc } = lending;
    const { token, feed } = await maxRateMarket(lending);
    const principal = units(1_000, 18);
    await token.mint(bob, principal);
    await token.connect(bob).approve(pool, ethers.MaxUint256);
    await pool.connect(bob).supply(token, principal, bob);
    await pool.connect(alice).supply(wbtc, units(100, 8), alice);
    await pool.connect(alice).borrow(token, principal, alice);
    await time.increase(20n * YEAR);
    await refreshPrices(lending);
    await feed.updateAnswer(units(1, 8));
    await token.connect(alice).approve(pool, ethers.MaxUint256);
    return { ...lending, token };
  }

  it("refuses a dust repayment worth less than one debt share (ZeroShares): the payer's tokens never clear nothing", async function () {
    const { pool, alice, token } = await loadFixture(twentyYearsAtMaxRate);
    // One of Alice's debt shares is now worth more than a wei (debtBalance includes the pending interest).
    const [, sharesBefore] = await pool.position(token, alice);
    expect(await pool.debtBalance(token, alice)).to.be.greaterThan(sharesBefore);
    const balanceBefore = await token.balanceOf(alice);
    await expect(pool.connect(alice).repay(token, 1n, alice)).to.be.revertedWithCustomError(pool, "ZeroShares");
    expect(await token.balanceOf(alice)).to.equal(balanceBefore);
    expect((await pool.position(token, alice))[1]).to.equal(sharesBefore);
    // Two wei buy a share at that price: a repayment worth one share is not refused.
    await expect(pool.connect(alice).repay(token, 2n, alice)).to.emit(pool, "Repay");
    expect((await pool.position(token, alice))[1]).to.be.lessThan(sharesBefore);
  });

  it("refuses a dust supply worth less than one supply share (ZeroShares): nobody is credited nothing for tokens", async function () {
    const { pool, carol, token } = await loadFixture(twentyYearsAtMaxRate);
    const r = await pool.reserveData(token);
    // A supply share is worth more than a wei: 1 wei buys none, 2 wei buy one.
    expect(r.totalSupplyAssets + VIRTUAL_ASSETS).to.be.greaterThan(r.totalSupplyShares + VIRTUAL_SHARES);
    expect((2n * (r.totalSupplyShares + VIRTUAL_SHARES)) / (r.totalSupplyAssets + VIRTUAL_ASSETS)).to.equal(1n);
    await token.mint(carol, 2n);
    await token.connect(carol).approve(pool, ethers.MaxUint256);
    await expect(pool.connect(carol).supply(token, 1n, carol)).to.be.revertedWithCustomError(pool, "ZeroShares");
    expect(await token.balanceOf(carol)).to.equal(2n);
    await expect(pool.connect(carol).supply(token, 2n, carol))
      .to.emit(pool, "Supply")
      .withArgs(token, carol.address, carol.address, 2n, 1n);
    expect((await pool.position(token, carol))[0]).to.equal(1n);
  });
});

describe("LendingPool reserves", function () {
  /** Deployment with a full year accrued on the fully borrowed USDC reserve. */
  async function deployWithReserves() {
    const lending = await loadFixture(deployFullyBorrowed);
    const { pool, usdc, dave } = lending;
    const before = await pool.reserveData(usdc); // the reserve was last touched in the latest block
    await lending.accessManager.connect(lending.deployer).grantRole(ROLES.TREASURY, lending.carol, 0);
    await time.setNextBlockTimestamp(before.lastUpdate + YEAR);
    await pool.connect(dave).supply(usdc, 1n, dave); // accrues
    const expected = expectedInterest(before.totalBorrowAssets, before.borrowRatePerSecond, YEAR, USDC_RESERVE_FACTOR);
    return { ...lending, treasury: lending.carol, ...expected };
  }

  it("credits the reserve factor's share of interest to reserves and the rest to suppliers", async function () {
    const { pool, usdc, interest, toReserves } = await loadFixture(deployWithReserves);
    expect(toReserves).to.equal((interest * USDC_RESERVE_FACTOR) / BPS);
    const data = await pool.reserveData(usdc);
    expect(data.reserves).to.equal(toReserves);
    expect(data.totalSupplyAssets).to.equal(SUPPLIED + 1n + interest - toReserves);
  });

  it("pays the treasury all reserves once the liquidity is back", async function () {
    const { pool, usdc, alice, treasury } = await loadFixture(deployWithReserves);
    const data = await pool.reserveData(usdc);
    await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice); // accrues one more second first
    const { toReserves } = expectedInterest(data.totalBorrowAssets, data.borrowRatePerSecond, 1n, USDC_RESERVE_FACTOR);
    const reserves = (await pool.reserveData(usdc)).reserves;
    expect(reserves).to.equal(data.reserves + toReserves);
    const collect = pool.connect(treasury).collectReserves(usdc, treasury);
    await expect(collect).to.emit(pool, "ReservesCollected").withArgs(usdc, treasury.address, reserves);
    await expect(collect).to.changeTokenBalances(usdc, [pool, treasury], [-reserves, reserves]);
    expect((await pool.reserveData(usdc)).reserves).to.equal(0n);
  });

  it("pays only idle liquidity while reserves are lent out", async function () {
    const { pool, usdc, alice, treasury } = await loadFixture(deployWithReserves);
    // At 100% utilization the reserves themselves are lent out: only the 1 wei Dave supplied is idle.
    await expect(pool.connect(treasury).collectReserves(usdc, treasury))
      .to.emit(pool, "ReservesCollected")
      .withArgs(usdc, treasury.address, 1);

    const repaid = units(1_000, 6);
    await pool.connect(alice).repay(usdc, repaid, alice);
    const data = await pool.reserveData(usdc);
    expect(data.reserves).to.be.greaterThan(repaid);
    await expect(pool.connect(treasury).collectReserves(usdc, treasury))
      .to.emit(pool, "ReservesCollected")
      .withArgs(usdc, treasury.address, repaid);
    // collectReserves accrued one more second first.
    const { toReserves } = expectedInterest(data.totalBorrowAssets, data.borrowRatePerSecond, 1n, USDC_RESERVE_FACTOR);
    expect((await pool.reserveData(usdc)).reserves).to.equal(data.reserves + toReserves - repaid);
  });

  it("reverts AccessManagedUnauthorized for a caller without the treasury role, even the admin", async function () {
    const { pool, usdc, deployer, bob } = await loadFixture(deployWithReserves);
    for (const caller of [deployer, bob]) {
      await expect(pool.connect(caller).collectReserves(usdc, caller))
        .to.be.revertedWithCustomError(pool, "AccessManagedUnauthorized")
        .withArgs(caller.address);
    }
  });

  it("reverts ZeroAddress when collecting to the zero address", async function () {
    const { pool, usdc, treasury } = await loadFixture(deployWithReserves);
    await expect(pool.connect(treasury).collectReserves(usdc, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      pool,
      "ZeroAddress",
    );
  });
});

describe("LendingPool.supplyRatePerSecond", function () {
  const cases = [
    ["10%", units("0.1", 18)],
    ["50%", units("0.5", 18)],
    ["90% (the kink)", units("0.9", 18)],
    ["97%", units("0.97", 18)],
    ["100%", WAD],
  ] as const;

  for (const [label, target] of cases) {
    it(`equals borrow rate × utilization × (1 − reserve factor) within rounding at ${label} utilization`, async function () {
      const { pool, usdc, wbtc, alice, bob, dave } = await loadFixture(deployLending);
      await pool.connect(bob).supply(usdc, SUPPLIED, bob);
      await pool.connect(alice).supply(wbtc, units(100, 8), alice);
      await pool.connect(alice).borrow(usdc, (SUPPLIED * target) / WAD, alice);

      const borrowRate = await pool.borrowRatePerSecond(usdc);
      const utilization = await pool.utilizationWad(usdc);
      expect(utilization).to.equal(target);
      const supplyRate = await pool.supplyRatePerSecond(usdc);
      // Exact value times WAD × BPS; the pool rounds down twice, so it is at most 2 wei under.
      const exactScaled = borrowRate * utilization * (BPS - USDC_RESERVE_FACTOR);
      expect(supplyRate * WAD * BPS).to.be.at.most(exactScaled);
      expect((supplyRate + 2n) * WAD * BPS).to.be.greaterThan(exactScaled);

      // And it predicts what suppliers earn: one hour of supplier growth ≈ supply rate × supplied × 3,600 s.
      const before = await pool.reserveData(usdc);
      await time.setNextBlockTimestamp(before.lastUpdate + 3_600n);
      await pool.connect(dave).supply(usdc, 1n, dave);
      const earned = (await pool.reserveData(usdc)).totalSupplyAssets - before.totalSupplyAssets - 1n;
      const predicted = (supplyRate * before.totalSupplyAssets * 3_600n) / WAD;
      expect(Number(earned)).to.be.closeTo(Number(predicted), Number(predicted) * 1e-3 + 2);
    });
  }
});

describe("LendingPool indices", function () {
  const EXPECTED_FAILURES = [
    "InsufficientCollateral",
    "InsufficientLiquidity",
    "InsufficientSupply",
    "NoDebt",
    "ZeroShares",
  ] as const;

  /** Two active markets with a passive supplier (Bob) and a passive borrower (Carol); Alice and Dave act. */
  async function deployActiveMarkets() {
    const lending = await loadFixture(deployLending);
    const { pool, usdc, weth, wbtc, alice, bob, carol, dave } = lending;
    await pool.connect(bob).supply(usdc, units(1_000_000, 6), bob);
    await pool.connect(bob).supply(weth, units(1_000, 18), bob);
    for (const user of [alice, carol, dave]) await pool.connect(user).supply(wbtc, units(50, 8), user);
    await pool.connect(carol).borrow(usdc, units(300_000, 6), carol);
    await pool.connect(carol).borrow(weth, units(200, 18), carol);
    // The actors start with something to withdraw and something to repay in both markets.
    for (const user of [alice, dave]) {
      await pool.connect(user).supply(usdc, units(10_000, 6), user);
      await pool.connect(user).supply(weth, units(10, 18), user);
      await pool.connect(user).borrow(usdc, units(20_000, 6), user);
      await pool.connect(user).borrow(weth, units(20, 18), user);
    }
    await elapse(lending, 30n * 86_400n);
    return lending;
  }

  type Action =
    | {
        kind: "supply" | "withdraw" | "borrow" | "repay";
        actor: number;
        market: number;
        size: "wei" | "milliTokens" | "all";
        n: bigint;
      }
    | { kind: "wait"; seconds: number };

  const actionArb: fc.Arbitrary<Action> = fc.oneof(
    fc.record({
      kind: fc.constantFrom("supply" as const, "withdraw" as const, "borrow" as const, "repay" as const),
      actor: fc.nat({ max: 1 }),
      market: fc.nat({ max: 1 }),
      // 1 wei to 1,000,000 wei, 0.001 to 1,000 whole tokens, or everything (withdraw and repay only).
      size: fc.constantFrom("wei" as const, "milliTokens" as const, "all" as const),
      n: fc.bigInt({ min: 1n, max: 1_000_000n }),
    }),
    fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 400 * 86_400 }) }),
  );

  it("never lets supply assets per share fall, nor debt per share fall by more than one share or wei of rounding", async function () {
    const settings = propertySettings("indices monotonic");
    this.timeout(settings.mochaTimeout);
    await assertProperty(
      fc.asyncProperty(fc.array(actionArb, { minLength: 4, maxLength: 12 }), async (actions) => {
        const lending = await loadFixture(deployActiveMarkets);
        const { pool, oracle, usdc, weth, alice, bob, dave } = lending;
        const markets = [
          { token: usdc, unit: 10n ** 6n },
          { token: weth, unit: 10n ** 18n },
        ];
        const actors = [alice, dave];
        const snapshot = () => Promise.all(markets.map((m) => pool.reserveData(m.token)));
        let previous = await snapshot();
        let bobBalances = await Promise.all(markets.map((m) => pool.supplyBalance(m.token, bob)));

        for (const action of actions) {
          if (action.kind === "wait") {
            await elapse(lending, action.seconds);
          } else {
            const { token, unit } = markets[action.market];
            const user = actors[action.actor];
            const some = action.size === "wei" ? action.n : (action.n * unit) / 1_000n;
            const amount = action.size === "all" ? ethers.MaxUint256 : some;
            const send = {
              supply: () => pool.connect(user).supply(token, some, user),
              withdraw: () => pool.connect(user).withdraw(token, amount, user),
              borrow: () => pool.connect(user).borrow(token, some, user),
              repay: () => pool.connect(user).repay(token, amount, user),
            }[action.kind];
            try {
              await send();
            } catch (error) {
              const name = customErrorName(error, pool, oracle);
              if (!EXPECTED_FAILURES.includes(name as (typeof EXPECTED_FAILURES)[number])) throw error;
            }
          }

          const current = await snapshot();
          for (let i = 0; i < markets.length; i++) {
            const [a, b] = [previous[i], current[i]];
            // Supply side, exactly: (A' + 1) / (S' + 1e6) ≥ (A + 1) / (S + 1e6).
            expect((b.totalSupplyAssets + VIRTUAL_ASSETS) * (a.totalSupplyShares + VIRTUAL_SHARES)).to.be.at.least(
              (a.totalSupplyAssets + VIRTUAL_ASSETS) * (b.totalSupplyShares + VIRTUAL_SHARES),
            );
            // Debt side: borrows mint shares rounded up and repayments burn shares rounded down (both against the
            // acting borrower), which lowers debt per share by at most one share's worth; a full repayment rounds
            // the amount up, at most one wei over the remaining shares.
            if (b.totalBorrowShares !== 0n) {
              const lhs = (b.totalBorrowAssets + VIRTUAL_ASSETS) * (a.totalBorrowShares + VIRTUAL_SHARES);
              const rhs = (a.totalBorrowAssets + VIRTUAL_ASSETS) * (b.totalBorrowShares + VIRTUAL_SHARES);
              const tolerance = a.totalBorrowAssets + VIRTUAL_ASSETS + a.totalBorrowShares + VIRTUAL_SHARES;
              expect(lhs + tolerance).to.be.at.least(rhs);
            }
          }
          // A passive supplier's balance never goes down.
          const bobNow = await Promise.all(markets.map((m) => pool.supplyBalance(m.token, bob)));
          bobNow.forEach((balance, i) => expect(balance).to.be.at.least(bobBalances[i]));
          bobBalances = bobNow;
          previous = current;
        }
      }),
      settings,
    );
  });
});
