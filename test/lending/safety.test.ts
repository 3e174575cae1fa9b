import { expect } from "chai";
import fc from "fast-check";
import type { ContractTransactionResponse } from "ethers";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { ROLES } from "../../scripts/lib/roles";
import {
  FeeOnTransferToken__factory,
  NoReturnToken__factory,
  ReentrantToken__factory,
  type MockERC20,
} from "../../typechain-types";
import {
  customErrorName,
  decodeCustomError,
  deployLending,
  elapse,
  listMarket,
  assertProperty,
  propertySettings,
  refreshPrices,
  setPrice,
  units,
  type Lending,
} from "../fixtures";
import { PAUSE_BORROW, PAUSE_SUPPLY } from "../../scripts/lib/lending";
import { WAD } from "../../scripts/lib/units";

// Every fixture here starts from `loadFixture(deployLending)`: the Ignition deployment runs once and each fixture
// snapshots its own setup on top of it (loadFixture re-runs a fixture whose snapshot an earlier revert discarded).
const BPS = 10_000n;

const divUp = (x: bigint, d: bigint): bigint => (x + d - 1n) / d;

/** Sends the transactions with automine off and mines them in one block, so that no interest accrues in between. */
async function mineTogether(...sends: (() => Promise<ContractTransactionResponse>)[]): Promise<void> {
  await network.provider.send("evm_setAutomine", [false]);
  const sent: ContractTransactionResponse[] = [];
  try {
    for (const send of sends) sent.push(await send());
    await network.provider.send("evm_mine", []);
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
  const receipts = await Promise.all(sent.map((tx) => tx.wait()));
  expect(new Set(receipts.map((receipt) => receipt?.blockNumber)).size).to.equal(1);
}

function tokensOf(lending: Lending): { token: MockERC20; decimals: bigint }[] {
  return [
    { token: lending.usdc, decimals: 6n },
    { token: lending.wbtc, decimals: 8n },
    { token: lending.weth, decimals: 18n },
  ];
}

// ───────── first depositor / donation ─────────

describe("LendingPool against a first-depositor donation attack", function () {
  it("gives a victim's 1 USDC deposit its full value after a 1-wei supply and a 1,000,000 USDC donation", async function () {
    const { pool, usdc, alice: victim, bob: attacker } = await loadFixture(deployLending);
    const attackerStart = await usdc.balanceOf(attacker);
    const donation = units(1_000_000, 6);

    await pool.connect(attacker).supply(usdc, 1n, attacker);
    await usdc.connect(attacker).transfer(pool, donation);
    // The donation is idle tokens, not supplied assets: the share price does not move.
    expect((await pool.reserveData(usdc)).totalSupplyAssets).to.equal(1n);

    await pool.connect(victim).supply(usdc, units(1, 6), victim);
    const [victimShares] = await pool.position(usdc, victim);
    expect(victimShares).to.equal(units(1, 6) * 10n ** 6n);
    expect(await pool.supplyBalance(usdc, victim)).to.equal(units(1, 6));

    await expect(pool.connect(victim).withdraw(usdc, ethers.MaxUint256, victim)).to.changeTokenBalance(
      usdc,
      victim,
      units(1, 6),
    );
    await pool.connect(attacker).withdraw(usdc, ethers.MaxUint256, attacker);
    expect(await usdc.balanceOf(attacker)).to.equal(attackerStart - donation);
  });

  it("never lets the victim lose more than 1 wei nor the attacker profit, whatever the seed and donation", async function () {
    const settings = propertySettings("donation attack");
    this.timeout(settings.mochaTimeout);
    await assertProperty(
      fc.asyncProperty(
        fc.nat({ max: 2 }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.bigInt({ min: 0n, max: 10n ** 7n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        async (market, seedWei, donatedTokens, victimWei) => {
          const lending = await loadFixture(deployLending);
          const { pool, alice: victim, bob: attacker } = lending;
          const { token, decimals } = tokensOf(lending)[market];
          const donation = donatedTokens * 10n ** decimals;
          await token.mint(attacker, donation);
          const attackerStart = await token.balanceOf(attacker);
          const victimStart = await token.balanceOf(victim);

          await pool.connect(attacker).supply(token, seedWei, attacker);
          if (donation > 0n) await token.connect(attacker).transfer(pool, donation);
          await pool.connect(victim).supply(token, victimWei, victim);
          await pool.connect(victim).withdraw(token, ethers.MaxUint256, victim);
          await pool.connect(attacker).withdraw(token, ethers.MaxUint256, attacker);

          const victimLoss = victimStart - (await token.balanceOf(victim));
          expect(victimLoss).to.be.within(0n, 1n);
          expect(await token.balanceOf(attacker)).to.be.at.most(attackerStart - donation);
        },
      ),
      settings,
    );
  });
});

// ───────── rounding loops ─────────

describe("LendingPool rounding in loops", function () {
  /**
   * Markets whose share prices are no longer round (Dave borrowed for a year, then repaid), with Bob's liquidity and
   * no outside borrower left, so that the only interest Carol could earn is her own. Carol holds 10 WBTC collateral.
   */
  async function deployRoundingLoop() {
    const lending = await loadFixture(deployLending);
    const { pool, usdc, weth, wbtc, bob, carol, dave } = lending;
    await pool.connect(bob).supply(usdc, units(1_000_000, 6), bob);
    await pool.connect(bob).supply(weth, units(1_000, 18), bob);
    await pool.connect(dave).supply(wbtc, units(100, 8), dave);
    await pool.connect(dave).borrow(usdc, units(700_000, 6), dave);
    await pool.connect(dave).borrow(weth, units(700, 18), dave);
    await elapse(lending, 365n * 86_400n);
    await pool.connect(dave).repay(usdc, ethers.MaxUint256, dave);
    await pool.connect(dave).repay(weth, ethers.MaxUint256, dave);
    await pool.connect(carol).supply(wbtc, units(10, 8), carol);
    return lending;
  }

  const EXPECTED_FAILURES = [
    "InsufficientCollateral",
    "InsufficientLiquidity",
    "InsufficientSupply",
    "NoDebt",
    "ZeroShares",
  ];

  const stepArb = fc.record({
    op: fc.constantFrom("supply" as const, "withdraw" as const, "borrow" as const, "repay" as const),
    market: fc.constantFrom(0, 2), // USDC, WETH
    size: fc.constantFrom("wei" as const, "milliTokens" as const, "all" as const),
    n: fc.bigInt({ min: 1n, max: 1_000_000n }),
  });

  it("never hands a user more tokens than they put in, over any sequence of supply/withdraw/borrow/repay", async function () {
    const settings = propertySettings("rounding loops");
    this.timeout(settings.mochaTimeout);
    await assertProperty(
      fc.asyncProperty(fc.array(stepArb, { minLength: 2, maxLength: 14 }), async (steps) => {
        const lending = await loadFixture(deployRoundingLoop);
        const { pool, oracle, carol } = lending;
        const markets = tokensOf(lending);
        // What Carol owns at the start: her wallet plus what she has supplied (her WBTC collateral).
        const start = await Promise.all(
          markets.map(async (m) => (await m.token.balanceOf(carol)) + (await pool.supplyBalance(m.token, carol))),
        );

        for (const step of steps) {
          const { token, decimals } = markets[step.market];
          const some = step.size === "wei" ? step.n : (step.n * 10n ** decimals) / 1_000n;
          const amount = step.size === "all" ? ethers.MaxUint256 : some;
          const send = {
            supply: () => pool.connect(carol).supply(token, some, carol),
            withdraw: () => pool.connect(carol).withdraw(token, amount, carol),
            borrow: () => pool.connect(carol).borrow(token, some, carol),
            repay: () => pool.connect(carol).repay(token, amount, carol),
          }[step.op];
          try {
            await send();
          } catch (error) {
            if (!EXPECTED_FAILURES.includes(customErrorName(error, pool, oracle) ?? "")) throw error;
          }
        }

        // Unwind everything: repay all debt, then withdraw all supply.
        for (const { token } of markets) {
          const [, borrowShares] = await pool.position(token, carol);
          if (borrowShares !== 0n) await pool.connect(carol).repay(token, ethers.MaxUint256, carol);
        }
        for (const { token } of markets) {
          const [supplyShares] = await pool.position(token, carol);
          if (supplyShares !== 0n) await pool.connect(carol).withdraw(token, ethers.MaxUint256, carol);
          expect([...(await pool.position(token, carol))]).to.deep.equal([0n, 0n]);
        }
        for (const [i, { token }] of markets.entries()) {
          expect(await token.balanceOf(carol)).to.be.at.most(start[i]);
        }
      }),
      settings,
    );
  });
});

// ───────── decimals ─────────

describe("LendingPool with 6-, 8- and 18-decimal assets", function () {
  async function deployLiquidity() {
    const lending = await loadFixture(deployLending);
    const { pool, usdc, weth, bob } = lending;
    await pool.connect(bob).supply(usdc, units(1_000_000, 6), bob);
    await pool.connect(bob).supply(weth, units(1_000, 18), bob);
    return lending;
  }

  it("records each asset's decimals", async function () {
    const { pool, usdc, wbtc, weth } = await loadFixture(deployLiquidity);
    expect((await pool.reserveData(usdc)).decimals).to.equal(6n);
    expect((await pool.reserveData(wbtc)).decimals).to.equal(8n);
    expect((await pool.reserveData(weth)).decimals).to.equal(18n);
  });

  it("values 1 WBTC of collateral against 10,000 USDC and 2 WETH of debt exactly in USD wads", async function () {
    const { pool, usdc, wbtc, weth, alice } = await loadFixture(deployLiquidity);
    await pool.connect(alice).supply(wbtc, units(1, 8), alice);
    await mineTogether(
      () => pool.connect(alice).borrow(usdc, units(10_000, 6), alice),
      () => pool.connect(alice).borrow(weth, units(2, 18), alice),
    );
    const [collateralValue, debtValue, borrowLimit, healthFactor] = await pool.accountData(alice);
    expect(collateralValue).to.equal(units(60_000, 18));
    expect(debtValue).to.equal(units(16_000, 18));
    expect(borrowLimit).to.equal(units(42_000, 18)); // 70% LTV
    expect(healthFactor).to.equal(units("2.8125", 18)); // 60,000 × 75% / 16,000
    expect(await pool.healthFactor(alice)).to.equal(healthFactor);
    expect(await usdc.balanceOf(alice)).to.equal(units(1_000_000_000, 6) + units(10_000, 6));
    expect(await weth.balanceOf(alice)).to.equal(units(1_000_000_000, 18) + units(2, 18));
  });

  it("values awkward amounts at awkward prices with collateral rounded down and debt rounded up", async function () {
    const { pool, usdc, wbtc, weth, wbtcFeed, wethFeed, alice } = await loadFixture(deployLiquidity);
    const wbtcPrice = 6_123_456_789_012n; // $61,234.56789012 (8 decimals)
    const wethPrice = 321_098_765_432n; // $3,210.98765432
    await wbtcFeed.updateAnswer(wbtcPrice);
    await wethFeed.updateAnswer(wethPrice);
    const wbtcSupplied = 12_345_678n; // 0.12345678 WBTC
    const usdcSupplied = 1_000_000_001n; // 1,000.000001 USDC
    const usdcBorrowed = 12_345_678n; // 12.345678 USDC
    const wethBorrowed = 123_456_789_012_345_678n; // 0.123456789012345678 WETH
    await pool.connect(alice).supply(wbtc, wbtcSupplied, alice);
    await pool.connect(alice).supply(usdc, usdcSupplied, alice);
    await mineTogether(
      () => pool.connect(alice).borrow(usdc, usdcBorrowed, alice),
      () => pool.connect(alice).borrow(weth, wethBorrowed, alice),
    );

    // value = amount × price(8 decimals) × 1e10 / 10^decimals; collateral floors, debt ceils.
    const wbtcValue = (wbtcSupplied * wbtcPrice * 10n ** 10n) / 10n ** 8n;
    const usdcValue = (usdcSupplied * 10n ** 8n * 10n ** 10n) / 10n ** 6n;
    const debt =
      divUp(usdcBorrowed * 10n ** 8n * 10n ** 10n, 10n ** 6n) + divUp(wethBorrowed * wethPrice * 10n ** 10n, WAD);
    const limit = (wbtcValue * 7_000n) / BPS + (usdcValue * 8_000n) / BPS;
    const threshold = (wbtcValue * 7_500n) / BPS + (usdcValue * 8_500n) / BPS;

    expect([...(await pool.accountData(alice))]).to.deep.equal([
      wbtcValue + usdcValue,
      debt,
      limit,
      (threshold * WAD) / debt,
    ]);
  });

  it("lends WBTC (8 decimals) against WETH (18) and repays it to the satoshi", async function () {
    const { pool, wbtc, weth, alice, bob } = await loadFixture(deployLiquidity);
    await pool.connect(bob).supply(wbtc, units(10, 8), bob);
    await pool.connect(alice).supply(weth, units(100, 18), alice); // $300,000
    await pool.connect(alice).borrow(wbtc, 1n, alice); // one satoshi
    await pool.connect(alice).borrow(wbtc, units(3, 8), alice);
    const owed = await pool.debtBalance(wbtc, alice);
    expect(owed).to.be.greaterThan(units(3, 8));
    const repay = pool.connect(alice).repay(wbtc, ethers.MaxUint256, alice);
    await expect(repay).to.emit(pool, "Repay");
    expect(await pool.debtBalance(wbtc, alice)).to.equal(0n);
    await pool.connect(alice).withdraw(weth, ethers.MaxUint256, alice);
    expect(await weth.balanceOf(alice)).to.equal(units(1_000_000_000, 18));
  });
});

// ───────── hostile and unusual tokens ─────────

describe("LendingPool with a reentrant token", function () {
  async function deployReentrant() {
    const lending = await loadFixture(deployLending);
    const { deployer, pool, wbtc, alice, bob } = lending;
    const token = await new ReentrantToken__factory(deployer).deploy();
    await listMarket(lending, token, 1);
    for (const user of [alice, bob]) {
      await token.mint(user, units(1_000_000, 18));
      await token.connect(user).approve(pool, ethers.MaxUint256);
    }
    await pool.connect(bob).supply(token, units(100_000, 18), bob);
    await pool.connect(alice).supply(wbtc, units(1, 8), alice);
    return { ...lending, token };
  }

  it("runs the armed callback inside the pool's transferFrom (control: a harmless callback)", async function () {
    const { pool, token, usdc, alice, carol } = await loadFixture(deployReentrant);
    const before = await usdc.balanceOf(carol);
    await token.arm(usdc, usdc.interface.encodeFunctionData("mint", [carol.address, 1n]));
    await pool.connect(alice).supply(token, units(10, 18), alice);
    expect(await usdc.balanceOf(carol)).to.equal(before + 1n);
  });

  it("reverts ReentrancyGuardReentrantCall when supply's transferFrom re-enters supply", async function () {
    const { pool, token, alice } = await loadFixture(deployReentrant);
    await token.arm(pool, pool.interface.encodeFunctionData("supply", [await token.getAddress(), 1n, alice.address]));
    await expect(pool.connect(alice).supply(token, units(10, 18), alice)).to.be.revertedWithCustomError(
      pool,
      "ReentrancyGuardReentrantCall",
    );
  });

  it("reverts ReentrancyGuardReentrantCall when supply's transferFrom re-enters withdraw", async function () {
    const { pool, token, alice, bob } = await loadFixture(deployReentrant);
    await token.arm(pool, pool.interface.encodeFunctionData("withdraw", [await token.getAddress(), 1n, bob.address]));
    await expect(pool.connect(alice).supply(token, units(10, 18), alice)).to.be.revertedWithCustomError(
      pool,
      "ReentrancyGuardReentrantCall",
    );
  });

  it("reverts ReentrancyGuardReentrantCall when supply's transferFrom re-enters setCollateral", async function () {
    const { pool, token, alice } = await loadFixture(deployReentrant);
    // A no-op for the token's own empty account if it got in: only the guard stops it.
    await token.arm(pool, pool.interface.encodeFunctionData("setCollateral", [await token.getAddress(), false]));
    await expect(pool.connect(alice).supply(token, units(10, 18), alice)).to.be.revertedWithCustomError(
      pool,
      "ReentrancyGuardReentrantCall",
    );
  });

  it("reverts ReentrancyGuardReentrantCall when withdraw's transfer re-enters withdraw", async function () {
    const { pool, token, bob } = await loadFixture(deployReentrant);
    await token.arm(pool, pool.interface.encodeFunctionData("withdraw", [await token.getAddress(), 1n, bob.address]));
    await expect(pool.connect(bob).withdraw(token, units(10, 18), bob)).to.be.revertedWithCustomError(
      pool,
      "ReentrancyGuardReentrantCall",
    );
    expect(await pool.supplyBalance(token, bob)).to.equal(units(100_000, 18));
  });

  it("reverts ReentrancyGuardReentrantCall when borrow's transfer re-enters borrow", async function () {
    const { pool, token, alice } = await loadFixture(deployReentrant);
    await token.arm(pool, pool.interface.encodeFunctionData("borrow", [await token.getAddress(), 1n, alice.address]));
    await expect(pool.connect(alice).borrow(token, units(10, 18), alice)).to.be.revertedWithCustomError(
      pool,
      "ReentrancyGuardReentrantCall",
    );
  });

  it("reverts ReentrancyGuardReentrantCall when repay's transferFrom re-enters liquidate", async function () {
    const { pool, token, wbtc, alice, bob } = await loadFixture(deployReentrant);
    await pool.connect(alice).borrow(token, units(10, 18), alice);
    const liquidate = pool.interface.encodeFunctionData("liquidate", [
      alice.address,
      await token.getAddress(),
      await wbtc.getAddress(),
      1n,
      bob.address,
      false,
    ]);
    await token.arm(pool, liquidate);
    await expect(pool.connect(alice).repay(token, units(5, 18), alice)).to.be.revertedWithCustomError(
      pool,
      "ReentrancyGuardReentrantCall",
    );
  });

  it("reverts ReentrancyGuardReentrantCall when collectReserves's transfer re-enters the pool", async function () {
    const { pool, token, accessManager, deployer, alice } = await loadFixture(deployReentrant);
    await pool.connect(alice).borrow(token, units(10_000, 18), alice);
    await time.increase(365 * 86_400); // a year of interest, 10% of it to reserves
    await accessManager.grantRole(ROLES.TREASURY, deployer.address, 0);
    // The token calls back as itself: setCollateral needs no role and is a no-op for its empty account, so only the
    // guard stops it.
    await token.arm(pool, pool.interface.encodeFunctionData("setCollateral", [await token.getAddress(), false]));
    await expect(pool.connect(deployer).collectReserves(token, deployer)).to.be.revertedWithCustomError(
      pool,
      "ReentrancyGuardReentrantCall",
    );
  });
});

describe("LendingPool with a fee-on-transfer token", function () {
  async function deployFeeTokens() {
    const lending = await loadFixture(deployLending);
    const { deployer, pool, alice } = lending;
    const factory = new FeeOnTransferToken__factory(deployer);
    const feeToken = await factory.deploy(100); // 1% per transfer
    const zeroFeeToken = await factory.deploy(0);
    for (const token of [feeToken, zeroFeeToken]) {
      await listMarket(lending, token, 1);
      await token.mint(alice, units(10_000, 18));
      await token.connect(alice).approve(pool, ethers.MaxUint256);
    }
    return { ...lending, feeToken, zeroFeeToken };
  }

  it("reverts TransferAmountMismatch on supply instead of crediting tokens that never arrived", async function () {
    const { pool, feeToken, alice } = await loadFixture(deployFeeTokens);
    await expect(pool.connect(alice).supply(feeToken, units(1_000, 18), alice))
      .to.be.revertedWithCustomError(pool, "TransferAmountMismatch")
      .withArgs(units(1_000, 18), units(990, 18));
    expect([...(await pool.position(feeToken, alice))]).to.deep.equal([0n, 0n]);
    expect((await pool.reserveData(feeToken)).totalSupplyAssets).to.equal(0n);
    expect(await feeToken.balanceOf(pool)).to.equal(0n);
  });

  it("credits the same token contract normally when its fee is zero (control)", async function () {
    const { pool, zeroFeeToken, alice } = await loadFixture(deployFeeTokens);
    await pool.connect(alice).supply(zeroFeeToken, units(1_000, 18), alice);
    expect(await pool.supplyBalance(zeroFeeToken, alice)).to.equal(units(1_000, 18));
  });
});

describe("LendingPool with a no-return (USDT-style) token", function () {
  async function deployNoReturn() {
    const lending = await loadFixture(deployLending);
    const { deployer, pool, wbtc, alice, bob } = lending;
    const usdt = await new NoReturnToken__factory(deployer).deploy();
    await listMarket(lending, usdt, 1);
    for (const user of [alice, bob]) {
      await usdt.mint(user, units(1_000_000, 6));
      await usdt.connect(user).approve(pool, ethers.MaxUint256);
    }
    await pool.connect(alice).supply(wbtc, units(1, 8), alice);
    return { ...lending, usdt };
  }

  it("supplies, lends, repays and withdraws a token whose transfers return nothing", async function () {
    const { pool, usdt, alice, bob } = await loadFixture(deployNoReturn);
    await pool.connect(bob).supply(usdt, units(100_000, 6), bob);
    expect(await usdt.balanceOf(pool)).to.equal(units(100_000, 6));

    await pool.connect(alice).borrow(usdt, units(10_000, 6), alice);
    expect(await usdt.balanceOf(alice)).to.equal(units(1_010_000, 6));

    await pool.connect(alice).repay(usdt, units(4_000, 6), alice);
    await pool.connect(alice).repay(usdt, ethers.MaxUint256, alice);
    expect(await pool.debtBalance(usdt, alice)).to.equal(0n);
    expect(await usdt.balanceOf(alice)).to.be.lessThan(units(1_000_000, 6)); // paid a little interest

    await pool.connect(bob).withdraw(usdt, ethers.MaxUint256, bob);
    expect(await usdt.balanceOf(bob)).to.be.greaterThan(units(1_000_000, 6)); // earned a little interest
  });

  it("reverts with the token's own error when the allowance is missing (no silent failure)", async function () {
    const { pool, usdt, carol } = await loadFixture(deployNoReturn);
    await usdt.mint(carol, units(10, 6));
    await expect(pool.connect(carol).supply(usdt, units(10, 6), carol)).to.be.revertedWithCustomError(
      usdt,
      "Insufficient",
    );
  });
});

// ───────── health after borrow and withdraw ─────────

describe("LendingPool borrow and withdraw", function () {
  async function deployDeepLiquidity() {
    const lending = await loadFixture(deployLending);
    const { pool, usdc, wbtc, weth, bob } = lending;
    await pool.connect(bob).supply(usdc, units(100_000_000, 6), bob);
    await pool.connect(bob).supply(wbtc, units(2_000, 8), bob);
    await pool.connect(bob).supply(weth, units(50_000, 18), bob);
    return lending;
  }

  const attemptArb = fc.record({
    op: fc.constantFrom("borrow" as const, "withdraw" as const, "repay" as const),
    market: fc.nat({ max: 2 }),
    // A fraction of the room left (borrow) or of the balance (withdraw, repay), most often right at the edge.
    fractionBps: fc.oneof(fc.bigInt({ min: 9_990n, max: 10_010n }), fc.bigInt({ min: 1n, max: 15_000n })),
    all: fc.boolean(),
  });

  it("either reverts InsufficientCollateral or leaves debt within the borrow limit and health factor ≥ 1", async function () {
    const settings = propertySettings("borrow/withdraw keep positions healthy");
    this.timeout(settings.mochaTimeout);
    await assertProperty(
      fc.asyncProperty(
        fc.integer({ min: 10_000, max: 150_000 }),
        fc.integer({ min: 500, max: 10_000 }),
        fc.tuple(
          fc.bigInt({ min: 0n, max: 10n ** 12n }), // up to 1,000,000 USDC
          fc.bigInt({ min: 1n, max: 10n ** 9n }), // up to 10 WBTC, always some
          fc.bigInt({ min: 0n, max: 10n ** 20n }), // up to 100 WETH
        ),
        fc.array(attemptArb, { minLength: 3, maxLength: 12 }),
        async (wbtcUsd, wethUsd, collateral, attempts) => {
          const lending = await loadFixture(deployDeepLiquidity);
          const { pool, oracle, alice } = lending;
          await setPrice(lending.wbtcFeed, wbtcUsd);
          await setPrice(lending.wethFeed, wethUsd);
          const markets = tokensOf(lending);
          for (const [i, { token }] of markets.entries()) {
            if (collateral[i] !== 0n) await pool.connect(alice).supply(token, collateral[i], alice);
          }

          for (const attempt of attempts) {
            const { token, decimals } = markets[attempt.market];
            let send: () => Promise<ContractTransactionResponse>;
            if (attempt.op === "borrow") {
              const [, debtValue, borrowLimit] = await pool.accountData(alice);
              const room = borrowLimit > debtValue ? borrowLimit - debtValue : 0n;
              const price = await oracle.price(token);
              const amount = (room * 10n ** decimals * attempt.fractionBps) / (price * BPS);
              send = () => pool.connect(alice).borrow(token, amount === 0n ? 1n : amount, alice);
            } else if (attempt.op === "withdraw") {
              const balance = await pool.supplyBalance(token, alice);
              const amount = attempt.all ? ethers.MaxUint256 : (balance * attempt.fractionBps) / BPS;
              send = () => pool.connect(alice).withdraw(token, amount === 0n ? 1n : amount, alice);
            } else {
              const debt = await pool.debtBalance(token, alice);
              const amount = attempt.all ? ethers.MaxUint256 : (debt * attempt.fractionBps) / BPS;
              send = () => pool.connect(alice).repay(token, amount === 0n ? 1n : amount, alice);
            }

            try {
              await send();
            } catch (error) {
              const decoded = decodeCustomError(error, pool, oracle);
              if (decoded?.name === "InsufficientCollateral") {
                const limit: bigint = decoded.args[0];
                const debt: bigint = decoded.args[1];
                expect(debt).to.be.greaterThan(limit);
                continue;
              }
              const benign = ["InsufficientSupply", "NoDebt", "ZeroShares"];
              if (!benign.includes(decoded?.name ?? "")) throw error;
              continue;
            }
            const [, debtValue, borrowLimit, healthFactor] = await pool.accountData(alice);
            expect(debtValue).to.be.at.most(borrowLimit);
            expect(healthFactor).to.be.at.least(WAD);
          }
        },
      ),
      settings,
    );
  });

  it("reverts InsufficientCollateral one wei of USDC past the borrow limit and accepts the limit itself", async function () {
    const { pool, usdc, wbtc, alice } = await loadFixture(deployDeepLiquidity);
    await pool.connect(alice).supply(wbtc, units(1, 8), alice); // limit $42,000
    await expect(pool.connect(alice).borrow(usdc, units(42_000, 6) + 1n, alice))
      .to.be.revertedWithCustomError(pool, "InsufficientCollateral")
      .withArgs(units(42_000, 18), units(42_000, 18) + 10n ** 12n);
    await pool.connect(alice).borrow(usdc, units(42_000, 6), alice);
    const [, debtValue, borrowLimit] = await pool.accountData(alice);
    expect(debtValue).to.equal(borrowLimit);
  });

  it("reverts InsufficientCollateral for a withdrawal that would leave the debt above the limit", async function () {
    const { pool, usdc, wbtc, alice } = await loadFixture(deployDeepLiquidity);
    await pool.connect(alice).supply(wbtc, units(1, 8), alice);
    await pool.connect(alice).borrow(usdc, units(21_000, 6), alice); // needs half of the WBTC
    // 0.49999999 WBTC left: $29,999.9994 × 70%.
    await expect(pool.connect(alice).withdraw(wbtc, units("0.5", 8) + 1n, alice))
      .to.be.revertedWithCustomError(pool, "InsufficientCollateral")
      .withArgs(units("20999.99958", 18), (debt: bigint) => debt > units(21_000, 18));
    expect(await pool.supplyBalance(wbtc, alice)).to.equal(units(1, 8));
  });
});

// ───────── repay is always possible ─────────

describe("LendingPool.repay is always possible", function () {
  /** Alice borrows USDC and WETH against WBTC; Dave is the guardian. */
  async function deployLoans() {
    const lending = await loadFixture(deployLending);
    const { pool, accessManager, deployer, usdc, weth, wbtc, alice, bob, dave } = lending;
    await accessManager.connect(deployer).grantRole(ROLES.GUARDIAN, dave, 0);
    await pool.connect(bob).supply(usdc, units(1_000_000, 6), bob);
    await pool.connect(bob).supply(weth, units(1_000, 18), bob);
    await pool.connect(alice).supply(wbtc, units(10, 8), alice);
    await pool.connect(alice).borrow(usdc, units(100_000, 6), alice);
    await pool.connect(alice).borrow(weth, units(50, 18), alice);
    return lending;
  }

  it("accepts partial and full repayment while the asset is paused for supply and borrow", async function () {
    const { pool, usdc, alice, dave } = await loadFixture(deployLoans);
    await pool.connect(dave).pauseAsset(usdc, PAUSE_SUPPLY | PAUSE_BORROW);
    await expect(pool.connect(alice).supply(usdc, 1n, alice))
      .to.be.revertedWithCustomError(pool, "OperationPaused")
      .withArgs(usdc, PAUSE_SUPPLY);
    await expect(pool.connect(alice).borrow(usdc, 1n, alice))
      .to.be.revertedWithCustomError(pool, "OperationPaused")
      .withArgs(usdc, PAUSE_BORROW);

    await pool.connect(alice).repay(usdc, units(10_000, 6), alice);
    await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
    expect(await pool.debtBalance(usdc, alice)).to.equal(0n);
  });

  it("accepts repayment while paused and the oracle is stale, then lets the collateral out with no price", async function () {
    const { pool, oracle, usdc, weth, wbtc, alice, bob, dave } = await loadFixture(deployLoans);
    for (const asset of [usdc, weth, wbtc]) await pool.connect(dave).pauseAsset(asset, PAUSE_SUPPLY | PAUSE_BORROW);
    await time.increase(3n * 86_400n);
    await expect(oracle.price(usdc)).to.be.revertedWithCustomError(oracle, "StalePrice");

    // Bob repays part of Alice's WETH debt on her behalf; Alice repays the rest.
    await pool.connect(bob).repay(weth, units(10, 18), alice);
    await pool.connect(alice).repay(weth, ethers.MaxUint256, alice);
    await pool.connect(alice).repay(usdc, ethers.MaxUint256, alice);
    expect(await pool.debtBalance(usdc, alice)).to.equal(0n);
    expect(await pool.debtBalance(weth, alice)).to.equal(0n);

    // Without debt, a withdrawal needs no price.
    await pool.connect(alice).withdraw(wbtc, ethers.MaxUint256, alice);
    expect([...(await pool.position(wbtc, alice))]).to.deep.equal([0n, 0n]);
  });

  it("accepts repayment of any amount whatever the pause flags and the oracle's state", async function () {
    const settings = propertySettings("repay always possible");
    this.timeout(settings.mochaTimeout);
    await assertProperty(
      fc.asyncProperty(
        fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 })),
        fc.constantFrom("fresh" as const, "stale" as const, "zero" as const, "negative" as const),
        fc.nat({ max: 1 }),
        fc.boolean(),
        fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 200_000_000n })),
        async (flags, oracleState, market, byBob, milli) => {
          const lending = await loadFixture(deployLoans);
          const { pool, alice, bob, dave } = lending;
          const [usdcMarket, , wethMarket] = tokensOf(lending);
          for (const [i, { token }] of tokensOf(lending).entries()) {
            if (flags[i] !== 0) await pool.connect(dave).pauseAsset(token, flags[i]);
          }
          const feeds = [lending.usdcFeed, lending.wbtcFeed, lending.wethFeed];
          if (oracleState === "stale") await time.increase(2n * 86_400n);
          if (oracleState === "zero") for (const feed of feeds) await feed.updateAnswer(0);
          if (oracleState === "negative") for (const feed of feeds) await feed.updateAnswer(-1);
          if (oracleState === "fresh") await refreshPrices(lending);

          const { token, decimals } = [usdcMarket, wethMarket][market];
          const payer = byBob ? bob : alice;
          const debtBefore = await pool.debtBalance(token, alice);
          // 0 stands for "everything"; otherwise 0.001 to 200,000 whole tokens (past every debt here).
          const amount = milli === 0n ? ethers.MaxUint256 : (milli * 10n ** decimals) / 1_000n;
          const receipt = await (await pool.connect(payer).repay(token, amount, alice)).wait();
          const repay = (receipt?.logs ?? [])
            .map((log) => pool.interface.parseLog(log))
            .find((event) => event?.name === "Repay");
          expect(repay, "Repay event").to.not.equal(undefined);
          const repaid: bigint = repay?.args.assets;
          const debtAfter = await pool.debtBalance(token, alice);
          if (debtAfter === 0n) {
            expect(repaid).to.be.at.least(debtBefore); // everything, interest included
          } else {
            expect(repaid).to.equal(amount);
            expect(debtAfter + amount).to.be.at.least(debtBefore);
          }
        },
      ),
      settings,
    );
  });
});
