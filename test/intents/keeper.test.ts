import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";

import { deployIntents, signedIntent, unapprovedUser, units, type SignedIntent } from "../fixtures";
import {
  Keeper,
  MAX_ONCHAIN_FAILURES,
  RESIMULATE_BLOCKS,
  type KeeperEntry,
  type KeeperOptions,
} from "../../scripts/lib/keeper";
import { intrinsicGas } from "../../scripts/lib/intents";
import { OP_GAS_PRICE_ORACLE } from "../../scripts/lib/l1-fee";
import { GasGriefToken__factory, MockGasPriceOracle__factory } from "../../typechain-types";

const USDC = (n: number | string) => units(n, 6);

/**
 * Five posted intents (one posted twice): two that pay the keeper 5 USDC, one with no fee, one that expires before
 * the keeper looks, and one whose owner never approved the executor.
 */
async function withPostedIntents() {
  const f = await loadFixture(deployIntents);
  const signers = await ethers.getSigners();
  const keeperSigner = signers[8];
  const erin = await unapprovedUser([f.usdc], 6, USDC(1_000));
  const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
  const usdc = await f.usdc.getAddress();
  const pay = (owner: typeof f.alice, extra = {}) =>
    signedIntent(f.executor, owner, { token: usdc, recipient: f.bob.address, amount: USDC(100), ...extra });

  const intents = {
    profitable1: await pay(f.alice, { maxFee: USDC(5) }),
    profitable2: await pay(f.carol, { maxFee: USDC(5) }),
    dustFee: await pay(f.dave, { maxFee: 1n }), // 0.000001 USDC: never worth the gas
    expiring: await pay(f.alice, { maxFee: USDC(5), validUntil: (await time.latest()) + 60 }),
    unfunded: await pay(erin, { maxFee: USDC(5) }),
  };
  for (const { intent, signature } of Object.values(intents)) await f.executor.connect(f.bob).post(intent, signature);
  await f.executor.connect(f.bob).post(intents.profitable1.intent, intents.profitable1.signature); // posted twice
  await time.increase(120);
  return { ...f, keeperSigner, fromBlock, intents, wethAddress: await f.weth.getAddress() };
}

type Posted = Awaited<ReturnType<typeof withPostedIntents>>;

function keeperFor(f: Posted, options: KeeperOptions = {}) {
  const lines: string[] = [];
  const keeper = new Keeper(f.executor, f.keeperSigner, f.fromBlock, {
    nativeToken: f.wethAddress,
    log: (line) => lines.push(line),
    ...options,
  });
  return { keeper, lines };
}

/** A line without its leading ISO timestamp. */
function text(line: string): string {
  return line.replace(/^\S+ /, "");
}

function entryOf(entries: KeeperEntry[], signed: SignedIntent): KeeperEntry {
  const found = entries.filter((e) => e.hash === signed.hash);
  expect(found, `one entry for ${signed.hash}`).to.have.length(1);
  return found[0];
}

/** Puts a MockGasPriceOracle's code at the OP-stack predeploy address, quoting `l1FeeWei` per transaction. */
async function installL1FeeOracle(f: Posted, l1FeeWei: bigint) {
  const mock = await new MockGasPriceOracle__factory(f.deployer).deploy();
  await network.provider.send("hardhat_setCode", [OP_GAS_PRICE_ORACLE, await ethers.provider.getCode(mock)]);
  await MockGasPriceOracle__factory.connect(OP_GAS_PRICE_ORACLE, f.deployer).setL1Fee(l1FeeWei);
}

