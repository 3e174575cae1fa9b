import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { ethers } from "hardhat";

import { deployIntents, listMarket, setPrice, signedIntent, units } from "../fixtures";
import { Action, healthFactorConditionData, priceConditionData } from "../../scripts/lib/intents";
import { checkHealthConditionGas } from "../../scripts/lib/intent-book";
import { revertData, UserError } from "../../scripts/lib/errors";
import { HostileCondition__factory } from "../../typechain-types";

const USDC = (n: number | string) => units(n, 6);
const WAD = (n: number | string) => units(n, 18);

/** Alice pays Bob 10 USDC when WETH is above (or below) `thresholdUsd`. */
async function priceGated(f: Awaited<ReturnType<typeof deployIntents>>, thresholdUsd: number, above: boolean) {
  return signedIntent(f.executor, f.alice, {
    token: await f.usdc.getAddress(),
    recipient: f.bob.address,
    amount: USDC(10),
    validUntil: (await time.latest()) + 30 * 86_400,
    condition: await f.priceCondition.getAddress(),
    conditionData: priceConditionData(await f.weth.getAddress(), WAD(thresholdUsd), above),
  });
}

/**
 * Bob borrows 20,000 USDC against 10 WETH at $3,000: health factor 30,000 × 82.5% / 20,000 = 1.2375. His
 * "loan protection" intent repays 2,000 USDC whenever the health factor falls below 1.2.
 */
async function withProtectedLoan() {
  const f = await loadFixture(deployIntents);
  const { pool, usdc, weth, alice, bob } = f;
  await pool.connect(alice).supply(usdc, USDC(100_000), alice.address);
  await pool.connect(bob).supply(weth, units(10, 18), bob.address);
  await pool.connect(bob).borrow(usdc, USDC(20_000), bob.address);
  const protection = await signedIntent(f.executor, bob, {
    token: await usdc.getAddress(),
    action: Action.REPAY,
    amount: USDC(2_000),
    maxFee: USDC(2),
    interval: 86_400,
    maxRuns: 10,
    validUntil: (await time.latest()) + 30 * 86_400,
    condition: await f.healthFactorCondition.getAddress(),
    conditionData: healthFactorConditionData(WAD("1.2")),
  });
  return { ...f, protection };
}

