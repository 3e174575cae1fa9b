import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import { isModuleParameterRuntimeValue, isNamedContractDeploymentFuture } from "@nomicfoundation/ignition-core";
import { ZeroHash, type Wallet, type Signer } from "ethers";

import CitizensHouse from "../../deploy/modules/CitizensHouse";
import { GOVERNANCE_DEFAULTS } from "../../deploy/modules/Governance";
import { appointFirstVerifierActions } from "../../scripts/lib/access";
import {
  buildProposal,
  execute,
  ProposalState,
  propose,
  startVoting,
  timelockSalt,
  VoteType,
  type Proposal,
  type ProposalAction,
} from "../../scripts/lib/governance";
import { ROLES } from "../../scripts/lib/roles";
import { handleToTokenId } from "../../scripts/lib/social";
import { IERC5805__factory, type QuartetGovernor, type TimelockController } from "../../typechain-types";
import { assetConfigOf, deployQuartet, type Quartet } from "../fixtures";
import { metadata, verifyProfile } from "../social/fixtures";
import { directBallot, localParameters, type GovernorHouse } from "./fixtures";
import { queueProposal } from "./quartet.fixtures";
import { shouldBehaveLikeQuartetGovernor } from "./governor.behaviour";

/** Mints `handle` for `holder` and has the fixture's verifier attest it; returns the profile's token id. */
async function verifiedCitizen(q: Quartet, holder: Quartet["alice"] | Wallet, handle: string): Promise<bigint> {
  await q.profileNFT.connect(holder).mint(handle, metadata({ displayName: handle }));
  const tokenId = handleToTokenId(handle);
  await verifyProfile(q.profileNFT, q.verifier, tokenId, holder);
  return tokenId;
}

const queueCitizens = (q: Quartet, description: string, actions: ProposalAction[]) =>
  queueProposal(q.citizensGovernor, q, description, actions);

/**
 * LocalQuartet after its bootstrap: the token house has appointed the first verifier (the Citizens' House cannot,
 * having no verified citizens yet), who verified alice, bob, carol and dave. 4% of four people rounds down to zero, so
 * the deployed quorum is the floor, two people: alice alone misses it, alice and bob reach it — the premise of the
 * shared governor behaviour. mallory holds no profile.
 */
async function deployCitizensHouse() {
  const q = await loadFixture(deployQuartet);
  const appoint = await appointFirstVerifierActions(q.accessManager, q.verifier.address);
  const { proposal } = await queueProposal(q.governor, q, "Appoint the first verifier", appoint);
  await execute(q.governor, proposal, q.alice);

  const profiles = {
    alice: await verifiedCitizen(q, q.alice, "alice"),
    bob: await verifiedCitizen(q, q.bob, "bob"),
    carol: await verifiedCitizen(q, q.carol, "carol"),
    dave: await verifiedCitizen(q, q.dave, "dave"),
  };
  const governor = q.citizensGovernor;
  const population = BigInt(Object.keys(profiles).length);

  const citizens = (await localParameters()).CitizensHouse;
  const house: GovernorHouse = {
    governor,
    timelock: q.citizensTimelock,
    votes: IERC5805__factory.connect(await q.profileNFT.getAddress(), q.deployer),
    alice: q.alice,
    bob: q.bob,
    carol: q.carol,
    mallory: q.mallory,
    async acquireVotes(account) {
      await verifiedCitizen(q, account, `late_${account.address.slice(2, 10).toLowerCase()}`);
    },
    // Within the house's powers and harmless: re-sets the pass protocol fee to its current value.
    action: {
      target: await q.creatorPasses.getAddress(),
      data: q.creatorPasses.interface.encodeFunctionData("setProtocolFee", [await q.creatorPasses.protocolFeeBps()]),
    },
    ballot: directBallot(governor),
    settings: {
      votingDelay: BigInt(citizens.votingDelay as number),
      votingPeriod: BigInt(citizens.votingPeriod as number),
      lateQuorumExtension: BigInt(citizens.lateQuorumExtension as number),
      timelockMinDelay: BigInt(citizens.timelockMinDelay as number),
    },
  };
  return { ...q, house, profiles, population };
}

