import { expect } from "chai";
import { ethers, ignition } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import fc from "fast-check";

import { typed } from "../../scripts/lib/contracts";
import { handleToTokenId } from "../../scripts/lib/social";
import {
  CoinTraderMock__factory,
  CreatorPasses__factory,
  FeeOnTransferToken__factory,
  ReentrantToken__factory,
  SocialActorMock__factory,
  type CoinTraderMock,
} from "../../typechain-types";
import { PROTOCOL_FEE_BPS, deploySocial, metadata, mintProfile } from "./fixtures";

const PRICE = ethers.parseEther("0.01");
const USDC_PRICE = 5_000000n;
const ZERO = ethers.ZeroAddress;

const ActorsModule = buildModule("SocialActors", (m) => {
  const passes = m.getParameter<string>("passes");
  const creatorActor = m.contract("SocialActorMock", [passes], { id: "CreatorActor" });
  const buyerActor = m.contract("SocialActorMock", [passes], { id: "BuyerActor" });
  const feeToken = m.contract("FeeOnTransferToken", [100n]); // 1% burnt per transfer
  return { creatorActor, buyerActor, feeToken };
});

/** The protocol fee on `total` at `feeBps`, rounded up as the contract does. */
function feeOf(total: bigint, feeBps: bigint = PROTOCOL_FEE_BPS): bigint {
  return (total * feeBps + 9_999n) / 10_000n;
}

/** Alice owns "alice" with an ETH pass (id 1, 3 for sale, 5% royalty) and a USDC pass (id 2, 100 for sale). */
async function deployWithPasses() {
  const fixture = await loadFixture(deploySocial);
  const { profileNFT, creatorPasses, alice, bob, usdc } = fixture;
  const profileId = await mintProfile(profileNFT, alice, "alice");
  await creatorPasses.connect(alice).createPass(profileId, PRICE, ZERO, 3, 500);
  await creatorPasses.connect(alice).createPass(profileId, USDC_PRICE, await usdc.getAddress(), 100, 0);
  await usdc.mint(bob.address, 1_000_000000n);
  await usdc.connect(bob).approve(await creatorPasses.getAddress(), ethers.MaxUint256);
  const actors = await ignition.deploy(ActorsModule, {
    parameters: { SocialActors: { passes: await creatorPasses.getAddress() } },
  });
  return {
    ...fixture,
    profileId,
    ethPass: 1n,
    usdcPass: 2n,
    creatorActor: await typed(SocialActorMock__factory, actors.creatorActor),
    buyerActor: await typed(SocialActorMock__factory, actors.buyerActor),
    feeToken: await typed(FeeOnTransferToken__factory, actors.feeToken),
  };
}

