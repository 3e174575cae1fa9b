import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { MaxUint256, TypedDataEncoder } from "ethers";

import { deployIntents, signedIntent, units } from "../fixtures";
import {
  Action,
  AmountMode,
  describeAmount,
  hashIntent,
  intentDomain,
  modeAmount,
  nextRunAt,
  PAYMENT_INTENT_TYPES,
  type PaymentIntent,
} from "../../scripts/lib/intents";
import { amountRule } from "../../scripts/lib/intent-book";
import { UserError } from "../../scripts/lib/errors";

const USDC = (n: number | string) => units(n, 6);
const FEE = USDC(1);
const MAX = USDC(1_000);
const FC_RUNS = Number(process.env.FC_RUNS ?? 12);
const FC_SEED = Number(process.env.FC_SEED ?? 20_261_202);

/**
 * Erin (signer 6) holds no USDC until a test gives her some, has approved the executor, and pays Bob; Carol is the
 * keeper. Alice and Bob have the fixture's balances.
 */
async function withErin() {
  const f = await loadFixture(deployIntents);
  const erin = (await ethers.getSigners())[6];
  await f.usdc.connect(erin).approve(f.executor, MaxUint256);
  return { ...f, erin };
}

type F = Awaited<ReturnType<typeof withErin>>;

/** Erin's PAY to Bob under `mode`/`param`, the most per run MAX, fee ≤ FEE, plus `extra`. */
async function erinPays(f: F, amountMode: AmountMode, amountParam: bigint, extra: Partial<PaymentIntent> = {}) {
  return signedIntent(f.executor, f.erin, {
    token: await f.usdc.getAddress(),
    recipient: f.bob.address,
    amountMode,
    amount: MAX,
    amountParam,
    maxFee: FEE,
    ...extra,
  });
}

/** Sets Erin's USDC balance to exactly `amount`. */
async function erinHolds(f: F, amount: bigint) {
  const held = await f.usdc.balanceOf(f.erin.address);
  if (held > amount) await f.usdc.connect(f.erin).transfer(f.dave.address, held - amount);
  else if (held < amount) await f.usdc.mint(f.erin.address, amount - held);
}

describe("IntentExecutor amount modes: PERCENT_OF_BALANCE", function () {
  it("moves bps of the balance net of the fee, rounded down, and emits that amount", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(501)); // spendable 500 after the fee
    const { intent, signature, hash } = await erinPays(f, AmountMode.PERCENT_OF_BALANCE, 2_001n); // 20.01 %
    const expected = (USDC(500) * 2_001n) / 10_000n; // 100.05 USDC
    const tx = f.executor.connect(f.carol).execute(intent, signature, FEE);
    await expect(tx)
      .to.emit(f.executor, "IntentExecuted")
      .withArgs(hash, f.erin.address, f.carol.address, expected, FEE, 1n);
    await expect(tx).to.changeTokenBalances(f.usdc, [f.erin, f.bob, f.carol], [-(expected + FEE), expected, FEE]);
  });

  it("caps the run at the signed maximum however much the owner holds", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(1_000_000));
    const { intent, signature } = await erinPays(f, AmountMode.PERCENT_OF_BALANCE, 5_000n);
    await expect(f.executor.connect(f.carol).execute(intent, signature, FEE)).to.changeTokenBalance(f.usdc, f.bob, MAX);
  });

  it("at 10 000 bps moves everything but the fee and leaves the owner with 0", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(300));
    const { intent, signature } = await erinPays(f, AmountMode.PERCENT_OF_BALANCE, 10_000n);
    await f.executor.connect(f.carol).execute(intent, signature, FEE);
    expect(await f.usdc.balanceOf(f.erin.address)).to.equal(0n);
    expect(await f.usdc.balanceOf(f.bob.address)).to.be.greaterThan(0n);
  });

  it("reverts NothingToMove for an empty wallet, and spends nothing", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, 0n);
    const { intent, signature } = await erinPays(f, AmountMode.PERCENT_OF_BALANCE, 2_000n);
    await expect(f.executor.connect(f.carol).execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "NothingToMove")
      .withArgs(0n, 0n);
    expect(await f.executor.nonceUsed(f.erin.address, intent.nonce)).to.equal(false);
  });

  it("reverts NothingToMove when the balance only covers the fee", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, FEE);
    const { intent, signature } = await erinPays(f, AmountMode.PERCENT_OF_BALANCE, 10_000n);
    await expect(f.executor.connect(f.carol).execute(intent, signature, FEE))
      .to.be.revertedWithCustomError(f.executor, "NothingToMove")
      .withArgs(FEE, FEE);
  });

  it("reverts NothingToMove when the share rounds to 0 (9 999 units at 1 bps) and moves 1 unit at 10 000", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, 9_999n);
    const { intent, signature } = await erinPays(f, AmountMode.PERCENT_OF_BALANCE, 1n);
    await expect(f.executor.connect(f.carol).execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "NothingToMove")
      .withArgs(9_999n, 0n);
    await erinHolds(f, 10_000n);
    await expect(f.executor.connect(f.carol).execute(intent, signature, 0n)).to.changeTokenBalance(f.usdc, f.bob, 1n);
  });

  for (const bps of [0n, 10_001n]) {
    it(`reverts MalformedIntent for ${bps} bps`, async function () {
      const f = await loadFixture(withErin);
      await erinHolds(f, USDC(100));
      const { intent, signature } = await erinPays(f, AmountMode.PERCENT_OF_BALANCE, bps);
      await expect(f.executor.connect(f.carol).execute(intent, signature, 0n)).to.be.revertedWithCustomError(
        f.executor,
        "MalformedIntent",
      );
    });
  }

  it("REPAY: repays 20 % of what the owner holds, capped by the debt", async function () {
    const f = await loadFixture(withErin);
    const { pool, usdc, weth, alice, bob } = f;
    await pool.connect(alice).supply(usdc, USDC(100_000), alice.address);
    await pool.connect(bob).supply(weth, units(10, 18), bob.address);
    await pool.connect(bob).borrow(usdc, USDC(1_000), bob.address);
    const held = await usdc.balanceOf(bob.address);
    const { intent, signature } = await signedIntent(f.executor, bob, {
      token: await usdc.getAddress(),
      action: Action.REPAY,
      amountMode: AmountMode.PERCENT_OF_BALANCE,
      amountParam: 2_000n,
      amount: MaxUint256,
    });
    const debt = await pool.debtBalance(usdc, bob.address);
    // Bob holds far more than 5× his debt: 20 % of it would be more than he owes, so the run repays the debt.
    expect((held * 2_000n) / 10_000n).to.be.greaterThan(debt);
    await f.executor.connect(f.carol).execute(intent, signature, 0n);
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(0n);
  });
});

