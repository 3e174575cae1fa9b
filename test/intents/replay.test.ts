import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { concat, hexlify, randomBytes, Signature, toBeHex, ZeroHash, zeroPadValue } from "ethers";

import { deployIntents, signedIntent, unapprovedUser, units } from "../fixtures";
import { intentDomain, PAYMENT_INTENT_TYPES, signIntent, signPermit } from "../../scripts/lib/intents";
import { IntentExecutor__factory, MockERC1271Wallet__factory, ReentrantToken__factory } from "../../typechain-types";

const USDC = (n: number | string) => units(n, 6);
/** Order of secp256k1's group: s and n − s are both valid ECDSA signatures of the same message. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Alice's one-off payment of 100 USDC to Bob with a fee of up to 1 USDC. */
async function alicePaysBob(f: Awaited<ReturnType<typeof deployIntents>>, extra = {}) {
  return signedIntent(f.executor, f.alice, {
    token: await f.usdc.getAddress(),
    recipient: f.bob.address,
    amount: USDC(100),
    maxFee: USDC(1),
    ...extra,
  });
}

/** Alice's monthly-style payment: every hour, up to 12 times. */
async function aliceRecurring(f: Awaited<ReturnType<typeof deployIntents>>, extra = {}) {
  return alicePaysBob(f, { interval: 3_600, maxRuns: 12, ...extra });
}

/** A wallet owned by Erin (signer 6), holding USDC and having approved the executor. */
async function withWallet() {
  const f = await loadFixture(deployIntents);
  const erin = (await ethers.getSigners())[6];
  const wallet = await new MockERC1271Wallet__factory(erin).deploy(erin.address);
  await f.usdc.mint(wallet, USDC(10_000));
  await wallet.connect(erin).approve(f.usdc, f.executor, ethers.MaxUint256);
  const signed = await signedIntent(f.executor, erin, {
    owner: await wallet.getAddress(),
    token: await f.usdc.getAddress(),
    recipient: f.bob.address,
    amount: USDC(100),
  });
  return { ...f, erin, wallet, ...signed };
}

