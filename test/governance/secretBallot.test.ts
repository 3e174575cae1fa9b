import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import {
  advanceTo,
  buildProposal,
  endVoting,
  newSalt,
  ProposalState,
  propose,
  secretBallotInterfaceId,
  signVote,
  startVoting,
  stateBitmap,
  voteCommitment,
  VoteType,
} from "../../scripts/lib/governance";
import {
  AccessManager__factory,
  MockERC20__factory,
  QuartetSecretGovernor__factory,
  VotingRewards__factory,
  type QuartetSecretGovernor,
} from "../../typechain-types";
import { deploySecretTokenHouse, deployTokenHouse, TOKEN_HOUSE_BALANCES } from "./fixtures";
import { BUDGETS } from "../../scripts/lib/bench";

/** DESIGN.md budgets (gasUsed): a second committer; a reveal that does not reach quorum. */
const COMMIT_BUDGET = BigInt(BUDGETS["governance.commitVote"].budget);
const REVEAL_BUDGET = BigInt(BUDGETS["governance.revealVote"].budget);

/** The secret token house with one Active proposal (alice's) whose snapshot has passed. */
async function deployActiveProposal() {
  const h = await deploySecretTokenHouse();
  const governor = h.secretGovernor as QuartetSecretGovernor;
  const { proposalId } = await propose(governor, buildProposal([h.action], "Secret vote"), h.alice);
  await startVoting(governor, proposalId);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const address = await governor.getAddress();
  const commit = async (voter: typeof h.alice, support: VoteType, salt = newSalt()) => {
    const commitment = voteCommitment({ chainId, governor: address, proposalId, voter: voter.address, support, salt });
    await governor.connect(voter).commitVote(proposalId, commitment);
    return { salt, commitment };
  };
  const toReveal = async () => advanceTo((await governor.commitDeadline(proposalId)) + 1n);
  return { ...h, governor, proposalId, chainId, commit, toReveal };
}