describe("IntentExecutor amount modes: SWEEP_ABOVE", function () {
  it("moves everything above the floor after the fee: the owner keeps exactly the floor", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(800));
    const { intent, signature, hash } = await erinPays(f, AmountMode.SWEEP_ABOVE, USDC(500));
    await expect(f.executor.connect(f.carol).execute(intent, signature, FEE))
      .to.emit(f.executor, "IntentExecuted")
      .withArgs(hash, f.erin.address, f.carol.address, USDC(299), FEE, 1n);
    expect(await f.usdc.balanceOf(f.erin.address)).to.equal(USDC(500));
  });

  it("reverts BalanceNotAboveFloor at exactly floor + fee, and moves 1 unit at floor + fee + 1", async function () {
    const f = await loadFixture(withErin);
    const floor = USDC(500);
    await erinHolds(f, floor + FEE);
    const { intent, signature } = await erinPays(f, AmountMode.SWEEP_ABOVE, floor);
    await expect(f.executor.connect(f.carol).execute(intent, signature, FEE))
      .to.be.revertedWithCustomError(f.executor, "BalanceNotAboveFloor")
      .withArgs(floor + FEE, floor, FEE);
    await erinHolds(f, floor + FEE + 1n);
    await expect(f.executor.connect(f.carol).execute(intent, signature, FEE)).to.changeTokenBalance(f.usdc, f.bob, 1n);
    expect(await f.usdc.balanceOf(f.erin.address)).to.equal(floor);
  });

  it("reverts BalanceNotAboveFloor below the floor, for an empty wallet, and for the largest floor", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(100));
    const below = await erinPays(f, AmountMode.SWEEP_ABOVE, USDC(500));
    await expect(f.executor.connect(f.carol).execute(below.intent, below.signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "BalanceNotAboveFloor")
      .withArgs(USDC(100), USDC(500), 0n);
    const huge = await erinPays(f, AmountMode.SWEEP_ABOVE, MaxUint256);
    await expect(f.executor.connect(f.carol).execute(huge.intent, huge.signature, FEE))
      .to.be.revertedWithCustomError(f.executor, "BalanceNotAboveFloor")
      .withArgs(USDC(100), MaxUint256, FEE);
    await erinHolds(f, 0n);
    const all = await erinPays(f, AmountMode.SWEEP_ABOVE, 0n);
    await expect(f.executor.connect(f.carol).execute(all.intent, all.signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "BalanceNotAboveFloor")
      .withArgs(0n, 0n, 0n);
  });

  it("caps the sweep at the signed maximum", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(10_000));
    const { intent, signature } = await erinPays(f, AmountMode.SWEEP_ABOVE, USDC(500));
    await expect(f.executor.connect(f.carol).execute(intent, signature, FEE)).to.changeTokenBalance(f.usdc, f.bob, MAX);
    expect(await f.usdc.balanceOf(f.erin.address)).to.equal(USDC(10_000) - MAX - FEE);
  });

  it("SAVE, weekly: keeps 500 USDC in the wallet and supplies the rest, once per period", async function () {
    const f = await loadFixture(withErin);
    const week = 7 * 86_400;
    const validAfter = (await time.latest()) + 10;
    await erinHolds(f, USDC(700));
    const { intent, signature } = await signedIntent(f.executor, f.erin, {
      token: await f.usdc.getAddress(),
      action: Action.SAVE,
      amountMode: AmountMode.SWEEP_ABOVE,
      amountParam: USDC(500),
      amount: MAX,
      interval: week,
      maxRuns: 2,
      validAfter,
      validUntil: validAfter + 10 * week,
    });
    await time.setNextBlockTimestamp(validAfter);
    await f.executor.connect(f.carol).execute(intent, signature, 0n);
    expect(await f.pool.supplyBalance(f.usdc, f.erin.address)).to.equal(USDC(200));
    await f.usdc.mint(f.erin.address, USDC(300)); // pay day
    await expect(f.executor.connect(f.carol).execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "AlreadyRanThisPeriod")
      .withArgs(validAfter + week);
    await time.setNextBlockTimestamp(validAfter + week);
    await f.executor.connect(f.carol).execute(intent, signature, 0n);
    expect(await f.usdc.balanceOf(f.erin.address)).to.equal(USDC(500));
    expect(await f.pool.supplyBalance(f.usdc, f.erin.address)).to.be.closeTo(USDC(500), 10n);
    await f.usdc.mint(f.erin.address, USDC(300));
    await time.setNextBlockTimestamp(validAfter + 2 * week);
    await expect(f.executor.connect(f.carol).execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "MaxRunsReached")
      .withArgs(2n);
  });
});

