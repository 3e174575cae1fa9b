import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, type Interface } from "ethers";

import { ROLES } from "../../scripts/lib/roles";
import {
  CoinTraderMock__factory,
  CreatorCoin__factory,
  CreatorCoins__factory,
  FeeOnTransferToken__factory,
  SocialActorMock__factory,
  type CoinTraderMock,
  type CreatorCoin,
  type CreatorCoins,
} from "../../typechain-types";
import { assertProperty, propertySettings } from "../fixtures";
import { deploySocial, mintProfile, verifyProfile } from "./fixtures";

const COIN = 10n ** 18n;
const PROTOCOL_FEE = 100n; // 1 %, the cap
const CREATOR_FEE = 300n; // 3 %
const BASE = 10n ** 15n; // 0.001 ETH for the first whole coin
const SLOPE = 10n ** 14n; // +0.0001 ETH per whole coin of supply
const FAR = 2n ** 40n; // a deadline that never passes in these tests
/** Issue #19's budgets (not yet bench keys: the benchmark's deployment has no coin launched). */
const BUY_BUDGET = 120_000n;
const SELL_BUDGET = 110_000n;

/** Social, CreatorCoins (1 % protocol fee, setters mapped to TREASURY), alice verified with an ETH coin, bob verified. */
async function deployCoins() {
  const s = await deploySocial();
  const market = await new CreatorCoins__factory(s.deployer).deploy(
    s.profileNFT,
    s.accessManager,
    s.treasury.address,
    PROTOCOL_FEE,
    s.usdc,
  );
  const setters = [
    market.interface.getFunction("setProtocolFee").selector,
    market.interface.getFunction("setTreasury").selector,
  ];
  await s.accessManager.setTargetFunctionRole(market, setters, ROLES.TREASURY);
  const aliceId = await mintProfile(s.profileNFT, s.alice, "alice");
  const bobId = await mintProfile(s.profileNFT, s.bob, "bob");
  const carolId = await mintProfile(s.profileNFT, s.carol, "carol"); // never verified
  await verifyProfile(s.profileNFT, s.verifier, aliceId, s.alice);
  await verifyProfile(s.profileNFT, s.verifier, bobId, s.bob);
  await market.connect(s.alice).launchCoin(aliceId, "Alice Coin", "ALICE", ZeroAddress, BASE, SLOPE, CREATOR_FEE);
  const coin = CreatorCoin__factory.connect(await market.coinOf(aliceId), s.alice);
  for (const who of [s.alice, s.bob, s.carol, s.outsider]) await s.usdc.mint(who.address, 10n ** 12n);
  return { ...s, market, coin, aliceId, bobId, carolId };
}

/** bob also launches a USDC coin (1 USDC base, +0.1 USDC per coin, 5 % creator fee). */
async function deployWithUsdcCoin() {
  const f = await loadFixture(deployCoins);
  await f.market.connect(f.bob).launchCoin(f.bobId, "Bob Coin", "BOB", f.usdc, 10n ** 6n, 10n ** 5n, 500n);
  const usdcCoin = CreatorCoin__factory.connect(await f.market.coinOf(f.bobId), f.bob);
  return { ...f, usdcCoin };
}

async function buy(
  market: CreatorCoins,
  coin: CreatorCoin,
  buyer: Awaited<ReturnType<typeof deployCoins>>["bob"],
  amount: bigint,
) {
  const [cost] = await market.quoteBuy(coin, amount);
  await market.connect(buyer).buy(coin, amount, cost, FAR, { value: cost });
  return cost;
}

/** ETH spent on gas by a mined transaction. */
async function gasCost(tx: { wait(): Promise<{ gasUsed: bigint; gasPrice: bigint } | null> }) {
  const r = await tx.wait();
  return (r?.gasUsed ?? 0n) * (r?.gasPrice ?? 0n);
}

