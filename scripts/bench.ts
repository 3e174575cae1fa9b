import fs from "node:fs";
import path from "node:path";
import { ethers, ignition, network } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { formatUnits, getBytes, Transaction, type ContractTransactionResponse, type Signer } from "ethers";

import LocalQuartet from "../deploy/modules/LocalQuartet";
import { typedDeployment } from "./lib/contracts";
import { WAD } from "./lib/units";
import { BUDGETS, benchProblems, benchTable, missingKeys, type Measurement, type Snapshot } from "./lib/bench";
import { fjordL1Fee, OP_MAINNET_LIKE_SCALARS } from "./lib/l1-fee";
import {
  buildProposal,
  descriptionHash,
  proposalId,
  endVoting,
  advanceTo,
  signVote,
  startVoting,
  VoteType,
} from "./lib/governance";
import { Action, AmountMode, buildIntent, encodeSwapPath, signIntent, type PaymentIntent } from "./lib/intents";
import { ROLES } from "./lib/roles";
import { handleToTokenId, verificationRequestData } from "./lib/social";
import { IEAS__factory } from "../typechain-types";

/**
 * The gas benchmark: deploys Quartet with the Ignition module on the in-process network, drives every user
 * operation in a stated scenario (warm protocol, a second user), and records each transaction's gasUsed, calldata
 * size and its OP-stack L1 data fee. Modes: `npm run bench` (report), `bench:check` (fail on a budget overrun or a
 * regression of more than 1% against bench/snapshot.json), `bench:update` (rewrite the snapshot).
 */

const results: Record<string, Measurement> = {};

async function measure(key: string, scenario: string, pending: Promise<ContractTransactionResponse>): Promise<bigint> {
  const tx = await pending;
  const receipt = await tx.wait();
  if (receipt === null || receipt.status !== 1) throw new Error(`${key}: transaction failed`);
  const signed = Transaction.from(tx).serialized;
  results[key] = {
    gasUsed: Number(receipt.gasUsed),
    calldataBytes: getBytes(tx.data).length,
    l1FeeWei: fjordL1Fee(getBytes(signed)).toString(),
    budget: BUDGETS[key].budget,
    scenario,
  };
  return receipt.gasUsed;
}

const USDC = (n: bigint) => n * 10n ** 6n;

async function deploy() {
  const d = await ignition.deploy(LocalQuartet, {
    parameters: path.join(__dirname, "..", "deploy", "parameters", "local.json"),
  });
  return typedDeployment(d);
}
type Q = Awaited<ReturnType<typeof deploy>>;

async function fund(q: Q, users: Signer[]): Promise<void> {
  for (const user of users) {
    for (const token of [q.usdc, q.wbtc, q.weth]) {
      await token.mint(await user.getAddress(), 10n ** 30n);
      await token.connect(user).approve(q.pool, ethers.MaxUint256);
      await token.connect(user).approve(q.executor, ethers.MaxUint256);
    }
  }
}

