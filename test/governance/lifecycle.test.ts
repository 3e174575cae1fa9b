import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroHash } from "ethers";

import {
  advanceTo,
  buildProposal,
  endVoting,
  execute,
  ProposalState,
  propose,
  proposeVoteQueueExecute,
  queue,
  startVoting,
  stateBitmap,
  timelockOperationId,
  TimelockOperationState,
  VoteType,
  withProposer,
  type ProposalAction,
} from "../../scripts/lib/governance";
import { ROLES, TIMELOCK_ROLES } from "../../scripts/lib/roles";
import { assetConfigOf, deployQuartet, quartetRestrictedFunctions, units, type Quartet } from "../fixtures";
import { PAUSE_BORROW, PAUSE_SUPPLY } from "../../scripts/lib/lending";

const PAUSE_ALL = PAUSE_SUPPLY | PAUSE_BORROW;

/** The DESIGN.md budget: castVote by a later voter that does not reach quorum. */
const CAST_VOTE_BUDGET = 75_000n;

/** `pool.<fn>(...args)` as a proposal action (the token house's timelock makes the call). */
async function poolAction(q: Quartet, data: string): Promise<ProposalAction> {
  return { target: await q.pool.getAddress(), data };
}

/** Passes and executes a one-action token-house proposal with alice and bob (5% of the supply: quorum). */
async function governTokenHouse(q: Quartet, description: string, ...actions: ProposalAction[]) {
  const proposal = buildProposal(actions, withProposer(description, q.alice.address));
  await proposeVoteQueueExecute(q.governor, proposal, { proposer: q.alice, voters: [q.alice, q.bob] });
  return proposal;
}

/** The token house has appointed `guardian` (GUARDIAN role) through a proposal. */
async function deployWithGuardian() {
  const q = await loadFixture(deployQuartet);
  const grant = q.accessManager.interface.encodeFunctionData("grantRole", [ROLES.GUARDIAN, q.guardian.address, 0n]);
  await governTokenHouse(q, "Appoint the guardian", { target: await q.accessManager.getAddress(), data: grant });
  return q;
}