describe("Keeper", function () {
  it("executes the profitable intents in one executeBatch and skips the others with their reasons", async function () {
    const f = await loadFixture(withPostedIntents);
    const { keeper, lines } = keeperFor(f);
    const entries = await keeper.pass();

    const { profitable1, profitable2, dustFee, expiring, unfunded } = f.intents;
    const executed = [entryOf(entries, profitable1), entryOf(entries, profitable2)];
    expect(executed.map((e) => e.status)).to.deep.equal(["executed", "executed"]);
    expect(executed[0].txHash).to.equal(executed[1].txHash);
    const tx = await ethers.provider.getTransaction(executed[0].txHash as string);
    expect(tx?.from).to.equal(f.keeperSigner.address);
    expect(f.executor.interface.parseTransaction({ data: tx?.data ?? "0x" })?.name).to.equal("executeBatch");
    expect(await f.usdc.balanceOf(f.keeperSigner.address)).to.equal(USDC(10));

    const dust = entryOf(entries, dustFee);
    expect(dust.status).to.equal("skipped");
    expect(dust.reason).to.match(/^unprofitable \(fee worth [\d.,]+ < gas [\d.,]+ native\)$/);
    expect(dust.quote?.feeValueWei).to.be.greaterThan(0n);
    expect(dust.quote?.gasCostWei).to.be.greaterThan(dust.quote!.feeValueWei);
    expect([entryOf(entries, expiring).status, entryOf(entries, expiring).reason]).to.deep.equal([
      "skipped",
      "expired",
    ]);
    const unfundedEntry = entryOf(entries, unfunded);
    expect(unfundedEntry.status).to.equal("skipped");
    expect(unfundedEntry.reason).to.match(/^ERC20InsufficientAllowance\(0x[0-9a-fA-F]{40}, 0, 100000000\)$/);

    expect(entries).to.have.length(5);
    expect(lines).to.have.length(5);
    expect(lines.find((l) => text(l).startsWith(profitable1.hash.slice(0, 10)))).to.match(
      /PAY 100 USDC from 0x.*: executed in 0x/,
    );
    for (const line of lines) expect(line).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /);
  });

  it("prices the fee with the oracle: 5 USDC at $1 is 5/3000 ETH when WETH is $3,000", async function () {
    const f = await loadFixture(withPostedIntents);
    const { keeper } = keeperFor(f);
    const gasPrice = (await ethers.provider.getFeeData()).gasPrice ?? 0n;
    const quote = await keeper.quote({ ...f.intents.profitable1, blockNumber: f.fromBlock }, gasPrice);
    expect(quote.fee).to.equal(USDC(5));
    expect(quote.feeValueWei).to.equal((5n * 10n ** 18n) / 3_000n);
    expect(quote.l1FeeWei).to.equal(0n);
    expect(quote.gasCostWei).to.equal(quote.gas * gasPrice);
    expect(quote.profitWei).to.equal(quote.feeValueWei - quote.gasCostWei);
  });

  it("forgets executed and finished intents, and reports them once", async function () {
    const f = await loadFixture(withPostedIntents);
    const { keeper, lines } = keeperFor(f);
    await keeper.pass();
    lines.length = 0;
    const second = await keeper.pass();
    expect(entryOf(second, f.intents.profitable1).reason).to.equal("done (nonce used)");
    expect(entryOf(second, f.intents.profitable2).reason).to.equal("done (nonce used)");
    expect(second.some((e) => e.hash === f.intents.expiring.hash)).to.equal(false);
    // The two finished intents are printed; the two skipped again for the same reasons are not.
    expect(lines).to.have.length(2);
    const third = await keeper.pass();
    expect(third.map((e) => e.hash).sort()).to.deep.equal([f.intents.unfunded.hash, f.intents.dustFee.hash].sort());
  });

  it("splits the profitable intents into batches of chunkSize", async function () {
    const f = await loadFixture(withPostedIntents);
    const { keeper } = keeperFor(f, { chunkSize: 1 });
    const entries = await keeper.pass();
    const executed = entries.filter((e) => e.status === "executed");
    expect(executed).to.have.length(2);
    expect(executed[0].txHash).to.not.equal(executed[1].txHash);
  });

  it("treats every fee as worthless without a native-token price, so executes nothing", async function () {
    const f = await loadFixture(withPostedIntents);
    const { keeper } = keeperFor(f, { nativeToken: undefined });
    const entries = await keeper.pass();
    expect(entries.filter((e) => e.status === "executed")).to.have.length(0);
    expect(entryOf(entries, f.intents.profitable1).reason).to.match(/^unprofitable/);
  });

  it("adds the OP-stack L1 data fee from the GasPriceOracle predeploy to the gas cost", async function () {
    const f = await loadFixture(withPostedIntents);
    await installL1FeeOracle(f, 12_345n);
    const { keeper } = keeperFor(f);
    const gasPrice = (await ethers.provider.getFeeData()).gasPrice ?? 0n;
    const quote = await keeper.quote({ ...f.intents.profitable1, blockNumber: f.fromBlock }, gasPrice);
    expect(quote.l1FeeWei).to.equal(12_345n);
    expect(quote.gasCostWei).to.equal(quote.gas * gasPrice + 12_345n);
  });

  it("skips an intent as unprofitable once the L1 data fee outweighs its fee", async function () {
    const f = await loadFixture(withPostedIntents);
    await installL1FeeOracle(f, 10n ** 16n); // 0.01 ETH > 5 USDC ≈ 0.00167 ETH
    const { keeper } = keeperFor(f);
    const entries = await keeper.pass();
    const entry = entryOf(entries, f.intents.profitable1);
    expect(entry.status).to.equal("skipped");
    expect(entry.reason).to.match(/^unprofitable/);
    expect(entry.quote?.l1FeeWei).to.equal(10n ** 16n);
    expect(entries.filter((e) => e.status === "executed")).to.have.length(0);
  });

  it("prices a fee before simulating: dust is never simulated, and an intent unprofitable after simulation is simulated again only every RESIMULATE_BLOCKS blocks", async function () {
    const f = await loadFixture(withPostedIntents);
    await installL1FeeOracle(f, 10n ** 16n); // 0.01 ETH > 5 USDC ≈ 0.00167 ETH
    const { keeper } = keeperFor(f);
    const simulated: string[] = [];
    const quote = keeper.quote.bind(keeper);
    keeper.quote = (posted, gasPrice) => {
      simulated.push(posted.hash);
      return quote(posted, gasPrice);
    };
    const times = (signed: SignedIntent) => simulated.filter((h) => h === signed.hash).length;
    const first = await keeper.pass();
    // The dust fee is judged on the intrinsic gas of its execute transaction alone: no simulation measured it.
    const dust = entryOf(first, f.intents.dustFee);
    const { intent, signature } = f.intents.dustFee;
    expect(dust.quote?.gas).to.equal(
      intrinsicGas(f.executor.interface.encodeFunctionData("execute", [intent, signature, intent.maxFee])),
    );
    expect(dust.reason).to.match(/^unprofitable \(fee worth [\d.,]+ < gas [\d.,]+ native\)$/);
    // A 5-USDC intent was simulated (the L1 data fee showed it does not pay)…
    expect(times(f.intents.profitable1)).to.equal(1);
    expect(entryOf(first, f.intents.profitable1).quote?.l1FeeWei).to.equal(10n ** 16n);
    // …and is not simulated again while that measurement is recent…
    for (let block = 1; block < RESIMULATE_BLOCKS; block++) {
      await mine();
      expect(entryOf(await keeper.pass(), f.intents.profitable1).reason).to.match(/^unprofitable/);
    }
    expect(times(f.intents.profitable1)).to.equal(1);
    // …then once it is RESIMULATE_BLOCKS blocks old.
    await mine();
    await keeper.pass();
    expect(times(f.intents.profitable1)).to.equal(2);
    expect(times(f.intents.dustFee)).to.equal(0);
  });

  /** Mallory's GasGriefToken intent, priced like WETH with a 1-token fee: the most profitable-looking intent. */
  async function withBait() {
    const f = await loadFixture(withPostedIntents);
    const mallory = (await ethers.getSigners())[7];
    const grief = await new GasGriefToken__factory(mallory).deploy();
    await grief.mint(mallory.address, units(1_000, 18));
    await grief.approve(f.executor, ethers.MaxUint256);
    await f.oracle.setFeed(grief, f.wethFeed, 86_400);
    const bait = await signedIntent(f.executor, mallory, {
      token: await grief.getAddress(),
      recipient: mallory.address,
      amount: 1n,
      maxFee: units(1, 18),
    });
    await f.executor.post(bait.intent, bait.signature);
    return { ...f, mallory, grief, bait };
  }

  it("simulates at its own gas price, so a token that behaves only in gas-free calls is skipped", async function () {
    const f = await loadFixture(withBait);
    await f.grief.setMode(1); // WhenGasPriced
    const { keeper } = keeperFor(f);
    const entries = await keeper.pass();
    expect([entryOf(entries, f.bait).status, entryOf(entries, f.bait).reason]).to.deep.equal([
      "skipped",
      "empty revert (out of gas?)",
    ]);
    expect(entryOf(entries, f.intents.profitable1).status).to.equal("executed");
    expect(entryOf(entries, f.intents.profitable2).status).to.equal("executed");
  });

  /**
   * One keeper pass with automine off: whenever a keeper transaction waits in the mempool, Mallory front-runs it
   * (twice its tip) by switching her token to burn all gas, then a block is mined. She switches it back afterwards,
   * so every simulation sees a well-behaved token.
   */
  async function passWithFrontRun(keeper: Keeper, f: Awaited<ReturnType<typeof withBait>>) {
    await network.provider.send("evm_setAutomine", [false]);
    let done = false;
    const pass = keeper.pass().finally(() => {
      done = true;
    });
    try {
      while (!done) {
        const pending = (await network.provider.send("eth_getBlockByNumber", ["pending", true])) as {
          transactions: { maxPriorityFeePerGas: string }[];
        };
        if (pending.transactions.length === 0) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        if ((await f.grief.mode()) !== 2n) {
          const tip = 2n * BigInt(pending.transactions[0].maxPriorityFeePerGas);
          await f.grief.connect(f.mallory).setMode(2, { maxPriorityFeePerGas: tip, maxFeePerGas: 2n * tip });
        }
        await network.provider.send("evm_mine", []);
      }
    } finally {
      await network.provider.send("evm_setAutomine", [true]);
    }
    const entries = await pass;
    await f.grief.connect(f.mallory).setMode(0);
    return entries;
  }

  it("an intent that turns hostile between simulation and inclusion fails alone within its gas limit, is never batched with others again, then is dropped", async function () {
    const f = await loadFixture(withBait);
    const { keeper, lines } = keeperFor(f);
    const { bait, intents } = f;

    // One batch of three, ranked bait first: the bait burns only its own item's gas limit and fails alone.
    const first = await passWithFrontRun(keeper, f);
    expect([entryOf(first, bait).status, entryOf(first, bait).reason]).to.deep.equal([
      "failed",
      "empty revert (out of gas?)",
    ]);
    expect(entryOf(first, intents.profitable1).status).to.equal("executed");
    expect(entryOf(first, intents.profitable2).status).to.equal("executed");
    expect(entryOf(first, bait).txHash).to.equal(entryOf(first, intents.profitable1).txHash);
    expect(await f.usdc.balanceOf(f.keeperSigner.address)).to.equal(USDC(10));
    // The pass spent no more than it quoted.
    expect(keeper.summary?.gasUsed).to.be.greaterThan(0n);
    expect(keeper.summary?.gasUsed).to.be.at.most(keeper.summary?.gasQuoted ?? 0n);

    // From now on the bait is never batched with others: a fresh honest intent runs in a transaction of its own.
    const honest = await signedIntent(f.executor, f.dave, {
      token: await f.usdc.getAddress(),
      recipient: f.bob.address,
      amount: USDC(1),
      maxFee: USDC(5),
    });
    await f.executor.post(honest.intent, honest.signature);
    const second = await passWithFrontRun(keeper, f);
    expect(entryOf(second, bait).status).to.equal("failed");
    expect(entryOf(second, honest).status).to.equal("executed");
    expect(entryOf(second, bait).txHash).to.not.equal(entryOf(second, honest).txHash);

    for (let pass = 3; pass <= MAX_ONCHAIN_FAILURES; ++pass) await passWithFrontRun(keeper, f);
    expect(lines.map(text)).to.include(
      `${bait.hash.slice(0, 10)} dropped: failed on-chain ${MAX_ONCHAIN_FAILURES} times after passing simulation`,
    );
    expect((await keeper.pass()).some((e) => e.hash === bait.hash)).to.equal(false);
  });
});