describe("CreatorPasses.createPass", function () {
  it("creates sequential pass tiers for the profile's owner and emits PassCreated", async function () {
    const { creatorPasses, profileNFT, alice } = await loadFixture(deploySocial);
    const profileId = await mintProfile(profileNFT, alice, "alice");
    await expect(creatorPasses.connect(alice).createPass(profileId, PRICE, ZERO, 10, 1_000))
      .to.emit(creatorPasses, "PassCreated")
      .withArgs(1n, profileId, alice.address, [profileId, ZERO, 10n, 0n, PRICE, 1_000n]);
    expect(await creatorPasses.passCount()).to.equal(1n);
    const pass = await creatorPasses.passOf(1n);
    expect([pass.profileId, pass.price, pass.maxSupply, pass.royaltyBps]).to.deep.equal([
      profileId,
      PRICE,
      10n,
      1_000n,
    ]);
  });

  it("reverts RoyaltyTooHigh above 10% (1,000 bps)", async function () {
    const { creatorPasses, profileNFT, alice } = await loadFixture(deploySocial);
    const profileId = await mintProfile(profileNFT, alice, "alice");
    await expect(creatorPasses.connect(alice).createPass(profileId, PRICE, ZERO, 10, 1_001))
      .to.be.revertedWithCustomError(creatorPasses, "RoyaltyTooHigh")
      .withArgs(1_001n, 1_000n);
  });

  it("reverts NotProfileOwner for anyone but the profile's owner", async function () {
    const { creatorPasses, profileNFT, alice, bob } = await loadFixture(deploySocial);
    const profileId = await mintProfile(profileNFT, alice, "alice");
    await expect(creatorPasses.connect(bob).createPass(profileId, PRICE, ZERO, 10, 0))
      .to.be.revertedWithCustomError(creatorPasses, "NotProfileOwner")
      .withArgs(profileId, bob.address);
  });

  it("reverts ERC721NonexistentToken for an unminted profile", async function () {
    const { creatorPasses, profileNFT, alice } = await loadFixture(deploySocial);
    const profileId = handleToTokenId("nobody");
    await expect(creatorPasses.connect(alice).createPass(profileId, PRICE, ZERO, 10, 0))
      .to.be.revertedWithCustomError(profileNFT, "ERC721NonexistentToken")
      .withArgs(profileId);
  });

  it("reverts ZeroMaxSupply for a tier of zero passes", async function () {
    const { creatorPasses, profileNFT, alice } = await loadFixture(deploySocial);
    const profileId = await mintProfile(profileNFT, alice, "alice");
    await expect(creatorPasses.connect(alice).createPass(profileId, PRICE, ZERO, 0, 0)).to.be.revertedWithCustomError(
      creatorPasses,
      "ZeroMaxSupply",
    );
  });

  it("reverts InvalidPaymentToken for a payment token without code", async function () {
    const { creatorPasses, profileNFT, alice, outsider } = await loadFixture(deploySocial);
    const profileId = await mintProfile(profileNFT, alice, "alice");
    await expect(creatorPasses.connect(alice).createPass(profileId, PRICE, outsider.address, 10, 0))
      .to.be.revertedWithCustomError(creatorPasses, "InvalidPaymentToken")
      .withArgs(outsider.address);
  });
});

