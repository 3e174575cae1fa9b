import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, type AddressLike } from "ethers";

import {
  advanceTo,
  buildProposal,
  endVoting,
  execute,
  propose,
  proposeVoteQueueExecute,
  startVoting,
  VoteType,
  type ProposalAction,
} from "../../scripts/lib/governance";
import {
  AccessManager__factory,
  FeeOnTransferToken__factory,
  QuartetGovernor__factory,
  ReentrantToken__factory,
  VotingRewards__factory,
  type QuartetGovernor,
  type VotingRewards,
} from "../../typechain-types";
import { BUDGETS } from "../../scripts/lib/bench";
import { units, type Quartet } from "../fixtures";
import { deployTokenHouse, TOKEN_HOUSE_BALANCES } from "./fixtures";
import { deployQuartetWithCitizens, governTokenHouse, queueProposal } from "./quartet.fixtures";

const FUNDS = units(1_000, 6); // per house, for epoch 1

/** DESIGN.md: claimReward ≤ 70,000 gas, a voter's first-ever claim included (one proposal, holding the reward token). */
const CLAIM_BUDGET = BUDGETS["governance.claimReward"].budget;

/** The token house's actions that approve and fund `rewards` for `epoch` from the treasury (its timelock). */
async function fundActions(
  q: Quartet,
  rewards: VotingRewards,
  epoch: bigint,
  amount: bigint,
): Promise<ProposalAction[]> {
  return [
    {
      target: await q.usdc.getAddress(),
      data: q.usdc.interface.encodeFunctionData("approve", [await rewards.getAddress(), amount]),
    },
    { target: await rewards.getAddress(), data: rewards.interface.encodeFunctionData("fund", [epoch, amount]) },
  ];
}

/**
 * Both houses can vote; the treasury holds 100,000 USDC and a token-house proposal (in epoch 0) funded epoch 1 of
 * both houses' rewards with 1,000 USDC each, and epoch 2 of the token house's. The chain stands at the start of
 * epoch 1.
 */
async function deployFundedRewards() {
  const q = await loadFixture(deployQuartetWithCitizens);
  await q.usdc.mint(await q.timelock.getAddress(), units(100_000, 6));
  await governTokenHouse(q, "Fund epochs 1 and 2", [
    ...(await fundActions(q, q.tokenHouseRewards, 1n, FUNDS)),
    ...(await fundActions(q, q.tokenHouseRewards, 2n, FUNDS)),
    ...(await fundActions(q, q.citizensRewards, 1n, FUNDS)),
  ]);
  // Each house's rewards count epochs from their own deployment (a few seconds apart): start where both are in epoch 1.
  for (const rewards of [q.tokenHouseRewards, q.citizensRewards]) {
    await advanceTo((await rewards.ORIGIN()) + (await rewards.EPOCH_LENGTH()));
  }
  return q;
}

/** A proposal of `governor` in the current epoch, voted by `voters` (For), whose voting is over. */
/** A proposal that changes nothing: it sets the passes' protocol fee to what it is. */
async function noOpAction(q: Quartet) {
  return {
    target: await q.creatorPasses.getAddress(),
    data: q.creatorPasses.interface.encodeFunctionData("setProtocolFee", [await q.creatorPasses.protocolFeeBps()]),
  };
}

async function votedProposal(q: Quartet, governor: QuartetGovernor, voters: Quartet["alice"][], description: string) {
  const { proposalId } = await propose(governor, buildProposal([await noOpAction(q)], description), q.alice);
  await startVoting(governor, proposalId);
  for (const voter of voters) await governor.connect(voter).castVote(proposalId, VoteType.For);
  await endVoting(governor, proposalId);
  return proposalId;
}

async function openClaims(rewards: VotingRewards, epoch: bigint) {
  await advanceTo(await rewards.claimsOpenAt(epoch));
}

