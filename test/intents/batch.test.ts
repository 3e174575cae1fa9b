import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { assetConfigOf, deployIntents, signedIntent, unapprovedUser, units, type SignedIntent } from "../fixtures";
import { Action } from "../../scripts/lib/intents";
import {
  FeeOnTransferToken__factory,
  HostileToken__factory,
  MockERC1271Wallet__factory,
  MockV3Aggregator__factory,
  NoReturnToken__factory,
  ReentrantToken__factory,
  type IntentExecutor,
} from "../../typechain-types";

const USDC = (n: number | string) => units(n, 6);
const FEE = USDC("0.1");

type Fixture = Awaited<ReturnType<typeof deployIntents>>;

/** A one-off payment of `amount` from `owner` to Bob in `token`, fee up to 0.1 USDC-units. */
async function payment(f: Fixture, owner: Parameters<typeof signedIntent>[1], extra = {}) {
  return signedIntent(f.executor, owner, {
    token: await f.usdc.getAddress(),
    recipient: f.bob.address,
    amount: USDC(100),
    maxFee: FEE,
    ...extra,
  });
}

/** Gas each batch item receives in these tests: ample for any of them. */
const ITEM_GAS = 500_000n;
/** What a batch item costs beyond its gas limit: its calldata, encoding its call, and its IntentFailed event. */
const ITEM_OVERHEAD_GAS = 15_000n;

/** `executeBatch` arguments taking the full fee on every item, each with `gasLimit` gas. */
function batchArgs(items: SignedIntent[], gasLimit = ITEM_GAS) {
  return [
    items.map((i) => i.intent),
    items.map((i) => i.signature),
    items.map((i) => i.intent.maxFee),
    items.map(() => gasLimit),
  ] as const;
}

/** The revert data `IntentFailed` carries for `name(args)`. */
function reason(executor: IntentExecutor, name: string, args: unknown[] = []) {
  return executor.interface.encodeErrorResult(name, args);
}