describe("IntentExecutor amount modes: what a third party can do", function () {
  it("reverts MalformedIntent for a FIXED intent with a non-zero amountParam", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(100));
    const { intent, signature } = await erinPays(f, AmountMode.FIXED, 1n, { amount: USDC(10) });
    await expect(f.executor.connect(f.carol).execute(intent, signature, 0n)).to.be.revertedWithCustomError(
      f.executor,
      "MalformedIntent",
    );
  });

  for (const [field, value] of [
    ["amountMode", AmountMode.SWEEP_ABOVE],
    ["amountParam", 10_000n],
    ["amount", MAX * 2n],
  ] as const) {
    it(`reverts InvalidSignature when a keeper changes the signed ${field}`, async function () {
      const f = await loadFixture(withErin);
      await erinHolds(f, USDC(5_000));
      const { intent, signature } = await erinPays(f, AmountMode.PERCENT_OF_BALANCE, 1_000n);
      await expect(
        f.executor.connect(f.carol).execute({ ...intent, [field]: value }, signature, 0n),
      ).to.be.revertedWithCustomError(f.executor, "InvalidSignature");
    });
  }

  it("a donation to the owner raises a sweep only up to the signed maximum", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(600));
    const { intent, signature } = await erinPays(f, AmountMode.SWEEP_ABOVE, USDC(500));
    await f.usdc.mint(f.erin.address, USDC(1_000_000)); // a stranger's donation
    await expect(f.executor.connect(f.carol).execute(intent, signature, 0n)).to.changeTokenBalance(f.usdc, f.bob, MAX);
  });

  it("a bigger fee shrinks the sweep, never the floor: the owner keeps the floor whatever fee the keeper takes", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(502));
    const { intent, signature } = await erinPays(f, AmountMode.SWEEP_ABOVE, USDC(500), { maxFee: USDC(2) });
    await expect(f.executor.connect(f.carol).execute(intent, signature, USDC(2)))
      .to.be.revertedWithCustomError(f.executor, "BalanceNotAboveFloor")
      .withArgs(USDC(502), USDC(500), USDC(2));
    await f.executor.connect(f.carol).execute(intent, signature, USDC(1));
    expect(await f.usdc.balanceOf(f.erin.address)).to.equal(USDC(500));
  });

  it("in a batch, an empty wallet's percent intent fails alone with NothingToMove; the next item runs", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, 0n);
    const empty = await erinPays(f, AmountMode.PERCENT_OF_BALANCE, 5_000n);
    const fine = await signedIntent(f.executor, f.alice, {
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amountMode: AmountMode.PERCENT_OF_BALANCE,
      amountParam: 1n,
      amount: USDC(5),
    });
    const tx = f.executor
      .connect(f.carol)
      .executeBatch([empty.intent, fine.intent], [empty.signature, fine.signature], [0n, 0n], [200_000n, 200_000n]);
    const reason = f.executor.interface.encodeErrorResult("NothingToMove", [0n, 0n]);
    await expect(tx).to.emit(f.executor, "IntentFailed").withArgs(empty.hash, 0n, reason);
    await expect(tx)
      .to.emit(f.executor, "IntentExecuted")
      .withArgs(fine.hash, f.alice.address, f.carol.address, USDC(5), 0n, 1n);
  });

  it("fuzz: every run moves what the toolkit's modeAmount predicts, never more than the maximum, never below a floor", async function () {
    const f = await loadFixture(withErin);
    const token = await f.usdc.getAddress();
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 0n, max: USDC(5_000) }),
        fc.constantFrom(AmountMode.PERCENT_OF_BALANCE, AmountMode.SWEEP_ABOVE),
        fc.bigInt({ min: 1n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: USDC(3_000) }),
        fc.bigInt({ min: 0n, max: FEE }),
        fc.bigInt({ min: 1n, max: USDC(2_000) }),
        async (balance, mode, bps, floor, fee, max) => {
          await erinHolds(f, balance);
          const param = mode === AmountMode.PERCENT_OF_BALANCE ? bps : floor;
          const { intent, signature } = await signedIntent(f.executor, f.erin, {
            token,
            recipient: f.bob.address,
            amountMode: mode,
            amountParam: param,
            amount: max,
            maxFee: FEE,
          });
          const predicted = modeAmount(intent, balance, fee);
          const bobBefore = await f.usdc.balanceOf(f.bob.address);
          if ("error" in predicted) {
            await expect(f.executor.connect(f.carol).execute(intent, signature, fee)).to.be.revertedWithCustomError(
              f.executor,
              predicted.error,
            );
            return;
          }
          await f.executor.connect(f.carol).execute(intent, signature, fee);
          const moved = (await f.usdc.balanceOf(f.bob.address)) - bobBefore;
          expect(moved).to.equal(predicted.amount);
          expect(moved).to.be.at.most(max);
          if (mode === AmountMode.SWEEP_ABOVE) expect(await f.usdc.balanceOf(f.erin.address)).to.be.at.least(floor);
        },
      ),
      { numRuns: FC_RUNS, seed: FC_SEED },
    );
  });
});

