import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import {
  buildProposal,
  eip712DomainOf,
  propose,
  proposalId as computeProposalId,
  ProposalState,
  descriptionHash,
  signVote,
  startVoting,
  VoteType,
} from "../../scripts/lib/governance";
import { MockClock__factory, MockERC20__factory, QuartetGovernor__factory } from "../../typechain-types";
import { deploySecretTokenHouse, deployTokenHouse, TOKEN_HOUSE_BALANCES } from "./fixtures";
import { shouldBehaveLikeQuartetGovernor } from "./governor.behaviour";

/** The budget in DESIGN.md: a castVote that does not reach quorum, second voter on a warm proposal. */
const CAST_VOTE_BUDGET = 75_000n;

describe("QuartetGovernor", function () {
  async function deployGovernorArgs() {
    const fixture = await deployTokenHouse();
    const factory = new QuartetGovernor__factory(fixture.deployer);
    const args = {
      name: "Quartet Governor",
      token: await fixture.token.getAddress(),
      timelock: await fixture.timelock.getAddress(),
      votingDelay: 1n,
      votingPeriod: 300n,
      proposalThreshold: 0n,
      quorumNumerator: 4n,
      lateQuorumExtension: 60n,
      quorumFloor: 1n,
    };
    const deploy = (overrides: Partial<typeof args>) => {
      const a = { ...args, ...overrides };
      return factory.deploy(
        a.name,
        a.token,
        a.timelock,
        a.votingDelay,
        a.votingPeriod,
        a.proposalThreshold,
        a.quorumNumerator,
        a.lateQuorumExtension,
        a.quorumFloor,
      );
    };
    return { ...fixture, factory, deploy };
  }

  describe("token house (QuartetToken votes)", function () {
    shouldBehaveLikeQuartetGovernor(deployTokenHouse);
  });

  describe("token house on a secret ballot (QuartetSecretGovernor)", function () {
    shouldBehaveLikeQuartetGovernor(deploySecretTokenHouse);
  });

  describe("vote types", function () {
    it("reverts GovernorInvalidVoteType for a support value other than Against, For or Abstain", async function () {
      const house = await loadFixture(deployTokenHouse);
      const proposal = buildProposal([house.action], "Label the guardian role");
      const { proposalId } = await propose(house.governor, proposal, house.alice);
      await startVoting(house.governor, proposalId);
      await expect(house.governor.connect(house.alice).castVote(proposalId, 3)).to.be.revertedWithCustomError(
        house.governor,
        "GovernorInvalidVoteType",
      );
      await expect(house.governor.connect(house.alice).castVote(proposalId, 2)).to.emit(house.governor, "VoteCast");
    });
  });

  describe("a tied vote", function () {
    it("is Defeated at quorum when For equals Against, and one more For vote carries it", async function () {
      const house = await loadFixture(deployTokenHouse);
      const { alice, bob, carol, mallory, governor } = house;
      await house.acquireVotes(mallory); // 1M, to abstain: alice's 3M For + 1M reach the 4 % quorum exactly
      const vote = async (description: string, extraFor: boolean) => {
        const { proposalId } = await propose(governor, buildProposal([house.action], description), alice);
        await startVoting(governor, proposalId);
        await house.ballot.vote(alice, proposalId, VoteType.For);
        await house.ballot.vote(bob, proposalId, extraFor ? VoteType.For : VoteType.Against);
        await house.ballot.vote(carol, proposalId, VoteType.Against);
        await house.ballot.vote(mallory, proposalId, VoteType.Abstain);
        await house.ballot.close(proposalId);
        const [against, forVotes, abstain] = await governor.proposalVotes(proposalId);
        const quorum = await governor.quorum(await governor.proposalSnapshot(proposalId));
        return { state: await governor.state(proposalId), against, forVotes, abstain, quorum };
      };
      const tie = await vote("A tie", false);
      expect(tie.forVotes).to.equal(tie.against);
      expect(tie.forVotes + tie.abstain).to.equal(tie.quorum); // quorum is reached, exactly: only the tie defeats it
      expect(tie.state).to.equal(ProposalState.Defeated);
      const carried = await vote("Carried", true);
      expect(carried.forVotes).to.be.greaterThan(carried.against);
      expect(carried.state).to.equal(ProposalState.Succeeded);
    });
  });

  describe("deployment", function () {
    it("is deployed by the Governance module with the local parameters", async function () {
      const { governor, token, timelock, parameters } = await loadFixture(deployTokenHouse);
      const p = parameters.Governance;
      expect(await governor.name()).to.equal("Quartet Governor");
      expect(await governor.token()).to.equal(await token.getAddress());
      expect(await governor.timelock()).to.equal(await timelock.getAddress());
      expect(await governor.votingDelay()).to.equal(p.votingDelay);
      expect(await governor.votingPeriod()).to.equal(p.votingPeriod);
      expect(await governor.proposalThreshold()).to.equal(p.proposalThreshold);
      expect(await governor["quorumNumerator()"]()).to.equal(p.quorumNumerator);
      expect(await governor.lateQuorumVoteExtension()).to.equal(p.lateQuorumExtension);
      expect(await governor["quorumFloor()"]()).to.equal(p.quorumFloor);
    });

    it("computes proposal ids and description hashes as the toolkit does", async function () {
      const { governor, house } = await loadFixture(deployTokenHouse);
      const proposal = buildProposal([house.action], "Label the guardian role");
      expect(
        await governor.hashProposal(
          proposal.targets,
          proposal.values,
          proposal.calldatas,
          descriptionHash(proposal.description),
        ),
      ).to.equal(computeProposalId(proposal));
    });

    it("reverts GovernorVotingDelayTooShort for a voting delay of 0", async function () {
      const { factory, deploy } = await loadFixture(deployGovernorArgs);
      await expect(deploy({ votingDelay: 0n }))
        .to.be.revertedWithCustomError(factory, "GovernorVotingDelayTooShort")
        .withArgs(0n, 1n);
    });

    it("accepts a voting delay of exactly one second", async function () {
      const { deploy } = await loadFixture(deployGovernorArgs);
      const governor = await deploy({ votingDelay: 1n });
      expect(await governor.votingDelay()).to.equal(1n);
      expect(await governor.MIN_VOTING_DELAY()).to.equal(1n);
    });

    it("reverts GovernorClockNotTimestamp for a votes source without an ERC-6372 clock", async function () {
      const { factory, deploy, deployer } = await loadFixture(deployGovernorArgs);
      const noClock = await new MockERC20__factory(deployer).deploy("No clock", "NOC", 18);
      await expect(deploy({ token: await noClock.getAddress() }))
        .to.be.revertedWithCustomError(factory, "GovernorClockNotTimestamp")
        .withArgs("");
    });

    it("reverts GovernorClockNotTimestamp for a votes source on a block-number clock", async function () {
      const { factory, deploy, deployer } = await loadFixture(deployGovernorArgs);
      const blockClock = await new MockClock__factory(deployer).deploy("mode=blocknumber&from=default", 0n);
      await expect(deploy({ token: await blockClock.getAddress() }))
        .to.be.revertedWithCustomError(factory, "GovernorClockNotTimestamp")
        .withArgs("mode=blocknumber&from=default");
    });

    it("reverts GovernorClockNotTimestamp for a votes source whose timestamp clock is not the block's", async function () {
      const { factory, deploy, deployer } = await loadFixture(deployGovernorArgs);
      const laggingClock = await new MockClock__factory(deployer).deploy("mode=timestamp", 1n);
      await expect(deploy({ token: await laggingClock.getAddress() }))
        .to.be.revertedWithCustomError(factory, "GovernorClockNotTimestamp")
        .withArgs("mode=timestamp");
    });

    it("reverts GovernorQuorumFloorZero for a quorum floor of 0", async function () {
      const { factory, deploy } = await loadFixture(deployGovernorArgs);
      await expect(deploy({ quorumFloor: 0n })).to.be.revertedWithCustomError(factory, "GovernorQuorumFloorZero");
    });

    it("accepts a floor above the current supply at construction (a house may start small), never above uint192", async function () {
      const { factory, deploy } = await loadFixture(deployGovernorArgs);
      const governor = await deploy({ quorumFloor: 2n ** 192n - 1n });
      expect(await governor["quorumFloor()"]()).to.equal(2n ** 192n - 1n);
      await expect(deploy({ quorumFloor: 2n ** 192n }))
        .to.be.revertedWithCustomError(factory, "GovernorQuorumFloorTooHigh")
        .withArgs(2n ** 192n, 2n ** 192n - 1n);
    });

    it("reverts GovernorInvalidVotingPeriod for a voting period of 0", async function () {
      const { factory, deploy } = await loadFixture(deployGovernorArgs);
      await expect(deploy({ votingPeriod: 0n }))
        .to.be.revertedWithCustomError(factory, "GovernorInvalidVotingPeriod")
        .withArgs(0n);
    });

    it("reverts GovernorQuorumNumeratorTooHigh for a quorum above half the supply, and accepts exactly half", async function () {
      const { factory, deploy } = await loadFixture(deployGovernorArgs);
      const half = await deploy({ quorumNumerator: 50n });
      expect(await half["quorumNumerator()"]()).to.equal(await half.MAX_QUORUM_PERCENT());
      await expect(deploy({ quorumNumerator: 51n }))
        .to.be.revertedWithCustomError(factory, "GovernorQuorumNumeratorTooHigh")
        .withArgs(51n, 50n);
    });

    it("reverts GovernorPreventLateQuorumVoteExtensionTooLarge for an extension longer than the voting period", async function () {
      const { factory, deploy } = await loadFixture(deployGovernorArgs);
      await expect(deploy({ votingPeriod: 300n, lateQuorumExtension: 301n }))
        .to.be.revertedWithCustomError(factory, "GovernorPreventLateQuorumVoteExtensionTooLarge")
        .withArgs(301n, 300n);
    });
  });

  describe("a second house from the same contract", function () {
    async function deployTwoHouses() {
      const fixture = await deployGovernorArgs();
      // A stand-in for the Citizens' House until Social's identity votes exist: same contract, own name.
      const citizens = await fixture.deploy({ name: "Citizens' House" });
      return { ...fixture, citizens };
    }

    it("signs in its own EIP-712 domain, named after the house", async function () {
      const { governor, citizens } = await loadFixture(deployTwoHouses);
      expect((await eip712DomainOf(governor)).name).to.equal("Quartet Governor");
      expect((await eip712DomainOf(citizens)).name).to.equal("Citizens' House");
    });

    it("reverts GovernorInvalidSignature for a ballot signed for the other house", async function () {
      const { governor, citizens, house, alice } = await loadFixture(deployTwoHouses);
      const proposal = buildProposal([house.action], "Same proposal in both houses");
      const { proposalId } = await propose(governor, proposal, alice);
      await propose(citizens, proposal, alice);
      await startVoting(citizens, proposalId);

      const signature = await signVote(alice, governor, { proposalId, support: VoteType.For });
      await expect(citizens.castVoteBySig(proposalId, VoteType.For, alice.address, signature))
        .to.be.revertedWithCustomError(citizens, "GovernorInvalidSignature")
        .withArgs(alice.address);
    });
  });

  describe("votes bought from a voter after the snapshot", function () {
    it("still count for the seller at the snapshot and zero for the buyer", async function () {
      const { governor, token, house, alice, mallory } = await loadFixture(deployTokenHouse);
      const proposal = buildProposal([house.action], "Label the guardian role");
      const { proposalId } = await propose(governor, proposal, alice);
      await startVoting(governor, proposalId);

      await token.connect(alice).transfer(mallory.address, TOKEN_HOUSE_BALANCES.alice);
      await token.connect(mallory).delegate(mallory.address);
      await expect(governor.connect(mallory).castVote(proposalId, VoteType.For))
        .to.emit(governor, "VoteCast")
        .withArgs(mallory.address, proposalId, VoteType.For, 0n, "");
      await expect(governor.connect(alice).castVote(proposalId, VoteType.For))
        .to.emit(governor, "VoteCast")
        .withArgs(alice.address, proposalId, VoteType.For, TOKEN_HOUSE_BALANCES.alice, "");
      expect((await governor.proposalVotes(proposalId)).forVotes).to.equal(TOKEN_HOUSE_BALANCES.alice);
    });
  });

  describe("gas", function () {
    it(`castVote that does not reach quorum stays within ${CAST_VOTE_BUDGET} gas @gas`, async function () {
      const { governor, house, carol, bob } = await loadFixture(deployTokenHouse);
      const proposal = buildProposal([house.action], "Label the guardian role");
      const { proposalId } = await propose(governor, proposal, house.alice);
      await startVoting(governor, proposalId);
      await governor.connect(carol).castVote(proposalId, VoteType.For); // warms the proposal's tally
      const receipt = await (await governor.connect(bob).castVote(proposalId, VoteType.For)).wait();
      expect(await governor.quorum(await governor.proposalSnapshot(proposalId))).to.be.greaterThan(
        TOKEN_HOUSE_BALANCES.carol + TOKEN_HOUSE_BALANCES.bob,
      );
      expect(receipt?.gasUsed).to.be.lessThanOrEqual(CAST_VOTE_BUDGET);
    });
  });
});