describe("Intents safety: replay", function () {
  it("rejects a signature made for another chain id (InvalidSignature)", async function () {
    const f = await loadFixture(deployIntents);
    const { intent } = await alicePaysBob(f);
    const domain = { ...(await intentDomain(f.executor)), chainId: 10n };
    const signature = await f.alice.signTypedData(domain, PAYMENT_INTENT_TYPES, intent);
    await expect(f.executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(
      f.executor,
      "InvalidSignature",
    );
    await expect(f.executor.post(intent, signature)).to.be.revertedWithCustomError(f.executor, "InvalidSignature");
  });

  it("rejects on a second executor a signature made for the first (InvalidSignature)", async function () {
    const f = await loadFixture(deployIntents);
    const second = await new IntentExecutor__factory(f.deployer).deploy(f.accessManager, f.pool);
    await f.usdc.connect(f.alice).approve(second, ethers.MaxUint256);
    const { intent, signature, hash } = await alicePaysBob(f);

    expect(await second.hashIntent(intent)).to.not.equal(hash);
    await expect(second.execute(intent, signature, 0n)).to.be.revertedWithCustomError(second, "InvalidSignature");
    // The same intent signed for the second executor runs there, so only the domain made the difference.
    await expect(second.execute(intent, await signIntent(f.alice, second, intent), 0n)).to.emit(
      second,
      "IntentExecuted",
    );
  });

  it("rejects a cancelled one-off intent (NonceUsed: cancel spends the nonce)", async function () {
    const f = await loadFixture(deployIntents);
    const { intent, signature } = await alicePaysBob(f);
    await f.executor.connect(f.alice).cancel(intent);
    expect(await f.executor.nonceUsed(f.alice.address, intent.nonce)).to.equal(true);
    await expect(f.executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "NonceUsed")
      .withArgs(f.alice.address, intent.nonce);
  });

  it("rejects a recurring intent cancelled after its first run (IntentIsCancelled)", async function () {
    const f = await loadFixture(deployIntents);
    const { intent, signature } = await aliceRecurring(f);
    await f.executor.execute(intent, signature, 0n);
    await f.executor.connect(f.alice).cancel(intent);
    await time.increase(3_600);
    await expect(f.executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(
      f.executor,
      "IntentIsCancelled",
    );
  });

  it("rejects a recurring intent after maxRuns (MaxRunsReached)", async function () {
    const f = await loadFixture(deployIntents);
    const { intent, signature } = await aliceRecurring(f, { interval: 60, maxRuns: 2 });
    await f.executor.execute(intent, signature, 0n);
    await time.increase(60);
    await f.executor.execute(intent, signature, 0n);
    await time.increase(60);
    await expect(f.executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "MaxRunsReached")
      .withArgs(2n);
  });

  it("rejects a recurring intent after validUntil (Expired)", async function () {
    const f = await loadFixture(deployIntents);
    const now = await time.latest();
    const { intent, signature } = await aliceRecurring(f, { validUntil: now + 7_200 });
    await f.executor.execute(intent, signature, 0n);
    await time.increaseTo(now + 7_201);
    await expect(f.executor.execute(intent, signature, 0n))
      .to.be.revertedWithCustomError(f.executor, "Expired")
      .withArgs(now + 7_200);
  });

  it("invalidateNonces emits NoncesInvalidated and kills one-off and recurring intents with those nonces", async function () {
    const f = await loadFixture(deployIntents);
    const wordPos = 7n;
    const oneOff = await alicePaysBob(f, { nonce: wordPos * 256n + 3n });
    const recurring = await aliceRecurring(f, { nonce: wordPos * 256n + 200n });
    const mask = (1n << 3n) | (1n << 200n);

    await expect(f.executor.connect(f.alice).invalidateNonces(wordPos, mask))
      .to.emit(f.executor, "NoncesInvalidated")
      .withArgs(f.alice.address, wordPos, mask);
    expect(await f.executor.nonceBitmap(f.alice.address, wordPos)).to.equal(mask);
    for (const { intent, signature } of [oneOff, recurring]) {
      await expect(f.executor.execute(intent, signature, 0n))
        .to.be.revertedWithCustomError(f.executor, "NonceUsed")
        .withArgs(f.alice.address, intent.nonce);
    }
  });
});

describe("Intents safety: signatures", function () {
  it("rejects the high-s twin of a valid signature (InvalidSignature)", async function () {
    const f = await loadFixture(deployIntents);
    const { intent, signature } = await alicePaysBob(f);
    const sig = Signature.from(signature);
    const highS = zeroPadValue(toBeHex(SECP256K1_N - BigInt(sig.s)), 32);
    const flippedV = sig.v === 27 ? "0x1c" : "0x1b";
    const twin = concat([sig.r, highS, flippedV]);

    await expect(f.executor.execute(intent, twin, 0n)).to.be.revertedWithCustomError(f.executor, "InvalidSignature");
    await expect(f.executor.execute(intent, signature, 0n)).to.emit(f.executor, "IntentExecuted");
  });

  const malformed: [string, (signature: string) => string][] = [
    ["64 bytes (v dropped)", (s) => ethers.dataSlice(s, 0, 64)],
    ["66 bytes (a byte appended)", (s) => concat([s, "0x00"])],
    ["empty", () => "0x"],
    ["65 bytes of garbage", () => hexlify(randomBytes(65))],
  ];
  for (const [shape, mangle] of malformed) {
    it(`rejects a malformed signature: ${shape} (InvalidSignature)`, async function () {
      const f = await loadFixture(deployIntents);
      const { intent, signature } = await alicePaysBob(f);
      await expect(f.executor.execute(intent, mangle(signature), 0n)).to.be.revertedWithCustomError(
        f.executor,
        "InvalidSignature",
      );
      expect(await f.executor.nonceUsed(f.alice.address, intent.nonce)).to.equal(false);
    });
  }
});

describe("Intents safety: ERC-1271 owners", function () {
  it("runs a smart wallet's intent that the wallet accepts", async function () {
    const { executor, usdc, wallet, bob, carol, intent, signature, hash } = await loadFixture(withWallet);
    const tx = executor.connect(carol).execute(intent, signature, 0n);
    await expect(tx).to.emit(executor, "IntentExecuted").withArgs(hash, wallet, carol.address, USDC(100), 0n, 1n);
    await expect(tx).to.changeTokenBalances(usdc, [wallet, bob], [-USDC(100), USDC(100)]);
  });

  it("rejects a signature the wallet's owner did not make (InvalidSignature)", async function () {
    const { executor, usdc, wallet, bob } = await loadFixture(withWallet);
    const forged = await signedIntent(executor, bob, {
      owner: await wallet.getAddress(),
      token: await usdc.getAddress(),
      recipient: bob.address,
      amount: USDC(100),
    });
    await expect(executor.execute(forged.intent, forged.signature, 0n)).to.be.revertedWithCustomError(
      executor,
      "InvalidSignature",
    );
  });

  it("rejects when the wallet answers a value other than the magic value (InvalidSignature)", async function () {
    const { executor, wallet, erin, intent, signature } = await loadFixture(withWallet);
    await wallet.connect(erin).setMode(1); // WrongValue
    await expect(executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(executor, "InvalidSignature");
  });

  it("rejects when the wallet reverts (InvalidSignature, not the wallet's error)", async function () {
    const { executor, wallet, erin, intent, signature } = await loadFixture(withWallet);
    await wallet.connect(erin).setMode(2); // Reverts
    await expect(executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(executor, "InvalidSignature");
  });
});

describe("Intents safety: permit and fee", function () {
  /** Erin (signer 6) holds USDC but never approved the executor; she signs a permit and an intent. */
  async function withPermit() {
    const f = await loadFixture(deployIntents);
    const erin = await unapprovedUser([f.usdc], 6, USDC(1_000));
    const mallory = (await ethers.getSigners())[7];
    const deadline = BigInt(await time.latest()) + 3_600n;
    const permit = await signPermit(erin, f.usdc, f.executor, USDC(101), deadline);
    const signed = await signedIntent(f.executor, erin, {
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amount: USDC(100),
      maxFee: USDC(1),
    });
    return { ...f, erin, mallory, permit, ...signed };
  }

  it("executeWithPermit applies the permit and runs the intent", async function () {
    const { executor, usdc, erin, bob, carol, permit, intent, signature } = await loadFixture(withPermit);
    const { value, deadline, v, r, s } = permit;
    const tx = executor.connect(carol).executeWithPermit(intent, signature, USDC(1), value, deadline, v, r, s);
    await expect(tx).to.changeTokenBalances(usdc, [erin, bob, carol], [-USDC(101), USDC(100), USDC(1)]);
    expect(await usdc.allowance(erin.address, executor)).to.equal(0n);
  });

  it("a front-run permit does not block executeWithPermit", async function () {
    const { executor, usdc, erin, bob, carol, mallory, permit, intent, signature } = await loadFixture(withPermit);
    const { value, deadline, v, r, s } = permit;
    await usdc.connect(mallory).permit(erin.address, executor, value, deadline, v, r, s);
    // The permit itself can no longer be used…
    await expect(usdc.permit(erin.address, executor, value, deadline, v, r, s)).to.be.revertedWithCustomError(
      usdc,
      "ERC2612InvalidSigner",
    );
    // …but the intent runs on the allowance it left behind.
    const tx = executor.connect(carol).executeWithPermit(intent, signature, USDC(1), value, deadline, v, r, s);
    await expect(tx).to.emit(executor, "IntentExecuted");
    await expect(tx).to.changeTokenBalances(usdc, [erin, bob, carol], [-USDC(101), USDC(100), USDC(1)]);
  });

  it("executeWithPermit is closed to re-entry: a token re-entering it from transferFrom reverts the run", async function () {
    const f = await loadFixture(deployIntents);
    const token = await new ReentrantToken__factory(f.deployer).deploy(); // no permit: the executor skips it
    await token.mint(f.alice.address, USDC(1_000));
    await token.connect(f.alice).approve(f.executor, ethers.MaxUint256);
    const run = await signedIntent(f.executor, f.alice, {
      token: await token.getAddress(),
      recipient: f.bob.address,
      amount: USDC(100),
      maxFee: USDC(1),
    });
    const junk = [0n, 0n, 27, ZeroHash, ZeroHash] as const;
    const again = f.executor.interface.encodeFunctionData("executeWithPermit", [
      run.intent,
      run.signature,
      0n,
      ...junk,
    ]);
    await token.arm(f.executor, again);
    await expect(
      f.executor.connect(f.carol).executeWithPermit(run.intent, run.signature, 0n, ...junk),
    ).to.be.revertedWithCustomError(f.executor, "ReentrancyGuardReentrantCall");
    expect(await f.executor.nonceUsed(f.alice.address, run.intent.nonce)).to.equal(false);
    expect(await token.balanceOf(f.alice.address)).to.equal(USDC(1_000));
  });

  it("the executor cannot take more than maxFee (FeeTooHigh) but may take exactly maxFee", async function () {
    const f = await loadFixture(deployIntents);
    const { intent, signature, hash } = await alicePaysBob(f);
    await expect(f.executor.connect(f.carol).execute(intent, signature, USDC(1) + 1n))
      .to.be.revertedWithCustomError(f.executor, "FeeTooHigh")
      .withArgs(USDC(1) + 1n, USDC(1));
    const tx = f.executor.connect(f.carol).execute(intent, signature, USDC(1));
    await expect(tx)
      .to.emit(f.executor, "IntentExecuted")
      .withArgs(hash, f.alice.address, f.carol.address, USDC(100), USDC(1), 1n);
    await expect(tx).to.changeTokenBalances(f.usdc, [f.alice, f.carol], [-USDC(101), USDC(1)]);
  });
});
