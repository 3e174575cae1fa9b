import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { id, TypedDataEncoder, type ContractTransactionResponse } from "ethers";

import { deployIntents, signedIntent, units } from "../fixtures";
import {
  Action,
  hashIntent,
  intentValues,
  nextNonce,
  PAYMENT_INTENT_TYPES,
  priceConditionData,
  signIntent,
  buildIntent,
} from "../../scripts/lib/intents";
import type { IntentExecutor } from "../../typechain-types";

const USDC = (n: number | string) => units(n, 6);

/** Alice lends 100,000 USDC; Bob borrows 10,000 USDC against 10 WETH ($30,000). */
async function withLoan() {
  const f = await loadFixture(deployIntents);
  const { pool, usdc, weth, alice, bob } = f;
  await pool.connect(alice).supply(usdc, USDC(100_000), alice.address);
  await pool.connect(bob).supply(weth, units(10, 18), bob.address);
  await pool.connect(bob).borrow(usdc, USDC(10_000), bob.address);
  return f;
}

/** The `IntentExecuted` events of a mined transaction. */
async function executedEvents(executor: IntentExecutor, tx: ContractTransactionResponse) {
  const receipt = await tx.wait();
  const event = executor.getEvent("IntentExecuted");
  return (receipt?.logs ?? [])
    .filter((log) => log.topics[0] === event.fragment.topicHash)
    .map((log) => executor.interface.decodeEventLog(event.fragment, log.data, log.topics));
}

