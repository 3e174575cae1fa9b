import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, ZeroHash } from "ethers";

import {
  execute,
  ProposalState,
  stateBitmap,
  timelockOperationId,
  timelockSalt,
  TimelockOperationState,
  type Proposal,
  type ProposalAction,
} from "../../scripts/lib/governance";
import { ROLES, TIMELOCK_ROLES } from "../../scripts/lib/roles";
import type { QuartetGovernor, TimelockController } from "../../typechain-types";
import type { Quartet } from "../fixtures";
import { localParameters } from "./fixtures";
import { deployQuartetWithCitizens, governTokenHouse, queueProposal } from "./quartet.fixtures";

/** Both houses can vote and the token house has appointed `guardian` (veto and pause). */
async function deployWithGuardian() {
  const q = await loadFixture(deployQuartetWithCitizens);
  await governTokenHouse(q, "Appoint the guardian", await appointGuardianActions(q, q.guardian.address));
  return q;
}

/** setGuardian(account) on the veto and GUARDIAN (pause) in the AccessManager: what "appoint the guardian" means. */
async function appointGuardianActions(q: Quartet, account: string): Promise<ProposalAction[]> {
  return [
    {
      target: await q.guardianVeto.getAddress(),
      data: q.guardianVeto.interface.encodeFunctionData("setGuardian", [account]),
    },
    {
      target: await q.accessManager.getAddress(),
      data: q.accessManager.interface.encodeFunctionData("grantRole", [ROLES.GUARDIAN, account, 0n]),
    },
  ];
}

/** A harmless token-house action: re-labels the GUARDIAN role. */
async function labelAction(q: Quartet): Promise<ProposalAction> {
  return {
    target: await q.accessManager.getAddress(),
    data: q.accessManager.interface.encodeFunctionData("labelRole", [ROLES.GUARDIAN, "GUARDIAN"]),
  };
}

/** The guardian's veto of a queued proposal, naming the operation as the governor scheduled it. */
async function veto(
  q: Quartet,
  governor: QuartetGovernor,
  timelock: TimelockController,
  proposal: Proposal,
  by = q.guardian,
) {
  const salt = timelockSalt(await governor.getAddress(), proposal.description);
  return q.guardianVeto
    .connect(by)
    .veto(timelock, proposal.targets, proposal.values, proposal.calldatas, ZeroHash, salt);
}