describe("IntentExecutor amount modes: EIP-712", function () {
  it("the toolkit's hashIntent equals the contract's for a sweep intent (mode and floor are signed)", async function () {
    const f = await loadFixture(withErin);
    const { intent } = await erinPays(f, AmountMode.SWEEP_ABOVE, USDC(500));
    expect(await f.executor.hashIntent(intent)).to.equal(await hashIntent(f.executor, intent));
    const other = TypedDataEncoder.hash(await intentDomain(f.executor), PAYMENT_INTENT_TYPES, {
      ...intent,
      amountParam: USDC(501),
    });
    expect(other).to.not.equal(await hashIntent(f.executor, intent));
  });
});

describe("Toolkit amount rules (intents create, intents list)", function () {
  const token = { symbol: "USDC", decimals: 6 };

  it("amountRule maps fixed, percent and sweep to the contract's mode and parameter", function () {
    expect(amountRule("fixed", {}, token)).to.deep.equal({ amountMode: AmountMode.FIXED, amountParam: 0n });
    expect(amountRule("percent", { bps: "2000" }, token)).to.deep.equal({
      amountMode: AmountMode.PERCENT_OF_BALANCE,
      amountParam: 2_000n,
    });
    expect(amountRule("Sweep", { floor: "500" }, token)).to.deep.equal({
      amountMode: AmountMode.SWEEP_ABOVE,
      amountParam: USDC(500),
    });
    expect(amountRule("sweep", { floor: "0" }, token).amountParam).to.equal(0n);
  });

  for (const [mode, flags, message] of [
    ["all", {}, '--amount-mode must be fixed, percent or sweep, not "all".'],
    ["percent", {}, "--amount-mode percent needs --bps <1..10000> (2000 = 20 %)."],
    ["percent", { bps: "0" }, '--bps must be a whole number from 1 to 10000 (got "0").'],
    ["percent", { bps: "10001" }, '--bps must be a whole number from 1 to 10000 (got "10001").'],
    ["sweep", {}, "--amount-mode sweep needs --floor <amount to keep> (0 for none)."],
    ["fixed", { bps: "10" }, "--bps goes with --amount-mode percent (basis points of the balance)."],
    ["percent", { bps: "10", floor: "1" }, "--floor goes with --amount-mode sweep (what stays in the wallet)."],
  ] as const) {
    it(`amountRule refuses ${mode} ${JSON.stringify(flags)} with one line`, function () {
      expect(() => amountRule(mode, flags, token))
        .to.throw(UserError)
        .with.property("message", message);
    });
  }

  it("describeAmount says the rule in words", function () {
    const fmt = (v: bigint) => `${v / 10n ** 6n} USDC`;
    const base = { amount: USDC(100), amountParam: 0n };
    expect(describeAmount({ ...base, amountMode: AmountMode.FIXED }, fmt)).to.equal("100 USDC");
    expect(describeAmount({ ...base, amountMode: AmountMode.PERCENT_OF_BALANCE, amountParam: 2_050n }, fmt)).to.equal(
      "20.5% of balance, max 100 USDC",
    );
    expect(describeAmount({ ...base, amountMode: AmountMode.PERCENT_OF_BALANCE, amountParam: 5n }, fmt)).to.equal(
      "0.05% of balance, max 100 USDC",
    );
    expect(describeAmount({ ...base, amountMode: AmountMode.SWEEP_ABOVE, amountParam: USDC(500) }, fmt)).to.equal(
      "all above 500 USDC, max 100 USDC",
    );
  });

  it("nextRunAt: validAfter when fresh, the next period after a run, none when done or past validUntil", function () {
    const intent = { interval: 100, maxRuns: 3, validAfter: 1_000, validUntil: 1_250 };
    expect(nextRunAt(intent, 0, 0)).to.equal(1_000);
    expect(nextRunAt(intent, 1, 1_099)).to.equal(1_100);
    expect(nextRunAt(intent, 2, 1_150)).to.equal(1_200);
    expect(nextRunAt(intent, 3, 1_200)).to.equal(undefined);
    expect(nextRunAt({ ...intent, validUntil: 1_199 }, 2, 1_150)).to.equal(undefined);
    expect(nextRunAt({ interval: 0, maxRuns: 1, validAfter: 5, validUntil: 9 }, 0, 0)).to.equal(5);
  });
});

