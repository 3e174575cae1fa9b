import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";

import { deployIntents, signedIntent, units, type SignedIntent } from "../fixtures";
import { Keeper, MAX_ONCHAIN_FAILURES, sanitize, type KeeperEntry, type KeeperOptions } from "../../scripts/lib/keeper";
import { secp256k1 } from "@noble/curves/secp256k1";

import { HostileCondition__factory, HostileToken__factory, MockERC1271Wallet__factory } from "../../typechain-types";

const USDC = (n: number | string) => units(n, 6);

/**
 * An honest 5-USDC-fee payment from Alice, and Mallory's hostile token (symbol full of terminal escapes, priced like
 * WETH so its 1-token fee looks like the best deal) with an intent of hers in it.
 */
async function withHostileWorld() {
  const f = await loadFixture(deployIntents);
  const signers = await ethers.getSigners();
  const keeperSigner = signers[8];
  const mallory = signers[7];
  const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
  const token = await new HostileToken__factory(mallory).deploy("Evil\u001b[2J", "\u001b[31mUSDC\nfake\u202e");
  await token.mint(mallory.address, units(1_000, 18));
  await token.approve(f.executor, ethers.MaxUint256);
  await f.oracle.setFeed(token, f.wethFeed, 86_400);
  const honest = await signedIntent(f.executor, f.alice, {
    token: await f.usdc.getAddress(),
    recipient: f.bob.address,
    amount: USDC(100),
    maxFee: USDC(5),
  });
  const bait = await signedIntent(f.executor, mallory, {
    token: await token.getAddress(),
    recipient: mallory.address,
    amount: 1n,
    maxFee: units(1, 18),
  });
  for (const s of [honest, bait]) await f.executor.connect(f.bob).post(s.intent, s.signature);
  return { ...f, keeperSigner, mallory, fromBlock, token, honest, bait, wethAddress: await f.weth.getAddress() };
}

type World = Awaited<ReturnType<typeof withHostileWorld>>;

function keeperFor(f: World, options: KeeperOptions = {}, signer = f.keeperSigner) {
  const lines: string[] = [];
  const keeper = new Keeper(f.executor, signer, f.fromBlock, {
    nativeToken: f.wethAddress,
    log: (line) => lines.push(line),
    ...options,
  });
  return { keeper, lines };
}

/** A fresh keeper of `f` whose lines are not kept. */
function keeper(f: World): Keeper {
  return keeperFor(f).keeper;
}

function entryOf(entries: KeeperEntry[], signed: SignedIntent): KeeperEntry {
  const found = entries.filter((e) => e.hash === signed.hash);
  expect(found, `one entry for ${signed.hash}`).to.have.length(1);
  return found[0];
}