async function benchLending(q: Q, [alice, bob, carol, dave, liquidator, erin]: Signer[]): Promise<void> {
  const [a, b, c, d, e] = await Promise.all([alice, bob, carol, dave, erin].map((s) => s.getAddress()));
  // Warm protocol: USDC lenders and a WETH-backed borrower exist, so interest accrues on every touch.
  await q.pool.connect(alice).supply(q.usdc, USDC(1_000_000n), a);
  await q.pool.connect(bob).supply(q.weth, 100n * WAD, b);
  await q.pool.connect(bob).borrow(q.usdc, USDC(100_000n), b);
  await q.pool.connect(alice).supply(q.weth, 10n * WAD, a);
  await q.pool.connect(erin).supply(q.wbtc, 10n ** 6n, e); // erin already uses the pool (WBTC)
  const warm = "warm pool (USDC 1M supplied, 100k borrowed; WETH supplied), interest due";

  await measure(
    "lending.supply",
    `${warm}; erin, who already supplies WBTC, opens a WETH position (10 WETH)`,
    q.pool.connect(erin).supply(q.weth, 10n * WAD, e),
  );
  await q.pool.connect(carol).supply(q.weth, 10n * WAD, c); // carol: WETH is her only collateral
  await measure(
    "lending.supplyTopUp",
    `${warm}; carol adds 1 WETH to her WETH position`,
    q.pool.connect(carol).supply(q.weth, WAD, c),
  );
  await measure(
    "lending.borrowNewDebt",
    `${warm}; carol borrows 5,000 USDC against WETH (one collateral), her first borrow: opens her USDC debt position`,
    q.pool.connect(carol).borrow(q.usdc, USDC(5_000n), c),
  );
  await measure(
    "lending.borrow",
    `${warm}; carol, WETH her only collateral, borrows 5,000 USDC more on top of her 5,000 USDC debt`,
    q.pool.connect(carol).borrow(q.usdc, USDC(5_000n), c),
  );
  await measure(
    "lending.repay",
    `${warm}; carol repays 5,000 of her 10,000 USDC debt`,
    q.pool.connect(carol).repay(q.usdc, USDC(5_000n), c),
  );
  await measure(
    "lending.withdraw",
    `${warm}; carol withdraws 1 of 11 WETH while owing 5,000 USDC`,
    q.pool.connect(carol).withdraw(q.weth, WAD, c),
  );

  await q.pool.connect(dave).supply(q.wbtc, 10n ** 8n, d);
  await q.pool.connect(dave).borrow(q.usdc, USDC(41_000n), d);
  await q.wbtcFeed.updateAnswer(54_000n * 10n ** 8n);
  await measure(
    "lending.liquidate",
    `${warm}; dave (1 WBTC, 41,000 USDC debt) after WBTC -10%: liquidator repays 10,000 USDC, seizes WBTC`,
    q.pool.connect(liquidator).liquidate(d, q.usdc, q.wbtc, USDC(10_000n), await liquidator.getAddress(), false),
  );
  await q.wbtcFeed.updateAnswer(60_000n * 10n ** 8n);

  const flashBorrower = await ethers.deployContract("FlashBorrowerMock", [await q.pool.getAddress()], liquidator);
  await flashBorrower.approveLender(q.usdc); // a standing approval, as a borrower that runs many loans has
  await q.usdc.mint(await flashBorrower.getAddress(), USDC(1n));
  await measure(
    "lending.flashLoan",
    `${warm}; an ERC-3156 borrower (holding USDC, standing approval) takes 100,000 USDC; its callback only repays (fee 0)`,
    flashBorrower.borrow(q.usdc, USDC(100_000n), "0x"),
  );
}

