import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroHash } from "ethers";

import {
  buildProposal,
  descriptionHash,
  execute,
  ProposalState,
  propose,
  queue,
  startVoting,
  stateBitmap,
  timelockOperationId,
  TimelockOperationState,
  VoteType,
  withProposer,
  type Proposal,
} from "../../scripts/lib/governance";
import type { GovernorHouse } from "./fixtures";

/**
 * The specification every Quartet governor house meets, whatever its votes source: the token house runs it now,
 * the Citizens' House (identity votes) will run it with its own fixture.
 */
export function shouldBehaveLikeQuartetGovernor(deployHouse: () => Promise<GovernorHouse>): void {
  async function proposeAction(house: GovernorHouse, description = "Label the guardian role") {
    const proposal = buildProposal([house.action], description);
    const { proposalId } = await propose(house.governor, proposal, house.alice);
    return { proposal, proposalId };
  }

  /** Proposes (alice), alice and bob vote For with the house's ballot, voting closes, alice queues. */
  async function passAndQueue(house: GovernorHouse, proposal: Proposal) {
    const { proposalId } = await propose(house.governor, proposal, house.alice);
    await startVoting(house.governor, proposalId);
    await house.ballot.vote(house.alice, proposalId, VoteType.For);
    await house.ballot.vote(house.bob, proposalId, VoteType.For);
    await house.ballot.close(proposalId);
    await queue(house.governor, proposal, house.alice);
    return proposalId;
  }

  /** The VoteCast events of `voter` on `proposalId` (direct: at the vote; secret: at the reveal). */
  async function voteCasts(house: GovernorHouse, proposalId: bigint, voter: string) {
    const events = await house.governor.queryFilter(house.governor.filters.VoteCast(voter));
    return events.filter((e) => e.args.proposalId === proposalId).map((e) => [e.args.support, e.args.weight]);
  }

  describe("counting (GovernorCountingReceipts, OpenZeppelin's bravo mode)", function () {
    it("counts Against, For and Abstain apart, each with the voter's weight; abstentions count toward quorum only", async function () {
      const house = await loadFixture(deployHouse);
      expect(await house.governor.COUNTING_MODE()).to.equal("support=bravo&quorum=for,abstain");
      const { proposalId } = await proposeAction(house);
      await startVoting(house.governor, proposalId);
      await house.ballot.vote(house.alice, proposalId, VoteType.Abstain);
      await house.ballot.vote(house.bob, proposalId, VoteType.Against);
      await house.ballot.vote(house.carol, proposalId, VoteType.For);
      await house.ballot.close(proposalId);
      const weight = async (voter: string) => (await voteCasts(house, proposalId, voter))[0][1];
      const [against, forVotes, abstain] = await house.governor.proposalVotes(proposalId);
      expect(abstain).to.equal(await weight(house.alice.address));
      expect(against).to.equal(await weight(house.bob.address));
      expect(forVotes).to.equal(await weight(house.carol.address));
      // Alice's abstention and bob's no reach quorum together; the vote fails unless For outweighs Against.
      const expected = forVotes > against ? ProposalState.Succeeded : ProposalState.Defeated;
      expect(await house.governor.state(proposalId)).to.equal(expected);
    });
  });

  describe("proposal lifecycle", function () {
    it("runs propose → vote → queue → execute and ends Executed", async function () {
      const house = await loadFixture(deployHouse);
      const proposal = buildProposal([house.action], "Label the guardian role");
      const proposalId = await passAndQueue(house, proposal);
      await time.increaseTo(await house.governor.proposalEta(proposalId));
      await execute(house.governor, proposal, house.alice);
      expect(await house.governor.state(proposalId)).to.equal(ProposalState.Executed);
    });

    it("reverts GovernorInsufficientProposerVotes for a proposer below the threshold", async function () {
      const { governor, mallory, action } = await loadFixture(deployHouse);
      await expect(governor.connect(mallory).propose([action.target], [0n], [action.data], "No votes"))
        .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
        .withArgs(mallory.address, 0n, await governor.proposalThreshold());
    });

    it("reverts GovernorUnexpectedProposalState when voting before the snapshot", async function () {
      const house = await loadFixture(deployHouse);
      const { proposalId } = await proposeAction(house);
      await expect(house.ballot.vote(house.alice, proposalId, VoteType.For))
        .to.be.revertedWithCustomError(house.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Pending, stateBitmap(ProposalState.Active));
    });

    it("reverts GovernorUnexpectedProposalState when queueing a proposal that missed quorum", async function () {
      const house = await loadFixture(deployHouse);
      const { proposal, proposalId } = await proposeAction(house);
      await startVoting(house.governor, proposalId);
      await house.ballot.vote(house.alice, proposalId, VoteType.For);
      await house.ballot.close(proposalId);
      await expect(queue(house.governor, proposal, house.alice))
        .to.be.revertedWithCustomError(house.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Defeated, stateBitmap(ProposalState.Succeeded));
    });

    it("reverts TimelockUnexpectedOperationState when executing before the timelock delay", async function () {
      const house = await loadFixture(deployHouse);
      const proposal = buildProposal([house.action], "Label the guardian role");
      await passAndQueue(house, proposal);
      const operationId = timelockOperationId(await house.governor.getAddress(), proposal);
      await expect(execute(house.governor, proposal, house.alice))
        .to.be.revertedWithCustomError(house.timelock, "TimelockUnexpectedOperationState")
        .withArgs(operationId, stateBitmap(TimelockOperationState.Ready));
    });
  });

  describe("votes at the snapshot", function () {
    it("counts zero for votes acquired after the snapshot", async function () {
      const house = await loadFixture(deployHouse);
      const { proposalId } = await proposeAction(house);
      await startVoting(house.governor, proposalId);
      await house.acquireVotes(house.mallory);
      expect(await house.votes.getVotes(house.mallory.address)).to.be.greaterThan(0n);

      await house.ballot.vote(house.mallory, proposalId, VoteType.For);
      await house.ballot.close(proposalId);
      expect(await voteCasts(house, proposalId, house.mallory.address)).to.deep.equal([[BigInt(VoteType.For), 0n]]);
      expect(await house.governor.hasVoted(proposalId, house.mallory.address)).to.be.true;
      const { forVotes } = await house.governor.proposalVotes(proposalId);
      expect(forVotes).to.equal(0n);
    });

    it("reverts on a second vote by the same account (GovernorAlreadyCastVote, or GovernorAlreadyCommitted)", async function () {
      const house = await loadFixture(deployHouse);
      const { proposalId } = await proposeAction(house);
      await startVoting(house.governor, proposalId);
      await house.ballot.vote(house.alice, proposalId, VoteType.For);
      await expect(house.ballot.vote(house.alice, proposalId, VoteType.Against))
        .to.be.revertedWithCustomError(house.ballot.errors, house.ballot.doubleVoteError)
        .withArgs(house.alice.address);
    });
  });

  describe("votes by signature (castVoteBySig, or commitVoteBySig)", function () {
    it("counts the signer's vote when anyone relays it", async function () {
      const house = await loadFixture(deployHouse);
      const { proposalId } = await proposeAction(house);
      await startVoting(house.governor, proposalId);
      const weight = await house.governor.getVotes(
        house.alice.address,
        await house.governor.proposalSnapshot(proposalId),
      );
      const { tx } = await house.ballot.voteBySig(house.alice, proposalId, VoteType.For, house.mallory);
      await tx;
      await house.ballot.close(proposalId);
      expect(await voteCasts(house, proposalId, house.alice.address)).to.deep.equal([[BigInt(VoteType.For), weight]]);
      expect(await house.governor.hasVoted(proposalId, house.alice.address)).to.be.true;
      expect(await house.governor.hasVoted(proposalId, house.mallory.address)).to.be.false;
    });

    it("reverts GovernorInvalidSignature when a signed vote is replayed", async function () {
      const house = await loadFixture(deployHouse);
      const { proposalId } = await proposeAction(house);
      await startVoting(house.governor, proposalId);
      const first = await house.ballot.voteBySig(house.alice, proposalId, VoteType.For, house.bob);
      await first.tx;
      const { tx } = await house.ballot.voteBySig(house.alice, proposalId, VoteType.For, house.bob, {
        signature: first.signature,
      });
      await expect(tx)
        .to.be.revertedWithCustomError(house.governor, "GovernorInvalidSignature")
        .withArgs(house.alice.address);
    });

    it("reverts GovernorInvalidSignature when the relayer changes what was signed", async function () {
      const house = await loadFixture(deployHouse);
      const { proposalId } = await proposeAction(house);
      await startVoting(house.governor, proposalId);
      const { tx } = await house.ballot.voteBySig(house.alice, proposalId, VoteType.For, house.bob, { tamper: true });
      await expect(tx)
        .to.be.revertedWithCustomError(house.governor, "GovernorInvalidSignature")
        .withArgs(house.alice.address);
    });

    it("reverts for a signed vote after a direct vote (GovernorAlreadyCastVote, or GovernorAlreadyCommitted)", async function () {
      const house = await loadFixture(deployHouse);
      const { proposalId } = await proposeAction(house);
      await startVoting(house.governor, proposalId);
      await house.ballot.vote(house.alice, proposalId, VoteType.For);
      const { tx } = await house.ballot.voteBySig(house.alice, proposalId, VoteType.Against, house.bob);
      await expect(tx)
        .to.be.revertedWithCustomError(house.ballot.errors, house.ballot.doubleVoteError)
        .withArgs(house.alice.address);
    });
  });

  describe("#proposer= front-running protection", function () {
    it("reverts GovernorRestrictedProposer when another account submits a proposal reserved for alice", async function () {
      const house = await loadFixture(deployHouse);
      const proposal = buildProposal([house.action], withProposer("Label the guardian role", house.alice.address));
      await expect(propose(house.governor, proposal, house.bob))
        .to.be.revertedWithCustomError(house.governor, "GovernorRestrictedProposer")
        .withArgs(house.bob.address);

      const { proposalId } = await propose(house.governor, proposal, house.alice);
      expect(await house.governor.proposalProposer(proposalId)).to.equal(house.alice.address);
    });

    it("without the suffix, lets a front-runner take the proposal, cancel it and block its resubmission", async function () {
      const house = await loadFixture(deployHouse);
      const proposal = buildProposal([house.action], "Label the guardian role");
      const { proposalId } = await propose(house.governor, proposal, house.bob);
      expect(await house.governor.proposalProposer(proposalId)).to.equal(house.bob.address);

      // The proposer may cancel while the proposal is Pending: until the snapshot second included.
      await time.setNextBlockTimestamp(await house.governor.proposalSnapshot(proposalId));
      await house.governor
        .connect(house.bob)
        .cancel(proposal.targets, proposal.values, proposal.calldatas, descriptionHash(proposal.description));
      await expect(propose(house.governor, proposal, house.alice))
        .to.be.revertedWithCustomError(house.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Canceled, ZeroHash);
    });
  });

  describe("quorum", function () {
    it("stays fixed at the snapshot when governance raises the quorum numerator during the vote", async function () {
      const house = await loadFixture(deployHouse);
      const { governor, alice, bob } = house;
      const raiseQuorum = buildProposal(
        [
          {
            target: await governor.getAddress(),
            data: governor.interface.encodeFunctionData("updateQuorumNumerator", [50n]),
          },
        ],
        "Raise quorum to 50%",
      );
      const raiseId = await passAndQueue(house, raiseQuorum);

      // A second proposal takes its snapshot while the old quorum holds; the raise executes during its vote.
      const { proposal, proposalId } = await proposeAction(house);
      await startVoting(governor, proposalId);
      const snapshot = await governor.proposalSnapshot(proposalId);
      const quorumAtSnapshot = await governor.quorum(snapshot);
      await time.increaseTo(await governor.proposalEta(raiseId));
      await expect(execute(governor, raiseQuorum, alice))
        .to.emit(governor, "QuorumNumeratorUpdated")
        .withArgs(4n, 50n);

      expect(await governor["quorumNumerator()"]()).to.equal(50n);
      expect(await governor["quorumNumerator(uint256)"](snapshot)).to.equal(4n);
      expect(await governor.quorum(snapshot)).to.equal(quorumAtSnapshot);
      await house.ballot.vote(alice, proposalId, VoteType.For);
      await house.ballot.vote(bob, proposalId, VoteType.For);
      await house.ballot.close(proposalId);
      expect(await governor.state(proposalId)).to.equal(ProposalState.Succeeded);
      await queue(governor, proposal, alice);
    });
  });

  describe("quorum floor", function () {
    /** Passes a proposal of this house, alice and bob voting For, that sets the quorum floor; returns the receipt. */
    async function governFloor(house: GovernorHouse, floor: bigint, description: string) {
      const proposal = buildProposal(
        [
          {
            target: await house.governor.getAddress(),
            data: house.governor.interface.encodeFunctionData("setQuorumFloor", [floor]),
          },
        ],
        description,
      );
      const proposalId = await passAndQueue(house, proposal);
      await time.increaseTo(await house.governor.proposalEta(proposalId));
      return execute(house.governor, proposal, house.alice);
    }

    /** alice's and bob's weights now (what a proposal created now will see). */
    async function aliceAndBob(house: GovernorHouse): Promise<bigint> {
      await time.increase(1);
      const now = BigInt(await time.latest());
      const [a, b] = await Promise.all(
        [house.alice, house.bob].map((s) => house.votes.getPastVotes(s.address, now - 1n)),
      );
      return a + b;
    }

    /** Proposes, alice and bob vote For, voting ends: the proposal's final state. */
    async function aliceAndBobVote(house: GovernorHouse, description: string): Promise<bigint> {
      const { proposalId } = await proposeAction(house, description);
      await startVoting(house.governor, proposalId);
      await house.ballot.vote(house.alice, proposalId, VoteType.For);
      await house.ballot.vote(house.bob, proposalId, VoteType.For);
      await house.ballot.close(proposalId);
      return house.governor.state(proposalId);
    }

    it("is the larger of the fraction of the supply at the snapshot and the floor", async function () {
      const house = await loadFixture(deployHouse);
      const { proposalId } = await proposeAction(house);
      await startVoting(house.governor, proposalId);
      const snapshot = await house.governor.proposalSnapshot(proposalId);
      const fraction =
        ((await house.votes.getPastTotalSupply(snapshot)) *
          (await house.governor["quorumNumerator(uint256)"](snapshot))) /
        (await house.governor.quorumDenominator());
      const floor = await house.governor["quorumFloor(uint256)"](snapshot);
      expect(floor).to.be.greaterThan(0n);
      expect(await house.governor.quorum(snapshot)).to.equal(fraction > floor ? fraction : floor);
    });

    it("defeats a proposal whose votes fall one short of a floor just above them", async function () {
      const house = await loadFixture(deployHouse);
      const weight = await aliceAndBob(house);
      await expect(governFloor(house, weight + 1n, "Floor above alice and bob"))
        .to.emit(house.governor, "QuorumFloorUpdated")
        .withArgs(await house.governor["quorumFloor()"](), weight + 1n);
      expect(await aliceAndBobVote(house, "Voted by alice and bob")).to.equal(ProposalState.Defeated);
    });

    it("passes a proposal whose votes equal the floor exactly", async function () {
      const house = await loadFixture(deployHouse);
      const weight = await aliceAndBob(house);
      await governFloor(house, weight, "Floor at alice and bob");
      expect(await house.governor["quorumFloor()"]()).to.equal(weight);
      expect(await aliceAndBobVote(house, "Voted by alice and bob")).to.equal(ProposalState.Succeeded);
    });

    it("stays fixed at the snapshot when governance raises the floor during the vote", async function () {
      const house = await loadFixture(deployHouse);
      const { governor, alice, bob } = house;
      const weight = await aliceAndBob(house);
      const raise = buildProposal(
        [
          {
            target: await governor.getAddress(),
            data: governor.interface.encodeFunctionData("setQuorumFloor", [weight + 1n]),
          },
        ],
        "Raise the floor",
      );
      const raiseId = await passAndQueue(house, raise);

      // A second proposal takes its snapshot under the old floor; the raise executes during its vote.
      const { proposalId } = await proposeAction(house, "Voted while the floor rises");
      await startVoting(governor, proposalId);
      const snapshot = await governor.proposalSnapshot(proposalId);
      const before = await governor.quorum(snapshot);
      const floorBefore = await governor["quorumFloor(uint256)"](snapshot);
      await time.increaseTo(await governor.proposalEta(raiseId));
      await expect(execute(governor, raise, alice))
        .to.emit(governor, "QuorumFloorUpdated")
        .withArgs(floorBefore, weight + 1n);
      expect(await governor["quorumFloor(uint256)"](snapshot)).to.equal(floorBefore);
      expect(await governor.quorum(snapshot)).to.equal(before);
      await house.ballot.vote(alice, proposalId, VoteType.For);
      await house.ballot.vote(bob, proposalId, VoteType.For);
      await house.ballot.close(proposalId);
      expect(await governor.state(proposalId)).to.equal(ProposalState.Succeeded);
    });

    it("reverts GovernorOnlyExecutor when an account sets the floor directly", async function () {
      const { governor, alice } = await loadFixture(deployHouse);
      await expect(governor.connect(alice).setQuorumFloor(1n))
        .to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor")
        .withArgs(alice.address);
    });

    it("reverts GovernorQuorumFloorZero when governance sets a floor of 0", async function () {
      const house = await loadFixture(deployHouse);
      await expect(governFloor(house, 0n, "No floor")).to.be.revertedWithCustomError(
        house.governor,
        "GovernorQuorumFloorZero",
      );
    });

    it("reverts GovernorQuorumFloorTooHigh for a floor one above half the supply (rounded up), accepts exactly that", async function () {
      const house = await loadFixture(deployHouse);
      await time.increase(1); // the fixture's last vote-giving transaction is now in the past
      const supply = await house.votes.getPastTotalSupply(BigInt(await time.latest()) - 1n);
      const max = (supply + 1n) / 2n; // ceil(supply × 50 / 100)
      // Executed a few seconds later: the supply one second before execution is still `supply`.
      await expect(governFloor(house, max + 1n, "Floor above half the supply"))
        .to.be.revertedWithCustomError(house.governor, "GovernorQuorumFloorTooHigh")
        .withArgs(max + 1n, max);
      await governFloor(house, max, "Floor at half the supply");
      expect(await house.governor["quorumFloor()"]()).to.equal(max);
    });

    it("reverts GovernorQuorumNumeratorTooHigh for a fraction above 50%", async function () {
      const house = await loadFixture(deployHouse);
      const proposal = buildProposal(
        [
          {
            target: await house.governor.getAddress(),
            data: house.governor.interface.encodeFunctionData("updateQuorumNumerator", [51n]),
          },
        ],
        "Quorum 51%",
      );
      const proposalId = await passAndQueue(house, proposal);
      await time.increaseTo(await house.governor.proposalEta(proposalId));
      await expect(execute(house.governor, proposal, house.alice))
        .to.be.revertedWithCustomError(house.governor, "GovernorQuorumNumeratorTooHigh")
        .withArgs(51n, 50n);
    });
  });

  describe("late quorum", function () {
    it("extends the deadline once when a vote reaches quorum near the end, not on a later vote", async function () {
      const house = await loadFixture(deployHouse);
      const { governor, alice, bob, carol, settings } = house;
      const { revealPeriod } = house.ballot;
      const { proposalId } = await proposeAction(house);
      await startVoting(governor, proposalId);
      await house.ballot.vote(alice, proposalId, VoteType.For);
      const deadline = (await governor.proposalDeadline(proposalId)) - revealPeriod; // of the voting (commits)

      const quorumAt = deadline - 10n;
      await time.setNextBlockTimestamp(quorumAt);
      const extended = quorumAt + settings.lateQuorumExtension;
      await expect(house.ballot.vote(bob, proposalId, VoteType.For))
        .to.emit(governor, "ProposalExtended")
        .withArgs(proposalId, extended + revealPeriod);
      expect(await governor.proposalDeadline(proposalId)).to.equal(extended + revealPeriod);

      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(house.ballot.vote(carol, proposalId, VoteType.For)).not.to.emit(governor, "ProposalExtended");
      expect(await governor.proposalDeadline(proposalId)).to.equal(extended + revealPeriod);
      expect(await governor.state(proposalId)).to.equal(ProposalState.Active);
    });

    it("leaves the deadline alone when quorum is reached early", async function () {
      const house = await loadFixture(deployHouse);
      const { governor, alice, bob } = house;
      const { proposalId } = await proposeAction(house);
      await startVoting(governor, proposalId);
      const deadline = await governor.proposalDeadline(proposalId);
      await house.ballot.vote(alice, proposalId, VoteType.For);
      await expect(house.ballot.vote(bob, proposalId, VoteType.For)).not.to.emit(governor, "ProposalExtended");
      expect(await governor.proposalDeadline(proposalId)).to.equal(deadline);
    });
  });

  describe("clock", function () {
    it("is the votes source's timestamp clock", async function () {
      const { governor, votes } = await loadFixture(deployHouse);
      expect(await governor.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await votes.CLOCK_MODE()).to.equal("mode=timestamp");
      const now = BigInt(await time.latest());
      expect(await governor.clock()).to.equal(now);
      expect(await votes.clock()).to.equal(now);
    });

    it("places the snapshot votingDelay seconds after the proposal and the deadline votingPeriod after that", async function () {
      const house = await loadFixture(deployHouse);
      const { proposalId } = await proposeAction(house);
      const proposedAt = BigInt(await time.latest());
      const snapshot = await house.governor.proposalSnapshot(proposalId);
      expect(snapshot).to.equal(proposedAt + house.settings.votingDelay);
      expect(await house.governor.proposalDeadline(proposalId)).to.equal(
        snapshot + house.settings.votingPeriod + house.ballot.revealPeriod,
      );
    });
  });

  describe("settings", function () {
    it("reverts GovernorOnlyExecutor when an account changes a setting directly", async function () {
      const { governor, alice } = await loadFixture(deployHouse);
      await expect(governor.connect(alice).updateQuorumNumerator(1n))
        .to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor")
        .withArgs(alice.address);
    });

    it("reverts GovernorVotingDelayTooShort when governance sets a voting delay of 0", async function () {
      const house = await loadFixture(deployHouse);
      const { governor, alice } = house;
      const proposal = buildProposal(
        [{ target: await governor.getAddress(), data: governor.interface.encodeFunctionData("setVotingDelay", [0n]) }],
        "Remove the voting delay",
      );
      const proposalId = await passAndQueue(house, proposal);
      await time.increaseTo(await governor.proposalEta(proposalId));
      await expect(execute(governor, proposal, alice))
        .to.be.revertedWithCustomError(governor, "GovernorVotingDelayTooShort")
        .withArgs(0n, 1n);
    });
  });
}
