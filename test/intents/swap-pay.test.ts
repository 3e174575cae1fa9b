import { expect } from "chai";
import { ethers, ignition } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, MaxUint256, ZeroAddress, type Contract, type ContractTransactionResponse } from "ethers";

import LocalSwapIntents from "../../deploy/modules/LocalSwapIntents";
import { typedDeployment } from "../../scripts/lib/contracts";
import { Keeper } from "../../scripts/lib/keeper";
import { Action, AmountMode, encodeSwapPath, malformedSwap, type PaymentIntent } from "../../scripts/lib/intents";
import {
  FeeOnTransferToken__factory,
  LyingSwapAdapter__factory,
  UniswapV3SwapAdapter__factory,
} from "../../typechain-types";
import { lendingFrom, pick, signedIntent, units } from "../fixtures";

const USDC = (n: number | string) => units(n, 6);
const WETH = (n: number | string) => units(n, 18);
const WBTC = (n: number | string) => units(n, 8);
const FEE = USDC(1);
const DAY = 86_400;

/** Revert data of `Error(string)`, as the router reverts and the adapter wraps it in SwapFailed. */
function errorString(message: string): string {
  return `0x08c379a0${AbiCoder.defaultAbiCoder().encode(["string"], [message]).slice(2)}`;
}

/**
 * LocalIntents with the real Uniswap v3 from npm artifacts (USDC/WETH 0.05 % and WBTC/USDC 0.3 % pools, 10 M USD a
 * side, at the mock feeds' prices) and the swap adapter set by the deployer's RISK role. Alice and Erin own intents,
 * Family (signer 7) receives and holds nothing at first, Carol keeps, Dave trades against the pools, Mallory is an
 * outsider.
 */
async function deploySwapPay() {
  const d = await ignition.deploy(LocalSwapIntents);
  const lending = await lendingFrom(d);
  const { executor } = await typedDeployment(pick(d, ["executor"]));
  const signers = await ethers.getSigners();
  const [erin, family, mallory] = [signers[6], signers[7], signers[8]];
  const adapter = UniswapV3SwapAdapter__factory.connect(await d.swapAdapter.getAddress(), lending.deployer);
  const router = d.swapRouter as Contract;
  for (const user of [lending.alice, erin]) {
    for (const token of [lending.usdc, lending.wbtc, lending.weth]) {
      await token.connect(user).approve(executor, MaxUint256);
    }
  }
  for (const token of [lending.usdc, lending.wbtc, lending.weth]) {
    await token.connect(lending.dave).approve(router, MaxUint256);
  }
  const [usdc, wbtc, weth] = await Promise.all([lending.usdc, lending.wbtc, lending.weth].map((t) => t.getAddress()));
  return { ...lending, executor, adapter, router, erin, family, mallory, addr: { usdc, wbtc, weth } };
}

type F = Awaited<ReturnType<typeof deploySwapPay>>;

/** Alice's one-off SWAP_PAY: 3,000 USDC sold, Family receives at least 0.99 WETH (≈ 1 at the feed price). */
async function aliceSwaps(f: F, extra: Partial<PaymentIntent> = {}) {
  return signedIntent(f.executor, extra.owner === undefined ? f.alice : f.erin, {
    token: f.addr.usdc,
    amount: USDC(3_000),
    action: Action.SWAP_PAY,
    recipient: f.family.address,
    receiveToken: f.addr.weth,
    swapLimit: WETH("0.99"),
    swapPath: encodeSwapPath([f.addr.usdc, f.addr.weth], [500]),
    maxFee: FEE,
    ...extra,
  });
}

/** "Pay my family 100 USDC a month out of my WETH": exact output, at most 0.04 WETH (120 USD) sold per run. */
async function monthlyFromWeth(f: F, extra: Partial<PaymentIntent> = {}) {
  return signedIntent(f.executor, f.alice, {
    token: f.addr.weth,
    amount: USDC(100),
    action: Action.SWAP_PAY_EXACT_OUT,
    recipient: f.family.address,
    receiveToken: f.addr.usdc,
    swapLimit: WETH("0.04"),
    swapPath: encodeSwapPath([f.addr.usdc, f.addr.weth], [500]),
    maxFee: WETH("0.0001"),
    interval: 30 * DAY,
    maxRuns: 12,
    validUntil: (await time.latest()) + 400 * DAY,
    ...extra,
  });
}

/** Sets Erin's USDC balance to exactly `amount`. */
async function erinHolds(f: F, amount: bigint) {
  const held = await f.usdc.balanceOf(f.erin.address);
  if (held > amount) await f.usdc.connect(f.erin).transfer(f.dave.address, held - amount);
  else if (held < amount) await f.usdc.mint(f.erin.address, amount - held);
}