async function benchIntents(q: Q, [alice, carol, keeper, merchant]: Signer[]): Promise<void> {
  const [a, c, m] = await Promise.all([alice, carol, merchant].map((s) => s.getAddress()));
  const token = await q.usdc.getAddress();
  const now = async () => Number(await time.latest());
  let nonce = 0n;
  const pay = async (owner: Signer, fields: Partial<PaymentIntent> = {}) => {
    const intent = buildIntent(
      {
        owner: await owner.getAddress(),
        token,
        amount: USDC(25n),
        recipient: m,
        maxFee: USDC(1n) / 10n,
        nonce: nonce++,
        ...fields,
      },
      await now(),
    );
    return { intent, signature: await signIntent(owner, q.executor, intent) };
  };
  // Warm: alice has paid through the executor before (her nonce word is in use) and the merchant has been paid.
  const first = await pay(alice);
  await q.executor.connect(keeper).execute(first.intent, first.signature, USDC(1n) / 20n);

  const one = await pay(alice);
  await measure(
    "intents.pay",
    "alice (nonce word in use) pays the merchant 25 USDC, one-off, keeper fee 0.05 USDC",
    q.executor.connect(keeper).execute(one.intent, one.signature, USDC(1n) / 20n),
  );

  const percent = await pay(alice, { amountMode: AmountMode.PERCENT_OF_BALANCE, amountParam: 2_000n });
  await measure(
    "intents.payPercent",
    "alice (nonce word in use) pays the merchant 20% of her USDC, capped at 25 USDC per run, one-off, fee 0.05 USDC",
    q.executor.connect(keeper).execute(percent.intent, percent.signature, USDC(1n) / 20n),
  );
  const sweep = await pay(alice, { amountMode: AmountMode.SWEEP_ABOVE, amountParam: USDC(500n) });
  await measure(
    "intents.paySweep",
    "alice (nonce word in use) pays the merchant all her USDC above 500, capped at 25 USDC per run, one-off, fee 0.05 USDC",
    q.executor.connect(keeper).execute(sweep.intent, sweep.signature, USDC(1n) / 20n),
  );

  const monthly = await pay(alice, { interval: 30 * 86_400, maxRuns: 12, validUntil: (await now()) + 400 * 86_400 });
  await q.executor.connect(keeper).execute(monthly.intent, monthly.signature, USDC(1n) / 20n);
  await time.increase(30 * 86_400);
  await measure(
    "intents.payRecurring",
    "second run of alice's monthly 25 USDC subscription, keeper fee 0.05 USDC",
    q.executor.connect(keeper).execute(monthly.intent, monthly.signature, USDC(1n) / 20n),
  );

  const save = await pay(alice, { action: Action.SAVE, amount: USDC(100n) });
  await measure(
    "intents.save",
    "alice's one-off SAVE of 100 USDC into her existing pool position, fee 0.05 USDC",
    q.executor.connect(keeper).execute(save.intent, save.signature, USDC(1n) / 20n),
  );

  const repay = await pay(carol, { action: Action.REPAY, amount: USDC(1_000n) });
  await measure(
    "intents.repay",
    "carol's one-off REPAY of 1,000 of her 5,000 USDC debt, fee 0.05 USDC",
    q.executor.connect(keeper).execute(repay.intent, repay.signature, USDC(1n) / 20n),
  );

  // Swap-pay: alice's 3,000 USDC become ≥ 0.99 WETH for the merchant through the local Uniswap v3 pool (0.05 %),
  // after a first swap-pay warmed her nonce word and the merchant's WETH balance.
  const weth = await q.weth.getAddress();
  const swap = (n: bigint) =>
    pay(alice, {
      action: Action.SWAP_PAY,
      amount: USDC(3_000n),
      receiveToken: weth,
      swapLimit: 99n * 10n ** 16n,
      swapPath: encodeSwapPath([token, weth], [500]),
      nonce: n,
    });
  const warmSwap = await swap(nonce++);
  await q.executor.connect(keeper).execute(warmSwap.intent, warmSwap.signature, USDC(1n) / 20n);
  const swapPay = await swap(nonce++);
  await measure(
    "intents.swapPay",
    "alice (nonce word in use) pays 3,000 USDC, the merchant receives ≥ 0.99 WETH (Uniswap v3, one hop), fee 0.05 USDC",
    q.executor.connect(keeper).execute(swapPay.intent, swapPay.signature, USDC(1n) / 20n),
  );

  // Twenty payers, each of whom has used the executor before, pay one merchant in one batch.
  const payers: Signer[] = [];
  for (let i = 0; i < 20; i++) {
    const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
    await network.provider.send("hardhat_setBalance", [wallet.address, "0xDE0B6B3A7640000"]);
    await q.usdc.mint(wallet.address, USDC(1_000n));
    await q.usdc.connect(wallet).approve(q.executor, ethers.MaxUint256);
    const warmUp = await pay(wallet, { amount: USDC(1n) });
    await q.executor.connect(keeper).execute(warmUp.intent, warmUp.signature, 0n);
    payers.push(wallet);
  }
  const batch = await Promise.all(payers.map((p) => pay(p)));
  const gas = await measure(
    "intents.batch20PerIntent",
    "batch of 20 one-off PAYs from 20 payers (nonce words in use) to one merchant, fee each",
    q.executor.connect(keeper).executeBatch(
      batch.map((b) => b.intent),
      batch.map((b) => b.signature),
      batch.map(() => USDC(1n) / 20n),
      batch.map(() => 100_000n),
    ),
  );
  results["intents.batch20PerIntent"].gasUsed = Number(gas / 20n);
  results["intents.batch20PerIntent"].calldataBytes = Math.round(
    results["intents.batch20PerIntent"].calldataBytes / 20,
  );
  results["intents.batch20PerIntent"].l1FeeWei = (
    BigInt(results["intents.batch20PerIntent"].l1FeeWei) / 20n
  ).toString();
  void c;
  void a;
}