describe("IntentExecutor.executeBatch: a failing item consumes nothing", function () {
  it("runs the good items and skips one with a bad signature (IntentFailed with InvalidSignature)", async function () {
    const f = await loadFixture(deployIntents);
    const good1 = await payment(f, f.alice);
    const forged = await payment(f, f.bob, { owner: f.dave.address });
    const good2 = await payment(f, f.carol);
    const args = batchArgs([good1, forged, good2]);

    expect(await f.executor.connect(f.liquidator).executeBatch.staticCall(...args)).to.equal(2n);
    const tx = f.executor.connect(f.liquidator).executeBatch(...args);
    await expect(tx)
      .to.emit(f.executor, "IntentFailed")
      .withArgs(forged.hash, 1n, reason(f.executor, "InvalidSignature"));
    await expect(tx).to.changeTokenBalances(
      f.usdc,
      [f.alice, f.carol, f.dave, f.bob, f.liquidator],
      [-USDC(100) - FEE, -USDC(100) - FEE, 0n, 2n * USDC(100), 2n * FEE],
    );
    expect(await f.executor.nonceUsed(f.dave.address, forged.intent.nonce)).to.equal(false);
  });

  it("skips an expired item (IntentFailed with Expired) and runs the others", async function () {
    const f = await loadFixture(deployIntents);
    const expired = await payment(f, f.alice, { validUntil: (await time.latest()) + 5 });
    const good = await payment(f, f.carol);
    await time.increase(10);

    const tx = f.executor.connect(f.liquidator).executeBatch(...batchArgs([expired, good]));
    await expect(tx)
      .to.emit(f.executor, "IntentFailed")
      .withArgs(expired.hash, 0n, reason(f.executor, "Expired", [expired.intent.validUntil]));
    await expect(tx)
      .to.emit(f.executor, "IntentExecuted")
      .withArgs(good.hash, f.carol.address, f.liquidator.address, USDC(100), FEE, 1n);
    await expect(tx).to.changeTokenBalances(f.usdc, [f.alice, f.liquidator], [0n, FEE]);
    expect(await f.executor.nonceUsed(f.alice.address, expired.intent.nonce)).to.equal(false);
  });

  it("skips an item whose owner gave no allowance, spends neither nonce nor fee, and runs it later once approved", async function () {
    const f = await loadFixture(deployIntents);
    const erin = await unapprovedUser([f.usdc], 6, USDC(1_000));
    const unfunded = await payment(f, erin);
    const good = await payment(f, f.alice);

    const tx = f.executor.connect(f.liquidator).executeBatch(...batchArgs([unfunded, good]));
    await expect(tx)
      .to.emit(f.executor, "IntentFailed")
      .withArgs(
        unfunded.hash,
        0n,
        f.usdc.interface.encodeErrorResult("ERC20InsufficientAllowance", [
          await f.executor.getAddress(),
          0n,
          USDC(100),
        ]),
      );
    await expect(tx).to.changeTokenBalances(f.usdc, [erin, f.liquidator], [0n, FEE]);
    expect(await f.executor.nonceUsed(erin.address, unfunded.intent.nonce)).to.equal(false);

    await f.usdc.connect(erin).approve(f.executor, ethers.MaxUint256);
    await expect(f.executor.connect(f.liquidator).executeBatch(...batchArgs([unfunded])))
      .to.emit(f.executor, "IntentExecuted")
      .withArgs(unfunded.hash, erin.address, f.liquidator.address, USDC(100), FEE, 1n);
  });

  it("leaves a failing recurring item's state (runs, lastRun) unchanged", async function () {
    const f = await loadFixture(deployIntents);
    const recurring = await payment(f, f.alice, { interval: 3_600, maxRuns: 5 });
    await f.executor.execute(recurring.intent, recurring.signature, 0n);
    const stateBefore = Array.from(await f.executor.intentState(recurring.hash));

    await time.increase(3_600);
    await f.usdc.connect(f.alice).approve(f.executor, 0n); // the next run's transfer fails
    await expect(f.executor.executeBatch(...batchArgs([recurring]))).to.emit(f.executor, "IntentFailed");
    expect(Array.from(await f.executor.intentState(recurring.hash))).to.deep.equal(stateBefore);
  });
});