describe("VotingRewards", function () {
  describe("funding", function () {
    it("is funded by a treasury proposal up to the cap, with EpochFunded", async function () {
      const q = await loadFixture(deployFundedRewards);
      expect((await q.tokenHouseRewards.epochInfo(1n)).funded).to.equal(FUNDS);
      expect(await q.usdc.balanceOf(q.tokenHouseRewards)).to.equal(2n * FUNDS); // epochs 1 and 2
      const cap = await q.tokenHouseRewards.epochBudgetCap();
      const { proposal } = await queueProposal(q.governor, q, "Fund epoch 3 to the cap", [
        ...(await fundActions(q, q.tokenHouseRewards, 3n, cap)),
      ]);
      await expect(execute(q.governor, proposal, q.alice))
        .to.emit(q.tokenHouseRewards, "EpochFunded")
        .withArgs(3n, await q.timelock.getAddress(), cap, cap);
    });

    it("reverts RewardsBudgetExceeded one unit above the cap", async function () {
      const q = await loadFixture(deployFundedRewards);
      const cap = await q.tokenHouseRewards.epochBudgetCap();
      const { proposal } = await queueProposal(q.governor, q, "Fund epoch 1 past the cap", [
        ...(await fundActions(q, q.tokenHouseRewards, 1n, cap - FUNDS + 1n)),
      ]);
      await expect(execute(q.governor, proposal, q.alice))
        .to.be.revertedWithCustomError(q.tokenHouseRewards, "RewardsBudgetExceeded")
        .withArgs(1n, cap + 1n, cap);
    });

    it("reverts AccessManagedUnauthorized when anyone but the treasury funds, reclaims or sets the cap", async function () {
      const q = await loadFixture(deployFundedRewards);
      const r = q.tokenHouseRewards.connect(q.mallory);
      for (const call of [
        () => r.fund(2n, 1n),
        () => r.reclaim(0n, q.mallory.address),
        () => r.setEpochBudgetCap(1n),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(r, "AccessManagedUnauthorized").withArgs(q.mallory.address);
      }
    });

    it("has its cap set by the token house, with EpochBudgetCapSet; a cap above 128 bits reverts RewardsCapTooLarge", async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.tokenHouseRewards;
      const setCap = (cap: bigint) => ({
        target: q.tokenHouseRewards.target as string,
        data: rewards.interface.encodeFunctionData("setEpochBudgetCap", [cap]),
      });
      const old = await rewards.epochBudgetCap();
      const { proposal } = await queueProposal(q.governor, q, "Cap 5", [setCap(5n)]);
      await expect(execute(q.governor, proposal, q.alice))
        .to.emit(rewards, "EpochBudgetCapSet")
        .withArgs(old, 5n);
      const { proposal: tooLarge } = await queueProposal(q.governor, q, "Cap 2^128", [setCap(2n ** 128n)]);
      await expect(execute(q.governor, tooLarge, q.alice))
        .to.be.revertedWithCustomError(rewards, "RewardsCapTooLarge")
        .withArgs(2n ** 128n, 2n ** 128n - 1n);
    });
  });

  describe("registerProposal", function () {
    it("adds the proposal's total votes to its snapshot's epoch once voting is over", async function () {
      const q = await loadFixture(deployFundedRewards);
      const id = await votedProposal(q, q.governor, [q.alice, q.bob, q.carol], "Three voters");
      const total = TOKEN_HOUSE_BALANCES.alice + TOKEN_HOUSE_BALANCES.bob + TOKEN_HOUSE_BALANCES.carol;
      await expect(q.tokenHouseRewards.connect(q.mallory).registerProposal(id))
        .to.emit(q.tokenHouseRewards, "ProposalRegistered")
        .withArgs(id, 1n, total);
      expect((await q.tokenHouseRewards.epochInfo(1n)).weight).to.equal(total);
      expect(await q.tokenHouseRewards.proposalEpoch(id)).to.deep.equal([true, 1n]);
      await expect(q.tokenHouseRewards.registerProposal(id))
        .to.be.revertedWithCustomError(q.tokenHouseRewards, "RewardsProposalAlreadyRegistered")
        .withArgs(id);
    });

    it("reverts RewardsVotingNotOver until the deadline has passed (the deadline second included)", async function () {
      const q = await loadFixture(deployFundedRewards);
      const action = { target: q.creatorPasses.target as string, data: "0x" };
      const { proposalId } = await propose(q.governor, buildProposal([action], "Early"), q.alice);
      await startVoting(q.governor, proposalId);
      for (const voter of [q.alice, q.bob]) await q.governor.connect(voter).castVote(proposalId, VoteType.For);
      const deadline = await q.governor.proposalDeadline(proposalId);
      await time.setNextBlockTimestamp(deadline);
      await expect(q.tokenHouseRewards.registerProposal(proposalId))
        .to.be.revertedWithCustomError(q.tokenHouseRewards, "RewardsVotingNotOver")
        .withArgs(proposalId, deadline);
      await expect(q.tokenHouseRewards.registerProposal(proposalId)).to.emit(q.tokenHouseRewards, "ProposalRegistered");
    });

    it("reverts RewardsQuorumNotReached below the quorum's turnout, against votes counted; exactly the quorum registers", async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.tokenHouseRewards;
      // A proposer voting alone on her own proposals shares nothing: alice holds 3 %, the quorum is 4 %.
      const alone = await votedProposal(q, q.governor, [q.alice], "Alone");
      const quorum = await q.governor.quorum(await q.governor.proposalSnapshot(alone));
      expect(quorum).to.equal(TOKEN_HOUSE_BALANCES.alice + TOKEN_HOUSE_BALANCES.carol);
      await expect(rewards.registerProposal(alone))
        .to.be.revertedWithCustomError(rewards, "RewardsQuorumNotReached")
        .withArgs(alone, TOKEN_HOUSE_BALANCES.alice, quorum);
      // Alice For and carol Against: a turnout of exactly the quorum.
      const action = { target: q.creatorPasses.target as string, data: "0x" };
      const { proposalId } = await propose(q.governor, buildProposal([action], "Contested"), q.alice);
      await startVoting(q.governor, proposalId);
      await q.governor.connect(q.alice).castVote(proposalId, VoteType.For);
      await q.governor.connect(q.carol).castVote(proposalId, VoteType.Against);
      await endVoting(q.governor, proposalId);
      await expect(rewards.registerProposal(proposalId))
        .to.emit(rewards, "ProposalRegistered")
        .withArgs(proposalId, 1n, quorum);
    });

    it("reverts RewardsQuorumNotReached in the Citizens' House for fewer people than its floor", async function () {
      const q = await loadFixture(deployFundedRewards);
      const id = await votedProposal(q, q.citizensGovernor, [q.dave], "One person");
      await expect(q.citizensRewards.registerProposal(id))
        .to.be.revertedWithCustomError(q.citizensRewards, "RewardsQuorumNotReached")
        .withArgs(id, 1n, 2n);
    });

    it("reverts RewardsUnknownProposal for an id the governor does not know", async function () {
      const q = await loadFixture(deployFundedRewards);
      await expect(q.tokenHouseRewards.registerProposal(42n))
        .to.be.revertedWithCustomError(q.tokenHouseRewards, "RewardsUnknownProposal")
        .withArgs(42n);
    });

    it("reverts RewardsEpochSettled once the epoch's claims are open (the opening second included)", async function () {
      const q = await loadFixture(deployFundedRewards);
      const id = await votedProposal(q, q.governor, [q.alice, q.bob], "Registered too late");
      const openAt = await q.tokenHouseRewards.claimsOpenAt(1n);
      await time.setNextBlockTimestamp(openAt);
      await expect(q.tokenHouseRewards.registerProposal(id))
        .to.be.revertedWithCustomError(q.tokenHouseRewards, "RewardsEpochSettled")
        .withArgs(1n, openAt);
    });
  });

  describe("claim", function () {
    it("pays token-house voters by weight, once, and never more than the epoch's funds", async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.tokenHouseRewards;
      const id = await votedProposal(q, q.governor, [q.alice, q.bob, q.carol], "Three voters");
      await rewards.registerProposal(id);
      await expect(rewards.connect(q.alice).claim(1n, [id]))
        .to.be.revertedWithCustomError(rewards, "RewardsEpochNotSettled")
        .withArgs(1n, await rewards.claimsOpenAt(1n));
      await openClaims(rewards, 1n);

      const total = TOKEN_HOUSE_BALANCES.alice + TOKEN_HOUSE_BALANCES.bob + TOKEN_HOUSE_BALANCES.carol;
      // Each claim takes its weight's share of what is left, rounded down; the last one takes exactly the rest.
      let [fundsLeft, weightLeft] = [FUNDS, total];
      let paid = 0n;
      for (const [voter, weight] of [
        [q.alice, TOKEN_HOUSE_BALANCES.alice],
        [q.bob, TOKEN_HOUSE_BALANCES.bob],
        [q.carol, TOKEN_HOUSE_BALANCES.carol],
      ] as const) {
        const expected = (fundsLeft * weight) / weightLeft;
        expect(await rewards.claimable(voter.address, 1n, [id])).to.equal(expected);
        const before = await q.usdc.balanceOf(voter.address);
        await expect(rewards.connect(voter).claim(1n, [id]))
          .to.emit(rewards, "RewardClaimed")
          .withArgs(voter.address, 1n, weight, expected);
        expect(await q.usdc.balanceOf(voter.address)).to.equal(before + expected);
        paid += expected;
        [fundsLeft, weightLeft] = [fundsLeft - expected, weightLeft - weight];
        expect(await rewards.epochInfo(1n)).to.deep.equal([fundsLeft, weightLeft]);
        expect(await rewards.hasClaimed(voter.address, id)).to.be.true;
        expect((await q.governor.voteReceipt(id, voter.address)).rewarded).to.be.true;
        expect(await rewards.claimable(voter.address, 1n, [id])).to.equal(0n);
        await expect(rewards.connect(voter).claim(1n, [id]))
          .to.be.revertedWithCustomError(rewards, "RewardsAlreadyClaimed")
          .withArgs(voter.address, id);
      }
      // Not a unit more than the epoch's funds, and no dust left behind either.
      expect(paid).to.equal(FUNDS);
      expect((FUNDS * TOKEN_HOUSE_BALANCES.carol) % total).to.not.equal(0n); // inexact shares: rounding exercised
    });

    it("pays Citizens' House voters one equal share per person", async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.citizensRewards;
      const id = await votedProposal(q, q.citizensGovernor, [q.alice, q.bob, q.carol], "Three people");
      await rewards.registerProposal(id);
      await openClaims(rewards, 1n);
      // A third each, rounded down, of what is left: the last person takes the remainder, so nothing is stranded.
      const shares = [FUNDS / 3n, (FUNDS - FUNDS / 3n) / 2n];
      shares.push(FUNDS - shares[0] - shares[1]);
      expect(FUNDS % 3n).to.not.equal(0n);
      for (const [i, voter] of [q.alice, q.bob, q.carol].entries()) {
        await expect(rewards.connect(voter).claim(1n, [id]))
          .to.emit(rewards, "RewardClaimed")
          .withArgs(voter.address, 1n, 1n, shares[i]);
      }
      expect(await q.usdc.balanceOf(rewards)).to.equal(0n);
    });

    it("counts votes at the snapshot: selling or re-delegating afterwards moves no reward", async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.tokenHouseRewards;
      const action = { target: q.creatorPasses.target as string, data: "0x" };
      const { proposalId: id } = await propose(q.governor, buildProposal([action], "Then sell"), q.alice);
      await startVoting(q.governor, id);
      await q.governor.connect(q.alice).castVote(id, VoteType.For);
      // alice sells to mallory, who votes with nothing; bob re-delegates to carol, who votes with her own weight.
      await q.token.connect(q.alice).transfer(q.mallory.address, TOKEN_HOUSE_BALANCES.alice);
      await q.token.connect(q.mallory).delegate(q.mallory.address);
      await q.token.connect(q.bob).delegate(q.carol.address);
      for (const voter of [q.mallory, q.bob, q.carol]) await q.governor.connect(voter).castVote(id, VoteType.For);
      await endVoting(q.governor, id);
      await rewards.registerProposal(id);
      await openClaims(rewards, 1n);
      const total = TOKEN_HOUSE_BALANCES.alice + TOKEN_HOUSE_BALANCES.bob + TOKEN_HOUSE_BALANCES.carol;
      expect(await rewards.claimable(q.mallory.address, 1n, [id])).to.equal(0n);
      expect(await rewards.claimable(q.alice.address, 1n, [id])).to.equal((FUNDS * TOKEN_HOUSE_BALANCES.alice) / total);
      expect(await rewards.claimable(q.bob.address, 1n, [id])).to.equal((FUNDS * TOKEN_HOUSE_BALANCES.bob) / total);
      expect(await rewards.claimable(q.carol.address, 1n, [id])).to.equal((FUNDS * TOKEN_HOUSE_BALANCES.carol) / total);
    });

    it("gains nothing from splitting votes across addresses before the snapshot", async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.tokenHouseRewards;
      const half = TOKEN_HOUSE_BALANCES.alice / 2n;
      await q.token.connect(q.alice).transfer(q.mallory.address, half);
      await q.token.connect(q.mallory).delegate(q.mallory.address);
      const id = await votedProposal(q, q.governor, [q.alice, q.mallory, q.bob], "Split");
      await rewards.registerProposal(id);
      await openClaims(rewards, 1n);
      const total = TOKEN_HOUSE_BALANCES.alice + TOKEN_HOUSE_BALANCES.bob;
      const unsplit = (FUNDS * TOKEN_HOUSE_BALANCES.alice) / total;
      const split =
        (await rewards.claimable(q.alice.address, 1n, [id])) + (await rewards.claimable(q.mallory.address, 1n, [id]));
      expect(split).to.be.lessThanOrEqual(unsplit);
      expect(unsplit - split).to.be.lessThan(2n);
    });

    it("sums a voter's weight over the epoch's proposals", async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.tokenHouseRewards;
      const first = await votedProposal(q, q.governor, [q.alice, q.bob], "First");
      const second = await votedProposal(q, q.governor, [q.alice, q.carol], "Second");
      for (const id of [first, second]) await rewards.registerProposal(id);
      await openClaims(rewards, 1n);
      const ids = first < second ? [first, second] : [second, first];
      const { alice, bob, carol } = TOKEN_HOUSE_BALANCES;
      expect(await rewards.claimable(q.alice.address, 1n, ids)).to.equal(
        (FUNDS * 2n * alice) / (2n * alice + bob + carol),
      );
      await expect(rewards.connect(q.alice).claim(1n, [ids[1], ids[0]]))
        .to.be.revertedWithCustomError(rewards, "RewardsProposalsNotIncreasing")
        .withArgs(ids[0]);
      await expect(rewards.connect(q.alice).claim(1n, [ids[0], ids[0]]))
        .to.be.revertedWithCustomError(rewards, "RewardsProposalsNotIncreasing")
        .withArgs(ids[0]);
      await expect(rewards.connect(q.bob).claim(1n, ids))
        .to.be.revertedWithCustomError(rewards, "RewardsDidNotVote")
        .withArgs(q.bob.address, second);
      // The view refuses what the claim refuses: a proposal listed twice would count its weight twice.
      await expect(rewards.claimable(q.alice.address, 1n, [ids[0], ids[0]]))
        .to.be.revertedWithCustomError(rewards, "RewardsProposalsNotIncreasing")
        .withArgs(ids[0]);
      await expect(rewards.claimable(q.alice.address, 1n, [ids[1], ids[0]]))
        .to.be.revertedWithCustomError(rewards, "RewardsProposalsNotIncreasing")
        .withArgs(ids[0]);
      await expect(rewards.claimable(q.bob.address, 1n, ids))
        .to.be.revertedWithCustomError(rewards, "RewardsDidNotVote")
        .withArgs(q.bob.address, second);
    });

    it("pays a proposal left out of a claim later, once, and never more than one claim of both", async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.tokenHouseRewards;
      const first = await votedProposal(q, q.governor, [q.alice, q.bob], "First");
      const second = await votedProposal(q, q.governor, [q.alice, q.carol], "Second");
      for (const id of [first, second]) await rewards.registerProposal(id);
      await openClaims(rewards, 1n);
      const ids = first < second ? [first, second] : [second, first];
      const together = await rewards.claimable(q.alice.address, 1n, ids);
      const before = await q.usdc.balanceOf(q.alice.address);
      await rewards.connect(q.alice).claim(1n, [ids[0]]);
      expect(await rewards.hasClaimed(q.alice.address, ids[0])).to.be.true;
      expect(await rewards.hasClaimed(q.alice.address, ids[1])).to.be.false;
      // The claimed proposal counts nothing any more; listing it again reverts.
      expect(await rewards.claimable(q.alice.address, 1n, ids)).to.equal(
        await rewards.claimable(q.alice.address, 1n, [ids[1]]),
      );
      await expect(rewards.connect(q.alice).claim(1n, ids))
        .to.be.revertedWithCustomError(rewards, "RewardsAlreadyClaimed")
        .withArgs(q.alice.address, ids[0]);
      await rewards.connect(q.alice).claim(1n, [ids[1]]);
      const paid = (await q.usdc.balanceOf(q.alice.address)) - before;
      expect(paid).to.be.lessThanOrEqual(together);
      expect(together - paid).to.be.lessThan(2n);
      await expect(rewards.connect(q.alice).claim(1n, [ids[1]]))
        .to.be.revertedWithCustomError(rewards, "RewardsAlreadyClaimed")
        .withArgs(q.alice.address, ids[1]);
    });

    it("lets nobody but the house's VotingRewards mark a vote rewarded", async function () {
      const q = await loadFixture(deployFundedRewards);
      // A look-alike VotingRewards on the same governor can register and list, but never pay: the governor never
      // named it.
      const rogue = await new VotingRewards__factory(q.mallory).deploy(
        await q.accessManager.getAddress(),
        q.governor,
        q.usdc,
        3600n,
        900n,
        10n ** 12n,
      );
      const id = await votedProposal(q, q.governor, [q.alice, q.bob], "Mark");
      await expect(q.governor.connect(q.alice).markRewarded(id, q.alice.address))
        .to.be.revertedWithCustomError(q.governor, "GovernorOnlyVotingRewards")
        .withArgs(q.alice.address);
      await rogue.connect(q.mallory).registerProposal(id);
      const epoch = await rogue.epochOf(await q.governor.proposalSnapshot(id));
      await openClaims(rogue, epoch);
      await expect(rogue.connect(q.alice).claim(epoch, [id]))
        .to.be.revertedWithCustomError(q.governor, "GovernorOnlyVotingRewards")
        .withArgs(await rogue.getAddress());
      expect((await q.governor.voteReceipt(id, q.alice.address)).rewarded).to.be.false;
    });

    it("leaves the deployer no call once governance has set the VotingRewards, or once it named none", async function () {
      const h = await loadFixture(deployTokenHouse); // GovernedAccess wires no rewards: the deployer's call is unused
      const setRewards = buildProposal(
        [
          {
            target: h.governor.target as string,
            data: h.governor.interface.encodeFunctionData("setVotingRewards", [h.carol.address]),
          },
        ],
        "Governance names the rewards",
      );
      await proposeVoteQueueExecute(h.governor, setRewards, { proposer: h.alice, voters: [h.alice, h.bob] });
      expect(await h.governor.votingRewards()).to.equal(h.carol.address);
      await expect(h.governor.connect(h.deployer).initializeVotingRewards(h.deployer.address))
        .to.be.revertedWithCustomError(h.governor, "GovernorOnlyDeployer")
        .withArgs(h.deployer.address);

      // A fresh house whose deployer gives the right up by naming none.
      const fresh = await loadFixture(deployTokenHouse);
      await expect(fresh.governor.connect(fresh.deployer).initializeVotingRewards(ZeroAddress))
        .to.emit(fresh.governor, "VotingRewardsSet")
        .withArgs(ZeroAddress, ZeroAddress);
      await expect(fresh.governor.connect(fresh.deployer).initializeVotingRewards(fresh.deployer.address))
        .to.be.revertedWithCustomError(fresh.governor, "GovernorOnlyDeployer")
        .withArgs(fresh.deployer.address);
    });

    it("is named by the deployer once and replaced only by governance", async function () {
      const q = await loadFixture(deployFundedRewards);
      expect(await q.governor.votingRewards()).to.equal(await q.tokenHouseRewards.getAddress());
      await expect(q.governor.connect(q.mallory).initializeVotingRewards(q.mallory.address))
        .to.be.revertedWithCustomError(q.governor, "GovernorOnlyDeployer")
        .withArgs(q.mallory.address);
      // The deployment's call used the deployer's right up: a second one is refused, whatever it names.
      await expect(q.governor.connect(q.deployer).initializeVotingRewards(q.mallory.address))
        .to.be.revertedWithCustomError(q.governor, "GovernorOnlyDeployer")
        .withArgs(q.deployer.address);
      await expect(q.governor.connect(q.mallory).setVotingRewards(q.mallory.address))
        .to.be.revertedWithCustomError(q.governor, "GovernorOnlyExecutor")
        .withArgs(q.mallory.address);
      const { proposal } = await queueProposal(q.governor, q, "Remove the rewards", [
        {
          target: q.governor.target as string,
          data: q.governor.interface.encodeFunctionData("setVotingRewards", [ZeroAddress]),
        },
      ]);
      await expect(execute(q.governor, proposal, q.alice))
        .to.emit(q.governor, "VotingRewardsSet")
        .withArgs(await q.tokenHouseRewards.getAddress(), ZeroAddress);
      expect(await q.governor.votingRewards()).to.equal(ZeroAddress);
      const { proposal: fund } = await queueProposal(q.governor, q, "Fund unwired rewards", [
        ...(await fundActions(q, q.tokenHouseRewards, 3n, 1n)),
      ]);
      await expect(execute(q.governor, fund, q.alice))
        .to.be.revertedWithCustomError(q.tokenHouseRewards, "RewardsNotWired")
        .withArgs(ZeroAddress);
    });

    it("reverts RewardsProposalNotInEpoch for a proposal of another epoch or not registered", async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.tokenHouseRewards;
      const id = await votedProposal(q, q.governor, [q.alice], "Epoch 1");
      await openClaims(rewards, 1n);
      await expect(rewards.connect(q.alice).claim(1n, [id]))
        .to.be.revertedWithCustomError(rewards, "RewardsProposalNotInEpoch")
        .withArgs(id, 1n);
      await expect(rewards.connect(q.alice).claim(0n, [id]))
        .to.be.revertedWithCustomError(rewards, "RewardsProposalNotInEpoch")
        .withArgs(id, 0n);
    });

    it("does not pay a Citizens' House voter from the token house's rewards", async function () {
      const q = await loadFixture(deployFundedRewards);
      const id = await votedProposal(q, q.citizensGovernor, [q.dave, q.carol], "Citizens only");
      await q.citizensRewards.registerProposal(id);
      await expect(q.tokenHouseRewards.registerProposal(id))
        .to.be.revertedWithCustomError(q.tokenHouseRewards, "RewardsUnknownProposal")
        .withArgs(id);
    });
  });

  describe("reclaim", function () {
    it("returns a settled epoch's funds to the treasury when nobody voted, and only then", async function () {
      const q = await loadFixture(deployFundedRewards);
      const reclaim = (epoch: bigint) => ({
        target: q.citizensRewards.target as string,
        data: q.citizensRewards.interface.encodeFunctionData("reclaim", [epoch, q.timelock.target as string]),
      });
      // The token house votes in epoch 1 (this very proposal); the Citizens' House does not.
      const { proposal: early } = await queueProposal(q.governor, q, "Reclaim too early", [reclaim(1n)]);
      await expect(execute(q.governor, early, q.alice))
        .to.be.revertedWithCustomError(q.citizensRewards, "RewardsEpochNotSettled")
        .withArgs(1n, await q.citizensRewards.claimsOpenAt(1n));
      await openClaims(q.citizensRewards, 1n);
      const { proposal } = await queueProposal(q.governor, q, "Reclaim", [reclaim(1n)]);
      const before = await q.usdc.balanceOf(q.timelock);
      await expect(execute(q.governor, proposal, q.alice))
        .to.emit(q.citizensRewards, "EpochReclaimed")
        .withArgs(1n, q.timelock.target, FUNDS);
      expect(await q.usdc.balanceOf(q.timelock)).to.equal(before + FUNDS);
      expect(await q.usdc.balanceOf(q.citizensRewards)).to.equal(0n);
      expect((await q.citizensRewards.epochInfo(1n)).funded).to.equal(0n);
    });

    it("reverts RewardsEpochHasVoters when somebody voted in the epoch", async function () {
      const q = await loadFixture(deployFundedRewards);
      const id = await votedProposal(q, q.governor, [q.carol, q.alice], "Somebody voted");
      await q.tokenHouseRewards.registerProposal(id);
      await openClaims(q.tokenHouseRewards, 1n);
      const { proposal } = await queueProposal(q.governor, q, "Reclaim", [
        {
          target: q.tokenHouseRewards.target as string,
          data: q.tokenHouseRewards.interface.encodeFunctionData("reclaim", [1n, q.timelock.target as string]),
        },
      ]);
      await expect(execute(q.governor, proposal, q.alice))
        .to.be.revertedWithCustomError(q.tokenHouseRewards, "RewardsEpochHasVoters")
        .withArgs(1n, TOKEN_HOUSE_BALANCES.carol + TOKEN_HOUSE_BALANCES.alice);
    });

    it("returns what is left once the governor names another VotingRewards, and later claims pay nothing", async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.tokenHouseRewards;
      const id = await votedProposal(q, q.governor, [q.alice, q.bob], "Voted, then re-pointed");
      await rewards.registerProposal(id);
      await openClaims(rewards, 1n);
      const aliceShare = await rewards.claimable(q.alice.address, 1n, [id]);
      await rewards.connect(q.alice).claim(1n, [id]);
      const wire = (to: string): ProposalAction => ({
        target: q.governor.target as string,
        data: q.governor.interface.encodeFunctionData("setVotingRewards", [to]),
      });
      const reclaim: ProposalAction = {
        target: rewards.target as string,
        data: rewards.interface.encodeFunctionData("reclaim", [1n, q.timelock.target as string]),
      };
      // While wired, bob's unclaimed weight owns the rest.
      const { proposal: early } = await queueProposal(q.governor, q, "Reclaim while wired", [reclaim]);
      await expect(execute(q.governor, early, q.alice))
        .to.be.revertedWithCustomError(rewards, "RewardsEpochHasVoters")
        .withArgs(1n, TOKEN_HOUSE_BALANCES.bob);

      // The house points its rewards elsewhere: bob can no longer claim, so the treasury takes back the rest.
      await governTokenHouse(q, "Re-point the rewards", [wire(q.mallory.address)]);
      await expect(rewards.connect(q.bob).claim(1n, [id]))
        .to.be.revertedWithCustomError(q.governor, "GovernorOnlyVotingRewards")
        .withArgs(rewards.target);
      const before = await q.usdc.balanceOf(q.timelock);
      const { proposal } = await queueProposal(q.governor, q, "Reclaim once unwired", [reclaim]);
      await expect(execute(q.governor, proposal, q.alice))
        .to.emit(rewards, "EpochReclaimed")
        .withArgs(1n, q.timelock.target, FUNDS - aliceShare);
      expect(await q.usdc.balanceOf(q.timelock)).to.equal(before + FUNDS - aliceShare);
      expect(await q.usdc.balanceOf(rewards)).to.equal(FUNDS); // epoch 2's funds, untouched

      // Wired back, bob's claim is counted once and pays nothing: the epoch's funds are gone, no other epoch pays.
      await governTokenHouse(q, "Wire the rewards back", [wire(rewards.target as string)]);
      await expect(rewards.connect(q.bob).claim(1n, [id]))
        .to.emit(rewards, "RewardClaimed")
        .withArgs(q.bob.address, 1n, TOKEN_HOUSE_BALANCES.bob, 0n);
      expect(await q.usdc.balanceOf(rewards)).to.equal(FUNDS);
    });

    it("reverts RewardsEpochSettled when funding an epoch whose claims are open", async function () {
      const q = await loadFixture(deployFundedRewards);
      await openClaims(q.tokenHouseRewards, 0n);
      const { proposal } = await queueProposal(q.governor, q, "Fund epoch 0 late", [
        ...(await fundActions(q, q.tokenHouseRewards, 0n, 1n)),
      ]);
      await expect(execute(q.governor, proposal, q.alice))
        .to.be.revertedWithCustomError(q.tokenHouseRewards, "RewardsEpochSettled")
        .withArgs(0n, await q.tokenHouseRewards.claimsOpenAt(0n));
      const { proposal: zero } = await queueProposal(q.governor, q, "Fund nothing", [
        ...(await fundActions(q, q.tokenHouseRewards, 5n, 0n)),
      ]);
      await expect(execute(q.governor, zero, q.alice)).to.be.revertedWithCustomError(
        q.tokenHouseRewards,
        "RewardsZeroAmount",
      );
    });
  });

  describe("gas", function () {
    it(`a voter's first-ever claimReward stays within ${CLAIM_BUDGET} gas @gas`, async function () {
      const q = await loadFixture(deployFundedRewards);
      const rewards = q.tokenHouseRewards;
      const id = await votedProposal(q, q.governor, [q.alice, q.bob, q.carol], "Epoch 1");
      await rewards.registerProposal(id);
      await openClaims(rewards, 1n);
      expect(await q.usdc.balanceOf(q.bob.address)).to.be.greaterThan(0n); // its USDC balance slot is not new
      const receipt = await (await rewards.connect(q.bob).claim(1n, [id])).wait();
      expect(receipt?.gasUsed).to.be.lessThanOrEqual(CLAIM_BUDGET);
    });
  });

  describe("deployed on its own (the deployer is the AccessManager's ADMIN)", function () {
    async function deployStandalone() {
      const q = await loadFixture(deployFundedRewards);
      const manager = await new AccessManager__factory(q.deployer).deploy(q.deployer.address);
      const feeToken = await new FeeOnTransferToken__factory(q.deployer).deploy(100n);
      const factory = new VotingRewards__factory(q.deployer);
      // A governor of its own, so the deployer may name each new VotingRewards (the Quartet's already has its own).
      const governor = await new QuartetGovernor__factory(q.deployer).deploy(
        "Standalone",
        q.token,
        q.timelock,
        1n,
        3600n,
        0n,
        4n,
        60n,
        1n,
      );
      /** A VotingRewards wired to that governor: 900 s of settlement, paying in `token` (the fee-taking one by default). */
      const deploy = async (length = 3600n, token: AddressLike = feeToken) => {
        const rewards = await factory.deploy(manager, governor, token, length, 900n, 10n ** 30n);
        await governor.initializeVotingRewards(rewards);
        return rewards;
      };
      return { ...q, manager, feeToken, factory, deploy, governor };
    }

    it("reverts RewardsZeroEpochLength for epochs of zero seconds", async function () {
      const { factory, deploy } = await loadFixture(deployStandalone);
      await expect(deploy(0n)).to.be.revertedWithCustomError(factory, "RewardsZeroEpochLength");
    });

    it("takes an epoch budget cap of exactly 2^128 − 1 (the funds' 128-bit slot) and reverts RewardsCapTooLarge one above", async function () {
      const { factory, manager, governor, usdc } = await loadFixture(deployStandalone);
      const max = 2n ** 128n - 1n;
      const rewards = await factory.deploy(manager, governor, usdc, 3600n, 900n, max);
      expect(await rewards.epochBudgetCap()).to.equal(max);
      await expect(factory.deploy(manager, governor, usdc, 3600n, 900n, max + 1n))
        .to.be.revertedWithCustomError(factory, "RewardsCapTooLarge")
        .withArgs(max + 1n, max);
    });

    it("reverts RewardsTransferMismatch when the reward token takes a fee on transfer", async function () {
      const { deploy, feeToken, deployer } = await loadFixture(deployStandalone);
      const rewards = await deploy();
      await feeToken.mint(deployer.address, 10_000n);
      await feeToken.approve(rewards, 10_000n);
      await expect(rewards.fund(0n, 10_000n))
        .to.be.revertedWithCustomError(rewards, "RewardsTransferMismatch")
        .withArgs(10_000n, 9_900n);
    });

    it("takes funds until an epoch settles and opens its claims (and reclaim) then: a settlement period after it ends", async function () {
      const { deploy, deployer, usdc } = await loadFixture(deployStandalone);
      const rewards = await deploy(3600n, usdc);
      await usdc.mint(deployer.address, 3n);
      await usdc.approve(rewards, 3n);
      const openAt = (await rewards.ORIGIN()) + 3600n + 900n; // epoch 0
      expect(await rewards.claimsOpenAt(0n)).to.equal(openAt);
      expect(await rewards.claimsOpenAt(1n)).to.equal(openAt + 3600n);
      await rewards.fund(1n, 1n);
      // Epoch 0: funded in its last unsettled second, refused from the second its claims open.
      await time.setNextBlockTimestamp(openAt - 1n);
      await rewards.fund(0n, 1n);
      await time.setNextBlockTimestamp(openAt);
      await expect(rewards.fund(0n, 1n))
        .to.be.revertedWithCustomError(rewards, "RewardsEpochSettled")
        .withArgs(0n, openAt);
      // Epoch 1: not reclaimable in its last unsettled second, reclaimable from the second its claims open.
      await time.setNextBlockTimestamp(openAt + 3600n - 1n);
      await expect(rewards.reclaim(1n, deployer.address))
        .to.be.revertedWithCustomError(rewards, "RewardsEpochNotSettled")
        .withArgs(1n, openAt + 3600n);
      await time.setNextBlockTimestamp(openAt + 3600n);
      await expect(rewards.reclaim(1n, deployer.address))
        .to.emit(rewards, "EpochReclaimed")
        .withArgs(1n, deployer.address, 1n);
    });

    it("refuses re-entry while funding or reclaiming: a reward token calling claim from a transfer reverts it", async function () {
      const { deploy, deployer } = await loadFixture(deployStandalone);
      const token = await new ReentrantToken__factory(deployer).deploy();
      const rewards = await deploy(3600n, token);
      await token.mint(deployer.address, 10_000n);
      await token.approve(rewards, 10_000n);
      await token.arm(rewards, rewards.interface.encodeFunctionData("claim", [0n, []]));
      await expect(rewards.fund(0n, 10_000n)).to.be.revertedWithCustomError(rewards, "ReentrancyGuardReentrantCall");
      expect((await rewards.epochInfo(0n)).funded).to.equal(0n);
      // Reclaiming an epoch nobody voted in, the same: the transfer out calls back and the reclaim reverts.
      await token.arm(ZeroAddress, "0x");
      await rewards.fund(0n, 10_000n);
      await time.increaseTo(await rewards.claimsOpenAt(0n));
      await token.arm(rewards, rewards.interface.encodeFunctionData("claim", [0n, []]));
      await expect(rewards.reclaim(0n, deployer.address)).to.be.revertedWithCustomError(
        rewards,
        "ReentrancyGuardReentrantCall",
      );
      expect((await rewards.epochInfo(0n)).funded).to.equal(10_000n);
    });

    it("reverts RewardsProposalBeforeOrigin for a proposal whose snapshot precedes the rewards", async function () {
      const q = await loadFixture(deployStandalone);
      const id = await votedProposal(q, q.governor, [q.alice], "Before the rewards");
      const rewards = await new VotingRewards__factory(q.deployer).deploy(
        q.manager,
        q.governor,
        q.usdc,
        3600n,
        900n,
        1n,
      );
      const snapshot = await q.governor.proposalSnapshot(id);
      await expect(rewards.registerProposal(id))
        .to.be.revertedWithCustomError(rewards, "RewardsProposalBeforeOrigin")
        .withArgs(id, snapshot, await rewards.ORIGIN());
    });

    it("registers a proposal whose snapshot is the rewards' origin second; one deployed a second later refuses it", async function () {
      const q = await loadFixture(deployStandalone);
      const { proposalId: id } = await propose(
        q.governor,
        buildProposal([await noOpAction(q)], "At the origin"),
        q.alice,
      );
      const snapshot = await q.governor.proposalSnapshot(id);
      // Deployed in the snapshot's own second, and in the next one.
      const deployAt = async (timestamp: bigint) => {
        await time.setNextBlockTimestamp(timestamp);
        return q.factory.deploy(q.manager, q.governor, q.usdc, 3600n, 900n, 1n);
      };
      const atSnapshot = await deployAt(snapshot);
      const second = await deployAt(snapshot + 1n);
      expect(await atSnapshot.ORIGIN()).to.equal(snapshot);
      await startVoting(q.governor, id);
      for (const voter of [q.alice, q.bob]) await q.governor.connect(voter).castVote(id, VoteType.For);
      await endVoting(q.governor, id);
      const weight = TOKEN_HOUSE_BALANCES.alice + TOKEN_HOUSE_BALANCES.bob;
      await expect(atSnapshot.registerProposal(id)).to.emit(atSnapshot, "ProposalRegistered").withArgs(id, 0n, weight);
      await expect(second.registerProposal(id))
        .to.be.revertedWithCustomError(second, "RewardsProposalBeforeOrigin")
        .withArgs(id, snapshot, snapshot + 1n);
    });
  });
});