describe("Keeper under attack", function () {
  it("prints nothing raw: a token's escape codes, newlines and bidi overrides become ?", async function () {
    const f = await loadFixture(withHostileWorld);
    await f.token.configure(2, 300); // its transfers revert with 300 bytes of data
    const { keeper, lines } = keeperFor(f);
    await keeper.pass();
    expect(lines.length).to.be.greaterThan(0);
    for (const line of lines) expect(line).to.match(/^[\x20-\x7e…]*$/);
    expect(lines.some((l) => l.includes(" ?[31mUSDC?f? "))).to.equal(true);
    expect(sanitize("a\u001b[0m\nb", 5)).to.equal("a?[0…");
  });

  it("--json: every line is one JSON object with an ISO time", async function () {
    const f = await loadFixture(withHostileWorld);
    const { keeper, lines } = keeperFor(f, { json: true });
    await keeper.run(1, true);
    expect(lines.length).to.be.greaterThan(2);
    for (const line of lines) {
      const parsed = JSON.parse(line) as { time: string; message: string };
      expect(new Date(parsed.time).toISOString()).to.equal(parsed.time);
      expect(parsed.message).to.be.a("string");
    }
    expect(lines.map((l) => (JSON.parse(l) as { event?: string }).event)).to.include("pass");
  });

  it("believes only the executor's own logs: a token's look-alike IntentExecuted for another intent changes nothing", async function () {
    const f = await loadFixture(withHostileWorld);
    // The honest intent is made unprofitable for now (no native price), so it stays watched…
    const victim = await signedIntent(f.executor, f.carol, {
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amount: USDC(1),
      maxFee: USDC(5),
      validAfter: (await time.latest()) + 3_600,
    });
    await f.executor.post(victim.intent, victim.signature);
    // …while Mallory's token, run by the keeper, claims in its logs that the victim was executed.
    await f.token.configure(3, 0);
    await f.token.setForgedHash(victim.hash);
    const { keeper } = keeperFor(f);
    const first = await keeper.pass();
    expect(entryOf(first, f.bait).status).to.equal("executed");
    const second = await keeper.pass();
    expect(entryOf(second, victim).reason).to.match(/^not due until/);
    await time.increase(3_600);
    const third = await keeper.pass();
    expect(entryOf(third, victim).status).to.equal("executed");
  });

  it("losing a race to another keeper is not hostility: the item fails NonceUsed, the intent is forgotten, nothing is isolated", async function () {
    const f = await loadFixture(withHostileWorld);
    const rival = (await ethers.getSigners())[9];
    const { keeper, lines } = keeperFor(f);
    await network.provider.send("evm_setAutomine", [false]);
    let entries: KeeperEntry[] = [];
    try {
      const pass = keeper.pass().then((e) => (entries = e));
      // The rival runs Alice's intent first, in the same block, with a higher tip.
      for (;;) {
        const pending = (await network.provider.send("eth_getBlockByNumber", ["pending", true])) as {
          transactions: { from: string; maxPriorityFeePerGas: string }[];
        };
        const mine_ = pending.transactions.find((t) => t.from.toLowerCase() === f.keeperSigner.address.toLowerCase());
        if (mine_ === undefined) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        const tip = 2n * BigInt(mine_.maxPriorityFeePerGas) + 1n;
        await f.executor.connect(rival).execute(f.honest.intent, f.honest.signature, USDC(5), {
          maxPriorityFeePerGas: tip,
          maxFeePerGas: 10n ** 11n,
        });
        await network.provider.send("evm_mine", []);
        break;
      }
      await pass;
    } finally {
      await network.provider.send("evm_setAutomine", [true]);
    }
    const lost = entryOf(entries, f.honest);
    expect(lost.status).to.equal("failed");
    expect(lost.reason).to.match(/^NonceUsed\(/);
    expect(await f.usdc.balanceOf(rival.address)).to.equal(USDC(5));
    const next = await keeper.pass();
    // Reported once as finished (the rival's IntentExecuted is in the executor's logs), then forgotten.
    expect(entryOf(next, f.honest).reason).to.equal("done (nonce used)");
    expect(lines.some((l) => / dropped: /.test(l))).to.equal(false);
    expect((await keeper.pass()).some((e) => e.hash === f.honest.hash)).to.equal(false);
  });

  it("a hostile condition that burns its gas costs the keeper nothing: skipped before any transaction, the honest intent runs", async function () {
    const f = await loadFixture(withHostileWorld);
    const condition = await new HostileCondition__factory(f.mallory).deploy();
    await condition.configure(1, 0, 0); // BurnGas
    const gated = await signedIntent(f.executor, f.mallory, {
      token: await f.token.getAddress(),
      recipient: f.mallory.address,
      amount: 1n,
      maxFee: units(1, 18),
      condition: await condition.getAddress(),
    });
    await f.executor.post(gated.intent, gated.signature);
    const { keeper } = keeperFor(f);
    const entries = await keeper.pass();
    expect(entryOf(entries, gated).reason).to.match(/^ConditionNotMet/);
    expect(entryOf(entries, f.honest).status).to.equal("executed");
  });

  it("a condition its owner flips between simulation and the batch is struck: alone from the next pass, dropped after MAX_ONCHAIN_FAILURES", async function () {
    const f = await loadFixture(withHostileWorld);
    const condition = await new HostileCondition__factory(f.mallory).deploy();
    const flipping = await signedIntent(f.executor, f.mallory, {
      token: await f.token.getAddress(),
      recipient: f.mallory.address,
      amount: 1n,
      maxFee: units(1, 18),
      condition: await condition.getAddress(),
      validUntil: (await time.latest()) + 30 * 86_400,
    });
    await f.executor.post(flipping.intent, flipping.signature);
    // Mallory answers true to the keeper's checks, then burns the 200k cap and answers false on-chain.
    const send = f.keeperSigner.sendTransaction.bind(f.keeperSigner);
    (f.keeperSigner as unknown as { sendTransaction: typeof send }).sendTransaction = async (tx) => {
      await condition.configure(1, 0, 0); // BurnGas
      return send(tx);
    };
    const { keeper, lines } = keeperFor(f);
    const batches: string[] = [];
    for (let pass = 0; pass < MAX_ONCHAIN_FAILURES; pass++) {
      await condition.configure(0, 0, 0); // True while the keeper looks
      const entries = await keeper.pass();
      const e = entryOf(entries, flipping);
      expect(e.status).to.equal("failed");
      expect(e.reason).to.match(/^ConditionNotMet/);
      batches.push(e.txHash!);
      if (pass === 0) expect(e.txHash).to.equal(entryOf(entries, f.honest).txHash); // shared the first batch
      await mine();
    }
    // From the second failure on it ran alone, in a transaction with no other intent.
    const second = await ethers.provider.getTransactionReceipt(batches[1]);
    const items = second!.logs.filter((l) => l.address.toLowerCase() === (f.executor.target as string).toLowerCase());
    expect(items).to.have.length(1);
    expect(lines.some((l) => l.includes(`${flipping.hash.slice(0, 10)} dropped:`))).to.equal(true);
    await condition.configure(0, 0, 0);
    expect((await keeper.pass()).some((e) => e.hash === flipping.hash)).to.equal(false);
  });

  it("a dropped intent stays dropped when posted again, and a fresh signature does not reset its on-chain failures", async function () {
    const f = await loadFixture(withHostileWorld);
    const condition = await new HostileCondition__factory(f.mallory).deploy();
    // Oscar, a fresh EOA, can sign the same digest again with new randomness (a different valid signature).
    const oscar = ethers.Wallet.createRandom(ethers.provider);
    await f.deployer.sendTransaction({ to: oscar.address, value: 10n ** 18n });
    await f.token.connect(f.mallory).transfer(oscar.address, units(10, 18));
    await f.token.connect(oscar).approve(f.executor, ethers.MaxUint256);
    const flipping = await signedIntent(f.executor, oscar, {
      token: await f.token.getAddress(),
      recipient: f.mallory.address,
      amount: 1n,
      maxFee: units(1, 18),
      condition: await condition.getAddress(),
      validUntil: (await time.latest()) + 30 * 86_400,
    });
    const freshSignature = () => {
      const sig = secp256k1.sign(flipping.hash.slice(2), oscar.privateKey.slice(2), { extraEntropy: true });
      return ethers.Signature.from({ r: ethers.toBeHex(sig.r, 32), s: ethers.toBeHex(sig.s, 32), v: 27 + sig.recovery })
        .serialized;
    };
    await f.executor.post(flipping.intent, flipping.signature);
    const send = f.keeperSigner.sendTransaction.bind(f.keeperSigner);
    (f.keeperSigner as unknown as { sendTransaction: typeof send }).sendTransaction = async (tx) => {
      await condition.configure(1, 0, 0); // BurnGas, false on-chain
      return send(tx);
    };
    const statePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "keeper-dropped-")), "index.json");
    const { keeper, lines } = keeperFor(f, { statePath });
    for (let pass = 0; pass < MAX_ONCHAIN_FAILURES; pass++) {
      await condition.configure(0, 0, 0); // true while the keeper looks
      expect(entryOf(await keeper.pass(), flipping).status).to.equal("failed");
      await mine();
      // Oscar signs again after every failure: still dropped after the third one in all.
      if (pass < MAX_ONCHAIN_FAILURES - 1) await f.executor.connect(oscar).post(flipping.intent, freshSignature());
    }
    expect(lines.some((l) => l.includes(`${flipping.hash.slice(0, 10)} dropped:`))).to.equal(true);
    // Posted again, with the first signature and with a fresh one: neither the keeper nor one restarted from its
    // saved index takes it back.
    const restarted = keeperFor(f, { statePath }).keeper;
    await f.executor.post(flipping.intent, flipping.signature);
    await f.executor.connect(oscar).post(flipping.intent, freshSignature());
    await condition.configure(0, 0, 0);
    for (const k of [keeper, restarted]) expect((await k.pass()).some((e) => e.hash === flipping.hash)).to.equal(false);
  });

  it("a smart wallet's signature padded by a third party to over 2,048 bytes does not replace the one that works", async function () {
    const f = await loadFixture(withHostileWorld);
    const erin = (await ethers.getSigners())[6];
    const wallet = await new MockERC1271Wallet__factory(erin).deploy(erin.address);
    await wallet.connect(erin).setMode(3); // IgnoresTrailingBytes, as Safe does
    await f.usdc.mint(wallet, USDC(100));
    await wallet.connect(erin).approve(f.usdc, f.executor, ethers.MaxUint256);
    // Not due for ten minutes: the padded copy is posted while the keeper already tracks the intent.
    const signed = await signedIntent(f.executor, erin, {
      owner: await wallet.getAddress(),
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amount: USDC(10),
      maxFee: USDC(5),
      validAfter: (await time.latest()) + 600,
      validUntil: (await time.latest()) + 30 * 86_400,
    });
    await f.executor.post(signed.intent, signed.signature);
    const { keeper } = keeperFor(f);
    expect(entryOf(await keeper.pass(), signed).reason).to.match(/^not due until/);
    const padded = signed.signature + "00".repeat(2_048);
    await f.executor.connect(f.mallory).post(signed.intent, padded); // the wallet accepts it
    await time.increase(600);
    const entry = entryOf(await keeper.pass(), signed);
    expect(entry.status).to.equal("executed");
    const tx = await ethers.provider.getTransaction(entry.txHash as string);
    const args = f.executor.interface.parseTransaction({ data: tx?.data ?? "0x" })?.args;
    expect(args?.[1][0]).to.equal(signed.signature);
  });

  it("simulates under maxIntentGas: a wallet whose check needs more fails the simulation (a strike), not the keeper's node", async function () {
    const f = await loadFixture(withHostileWorld);
    const erin = (await ethers.getSigners())[6];
    const wallet = await new MockERC1271Wallet__factory(erin).deploy(erin.address);
    await wallet.connect(erin).setWork(3_000); // ~1M gas per signature check
    await f.usdc.mint(wallet, USDC(100));
    await wallet.connect(erin).approve(f.usdc, f.executor, ethers.MaxUint256);
    const heavy = await signedIntent(f.executor, erin, {
      owner: await wallet.getAddress(),
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amount: USDC(10),
      maxFee: USDC(5),
    });
    await f.executor.post(heavy.intent, heavy.signature);
    const capped = entryOf(await keeperFor(f, { maxIntentGas: 500_000n }).keeper.pass(), heavy);
    expect([capped.status, capped.reason]).to.deep.equal(["skipped", "InvalidSignature()"]);
    // The default cap, 2,000,000, lets the same check run.
    expect(entryOf(await keeperFor(f).keeper.pass(), heavy).status).to.equal("executed");
  });

  it("a batch that is never sent (no ETH for gas) strikes nobody: once refilled, the keeper runs the intent", async function () {
    const f = await loadFixture(withHostileWorld);
    const { keeper } = keeperFor(f);
    await network.provider.send("hardhat_setBalance", [f.keeperSigner.address, "0x5af3107a4000"]); // 0.0001 ETH
    for (let pass = 0; pass < MAX_ONCHAIN_FAILURES + 1; pass++) {
      const e = entryOf(await keeper.pass(), f.honest);
      expect(e.status).to.equal("skipped");
      expect(e.reason).to.match(/^batch not sent: /);
    }
    await network.provider.send("hardhat_setBalance", [f.keeperSigner.address, "0x56bc75e2d63100000"]);
    expect(entryOf(await keeper.pass(), f.honest).status).to.equal("executed");
    expect(await f.executor.nonceUsed(f.alice.address, f.honest.intent.nonce)).to.equal(true);
  });

  it("the condition pre-check gets the executor's whole 200k: a condition that needs 190k of it is run, not skipped @gas", async function () {
    const f = await loadFixture(withHostileWorld);
    const condition = await new HostileCondition__factory(f.alice).deploy();
    await condition.configure(4, 190_000, 0); // SpendThenTrue: an honest, costly condition
    const costly = await signedIntent(f.executor, f.alice, {
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amount: USDC(10),
      maxFee: USDC(5),
      nonce: 7n,
      condition: await condition.getAddress(),
    });
    await f.executor.post(costly.intent, costly.signature);
    expect(entryOf(await keeper(f).pass(), costly).status).to.equal("executed");
    // ... and one that needs more than the cap is skipped before any transaction, as the executor would refuse it.
    await condition.configure(4, 201_000, 0);
    const greedy = await signedIntent(f.executor, f.alice, { ...costly.intent, nonce: 8n });
    await f.executor.post(greedy.intent, greedy.signature);
    const e = entryOf(await keeper(f).pass(), greedy);
    expect(e.status).to.equal("skipped");
    expect(e.reason).to.match(/^ConditionNotMet/);
  });

  it("an honest intent with 1,900 bytes of conditionData (under the keeper's 2,048 limit) runs alone in its batch", async function () {
    const f = await loadFixture(withHostileWorld);
    const condition = await new HostileCondition__factory(f.alice).deploy(); // answers true
    const large = await signedIntent(f.executor, f.alice, {
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amount: USDC(10),
      maxFee: USDC(5),
      nonce: 9n,
      condition: await condition.getAddress(),
      conditionData: `0x${"ab".repeat(1_900)}`,
    });
    await f.executor.post(large.intent, large.signature);
    const { keeper: k } = keeperFor(f, { chunkSize: 1 });
    const entries = await k.pass();
    expect(entryOf(entries, large).status).to.equal("executed");
    expect(entryOf(entries, f.honest).status).to.equal("executed");
  });

  it("zero-fee intents are never simulated: spam that can never pay costs the keeper no eth_call", async function () {
    const f = await loadFixture(withHostileWorld);
    const spam: SignedIntent[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await signedIntent(f.executor, f.mallory, {
        token: await f.usdc.getAddress(),
        recipient: f.mallory.address,
        amount: 1n,
        maxFee: 0n,
        nonce: BigInt(100 + i),
      });
      await f.executor.post(s.intent, s.signature);
      spam.push(s);
    }
    const { keeper: k } = keeperFor(f);
    const entries = await k.pass();
    for (const s of spam) expect(entryOf(entries, s).reason).to.equal("unprofitable (no fee)");
    expect(k.summary!.simulated).to.equal(2); // Alice's honest intent and Mallory's bait, nothing else
    await mine();
    await k.pass();
    expect(k.summary!.simulated).to.equal(0); // both ran or were dealt with; the spam is still not simulated
  });

  it("a batch left unmined past receiptTimeoutMs strikes nobody, and the next pass learns from the logs that it ran", async function () {
    const f = await loadFixture(withHostileWorld);
    const { keeper: k } = keeperFor(f, { receiptTimeoutMs: 300 });
    await network.provider.send("evm_setAutomine", [false]);
    let entries: KeeperEntry[];
    try {
      entries = await k.pass();
    } finally {
      await network.provider.send("evm_mine", []);
      await network.provider.send("evm_setAutomine", [true]);
    }
    expect(entryOf(entries, f.honest).status).to.equal("skipped");
    expect(entryOf(entries, f.honest).reason).to.match(/^batch 0x[0-9a-f]{64} outcome unknown: /);
    expect(entryOf(await k.pass(), f.honest).reason).to.equal("done (nonce used)");
    expect(await f.usdc.balanceOf(f.keeperSigner.address)).to.equal(USDC(5));
  });

  it("a re-posted intent with a fresh signature supersedes the old one and ends its backoff", async function () {
    const f = await loadFixture(withHostileWorld);
    const { keeper } = keeperFor(f);
    await keeper.pass(); // runs the honest intent and the bait
    // Erin's intent fails for want of an allowance: the keeper backs off…
    const erin = ethers.Wallet.createRandom(ethers.provider);
    await f.deployer.sendTransaction({ to: erin.address, value: 10n ** 18n });
    await f.usdc.mint(erin.address, USDC(100));
    const signed = await signedIntent(f.executor, erin, {
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amount: USDC(1),
      maxFee: USDC(5),
    });
    await f.executor.post(signed.intent, signed.signature);
    expect(entryOf(await keeper.pass(), signed).reason).to.match(/^ERC20InsufficientAllowance/);
    await f.usdc.connect(erin).approve(f.executor, ethers.MaxUint256);
    expect(entryOf(await keeper.pass(), signed).reason).to.match(/^ERC20InsufficientAllowance/); // still backing off
    // …until Erin posts it again with a fresh signature (another valid ECDSA signature of the same digest).
    const sig = secp256k1.sign(signed.hash.slice(2), erin.privateKey.slice(2), { extraEntropy: true });
    const fresh = ethers.Signature.from({
      r: ethers.toBeHex(sig.r, 32),
      s: ethers.toBeHex(sig.s, 32),
      v: 27 + sig.recovery,
    }).serialized;
    expect(fresh).to.not.equal(signed.signature);
    await f.executor.connect(erin).post(signed.intent, fresh);
    const entry = entryOf(await keeper.pass(), signed);
    expect(entry.status).to.equal("executed");
    const tx = await ethers.provider.getTransaction(entry.txHash as string);
    const args = f.executor.interface.parseTransaction({ data: tx?.data ?? "0x" })?.args;
    expect(args?.[1][0]).to.equal(fresh);
  });

  it("backs off after RPC failures: each failed pass doubles the wait, and --once ends with the error", async function () {
    const f = await loadFixture(withHostileWorld);
    const broken = Object.create(ethers.provider, {
      getBlock: { value: async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:8545")) },
      send: { value: async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:8545")) },
    }) as typeof ethers.provider;
    const signer = new ethers.VoidSigner(f.keeperSigner.address, broken);
    const { keeper, lines } = keeperFor(f, {}, signer as unknown as typeof f.keeperSigner);
    await keeper.run(0.001, false, () => lines.length >= 3);
    expect(lines.map((l) => l.replace(/^\S+ /, ""))).to.deep.equal([
      "pass failed: connect ECONNREFUSED 127.0.0.1:8545; next try in 0.002 s",
      "pass failed: connect ECONNREFUSED 127.0.0.1:8545; next try in 0.004 s",
      "pass failed: connect ECONNREFUSED 127.0.0.1:8545; next try in 0.008 s",
    ]);
    await expect(keeper.run(1, true)).to.be.rejectedWith("ECONNREFUSED");
  });

  describe("the index", function () {
    it("persists its cursor and state: a new keeper on the same file reads no old logs and knows every intent", async function () {
      const f = await loadFixture(withHostileWorld);
      const statePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "keeper-")), "index.json");
      const pending = await signedIntent(f.executor, f.carol, {
        token: await f.usdc.getAddress(),
        recipient: f.bob.address,
        amount: USDC(1),
        maxFee: USDC(5),
        validAfter: (await time.latest()) + 3_600,
      });
      await f.executor.post(pending.intent, pending.signature);
      const first = keeperFor(f, { statePath }).keeper;
      await first.pass();
      expect(first.summary?.newLogs).to.be.greaterThan(2);
      const second = keeperFor(f, { statePath }).keeper;
      const entries = await second.pass();
      // Only the logs after the first keeper's cursor: its own batch's two IntentExecuted.
      expect(second.summary?.newLogs).to.equal(2);
      expect(second.watching).to.equal(1);
      expect(entryOf(entries, pending).reason).to.match(/^not due until/);
      expect(second.summary?.simulated).to.equal(0);
    });

    it("an idle pass (no new block) simulates nothing", async function () {
      const f = await loadFixture(withHostileWorld);
      await f.token.configure(2, 64);
      const { keeper } = keeperFor(f);
      await keeper.pass();
      await keeper.pass(); // the first pass's batch made a block
      await keeper.pass();
      expect(keeper.summary?.simulated).to.equal(0);
      expect(keeper.summary?.newLogs).to.equal(0);
    });

    it("detects a chain reset (the cursor's block changed) and rebuilds the index", async function () {
      const f = await loadFixture(withHostileWorld);
      const snapshot = (await network.provider.send("evm_snapshot", [])) as string;
      const later = await signedIntent(f.executor, f.carol, {
        token: await f.usdc.getAddress(),
        recipient: f.bob.address,
        amount: USDC(1),
        validAfter: (await time.latest()) + 3_600,
      });
      await f.executor.post(later.intent, later.signature);
      const { keeper, lines } = keeperFor(f);
      await keeper.pass();
      expect(keeper.watching).to.equal(1); // `later`; the other two ran
      await network.provider.send("evm_revert", [snapshot]);
      await mine(5);
      const entries = await keeper.pass();
      expect(lines.some((l) => / chain reset detected \(block \d+ changed\)/.test(l))).to.equal(true);
      expect(entries.some((e) => e.hash === later.hash)).to.equal(false);
      expect(entryOf(entries, f.honest).status).to.equal("executed");
    });
  });
});