describe("CreatorCoins", function () {
  describe("launchCoin", function () {
    it("launches one ERC-20 per verified profile, minted only by the market, with CoinLaunched", async function () {
      const { market, coin, aliceId, alice } = await loadFixture(deployCoins);
      expect(await coin.name()).to.equal("Alice Coin");
      expect(await coin.symbol()).to.equal("ALICE");
      expect(await coin.MARKET()).to.equal(await market.getAddress());
      expect(await coin.PROFILE_ID()).to.equal(aliceId);
      const info = await market.coinInfo(coin);
      expect(info.profileId).to.equal(aliceId);
      expect(info.paymentToken).to.equal(ZeroAddress);
      expect(info.creatorFeeBps).to.equal(CREATOR_FEE);
      expect([info.basePrice, info.slope, info.supply, info.reserve]).to.deep.equal([BASE, SLOPE, 0n, 0n]);
      await expect(coin.connect(alice).mint(alice.address, 1n))
        .to.be.revertedWithCustomError(coin, "CreatorCoinOnlyMarket")
        .withArgs(alice.address);
      await expect(coin.connect(alice).burn(alice.address, 0n))
        .to.be.revertedWithCustomError(coin, "CreatorCoinOnlyMarket")
        .withArgs(alice.address);
    });

    it("emits CoinLaunched with the curve", async function () {
      const { market, bob, bobId, usdc } = await loadFixture(deployCoins);
      await expect(market.connect(bob).launchCoin(bobId, "Bob", "BOB", usdc, 1n, 0n, 500n)).to.emit(
        market,
        "CoinLaunched",
      );
    });

    it("refuses another's profile, an unverified one, a second coin, a fee above 5 %, a flat curve", async function () {
      const { market, alice, bob, carol, aliceId, bobId, carolId, coin } = await loadFixture(deployCoins);
      await expect(market.connect(bob).launchCoin(aliceId, "x", "x", ZeroAddress, 1n, 1n, 0n))
        .to.be.revertedWithCustomError(market, "CoinNotProfileOwner")
        .withArgs(aliceId, bob.address);
      await expect(market.connect(carol).launchCoin(carolId, "x", "x", ZeroAddress, 1n, 1n, 0n))
        .to.be.revertedWithCustomError(market, "CoinProfileNotVerified")
        .withArgs(carolId);
      await expect(market.connect(alice).launchCoin(aliceId, "x", "x", ZeroAddress, 1n, 1n, 0n))
        .to.be.revertedWithCustomError(market, "CoinAlreadyLaunched")
        .withArgs(aliceId, await coin.getAddress());
      await expect(market.connect(bob).launchCoin(bobId, "x", "x", ZeroAddress, 1n, 1n, 501n))
        .to.be.revertedWithCustomError(market, "CreatorFeeTooHigh")
        .withArgs(501n, 500n);
      await expect(
        market.connect(bob).launchCoin(bobId, "x", "x", ZeroAddress, 0n, 0n, 0n),
      ).to.be.revertedWithCustomError(market, "CoinFlatCurve");
    });

    it("prices coins in ETH or the market's USDC only (CoinPaymentTokenNotAllowed)", async function () {
      const { market, bob, carol, bobId, usdc, deployer } = await loadFixture(deployCoins);
      expect(await market.usdc()).to.equal(await usdc.getAddress());
      const other = await new FeeOnTransferToken__factory(deployer).deploy(0n); // a plain ERC-20 at fee 0
      for (const token of [carol.address, await other.getAddress(), await market.getAddress()]) {
        await expect(market.connect(bob).launchCoin(bobId, "x", "x", token, 1n, 0n, 0n))
          .to.be.revertedWithCustomError(market, "CoinPaymentTokenNotAllowed")
          .withArgs(token, await usdc.getAddress());
      }
      await expect(market.connect(bob).launchCoin(bobId, "x", "x", usdc, 1n, 0n, 0n)).to.emit(market, "CoinLaunched");
    });

    it("refuses a USDC address without code at deployment (CoinInvalidPaymentToken)", async function () {
      const { profileNFT, accessManager, treasury, carol, deployer } = await loadFixture(deployCoins);
      const factory = new CreatorCoins__factory(deployer);
      await expect(factory.deploy(profileNFT, accessManager, treasury.address, PROTOCOL_FEE, carol.address))
        .to.be.revertedWithCustomError(factory, "CoinInvalidPaymentToken")
        .withArgs(carol.address);
    });

    it("refuses a profile whose verification a transfer cleared", async function () {
      const { market, profileNFT, bob, carol, bobId } = await loadFixture(deployCoins);
      await profileNFT.connect(bob).transferFrom(bob.address, carol.address, bobId);
      await expect(market.connect(carol).launchCoin(bobId, "x", "x", ZeroAddress, 1n, 1n, 0n))
        .to.be.revertedWithCustomError(market, "CoinProfileNotVerified")
        .withArgs(bobId);
    });
  });

  describe("buy and sell", function () {
    it("values the curve to the wei at supplies that are not whole coins: each term of R(s) rounded up", async function () {
      const { market, coin } = await loadFixture(deployCoins);
      const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
      const curve = (s: bigint) => ceilDiv(BASE * s, COIN) + ceilDiv(SLOPE * s * s, 2n * COIN * COIN);
      for (const s of [1n, COIN + 1n, (7n * COIN) / 3n, 123_456_789n * COIN + 987_654_321n]) {
        // Neither term divides exactly, so a wrong scale or a rounding direction shows in the last wei.
        expect((BASE * s) % COIN).to.not.equal(0n);
        expect(await market.curveValue(coin, s)).to.equal(curve(s));
      }
    });

    it("buys along the curve: cost = R(s+a) − R(s) plus fees, refunds extra ETH, credits the fees", async function () {
      const { market, coin, bob, alice } = await loadFixture(deployCoins);
      const amount = 10n * COIN;
      // R(10 coins) = 0.001·10 + 0.0001·100/2 = 0.015 ETH.
      const curve = BASE * 10n + (SLOPE * 100n) / 2n;
      const [cost, curveCost] = await market.quoteBuy(coin, amount);
      expect(curveCost).to.equal(curve);
      const creatorFee = (curve * CREATOR_FEE) / 10_000n;
      const protocolFee = (curve * PROTOCOL_FEE) / 10_000n;
      expect(cost).to.equal(curve + creatorFee + protocolFee);
      const before = await ethers.provider.getBalance(bob.address);
      const tx = await market.connect(bob).buy(coin, amount, cost, FAR, { value: cost + 12345n });
      await expect(tx)
        .to.emit(market, "CoinBought")
        .withArgs(coin, bob.address, amount, curve, creatorFee, protocolFee);
      expect(await ethers.provider.getBalance(bob.address)).to.equal(before - cost - (await gasCost(tx)));
      expect(await coin.balanceOf(bob.address)).to.equal(amount);
      expect((await market.coinInfo(coin)).reserve).to.equal(curve);
      expect(await market.creditOf(alice.address, ZeroAddress)).to.equal(creatorFee);
      expect(await market.protocolFees(ZeroAddress)).to.equal(protocolFee);
      expect(await ethers.provider.getBalance(market)).to.equal(cost);
    });

    it("sells back along the curve, fees deducted, and the reserve stays R(supply)", async function () {
      const { market, coin, alice, bob, carol } = await loadFixture(deployCoins);
      await buy(market, coin, bob, 10n * COIN);
      await buy(market, coin, carol, 5n * COIN);
      const [proceeds, curveProceeds] = await market.quoteSell(coin, 4n * COIN);
      expect(curveProceeds).to.equal(
        (await market.curveValue(coin, 15n * COIN)) - (await market.curveValue(coin, 11n * COIN)),
      );
      const creatorFee = (curveProceeds * CREATOR_FEE + 9_999n) / 10_000n;
      const protocolFee = (curveProceeds * PROTOCOL_FEE + 9_999n) / 10_000n;
      expect(proceeds).to.equal(curveProceeds - creatorFee - protocolFee);
      await expect(market.connect(bob).sell(coin, 4n * COIN, proceeds + 1n, FAR))
        .to.be.revertedWithCustomError(market, "CoinProceedsBelowMin")
        .withArgs(proceeds, proceeds + 1n);
      const before = await ethers.provider.getBalance(bob.address);
      const [creditBefore, protocolBefore] = [
        await market.creditOf(alice.address, ZeroAddress),
        await market.protocolFees(ZeroAddress),
      ];
      const tx = await market.connect(bob).sell(coin, 4n * COIN, proceeds, FAR);
      await expect(tx)
        .to.emit(market, "CoinSold")
        .withArgs(coin, bob.address, 4n * COIN, curveProceeds, creatorFee, protocolFee);
      expect(await ethers.provider.getBalance(bob.address)).to.equal(before + proceeds - (await gasCost(tx)));
      expect((await market.coinInfo(coin)).reserve).to.equal(await market.curveValue(coin, 11n * COIN));
      // A sale's fees are credited as a purchase's are: to the creator, and to the protocol.
      expect(await market.creditOf(alice.address, ZeroAddress)).to.equal(creditBefore + creatorFee);
      expect(await market.protocolFees(ZeroAddress)).to.equal(protocolBefore + protocolFee);
    });

    it("takes an exact ETH payment from a buyer that rejects ETH: no refund call when nothing is owed back", async function () {
      const { market, coin, bob } = await loadFixture(deployCoins);
      const trader = await new CoinTraderMock__factory(bob).deploy(market);
      await trader.setAcceptEth(false);
      const [cost] = await market.quoteBuy(coin, COIN);
      const buyCall = market.interface.encodeFunctionData("buy", [await coin.getAddress(), COIN, cost + 1n, FAR]);
      await expect(trader.act(buyCall, { value: cost + 1n }))
        .to.be.revertedWithCustomError(market, "CoinEthTransferFailed")
        .withArgs(await trader.getAddress(), 1n);
      await trader.act(buyCall, { value: cost });
      expect(await coin.balanceOf(trader)).to.equal(COIN);
    });

    it("is closed to re-entry from every ETH payment: a buy's refund, a sale's proceeds, fees withdrawn or collected", async function () {
      const { market, coin, profileNFT, alice, bob, treasurer, aliceId } = await loadFixture(deployCoins);
      const guard = market.interface.encodeErrorResult("ReentrancyGuardReentrantCall");
      const abi: Interface = market.interface; // the untyped view: one helper for every function's calldata
      const call = (name: string, args: unknown[]) => abi.encodeFunctionData(name, args);
      const sellOneWei = call("sell", [await coin.getAddress(), 1n, 0n, FAR]);
      const [cost] = await market.quoteBuy(coin, COIN);
      /** `trader` makes `outer`, and from the ETH it receives tries `inner`: the guard must refuse it. */
      async function refusedFrom(outer: () => Promise<unknown>, trader: CoinTraderMock, inner: string) {
        await trader.setReentry(inner);
        await outer();
        expect(await trader.reentered()).to.equal(false);
        expect(await trader.reentryError()).to.equal(guard);
      }
      const buyer = await new CoinTraderMock__factory(bob).deploy(market);
      const buyCall = call("buy", [await coin.getAddress(), COIN, cost + 1n, FAR]);
      await refusedFrom(() => buyer.act(buyCall, { value: cost + 1n }), buyer, sellOneWei); // the 1-wei refund
      const seller = await new CoinTraderMock__factory(bob).deploy(market);
      await seller.act(call("buy", [await coin.getAddress(), COIN, cost * 2n, FAR]), { value: cost * 2n });
      const sellHalf = call("sell", [await coin.getAddress(), COIN / 2n, 0n, FAR]);
      await refusedFrom(() => seller.act(sellHalf), seller, sellOneWei);
      // Outside a payment, the same 1-wei sale goes through: the guard, not the sale, refused it.
      await seller.act(sellOneWei);

      // The creator (alice's profile moved to a trader) withdrawing its fees, to itself or by withdrawTo.
      // Each holds coins, so that without the guard the re-entrant sale would go through.
      const holding = async (trader: CoinTraderMock) => {
        await trader.act(call("buy", [await coin.getAddress(), COIN, cost * 2n, FAR]), { value: cost * 2n });
        return trader;
      };
      const creator = await holding(await new CoinTraderMock__factory(alice).deploy(market));
      await profileNFT.connect(alice).transferFrom(alice.address, creator, aliceId);
      await buy(market, coin, bob, COIN);
      await refusedFrom(() => creator.act(call("withdraw", [ZeroAddress])), creator, sellOneWei);
      await buy(market, coin, bob, COIN);
      const withdrawTo = call("withdrawTo", [ZeroAddress, await creator.getAddress()]);
      await refusedFrom(() => creator.act(withdrawTo), creator, sellOneWei);
      // The treasury collecting the protocol's fees.
      const treasury = await holding(await new CoinTraderMock__factory(alice).deploy(market));
      await market.connect(treasurer).setTreasury(treasury);
      await refusedFrom(() => market.collectProtocolFees(ZeroAddress), treasury, sellOneWei);
    });

    it("rounds every fee up, buying and selling, at amounts where no fee divides exactly", async function () {
      const { market, coin, alice, bob } = await loadFixture(deployCoins);
      const ceilFee = (amount: bigint, bps: bigint) => (amount * bps + 9_999n) / 10_000n;
      const amount = COIN / 3n;
      const [cost, curveCost] = await market.quoteBuy(coin, amount);
      for (const bps of [CREATOR_FEE, PROTOCOL_FEE]) expect((curveCost * bps) % 10_000n).to.not.equal(0n);
      const [creatorFee, protocolFee] = [ceilFee(curveCost, CREATOR_FEE), ceilFee(curveCost, PROTOCOL_FEE)];
      expect(cost).to.equal(curveCost + creatorFee + protocolFee);
      await expect(market.connect(bob).buy(coin, amount, cost, FAR, { value: cost }))
        .to.emit(market, "CoinBought")
        .withArgs(coin, bob.address, amount, curveCost, creatorFee, protocolFee);

      const sold = amount / 7n;
      const [proceeds, curveProceeds] = await market.quoteSell(coin, sold);
      for (const bps of [CREATOR_FEE, PROTOCOL_FEE]) expect((curveProceeds * bps) % 10_000n).to.not.equal(0n);
      const [sellCreatorFee, sellProtocolFee] = [
        ceilFee(curveProceeds, CREATOR_FEE),
        ceilFee(curveProceeds, PROTOCOL_FEE),
      ];
      expect(proceeds).to.equal(curveProceeds - sellCreatorFee - sellProtocolFee);
      await expect(market.connect(bob).sell(coin, sold, proceeds, FAR))
        .to.emit(market, "CoinSold")
        .withArgs(coin, bob.address, sold, curveProceeds, sellCreatorFee, sellProtocolFee);
      expect(await market.creditOf(alice.address, ZeroAddress)).to.equal(creatorFee + sellCreatorFee);
    });

    it("pays USDC coins in USDC and refuses ETH with them", async function () {
      const { market, usdcCoin, usdc, carol, bob } = await loadFixture(deployWithUsdcCoin);
      const [cost, curveCost] = await market.quoteBuy(usdcCoin, 3n * COIN);
      expect(curveCost).to.equal(3n * 10n ** 6n + (10n ** 5n * 9n) / 2n);
      await usdc.connect(carol).approve(market, cost);
      await expect(market.connect(carol).buy(usdcCoin, 3n * COIN, cost, FAR, { value: 1n }))
        .to.be.revertedWithCustomError(market, "CoinUnexpectedEth")
        .withArgs(1n);
      const before = await usdc.balanceOf(carol.address);
      await market.connect(carol).buy(usdcCoin, 3n * COIN, cost, FAR);
      expect(await usdc.balanceOf(carol.address)).to.equal(before - cost);
      const [proceeds] = await market.quoteSell(usdcCoin, 3n * COIN);
      await market.connect(carol).sell(usdcCoin, 3n * COIN, proceeds, FAR);
      expect(await usdc.balanceOf(carol.address)).to.equal(before - cost + proceeds);
      expect(await market.creditOf(bob.address, usdc)).to.be.greaterThan(0n);
      expect((await market.coinInfo(usdcCoin)).reserve).to.equal(0n);
    });

    it("refuses a fee-on-transfer payment token's short delivery", async function () {
      const { profileNFT, accessManager, treasury, bob, bobId, deployer } = await loadFixture(deployCoins);
      // A market whose "USDC" takes a fee on transfer: the exact-delivery check still holds.
      const fot = await new FeeOnTransferToken__factory(deployer).deploy(100n);
      const market = await new CreatorCoins__factory(deployer).deploy(
        profileNFT,
        accessManager,
        treasury.address,
        PROTOCOL_FEE,
        fot,
      );
      await market.connect(bob).launchCoin(bobId, "Bob", "BOB", fot, 10n ** 6n, 0n, 0n);
      const coin = await market.coinOf(bobId);
      await fot.mint(bob.address, 10n ** 9n);
      await fot.connect(bob).approve(market, 10n ** 9n);
      const [cost] = await market.quoteBuy(coin, COIN);
      await expect(market.connect(bob).buy(coin, COIN, cost, FAR)).to.be.revertedWithCustomError(
        market,
        "TransferAmountMismatch",
      );
    });

    it("reverts with the trade's mistake: deadline, zero, bounds, payment, supply, unknown coin", async function () {
      const { market, coin, bob, carol } = await loadFixture(deployCoins);
      const [cost] = await market.quoteBuy(coin, COIN);
      const now = BigInt(await time.latest());
      await time.setNextBlockTimestamp(now + 10n);
      await expect(market.connect(bob).buy(coin, COIN, cost, now + 9n, { value: cost }))
        .to.be.revertedWithCustomError(market, "CoinDeadlinePassed")
        .withArgs(now + 9n, now + 10n);
      // The deadline second itself is accepted.
      await time.setNextBlockTimestamp(now + 20n);
      await market.connect(bob).buy(coin, COIN, cost, now + 20n, { value: cost });
      await expect(market.connect(bob).buy(coin, 0n, 0n, FAR)).to.be.revertedWithCustomError(market, "CoinZeroAmount");
      await expect(market.connect(bob).sell(coin, 0n, 0n, FAR)).to.be.revertedWithCustomError(market, "CoinZeroAmount");
      const [next] = await market.quoteBuy(coin, COIN);
      await expect(market.connect(bob).buy(coin, COIN, next - 1n, FAR, { value: next }))
        .to.be.revertedWithCustomError(market, "CoinCostAboveMax")
        .withArgs(next, next - 1n);
      await expect(market.connect(bob).buy(coin, COIN, next, FAR, { value: next - 1n }))
        .to.be.revertedWithCustomError(market, "CoinInsufficientPayment")
        .withArgs(next, next - 1n);
      const max = await market.MAX_SUPPLY();
      await expect(market.connect(bob).buy(coin, max, 0n, FAR))
        .to.be.revertedWithCustomError(market, "CoinSupplyCapExceeded")
        .withArgs(max + COIN, max);
      await expect(market.connect(bob).sell(coin, 2n * COIN, 0n, FAR))
        .to.be.revertedWithCustomError(market, "CoinSellExceedsSupply")
        .withArgs(2n * COIN, COIN);
      // carol holds none of the supply bob bought: she cannot sell it.
      await expect(market.connect(carol).sell(coin, COIN, 0n, FAR)).to.be.revertedWithCustomError(
        coin,
        "ERC20InsufficientBalance",
      );
      await expect(market.connect(bob).buy(carol.address, COIN, 0n, FAR))
        .to.be.revertedWithCustomError(market, "UnknownCoin")
        .withArgs(carol.address);
      await expect(market.quoteSell(coin, 2n * COIN)).to.be.revertedWithCustomError(market, "CoinSellExceedsSupply");
      await expect(market.quoteBuy(coin, max)).to.be.revertedWithCustomError(market, "CoinSupplyCapExceeded");
      await expect(market.curveValue(coin, max + 1n)).to.be.revertedWithCustomError(market, "CoinSupplyCapExceeded");
      // The cap itself is reachable: one billion coins (ICreatorCoins), valued and quoted up to the last wei.
      expect(max).to.equal(1_000_000_000n * COIN);
      const supply = (await market.coinInfo(coin)).supply;
      expect(await market.curveValue(coin, max)).to.equal(
        (BASE * max + COIN - 1n) / COIN + (SLOPE * max * max + 2n * COIN * COIN - 1n) / (2n * COIN * COIN),
      );
      const [, curveCost] = await market.quoteBuy(coin, max - supply);
      expect(curveCost).to.equal((await market.curveValue(coin, max)) - (await market.curveValue(coin, supply)));
    });

    it("never lets the sell fees exceed a dust sell's proceeds", async function () {
      const { market, coin, bob } = await loadFixture(deployCoins);
      await buy(market, coin, bob, COIN);
      const [proceeds, curveProceeds] = await market.quoteSell(coin, 1n);
      expect(curveProceeds).to.be.lessThanOrEqual(2n);
      expect(proceeds).to.equal(0n);
      await market.connect(bob).sell(coin, 1n, 0n, FAR);
      expect((await market.coinInfo(coin)).reserve).to.equal(await market.curveValue(coin, COIN - 1n));
    });
  });

  describe("fees and withdrawals", function () {
    it("credits the creator fee to whoever owns the profile at the trade, paid by pull", async function () {
      const { market, coin, profileNFT, alice, bob, carol, aliceId } = await loadFixture(deployCoins);
      await buy(market, coin, bob, COIN);
      const aliceCredit = await market.creditOf(alice.address, ZeroAddress);
      await profileNFT.connect(alice).transferFrom(alice.address, carol.address, aliceId);
      await buy(market, coin, bob, COIN);
      expect(await market.creditOf(alice.address, ZeroAddress)).to.equal(aliceCredit);
      expect(await market.creditOf(carol.address, ZeroAddress)).to.be.greaterThan(0n);
      const before = await ethers.provider.getBalance(alice.address);
      const tx = await market.connect(alice).withdraw(ZeroAddress);
      await expect(tx)
        .to.emit(market, "CoinCreditWithdrawn")
        .withArgs(alice.address, ZeroAddress, alice.address, aliceCredit);
      expect(await ethers.provider.getBalance(alice.address)).to.equal(before + aliceCredit - (await gasCost(tx)));
      await expect(market.connect(alice).withdraw(ZeroAddress))
        .to.be.revertedWithCustomError(market, "CoinNothingToWithdraw")
        .withArgs(alice.address, ZeroAddress);
    });

    it("a creator whose address rejects ETH withdraws its fees elsewhere (withdrawTo); nobody else can move them", async function () {
      const { market, coin, profileNFT, alice, bob, carol, outsider, aliceId } = await loadFixture(deployCoins);
      // Alice's profile, and with it her coin's creator fees, passes to a contract without `receive`.
      const actor = await new SocialActorMock__factory(alice).deploy(ZeroAddress);
      await profileNFT.connect(alice).transferFrom(alice.address, actor, aliceId);
      await buy(market, coin, bob, COIN);
      const credit = await market.creditOf(actor, ZeroAddress);
      expect(credit).to.be.greaterThan(0n);
      await expect(actor.withdrawCoinFees(market, ZeroAddress))
        .to.be.revertedWithCustomError(market, "CoinEthTransferFailed")
        .withArgs(await actor.getAddress(), credit);
      await expect(actor.withdrawCoinFeesTo(market, ZeroAddress, ZeroAddress)).to.be.revertedWithCustomError(
        market,
        "CoinZeroRecipient",
      );
      // A third party naming itself as recipient withdraws only its own (empty) credit.
      await expect(market.connect(outsider).withdrawTo(ZeroAddress, outsider.address))
        .to.be.revertedWithCustomError(market, "CoinNothingToWithdraw")
        .withArgs(outsider.address, ZeroAddress);
      const tx = actor.withdrawCoinFeesTo(market, ZeroAddress, carol.address);
      await expect(tx)
        .to.emit(market, "CoinCreditWithdrawn")
        .withArgs(await actor.getAddress(), ZeroAddress, carol.address, credit);
      await expect(tx).to.changeEtherBalances([carol, market], [credit, -credit]);
      expect(await market.creditOf(actor, ZeroAddress)).to.equal(0n);
    });

    it("sends protocol fees to the treasury; only TREASURY sets the fee (≤ 1 %) and a non-zero treasury", async function () {
      const { market, coin, bob, treasury, treasurer, outsider } = await loadFixture(deployCoins);
      await buy(market, coin, bob, COIN);
      const fees = await market.protocolFees(ZeroAddress);
      const before = await ethers.provider.getBalance(treasury.address);
      await expect(market.connect(outsider).collectProtocolFees(ZeroAddress))
        .to.emit(market, "CoinProtocolFeesCollected")
        .withArgs(ZeroAddress, treasury.address, fees);
      expect(await ethers.provider.getBalance(treasury.address)).to.equal(before + fees);
      await expect(market.collectProtocolFees(ZeroAddress))
        .to.be.revertedWithCustomError(market, "CoinNothingToWithdraw")
        .withArgs(await market.getAddress(), ZeroAddress);
      await expect(market.connect(outsider).setProtocolFee(0))
        .to.be.revertedWithCustomError(market, "AccessManagedUnauthorized")
        .withArgs(outsider.address);
      await expect(market.connect(outsider).setTreasury(outsider.address))
        .to.be.revertedWithCustomError(market, "AccessManagedUnauthorized")
        .withArgs(outsider.address);
      await expect(market.connect(treasurer).setProtocolFee(101))
        .to.be.revertedWithCustomError(market, "CoinProtocolFeeTooHigh")
        .withArgs(101n, 100n);
      await expect(market.connect(treasurer).setProtocolFee(0))
        .to.emit(market, "CoinProtocolFeeSet")
        .withArgs(100n, 0n);
      expect(await market.protocolFeeBps()).to.equal(0n);
      await expect(market.connect(treasurer).setTreasury(ZeroAddress)).to.be.revertedWithCustomError(
        market,
        "CoinZeroTreasury",
      );
      await expect(market.connect(treasurer).setTreasury(outsider.address))
        .to.emit(market, "CoinTreasurySet")
        .withArgs(treasury.address, outsider.address);
      expect(await market.treasury()).to.equal(outsider.address);
    });

    it("reverts CoinEthTransferFailed when the recipient rejects ETH, keeping the fees", async function () {
      const { market, coin, bob, treasurer } = await loadFixture(deployCoins);
      await buy(market, coin, bob, COIN);
      const fees = await market.protocolFees(ZeroAddress);
      // A contract without receive(): the coin itself.
      await market.connect(treasurer).setTreasury(coin);
      await expect(market.collectProtocolFees(ZeroAddress))
        .to.be.revertedWithCustomError(market, "CoinEthTransferFailed")
        .withArgs(await coin.getAddress(), fees);
      expect(await market.protocolFees(ZeroAddress)).to.equal(fees);
    });

    it("lets a creator price passes in the creator's own coin", async function () {
      const { market, coin, creatorPasses, alice, bob, aliceId } = await loadFixture(deployCoins);
      await buy(market, coin, bob, 3n * COIN);
      await creatorPasses.connect(alice).createPass(aliceId, 2n * COIN, coin, 10n, 0n);
      const passId = await creatorPasses.passCount();
      await coin.connect(bob).approve(creatorPasses, 2n * COIN);
      await creatorPasses.connect(bob).buy(passId, 1n, 2n * COIN);
      expect(await creatorPasses.hasPass(bob.address, passId)).to.be.true;
      expect(await coin.balanceOf(bob.address)).to.equal(COIN);
      expect(await creatorPasses.creditOf(alice.address, coin)).to.be.greaterThan(0n);
    });
  });

  describe("properties", function () {
    const curveArb = fc.record({
      base: fc.bigInt({ min: 0n, max: 10n ** 18n }),
      slope: fc.bigInt({ min: 1n, max: 10n ** 18n }),
      creatorFee: fc.bigInt({ min: 0n, max: 500n }),
    });

    /** A fresh ETH coin of bob with the given curve (on top of the fixture). */
    async function launch(curve: { base: bigint; slope: bigint; creatorFee: bigint }) {
      const f = await loadFixture(deployCoins);
      await f.market
        .connect(f.bob)
        .launchCoin(f.bobId, "B", "B", ZeroAddress, curve.base, curve.slope, curve.creatorFee);
      return { ...f, coin: CreatorCoin__factory.connect(await f.market.coinOf(f.bobId), f.bob) };
    }

    async function expectReserveCovers(market: CreatorCoins, coin: CreatorCoin) {
      const info = await market.coinInfo(coin);
      expect(info.supply).to.equal(await coin.totalSupply());
      expect(info.reserve).to.equal(await market.curveValue(coin, info.supply));
      if (info.supply > 0n)
        expect(info.reserve).to.be.greaterThanOrEqual((await market.quoteSell(coin, info.supply))[1]);
    }

    it("buying then selling never profits, and the reserve always covers selling the whole supply", async function () {
      await assertProperty(
        fc.asyncProperty(
          curveArb,
          fc.bigInt({ min: 0n, max: 50n * COIN }),
          fc.bigInt({ min: 1n, max: 50n * COIN }),
          async (curve, earlier, amount) => {
            const { market, coin, carol, outsider } = await launch(curve);
            if (earlier > 0n) await buy(market, coin, outsider, earlier);
            await expectReserveCovers(market, coin);
            const paid = await buy(market, coin, carol, amount);
            await expectReserveCovers(market, coin);
            const [proceeds] = await market.quoteSell(coin, amount);
            await market.connect(carol).sell(coin, amount, proceeds, FAR);
            expect(proceeds).to.be.lessThanOrEqual(paid);
            await expectReserveCovers(market, coin);
            // The reserve, credits and fees are all in the contract.
            const info = await market.coinInfo(coin);
            expect(await ethers.provider.getBalance(market)).to.be.greaterThanOrEqual(info.reserve);
          },
        ),
        propertySettings("creator coin round trip", 12),
      );
    });

    it("holds the buyer's and seller's slippage bounds under a sandwich by another account", async function () {
      await assertProperty(
        fc.asyncProperty(
          curveArb,
          fc.bigInt({ min: 1n, max: 20n * COIN }),
          fc.bigInt({ min: 1n, max: 20n * COIN }),
          async (curve, victimAmount, attackAmount) => {
            const { market, coin, carol, outsider } = await launch(curve);
            const [quoted] = await market.quoteBuy(coin, victimAmount);
            await buy(market, coin, outsider, attackAmount); // front-run
            const [now] = await market.quoteBuy(coin, victimAmount);
            const attempt = market.connect(carol).buy(coin, victimAmount, quoted, FAR, { value: now });
            if (now > quoted) await expect(attempt).to.be.revertedWithCustomError(market, "CoinCostAboveMax");
            else await attempt;
            // A seller's bound, with the attacker selling first.
            if ((await coin.balanceOf(carol.address)) === 0n) await buy(market, coin, carol, victimAmount);
            const [sellQuote] = await market.quoteSell(coin, victimAmount);
            await market.connect(outsider).sell(coin, attackAmount, 0n, FAR);
            const [sellNow] = await market.quoteSell(coin, victimAmount);
            const sold = market.connect(carol).sell(coin, victimAmount, sellQuote, FAR);
            if (sellNow < sellQuote) await expect(sold).to.be.revertedWithCustomError(market, "CoinProceedsBelowMin");
            else await sold;
            await expectReserveCovers(market, coin);
          },
        ),
        propertySettings("creator coin sandwich", 10),
      );
    });
  });

  describe("gas", function () {
    it(`buy ≤ ${BUY_BUDGET} and sell ≤ ${SELL_BUDGET} for a second trader @gas`, async function () {
      const { market, coin, bob, carol } = await loadFixture(deployCoins);
      await buy(market, coin, bob, COIN); // the first trade creates the fee slots
      const [cost] = await market.quoteBuy(coin, COIN);
      const bought = await (await market.connect(carol).buy(coin, COIN, cost, FAR, { value: cost })).wait();
      const [proceeds] = await market.quoteSell(coin, COIN);
      const sold = await (await market.connect(carol).sell(coin, COIN, proceeds, FAR)).wait();
      expect(bought?.gasUsed).to.be.lessThanOrEqual(BUY_BUDGET);
      expect(sold?.gasUsed).to.be.lessThanOrEqual(SELL_BUDGET);
    });
  });
});