describe("CreatorPasses.buy", function () {
  it("mints passes for ETH and credits the creator and the protocol exactly", async function () {
    const { creatorPasses, alice, bob, ethPass } = await loadFixture(deployWithPasses);
    const total = PRICE * 2n;
    const fee = feeOf(total);
    const purchase = creatorPasses.connect(bob).buy(ethPass, 2, total, { value: total });
    await expect(purchase)
      .to.emit(creatorPasses, "PassPurchased")
      .withArgs(ethPass, bob.address, alice.address, 2n, total, fee);
    await expect(purchase).to.changeEtherBalances([bob, creatorPasses], [-total, total]);
    expect(await creatorPasses.balanceOf(bob.address, ethPass)).to.equal(2n);
    expect(await creatorPasses.hasPass(bob.address, ethPass)).to.be.true;
    expect(await creatorPasses.creditOf(alice.address, ZERO)).to.equal(total - fee);
    expect(await creatorPasses.protocolFees(ZERO)).to.equal(fee);
    expect((await creatorPasses.passOf(ethPass)).sold).to.equal(2n);
  });

  it("refunds ETH sent above the total price", async function () {
    const { creatorPasses, bob, ethPass } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(bob).buy(ethPass, 1, PRICE * 5n, { value: PRICE * 5n })).to.changeEtherBalances(
      [bob, creatorPasses],
      [-PRICE, PRICE],
    );
  });

  it("reverts TotalPriceAboveMax when the total exceeds the buyer's maxTotalPrice", async function () {
    const { creatorPasses, bob, ethPass } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(bob).buy(ethPass, 2, PRICE * 2n - 1n, { value: PRICE * 2n }))
      .to.be.revertedWithCustomError(creatorPasses, "TotalPriceAboveMax")
      .withArgs(PRICE * 2n, PRICE * 2n - 1n);
  });

  it("reverts InsufficientPayment when the ETH sent is below the total", async function () {
    const { creatorPasses, bob, ethPass } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(bob).buy(ethPass, 1, PRICE, { value: PRICE - 1n }))
      .to.be.revertedWithCustomError(creatorPasses, "InsufficientPayment")
      .withArgs(PRICE, PRICE - 1n);
  });

  it("sells a tier out exactly, then reverts SoldOut", async function () {
    const { creatorPasses, bob, carol, ethPass } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(bob).buy(ethPass, 4, PRICE * 4n, { value: PRICE * 4n }))
      .to.be.revertedWithCustomError(creatorPasses, "SoldOut")
      .withArgs(ethPass, 3n, 4n);
    await creatorPasses.connect(bob).buy(ethPass, 3, PRICE * 3n, { value: PRICE * 3n });
    await expect(creatorPasses.connect(carol).buy(ethPass, 1, PRICE, { value: PRICE }))
      .to.be.revertedWithCustomError(creatorPasses, "SoldOut")
      .withArgs(ethPass, 0n, 1n);
  });

  it("reverts ZeroQuantity for zero passes", async function () {
    const { creatorPasses, bob, ethPass } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(bob).buy(ethPass, 0, 0)).to.be.revertedWithCustomError(
      creatorPasses,
      "ZeroQuantity",
    );
  });

  it("reverts PassNotFound for a pass that was never created", async function () {
    const { creatorPasses, bob } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(bob).buy(99n, 1, PRICE, { value: PRICE }))
      .to.be.revertedWithCustomError(creatorPasses, "PassNotFound")
      .withArgs(99n);
  });

  it("takes exactly the total in the ERC-20 and credits creator and protocol", async function () {
    const { creatorPasses, usdc, alice, bob, usdcPass } = await loadFixture(deployWithPasses);
    const total = USDC_PRICE * 3n;
    const fee = feeOf(total);
    await expect(creatorPasses.connect(bob).buy(usdcPass, 3, total)).to.changeTokenBalances(
      usdc,
      [bob, creatorPasses],
      [-total, total],
    );
    expect(await creatorPasses.creditOf(alice.address, await usdc.getAddress())).to.equal(total - fee);
    expect(await creatorPasses.protocolFees(await usdc.getAddress())).to.equal(fee);
  });

  it("reverts UnexpectedEth when ETH comes with an ERC-20 purchase", async function () {
    const { creatorPasses, bob, usdcPass } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(bob).buy(usdcPass, 1, USDC_PRICE, { value: 1n }))
      .to.be.revertedWithCustomError(creatorPasses, "UnexpectedEth")
      .withArgs(1n);
  });

  it("reverts ERC20InsufficientAllowance when the buyer has not approved the total", async function () {
    const { creatorPasses, usdc, carol, usdcPass } = await loadFixture(deployWithPasses);
    await usdc.mint(carol.address, USDC_PRICE);
    await expect(creatorPasses.connect(carol).buy(usdcPass, 1, USDC_PRICE))
      .to.be.revertedWithCustomError(usdc, "ERC20InsufficientAllowance")
      .withArgs(await creatorPasses.getAddress(), 0n, USDC_PRICE);
  });

  it("reverts TransferAmountMismatch for a fee-on-transfer token", async function () {
    const { creatorPasses, alice, bob, profileId, feeToken } = await loadFixture(deployWithPasses);
    await creatorPasses.connect(alice).createPass(profileId, 1_000n, await feeToken.getAddress(), 10, 0);
    await feeToken.mint(bob.address, 1_000n);
    await feeToken.connect(bob).approve(await creatorPasses.getAddress(), 1_000n);
    await expect(creatorPasses.connect(bob).buy(3n, 1, 1_000n))
      .to.be.revertedWithCustomError(creatorPasses, "TransferAmountMismatch")
      .withArgs(1_000n, 990n);
  });

  it("splits every payment into creator credit + protocol fee = price paid, the fee rounded up (property)", async function () {
    const { creatorPasses, treasurer, profileNFT, alice, bob } = await loadFixture(deployWithPasses);
    const profileId = await mintProfile(profileNFT, alice, "fees");
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 1_000 }),
        async (price, quantity, feeBps) => {
          await creatorPasses.connect(treasurer).setProtocolFee(feeBps);
          await creatorPasses.connect(alice).createPass(profileId, price, ZERO, quantity, 0);
          const passId = await creatorPasses.passCount();
          const creditBefore = await creatorPasses.creditOf(alice.address, ZERO);
          const feesBefore = await creatorPasses.protocolFees(ZERO);
          const total = price * BigInt(quantity);
          await creatorPasses.connect(bob).buy(passId, quantity, total, { value: total });
          const credit = (await creatorPasses.creditOf(alice.address, ZERO)) - creditBefore;
          const fee = (await creatorPasses.protocolFees(ZERO)) - feesBefore;
          expect(credit + fee).to.equal(total);
          expect(fee).to.equal(feeOf(total, BigInt(feeBps)));
        },
      ),
      { numRuns: 25 },
    );
  });

  it("credits whoever owns the profile at sale time: revenue follows a profile transfer", async function () {
    const { creatorPasses, profileNFT, alice, bob, carol, profileId, ethPass } = await loadFixture(deployWithPasses);
    await creatorPasses.connect(bob).buy(ethPass, 1, PRICE, { value: PRICE });
    await profileNFT.connect(alice).transferFrom(alice.address, carol.address, profileId);
    await expect(creatorPasses.connect(bob).buy(ethPass, 1, PRICE, { value: PRICE }))
      .to.emit(creatorPasses, "PassPurchased")
      .withArgs(ethPass, bob.address, carol.address, 1n, PRICE, feeOf(PRICE));
    expect(await creatorPasses.creditOf(alice.address, ZERO)).to.equal(PRICE - feeOf(PRICE));
    expect(await creatorPasses.creditOf(carol.address, ZERO)).to.equal(PRICE - feeOf(PRICE));
  });

  it("is not blocked by a creator whose address rejects ETH, who withdraws elsewhere", async function () {
    const { creatorPasses, profileNFT, bob, carol, creatorActor } = await loadFixture(deployWithPasses);
    const profileId = await creatorActor.mintProfile.staticCall(await profileNFT.getAddress(), "rejector", metadata());
    await creatorActor.mintProfile(await profileNFT.getAddress(), "rejector", metadata());
    await creatorActor.createPass(profileId, PRICE, 10);
    const passId = await creatorPasses.passCount();
    await creatorPasses.connect(bob).buy(passId, 1, PRICE, { value: PRICE });
    expect(await creatorPasses.hasPass(bob.address, passId)).to.be.true;

    const credit = PRICE - feeOf(PRICE);
    await expect(creatorActor.withdraw())
      .to.be.revertedWithCustomError(creatorPasses, "EthTransferFailed")
      .withArgs(await creatorActor.getAddress(), credit);
    await expect(creatorActor.withdrawTo(carol.address)).to.changeEtherBalance(carol, credit);
  });

  it("reverts EthTransferFailed when a buyer that rejects ETH overpays", async function () {
    const { creatorPasses, buyerActor, ethPass } = await loadFixture(deployWithPasses);
    // The actor sends its whole value as maxTotalPrice; the excess refund to it fails.
    await expect(buyerActor.buy(ethPass, false, { value: PRICE * 2n }))
      .to.be.revertedWithCustomError(creatorPasses, "EthTransferFailed")
      .withArgs(await buyerActor.getAddress(), PRICE);
  });

  it("reverts ReentrancyGuardReentrantCall when the pass receiver re-enters buy", async function () {
    const { creatorPasses, buyerActor, ethPass } = await loadFixture(deployWithPasses);
    await expect(buyerActor.buy(ethPass, true, { value: PRICE })).to.be.revertedWithCustomError(
      creatorPasses,
      "ReentrancyGuardReentrantCall",
    );
    await buyerActor.buy(ethPass, false, { value: PRICE });
    expect(await creatorPasses.hasPass(await buyerActor.getAddress(), ethPass)).to.be.true;
  });
});

