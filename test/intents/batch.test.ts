import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { assetConfigOf, deployIntents, signedIntent, unapprovedUser, units, type SignedIntent } from "../fixtures";
import { Action } from "../../scripts/lib/intents";
import {
  FeeOnTransferToken__factory,
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

/** `executeBatch` arguments taking the full fee on every item. */
function batchArgs(items: SignedIntent[]) {
  return [items.map((i) => i.intent), items.map((i) => i.signature), items.map((i) => i.intent.maxFee)] as const;
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

describe("IntentExecutor.executeBatch: out-of-gas griefing", function () {
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
    return { ...f, wallet, item };
  }

  it("a plain intent cannot be griefed: below the gas it needs, the whole batch reverts", async function () {
    const f = await loadFixture(deployIntents);
    const item = await payment(f, f.alice);
    const batch = f.executor.connect(f.liquidator).executeBatch;
    const estimate = await batch.estimateGas(...batchArgs([item]));
    const limit = await smallestWorkingGasLimit(
      (gasLimit) => batch.staticCall(...batchArgs([item]), { gasLimit }),
      21_000n,
      estimate,
    );
    // At the smallest gas limit that lets the batch complete, the item runs: there is no limit where it fails alone.
    expect(await batch.staticCall(...batchArgs([item]), { gasLimit: limit })).to.equal(1n);
  });

  it("starved of gas, a heavy item fails alone (IntentFailed): nonce unused, no fee, and it runs later with enough gas", async function () {
    const { executor, usdc, wallet, bob, liquidator, item } = await loadFixture(withHeavyWallet);
    const batch = executor.connect(liquidator).executeBatch;
    const estimate = await batch.estimateGas(...batchArgs([item]));
    const limit = await smallestWorkingGasLimit(
      (gasLimit) => batch.staticCall(...batchArgs([item]), { gasLimit }),
      21_000n,
      estimate,
    );
    expect(await batch.staticCall(...batchArgs([item]), { gasLimit: limit })).to.equal(0n);

    // The wallet's check runs out of gas, so the signature is not proven and the item reverts inside its frame.
    const tx = batch(...batchArgs([item]), { gasLimit: limit });
    await expect(tx).to.emit(executor, "IntentFailed").withArgs(item.hash, 0n, reason(executor, "InvalidSignature"));
    await expect(tx).to.changeTokenBalances(usdc, [wallet, bob, liquidator], [0n, 0n, 0n]);
    expect(await executor.nonceUsed(wallet, item.intent.nonce)).to.equal(false);

    await expect(batch(...batchArgs([item]), { gasLimit: 2n * estimate }))
      .to.emit(executor, "IntentExecuted")
      .withArgs(item.hash, wallet, liquidator.address, USDC(100), FEE, 1n);
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