/** The Citizens' House as the shared governor behaviour sees it (its own snapshot on top of the fixture's). */
async function citizensHouse(): Promise<GovernorHouse> {
  return (await loadFixture(deployCitizensHouseOfSix)).house;
}

/**
 * The house with two more verified people (six): a governed floor is at most half the people (rounded up), so the
 * shared floor tests can set one just above alice and bob (three).
 */
async function deployCitizensHouseOfSix() {
  const c = await loadFixture(deployCitizensHouse);
  const extra = (await ethers.getSigners()).slice(14, 16);
  for (const [i, person] of extra.entries()) await verifiedCitizen(c, person, `citizen_${i}`);
  return c;
}

/** Expects a ready proposal's execution, through the governor and directly on its timelock, to revert as asserted. */
async function expectExecutionReverts(
  governor: QuartetGovernor,
  timelock: TimelockController,
  executor: Signer,
  proposal: Proposal,
  assertRevert: (pending: Promise<unknown>) => Promise<void>,
): Promise<void> {
  await assertRevert(execute(governor, proposal, executor));
  const salt = timelockSalt(await governor.getAddress(), proposal.description);
  await assertRevert(
    timelock.connect(executor).executeBatch(proposal.targets, proposal.values, proposal.calldatas, ZeroHash, salt),
  );
}

/**
 * The default of each module parameter the CitizensHouse module gives its governor (what a testnet deploys without a
 * parameters file), read from the module definition without deploying it.
 */
function citizensGovernorDefaults(): Record<string, unknown> {
  const governor = [...CitizensHouse.futures].find((f) => f.id === "CitizensHouse#Governor");
  if (governor === undefined || !isNamedContractDeploymentFuture(governor))
    throw new Error("No CitizensHouse#Governor");
  return Object.fromEntries(
    governor.constructorArgs.filter(isModuleParameterRuntimeValue).map((p) => [p.name, p.defaultValue]),
  );
}

