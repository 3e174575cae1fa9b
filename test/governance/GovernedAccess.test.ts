import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, ZeroHash } from "ethers";

import { accessManagerRoleMembers, timelockRoleMembers } from "../../scripts/lib/access";
import {
  buildProposal,
  ProposalState,
  proposeVoteQueueExecute,
  timelockOperationId,
  withProposer,
} from "../../scripts/lib/governance";
import { ROLES, TIMELOCK_ROLES } from "../../scripts/lib/roles";
import { deployTokenHouse } from "./fixtures";

describe("GovernedAccess", function () {
  describe("a parameter change through governance", function () {
    it("appoints a guardian on the AccessManager: propose → vote → queue → execute by the timelock", async function () {
      const { governor, timelock, accessManager, alice, bob, guardian } = await loadFixture(deployTokenHouse);
      expect((await accessManager.hasRole(ROLES.GUARDIAN, guardian.address)).isMember).to.be.false;

      const managerAddress = await accessManager.getAddress();
      const proposal = buildProposal(
        [
          {
            target: managerAddress,
            data: accessManager.interface.encodeFunctionData("grantRole", [ROLES.GUARDIAN, guardian.address, 0n]),
          },
          {
            target: managerAddress,
            data: accessManager.interface.encodeFunctionData("labelRole", [ROLES.GUARDIAN, "GUARDIAN"]),
          },
        ],
        withProposer("Appoint the guardian", alice.address),
      );
      const { proposalId } = await proposeVoteQueueExecute(governor, proposal, {
        proposer: alice,
        voters: [alice, bob],
      });

      expect(await governor.state(proposalId)).to.equal(ProposalState.Executed);
      expect(await timelock.isOperationDone(timelockOperationId(await governor.getAddress(), proposal))).to.be.true;
      expect((await accessManager.hasRole(ROLES.GUARDIAN, guardian.address)).isMember).to.be.true;
      const [labelled] = await accessManager.queryFilter(accessManager.filters.RoleLabel(ROLES.GUARDIAN));
      expect(labelled.args.label).to.equal("GUARDIAN");
      const [granted] = await accessManager.queryFilter(accessManager.filters.RoleGranted(ROLES.GUARDIAN));
      expect(granted.args.account).to.equal(guardian.address);
    });
  });

  describe("AccessManager after deployment", function () {
    it("has the timelock as its only ADMIN, RISK and TREASURY holder", async function () {
      const { accessManager, timelock } = await loadFixture(deployTokenHouse);
      const timelockAddress = await timelock.getAddress();
      for (const role of [ROLES.ADMIN, ROLES.RISK, ROLES.TREASURY]) {
        expect([...(await accessManagerRoleMembers(accessManager, role))]).to.deep.equal([timelockAddress]);
      }
      for (const role of [ROLES.GUARDIAN, ROLES.VERIFIER, ROLES.CITIZENS]) {
        expect(await accessManagerRoleMembers(accessManager, role)).to.be.empty;
      }
    });

    it("leaves the deployer holding no role", async function () {
      const { accessManager, deployer } = await loadFixture(deployTokenHouse);
      for (const role of Object.values(ROLES)) {
        expect((await accessManager.hasRole(role, deployer.address)).isMember).to.be.false;
      }
    });

    it("reverts AccessManagerUnauthorizedAccount when the deployer grants a role", async function () {
      const { accessManager, deployer } = await loadFixture(deployTokenHouse);
      await expect(accessManager.connect(deployer).grantRole(ROLES.GUARDIAN, deployer.address, 0n))
        .to.be.revertedWithCustomError(accessManager, "AccessManagerUnauthorizedAccount")
        .withArgs(deployer.address, ROLES.ADMIN);
    });
  });

  describe("TimelockController after deployment", function () {
    it("administers itself only: no EOA holds DEFAULT_ADMIN_ROLE", async function () {
      const { timelock, deployer } = await loadFixture(deployTokenHouse);
      expect([...(await timelockRoleMembers(timelock, TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE))]).to.deep.equal([
        await timelock.getAddress(),
      ]);
      expect(await timelock.hasRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer.address)).to.be.false;
    });

    it("has the governor as its only proposer, the governor and the guardian's veto as cancellers, an open executor role", async function () {
      const { timelock, governor, guardianVeto } = await loadFixture(deployTokenHouse);
      const governorAddress = await governor.getAddress();
      expect([...(await timelockRoleMembers(timelock, TIMELOCK_ROLES.PROPOSER_ROLE))]).to.deep.equal([governorAddress]);
      expect([...(await timelockRoleMembers(timelock, TIMELOCK_ROLES.CANCELLER_ROLE))]).to.deep.equal([
        governorAddress,
        await guardianVeto.getAddress(),
      ]);
      expect([...(await timelockRoleMembers(timelock, TIMELOCK_ROLES.EXECUTOR_ROLE))]).to.deep.equal([ZeroAddress]);
    });

    it("waits the configured minimum delay", async function () {
      const { timelock, house } = await loadFixture(deployTokenHouse);
      expect(await timelock.getMinDelay()).to.equal(house.settings.timelockMinDelay);
    });

    it("reverts AccessControlUnauthorizedAccount when an EOA schedules an operation", async function () {
      const { timelock, deployer, house } = await loadFixture(deployTokenHouse);
      await expect(
        timelock
          .connect(deployer)
          .schedule(house.action.target, 0n, house.action.data, ZeroHash, ZeroHash, house.settings.timelockMinDelay),
      )
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(deployer.address, TIMELOCK_ROLES.PROPOSER_ROLE);
    });

    it("reverts AccessControlUnauthorizedAccount when an EOA cancels an operation", async function () {
      const { timelock, deployer } = await loadFixture(deployTokenHouse);
      await expect(timelock.connect(deployer).cancel(ZeroHash))
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(deployer.address, TIMELOCK_ROLES.CANCELLER_ROLE);
    });

    it("reverts AccessControlUnauthorizedAccount when the deployer grants itself the proposer role", async function () {
      const { timelock, deployer } = await loadFixture(deployTokenHouse);
      await expect(timelock.connect(deployer).grantRole(TIMELOCK_ROLES.PROPOSER_ROLE, deployer.address))
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(deployer.address, TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE);
    });
  });
});
