import { expect } from "chai";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { deployIntents, revertName, signedIntent, units } from "../fixtures";

const INTERVAL = 3_600;
const AMOUNT = units(50, 6);
const MAX_FEE = units(1, 6);
const FC_RUNS = Number(process.env.FC_RUNS ?? 20);
const FC_SEED = Number(process.env.FC_SEED ?? 20_240_601);

/** Alice pays Bob 50 USDC every hour, 6 times at most, from an hour from now for 10 hours. */
async function withRecurring() {
  const f = await loadFixture(deployIntents);
  const validAfter = (await time.latest()) + INTERVAL;
  const signed = await signedIntent(f.executor, f.alice, {
    token: await f.usdc.getAddress(),
    recipient: f.bob.address,
    amount: AMOUNT,
    maxFee: MAX_FEE,
    interval: INTERVAL,
    maxRuns: 6,
    validAfter,
    validUntil: validAfter + 10 * INTERVAL,
  });
  return { ...f, ...signed, validAfter };
}

type Recurring = Awaited<ReturnType<typeof withRecurring>>;

/** Runs the intent in a block with timestamp `at`. */
async function runAt(f: Recurring, at: number, fee = 0n) {
  await time.setNextBlockTimestamp(at);
  return f.executor.connect(f.carol).execute(f.intent, f.signature, fee);
}

describe("IntentExecutor recurring intents", function () {
  it("runs from exactly validAfter and not one second earlier", async function () {
    const f = await loadFixture(withRecurring);
    await expect(runAt(f, f.validAfter - 1))
      .to.be.revertedWithCustomError(f.executor, "NotYetValid")
      .withArgs(f.validAfter);
    await expect(runAt(f, f.validAfter)).to.emit(f.executor, "IntentExecuted");
  });

  for (const k of [1, 2]) {
    it(`period ${k}: reverts AlreadyRanThisPeriod at validAfter + ${k}·interval − 1 s and runs at exactly validAfter + ${k}·interval`, async function () {
      const f = await loadFixture(withRecurring);
      for (let period = 0; period < k; ++period) await runAt(f, f.validAfter + period * INTERVAL);
      const boundary = f.validAfter + k * INTERVAL;
      await expect(runAt(f, boundary - 1))
        .to.be.revertedWithCustomError(f.executor, "AlreadyRanThisPeriod")
        .withArgs(boundary);
      await expect(runAt(f, boundary))
        .to.emit(f.executor, "IntentExecuted")
        .withArgs(f.hash, f.alice.address, f.carol.address, AMOUNT, 0n, BigInt(k + 1));
    });
  }

  it("counts periods from validAfter, not from the last run: a run in a period's last second may be followed one second later", async function () {
    const f = await loadFixture(withRecurring);
    await runAt(f, f.validAfter + INTERVAL - 1);
    await expect(runAt(f, f.validAfter + INTERVAL)).to.emit(f.executor, "IntentExecuted");
  });

  it("runs at exactly validUntil and reverts Expired one second later", async function () {
    const f = await loadFixture(withRecurring);
    const validUntil = f.validAfter + 10 * INTERVAL;
    await expect(runAt(f, validUntil)).to.emit(f.executor, "IntentExecuted");
    await expect(runAt(f, validUntil + 1))
      .to.be.revertedWithCustomError(f.executor, "Expired")
      .withArgs(validUntil);
  });

  it("does not accumulate missed periods: after skipping three, only one run is possible in the current period", async function () {
    const f = await loadFixture(withRecurring);
    await runAt(f, f.validAfter);
    const late = f.validAfter + 4 * INTERVAL + 10; // periods 1, 2 and 3 were missed
    await expect(runAt(f, late)).to.emit(f.executor, "IntentExecuted");
    await expect(runAt(f, late + 1))
      .to.be.revertedWithCustomError(f.executor, "AlreadyRanThisPeriod")
      .withArgs(f.validAfter + 5 * INTERVAL);
    const [runs] = await f.executor.intentState(f.hash);
    expect(runs).to.equal(2n);
  });

  it("intentState shows the runs so far and the last run's timestamp", async function () {
    const f = await loadFixture(withRecurring);
    expect(Array.from(await f.executor.intentState(f.hash))).to.deep.equal([0n, 0n, false]);
    await runAt(f, f.validAfter + 5);
    await runAt(f, f.validAfter + INTERVAL + 7);
    expect(Array.from(await f.executor.intentState(f.hash))).to.deep.equal([
      2n,
      BigInt(f.validAfter + INTERVAL + 7),
      false,
    ]);
    // A one-off intent keeps no state: its nonce is its record.
    expect(await f.executor.nonceUsed(f.alice.address, f.intent.nonce)).to.equal(false);
  });

  it(`property (${FC_RUNS} runs, seed ${FC_SEED}): at any attempt times, runs ≤ maxRuns, at most one per period, and the owner pays Σ(amount + fee)`, async function () {
    const attempt = fc.record({
      gap: fc.integer({ min: 1, max: 2 * INTERVAL }),
      fee: fc.bigInt({ min: 0n, max: MAX_FEE }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(attempt, { minLength: 1, maxLength: 10 }), async (attempts) => {
        const f = await loadFixture(withRecurring);
        const { validAfter, intent } = f;
        const period = (t: number) => Math.floor((t - validAfter) / INTERVAL);
        const balanceBefore = await f.usdc.balanceOf(f.alice.address);
        const runPeriods: number[] = [];
        let expectedPaid = 0n;

        // Attempts start half an interval before the window opens, so some are early and some late.
        let at = validAfter - INTERVAL / 2;
        for (const { gap, fee } of attempts) {
          at += gap;
          const expected =
            at < validAfter
              ? "NotYetValid"
              : at > intent.validUntil
                ? "Expired"
                : runPeriods.length >= intent.maxRuns
                  ? "MaxRunsReached"
                  : runPeriods.length > 0 && period(at) === runPeriods[runPeriods.length - 1]
                    ? "AlreadyRanThisPeriod"
                    : null;
          const actual = await revertName(runAt(f, at, fee));
          expect(actual, `attempt at validAfter ${at - validAfter >= 0 ? "+" : ""}${at - validAfter} s`).to.equal(
            expected,
          );
          if (actual === null) {
            runPeriods.push(period(at));
            expectedPaid += intent.amount + fee;
          }
        }

        const [runs] = await f.executor.intentState(f.hash);
        expect(runs).to.equal(BigInt(runPeriods.length));
        expect(runPeriods.length).to.be.at.most(intent.maxRuns);
        expect(new Set(runPeriods).size).to.equal(runPeriods.length);
        expect(balanceBefore - (await f.usdc.balanceOf(f.alice.address))).to.equal(expectedPaid);
      }),
      { numRuns: FC_RUNS, seed: FC_SEED },
    );
  });
});