async function benchSocial(q: Q, [creator, fan, fan2, verifier, other]: Signer[]): Promise<void> {
  const meta = (name: string) => ({ displayName: name, bio: "", avatarURI: "", accentColor: "0x6e56cf" });
  await q.profileNFT.connect(creator).mint("ada", meta("Ada"));
  await measure(
    "social.mintProfile",
    "second minter, handle 'bob', short metadata",
    q.profileNFT.connect(other).mint("bob", meta("Bob")),
  );

  const expiry = BigInt(await time.latest()) + 365n * 86_400n;
  // The verifier attests on EAS; ProfileNFT, the schema's resolver, records it and counts the vote.
  const eas = IEAS__factory.connect(await q.profileNFT.eas(), verifier);
  const schema = await q.profileNFT.verificationSchema();
  const verify = async (holder: Signer, handle: string) =>
    eas.attest({
      schema,
      data: verificationRequestData({
        tokenId: handleToTokenId(handle),
        handle,
        recipient: await holder.getAddress(),
        expiry,
      }),
    });
  await (await verify(creator, "ada")).wait();
  await measure(
    "social.verify",
    "second person verified: an EAS attestation through the resolver (identity vote checkpoints written)",
    verify(other, "bob"),
  );

  const created = await (
    await q.creatorPasses.connect(creator).createPass(handleToTokenId("ada"), USDC(10n), q.usdc, 1000, 500)
  ).wait();
  const passId = q.creatorPasses.interface.parseLog(
    created!.logs.find((l) => q.creatorPasses.interface.parseLog(l)?.name === "PassCreated")!,
  )!.args.passId as bigint;
  for (const buyer of [fan, fan2]) await q.usdc.connect(buyer).approve(q.creatorPasses, ethers.MaxUint256);
  await q.creatorPasses.connect(fan).buy(passId, 1, USDC(10n));
  await measure(
    "social.buyPass",
    "second buyer of a 10 USDC pass (ERC-20 payment), one pass",
    q.creatorPasses.connect(fan2).buy(passId, 1, USDC(10n)),
  );

  // Creator coins: @ada's USDC coin (1 USDC, +0.1 per coin, 3% creator fee); fan buys first, fan2's buy and sell measured.
  const coins = q.creatorCoins;
  await (
    await coins
      .connect(creator)
      .launchCoin(handleToTokenId("ada"), "Ada Coin", "ADA", q.usdc, USDC(1n), USDC(1n) / 10n, 300)
  ).wait();
  const coin = await coins.coinOf(handleToTokenId("ada"));
  for (const buyer of [fan, fan2]) await q.usdc.connect(buyer).approve(coins, ethers.MaxUint256);
  const deadline = BigInt(await time.latest()) + 3_600n;
  await coins.connect(fan).buy(coin, 10n * WAD, ethers.MaxUint256, deadline);
  await measure(
    "social.buyCoin",
    "second buyer of a USDC creator coin (its first coins), 10 coins, fees credited to existing slots",
    coins.connect(fan2).buy(coin, 10n * WAD, ethers.MaxUint256, deadline),
  );
  await measure(
    "social.sellCoin",
    "that buyer sells 5 of its 10 coins back to the curve",
    coins.connect(fan2).sell(coin, 5n * WAD, 0n, deadline),
  );
}

async function benchGovernance(
  q: Q,
  [whale, small, signerVoter, relayer, newcomer]: Signer[],
  target: string,
): Promise<bigint> {
  const [w, s, sv, n] = await Promise.all([whale, small, signerVoter, newcomer].map((x) => x.getAddress()));
  await q.token.transfer(w, 5_000_000n * WAD);
  await q.token.transfer(s, 1_000n * WAD);
  await q.token.transfer(sv, 1_000n * WAD);
  await q.token.transfer(n, 1_000n * WAD);
  for (const voter of [whale, small, signerVoter]) await q.token.connect(voter).delegate(await voter.getAddress());
  await measure(
    "governance.delegate",
    "a holder of 1,000 QRT delegates to themself for the first time",
    q.token.connect(newcomer).delegate(n),
  );
  await time.increase(2);

  const proposal = buildProposal(
    [
      {
        target: await q.accessManager.getAddress(),
        data: q.accessManager.interface.encodeFunctionData("labelRole", [ROLES.GUARDIAN, "GUARDIAN"]),
      },
    ],
    "Relabel the guardian role",
  );
  await measure(
    "governance.propose",
    "one-action proposal (AccessManager.labelRole) by a 5M QRT holder",
    q.governor.connect(whale).propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
  );
  const id = proposalId(proposal);
  await startVoting(q.governor, id);
  await q.governor.connect(newcomer).castVote(id, VoteType.For); // the first vote on the proposal
  await measure(
    "governance.castVote",
    "a 1,000 QRT holder votes For, quorum not reached",
    q.governor.connect(small).castVote(id, VoteType.For),
  );
  const signature = await signVote(signerVoter, q.governor, { proposalId: id, support: VoteType.For });
  await measure(
    "governance.castVoteBySig",
    "a relayer submits a 1,000 QRT holder's signed For vote, quorum not reached",
    q.governor.connect(relayer).castVoteBySig(id, VoteType.For, sv, signature),
  );
  await q.governor.connect(whale).castVote(id, VoteType.For);
  await endVoting(q.governor, id);
  await measure(
    "governance.queue",
    "queue the succeeded one-action proposal in the timelock",
    q.governor.queue(proposal.targets, proposal.values, proposal.calldatas, descriptionHash(proposal.description)),
  );
  await advanceTo(await q.governor.proposalEta(id));
  await measure(
    "governance.execute",
    "execute it through the timelock (AccessManager.labelRole)",
    q.governor.execute(proposal.targets, proposal.values, proposal.calldatas, descriptionHash(proposal.description)),
  );
  void target;
  return id;
}