describe("CreatorPasses withdrawals", function () {
  it("pay the creator's whole ETH credit once", async function () {
    const { creatorPasses, alice, bob, ethPass } = await loadFixture(deployWithPasses);
    await creatorPasses.connect(bob).buy(ethPass, 2, PRICE * 2n, { value: PRICE * 2n });
    const credit = PRICE * 2n - feeOf(PRICE * 2n);
    const withdrawal = creatorPasses.connect(alice)["withdraw()"]();
    await expect(withdrawal).to.emit(creatorPasses, "Withdrawn").withArgs(alice.address, ZERO, alice.address, credit);
    await expect(withdrawal).to.changeEtherBalances([alice, creatorPasses], [credit, -credit]);
    await expect(creatorPasses.connect(alice)["withdraw()"]())
      .to.be.revertedWithCustomError(creatorPasses, "NothingToWithdraw")
      .withArgs(alice.address, ZERO);
  });

  it("pay the creator's ERC-20 credit with withdraw(token)", async function () {
    const { creatorPasses, usdc, alice, bob, usdcPass } = await loadFixture(deployWithPasses);
    await creatorPasses.connect(bob).buy(usdcPass, 1, USDC_PRICE);
    const credit = USDC_PRICE - feeOf(USDC_PRICE);
    await expect(creatorPasses.connect(alice)["withdraw(address)"](await usdc.getAddress())).to.changeTokenBalances(
      usdc,
      [alice, creatorPasses],
      [credit, -credit],
    );
  });

  it("is closed to re-entry from every payment out: ETH and ERC-20 withdrawals, withdrawTo, fee collection", async function () {
    const { creatorPasses, profileNFT, alice, bob, treasurer, profileId, ethPass } =
      await loadFixture(deployWithPasses);
    const passes = await creatorPasses.getAddress();
    const guard = creatorPasses.interface.encodeErrorResult("ReentrancyGuardReentrantCall");
    // The re-entrant call: collecting the ETH fees, which goes through whenever there are some and no lock is held.
    const collectEth = creatorPasses.interface.encodeFunctionData("collectProtocolFees", [ZERO]);
    const buyEth = () => creatorPasses.connect(bob).buy(ethPass, 1, PRICE, { value: PRICE });
    /** `account` makes `outer`, and from the ETH it receives tries to collect the ETH fees: the guard refuses. */
    async function refusedFrom(outer: () => Promise<unknown>, account: CoinTraderMock) {
      await account.setReentry(collectEth);
      await outer();
      expect(await account.reentered()).to.equal(false);
      expect(await account.reentryError()).to.equal(guard);
    }
    // The creator is a contract account: alice's profile moves to it, and its credit comes from bob's purchases.
    const creator = await new CoinTraderMock__factory(alice).deploy(passes);
    await profileNFT.connect(alice).transferFrom(alice.address, creator, profileId);
    await buyEth();
    await refusedFrom(() => creator.act(creatorPasses.interface.encodeFunctionData("withdraw()")), creator);
    await buyEth();
    const withdrawTo = creatorPasses.interface.encodeFunctionData("withdrawTo", [ZERO, await creator.getAddress()]);
    await refusedFrom(() => creator.act(withdrawTo), creator);

    // An ERC-20 that calls back from its transfers: a pass priced in it, bought by bob.
    const token = await new ReentrantToken__factory(alice).deploy();
    const createPass = creatorPasses.interface.encodeFunctionData("createPass", [
      profileId,
      1_000n,
      token.target,
      10,
      0,
    ]);
    await creator.act(createPass);
    const tokenPass = await creatorPasses.passCount();
    await token.mint(bob.address, 10_000n);
    await token.connect(bob).approve(passes, ethers.MaxUint256);
    await creatorPasses.connect(bob).buy(tokenPass, 2, 2_000n);
    await token.arm(passes, collectEth);
    await expect(
      creator.act(creatorPasses.interface.encodeFunctionData("withdraw(address)", [token.target])),
    ).to.be.revertedWithCustomError(creatorPasses, "ReentrancyGuardReentrantCall");
    await token.arm(passes, collectEth);
    await expect(creatorPasses.collectProtocolFees(token)).to.be.revertedWithCustomError(
      creatorPasses,
      "ReentrancyGuardReentrantCall",
    );
    await token.arm(ZERO, "0x");

    // The treasury as a contract account, collecting the ETH fees; it tries to collect the token's fees from the
    // payment (there are some: the collection above reverted).
    const treasuryAccount = await new CoinTraderMock__factory(alice).deploy(passes);
    await creatorPasses.connect(treasurer).setTreasury(treasuryAccount);
    await treasuryAccount.setReentry(creatorPasses.interface.encodeFunctionData("collectProtocolFees", [token.target]));
    await creatorPasses.collectProtocolFees(ZERO);
    expect(await treasuryAccount.reentered()).to.equal(false);
    expect(await treasuryAccount.reentryError()).to.equal(guard);
    // Outside a payment, the same collection goes through: the guard, not the call, refused it.
    await expect(creatorPasses.collectProtocolFees(token)).to.emit(creatorPasses, "ProtocolFeesCollected");
  });

  it("reverts ZeroRecipient for withdrawTo the zero address", async function () {
    const { creatorPasses, alice } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(alice).withdrawTo(ZERO, ZERO)).to.be.revertedWithCustomError(
      creatorPasses,
      "ZeroRecipient",
    );
  });

  it("send protocol fees to the treasury, whoever calls", async function () {
    const { creatorPasses, bob, outsider, treasury, ethPass } = await loadFixture(deployWithPasses);
    await creatorPasses.connect(bob).buy(ethPass, 1, PRICE, { value: PRICE });
    const fee = feeOf(PRICE);
    const collection = creatorPasses.connect(outsider).collectProtocolFees(ZERO);
    await expect(collection).to.emit(creatorPasses, "ProtocolFeesCollected").withArgs(ZERO, treasury.address, fee);
    await expect(collection).to.changeEtherBalance(treasury, fee);
    await expect(creatorPasses.collectProtocolFees(ZERO))
      .to.be.revertedWithCustomError(creatorPasses, "NothingToWithdraw")
      .withArgs(await creatorPasses.getAddress(), ZERO);
  });
});