/** Dave sells `amountIn` of `tokenIn` for `tokenOut` on the pool with `fee` (moving its price). */
async function daveSwaps(f: F, tokenIn: string, tokenOut: string, amountIn: bigint, fee = 500) {
  const router = f.router.connect(f.dave) as Contract;
  const tx = (await router.exactInputSingle({
    tokenIn,
    tokenOut,
    fee,
    recipient: f.dave.address,
    amountIn,
    amountOutMinimum: 0n,
    sqrtPriceLimitX96: 0n,
  })) as ContractTransactionResponse;
  await tx.wait();
}

describe("IntentExecutor SWAP_PAY through Uniswap v3 (real pools from npm artifacts)", function () {
  describe("happy paths", function () {
    it("single hop: Alice pays 3,000 USDC, Family receives ≥ 0.99 WETH, the keeper's fee is paid in USDC", async function () {
      const f = await loadFixture(deploySwapPay);
      const { intent, signature, hash } = await aliceSwaps(f);
      const wethBefore = await f.weth.balanceOf(f.family.address);
      const tx = f.executor.connect(f.carol).execute(intent, signature, FEE);
      await expect(tx)
        .to.emit(f.executor, "IntentExecuted")
        .withArgs(hash, f.alice.address, f.carol.address, USDC(3_000), FEE, 1n);
      await expect(tx).to.changeTokenBalances(f.usdc, [f.alice, f.carol], [-(USDC(3_000) + FEE), FEE]);
      const received = (await f.weth.balanceOf(f.family.address)) - wethBefore;
      // The feed price less the 0.05 % fee and a little impact.
      expect(received).to.be.within(WETH("0.999"), WETH("0.9995"));
      await expect(tx).to.emit(f.executor, "SwapPaid").withArgs(hash, f.addr.weth, USDC(3_000), received);
      // The keeper earns no WETH; neither the executor nor the adapter keeps anything.
      expect(await f.weth.balanceOf(f.carol.address)).to.equal(units(1_000_000_000, 18));
      for (const holder of [f.executor, f.adapter]) {
        expect(await f.usdc.balanceOf(holder)).to.equal(0n);
        expect(await f.weth.balanceOf(holder)).to.equal(0n);
      }
      expect(await f.executor.nonceUsed(f.alice.address, intent.nonce)).to.equal(true);
    });

    it("multi-hop: 0.1 WBTC → USDC → WETH, Family receives ≈ 2 WETH (≥ the signed 1.98)", async function () {
      const f = await loadFixture(deploySwapPay);
      const { intent, signature, hash } = await aliceSwaps(f, {
        token: f.addr.wbtc,
        amount: WBTC("0.1"),
        maxFee: 0n,
        swapLimit: WETH("1.98"),
        swapPath: encodeSwapPath([f.addr.wbtc, f.addr.usdc, f.addr.weth], [3000, 500]),
      });
      const tx = f.executor.connect(f.carol).execute(intent, signature, 0n);
      await expect(tx).to.changeTokenBalance(f.wbtc, f.alice, -WBTC("0.1"));
      const received = await f.weth.balanceOf(f.family.address);
      expect(received).to.be.within(WETH("1.99"), WETH("1.9935")); // 0.35 % of fees, a little impact
      await expect(tx).to.emit(f.executor, "SwapPaid").withArgs(hash, f.addr.weth, WBTC("0.1"), received);
      expect(await f.usdc.balanceOf(f.adapter)).to.equal(0n);
    });

    it("exact output: Family receives exactly 100 USDC, Alice sells ≈ 0.0334 WETH, the unsold rest stays hers", async function () {
      const f = await loadFixture(deploySwapPay);
      const { intent, signature, hash } = await monthlyFromWeth(f);
      const wethBefore = await f.weth.balanceOf(f.alice.address);
      const tx = f.executor.connect(f.carol).execute(intent, signature, WETH("0.0001"));
      await expect(tx)
        .to.emit(f.executor, "IntentExecuted")
        .withArgs(hash, f.alice.address, f.carol.address, USDC(100), WETH("0.0001"), 1n);
      await expect(tx).to.changeTokenBalance(f.usdc, f.family, USDC(100));
      const spent = wethBefore - (await f.weth.balanceOf(f.alice.address)) - WETH("0.0001");
      expect(spent).to.be.within(WETH("0.0333"), WETH("0.0334"));
      await expect(tx).to.emit(f.executor, "SwapPaid").withArgs(hash, f.addr.usdc, spent, USDC(100));
      expect(await f.weth.balanceOf(f.adapter)).to.equal(0n);
      expect(await f.weth.balanceOf(f.carol.address)).to.equal(units(1_000_000_000, 18) + WETH("0.0001"));
    });

    it("recurring exact output respects the period: a second run this month reverts, next month it runs", async function () {
      const f = await loadFixture(deploySwapPay);
      const { intent, signature, hash } = await monthlyFromWeth(f);
      await f.executor.connect(f.carol).execute(intent, signature, 0n);
      await expect(f.executor.connect(f.carol).execute(intent, signature, 0n))
        .to.be.revertedWithCustomError(f.executor, "AlreadyRanThisPeriod")
        .withArgs(intent.validAfter + 30 * DAY);
      await time.increaseTo(intent.validAfter + 30 * DAY);
      await expect(f.executor.connect(f.carol).execute(intent, signature, 0n)).to.changeTokenBalance(
        f.usdc,
        f.family,
        USDC(100),
      );
      expect((await f.executor.intentState(hash)).runs).to.equal(2n);
    });
  });

  describe("the signed minimum (or maximum) holds whatever the pool does", function () {
    it("after another account moves the price, the run reverts SwapFailed(Too little received) and stays runnable", async function () {
      const f = await loadFixture(deploySwapPay);
      const { intent, signature } = await aliceSwaps(f);
      // Dave buys WETH with 500,000 USDC: WETH costs ~10 % more, so 3,000 USDC buys < 0.99 WETH.
      await daveSwaps(f, f.addr.usdc, f.addr.weth, USDC(500_000));
      await expect(f.executor.connect(f.carol).execute(intent, signature, FEE))
        .to.be.revertedWithCustomError(f.adapter, "SwapFailed")
        .withArgs(errorString("Too little received"));
      expect(await f.executor.nonceUsed(f.alice.address, intent.nonce)).to.equal(false);
      // The price comes back: the same signed intent runs.
      await daveSwaps(f, f.addr.weth, f.addr.usdc, (await f.weth.balanceOf(f.dave.address)) - units(1_000_000_000, 18));
      await f.executor.connect(f.carol).execute(intent, signature, FEE);
      expect(await f.weth.balanceOf(f.family.address)).to.be.at.least(WETH("0.99"));
    });

    it("exact output: a price move that makes 100 USDC cost more than 0.04 WETH reverts SwapFailed (the router cannot take more)", async function () {
      const f = await loadFixture(deploySwapPay);
      const { intent, signature, hash } = await monthlyFromWeth(f);
      // Dave sells 2,000 WETH: WETH is worth far less, 100 USDC would cost more than 0.04 WETH.
      await daveSwaps(f, f.addr.weth, f.addr.usdc, WETH(2_000));
      await expect(f.executor.connect(f.carol).execute(intent, signature, 0n))
        .to.be.revertedWithCustomError(f.adapter, "SwapFailed")
        .withArgs(errorString("STF"));
      expect((await f.executor.intentState(hash)).runs).to.equal(0n);
    });

    it("a sandwich by another account never leaves Family below the minimum: each run pays ≥ 0.99 WETH or reverts", async function () {
      const outcomes: string[] = [];
      for (const frontRun of [0n, USDC(5_000), USDC(20_000), USDC(200_000), USDC(2_000_000)]) {
        const f = await loadFixture(deploySwapPay);
        const { intent, signature } = await aliceSwaps(f);
        const aliceUsdc = await f.usdc.balanceOf(f.alice.address);
        if (frontRun > 0n) await daveSwaps(f, f.addr.usdc, f.addr.weth, frontRun);
        const daveWeth = await f.weth.balanceOf(f.dave.address);
        let ran = true;
        try {
          await (await f.executor.connect(f.carol).execute(intent, signature, FEE)).wait();
        } catch {
          ran = false;
        }
        // Dave sells back what he bought (the back-run of the sandwich).
        if (daveWeth > units(1_000_000_000, 18)) {
          await daveSwaps(f, f.addr.weth, f.addr.usdc, daveWeth - units(1_000_000_000, 18));
        }
        const received = await f.weth.balanceOf(f.family.address);
        if (ran) {
          expect(received, `front-run ${frontRun}`).to.be.at.least(WETH("0.99"));
        } else {
          expect(received).to.equal(0n);
          expect(await f.usdc.balanceOf(f.alice.address)).to.equal(aliceUsdc);
          expect(await f.executor.nonceUsed(f.alice.address, intent.nonce)).to.equal(false);
        }
        outcomes.push(ran ? "ran" : "reverted");
      }
      // Small front-runs only cost Dave fees; large ones make the run revert: both happened.
      expect(outcomes).to.deep.equal(["ran", "ran", "ran", "reverted", "reverted"]);
    });

    it("does not trust the adapter: one that reports the minimum but pays less fails InsufficientOutput", async function () {
      const f = await loadFixture(deploySwapPay);
      const liar = await new LyingSwapAdapter__factory(f.deployer).deploy(f.executor, f.weth);
      await f.weth.mint(liar, WETH(10));
      await liar.setPayout(WETH("0.5"));
      await f.executor.connect(f.deployer).setSwapAdapter(liar);
      const { intent, signature } = await aliceSwaps(f);
      await expect(f.executor.connect(f.carol).execute(intent, signature, FEE))
        .to.be.revertedWithCustomError(f.executor, "InsufficientOutput")
        .withArgs(WETH("0.5"), WETH("0.99"));
      await liar.setPayout(WETH("0.99"));
      await expect(f.executor.connect(f.carol).execute(intent, signature, FEE)).to.changeTokenBalance(
        f.weth,
        f.family,
        WETH("0.99"),
      );
    });

    it("exact output does not trust the adapter either: 99 USDC delivered for 100 fails InsufficientOutput", async function () {
      const f = await loadFixture(deploySwapPay);
      const liar = await new LyingSwapAdapter__factory(f.deployer).deploy(f.executor, f.usdc);
      await f.usdc.mint(liar, USDC(1_000));
      await liar.setPayout(USDC(99));
      await f.executor.connect(f.deployer).setSwapAdapter(liar);
      const { intent, signature } = await monthlyFromWeth(f);
      await expect(f.executor.connect(f.carol).execute(intent, signature, 0n))
        .to.be.revertedWithCustomError(f.executor, "InsufficientOutput")
        .withArgs(USDC(99), USDC(100));
    });
  });

  describe("paths and swap fields", function () {
    it("reverts SwapPathStartMismatch when the path does not start with the token sold", async function () {
      const f = await loadFixture(deploySwapPay);
      const swapPath = encodeSwapPath([f.addr.wbtc, f.addr.usdc, f.addr.weth], [3000, 500]);
      const { intent, signature } = await aliceSwaps(f, { swapPath });
      await expect(f.executor.execute(intent, signature, 0n))
        .to.be.revertedWithCustomError(f.executor, "SwapPathStartMismatch")
        .withArgs(f.addr.usdc, f.addr.wbtc);
    });

    it("reverts SwapPathEndMismatch when the path does not end with the signed receive token", async function () {
      const f = await loadFixture(deploySwapPay);
      const swapPath = encodeSwapPath([f.addr.usdc, f.addr.wbtc], [3000]);
      const { intent, signature } = await aliceSwaps(f, { swapPath });
      await expect(f.executor.execute(intent, signature, 0n))
        .to.be.revertedWithCustomError(f.executor, "SwapPathEndMismatch")
        .withArgs(f.addr.weth, f.addr.wbtc);
    });

    it("exact output reads the path backwards: an exact-input-ordered path reverts SwapPathStartMismatch", async function () {
      const f = await loadFixture(deploySwapPay);
      const swapPath = encodeSwapPath([f.addr.weth, f.addr.usdc], [500]);
      const { intent, signature } = await monthlyFromWeth(f, { swapPath });
      await expect(f.executor.execute(intent, signature, 0n))
        .to.be.revertedWithCustomError(f.executor, "SwapPathStartMismatch")
        .withArgs(f.addr.usdc, f.addr.weth);
    });

    for (const [name, path] of [
      ["a lone token (20 bytes)", (f: F) => f.addr.usdc],
      ["a stray byte (44 bytes)", (f: F) => `${encodeSwapPath([f.addr.usdc, f.addr.weth], [500])}00`],
      ["a hop cut short (42 bytes)", (f: F) => encodeSwapPath([f.addr.usdc, f.addr.weth], [500]).slice(0, -2)],
      [
        "four hops (112 bytes, over MAX_SWAP_HOPS)",
        (f: F) =>
          encodeSwapPath([f.addr.usdc, f.addr.wbtc, f.addr.usdc, f.addr.wbtc, f.addr.weth], [3000, 3000, 3000, 3000]),
      ],
    ] as const) {
      it(`reverts InvalidSwapPath for ${name}`, async function () {
        const f = await loadFixture(deploySwapPay);
        const swapPath = path(f);
        const { intent, signature } = await aliceSwaps(f, { swapPath });
        await expect(f.executor.execute(intent, signature, 0n))
          .to.be.revertedWithCustomError(f.executor, "InvalidSwapPath")
          .withArgs((swapPath.length - 2) / 2);
        expect(malformedSwap(intent)).to.equal(true);
      });
    }

    it("runs a path of exactly MAX_SWAP_HOPS hops (89 bytes): USDC → WETH → USDC → WETH", async function () {
      const f = await loadFixture(deploySwapPay);
      expect(await f.executor.MAX_SWAP_HOPS()).to.equal(3n);
      const swapPath = encodeSwapPath([f.addr.usdc, f.addr.weth, f.addr.usdc, f.addr.weth], [500, 500, 500]);
      expect((swapPath.length - 2) / 2).to.equal(20 + 23 * 3);
      const { intent, signature } = await aliceSwaps(f, { swapPath });
      expect(malformedSwap(intent)).to.equal(false);
      await expect(f.executor.execute(intent, signature, 0n)).to.emit(f.executor, "SwapPaid");
      expect(await f.executor.nonceUsed(f.alice.address, intent.nonce)).to.equal(true);
      expect(await f.weth.balanceOf(f.family.address)).to.be.at.least(WETH("0.99"));
    });

    it("a path through a pool that does not exist reverts SwapFailed and consumes nothing", async function () {
      const f = await loadFixture(deploySwapPay);
      const swapPath = encodeSwapPath([f.addr.usdc, f.addr.weth], [10_000]);
      const { intent, signature } = await aliceSwaps(f, { swapPath });
      await expect(f.executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(f.adapter, "SwapFailed");
      expect(await f.executor.nonceUsed(f.alice.address, intent.nonce)).to.equal(false);
    });

    for (const [name, extra] of [
      ["a zero swapLimit (no signed minimum)", { swapLimit: 0n }],
      ["a receive token equal to the token sold", { receiveToken: "usdc" }],
      ["exact output in an amount mode other than FIXED", { exactOut: true }],
      ["a PAY carrying a swap path", { pay: "path" }],
      ["a PAY carrying a receive token", { pay: "token" }],
    ] as const) {
      it(`reverts MalformedIntent for ${name}`, async function () {
        const f = await loadFixture(deploySwapPay);
        let fields: Partial<PaymentIntent> = {};
        if ("swapLimit" in extra) fields = { swapLimit: 0n };
        if ("receiveToken" in extra) fields = { receiveToken: f.addr.usdc };
        if ("pay" in extra)
          fields =
            extra.pay === "path"
              ? { action: Action.PAY, receiveToken: ZeroAddress, swapLimit: 0n }
              : { action: Action.PAY, swapPath: "0x", swapLimit: 0n };
        const signed =
          "exactOut" in extra
            ? await monthlyFromWeth(f, { amountMode: AmountMode.PERCENT_OF_BALANCE, amountParam: 100n })
            : await aliceSwaps(f, fields);
        await expect(f.executor.execute(signed.intent, signed.signature, 0n)).to.be.revertedWithCustomError(
          f.executor,
          "MalformedIntent",
        );
        expect(malformedSwap(signed.intent)).to.equal(true);
      });
    }

    it("refuses the router's reserved recipients (0, 1 = the adapter, 2 = the router), the router, the adapter and the executor with ReservedRecipient", async function () {
      const f = await loadFixture(deploySwapPay);
      const stranded = [await f.adapter.router(), await f.adapter.getAddress(), await f.executor.getAddress()];
      for (const recipient of [ZeroAddress, `0x${"0".repeat(39)}1`, `0x${"0".repeat(39)}2`, ...stranded]) {
        const { intent, signature } = await aliceSwaps(f, { recipient });
        await expect(f.executor.execute(intent, signature, 0n))
          .to.be.revertedWithCustomError(f.adapter, "ReservedRecipient")
          .withArgs(recipient);
      }
    });
  });

  describe("tokens, fees and governance", function () {
    it("refuses a fee-on-transfer token sold (TransferAmountMismatch) before anything is swapped", async function () {
      const f = await loadFixture(deploySwapPay);
      const fot = await new FeeOnTransferToken__factory(f.deployer).deploy(100); // 1 %
      await fot.mint(f.alice.address, USDC(10_000));
      await fot.connect(f.alice).approve(f.executor, MaxUint256);
      const fotAddress = await fot.getAddress();
      const { intent, signature } = await aliceSwaps(f, {
        token: fotAddress,
        amount: USDC(1_000),
        receiveToken: f.addr.usdc,
        swapLimit: 1n,
        swapPath: encodeSwapPath([fotAddress, f.addr.usdc], [500]),
      });
      await expect(f.executor.execute(intent, signature, 0n))
        .to.be.revertedWithCustomError(f.executor, "TransferAmountMismatch")
        .withArgs(USDC(1_000), USDC(990));
    });

    it("the keeper's fee is paid in the token sold, never above maxFee (FeeTooHigh)", async function () {
      const f = await loadFixture(deploySwapPay);
      const { intent, signature } = await aliceSwaps(f);
      await expect(f.executor.connect(f.carol).execute(intent, signature, FEE + 1n))
        .to.be.revertedWithCustomError(f.executor, "FeeTooHigh")
        .withArgs(FEE + 1n, FEE);
      await expect(f.executor.connect(f.carol).execute(intent, signature, FEE)).to.changeTokenBalance(
        f.usdc,
        f.carol,
        FEE,
      );
    });

    it("reverts SwapAdapterNotSet once governance removes the adapter (SwapAdapterSet(0)); PAY still runs", async function () {
      const f = await loadFixture(deploySwapPay);
      await expect(f.executor.connect(f.deployer).setSwapAdapter(ZeroAddress))
        .to.emit(f.executor, "SwapAdapterSet")
        .withArgs(ZeroAddress);
      const { intent, signature } = await aliceSwaps(f);
      await expect(f.executor.execute(intent, signature, 0n)).to.be.revertedWithCustomError(
        f.executor,
        "SwapAdapterNotSet",
      );
      const pay = await signedIntent(f.executor, f.alice, {
        token: f.addr.usdc,
        amount: USDC(1),
        recipient: f.family.address,
      });
      await expect(f.executor.execute(pay.intent, pay.signature, 0n)).to.changeTokenBalance(f.usdc, f.family, USDC(1));
    });

    it("only RISK sets the adapter (AccessManagedUnauthorized), and only one that serves this executor", async function () {
      const f = await loadFixture(deploySwapPay);
      await expect(f.executor.connect(f.mallory).setSwapAdapter(f.mallory.address))
        .to.be.revertedWithCustomError(f.executor, "AccessManagedUnauthorized")
        .withArgs(f.mallory.address);
      const foreign = await new UniswapV3SwapAdapter__factory(f.deployer).deploy(f.router, f.mallory.address);
      await expect(f.executor.connect(f.deployer).setSwapAdapter(foreign))
        .to.be.revertedWithCustomError(f.executor, "SwapAdapterForeign")
        .withArgs(await foreign.getAddress(), f.mallory.address);
      const own = await new UniswapV3SwapAdapter__factory(f.deployer).deploy(f.router, f.executor);
      await expect(f.executor.connect(f.deployer).setSwapAdapter(own))
        .to.emit(f.executor, "SwapAdapterSet")
        .withArgs(await own.getAddress());
      expect(await f.executor.swapAdapter()).to.equal(await own.getAddress());
    });

    it("the adapter swaps only for its executor (OnlyExecutor): tokens sent to it cannot be taken by others", async function () {
      const f = await loadFixture(deploySwapPay);
      await f.usdc.mint(f.adapter, USDC(100));
      const path = encodeSwapPath([f.addr.usdc, f.addr.weth], [500]);
      await expect(f.adapter.connect(f.mallory).swapExactIn(path, USDC(100), 1n, f.mallory.address))
        .to.be.revertedWithCustomError(f.adapter, "OnlyExecutor")
        .withArgs(f.mallory.address);
      await expect(f.adapter.connect(f.mallory).swapExactOut(path, 1n, USDC(100), f.mallory.address, f.mallory.address))
        .to.be.revertedWithCustomError(f.adapter, "OnlyExecutor")
        .withArgs(f.mallory.address);
    });
  });

  describe("amount modes at their bounds", function () {
    const erinSwaps = (f: F, amountMode: AmountMode, amountParam: bigint, swapLimit = 1n) =>
      aliceSwaps(f, { owner: f.erin.address, amountMode, amountParam, swapLimit });

    it("PERCENT_OF_BALANCE 10,000 bps sells the whole balance net of the fee, and no more than the cap", async function () {
      const f = await loadFixture(deploySwapPay);
      await erinHolds(f, USDC(1_001));
      const all = await erinSwaps(f, AmountMode.PERCENT_OF_BALANCE, 10_000n, WETH("0.33"));
      await expect(f.executor.connect(f.carol).execute(all.intent, all.signature, FEE))
        .to.emit(f.executor, "SwapPaid")
        .withArgs(all.hash, f.addr.weth, USDC(1_000), (v: bigint) => v >= WETH("0.33"));
      expect(await f.usdc.balanceOf(f.erin.address)).to.equal(0n);
      await erinHolds(f, USDC(1_000_000));
      const capped = await erinSwaps(f, AmountMode.PERCENT_OF_BALANCE, 10_000n, WETH("0.99"));
      await expect(f.executor.connect(f.carol).execute(capped.intent, capped.signature, FEE)).to.changeTokenBalance(
        f.usdc,
        f.erin,
        -(USDC(3_000) + FEE),
      );
    });

    it("PERCENT_OF_BALANCE reverts NothingToMove when the share rounds to zero (1 bps of 9,999 units)", async function () {
      const f = await loadFixture(deploySwapPay);
      await erinHolds(f, FEE + 9_999n);
      const { intent, signature } = await erinSwaps(f, AmountMode.PERCENT_OF_BALANCE, 1n);
      await expect(f.executor.execute(intent, signature, FEE))
        .to.be.revertedWithCustomError(f.executor, "NothingToMove")
        .withArgs(FEE + 9_999n, FEE);
    });

    it("SWEEP_ABOVE: a balance of exactly floor + fee reverts BalanceNotAboveFloor; 1 USDC more sells that 1 USDC", async function () {
      const f = await loadFixture(deploySwapPay);
      const floor = USDC(500);
      await erinHolds(f, floor + FEE);
      const { intent, signature, hash } = await erinSwaps(f, AmountMode.SWEEP_ABOVE, floor);
      await expect(f.executor.execute(intent, signature, FEE))
        .to.be.revertedWithCustomError(f.executor, "BalanceNotAboveFloor")
        .withArgs(floor + FEE, floor, FEE);
      // (One base unit would buy nothing: Uniswap rounds its 0.05 % fee up to the whole unit.)
      await erinHolds(f, floor + FEE + USDC(1));
      await expect(f.executor.connect(f.carol).execute(intent, signature, FEE))
        .to.emit(f.executor, "SwapPaid")
        .withArgs(hash, f.addr.weth, USDC(1), (v: bigint) => v >= 1n);
      expect(await f.usdc.balanceOf(f.erin.address)).to.equal(floor);
    });
  });

  describe("a balance-following swap's minimum is a price floor", function () {
    it("a run selling 1,000 of a 3,000 max needs the signed minimum pro rata, rounded up (InsufficientOutput)", async function () {
      const f = await loadFixture(deploySwapPay);
      const liar = await new LyingSwapAdapter__factory(f.deployer).deploy(f.executor, f.weth);
      await f.weth.mint(liar, WETH(10));
      await f.executor.connect(f.deployer).setSwapAdapter(liar);
      await erinHolds(f, USDC(1_000) + FEE);
      // 0.99 WETH + 1 wei for 3,000 USDC: a third of it is 0.33 WETH and a third of a wei, rounded up.
      const { intent, signature } = await aliceSwaps(f, {
        owner: f.erin.address,
        amountMode: AmountMode.PERCENT_OF_BALANCE,
        amountParam: 10_000n,
        swapLimit: WETH("0.99") + 1n,
      });
      const minimum = WETH("0.33") + 1n;
      await liar.setPayout(minimum - 1n);
      await expect(f.executor.connect(f.carol).execute(intent, signature, FEE))
        .to.be.revertedWithCustomError(f.executor, "InsufficientOutput")
        .withArgs(minimum - 1n, minimum);
      await liar.setPayout(minimum);
      await expect(f.executor.connect(f.carol).execute(intent, signature, FEE)).to.changeTokenBalance(
        f.weth,
        f.family,
        minimum,
      );
    });

    it("300 USDC of a 3,000 max runs at the pool price for ≥ 0.099 WETH, and reverts once another account moves it", async function () {
      const f = await loadFixture(deploySwapPay);
      const sweep = { owner: f.erin.address, amountMode: AmountMode.SWEEP_ABOVE, amountParam: 0n, maxRuns: 2 };
      const first = await aliceSwaps(f, { ...sweep, interval: DAY, validUntil: (await time.latest()) + 10 * DAY });
      await erinHolds(f, USDC(300) + FEE);
      // The signed 0.99 WETH for 3,000 USDC would refuse a 300 USDC run if it were a fixed minimum.
      await expect(f.executor.connect(f.carol).execute(first.intent, first.signature, FEE))
        .to.emit(f.executor, "SwapPaid")
        .withArgs(first.hash, f.addr.weth, USDC(300), (v: bigint) => v >= WETH("0.099"));
      await time.increase(DAY);
      await erinHolds(f, USDC(300) + FEE);
      await daveSwaps(f, f.addr.usdc, f.addr.weth, USDC(500_000)); // WETH ~10 % dearer
      await expect(f.executor.connect(f.carol).execute(first.intent, first.signature, FEE))
        .to.be.revertedWithCustomError(f.adapter, "SwapFailed")
        .withArgs(errorString("Too little received"));
    });
  });

  describe("the keeper", function () {
    it("runs a posted SWAP_PAY and skips, without running it, one whose minimum the pool cannot meet", async function () {
      const f = await loadFixture(deploySwapPay);
      const keeperSigner = (await ethers.getSigners())[9];
      const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
      const good = await aliceSwaps(f, { maxFee: USDC(5) });
      const greedy = await aliceSwaps(f, { maxFee: USDC(5), swapLimit: WETH(2) });
      for (const s of [good, greedy]) await f.executor.connect(f.bob).post(s.intent, s.signature);
      const keeper = new Keeper(f.executor.connect(keeperSigner), keeperSigner, fromBlock, {
        nativeToken: f.addr.weth,
        log: () => undefined,
      });
      const entries = await keeper.pass();
      expect(entries.find((e) => e.hash === good.hash)?.status).to.equal("executed");
      expect(entries.find((e) => e.hash === greedy.hash)?.status).to.equal("skipped");
      expect(await f.weth.balanceOf(f.family.address)).to.be.at.least(WETH("0.99"));
      expect(await f.usdc.balanceOf(keeperSigner.address)).to.equal(USDC(5));
      expect(await f.executor.nonceUsed(f.alice.address, greedy.intent.nonce)).to.equal(false);
    });
  });

  describe("the keeper when the market moves between simulation and inclusion", function () {
    it("backs a failed swap off (doubling) instead of dropping it, and runs it once the price comes back", async function () {
      const f = await loadFixture(deploySwapPay);
      const keeperSigner = (await ethers.getSigners())[9];
      const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
      const good = await aliceSwaps(f, { maxFee: USDC(5), validUntil: (await time.latest()) + 30 * DAY });
      await f.executor.connect(f.bob).post(good.intent, good.signature);
      const lines: string[] = [];
      const keeper = new Keeper(f.executor.connect(keeperSigner), keeperSigner, fromBlock, {
        nativeToken: f.addr.weth,
        log: (l) => lines.push(l),
      });
      const send = keeperSigner.sendTransaction.bind(keeperSigner);
      const runner = keeperSigner as unknown as { sendTransaction: typeof send };
      // Dave's large USDC→WETH sale lands just before each batch: Alice's minimum of 0.99 WETH cannot be met.
      let bought = 0n;
      runner.sendTransaction = async (tx) => {
        const before = await f.weth.balanceOf(f.dave.address);
        await daveSwaps(f, f.addr.usdc, f.addr.weth, USDC(500_000));
        bought = (await f.weth.balanceOf(f.dave.address)) - before;
        return send(tx);
      };
      const statusOf = async () => (await keeper.pass()).find((x) => x.hash === good.hash)!;
      let e = await statusOf();
      const waits: number[] = [];
      for (let round = 0; round < 4; round++) {
        expect(e.status).to.equal("failed");
        expect(e.reason).to.match(/^(InsufficientOutput|SwapFailed)\(/);
        await daveSwaps(f, f.addr.weth, f.addr.usdc, bought); // the price comes back
        if (round === 3) break;
        // The keeper waits out its backoff before trying (and failing) again.
        const from = await time.latest();
        while ((e = await statusOf()).status === "skipped") await time.increase(5);
        waits.push((await time.latest()) - from);
      }
      expect(lines.some((l) => / dropped: /.test(l))).to.equal(false); // four failures, more than MAX_ONCHAIN_FAILURES
      runner.sendTransaction = send;
      await time.increase(3_600);
      expect((await statusOf()).status).to.equal("executed");
      expect(await f.weth.balanceOf(f.family.address)).to.be.at.least(WETH("0.99"));
      // Each market failure doubled the wait: 15 s, 30 s, 60 s after the failing pass began, counted here from a few
      // blocks later in 5-second steps (and a slow run's blocks also advance with the wall clock).
      expect(waits[0]).to.be.within(5, 25);
      expect(waits[1]).to.be.within(20, 40);
      expect(waits[2]).to.be.within(45, 70);
      expect(waits[1]).to.be.greaterThan(waits[0]);
      expect(waits[2]).to.be.greaterThan(waits[1]);
    });
  });

  describe("gas", function () {
    async function warmedUp() {
      const f = await loadFixture(deploySwapPay);
      // Alice has used the executor before (her nonce word is in use) and Family has received WETH before.
      const first = await aliceSwaps(f, { nonce: 0n });
      await f.executor.connect(f.carol).execute(first.intent, first.signature, FEE);
      return f;
    }
    const gasOf = async (pending: Promise<ContractTransactionResponse>) => (await (await pending).wait())!.gasUsed;

    it("a single-hop SWAP_PAY with fee costs at most 200,000 gas (intents.swapPay) @gas", async function () {
      const f = await loadFixture(warmedUp);
      const { intent, signature } = await aliceSwaps(f, { nonce: 1n });
      const gas = await gasOf(f.executor.connect(f.carol).execute(intent, signature, FEE));
      console.log(`      intents.swapPay gasUsed ${gas}`);
      expect(gas).to.be.at.most(200_000n);
    });

    for (const [name, mode, param] of [
      ["PERCENT_OF_BALANCE", AmountMode.PERCENT_OF_BALANCE, 100n],
      ["SWEEP_ABOVE", AmountMode.SWEEP_ABOVE, USDC(1_000)],
    ] as const) {
      it(`a SWAP_PAY in ${name} mode costs at most 5,000 more than in FIXED @gas`, async function () {
        const f = await loadFixture(warmedUp);
        const fixed = await aliceSwaps(f, { nonce: 1n });
        const fixedGas = await gasOf(f.executor.connect(f.carol).execute(fixed.intent, fixed.signature, FEE));
        const moded = await aliceSwaps(f, { nonce: 2n, amountMode: mode, amountParam: param });
        const modeGas = await gasOf(f.executor.connect(f.carol).execute(moded.intent, moded.signature, FEE));
        expect(modeGas - fixedGas).to.be.at.most(5_000n);
      });
    }
  });
});