describe("IntentExecutor.executeBatch: hostile and odd tokens", function () {
  it("a token that re-enters the executor from transferFrom fails its item (ReentrancyGuardReentrantCall) and consumes nothing", async function () {
    const f = await loadFixture(deployIntents);
    const token = await new ReentrantToken__factory(f.deployer).deploy();
    await token.mint(f.alice.address, USDC(1_000));
    await token.connect(f.alice).approve(f.executor, ethers.MaxUint256);
    const hostile = await payment(f, f.alice, { token: await token.getAddress() });
    const good = await payment(f, f.carol);
    // On its next transfer the token calls back into the executor to run the same intent again.
    await token.arm(
      f.executor,
      f.executor.interface.encodeFunctionData("execute", [hostile.intent, hostile.signature, 0n]),
    );

    const tx = f.executor.connect(f.liquidator).executeBatch(...batchArgs([hostile, good]));
    await expect(tx)
      .to.emit(f.executor, "IntentFailed")
      .withArgs(hostile.hash, 0n, reason(f.executor, "ReentrancyGuardReentrantCall"));
    await expect(tx).to.changeTokenBalances(token, [f.alice, f.bob, f.liquidator], [0n, 0n, 0n]);
    expect(await f.executor.nonceUsed(f.alice.address, hostile.intent.nonce)).to.equal(false);
  });

  it("a USDT-style token that returns nothing is paid normally", async function () {
    const f = await loadFixture(deployIntents);
    const token = await new NoReturnToken__factory(f.deployer).deploy();
    await token.mint(f.alice.address, USDC(1_000));
    await token.connect(f.alice).approve(f.executor, ethers.MaxUint256);
    const item = await payment(f, f.alice, { token: await token.getAddress() });

    await expect(f.executor.connect(f.liquidator).executeBatch(...batchArgs([item]))).to.emit(
      f.executor,
      "IntentExecuted",
    );
    expect(await token.balanceOf(f.bob.address)).to.equal(USDC(100));
    expect(await token.balanceOf(f.liquidator.address)).to.equal(FEE);
  });

  /** A 1%-fee-on-transfer token, listed in the pool (priced at $1), held and approved by Alice. */
  async function withFeeToken() {
    const f = await loadFixture(deployIntents);
    const token = await new FeeOnTransferToken__factory(f.deployer).deploy(100);
    const feed = await new MockV3Aggregator__factory(f.deployer).deploy(8, 1_00000000n);
    await f.oracle.setFeed(token, feed, 86_400);
    await f.pool.listAsset(token, await assetConfigOf(f.pool, f.usdc));
    await token.mint(f.alice.address, units(1_000, 18));
    await token.connect(f.alice).approve(f.executor, ethers.MaxUint256);
    const save = await signedIntent(f.executor, f.alice, {
      token: await token.getAddress(),
      action: Action.SAVE,
      amount: units(100, 18),
      maxFee: units(1, 18),
    });
    return { ...f, token, save };
  }

  it("a fee-on-transfer SAVE fails its item (the executor received 99 and cannot pass on 100) and consumes nothing", async function () {
    const { executor, pool, token, alice, liquidator, save } = await loadFixture(withFeeToken);
    const tx = executor.connect(liquidator).executeBatch(...batchArgs([save]));
    // The token burns its 1% from the sender first (99 → 98), then moves the other 99: the executor is short.
    await expect(tx)
      .to.emit(executor, "IntentFailed")
      .withArgs(
        save.hash,
        0n,
        token.interface.encodeErrorResult("ERC20InsufficientBalance", [
          await executor.getAddress(),
          units(98, 18),
          units(99, 18),
        ]),
      );
    await expect(tx).to.changeTokenBalances(token, [alice, liquidator, executor, pool], [0n, 0n, 0n, 0n]);
    expect(await executor.nonceUsed(alice.address, save.intent.nonce)).to.equal(false);
    expect(await pool.supplyBalance(token, alice.address)).to.equal(0n);
  });

  it("a fee-on-transfer SAVE fails with the pool's TransferAmountMismatch even if the executor holds spare tokens", async function () {
    const { executor, pool, token, alice, liquidator, save } = await loadFixture(withFeeToken);
    await token.mint(executor, units(10, 18)); // a donation covers the executor's shortfall…
    const tx = executor.connect(liquidator).executeBatch(...batchArgs([save]));
    // …but the pool receives 99 of the 100 it pulls, and rejects the supply.
    await expect(tx)
      .to.emit(executor, "IntentFailed")
      .withArgs(
        save.hash,
        0n,
        pool.interface.encodeErrorResult("TransferAmountMismatch", [units(100, 18), units(99, 18)]),
      );
    await expect(tx).to.changeTokenBalances(token, [alice, liquidator, pool], [0n, 0n, 0n]);
    expect(await executor.nonceUsed(alice.address, save.intent.nonce)).to.equal(false);
  });

  it("a fee-on-transfer PAY runs: the owner pays amount + fee and the token takes its cut from what arrives", async function () {
    const { executor, token, alice, bob, liquidator } = await loadFixture(withFeeToken);
    const pay = await signedIntent(executor, alice, {
      token: await token.getAddress(),
      recipient: bob.address,
      amount: units(100, 18),
      maxFee: units(1, 18),
    });
    const tx = executor.connect(liquidator).executeBatch(...batchArgs([pay]));
    await expect(tx).to.changeTokenBalances(
      token,
      [alice, bob, liquidator],
      [-units(101, 18), units(99, 18), units("0.99", 18)],
    );
  });
});