describe("CreatorPasses protocol settings", function () {
  it("let the TREASURY role set the fee, applied to the next sale", async function () {
    const { creatorPasses, treasurer, bob, ethPass } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(treasurer).setProtocolFee(1_000))
      .to.emit(creatorPasses, "ProtocolFeeSet")
      .withArgs(PROTOCOL_FEE_BPS, 1_000n);
    await creatorPasses.connect(bob).buy(ethPass, 1, PRICE, { value: PRICE });
    expect(await creatorPasses.protocolFees(ZERO)).to.equal(PRICE / 10n);
  });

  it("revert ProtocolFeeTooHigh above 10%", async function () {
    const { creatorPasses, treasurer } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(treasurer).setProtocolFee(1_001))
      .to.be.revertedWithCustomError(creatorPasses, "ProtocolFeeTooHigh")
      .withArgs(1_001n, 1_000n);
  });

  it("let the TREASURY role move the treasury, which then collects accrued fees", async function () {
    const { creatorPasses, treasurer, treasury, bob, carol, ethPass } = await loadFixture(deployWithPasses);
    await creatorPasses.connect(bob).buy(ethPass, 1, PRICE, { value: PRICE });
    await expect(creatorPasses.connect(treasurer).setTreasury(carol.address))
      .to.emit(creatorPasses, "TreasurySet")
      .withArgs(treasury.address, carol.address);
    expect(await creatorPasses.treasury()).to.equal(carol.address);
    await expect(creatorPasses.collectProtocolFees(ZERO)).to.changeEtherBalance(carol, feeOf(PRICE));
  });

  it("revert ZeroRecipient for a zero treasury", async function () {
    const { creatorPasses, treasurer } = await loadFixture(deployWithPasses);
    await expect(creatorPasses.connect(treasurer).setTreasury(ZERO)).to.be.revertedWithCustomError(
      creatorPasses,
      "ZeroRecipient",
    );
  });

  it("revert AccessManagedUnauthorized for accounts without the TREASURY role", async function () {
    const { creatorPasses, deployer, alice } = await loadFixture(deployWithPasses);
    for (const caller of [deployer, alice]) {
      await expect(creatorPasses.connect(caller).setProtocolFee(0))
        .to.be.revertedWithCustomError(creatorPasses, "AccessManagedUnauthorized")
        .withArgs(caller.address);
      await expect(creatorPasses.connect(caller).setTreasury(caller.address))
        .to.be.revertedWithCustomError(creatorPasses, "AccessManagedUnauthorized")
        .withArgs(caller.address);
    }
  });

  it("are checked at deployment too (ZeroRecipient, ProtocolFeeTooHigh)", async function () {
    const { deployer, profileNFT, accessManager } = await loadFixture(deployWithPasses);
    const factory = new CreatorPasses__factory(deployer);
    const [profiles, manager] = [await profileNFT.getAddress(), await accessManager.getAddress()];
    await expect(factory.deploy(profiles, manager, ZERO, 0)).to.be.revertedWithCustomError(factory, "ZeroRecipient");
    await expect(factory.deploy(profiles, manager, deployer.address, 1_001))
      .to.be.revertedWithCustomError(factory, "ProtocolFeeTooHigh")
      .withArgs(1_001n, 1_000n);
  });
});