describe("TimelockGuardian (the guardian's veto)", function () {
  describe("deployment", function () {
    it("starts with no guardian and is a canceller of both timelocks", async function () {
      const q = await loadFixture(deployQuartetWithCitizens);
      expect(await q.guardianVeto.guardian()).to.equal(ZeroAddress);
      for (const timelock of [q.timelock, q.citizensTimelock]) {
        expect(await timelock.hasRole(TIMELOCK_ROLES.CANCELLER_ROLE, q.guardianVeto)).to.be.true;
        expect(await timelock.hasRole(TIMELOCK_ROLES.PROPOSER_ROLE, q.guardianVeto)).to.be.false;
        expect(await timelock.hasRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, q.guardianVeto)).to.be.false;
      }
      expect(await q.guardianVeto.authority()).to.equal(await q.accessManager.getAddress());
    });

    it("reverts GuardianUnauthorized for a veto while nobody is guardian", async function () {
      const q = await loadFixture(deployQuartetWithCitizens);
      const { proposal } = await queueProposal(q.governor, q, "Label", [await labelAction(q)]);
      await expect(veto(q, q.governor, q.timelock, proposal, q.guardian))
        .to.be.revertedWithCustomError(q.guardianVeto, "GuardianUnauthorized")
        .withArgs(q.guardian.address);
    });
  });

  describe("setGuardian", function () {
    it("reverts AccessManagedUnauthorized for any account, the guardian itself included", async function () {
      const q = await loadFixture(deployWithGuardian);
      for (const caller of [q.mallory, q.guardian, q.deployer]) {
        await expect(q.guardianVeto.connect(caller).setGuardian(caller.address))
          .to.be.revertedWithCustomError(q.guardianVeto, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("is set by a token-house proposal, with GuardianSet", async function () {
      const q = await loadFixture(deployQuartetWithCitizens);
      const { proposal } = await queueProposal(
        q.governor,
        q,
        "Appoint the guardian",
        await appointGuardianActions(q, q.guardian.address),
      );
      await expect(execute(q.governor, proposal, q.alice))
        .to.emit(q.guardianVeto, "GuardianSet")
        .withArgs(ZeroAddress, q.guardian.address);
      expect(await q.guardianVeto.guardian()).to.equal(q.guardian.address);
    });

    it("cannot be set by the Citizens' House (its execution reverts AccessManagedUnauthorized)", async function () {
      const q = await loadFixture(deployQuartetWithCitizens);
      const { proposal } = await queueProposal(q.citizensGovernor, q, "Citizens pick the guardian", [
        {
          target: await q.guardianVeto.getAddress(),
          data: q.guardianVeto.interface.encodeFunctionData("setGuardian", [q.alice.address]),
        },
      ]);
      await expect(execute(q.citizensGovernor, proposal, q.alice))
        .to.be.revertedWithCustomError(q.guardianVeto, "AccessManagedUnauthorized")
        .withArgs(await q.citizensTimelock.getAddress());
    });
  });

  describe("veto", function () {
    for (const house of ["token house", "Citizens' House"] as const) {
      it(`cancels an operation queued by the ${house}: the proposal reads Canceled and cannot execute`, async function () {
        const q = await loadFixture(deployWithGuardian);
        const [governor, timelock, action] =
          house === "token house"
            ? [q.governor, q.timelock, await labelAction(q)]
            : [
                q.citizensGovernor,
                q.citizensTimelock,
                {
                  target: await q.creatorPasses.getAddress(),
                  data: q.creatorPasses.interface.encodeFunctionData("setProtocolFee", [1000]),
                },
              ];
        const { proposal, proposalId } = await queueProposal(governor, q, "Vetoed", [action]);
        const id = timelockOperationId(await governor.getAddress(), proposal);
        expect(await timelock.isOperationPending(id)).to.be.true;

        await expect(veto(q, governor, timelock, proposal))
          .to.emit(q.guardianVeto, "OperationVetoed")
          .withArgs(await timelock.getAddress(), id, q.guardian.address)
          .and.to.emit(timelock, "Cancelled")
          .withArgs(id);
        expect(await timelock.getOperationState(id)).to.equal(TimelockOperationState.Unset);
        expect(await governor.state(proposalId)).to.equal(ProposalState.Canceled);
        await expect(execute(governor, proposal, q.alice))
          .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
          .withArgs(proposalId, ProposalState.Canceled, stateBitmap(ProposalState.Queued));
      });
    }

    it("reverts GuardianUnauthorized for anyone but the guardian", async function () {
      const q = await loadFixture(deployWithGuardian);
      const { proposal } = await queueProposal(q.governor, q, "Label", [await labelAction(q)]);
      for (const caller of [q.mallory, q.alice, q.deployer]) {
        await expect(veto(q, q.governor, q.timelock, proposal, caller))
          .to.be.revertedWithCustomError(q.guardianVeto, "GuardianUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("reverts TimelockUnexpectedOperationState for an executed or unknown operation", async function () {
      const q = await loadFixture(deployWithGuardian);
      const { proposal } = await queueProposal(q.governor, q, "Label", [await labelAction(q)]);
      await execute(q.governor, proposal, q.alice);
      const id = timelockOperationId(await q.governor.getAddress(), proposal);
      const pending = stateBitmap(TimelockOperationState.Waiting, TimelockOperationState.Ready);
      await expect(veto(q, q.governor, q.timelock, proposal))
        .to.be.revertedWithCustomError(q.timelock, "TimelockUnexpectedOperationState")
        .withArgs(id, pending);
      const unknown = { ...proposal, description: "never queued" };
      await expect(veto(q, q.governor, q.timelock, unknown)).to.be.revertedWithCustomError(
        q.timelock,
        "TimelockUnexpectedOperationState",
      );
    });

    it("reverts GuardianCannotVetoItsReplacement for an operation that only replaces the guardian", async function () {
      const q = await loadFixture(deployWithGuardian);
      const revokePause = {
        target: await q.accessManager.getAddress(),
        data: q.accessManager.interface.encodeFunctionData("revokeRole", [ROLES.GUARDIAN, q.guardian.address]),
      };
      const revokeCanceller = {
        target: await q.timelock.getAddress(),
        data: q.timelock.interface.encodeFunctionData("revokeRole", [
          TIMELOCK_ROLES.CANCELLER_ROLE,
          await q.guardianVeto.getAddress(),
        ]),
      };
      // Taking the veto's CANCELLER role away (to move the veto to a new contract) counts as a replacement too.
      expect(await q.guardianVeto.isGuardianReplacement([revokeCanceller.target], [0n], [revokeCanceller.data])).to.be
        .true;
      const actions = [...(await appointGuardianActions(q, q.mallory.address)), revokePause];
      const { proposal } = await queueProposal(q.governor, q, "Replace the guardian", actions);
      const id = timelockOperationId(await q.governor.getAddress(), proposal);
      expect(await q.guardianVeto.isGuardianReplacement(proposal.targets, proposal.values, proposal.calldatas)).to.be
        .true;
      await expect(veto(q, q.governor, q.timelock, proposal))
        .to.be.revertedWithCustomError(q.guardianVeto, "GuardianCannotVetoItsReplacement")
        .withArgs(id);

      await expect(execute(q.governor, proposal, q.alice))
        .to.emit(q.guardianVeto, "GuardianSet")
        .withArgs(q.guardian.address, q.mallory.address);
      // The old guardian can no longer veto anything.
      const { proposal: next } = await queueProposal(q.governor, q, "Label", [await labelAction(q)]);
      await expect(veto(q, q.governor, q.timelock, next, q.guardian))
        .to.be.revertedWithCustomError(q.guardianVeto, "GuardianUnauthorized")
        .withArgs(q.guardian.address);
      await expect(veto(q, q.governor, q.timelock, next, q.mallory)).to.emit(q.guardianVeto, "OperationVetoed");
    });

    it("vetoes the Citizens' House stripping the veto from its own timelock: only the token house replaces the guardian", async function () {
      const q = await loadFixture(deployWithGuardian);
      const veto_ = await q.guardianVeto.getAddress();
      const actions = [
        {
          target: await q.citizensTimelock.getAddress(),
          data: q.citizensTimelock.interface.encodeFunctionData("revokeRole", [TIMELOCK_ROLES.CANCELLER_ROLE, veto_]),
        },
      ];
      const { proposal, proposalId } = await queueProposal(q.citizensGovernor, q, "No more veto", actions);
      // The same call the token house may make shields nothing when another timelock queued it.
      expect(await q.guardianVeto.isGuardianReplacement(proposal.targets, proposal.values, proposal.calldatas)).to.be
        .true;
      await expect(veto(q, q.citizensGovernor, q.citizensTimelock, proposal)).to.emit(
        q.guardianVeto,
        "OperationVetoed",
      );
      expect(await q.citizensGovernor.state(proposalId)).to.equal(ProposalState.Canceled);
      expect(await q.citizensTimelock.hasRole(TIMELOCK_ROLES.CANCELLER_ROLE, veto_)).to.be.true;
    });

    it("vetoes a replacement bundled with any other call: bundling shields nothing", async function () {
      const q = await loadFixture(deployWithGuardian);
      const actions = [...(await appointGuardianActions(q, q.mallory.address)), await labelAction(q)];
      const { proposal } = await queueProposal(q.governor, q, "Replace the guardian and more", actions);
      expect(await q.guardianVeto.isGuardianReplacement(proposal.targets, proposal.values, proposal.calldatas)).to.be
        .false;
      await expect(veto(q, q.governor, q.timelock, proposal)).to.emit(q.guardianVeto, "OperationVetoed");
    });

    it("treats look-alike calls as ordinary ones: extra data, ETH sent, another role, another contract", async function () {
      const q = await loadFixture(deployWithGuardian);
      const veto_ = await q.guardianVeto.getAddress();
      const manager = await q.accessManager.getAddress();
      const setGuardian = q.guardianVeto.interface.encodeFunctionData("setGuardian", [q.mallory.address]);
      const cases: [string, bigint, string][] = [
        [veto_, 0n, `${setGuardian}00`],
        [veto_, 1n, setGuardian],
        [veto_, 0n, "0x"],
        [manager, 0n, q.accessManager.interface.encodeFunctionData("grantRole", [ROLES.RISK, q.mallory.address, 0n])],
        [manager, 0n, q.accessManager.interface.encodeFunctionData("revokeRole", [ROLES.ADMIN, q.mallory.address])],
        [manager, 0n, q.accessManager.interface.encodeFunctionData("labelRole", [ROLES.GUARDIAN, "x"])],
        [
          await q.timelock.getAddress(),
          0n,
          q.timelock.interface.encodeFunctionData("revokeRole", [TIMELOCK_ROLES.CANCELLER_ROLE, q.mallory.address]),
        ],
        [await q.pool.getAddress(), 0n, setGuardian],
      ];
      for (const [target, value, data] of cases) {
        expect(await q.guardianVeto.isGuardianReplacement([target], [value], [data]), data).to.be.false;
      }
      expect(await q.guardianVeto.isGuardianReplacement([], [], [])).to.be.false;
      expect(await q.guardianVeto.isGuardianReplacement([veto_], [0n], [setGuardian])).to.be.true;
    });

    it("reverts GuardianInvalidOperationLength for arrays of different lengths", async function () {
      const q = await loadFixture(deployWithGuardian);
      await expect(q.guardianVeto.isGuardianReplacement([q.pool], [], ["0x"]))
        .to.be.revertedWithCustomError(q.guardianVeto, "GuardianInvalidOperationLength")
        .withArgs(1n, 0n, 1n);
    });

    it("gives the guardian nothing else: no direct cancel, schedule or execute on a timelock", async function () {
      const q = await loadFixture(deployWithGuardian);
      const { proposal } = await queueProposal(q.governor, q, "Label", [await labelAction(q)]);
      const id = timelockOperationId(await q.governor.getAddress(), proposal);
      await expect(q.timelock.connect(q.guardian).cancel(id))
        .to.be.revertedWithCustomError(q.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(q.guardian.address, TIMELOCK_ROLES.CANCELLER_ROLE);
      await expect(q.timelock.connect(q.guardian).schedule(q.pool, 0n, "0x", ZeroHash, ZeroHash, 60n))
        .to.be.revertedWithCustomError(q.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(q.guardian.address, TIMELOCK_ROLES.PROPOSER_ROLE);
      expect(await q.timelock.isOperationPending(id)).to.be.true;
    });
  });

  describe("the AccessManager's grant delay on ADMIN", function () {
    it("makes an account that a proposal makes ADMIN wait adminGrantDelay before it can act", async function () {
      const q = await loadFixture(deployQuartetWithCitizens);
      const delay = BigInt((await localParameters()).LocalQuartet.adminGrantDelay as number);
      await time.increase(await q.accessManager.minSetback()); // OpenZeppelin applies a new grant delay after it
      expect(await q.accessManager.getRoleGrantDelay(ROLES.ADMIN)).to.equal(delay);

      const grant = q.accessManager.interface.encodeFunctionData("grantRole", [ROLES.ADMIN, q.mallory.address, 0n]);
      const { proposal } = await queueProposal(q.governor, q, "Make mallory ADMIN", [
        { target: await q.accessManager.getAddress(), data: grant },
      ]);
      await execute(q.governor, proposal, q.alice);
      const grantedAt = BigInt(await time.latest());
      const { isMember } = await q.accessManager.hasRole(ROLES.ADMIN, q.mallory.address);
      expect(isMember).to.be.false;
      await expect(q.accessManager.connect(q.mallory).grantRole(ROLES.RISK, q.mallory.address, 0n))
        .to.be.revertedWithCustomError(q.accessManager, "AccessManagerUnauthorizedAccount")
        .withArgs(q.mallory.address, ROLES.ADMIN);

      await time.setNextBlockTimestamp(grantedAt + delay - 1n);
      await expect(
        q.accessManager.connect(q.mallory).grantRole(ROLES.RISK, q.mallory.address, 0n),
      ).to.be.revertedWithCustomError(q.accessManager, "AccessManagerUnauthorizedAccount");
      await time.setNextBlockTimestamp(grantedAt + delay);
      await expect(q.accessManager.connect(q.mallory).grantRole(ROLES.RISK, q.mallory.address, 0n)).to.emit(
        q.accessManager,
        "RoleGranted",
      );
    });
  });
});