describe("QuartetSecretGovernor (secret ballot: commit, then reveal)", function () {
  describe("commit", function () {
    it("refuses direct votes: castVote, castVoteWithReason and castVoteBySig revert GovernorSecretBallotCommitRequired", async function () {
      const { governor, proposalId, alice } = await loadFixture(deployActiveProposal);
      const signature = await signVote(alice, governor, { proposalId, support: VoteType.For });
      for (const attempt of [
        () => governor.connect(alice).castVote(proposalId, VoteType.For),
        () => governor.connect(alice).castVoteWithReason(proposalId, VoteType.For, "x"),
        () => governor.castVoteBySig(proposalId, VoteType.For, alice.address, signature),
      ]) {
        await expect(attempt()).to.be.revertedWithCustomError(governor, "GovernorSecretBallotCommitRequired");
      }
    });

    it("shows no direction and no tally before the reveal: every view reads the same for a For and an Against", async function () {
      async function viewsAfter(support: VoteType) {
        const { governor, proposalId, alice, bob, commit } = await loadFixture(deployActiveProposal);
        await commit(alice, support);
        await commit(bob, support);
        return [
          await governor.proposalVotes(proposalId),
          await governor.hasVoted(proposalId, alice.address),
          await governor.committedWeight(proposalId),
          await governor.state(proposalId),
          await governor.proposalDeadline(proposalId),
        ].map(String);
      }
      const ifFor = await viewsAfter(VoteType.For);
      const ifAgainst = await viewsAfter(VoteType.Against);
      expect(ifFor).to.deep.equal(ifAgainst);
      expect(ifFor[0]).to.equal("0,0,0"); // nothing counted yet
      expect(ifFor[1]).to.equal("false");
      expect(ifFor[2]).to.equal(String(TOKEN_HOUSE_BALANCES.alice + TOKEN_HOUSE_BALANCES.bob));
    });

    it("emits VoteCommitted with the public weight and the commitment only", async function () {
      const { governor, proposalId, alice, chainId } = await loadFixture(deployActiveProposal);
      const salt = newSalt();
      const commitment = voteCommitment({
        chainId,
        governor: await governor.getAddress(),
        proposalId,
        voter: alice.address,
        support: VoteType.For,
        salt,
      });
      expect(await governor.hashVote(proposalId, alice.address, VoteType.For, salt)).to.equal(commitment);
      await expect(governor.connect(alice).commitVote(proposalId, commitment))
        .to.emit(governor, "VoteCommitted")
        .withArgs(alice.address, proposalId, commitment, TOKEN_HOUSE_BALANCES.alice);
      expect(await governor.commitmentOf(proposalId, alice.address)).to.equal(commitment);
    });

    it("accepts a commitment at the commit deadline and reverts GovernorCommitPeriodOver one second later", async function () {
      const { governor, proposalId, alice, bob, commit } = await loadFixture(deployActiveProposal);
      const deadline = await governor.commitDeadline(proposalId);
      await time.setNextBlockTimestamp(deadline);
      await commit(alice, VoteType.For);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(commit(bob, VoteType.For))
        .to.be.revertedWithCustomError(governor, "GovernorCommitPeriodOver")
        .withArgs(proposalId, deadline);
    });

    it("reverts GovernorZeroCommitment for a zero commitment", async function () {
      const { governor, proposalId, alice } = await loadFixture(deployActiveProposal);
      await expect(governor.connect(alice).commitVote(proposalId, ethers.ZeroHash)).to.be.revertedWithCustomError(
        governor,
        "GovernorZeroCommitment",
      );
    });
  });

  describe("reveal", function () {
    it("counts a revealed vote with the weight at the snapshot and emits VoteCast; anyone may send the reveal", async function () {
      const { governor, proposalId, alice, mallory, commit, toReveal } = await loadFixture(deployActiveProposal);
      const { salt } = await commit(alice, VoteType.Against);
      await toReveal();
      await expect(governor.connect(mallory).revealVote(proposalId, alice.address, VoteType.Against, salt))
        .to.emit(governor, "VoteCast")
        .withArgs(alice.address, proposalId, VoteType.Against, TOKEN_HOUSE_BALANCES.alice, "");
      expect(await governor.proposalVotes(proposalId)).to.deep.equal([TOKEN_HOUSE_BALANCES.alice, 0n, 0n]);
      expect(await governor.hasVoted(proposalId, alice.address)).to.be.true;
      expect(await governor.commitmentOf(proposalId, alice.address)).to.equal(ethers.ZeroHash);
      await expect(governor.revealVote(proposalId, alice.address, VoteType.Against, salt))
        .to.be.revertedWithCustomError(governor, "GovernorNoCommitment")
        .withArgs(proposalId, alice.address);
    });

    it("reverts GovernorRevealNotOpen at the commit deadline, and opens one second later", async function () {
      const { governor, proposalId, alice, commit } = await loadFixture(deployActiveProposal);
      const { salt } = await commit(alice, VoteType.For);
      const deadline = await governor.commitDeadline(proposalId);
      await time.setNextBlockTimestamp(deadline);
      await expect(governor.revealVote(proposalId, alice.address, VoteType.For, salt))
        .to.be.revertedWithCustomError(governor, "GovernorRevealNotOpen")
        .withArgs(proposalId, deadline);
      await expect(governor.revealVote(proposalId, alice.address, VoteType.For, salt)).to.emit(governor, "VoteCast");
    });

    it("reverts GovernorCommitmentMismatch for another support, salt or voter", async function () {
      const { governor, proposalId, alice, bob, commit, toReveal } = await loadFixture(deployActiveProposal);
      const { salt } = await commit(alice, VoteType.For);
      const other = await commit(bob, VoteType.For);
      await toReveal();
      for (const [voter, support, s] of [
        [alice.address, VoteType.Against, salt],
        [alice.address, VoteType.For, other.salt],
        [bob.address, VoteType.For, salt],
      ] as const) {
        await expect(governor.revealVote(proposalId, voter, support, s))
          .to.be.revertedWithCustomError(governor, "GovernorCommitmentMismatch")
          .withArgs(proposalId, voter);
      }
    });

    it("reverts GovernorNoCommitment for a voter who never committed", async function () {
      const { governor, proposalId, carol, toReveal } = await loadFixture(deployActiveProposal);
      await toReveal();
      await expect(governor.revealVote(proposalId, carol.address, VoteType.For, newSalt()))
        .to.be.revertedWithCustomError(governor, "GovernorNoCommitment")
        .withArgs(proposalId, carol.address);
    });

    it("does not count an unrevealed vote: alice and bob commit For, only alice reveals, quorum is missed", async function () {
      const { governor, proposalId, alice, bob, commit, toReveal } = await loadFixture(deployActiveProposal);
      const { salt } = await commit(alice, VoteType.For);
      await commit(bob, VoteType.For);
      await toReveal();
      await governor.revealVote(proposalId, alice.address, VoteType.For, salt);
      await endVoting(governor, proposalId);
      expect(await governor.state(proposalId)).to.equal(ProposalState.Defeated);
      expect(await governor.hasVoted(proposalId, bob.address)).to.be.false;
    });

    it("reverts GovernorUnexpectedProposalState for a reveal after the reveal period", async function () {
      const { governor, proposalId, alice, bob, commit } = await loadFixture(deployActiveProposal);
      const { salt } = await commit(alice, VoteType.For);
      await commit(bob, VoteType.For);
      await endVoting(governor, proposalId);
      await expect(governor.revealVote(proposalId, alice.address, VoteType.For, salt))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, ProposalState.Defeated, stateBitmap(ProposalState.Active));
    });

    it("binds the governor: a commitment computed for another house never reveals here", async function () {
      const { governor, proposalId, alice, chainId, toReveal } = await loadFixture(deployActiveProposal);
      const salt = newSalt();
      const elsewhere = voteCommitment({
        chainId,
        governor: alice.address, // any other address
        proposalId,
        voter: alice.address,
        support: VoteType.For,
        salt,
      });
      await governor.connect(alice).commitVote(proposalId, elsewhere);
      await toReveal();
      await expect(governor.revealVote(proposalId, alice.address, VoteType.For, salt))
        .to.be.revertedWithCustomError(governor, "GovernorCommitmentMismatch")
        .withArgs(proposalId, alice.address);
    });
  });

  describe("deployment and discovery", function () {
    it("reverts GovernorInvalidRevealPeriod for a reveal period of 0", async function () {
      const h = await loadFixture(deploySecretTokenHouse);
      const factory = new QuartetSecretGovernor__factory(h.deployer);
      await expect(
        factory.deploy("S", h.token, h.timelock, [1n, 300n, 60n], 0n, 4n, 1n, 0n),
      ).to.be.revertedWithCustomError(factory, "GovernorInvalidRevealPeriod");
    });

    it("answers supportsInterface(IGovernorSecretBallot) true, a plain governor false", async function () {
      const secret = (await loadFixture(deploySecretTokenHouse)).secretGovernor as QuartetSecretGovernor;
      const id = secretBallotInterfaceId(secret.interface);
      expect(await secret.supportsInterface(id)).to.be.true;
      // Another fixture rewinds the chain: the plain governor is read after the secret one.
      const plain = (await loadFixture(deployTokenHouse)).governor;
      expect(await plain.supportsInterface(id)).to.be.false;
    });
  });

  describe("with VotingRewards", function () {
    it("rewards only revealed votes", async function () {
      const h = await loadFixture(deploySecretTokenHouse);
      const { alice, bob, carol, deployer } = h;
      const governor = h.secretGovernor as QuartetSecretGovernor;
      const manager = await new AccessManager__factory(deployer).deploy(deployer.address);
      const usdc = await new MockERC20__factory(deployer).deploy("USD Coin", "USDC", 6);
      // The rewards count proposals whose snapshot follows their deployment.
      const rewards = await new VotingRewards__factory(deployer).deploy(
        manager,
        governor,
        usdc,
        3600n,
        900n,
        10n ** 12n,
      );
      await governor.connect(deployer).initializeVotingRewards(rewards);
      await usdc.mint(deployer.address, 1_000n);
      await usdc.approve(rewards, 1_000n);
      await rewards.fund(0n, 1_000n);
      const { proposalId: id } = await propose(
        governor,
        buildProposal([{ target: bob.address, data: "0x" }], "Rewarded"),
        alice,
      );
      await startVoting(governor, id);
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const address = await governor.getAddress();
      const saltA = newSalt();
      await governor
        .connect(alice)
        .commitVote(
          id,
          voteCommitment({ chainId, governor: address, proposalId: id, voter: alice.address, support: 1, salt: saltA }),
        );
      const saltC = newSalt();
      await governor
        .connect(carol)
        .commitVote(
          id,
          voteCommitment({ chainId, governor: address, proposalId: id, voter: carol.address, support: 2, salt: saltC }),
        );
      await governor.connect(bob).commitVote(id, ethers.id("bob never reveals"));
      await advanceTo((await governor.commitDeadline(id)) + 1n);
      await governor.revealVote(id, alice.address, VoteType.For, saltA);
      await governor.revealVote(id, carol.address, VoteType.Abstain, saltC);
      await endVoting(governor, id);
      // Alice's and carol's revealed votes make the 4 % quorum; bob's commitment counts for nothing.
      await expect(rewards.registerProposal(id))
        .to.emit(rewards, "ProposalRegistered")
        .withArgs(id, 0n, TOKEN_HOUSE_BALANCES.alice + TOKEN_HOUSE_BALANCES.carol);
      await advanceTo(await rewards.claimsOpenAt(0n));
      await expect(rewards.connect(bob).claim(0n, [id]))
        .to.be.revertedWithCustomError(rewards, "RewardsDidNotVote")
        .withArgs(bob.address, id);
      await expect(rewards.connect(alice).claim(0n, [id]))
        .to.emit(rewards, "RewardClaimed")
        .withArgs(alice.address, 0n, TOKEN_HOUSE_BALANCES.alice, 750n); // 3 of the 4 revealed million
    });
  });

  describe("gas", function () {
    it(`commitVote and revealVote by a second voter, below quorum: ≤ ${COMMIT_BUDGET} and ≤ ${REVEAL_BUDGET} @gas`, async function () {
      const { governor, proposalId, chainId, carol, bob, commit, toReveal } = await loadFixture(deployActiveProposal);
      const first = await commit(carol, VoteType.For); // warms the proposal's commit tally, then its vote tally
      const salt = newSalt();
      const commitment = voteCommitment({
        chainId,
        governor: await governor.getAddress(),
        proposalId,
        voter: bob.address,
        support: VoteType.For,
        salt,
      });
      const committed = await (await governor.connect(bob).commitVote(proposalId, commitment)).wait();
      await toReveal();
      await governor.revealVote(proposalId, carol.address, VoteType.For, first.salt);
      const revealed = await (await governor.revealVote(proposalId, bob.address, VoteType.For, salt)).wait();
      expect(committed?.gasUsed).to.be.lessThanOrEqual(COMMIT_BUDGET);
      expect(revealed?.gasUsed).to.be.lessThanOrEqual(REVEAL_BUDGET);
    });
  });
});