describe("CreatorPasses royalties and metadata", function () {
  it("pay at most 10%: royaltyInfo at 1,000 bps returns exactly a tenth, rounded down", async function () {
    const { creatorPasses, profileNFT, alice } = await loadFixture(deployWithPasses);
    const profileId = await mintProfile(profileNFT, alice, "maxroyalty");
    await creatorPasses.connect(alice).createPass(profileId, PRICE, ZERO, 1, 1_000);
    const passId = await creatorPasses.passCount();
    expect(await creatorPasses.royaltyInfo(passId, 1_000_000n)).to.deep.equal([alice.address, 100_000n]);
    expect(await creatorPasses.royaltyInfo(passId, 19n)).to.deep.equal([alice.address, 1n]);
    expect(await creatorPasses.royaltyInfo(passId, ethers.MaxUint256)).to.deep.equal([
      alice.address,
      ethers.MaxUint256 / 10n,
    ]);
  });

  it("name the profile's current owner as royalty receiver", async function () {
    const { creatorPasses, profileNFT, alice, carol, profileId, ethPass } = await loadFixture(deployWithPasses);
    expect(await creatorPasses.royaltyInfo(ethPass, 10_000n)).to.deep.equal([alice.address, 500n]);
    await profileNFT.connect(alice).transferFrom(alice.address, carol.address, profileId);
    expect(await creatorPasses.royaltyInfo(ethPass, 10_000n)).to.deep.equal([carol.address, 500n]);
  });

  it("revert PassNotFound for royaltyInfo, passOf and uri of an unknown pass", async function () {
    const { creatorPasses } = await loadFixture(deployWithPasses);
    // Thunks, not promises: an eagerly started call would reject before it is awaited (an unhandled rejection).
    for (const call of [
      () => creatorPasses.royaltyInfo(7n, 100n),
      () => creatorPasses.passOf(7n),
      () => creatorPasses.uri(7n),
    ]) {
      await expect(call()).to.be.revertedWithCustomError(creatorPasses, "PassNotFound").withArgs(7n);
    }
  });

  it("serve on-chain JSON metadata naming the creator's handle", async function () {
    const { creatorPasses, ethPass } = await loadFixture(deployWithPasses);
    const uri = await creatorPasses.uri(ethPass);
    const json = JSON.parse(Buffer.from(uri.split(",")[1], "base64").toString("utf8")) as { name: string };
    expect(uri.startsWith("data:application/json;base64,")).to.be.true;
    expect(json.name).to.equal("@alice pass #1");
  });

  it("hasPass is false before a purchase and after the pass is transferred away", async function () {
    const { creatorPasses, bob, carol, ethPass } = await loadFixture(deployWithPasses);
    expect(await creatorPasses.hasPass(bob.address, ethPass)).to.be.false;
    await creatorPasses.connect(bob).buy(ethPass, 1, PRICE, { value: PRICE });
    await creatorPasses.connect(bob).safeTransferFrom(bob.address, carol.address, ethPass, 1, "0x");
    expect(await creatorPasses.hasPass(bob.address, ethPass)).to.be.false;
    expect(await creatorPasses.hasPass(carol.address, ethPass)).to.be.true;
  });
});

describe("CreatorPasses ERC-165", function () {
  it("supports ERC-165, ERC-1155, ERC-1155 Metadata URI and ERC-2981", async function () {
    const { creatorPasses } = await loadFixture(deploySocial);
    for (const id of ["0x01ffc9a7", "0xd9b67a26", "0x0e89341c", "0x2a55205a"]) {
      expect(await creatorPasses.supportsInterface(id), id).to.be.true;
    }
  });

  it("does not claim ERC-721 or the invalid id 0xffffffff", async function () {
    const { creatorPasses } = await loadFixture(deploySocial);
    for (const id of ["0x80ac58cd", "0xffffffff"]) {
      expect(await creatorPasses.supportsInterface(id), id).to.be.false;
    }
  });
});