describe("IntentExecutor.execute", function () {
  it("PAY: moves amount to the recipient and the fee to the executor, spends the nonce, emits IntentExecuted", async function () {
    const { executor, usdc, alice, bob, carol } = await loadFixture(deployIntents);
    const { intent, signature, hash } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(100),
      maxFee: USDC(1),
    });

    const tx = executor.connect(carol).execute(intent, signature, USDC("0.5"));
    await expect(tx)
      .to.emit(executor, "IntentExecuted")
      .withArgs(hash, alice.address, carol.address, USDC(100), USDC("0.5"), 1n);
    await expect(tx).to.changeTokenBalances(
      usdc,
      [alice, bob, carol, executor],
      [-USDC("100.5"), USDC(100), USDC("0.5"), 0n],
    );
    expect(await executor.nonceUsed(alice.address, intent.nonce)).to.equal(true);
  });

  it("SAVE: supplies the amount into the lending pool on behalf of the owner", async function () {
    const { executor, pool, usdc, alice, carol } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      action: Action.SAVE,
      amount: USDC(1_000),
      maxFee: USDC(1),
    });
    expect(await pool.supplyBalance(usdc, alice.address)).to.equal(0n);

    const tx = executor.connect(carol).execute(intent, signature, USDC(1));
    await expect(tx)
      .to.emit(pool, "Supply")
      .withArgs(usdc, executor, alice.address, USDC(1_000), USDC(1_000) * 10n ** 6n);
    await expect(tx).to.changeTokenBalances(
      usdc,
      [alice, pool, carol, executor],
      [-USDC(1_001), USDC(1_000), USDC(1), 0n],
    );
    expect(await pool.supplyBalance(usdc, alice.address)).to.equal(USDC(1_000));
  });

  it("REPAY: lowers the owner's debt by the amount", async function () {
    const { executor, pool, usdc, bob, carol } = await loadFixture(withLoan);
    const { intent, signature, hash } = await signedIntent(executor, bob, {
      token: await usdc.getAddress(),
      action: Action.REPAY,
      amount: USDC(1_000),
      maxFee: USDC(1),
    });
    const debtBefore = await pool.debtBalance(usdc, bob.address);

    const tx = executor.connect(carol).execute(intent, signature, USDC(1));
    await expect(tx)
      .to.emit(executor, "IntentExecuted")
      .withArgs(hash, bob.address, carol.address, USDC(1_000), USDC(1), 1n);
    await expect(tx).to.changeTokenBalances(
      usdc,
      [bob, pool, carol, executor],
      [-USDC(1_001), USDC(1_000), USDC(1), 0n],
    );
    // A couple of seconds of interest at most accrue between the two reads.
    expect(await pool.debtBalance(usdc, bob.address)).to.be.closeTo(debtBefore - USDC(1_000), 100n);
  });

  it("REPAY: caps the amount at the owner's debt", async function () {
    const { executor, pool, usdc, bob, carol } = await loadFixture(withLoan);
    const { intent, signature } = await signedIntent(executor, bob, {
      token: await usdc.getAddress(),
      action: Action.REPAY,
      amount: USDC(1_000_000),
      maxFee: USDC(1),
    });
    const debtBefore = await pool.debtBalance(usdc, bob.address);
    const balanceBefore = await usdc.balanceOf(bob.address);

    const [event] = await executedEvents(executor, await executor.connect(carol).execute(intent, signature, USDC(1)));
    expect(event.amount).to.be.within(debtBefore, debtBefore + 100n);
    expect(await pool.debtBalance(usdc, bob.address)).to.equal(0n);
    expect(await usdc.balanceOf(bob.address)).to.equal(balanceBefore - event.amount - USDC(1));
    expect(await usdc.balanceOf(executor)).to.equal(0n);
  });

  it("reverts NothingToRepay for a REPAY intent of an owner without debt", async function () {
    const { executor, usdc, carol, dave } = await loadFixture(withLoan);
    const { intent, signature } = await signedIntent(executor, carol, {
      token: await usdc.getAddress(),
      action: Action.REPAY,
      amount: USDC(100),
    });
    await expect(executor.connect(dave).execute(intent, signature, 0n)).to.be.revertedWithCustomError(
      executor,
      "NothingToRepay",
    );
  });

  it("reverts FeeTooHigh when the fee exceeds maxFee", async function () {
    const { executor, usdc, alice, bob, carol } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(100),
      maxFee: USDC(1),
    });
    await expect(executor.connect(carol).execute(intent, signature, USDC(1) + 1n))
      .to.be.revertedWithCustomError(executor, "FeeTooHigh")
      .withArgs(USDC(1) + 1n, USDC(1));
  });

  it("reverts NotYetValid before validAfter", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const validAfter = (await time.latest()) + 1_000;
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(100),
      validAfter,
      validUntil: validAfter + 1_000,
    });
    await expect(executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(executor, "NotYetValid")
      .withArgs(validAfter);
  });

  it("reverts Expired after validUntil", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const validUntil = (await time.latest()) + 10;
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(100),
      validUntil,
    });
    await time.increase(100);
    await expect(executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(executor, "Expired")
      .withArgs(validUntil);
  });

  it("reverts MalformedIntent for a zero amount", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: 0n,
    });
    await expect(executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(executor, "MalformedIntent");
  });

  it("reverts MalformedIntent for a one-off intent with maxRuns 2", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
      interval: 0,
      maxRuns: 2,
    });
    await expect(executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(executor, "MalformedIntent");
  });

  it("reverts MalformedIntent for a recurring intent with maxRuns 0", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
      interval: 3_600,
      maxRuns: 0,
    });
    await expect(executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(executor, "MalformedIntent");
  });

  it("reverts NonceUsed when a one-off intent runs a second time", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
    });
    await executor.execute(intent, signature, 0n);
    await expect(executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(executor, "NonceUsed")
      .withArgs(alice.address, intent.nonce);
  });

  it("reverts IntentIsCancelled for a cancelled recurring intent", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
      interval: 3_600,
      maxRuns: 12,
    });
    await executor.connect(alice).cancel(intent);
    await expect(executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(executor, "IntentIsCancelled");
  });

  it("reverts MaxRunsReached after the last run", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
      interval: 60,
      maxRuns: 1,
    });
    await executor.execute(intent, signature, 0n);
    await time.increase(60);
    await expect(executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(executor, "MaxRunsReached")
      .withArgs(1n);
  });

  it("reverts AlreadyRanThisPeriod with the start of the next period", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
      interval: 3_600,
      maxRuns: 12,
    });
    await executor.execute(intent, signature, 0n);
    await expect(executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(executor, "AlreadyRanThisPeriod")
      .withArgs(intent.validAfter + 3_600);
  });

  it("reverts ConditionNotMet when the condition does not hold", async function () {
    const { executor, priceCondition, usdc, weth, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
      condition: await priceCondition.getAddress(),
      conditionData: priceConditionData(await weth.getAddress(), units(4_000, 18), true),
    });
    await expect(executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(executor, "ConditionNotMet")
      .withArgs(priceCondition);
  });

  it("reverts InvalidSignature for a signature by someone other than the owner", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, bob, {
      owner: alice.address,
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
    });
    await expect(executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(executor, "InvalidSignature");
  });
});

describe("IntentExecutor.cancel", function () {
  it("marks the intent cancelled and emits IntentCancelled", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, hash } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
      interval: 3_600,
      maxRuns: 12,
    });
    await expect(executor.connect(alice).cancel(intent))
      .to.emit(executor, "IntentCancelled")
      .withArgs(hash, alice.address);
    const [runs, lastRun, cancelled] = await executor.intentState(hash);
    expect([runs, lastRun, cancelled]).to.deep.equal([0n, 0n, true]);
  });

  it("reverts NotOwner when someone else cancels", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
    });
    await expect(executor.connect(bob).cancel(intent)).to.be.revertedWithCustomError(executor, "NotOwner");
  });
});

