import path from "node:path";
import { ethers, ignition } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import LocalQuartet from "../deploy/modules/LocalQuartet";
import { addressesOf, typedDeployment } from "./lib/contracts";
import { nameAddresses } from "./lib/errors";
import { formatAmount, formatGas, formatWad } from "./lib/format";
import {
  advanceTo,
  buildProposal,
  descriptionHash,
  proposalId,
  endVoting,
  ProposalState,
  startVoting,
  type ProposalAction,
} from "./lib/governance";
import { ROLES } from "./lib/roles";
import { handleToTokenId, signDelegatedVerification } from "./lib/social";
import { IEAS__factory } from "../typechain-types";
import { appointFirstVerifierActions } from "./lib/access";
import { Action, buildIntent, encodeSwapPath, healthFactorConditionData, nextNonce, signIntent } from "./lib/intents";
import { Keeper } from "./lib/keeper";
import { Story } from "./lib/story";
import { ratePerSecondToApr, WAD } from "./lib/units";

const USDC = (n: bigint) => n * 10n ** 6n;

/**
 * The Quartet story on the in-process network, deployed by the same Ignition module as a real chain. Each step
 * prints what changed and its gas, and the demo exits non-zero if an expected effect did not happen.
 */
async function main(): Promise<void> {
  const story = new Story();
  const [deployer, alice, bob, carol, liquidator, creator, fan, verifier, keeperSigner] = await ethers.getSigners();

  const q = await story.step("Deploy Quartet with the Ignition module (LocalQuartet)", async () => {
    const d = await ignition.deploy(LocalQuartet, {
      parameters: path.join(__dirname, "..", "deploy", "parameters", "local.json"),
    });
    const contracts = await typedDeployment(d);
    nameAddresses(await addressesOf(contracts)); // the keeper's decoded reasons name the contracts
    const [deployerIsAdmin] = await contracts.accessManager.hasRole(ROLES.ADMIN, deployer.address);
    const [timelockIsAdmin] = await contracts.accessManager.hasRole(ROLES.ADMIN, await contracts.timelock.getAddress());
    story.say(`lending pool ${await contracts.pool.getAddress()}`);
    story.say(`governance: the timelock administers every parameter; the deployer holds no role`);
    story.expect(timelockIsAdmin && !deployerIsAdmin, "the timelock, not the deployer, should be admin");
    return contracts;
  });
  const tokens = { USDC: q.usdc, WBTC: q.wbtc, WETH: q.weth };

  await story.step("Markets: USDC, WBTC, WETH and an isolated tokenized T-bill are listed", async () => {
    for (const [symbol, token] of Object.entries({ ...tokens, TBILL: q.tbill })) {
      const config = await q.pool.assetConfig(token);
      story.say(
        `${symbol.padEnd(5)} LTV ${Number(config.ltvBps) / 100}%  liquidation threshold ${Number(config.liquidationThresholdBps) / 100}%  bonus ${Number(config.liquidationBonusBps) / 100}%`,
      );
    }
    const isolation = await q.pool.isolation(q.tbill);
    story.say(`TBILL  isolated, debt ceiling $${formatWad(isolation.debtCeiling, 0)}; USDC is borrowable against it`);
    story.expect((await q.pool.assets()).length === 4, "four markets should be listed");
    story.expect(isolation.isolated, "the T-bill market should be isolated");
  });

  await story.step("Two suppliers: Alice lends 500,000 USDC, Bob lends 50 WETH", async () => {
    for (const user of [alice, bob, carol, liquidator, fan, keeperSigner]) {
      for (const token of Object.values(tokens)) {
        await token.mint(user.address, 10n ** 30n);
        await token.connect(user).approve(q.pool, ethers.MaxUint256);
      }
    }
    await story.send(
      "alice supplies 500,000 USDC",
      q.pool.connect(alice).supply(q.usdc, USDC(500_000n), alice.address),
    );
    await story.send("bob supplies 50 WETH", q.pool.connect(bob).supply(q.weth, 50n * WAD, bob.address));
    story.expect(
      (await q.pool.supplyBalance(q.usdc, alice.address)) === USDC(500_000n),
      "Alice should have 500,000 USDC supplied",
    );
  });

  await story.step("A borrower: Carol supplies 1 WBTC and borrows 40,000 USDC", async () => {
    await story.send("carol supplies 1 WBTC", q.pool.connect(carol).supply(q.wbtc, 10n ** 8n, carol.address));
    await story.send("carol borrows 40,000 USDC", q.pool.connect(carol).borrow(q.usdc, USDC(40_000n), carol.address));
    const [collateral, debt, limit, hf] = await q.pool.accountData(carol.address);
    story.say(`collateral $${formatWad(collateral, 2)}, debt $${formatWad(debt, 2)}, limit $${formatWad(limit, 2)}`);
    story.say(
      `health factor ${formatWad(hf, 3)}; USDC borrow APR ${ratePerSecondToApr(await q.pool.borrowRatePerSecond(q.usdc))}%`,
    );
    story.expect(hf > WAD, "Carol should be healthy after borrowing");
  });

  await story.step("The WBTC price falls from $60,000 to $52,000", async () => {
    await story.send("oracle update", q.wbtcFeed.updateAnswer(52_000n * 10n ** 8n));
    const hf = await q.pool.healthFactor(carol.address);
    story.say(`Carol's health factor is now ${formatWad(hf, 3)}`);
    story.expect(hf < WAD, "Carol should be liquidatable");
  });

  await story.step("A liquidator repays half of Carol's debt and takes WBTC with a 10% bonus", async () => {
    const usdcBefore = await q.usdc.balanceOf(liquidator.address);
    const wbtcBefore = await q.wbtc.balanceOf(liquidator.address);
    await story.send(
      "liquidate carol",
      q.pool.connect(liquidator).liquidate(carol.address, q.usdc, q.wbtc, ethers.MaxUint256, liquidator.address, false),
    );
    const paid = usdcBefore - (await q.usdc.balanceOf(liquidator.address));
    const seized = (await q.wbtc.balanceOf(liquidator.address)) - wbtcBefore;
    const profit = (seized * 52_000n * 10n ** 6n) / 10n ** 8n - paid;
    story.say(`paid ${formatAmount(paid, 6)} USDC, received ${formatAmount(seized, 8)} WBTC`);
    story.say(
      `profit ≈ $${formatAmount(profit, 6, 2)}; Carol's health factor ${formatWad(await q.pool.healthFactor(carol.address), 3)}`,
    );
    story.expect(profit > 0n, "the liquidator should profit");
    story.expect((await q.pool.healthFactor(carol.address)) > WAD, "Carol should be healthy again");
  });

  const [fund, flashLiquidator] = (await ethers.getSigners()).slice(10, 12);
  await story.step("A fund posts 500,000 T-bills (NAV $1.00) in isolation and borrows 225,000 USDC", async () => {
    // The deployer is the permissioned token's issuer: it allowlists the fund and mints its bills.
    await story.send("issuer allowlists the fund", q.tbill.connect(deployer).setAllowed(fund.address, true));
    await story.send("issuer mints 500,000 TBILL", q.tbill.connect(deployer).mint(fund.address, USDC(500_000n)));
    await q.tbill.connect(fund).approve(q.pool, ethers.MaxUint256);
    await story.send("fund supplies the bills", q.pool.connect(fund).supply(q.tbill, USDC(500_000n), fund.address));
    await story.send("fund borrows 225,000 USDC", q.pool.connect(fund).borrow(q.usdc, USDC(225_000n), fund.address));
    const isolation = await q.pool.isolation(q.tbill);
    story.say(
      `in isolation against ${await q.pool.isolatedCollateralOf(fund.address)}: $${formatWad(isolation.isolatedDebt, 0)} of the $${formatWad(isolation.debtCeiling, 0)} ceiling used; health factor ${formatWad(await q.pool.healthFactor(fund.address), 3)}`,
    );
    story.expect(isolation.isolatedDebt === 225_000n * WAD, "the ceiling should count the fund's 225,000 USDC");
  });

  await story.step("The administrator marks the NAV down from $1.00 to $0.74", async () => {
    await story.send("NAV update", q.tbillNavFeed.updateAnswer(74_000_000n));
    const hf = await q.pool.healthFactor(fund.address);
    story.say(`the fund's health factor is now ${formatWad(hf, 3)}`);
    story.expect(hf < WAD, "the fund should be liquidatable");
  });

  await story.step(
    "A liquidator with no USDC flash-borrows it, liquidates into T-bill shares, redeems them at NAV and repays",
    async () => {
      const { FlashBorrowerMock__factory, OracleSwapMock__factory } = await import("../typechain-types");
      const borrower = await new FlashBorrowerMock__factory(flashLiquidator).deploy(q.pool);
      const desk = await new OracleSwapMock__factory(flashLiquidator).deploy(q.oracle); // the fund's redemption desk
      for (const account of [borrower, desk]) {
        await story.send("issuer allowlists", q.tbill.connect(deployer).setAllowed(account, true));
      }
      await q.usdc.mint(desk, USDC(1_000_000n)); // the desk pays redemptions in USDC
      await borrower.setMode(5); // LiquidateIntoShares
      const data = ethers.AbiCoder.defaultAbiCoder().encode(
        ["address", "address", "address"],
        [fund.address, await q.tbill.getAddress(), await desk.getAddress()],
      );
      const debtBefore = await q.pool.debtBalance(q.usdc, fund.address);
      await story.send(
        "flash loan of 112,500 USDC",
        borrower.connect(flashLiquidator).borrow(q.usdc, USDC(112_500n), data),
      );
      const profit = await q.usdc.balanceOf(borrower);
      const isolation = await q.pool.isolation(q.tbill);
      story.say(
        `fund's debt ${formatAmount(debtBefore, 6, 0)} → ${formatAmount(await q.pool.debtBalance(q.usdc, fund.address), 6, 0)} USDC; liquidator's profit ${formatAmount(profit, 6, 2)} USDC, from no capital`,
      );
      story.say(`debt counted against the T-bill ceiling: $${formatWad(isolation.isolatedDebt, 0)}`);
      story.expect(profit > 0n, "the flash liquidation should profit");
      story.expect((await q.usdc.balanceOf(flashLiquidator.address)) === 0n, "the liquidator held no USDC");
      story.expect(isolation.isolatedDebt < 225_000n * WAD, "the repayment should lower the counted debt");
    },
  );

  await story.step(
    "Intents: Alice signs a monthly savings intent, Carol a loan-protection intent; both are posted",
    async () => {
      const now = Number(await time.latest());
      for (const owner of [alice, carol]) await q.usdc.connect(owner).approve(q.executor, ethers.MaxUint256);
      const savings = buildIntent(
        {
          owner: alice.address,
          token: await q.usdc.getAddress(),
          action: Action.SAVE,
          amount: USDC(1_000n),
          maxFee: USDC(5n),
          interval: 30 * 86_400,
          maxRuns: 12,
          validUntil: now + 365 * 86_400,
          nonce: await nextNonce(q.executor, alice.address),
        },
        now,
      );
      // Loan protection: repay 2,000 USDC of Carol's debt as soon as her health factor drops below 1.1.
      const protection = buildIntent(
        {
          owner: carol.address,
          token: await q.usdc.getAddress(),
          action: Action.REPAY,
          amount: USDC(2_000n),
          maxFee: USDC(5n),
          validUntil: now + 30 * 86_400,
          condition: await q.healthFactorCondition.getAddress(),
          conditionData: healthFactorConditionData(11n * 10n ** 17n),
          nonce: await nextNonce(q.executor, carol.address),
        },
        now,
      );
      await story.send(
        "post alice's savings intent",
        q.executor.connect(alice).post(savings, await signIntent(alice, q.executor, savings)),
      );
      await story.send(
        "post carol's loan protection",
        q.executor.connect(carol).post(protection, await signIntent(carol, q.executor, protection)),
      );
    },
  );

  const keeper = new Keeper(q.executor.connect(keeperSigner), keeperSigner, 0, {
    nativeToken: await q.weth.getAddress(),
    log: (line) => story.say(`keeper: ${line}`),
  });

  await story.step(
    "The keeper's pass: the savings run now; the protection waits (Carol's health factor is 1.125)",
    async () => {
      const before = await q.pool.supplyBalance(q.usdc, alice.address);
      const entries = await keeper.pass();
      const saved = (await q.pool.supplyBalance(q.usdc, alice.address)) - before;
      story.say(`Alice's savings in the pool grew by ${formatAmount(saved, 6)} USDC`);
      story.expect(
        entries.some((e) => e.status === "executed" && e.intent.action === Action.SAVE),
        "the savings intent should run",
      );
      story.expect(
        !entries.some((e) => e.status === "executed" && e.intent.action === Action.REPAY),
        "the protection should wait",
      );
    },
  );

  await story.step(
    "WBTC dips to $50,000: Carol's health factor falls below 1.1 and the keeper repays for her",
    async () => {
      await story.send("oracle update", q.wbtcFeed.updateAnswer(50_000n * 10n ** 8n));
      const hfBefore = await q.pool.healthFactor(carol.address);
      const entries = await keeper.pass();
      const hfAfter = await q.pool.healthFactor(carol.address);
      story.say(`Carol's health factor ${formatWad(hfBefore, 3)} → ${formatWad(hfAfter, 3)}`);
      story.expect(
        entries.some((e) => e.status === "executed" && e.intent.action === Action.REPAY),
        "the protection should fire",
      );
      story.expect(hfAfter > hfBefore, "Carol's health factor should rise");
    },
  );

  await story.step(
    "Bob pays his family 100 USDC a month out of his WETH: a swap-pay through Uniswap v3, at most 0.04 WETH a run",
    async () => {
      const family = (await ethers.getSigners())[10].address;
      const now = Number(await time.latest());
      const [usdc, weth] = [await q.usdc.getAddress(), await q.weth.getAddress()];
      await q.weth.connect(bob).approve(q.executor, ethers.MaxUint256);
      const allowance = buildIntent(
        {
          owner: bob.address,
          token: weth,
          action: Action.SWAP_PAY_EXACT_OUT,
          recipient: family,
          amount: USDC(100n),
          receiveToken: usdc,
          swapLimit: 4n * 10n ** 16n,
          swapPath: encodeSwapPath([usdc, weth], [500]), // exact output: the token bought first
          maxFee: 2n * 10n ** 15n,
          interval: 30 * 86_400,
          maxRuns: 12,
          validUntil: now + 365 * 86_400,
          nonce: await nextNonce(q.executor, bob.address),
        },
        now,
      );
      await story.send(
        "post bob's family allowance",
        q.executor.connect(bob).post(allowance, await signIntent(bob, q.executor, allowance)),
      );
      const wethBefore = await q.weth.balanceOf(bob.address);
      const usdcBefore = await q.usdc.balanceOf(family);
      const entries = await keeper.pass();
      const received = (await q.usdc.balanceOf(family)) - usdcBefore;
      const spent = wethBefore - (await q.weth.balanceOf(bob.address));
      story.say(
        `Bob's family received ${formatAmount(received, 6)} USDC; Bob parted with ${formatWad(spent, 5)} WETH, fee included`,
      );
      story.expect(
        entries.some((e) => e.status === "executed" && e.intent.action === Action.SWAP_PAY_EXACT_OUT),
        "the swap-pay should run",
      );
      story.expect(received === USDC(100n), "the family should receive exactly 100 USDC");
    },
  );

  // Token holders: the deployer distributes QRT and voters delegate to themselves.
  await story.step(
    "Token holders take their votes: Alice and Bob receive 5,000,000 QRT each and delegate",
    async () => {
      for (const voter of [alice, bob]) {
        await story.send(
          `transfer to ${voter === alice ? "alice" : "bob"}`,
          q.token.transfer(voter.address, 5_000_000n * WAD),
        );
        await story.send(
          `${voter === alice ? "alice" : "bob"} delegates to self`,
          q.token.connect(voter).delegate(voter.address),
        );
      }
      await time.increase(1);
      story.expect((await q.token.getVotes(alice.address)) === 5_000_000n * WAD, "Alice should have 5,000,000 votes");
    },
  );

  /** Propose → vote → queue → execute on the token house, printing each step's gas. */
  async function govern(description: string, actions: ProposalAction[]): Promise<void> {
    const proposal = buildProposal(actions, description);
    await story.send(
      "propose",
      q.governor.connect(alice).propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
    );
    const id = proposalId(proposal);
    await startVoting(q.governor, id);
    await story.send("alice votes for", q.governor.connect(alice).castVote(id, 1));
    await story.send("bob votes for", q.governor.connect(bob).castVote(id, 1));
    await endVoting(q.governor, id);
    await story.send(
      "queue",
      q.governor.queue(proposal.targets, proposal.values, proposal.calldatas, descriptionHash(description)),
    );
    await advanceTo(await q.governor.proposalEta(id));
    await story.send(
      "execute",
      q.governor.execute(proposal.targets, proposal.values, proposal.calldatas, descriptionHash(description)),
    );
    story.expect(
      (await q.governor.state(id)) === BigInt(ProposalState.Executed),
      `proposal "${description}" should be executed`,
    );
  }

  await story.step("The DAO raises WBTC's LTV from 70% to 72.5%: propose, vote, queue, execute", async () => {
    const config = await q.pool.assetConfig(q.wbtc);
    const next = {
      rateModel: config.rateModel,
      ltvBps: 7250n,
      liquidationThresholdBps: config.liquidationThresholdBps,
      liquidationBonusBps: config.liquidationBonusBps,
      reserveFactorBps: config.reserveFactorBps,
      borrowEnabled: config.borrowEnabled,
      supplyCap: config.supplyCap,
      borrowCap: config.borrowCap,
    };
    await govern("Raise WBTC LTV to 72.5%", [
      {
        target: await q.pool.getAddress(),
        data: q.pool.interface.encodeFunctionData("setAssetConfig", [await q.wbtc.getAddress(), next]),
      },
    ]);
    const ltv = (await q.pool.assetConfig(q.wbtc)).ltvBps;
    story.say(`WBTC LTV is now ${Number(ltv) / 100}%`);
    story.expect(ltv === 7250n, "WBTC's LTV should be 72.5%");
  });

  await story.step("A creator mints a profile; the DAO bootstraps a verifier, who verifies it", async () => {
    await story.send(
      "creator mints @ada",
      q.profileNFT
        .connect(creator)
        .mint("ada", { displayName: "Ada", bio: "Builds things", avatarURI: "", accentColor: "0x6e56cf" }),
    );
    // Verifiers are the Citizens' House's to appoint, but it has no verified citizens yet: the token house bootstraps
    // the first verifier in one proposal (see appointFirstVerifierActions).
    await govern("Bootstrap the first verifier", await appointFirstVerifierActions(q.accessManager, verifier.address));
    const tokenId = handleToTokenId("ada");
    const claim = {
      tokenId,
      handle: "ada",
      recipient: creator.address,
      expiry: BigInt(await time.latest()) + 365n * 86_400n,
    };
    // The verifier signs a delegated EAS attestation; the creator submits it (and pays its gas).
    const eas = IEAS__factory.connect(await q.profileNFT.eas(), creator);
    const request = await signDelegatedVerification(eas, verifier, q.profileNFT, claim);
    await story.send("verify @ada on EAS", eas.attestByDelegation(request));
    const { uid } = await q.profileNFT.verificationOf(tokenId);
    story.say(`@ada verified: ${await q.profileNFT.isVerified(tokenId)} (EAS attestation ${uid})`);
    story.expect(await q.profileNFT.isVerified(tokenId), "@ada should be verified");
  });

  await story.step("The creator sells membership passes (10 USDC, 5% royalty); a fan buys two", async () => {
    const tokenId = handleToTokenId("ada");
    const created = await (
      await q.creatorPasses.connect(creator).createPass(tokenId, USDC(10n), q.usdc, 100, 500)
    ).wait();
    const passId = q.creatorPasses.interface.parseLog(
      created!.logs.find((l) => q.creatorPasses.interface.parseLog(l)?.name === "PassCreated")!,
    )!.args.passId as bigint;
    await q.usdc.connect(fan).approve(q.creatorPasses, ethers.MaxUint256);
    await story.send("fan buys 2 passes", q.creatorPasses.connect(fan).buy(passId, 2, USDC(20n)));
    const credit = await q.creatorPasses.creditOf(creator.address, q.usdc);
    story.say(
      `fan holds a pass: ${await q.creatorPasses.hasPass(fan.address, passId)}; creator's credit ${formatAmount(credit, 6)} USDC`,
    );
    story.expect(await q.creatorPasses.hasPass(fan.address, passId), "the fan should hold a pass");
    story.expect(credit > 0n, "the creator should have earned");
  });

  await story.step(
    "The verified creator launches a coin on a bonding curve; a fan buys; the creator withdraws",
    async () => {
      const tokenId = handleToTokenId("ada");
      const coins = q.creatorCoins;
      // 1 USDC for the first coin, +0.1 USDC per coin sold; a 3% creator fee.
      await story.send(
        "creator launches ADA",
        coins.connect(creator).launchCoin(tokenId, "Ada Coin", "ADA", q.usdc, USDC(1n), USDC(1n) / 10n, 300),
      );
      const coin = await coins.coinOf(tokenId);
      const amount = 10n * WAD;
      const [cost] = await coins.quoteBuy(coin, amount);
      await q.usdc.connect(fan).approve(coins, cost);
      const deadline = BigInt(await time.latest()) + 600n;
      await story.send("fan buys 10 ADA", coins.connect(fan).buy(coin, amount, cost, deadline));
      const fee = await coins.creditOf(creator.address, q.usdc);
      await story.send("creator withdraws its coin fees", coins.connect(creator).withdraw(q.usdc));
      const info = await coins.coinInfo(coin);
      story.say(
        `fan paid ${formatAmount(cost, 6)} USDC; reserve ${formatAmount(info.reserve, 6)} USDC backs the ${formatAmount(info.supply, 18)} ADA in circulation; creator withdrew ${formatAmount(fee, 6)} USDC`,
      );
      story.expect(info.reserve === (await coins.curveValue(coin, info.supply)), "the reserve should cover every sell");
      story.expect(
        fee > 0n && (await coins.creditOf(creator.address, q.usdc)) === 0n,
        "the creator should have withdrawn",
      );
    },
  );

  story.finish();
  console.log(`\nTotal gas: ${formatGas(story.totalGas)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
