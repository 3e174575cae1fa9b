import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { deployIntents, unapprovedUser, units } from "../fixtures";
import { Action, AmountMode, type PaymentIntent } from "../../scripts/lib/intents";
import {
  checkCancellable,
  checkTerms,
  createIntent,
  intentTake,
  matchPosted,
  raisedAllowance,
} from "../../scripts/lib/intent-book";
import { discoverIntents, type PostedIntent } from "../../scripts/lib/keeper";
import { UserError } from "../../scripts/lib/errors";

const USDC = (n: number | string) => units(n, 6);
const USDC_FACTS = { symbol: "USDC", decimals: 6, totalSupply: USDC(1_000_000) };

/** Erin holds USDC but has approved nothing: every allowance she has comes from `createIntent`. */
async function withErin() {
  const f = await loadFixture(deployIntents);
  const erin = await unapprovedUser([f.usdc], 6, USDC(10_000));
  const fromBlock = await ethers.provider.getBlockNumber();
  return { ...f, erin, fromBlock };
}

type Book = Awaited<ReturnType<typeof withErin>>;

/** `intents create` as the task runs it: Erin pays Bob `amount` USDC, with `extra` terms. */
async function create(f: Book, extra: Partial<PaymentIntent> = {}) {
  const now = await time.latest();
  return createIntent(
    f.executor,
    f.erin,
    f.usdc.connect(f.erin),
    {
      owner: f.erin.address,
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      action: Action.PAY,
      amountMode: AmountMode.FIXED,
      amount: USDC(10),
      amountParam: 0n,
      maxFee: USDC(1),
      interval: 0,
      maxRuns: 1,
      validAfter: now,
      validUntil: now + 30 * 86_400,
      condition: ethers.ZeroAddress,
      conditionData: "0x",
      receiveToken: ethers.ZeroAddress,
      swapLimit: 0n,
      swapPath: "0x",
      ...extra,
    },
    { fromBlock: f.fromBlock, toBlock: await ethers.provider.getBlockNumber(), now },
  );
}

async function run(f: Book, created: { intent: PaymentIntent; signature: string }) {
  return f.executor.connect(f.liquidator).execute(created.intent, created.signature, created.intent.maxFee);
}

async function refusal(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    expect(error).to.be.instanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected a UserError");
}