describe("Governance lifecycle on the whole protocol (LocalQuartet)", function () {
  describe("a risk parameter change: WETH's LTV from 80% to 82%", function () {
    it("runs propose → vote → queue → execute; the timelock calls setAssetConfig and the borrow limit follows", async function () {
      const q = await loadFixture(deployQuartet);
      const { pool, governor, timelock, alice, bob, dave } = q;
      const weth = await q.weth.getAddress();
      await pool.connect(dave).supply(weth, units(10, 18), dave.address); // $30,000 of collateral
      const limitBefore = (await pool.accountData(dave.address)).borrowLimit;
      const before = await assetConfigOf(pool, weth);
      expect(before.ltvBps).to.equal(8000n);

      const raised = { ...before, ltvBps: 8200n };
      const proposal = buildProposal(
        [await poolAction(q, pool.interface.encodeFunctionData("setAssetConfig", [weth, raised]))],
        withProposer("Raise WETH LTV to 82%", alice.address),
      );
      const { proposalId } = await propose(governor, proposal, alice);
      expect(await governor.state(proposalId)).to.equal(ProposalState.Pending);

      await startVoting(governor, proposalId);
      await governor.connect(alice).castVote(proposalId, VoteType.For);
      await governor.connect(bob).castVote(proposalId, VoteType.For);
      await endVoting(governor, proposalId);
      expect(await governor.state(proposalId)).to.equal(ProposalState.Succeeded);

      await queue(governor, proposal, alice);
      expect(await governor.state(proposalId)).to.equal(ProposalState.Queued);
      expect(await pool.assetConfig(weth)).to.deep.equal(Object.values(before)); // nothing changes while queued

      await advanceTo(await governor.proposalEta(proposalId));
      const operationId = timelockOperationId(await governor.getAddress(), proposal);
      await expect(execute(governor, proposal, bob))
        .to.emit(pool, "AssetConfigUpdated")
        .withArgs(weth, Object.values(raised))
        .and.to.emit(timelock, "CallExecuted")
        .withArgs(operationId, 0n, await pool.getAddress(), 0n, proposal.calldatas[0]);

      expect(await governor.state(proposalId)).to.equal(ProposalState.Executed);
      expect((await pool.assetConfig(weth)).ltvBps).to.equal(8200n);
      expect((await pool.accountData(dave.address)).borrowLimit).to.equal((limitBefore * 8200n) / 8000n);
    });

    it("changes nothing when the vote is defeated", async function () {
      const q = await loadFixture(deployQuartet);
      const { pool, governor, alice, bob } = q;
      const weth = await q.weth.getAddress();
      const before = await assetConfigOf(pool, weth);
      const proposal = buildProposal(
        [
          await poolAction(
            q,
            pool.interface.encodeFunctionData("setAssetConfig", [weth, { ...before, ltvBps: 8200n }]),
          ),
        ],
        "Raise WETH LTV to 82%",
      );
      const { proposalId } = await propose(governor, proposal, alice);
      await startVoting(governor, proposalId);
      await governor.connect(alice).castVote(proposalId, VoteType.For);
      await governor.connect(bob).castVote(proposalId, VoteType.Against);
      await governor.connect(q.carol).castVote(proposalId, VoteType.Against);
      await endVoting(governor, proposalId);
      expect(await governor.state(proposalId)).to.equal(ProposalState.Defeated);
      await expect(queue(governor, proposal, alice)).to.be.revertedWithCustomError(
        governor,
        "GovernorUnexpectedProposalState",
      );
      expect(await pool.assetConfig(weth)).to.deep.equal(Object.values(before));
    });

    it(`keeps castVote by a later voter not reaching quorum within ${CAST_VOTE_BUDGET} gas @gas`, async function () {
      const q = await loadFixture(deployQuartet);
      const { pool, governor, alice, bob, carol } = q;
      const weth = await q.weth.getAddress();
      const config = { ...(await assetConfigOf(pool, weth)), ltvBps: 8200n };
      const proposal = buildProposal(
        [await poolAction(q, pool.interface.encodeFunctionData("setAssetConfig", [weth, config]))],
        "Raise WETH LTV to 82%",
      );
      const { proposalId } = await propose(governor, proposal, alice);
      await startVoting(governor, proposalId);
      await governor.connect(carol).castVote(proposalId, VoteType.For); // 1%: first vote
      const second = await (await governor.connect(bob).castVote(proposalId, VoteType.For)).wait(); // 3% < 4%
      expect(second?.gasUsed).to.be.at.most(CAST_VOTE_BUDGET);
    });
  });

  describe("the guardian, appointed by governance", function () {
    it("receives GUARDIAN through a token-house proposal executed by the timelock", async function () {
      const q = await loadFixture(deployWithGuardian);
      expect((await q.accessManager.hasRole(ROLES.GUARDIAN, q.guardian.address)).isMember).to.be.true;
      const [granted] = await q.accessManager.queryFilter(q.accessManager.filters.RoleGranted(ROLES.GUARDIAN));
      expect(granted.args.account).to.equal(q.guardian.address);
    });

    it("pauses supply and borrow of an asset at once, without a vote", async function () {
      const { pool, weth, guardian, alice } = await loadFixture(deployWithGuardian);
      await expect(pool.connect(guardian).pauseAsset(weth, PAUSE_ALL))
        .to.emit(pool, "AssetPaused")
        .withArgs(await weth.getAddress(), PAUSE_ALL);
      await expect(pool.connect(alice).supply(weth, units(1, 18), alice.address))
        .to.be.revertedWithCustomError(pool, "OperationPaused")
        .withArgs(await weth.getAddress(), PAUSE_SUPPLY);
    });

    for (const [fn, title] of [
      ["unpauseAsset", "cannot un-pause"],
      ["collectReserves", "cannot move the reserves"],
      ["setAssetConfig", "cannot change risk parameters"],
      ["listAsset", "cannot list an asset"],
      ["setFeed", "cannot replace a price feed"],
      ["setTreasury", "cannot redirect the pass fees"],
    ] as const) {
      it(`${title}: ${fn} reverts AccessManagedUnauthorized`, async function () {
        const q = await loadFixture(deployWithGuardian);
        await q.pool.connect(q.guardian).pauseAsset(q.weth, PAUSE_ALL);
        const restricted = (await quartetRestrictedFunctions(q)).find((f) => f.name.endsWith(`.${fn}`));
        if (restricted === undefined) throw new Error(`${fn} is not in the restricted-function table`);
        await expect(q.guardian.sendTransaction({ to: restricted.target, data: restricted.data }))
          .to.be.revertedWithCustomError(q.pool, "AccessManagedUnauthorized")
          .withArgs(q.guardian.address);
      });
    }

    it("leaves un-pausing to governance: a token-house proposal lifts the pause", async function () {
      const q = await loadFixture(deployWithGuardian);
      const { pool, alice } = q;
      const weth = await q.weth.getAddress();
      await pool.connect(q.guardian).pauseAsset(weth, PAUSE_ALL);

      const proposal = buildProposal(
        [await poolAction(q, pool.interface.encodeFunctionData("unpauseAsset", [weth, PAUSE_ALL]))],
        withProposer("Unpause WETH", alice.address),
      );
      const { proposalId } = await propose(q.governor, proposal, alice);
      await startVoting(q.governor, proposalId);
      await q.governor.connect(alice).castVote(proposalId, VoteType.For);
      await q.governor.connect(q.bob).castVote(proposalId, VoteType.For);
      await endVoting(q.governor, proposalId);
      await queue(q.governor, proposal, alice);
      await advanceTo(await q.governor.proposalEta(proposalId));
      await expect(execute(q.governor, proposal, alice))
        .to.emit(pool, "AssetUnpaused")
        .withArgs(weth, 0);

      await expect(pool.connect(alice).supply(weth, units(1, 18), alice.address)).to.emit(pool, "Supply");
    });
  });

  describe("no shortcut around governance", function () {
    it("reverts AccessManagedUnauthorized when the deployer or any EOA calls a restricted function directly", async function () {
      const q = await loadFixture(deployQuartet);
      for (const caller of [q.deployer, q.alice, q.mallory]) {
        for (const fn of await quartetRestrictedFunctions(q)) {
          await expect(caller.sendTransaction({ to: fn.target, data: fn.data }), `${fn.name} by ${caller.address}`)
            .to.be.revertedWithCustomError(q.pool, "AccessManagedUnauthorized")
            .withArgs(caller.address);
        }
      }
    });

    for (const house of ["token house", "Citizens' House"] as const) {
      it(`reverts AccessControlUnauthorizedAccount when an EOA schedules on the ${house}'s timelock`, async function () {
        const q = await loadFixture(deployQuartet);
        const timelock = house === "token house" ? q.timelock : q.citizensTimelock;
        const [setConfig] = (await quartetRestrictedFunctions(q)).filter(
          (f) => f.name === "LendingPool.setAssetConfig",
        );
        const delay = await timelock.getMinDelay();
        for (const caller of [q.deployer, q.alice]) {
          await expect(
            timelock.connect(caller).schedule(setConfig.target, 0n, setConfig.data, ZeroHash, ZeroHash, delay),
          )
            .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, TIMELOCK_ROLES.PROPOSER_ROLE);
        }
      });
    }

    it("reverts TimelockUnexpectedOperationState when anyone executes an operation that was never scheduled", async function () {
      const q = await loadFixture(deployQuartet);
      const [setConfig] = (await quartetRestrictedFunctions(q)).filter((f) => f.name === "LendingPool.setAssetConfig");
      const operationId = await q.timelock.hashOperation(setConfig.target, 0n, setConfig.data, ZeroHash, ZeroHash);
      await expect(q.timelock.connect(q.mallory).execute(setConfig.target, 0n, setConfig.data, ZeroHash, ZeroHash))
        .to.be.revertedWithCustomError(q.timelock, "TimelockUnexpectedOperationState")
        .withArgs(operationId, stateBitmap(TimelockOperationState.Ready));
    });
  });
});