describe("IntentExecutor.executeBatch: per-item gas limits and bounded revert data", function () {
  /** The smallest gas limit at which `run` does not revert (binary search over [lo, hi]). */
  async function smallestWorkingGasLimit(run: (gasLimit: bigint) => Promise<unknown>, lo: bigint, hi: bigint) {
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      try {
        await run(mid);
        hi = mid;
      } catch {
        lo = mid;
      }
    }
    return hi;
  }

  /** Erin's smart wallet, whose signature check costs ~300k gas, and its intent paying Bob. */
  async function withHeavyWallet() {
    const f = await loadFixture(deployIntents);
    const erin = (await ethers.getSigners())[6];
    const wallet = await new MockERC1271Wallet__factory(erin).deploy(erin.address);
    await f.usdc.mint(wallet, USDC(1_000));
    await wallet.connect(erin).approve(f.usdc, f.executor, ethers.MaxUint256);
    await wallet.connect(erin).setWork(1_000);
    const item = await payment(f, erin, { owner: await wallet.getAddress() });
    const good = await payment(f, f.carol);
    return { ...f, wallet, item, good };
  }

  it("an item that needs more than its gas limit fails alone (IntentFailed, nothing consumed) and the next item runs", async function () {
    const { executor, usdc, wallet, bob, carol, liquidator, item, good } = await loadFixture(withHeavyWallet);
    const batch = executor.connect(liquidator).executeBatch;
    // 100k is far too little for the wallet's ~300k check: the check runs out of gas, the signature is unproven.
    const args = batchArgs([item, good]);
    const tx = batch(args[0], args[1], args[2], [100_000n, ITEM_GAS]);
    await expect(tx).to.emit(executor, "IntentFailed").withArgs(item.hash, 0n, reason(executor, "InvalidSignature"));
    await expect(tx)
      .to.emit(executor, "IntentExecuted")
      .withArgs(good.hash, carol.address, liquidator.address, USDC(100), FEE, 1n);
    await expect(tx).to.changeTokenBalances(usdc, [wallet, bob, liquidator], [0n, USDC(100), FEE]);
    expect(await executor.nonceUsed(wallet, item.intent.nonce)).to.equal(false);

    await expect(batch(...batchArgs([item], 1_000_000n)))
      .to.emit(executor, "IntentExecuted")
      .withArgs(item.hash, wallet, liquidator.address, USDC(100), FEE, 1n);
  });

  it("reverts InsufficientGasForItem rather than starve an item: at every transaction gas limit the item either gets its whole limit and runs, or the batch reverts", async function () {
    const { executor, liquidator, item } = await loadFixture(withHeavyWallet);
    const batch = executor.connect(liquidator).executeBatch;
    const args = batchArgs([item], 1_000_000n);
    const limit = await smallestWorkingGasLimit(
      (gasLimit) => batch.staticCall(...args, { gasLimit }),
      21_000n,
      3_000_000n,
    );
    // The least gas at which the batch completes is enough for the whole item limit (1M × 64/63), and the item runs.
    expect(limit).to.be.greaterThan(1_000_000n + 1_000_000n / 63n);
    expect(await batch.staticCall(...args, { gasLimit: limit })).to.equal(1n);
    // Just below it, the batch refuses the item instead of letting it fail for want of gas.
    await expect(batch(...args, { gasLimit: limit - 1n }))
      .to.be.revertedWithCustomError(executor, "InsufficientGasForItem")
      .withArgs(0n, 1_000_000n);
  });

  it("reverts InsufficientGasForItem for a gas limit no transaction can give (2^64 − 1) and consumes nothing", async function () {
    const f = await loadFixture(deployIntents);
    const good = await payment(f, f.alice);
    await expect(f.executor.connect(f.liquidator).executeBatch(...batchArgs([good], 2n ** 64n - 1n)))
      .to.be.revertedWithCustomError(f.executor, "InsufficientGasForItem")
      .withArgs(0n, 2n ** 64n - 1n);
    expect(await f.executor.nonceUsed(f.alice.address, good.intent.nonce)).to.equal(false);
  });

  /** A hostile token held and approved by Alice, her payment in it, and Carol's honest USDC payment. */
  async function withHostileToken() {
    const f = await loadFixture(deployIntents);
    const token = await new HostileToken__factory(f.deployer).deploy("Hostile", "HOST");
    await token.mint(f.alice.address, USDC(1_000));
    await token.connect(f.alice).approve(f.executor, ethers.MaxUint256);
    const hostile = await payment(f, f.alice, { token: await token.getAddress() });
    const good = await payment(f, f.carol);
    return { ...f, token, hostile, good };
  }

  /** gasUsed of the batch [hostile, good] minus that of the batch [good] alone, from the same state. */
  async function extraGasOfHostileItem(mode: number, size: number, hostileLimit: bigint) {
    const { executor, liquidator, good } = await loadFixture(withHostileToken);
    const alone = await (await executor.connect(liquidator).executeBatch(...batchArgs([good]))).wait();
    const f = await loadFixture(withHostileToken);
    await f.token.configure(mode, size);
    const args = batchArgs([f.hostile, f.good]);
    const receipt = await (
      await f.executor.connect(f.liquidator).executeBatch(args[0], args[1], args[2], [hostileLimit, ITEM_GAS])
    ).wait();
    expect(receipt?.logs.some((l) => f.executor.interface.parseLog(l)?.name === "IntentExecuted")).to.equal(true);
    return { extra: (receipt?.gasUsed ?? 0n) - (alone?.gasUsed ?? 0n), f, receipt };
  }

  for (const hostileLimit of [100_000n, 1_000_000n]) {
    it(`a token that burns all its gas costs the batch its item's limit (${hostileLimit}) and no more, and the honest item after it runs @gas`, async function () {
      const { extra } = await extraGasOfHostileItem(1, 0, hostileLimit); // BurnGas
      // The token's frame burns 63/64 of the item's gas; the rest of the item's limit and its overhead (its calldata,
      // its IntentFailed) are all the batch pays on top.
      expect(extra).to.be.at.least((hostileLimit * 63n) / 64n);
      expect(extra).to.be.at.most(hostileLimit + ITEM_OVERHEAD_GAS);
    });
  }

  it("a token that reverts with 200 kB of data: IntentFailed carries only its first MAX_REASON_BYTES (256)", async function () {
    const { receipt, f } = await extraGasOfHostileItem(2, 200_000, 1_000_000n); // RevertWithData
    expect(await f.executor.MAX_REASON_BYTES()).to.equal(256n);
    const failed = receipt?.logs.map((l) => f.executor.interface.parseLog(l)).find((p) => p?.name === "IntentFailed");
    const data = failed?.args.reason as string;
    expect(ethers.dataLength(data)).to.equal(256);
    expect(data.slice(0, 10)).to.equal("0xdeadbeef");
    expect(await f.executor.nonceUsed(f.alice.address, f.hostile.intent.nonce)).to.equal(false);
  });

  it("a token that reverts with 200 kB of data costs the batch no more than its item's limit @gas", async function () {
    const { extra } = await extraGasOfHostileItem(2, 200_000, 1_000_000n);
    expect(extra).to.be.at.most(1_000_000n + ITEM_OVERHEAD_GAS);
  });

  it("a short revert reason is carried whole (fewer than MAX_REASON_BYTES)", async function () {
    const { receipt, f } = await extraGasOfHostileItem(2, 100, ITEM_GAS);
    const failed = receipt?.logs.map((l) => f.executor.interface.parseLog(l)).find((p) => p?.name === "IntentFailed");
    expect(ethers.dataLength(failed?.args.reason as string)).to.equal(100);
  });

  it("execute with too little gas reverts as a whole and consumes nothing", async function () {
    const { executor, usdc, wallet, liquidator, item } = await loadFixture(withHeavyWallet);
    const estimate = await executor.connect(liquidator).execute.estimateGas(item.intent, item.signature, FEE);
    const balanceBefore = await usdc.balanceOf(wallet);
    await expect(executor.connect(liquidator).execute(item.intent, item.signature, FEE, { gasLimit: estimate / 2n })).to
      .be.reverted;
    expect(await executor.nonceUsed(wallet, item.intent.nonce)).to.equal(false);
    expect(await usdc.balanceOf(wallet)).to.equal(balanceBefore);
    await expect(executor.connect(liquidator).execute(item.intent, item.signature, FEE)).to.emit(
      executor,
      "IntentExecuted",
    );
  });
});