describe("intents create / cancel never disable another live intent of the owner", function () {
  it("create twice (recurring, then one-off): distinct nonces, and running the one-off leaves the recurring alive", async function () {
    const f = await loadFixture(withErin);
    const monthly = await create(f, { interval: 30 * 86_400, maxRuns: 3 });
    const once = await create(f);
    expect(once.intent.nonce).to.not.equal(monthly.intent.nonce);

    await expect(run(f, once)).to.emit(f.executor, "IntentExecuted");
    await expect(run(f, monthly)).to.changeTokenBalance(f.usdc, f.bob, USDC(10));
  });

  it("each create raises the allowance by what its intent can take, so all of them are covered", async function () {
    const f = await loadFixture(withErin);
    const monthly = await create(f, {
      interval: 30 * 86_400,
      maxRuns: 3,
      validUntil: (await time.latest()) + 100 * 86_400,
    });
    expect([monthly.allowanceBefore, monthly.allowanceAfter]).to.deep.equal([0n, USDC(33)]);
    const once = await create(f, { amount: USDC(5), maxFee: 0n });
    expect([once.allowanceBefore, once.allowanceAfter]).to.deep.equal([USDC(33), USDC(38)]);
    expect(await f.usdc.allowance(f.erin.address, f.executor)).to.equal(USDC(38));

    // Every run of both fits: three monthly runs and the one-off.
    await run(f, once);
    for (let i = 0; i < 3; ++i) {
      await expect(run(f, monthly)).to.emit(f.executor, "IntentExecuted");
      await time.increase(30 * 86_400);
    }
    expect(await f.usdc.allowance(f.erin.address, f.executor)).to.equal(0n);
  });

  it("an unlimited allowance stays unlimited (no approval sent)", async function () {
    const f = await loadFixture(withErin);
    await f.usdc.connect(f.erin).approve(f.executor, ethers.MaxUint256);
    const created = await create(f);
    expect(created.allowanceAfter).to.equal(ethers.MaxUint256);
    expect(raisedAllowance(ethers.MaxUint256 - 1n, 5n)).to.equal(ethers.MaxUint256);
    expect(intentTake({ amount: 10n, maxFee: 1n, maxRuns: 3 })).to.equal(33n);
  });

  it("cancelling a one-off (which spends its nonce) leaves the owner's recurring intent alive", async function () {
    const f = await loadFixture(withErin);
    const monthly = await create(f, { interval: 30 * 86_400, maxRuns: 3 });
    const once = await create(f);
    await f.executor.connect(f.erin).cancel(once.intent);
    await expect(run(f, monthly)).to.emit(f.executor, "IntentExecuted");
  });

  it("a new intent reuses no nonce of a live posted intent, but may reuse one of a finished intent", async function () {
    const f = await loadFixture(withErin);
    const short = await create(f, { interval: 60, maxRuns: 1 });
    await run(f, short); // finished: 1/1 runs
    const next = await create(f);
    expect(next.intent.nonce).to.equal(short.intent.nonce);
    const third = await create(f);
    expect(third.intent.nonce).to.not.equal(next.intent.nonce);
  });

  describe("cancel's hash matching", function () {
    async function withTwoPosted() {
      const f = await loadFixture(withErin);
      await create(f);
      await create(f, { amount: USDC(11) });
      const posted = await discoverIntents(f.executor, f.fromBlock, await ethers.provider.getBlockNumber());
      return { ...f, posted };
    }

    it("finds one intent by a prefix (with or without the trailing …) and by its whole hash", async function () {
      const { posted } = await loadFixture(withTwoPosted);
      const [a] = posted;
      expect(matchPosted(posted, a.hash).hash).to.equal(a.hash);
      // The shortest prefix of a that b does not share.
      const b = posted[1];
      let n = 6;
      while (b.hash.startsWith(a.hash.slice(0, n))) ++n;
      expect(matchPosted(posted, `${a.hash.slice(0, Math.max(n, 6))}…`).hash).to.equal(a.hash);
    });

    it("refuses an ambiguous prefix, naming how many intents it matches", async function () {
      const { posted } = await loadFixture(withTwoPosted);
      const twins: PostedIntent[] = posted.map((p, i) => ({ ...p, hash: `0xabcd${i}${p.hash.slice(7)}` }));
      expect(await refusal(() => matchPosted(twins, "0xabcd"))).to.match(
        /^--hash 0xabcd matches 2 posted intents \(0xabcd0.*…, 0xabcd1.*…\): give more of the hash\.$/,
      );
    });

    it("refuses a malformed or too short prefix and an unknown hash", async function () {
      const { posted } = await loadFixture(withTwoPosted);
      expect(await refusal(() => matchPosted(posted, "0x"))).to.match(/^--hash must be an intent hash/);
      expect(await refusal(() => matchPosted(posted, "hello"))).to.match(/^--hash must be an intent hash/);
      expect(await refusal(() => matchPosted(posted, `0x${"ab".repeat(32)}`))).to.equal(
        `No posted intent 0x${"ab".repeat(32)}: see \`npx hardhat intents list\`.`,
      );
    });

    it("refuses to cancel an intent that already ran or expired", async function () {
      const f = await loadFixture(withErin);
      const once = await create(f);
      const posted = { ...once, blockNumber: 0 };
      await checkCancellable(f.executor, posted, await time.latest()); // live: no refusal
      await run(f, once);
      expect(await refusal(() => checkCancellable(f.executor, posted, 0))).to.equal(
        `Intent ${once.hash} is already finished (done (nonce used)): there is nothing to cancel.`,
      );
      const later = await create(f, { validUntil: (await time.latest()) + 10 });
      expect(
        await refusal(() => checkCancellable(f.executor, { ...later, blockNumber: 0 }, later.intent.validUntil + 1)),
      ).to.match(/already finished \(expired\)/);
    });
  });

  describe("checkTerms refuses terms that can never run, with one line", function () {
    const terms = { amount: USDC(10), maxFee: USDC(1), interval: 0, maxRuns: 1, validDays: 30 };
    const now = 1_800_000_000;
    const cases: [string, Partial<typeof terms>, RegExp][] = [
      ["--valid-days 0", { validDays: 0 }, /^--valid-days must be a whole number of days, at least 1, not 0\.$/],
      ["--valid-days -1", { validDays: -1 }, /^--valid-days must be .* not -1\.$/],
      ["--valid-days past uint48", { validDays: 4_000_000_000 }, /^--valid-days 4000000000 is too far/],
      ["--max-runs 0 for a recurring intent", { interval: 60, maxRuns: 0 }, /^--max-runs must be between 1/],
      ["--max-runs 2 for a one-off", { maxRuns: 2 }, /^A one-off intent \(--interval 0\) has --max-runs 1\.$/],
      ["--interval past uint32", { interval: 2 ** 32 }, /^--interval must be 0/],
      [
        "a run bigger than the whole supply",
        { amount: USDC(1_000_000), maxFee: 1n },
        /^One run takes 1,?000,?000\.000001 USDC \(amount \+ max fee\), more than the 1,?000,?000(\.0+)? USDC in existence: no owner can ever cover it\.$/,
      ],
    ];
    for (const [title, change, message] of cases) {
      it(`refuses ${title}`, async function () {
        expect(await refusal(() => checkTerms({ ...terms, ...change }, USDC_FACTS, now))).to.match(message);
      });
    }

    it("accepts the smallest valid terms: 1 day, one run of exactly the whole supply", function () {
      expect(() =>
        checkTerms({ ...terms, amount: USDC(1_000_000), maxFee: 0n, validDays: 1 }, USDC_FACTS, now),
      ).to.not.throw();
    });
  });
});