// ───────── governance round 2: secret ballot and voting rewards (self-contained) ─────────

/**
 * commitVote / revealVote on the token house deployed with a secret ballot (SecretGovernance module, local.json), and
 * claimReward on LocalQuartet's token-house VotingRewards for the proposal `benchGovernance` voted on.
 */
async function benchGovernanceRound2(
  q: Q,
  [whale, small, signerVoter]: Signer[],
  votedProposalId: bigint,
): Promise<void> {
  const { SecretGovernance } = await import("../deploy/modules/Governance");
  const g = await import("./lib/governance");
  const d = await ignition.deploy(SecretGovernance, {
    parameters: path.join(__dirname, "..", "deploy", "parameters", "local.json"),
  });
  const { QuartetToken__factory, QuartetSecretGovernor__factory } = await import("../typechain-types");
  const token = QuartetToken__factory.connect(await d.token.getAddress(), (await ethers.getSigners())[0]);
  const secret = QuartetSecretGovernor__factory.connect(await d.governor.getAddress(), (await ethers.getSigners())[0]);
  const [w, s, sv] = await Promise.all([whale, small, signerVoter].map((x) => x.getAddress()));
  for (const [voter, amount] of [
    [whale, 5_000_000n * WAD],
    [small, 1_000n * WAD],
    [signerVoter, 1_000n * WAD],
  ] as const) {
    await token.transfer(await voter.getAddress(), amount);
    await token.connect(voter).delegate(await voter.getAddress());
  }
  await time.increase(2);
  const proposal = buildProposal([{ target: w, data: "0x" }], "A secret vote");
  await secret.connect(whale).propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
  const id = proposalId(proposal);
  await startVoting(secret, id);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const governor = await secret.getAddress();
  const ballot = (voter: string) => {
    const salt = g.newSalt();
    return { salt, commitment: g.voteCommitment({ chainId, governor, proposalId: id, voter, support: 1, salt }) };
  };
  const first = ballot(sv);
  await secret.connect(signerVoter).commitVote(id, first.commitment); // the first commitment on the proposal
  const second = ballot(s);
  await measure(
    "governance.commitVote",
    "secret ballot: a 1,000 QRT holder commits, the proposal's second commitment, quorum not reached",
    secret.connect(small).commitVote(id, second.commitment),
  );
  await advanceTo((await secret.commitDeadline(id)) + 1n);
  await secret.revealVote(id, sv, 1, first.salt); // the first reveal
  await measure(
    "governance.revealVote",
    "secret ballot: the second reveal (a 1,000 QRT holder's For), quorum not reached",
    secret.revealVote(id, s, 1, second.salt),
  );

  // Rewards: the treasury funds the epoch of the benchmark's token-house proposal; `small`, a voter holding USDC,
  // makes its first-ever claim (the worst realistic case: no claim of any epoch before).
  const rewards = q.tokenHouseRewards;
  const treasury = await q.timelock.getAddress();
  await network.provider.send("hardhat_impersonateAccount", [treasury]);
  await network.provider.send("hardhat_setBalance", [treasury, "0xDE0B6B3A7640000"]);
  const treasurySigner = await ethers.getSigner(treasury);
  const epoch = await rewards.epochOf(await q.governor.proposalSnapshot(votedProposalId));
  await q.usdc.mint(treasury, USDC(1_000n));
  await q.usdc.connect(treasurySigner).approve(rewards, USDC(1_000n));
  await rewards.connect(treasurySigner).fund(epoch, USDC(1_000n));
  await network.provider.send("hardhat_stopImpersonatingAccount", [treasury]);
  await rewards.registerProposal(votedProposalId);
  await advanceTo(await rewards.claimsOpenAt(epoch));
  if ((await q.usdc.balanceOf(s)) === 0n) throw new Error("bench: the claimer should already hold USDC");
  await measure(
    "governance.claimReward",
    "a voter (holding USDC) makes its first-ever claim: one epoch, one proposal",
    rewards.connect(small).claim(epoch, [votedProposalId]),
  );
}