describe("IntentExecutor.post", function () {
  it("emits IntentPosted with the intent and its signature and returns the digest", async function () {
    const { executor, usdc, alice, bob, carol } = await loadFixture(deployIntents);
    const { intent, signature, hash } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
    });
    expect(await executor.connect(carol).post.staticCall(intent, signature)).to.equal(hash);
    await expect(executor.connect(carol).post(intent, signature))
      .to.emit(executor, "IntentPosted")
      .withArgs(hash, alice.address, intentValues(intent), signature);
  });

  it("reverts InvalidSignature for a forged intent", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, bob, {
      owner: alice.address,
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
    });
    await expect(executor.post(intent, signature)).to.be.revertedWithCustomError(executor, "InvalidSignature");
  });
});

describe("IntentExecutor.executeBatch and executeFromBatch", function () {
  it("reverts LengthMismatch when the arrays differ in length", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
    });
    await expect(executor.executeBatch([intent], [signature], [], [100_000n])).to.be.revertedWithCustomError(
      executor,
      "LengthMismatch",
    );
    await expect(executor.executeBatch([intent], [], [0n], [100_000n])).to.be.revertedWithCustomError(
      executor,
      "LengthMismatch",
    );
    await expect(executor.executeBatch([intent], [signature], [0n], [])).to.be.revertedWithCustomError(
      executor,
      "LengthMismatch",
    );
  });

  it("reverts OnlySelf when executeFromBatch is called from outside", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
    });
    await expect(
      executor.connect(bob).executeFromBatch(intent, signature, 0n, bob.address),
    ).to.be.revertedWithCustomError(executor, "OnlySelf");
  });
});

describe("IntentExecutor EIP-712", function () {
  it("the toolkit's PAYMENT_INTENT_TYPES hash to the contract's PAYMENT_INTENT_TYPEHASH", async function () {
    const { executor } = await loadFixture(deployIntents);
    const typeString = TypedDataEncoder.from(PAYMENT_INTENT_TYPES).encodeType("PaymentIntent");
    expect(id(typeString)).to.equal(await executor.PAYMENT_INTENT_TYPEHASH());
  });

  it("the toolkit's hashIntent equals the contract's, condition data included", async function () {
    const { executor, priceCondition, usdc, weth, alice, bob } = await loadFixture(deployIntents);
    const intent = buildIntent(
      {
        owner: alice.address,
        token: await usdc.getAddress(),
        recipient: bob.address,
        action: Action.REPAY,
        amount: USDC(12_345),
        maxFee: USDC(3),
        interval: 86_400,
        maxRuns: 30,
        condition: await priceCondition.getAddress(),
        conditionData: priceConditionData(await weth.getAddress(), units(2_500, 18), false),
        nonce: 2n ** 200n + 7n,
      },
      await time.latest(),
    );
    expect(await hashIntent(executor, intent)).to.equal(await executor.hashIntent(intent));
    // …and it is exactly what the owner signs.
    const signature = await signIntent(alice, executor, intent);
    expect(ethers.recoverAddress(await executor.hashIntent(intent), signature)).to.equal(alice.address);
  });

  it("eip712Domain() returns name Quartet Intents, version 1, this chain and this contract", async function () {
    const { executor } = await loadFixture(deployIntents);
    const domain = await executor.eip712Domain();
    expect(domain.fields).to.equal("0x0f");
    expect(domain.name).to.equal("Quartet Intents");
    expect(domain.version).to.equal("1");
    expect(domain.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
    expect(domain.verifyingContract).to.equal(await executor.getAddress());
  });
});

describe("Toolkit nextNonce", function () {
  it("returns the owner's lowest unused nonce, skipping spent, invalidated and pending ones", async function () {
    const { executor, usdc, alice, bob } = await loadFixture(deployIntents);
    expect(await nextNonce(executor, alice.address)).to.equal(0n);
    const { intent, signature } = await signedIntent(executor, alice, {
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(1),
      nonce: 0n,
    });
    await executor.execute(intent, signature, 0n);
    await executor.connect(alice).invalidateNonces(0n, 0b110n);
    expect(await nextNonce(executor, alice.address)).to.equal(3n);
    expect(await nextNonce(executor, alice.address, [3n, 4n])).to.equal(5n);
    await executor.connect(alice).invalidateNonces(0n, ethers.MaxUint256);
    expect(await nextNonce(executor, alice.address)).to.equal(256n);
  });
});
