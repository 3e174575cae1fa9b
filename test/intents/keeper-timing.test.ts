import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { deployIntents, refreshPrices, signedIntent, units } from "../fixtures";
import { Keeper, type KeeperOptions } from "../../scripts/lib/keeper";
import { OP_GAS_PRICE_ORACLE } from "../../scripts/lib/l1-fee";
import { MockL1FeeOracle__factory } from "../../typechain-types";

const USDC = (n: number | string) => units(n, 6);
const POLL = 15;
const CHEAP = 1_000_000_000n; // 1 gwei L1 base fee
const DEAR = 10_000n * CHEAP; // 10,000 gwei: the L1 data fee dwarfs everything else

/**
 * An OP-stack chain (an Ecotone-style GasPriceOracle at the predeploy, L1 base fee cheap) and Alice's one-off PAY
 * with a 5 USDC fee, due in 150 seconds and valid for a day after that.
 */
async function withTimedIntent() {
  const f = await loadFixture(deployIntents);
  const keeperSigner = (await ethers.getSigners())[8];
  const mock = await new MockL1FeeOracle__factory(f.deployer).deploy();
  await network.provider.send("hardhat_setCode", [OP_GAS_PRICE_ORACLE, await ethers.provider.getCode(mock)]);
  const oracle = MockL1FeeOracle__factory.connect(OP_GAS_PRICE_ORACLE, f.deployer);
  await oracle.setL1Fees(CHEAP, 1n);
  const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
  const validAfter = (await time.latest()) + 150;
  const signed = await signedIntent(f.executor, f.alice, {
    token: await f.usdc.getAddress(),
    recipient: f.bob.address,
    amount: USDC(100),
    maxFee: USDC(5),
    validAfter,
    validUntil: validAfter + 86_400,
  });
  await f.executor.connect(f.bob).post(signed.intent, signed.signature);
  return { ...f, keeperSigner, oracle, fromBlock, signed, validAfter };
}

type F = Awaited<ReturnType<typeof withTimedIntent>>;

function keeperFor(f: F, options: KeeperOptions = {}) {
  return new Keeper(f.executor, f.keeperSigner, f.fromBlock, {
    nativeToken: f.weth.target as string,
    log: () => undefined,
    timing: { pollSeconds: POLL, marginSeconds: 300, minSamples: 5 },
    ...options,
  });
}

/** Passes every POLL seconds until the intent is due, so the keeper has seen the cheap fees. */
async function learnCheapFees(f: F, keeper: Keeper) {
  while ((await time.latest()) < f.validAfter - POLL) {
    await keeper.pass();
    await time.increase(POLL);
  }
  await time.increaseTo(f.validAfter);
}

async function statusOf(f: F, keeper: Keeper) {
  const entry = (await keeper.pass()).find((e) => e.hash === f.signed.hash);
  return { status: entry?.status, reason: entry?.reason };
}

describe("Keeper fee-optimal timing (timing option)", function () {
  it("waits while the L1 data fee is dear, and executes when it is cheap again", async function () {
    const f = await loadFixture(withTimedIntent);
    const keeper = keeperFor(f);
    await learnCheapFees(f, keeper);
    await f.oracle.setL1Fees(DEAR, 1n);
    const waiting = await statusOf(f, keeper);
    expect(waiting.status).to.equal("skipped");
    expect(waiting.reason).to.match(
      /^waiting for cheaper gas \(\d+ chances left\): cost [\d.,]+ > [\d.,]+ native; runs by \d{4}-\d\d-\d\d/,
    );
    await f.oracle.setL1Fees(CHEAP, 1n);
    await time.increase(POLL);
    expect((await statusOf(f, keeper)).status).to.equal("executed");
    expect(await f.executor.nonceUsed(f.alice.address, f.signed.intent.nonce)).to.equal(true);
  });

  it("executes a dear moment once the deadline is within the margin: it never misses a deadline", async function () {
    const f = await loadFixture(withTimedIntent);
    const keeper = keeperFor(f);
    await learnCheapFees(f, keeper);
    await f.oracle.setL1Fees(DEAR, 1n);
    expect((await statusOf(f, keeper)).status).to.equal("skipped");
    await time.increaseTo(f.signed.intent.validUntil - 301);
    await refreshPrices(f); // a day later: the feeds' answers would be stale, the fee worthless
    const late = await statusOf(f, keeper);
    expect(late, late.reason).to.deep.include({ status: "executed" });
  });

  it("without the timing option, runs a dear but profitable intent as soon as it is due", async function () {
    const f = await loadFixture(withTimedIntent);
    const keeper = keeperFor(f, { timing: undefined });
    await learnCheapFees(f, keeper);
    await f.oracle.setL1Fees(DEAR, 1n);
    expect((await statusOf(f, keeper)).status).to.equal("executed");
  });

  it("refuses a margin shorter than two polls, which could miss a deadline", async function () {
    const f = await loadFixture(withTimedIntent);
    expect(() => keeperFor(f, { timing: { pollSeconds: POLL, marginSeconds: 2 * POLL - 1 } })).to.throw(
      RangeError,
      /at least two polls/,
    );
  });
});