describe("IntentExecutor hashing of dirty calldata", function () {
  /** `execute(intent, signature, 0)` calldata with the high byte of the intent's word `word` set to 0x01. */
  async function dirty(f: F, intent: PaymentIntent, signature: string, word: number): Promise<string> {
    const data = ethers.getBytes(f.executor.interface.encodeFunctionData("execute", [intent, signature, 0n]));
    const tupleStart = 4 + Number(ethers.toBigInt(data.slice(4, 36)));
    data[tupleStart + word * 32] = 0x01;
    return ethers.hexlify(data);
  }

  it("a SAVE whose unused recipient word carries dirty bits hashes differently: InvalidSignature", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(100));
    const { intent, signature } = await erinPays(f, AmountMode.FIXED, 0n, { action: Action.SAVE, amount: USDC(10) });
    const data = await dirty(f, intent, signature, 2);
    await expect(f.carol.sendTransaction({ to: f.executor, data })).to.be.revertedWithCustomError(
      f.executor,
      "InvalidSignature",
    );
  });

  it("a dirty amountMode word is refused by the ABI decoder before anything moves", async function () {
    const f = await loadFixture(withErin);
    await erinHolds(f, USDC(100));
    const { intent, signature } = await erinPays(f, AmountMode.FIXED, 0n, { amount: USDC(10) });
    const data = await dirty(f, intent, signature, 4);
    await expect(f.carol.sendTransaction({ to: f.executor, data })).to.be.reverted;
    expect(await f.usdc.balanceOf(f.erin.address)).to.equal(USDC(100));
  });
});