describe("Citizens' House (QuartetGovernor on ProfileNFT identity votes)", function () {
  describe("module defaults", function () {
    it("count people: a threshold of one verified person, a floor of five, the token house's periods and quorum", function () {
      expect(citizensGovernorDefaults()).to.deep.equal({
        votingDelay: GOVERNANCE_DEFAULTS.votingDelay,
        votingPeriod: GOVERNANCE_DEFAULTS.votingPeriod,
        proposalThreshold: 1n,
        quorumNumerator: GOVERNANCE_DEFAULTS.quorumNumerator,
        lateQuorumExtension: GOVERNANCE_DEFAULTS.lateQuorumExtension,
        quorumFloor: 5n,
      });
    });
  });

  describe("bootstrap: the first verifier", function () {
    it("reverts GovernorInsufficientProposerVotes while nobody is verified, even for a large QRT holder", async function () {
      const q = await loadFixture(deployQuartet);
      const data = q.creatorPasses.interface.encodeFunctionData("setProtocolFee", [300]);
      await expect(
        q.citizensGovernor.connect(q.alice).propose([await q.creatorPasses.getAddress()], [0n], [data], "Fee"),
      )
        .to.be.revertedWithCustomError(q.citizensGovernor, "GovernorInsufficientProposerVotes")
        .withArgs(q.alice.address, 0n, 1n);
    });

    it("cannot come from a plain token-house grantRole: VERIFIER answers to CITIZENS, not ADMIN", async function () {
      const q = await loadFixture(deployQuartet);
      const grant = q.accessManager.interface.encodeFunctionData("grantRole", [ROLES.VERIFIER, q.verifier.address, 0n]);
      const { proposal } = await queueProposal(q.governor, q, "Appoint a verifier", [
        { target: await q.accessManager.getAddress(), data: grant },
      ]);
      await expect(execute(q.governor, proposal, q.alice))
        .to.be.revertedWithCustomError(q.accessManager, "AccessManagerUnauthorizedAccount")
        .withArgs(await q.timelock.getAddress(), ROLES.CITIZENS);
    });

    it("is appointed by one token-house proposal that hands VERIFIER's administration back to CITIZENS", async function () {
      const q = await loadFixture(deployQuartet);
      const { accessManager, verifier } = q;
      const actions = await appointFirstVerifierActions(accessManager, verifier.address);
      const { proposal } = await queueProposal(q.governor, q, "Appoint the first verifier", actions);
      await expect(execute(q.governor, proposal, q.alice))
        .to.emit(accessManager, "RoleAdminChanged")
        .withArgs(ROLES.VERIFIER, ROLES.ADMIN)
        .and.to.emit(accessManager, "RoleGranted")
        .withArgs(ROLES.VERIFIER, verifier.address, 0n, (since: bigint) => since > 0n, true)
        .and.to.emit(accessManager, "RoleAdminChanged")
        .withArgs(ROLES.VERIFIER, ROLES.CITIZENS);

      expect((await accessManager.hasRole(ROLES.VERIFIER, verifier.address)).isMember).to.be.true;
      expect(await accessManager.getRoleAdmin(ROLES.VERIFIER)).to.equal(ROLES.CITIZENS);
      await verifiedCitizen(q, q.alice, "alice");
      expect(await q.profileNFT.getVotes(q.alice.address)).to.equal(1n);
    });
  });

  describe("shared governor behaviour", function () {
    shouldBehaveLikeQuartetGovernor(citizensHouse);

    it("caps a governed floor at half the people rounded up: four of seven, not five (GovernorQuorumFloorTooHigh)", async function () {
      const c = await loadFixture(deployCitizensHouseOfSix);
      await c.house.acquireVotes(c.mallory); // seven people: half is 3.5
      const setFloor = (floor: bigint) => [
        {
          target: c.citizensGovernor.target as string,
          data: c.citizensGovernor.interface.encodeFunctionData("setQuorumFloor", [floor]),
        },
      ];
      const { proposal: five } = await queueProposal(c.citizensGovernor, c, "Floor of five", setFloor(5n));
      await expect(execute(c.citizensGovernor, five, c.alice))
        .to.be.revertedWithCustomError(c.citizensGovernor, "GovernorQuorumFloorTooHigh")
        .withArgs(5n, 4n);
      const { proposal: four } = await queueProposal(c.citizensGovernor, c, "Floor of four", setFloor(4n));
      await execute(c.citizensGovernor, four, c.alice);
      expect(await c.citizensGovernor["quorumFloor()"]()).to.equal(4n);
    });

    it("has a quorum of two people, the deployed floor: 4% of the fixture's four people rounds down to zero", async function () {
      const { citizensGovernor: governor, population, alice, house } = await loadFixture(deployCitizensHouse);
      expect(population).to.equal(4n);
      const { proposalId } = await propose(governor, buildProposal([house.action], "Quorum check"), alice);
      await startVoting(governor, proposalId);
      const snapshot = await governor.proposalSnapshot(proposalId);
      expect(await house.votes.getPastTotalSupply(snapshot)).to.equal(population);
      expect((population * (await governor["quorumNumerator(uint256)"](snapshot))) / 100n).to.equal(0n);
      expect(await governor["quorumFloor(uint256)"](snapshot)).to.equal(2n);
      expect(await governor.quorum(snapshot)).to.equal(2n);
    });
  });

  describe("one verified person, one vote", function () {
    it("gives a person with two verified profiles one vote, and counts each voter once", async function () {
      const q = await loadFixture(deployCitizensHouse);
      const { citizensGovernor: governor, profileNFT, alice, bob, carol, house } = q;
      await verifiedCitizen(q, carol, "carol_two");
      expect(await profileNFT.verifiedProfileCount(carol.address)).to.equal(2n);
      expect(await profileNFT.getVotes(carol.address)).to.equal(1n);

      const { proposalId } = await propose(governor, buildProposal([house.action], "Keep the fee"), alice);
      await startVoting(governor, proposalId);
      for (const voter of [alice, bob, carol]) {
        await expect(governor.connect(voter).castVote(proposalId, VoteType.For))
          .to.emit(governor, "VoteCast")
          .withArgs(voter.address, proposalId, VoteType.For, 1n, "");
      }
      expect((await governor.proposalVotes(proposalId)).forVotes).to.equal(3n);
    });

    it("gives no vote to an unverified profile holder", async function () {
      const { citizensGovernor: governor, profileNFT, alice, mallory, house } = await loadFixture(deployCitizensHouse);
      await profileNFT.connect(mallory).mint("mallory", metadata());
      const { proposalId } = await propose(governor, buildProposal([house.action], "Keep the fee"), alice);
      await startVoting(governor, proposalId);
      await expect(governor.connect(mallory).castVote(proposalId, VoteType.For))
        .to.emit(governor, "VoteCast")
        .withArgs(mallory.address, proposalId, VoteType.For, 0n, "");
    });

    it("gives no vote to a person whose verification was revoked before the snapshot", async function () {
      const {
        citizensGovernor: governor,
        profileNFT,
        verifier,
        alice,
        dave,
        profiles,
        house,
      } = await loadFixture(deployCitizensHouse);
      await expect(profileNFT.connect(verifier).revokeVerification(profiles.dave))
        .to.emit(profileNFT, "VerificationRevoked")
        .withArgs(profiles.dave, dave.address, verifier.address);
      const { proposalId } = await propose(governor, buildProposal([house.action], "Keep the fee"), alice);
      await startVoting(governor, proposalId);
      expect(await governor.getVotes(dave.address, await governor.proposalSnapshot(proposalId))).to.equal(0n);
      await expect(governor.connect(dave).castVote(proposalId, VoteType.For))
        .to.emit(governor, "VoteCast")
        .withArgs(dave.address, proposalId, VoteType.For, 0n, "");
      expect((await governor.proposalVotes(proposalId)).forVotes).to.equal(0n);
    });

    it("keeps the vote of a person whose verification is revoked after the snapshot", async function () {
      const {
        citizensGovernor: governor,
        profileNFT,
        verifier,
        alice,
        dave,
        profiles,
        house,
      } = await loadFixture(deployCitizensHouse);
      const { proposalId } = await propose(governor, buildProposal([house.action], "Keep the fee"), alice);
      await startVoting(governor, proposalId);
      await profileNFT.connect(verifier).revokeVerification(profiles.dave);
      expect(await profileNFT.getVotes(dave.address)).to.equal(0n);
      await expect(governor.connect(dave).castVote(proposalId, VoteType.For))
        .to.emit(governor, "VoteCast")
        .withArgs(dave.address, proposalId, VoteType.For, 1n, "");
    });

    it("gives no vote to a person who transferred their only verified profile before the snapshot", async function () {
      const {
        citizensGovernor: governor,
        profileNFT,
        alice,
        dave,
        mallory,
        profiles,
        house,
      } = await loadFixture(deployCitizensHouse);
      await profileNFT.connect(dave).transferFrom(dave.address, mallory.address, profiles.dave);
      const { proposalId } = await propose(governor, buildProposal([house.action], "Keep the fee"), alice);
      await startVoting(governor, proposalId);
      for (const voter of [dave, mallory]) {
        await expect(governor.connect(voter).castVote(proposalId, VoteType.For))
          .to.emit(governor, "VoteCast")
          .withArgs(voter.address, proposalId, VoteType.For, 0n, "");
      }
    });
  });

  describe("powers of the CITIZENS role", function () {
    it("appoints a new verifier, whose attestations then verify people", async function () {
      const q = await loadFixture(deployCitizensHouse);
      const { accessManager, profileNFT, mallory } = q;
      const newVerifier = q.signers[9];
      const grant = accessManager.interface.encodeFunctionData("grantRole", [ROLES.VERIFIER, newVerifier.address, 0n]);
      const { proposal, proposalId } = await queueCitizens(q, "Appoint a verifier", [
        { target: await accessManager.getAddress(), data: grant },
      ]);
      await expect(execute(q.citizensGovernor, proposal, mallory))
        .to.emit(accessManager, "RoleGranted")
        .withArgs(ROLES.VERIFIER, newVerifier.address, 0n, (since: bigint) => since > 0n, true);
      expect(await q.citizensGovernor.state(proposalId)).to.equal(ProposalState.Executed);

      await profileNFT.connect(mallory).mint("mallory", metadata());
      await verifyProfile(profileNFT, newVerifier, handleToTokenId("mallory"), mallory);
      expect(await profileNFT.getVotes(mallory.address)).to.equal(1n);
    });

    it("removes a verifier, whose attestations then revert NotVerifier", async function () {
      const q = await loadFixture(deployCitizensHouse);
      const { accessManager, profileNFT, verifier, mallory } = q;
      const revoke = accessManager.interface.encodeFunctionData("revokeRole", [ROLES.VERIFIER, verifier.address]);
      const { proposal } = await queueCitizens(q, "Remove a verifier", [
        { target: await accessManager.getAddress(), data: revoke },
      ]);
      await expect(execute(q.citizensGovernor, proposal, mallory))
        .to.emit(accessManager, "RoleRevoked")
        .withArgs(ROLES.VERIFIER, verifier.address);

      await profileNFT.connect(mallory).mint("mallory", metadata());
      await expect(verifyProfile(profileNFT, verifier, handleToTokenId("mallory"), mallory))
        .to.be.revertedWithCustomError(profileNFT, "NotVerifier")
        .withArgs(verifier.address);
    });

    it("sets the creator-pass protocol fee", async function () {
      const q = await loadFixture(deployCitizensHouse);
      const { creatorPasses } = q;
      const setFee = creatorPasses.interface.encodeFunctionData("setProtocolFee", [500]);
      const { proposal } = await queueCitizens(q, "Pass fee to 5%", [
        { target: await creatorPasses.getAddress(), data: setFee },
      ]);
      await expect(execute(q.citizensGovernor, proposal, q.alice))
        .to.emit(creatorPasses, "ProtocolFeeSet")
        .withArgs(250n, 500n);
      expect(await creatorPasses.protocolFeeBps()).to.equal(500n);
    });

    it("is the only way to set the pass fee: the token house's execution reverts AccessManagedUnauthorized", async function () {
      const q = await loadFixture(deployCitizensHouse);
      const setFee = q.creatorPasses.interface.encodeFunctionData("setProtocolFee", [500]);
      const { proposal } = await queueProposal(q.governor, q, "Pass fee to 5%", [
        { target: await q.creatorPasses.getAddress(), data: setFee },
      ]);
      await expect(execute(q.governor, proposal, q.alice))
        .to.be.revertedWithCustomError(q.creatorPasses, "AccessManagedUnauthorized")
        .withArgs(await q.timelock.getAddress());
    });
  });

  describe("outside the CITIZENS role: a passed proposal whose execution reverts", function () {
    const cases = [
      {
        title: "changes a lending risk parameter (LendingPool.setAssetConfig, RISK)",
        async action(q: Quartet): Promise<ProposalAction> {
          const weth = await q.weth.getAddress();
          const config = { ...(await assetConfigOf(q.pool, weth)), ltvBps: 8200n };
          return {
            target: await q.pool.getAddress(),
            data: q.pool.interface.encodeFunctionData("setAssetConfig", [weth, config]),
          };
        },
        async expectRevert(q: Quartet, pending: Promise<unknown>) {
          await expect(pending)
            .to.be.revertedWithCustomError(q.pool, "AccessManagedUnauthorized")
            .withArgs(await q.citizensTimelock.getAddress());
        },
        protectedState: async (q: Quartet): Promise<unknown> => q.pool.assetConfig(q.weth),
      },
      {
        title: "grants itself RISK (AccessManager.grantRole, ADMIN)",
        async action(q: Quartet): Promise<ProposalAction> {
          const timelock = await q.citizensTimelock.getAddress();
          return {
            target: await q.accessManager.getAddress(),
            data: q.accessManager.interface.encodeFunctionData("grantRole", [ROLES.RISK, timelock, 0n]),
          };
        },
        async expectRevert(q: Quartet, pending: Promise<unknown>) {
          await expect(pending)
            .to.be.revertedWithCustomError(q.accessManager, "AccessManagerUnauthorizedAccount")
            .withArgs(await q.citizensTimelock.getAddress(), ROLES.ADMIN);
        },
        protectedState: async (q: Quartet): Promise<unknown> => q.accessManager.hasRole(ROLES.RISK, q.citizensTimelock),
      },
      {
        title: "widens its own powers (AccessManager.setTargetFunctionRole, ADMIN)",
        async action(q: Quartet): Promise<ProposalAction> {
          const selector = q.pool.interface.getFunction("setAssetConfig").selector;
          return {
            target: await q.accessManager.getAddress(),
            data: q.accessManager.interface.encodeFunctionData("setTargetFunctionRole", [
              await q.pool.getAddress(),
              [selector],
              ROLES.CITIZENS,
            ]),
          };
        },
        async expectRevert(q: Quartet, pending: Promise<unknown>) {
          await expect(pending)
            .to.be.revertedWithCustomError(q.accessManager, "AccessManagerUnauthorizedAccount")
            .withArgs(await q.citizensTimelock.getAddress(), ROLES.ADMIN);
        },
        protectedState: async (q: Quartet): Promise<unknown> =>
          q.accessManager.getTargetFunctionRole(q.pool, q.pool.interface.getFunction("setAssetConfig").selector),
      },
      {
        title: "redirects the pass fees (CreatorPasses.setTreasury, TREASURY)",
        async action(q: Quartet): Promise<ProposalAction> {
          return {
            target: await q.creatorPasses.getAddress(),
            data: q.creatorPasses.interface.encodeFunctionData("setTreasury", [q.alice.address]),
          };
        },
        async expectRevert(q: Quartet, pending: Promise<unknown>) {
          await expect(pending)
            .to.be.revertedWithCustomError(q.creatorPasses, "AccessManagedUnauthorized")
            .withArgs(await q.citizensTimelock.getAddress());
        },
        protectedState: async (q: Quartet): Promise<unknown> => q.creatorPasses.treasury(),
      },
    ];

    for (const c of cases) {
      it(`${c.title}: governor.execute and timelock.executeBatch revert with the target's error`, async function () {
        const q = await loadFixture(deployCitizensHouse);
        const before = await c.protectedState(q);
        const { proposal, proposalId } = await queueCitizens(q, c.title, [await c.action(q)]);
        await expectExecutionReverts(q.citizensGovernor, q.citizensTimelock, q.mallory, proposal, (pending) =>
          c.expectRevert(q, pending),
        );

        expect(await c.protectedState(q)).to.deep.equal(before);
        expect(await q.citizensGovernor.state(proposalId)).to.equal(ProposalState.Queued);
        const operation = await q.citizensTimelock.hashOperationBatch(
          proposal.targets,
          proposal.values,
          proposal.calldatas,
          ZeroHash,
          timelockSalt(await q.citizensGovernor.getAddress(), proposal.description),
        );
        expect(await q.citizensTimelock.isOperationReady(operation)).to.be.true;
      });
    }
  });
});