async function main(): Promise<void> {
  const mode = process.env.BENCH_MODE ?? "report";
  const signers = await ethers.getSigners();
  const q = await deploy();
  await fund(q, signers.slice(1, 20));
  const [
    ,
    alice,
    bob,
    carol,
    dave,
    liquidator,
    keeper,
    merchant,
    creator,
    fan,
    fan2,
    verifier,
    other,
    whale,
    small,
    signerVoter,
    relayer,
    newcomer,
    erin,
  ] = signers;

  // Governance appoints the verifier the social benchmark needs (VERIFIER is the Citizens' House's to administer;
  // the benchmark takes the timelock's place for this setup step only).
  const timelock = await q.governor.timelock();
  await network.provider.send("hardhat_impersonateAccount", [timelock]);
  await network.provider.send("hardhat_setBalance", [timelock, "0xDE0B6B3A7640000"]);
  const timelockSigner = await ethers.getSigner(timelock);
  await q.accessManager.connect(timelockSigner).setRoleAdmin(ROLES.VERIFIER, ROLES.ADMIN);
  await q.accessManager.connect(timelockSigner).grantRole(ROLES.VERIFIER, await verifier.getAddress(), 0);
  await network.provider.send("hardhat_stopImpersonatingAccount", [timelock]);

  await benchLending(q, [alice, bob, carol, dave, liquidator, erin]);
  await benchIntents(q, [alice, carol, keeper, merchant]);
  await benchSocial(q, [creator, fan, fan2, verifier, other]);
  const votedProposalId = await benchGovernance(q, [whale, small, signerVoter, relayer, newcomer], timelock);
  await benchGovernanceRound2(q, [whale, small, signerVoter], votedProposalId);

  const dir = path.join(__dirname, "..", "bench");
  const snapshotFile = path.join(dir, "snapshot.json");
  const snapshot: Snapshot = fs.existsSync(snapshotFile) ? JSON.parse(fs.readFileSync(snapshotFile, "utf8")) : {};
  console.log(benchTable(results, snapshot));
  const fee = OP_MAINNET_LIKE_SCALARS;
  console.log(
    `\nL1 fee: Fjord formula over the FastLZ-compressed signed transaction at L1 base fee ${formatUnits(fee.l1BaseFeeWei, "gwei")} gwei, ` +
      `blob base fee ${formatUnits(fee.blobBaseFeeWei, "gwei")} gwei, scalars ${fee.baseFeeScalar} / ${fee.blobBaseFeeScalar}.`,
  );
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "results.json"), JSON.stringify(results, null, 2) + "\n");

  const missing = missingKeys(results);
  if (missing.length > 0) throw new Error(`Keys not measured: ${missing.join(", ")}`);
  if (mode === "update") {
    fs.writeFileSync(snapshotFile, JSON.stringify(results, null, 2) + "\n");
    console.log(`Snapshot written: ${path.relative(process.cwd(), snapshotFile)}`);
    await (await import("./lib/gas-docs")).updateGasDoc(snapshotFile);
    console.log("Gas tables written: docs/gas.md");
  } else if (mode === "check") {
    const problems = benchProblems(results, snapshot);
    for (const p of problems) console.error(`✗ ${p}`);
    if (problems.length > 0) process.exitCode = 1;
    else console.log("bench:check passed: every key within budget and within 1% of the snapshot.");
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