describe("PriceCondition", function () {
  it("above: not met at or below the threshold, met above it", async function () {
    const f = await loadFixture(deployIntents);
    const { intent, signature } = await priceGated(f, 3_500, true);
    await expect(f.executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "ConditionNotMet")
      .withArgs(f.priceCondition);
    await setPrice(f.wethFeed, 3_500);
    await expect(f.executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(
      f.executor,
      "ConditionNotMet",
    );
    await setPrice(f.wethFeed, "3500.00000001");
    await expect(f.executor.execute(intent, signature, 0n)).to.emit(f.executor, "IntentExecuted");
  });

  it("below: not met above the threshold, met below it", async function () {
    const f = await loadFixture(deployIntents);
    const { intent, signature } = await priceGated(f, 2_500, false);
    await expect(f.executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "ConditionNotMet")
      .withArgs(f.priceCondition);
    await setPrice(f.wethFeed, 2_499);
    await expect(f.executor.execute(intent, signature, 0n)).to.emit(f.executor, "IntentExecuted");
  });

  it("a stale price is not met (ConditionNotMet), even when the last answer satisfies the threshold", async function () {
    const f = await loadFixture(deployIntents);
    const { intent, signature } = await priceGated(f, 2_500, true); // $3,000 > $2,500: met while fresh
    const data = priceConditionData(await f.weth.getAddress(), WAD(2_500), true);
    expect(await f.priceCondition.check(f.alice.address, data)).to.equal(true);

    await time.increase(86_401); // past the 1-day heartbeat
    await expect(f.oracle.price(f.weth)).to.be.revertedWithCustomError(f.oracle, "StalePrice");
    expect(await f.priceCondition.check(f.alice.address, data)).to.equal(false);
    await expect(f.executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "ConditionNotMet")
      .withArgs(f.priceCondition);
  });
});

describe("HealthFactorCondition (loan protection)", function () {
  it("does not fire while the health factor is at or above 1.2 (ConditionNotMet)", async function () {
    const { executor, pool, healthFactorCondition, bob, carol, protection } = await loadFixture(withProtectedLoan);
    expect(await pool.healthFactor(bob.address)).to.equal(WAD("1.2375"));
    await expect(executor.connect(carol).execute(protection.intent, protection.signature, USDC(2)))
      .to.be.revertedWithCustomError(executor, "ConditionNotMet")
      .withArgs(healthFactorCondition);
  });

  it("fires once the collateral price falls below the threshold, and the repayment raises the health factor", async function () {
    const { executor, pool, usdc, wethFeed, bob, carol, protection } = await loadFixture(withProtectedLoan);
    await setPrice(wethFeed, 2_900); // 29,000 × 82.5% / 20,000 ≈ 1.196
    const healthBefore = await pool.healthFactor(bob.address);
    expect(healthBefore).to.be.lessThan(WAD("1.2"));
    const debtBefore = await pool.debtBalance(usdc, bob.address);

    await expect(executor.connect(carol).execute(protection.intent, protection.signature, USDC(2)))
      .to.emit(executor, "IntentExecuted")
      .withArgs(protection.hash, bob.address, carol.address, USDC(2_000), USDC(2), 1n);
    expect(await pool.debtBalance(usdc, bob.address)).to.be.closeTo(debtBefore - USDC(2_000), 100n);
    const healthAfter = await pool.healthFactor(bob.address);
    expect(healthAfter).to.be.greaterThan(WAD("1.2")); // 23,925 / 18,000 ≈ 1.329
  });

  it("is not met without debt, nor when the health factor cannot be computed", async function () {
    const { healthFactorCondition, alice, bob } = await loadFixture(withProtectedLoan);
    const data = healthFactorConditionData(WAD("1.2"));
    expect(await healthFactorCondition.check(alice.address, data)).to.equal(false); // no debt: infinite health
    expect(await healthFactorCondition.check(bob.address, healthFactorConditionData(WAD(2)))).to.equal(true);
    await time.increase(86_401); // every price is stale
    expect(await healthFactorCondition.check(bob.address, healthFactorConditionData(WAD(2)))).to.equal(false);
  });
});

/** Bob's protected loan, his account spread over `assets` assets: WETH and USDC, and $1 of each new one. */
async function protectedLoanOver(assets: number) {
  const f = await withProtectedLoan();
  const factory = await ethers.getContractFactory("MockERC20");
  for (let i = 2; i < assets; i++) {
    const token = await factory.deploy(`Extra ${i}`, `X${i}`, 18);
    await listMarket(f, token, 1);
    await token.mint(f.bob.address, units(1, 18));
    await token.connect(f.bob).approve(f.pool, ethers.MaxUint256);
    await f.pool.connect(f.bob).supply(token, units(1, 18), f.bob.address);
  }
  await setPrice(f.wethFeed, 2_900); // health factor ≈ 1.196 (+ a few dollars of extra collateral): below 1.2
  expect(await f.pool.healthFactor(f.bob.address)).to.be.lessThan(WAD("1.2"));
  return f;
}

describe("HealthFactorCondition within the executor's condition gas (about 30,000 gas per asset)", function () {
  const sixAssets = () => protectedLoanOver(6);
  const sevenAssets = () => protectedLoanOver(7);

  it("an account of 6 assets fits: intents create accepts it and the executor runs its protection @gas", async function () {
    const f = await loadFixture(sixAssets);
    const { needed, cap } = await checkHealthConditionGas(f.pool, f.executor, f.bob.address);
    expect(cap).to.equal(200_000n);
    expect(needed).to.be.greaterThan(150_000n).and.lessThan(cap); // six assets, measured: near the cap
    await expect(f.executor.connect(f.carol).execute(f.protection.intent, f.protection.signature, USDC(2))).to.emit(
      f.executor,
      "IntentExecuted",
    );
  });

  it("an account of 7 assets does not: intents create refuses it with one line, as the executor would never run it @gas", async function () {
    const f = await loadFixture(sevenAssets);
    await expect(checkHealthConditionGas(f.pool, f.executor, f.bob.address)).to.be.rejectedWith(
      UserError,
      /needs about [\d,]+ gas and the executor gives a condition 200,000/,
    );
    // The health factor is below the threshold, yet the condition runs out of gas and answers "not met".
    await expect(f.executor.connect(f.carol).execute(f.protection.intent, f.protection.signature, USDC(2)))
      .to.be.revertedWithCustomError(f.executor, "ConditionNotMet")
      .withArgs(f.healthFactorCondition);
  });
});

describe("Hostile conditions: a gas-capped STATICCALL that reads one word", function () {
  /** Alice's 10 USDC payment to Bob gated on a HostileCondition. */
  async function withHostileCondition() {
    const f = await loadFixture(deployIntents);
    const condition = await new HostileCondition__factory(f.deployer).deploy();
    const gated = await signedIntent(f.executor, f.alice, {
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amount: USDC(10),
      condition: await condition.getAddress(),
      conditionData: "0x1234",
    });
    return { ...f, condition, gated };
  }

  it("runs the intent when the condition answers exactly true", async function () {
    const { executor, condition, gated } = await loadFixture(withHostileCondition);
    await condition.configure(0, 0, 0); // True
    await expect(executor.execute(gated.intent, gated.signature, 0n)).to.emit(executor, "IntentExecuted");
  });

  const notMet: [string, number, number, bigint][] = [
    ["reverts with 200 kB of data", 2, 200_000, 0n],
    ["answers 2 (not a bool)", 3, 32, 2n],
    ["answers true in 64 bytes", 3, 64, 1n],
    ["answers true in 33 bytes", 3, 33, 1n],
  ];
  for (const [title, mode, size, word] of notMet) {
    it(`ConditionNotMet when the condition ${title}`, async function () {
      const { executor, condition, gated } = await loadFixture(withHostileCondition);
      await condition.configure(mode, size, word);
      await expect(executor.execute(gated.intent, gated.signature, 0n))
        .to.be.revertedWithCustomError(executor, "ConditionNotMet")
        .withArgs(condition);
    });
  }

  it("ConditionNotMet when the condition is not a contract (a call to no code answers nothing)", async function () {
    const f = await loadFixture(deployIntents);
    const gated = await signedIntent(f.executor, f.alice, {
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amount: USDC(10),
      condition: f.carol.address,
    });
    await expect(f.executor.execute(gated.intent, gated.signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "ConditionNotMet")
      .withArgs(f.carol.address);
  });

  it("a condition that burns all its gas gets CONDITION_GAS_LIMIT (200,000) and no more: the failed batch item costs about that @gas", async function () {
    const { executor, condition, gated, liquidator } = await loadFixture(withHostileCondition);
    const cap = await executor.CONDITION_GAS_LIMIT();
    expect(cap).to.equal(200_000n);
    await condition.configure(1, 0, 0); // BurnGas
    const tx = executor.connect(liquidator).executeBatch([gated.intent], [gated.signature], [0n], [5_000_000n]);
    await expect(tx)
      .to.emit(executor, "IntentFailed")
      .withArgs(
        gated.hash,
        0n,
        executor.interface.encodeErrorResult("ConditionNotMet", [await condition.getAddress()]),
      );
    const receipt = await (await tx).wait();
    // The whole transaction: 21k, calldata, the item's checks and signature recovery, and the capped condition.
    expect(receipt?.gasUsed).to.be.greaterThan(cap);
    expect(receipt?.gasUsed).to.be.lessThan(cap + 60_000n);
  });

  it("the least gas that passes the check still gives the condition its whole cap (the cold access included) @gas", async function () {
    const { executor, condition, gated } = await loadFixture(withHostileCondition);
    await condition.configure(4, 196_500, 0); // SpendThenTrue: with its two cold reads, all but ~1k of the 200k cap
    const outcome = async (gasLimit: bigint) => {
      try {
        await executor.execute.staticCall(gated.intent, gated.signature, 0n, { gasLimit });
        return "ran";
      } catch (error) {
        const data = revertData(error) ?? "";
        for (const name of ["InsufficientGasForCondition", "ConditionNotMet"] as const) {
          if (data.startsWith(executor.interface.getError(name)!.selector)) return name;
        }
        return "other"; // out of gas after the condition
      }
    };
    // The smallest transaction gas limit that is not refused with InsufficientGasForCondition.
    let [low, high] = [200_000n, 1_000_000n];
    expect(await outcome(low)).to.equal("InsufficientGasForCondition");
    expect(await outcome(high)).to.equal("ran");
    while (high - low > 1n) {
      const mid = (low + high) / 2n;
      if ((await outcome(mid)) === "InsufficientGasForCondition") low = mid;
      else high = mid;
    }
    // There the condition got its 200k: whatever fails, it is not the condition answering "not met".
    expect(await outcome(high)).to.not.equal("ConditionNotMet");
  });

  it("reverts InsufficientGasForCondition rather than let a starved condition answer not met", async function () {
    const { executor, condition, gated } = await loadFixture(withHostileCondition);
    await condition.configure(0, 0, 0); // True, and cheap
    const cap = await executor.CONDITION_GAS_LIMIT();
    await expect(executor.execute.staticCall(gated.intent, gated.signature, 0n, { gasLimit: 150_000n }))
      .to.be.revertedWithCustomError(executor, "InsufficientGasForCondition")
      .withArgs(cap + cap / 63n + 2_600n + 1_000n); // the cap, 1/64 kept back, a cold account, a margin
    // With enough gas for the whole cap, the same intent runs.
    await expect(executor.execute(gated.intent, gated.signature, 0n, { gasLimit: 400_000n })).to.emit(
      executor,
      "IntentExecuted",
    );
  });
});
