import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { ZeroAddress } from "ethers";

import { TIMELOCK_ROLES } from "../../scripts/lib/roles";
import Access from "./Access";
import { secretBallotHouses } from "./ballot";

/** 1 day, in seconds: every governance period is seconds because the votes sources keep timestamp clocks. */
const DAY = 86_400n;

/** Defaults are testnet/mainnet-like; deploy/parameters/local.json shortens them for the demo and the tests. */
export const GOVERNANCE_DEFAULTS = {
  initialSupply: 100_000_000n * 10n ** 18n, // 100,000,000 QRT
  timelockMinDelay: 2n * DAY,
  votingDelay: DAY,
  votingPeriod: 5n * DAY,
  proposalThreshold: 100_000n * 10n ** 18n, // 0.1% of the supply
  quorumNumerator: 4n, // percent of the supply at the snapshot
  lateQuorumExtension: DAY,
  /** The smallest quorum whatever the supply: 1,000,000 QRT (1% of the supply), below the 4% fraction. */
  quorumFloor: 1_000_000n * 10n ** 18n,
} as const;

/**
 * VotingRewards defaults (parameters rewardsEpochLength, rewardsSettlementPeriod, tokenHouseRewardsCap and
 * citizensRewardsCap of the Quartet/LocalQuartet module): 30-day epochs whose claims open 10 days after they end (a
 * 5-day vote, its 1-day late-quorum extension and a reveal period fit), at most 10,000 USDC per epoch and house.
 */
export const VOTING_REWARDS_DEFAULTS = {
  epochLength: 30n * DAY,
  settlementPeriod: 10n * DAY,
  epochBudgetCap: 10_000n * 10n ** 6n,
} as const;

/** A secret-ballot house's reveal period (parameter revealPeriod): 2 days after the commit period. */
export const REVEAL_PERIOD_DEFAULT = 2n * DAY;

/** A house's parameter defaults: the token house's are GOVERNANCE_DEFAULTS; a house counting people needs its own. */
export type GovernorHouseDefaults = Omit<{ [K in keyof typeof GOVERNANCE_DEFAULTS]: bigint }, "initialSupply">;

/**
 * One governor house: a TimelockController and a QuartetGovernor voting with `votes`, read from the calling
 * module's parameters (timelockMinDelay, votingDelay, votingPeriod, proposalThreshold, quorumNumerator,
 * lateQuorumExtension, quorumFloor). The governor becomes the timelock's only proposer and canceller — next to the
 * guardian's veto (TimelockGuardian), which may only cancel — anyone may execute a ready operation, and the deployer
 * renounces the timelock admin role, so only the timelock administers itself.
 *
 * The token house (below) and, later, the Citizens' House (identity votes) are both built with this function.
 */
export function governorHouse(
  m: IgnitionModuleBuilder,
  {
    name,
    votes,
    defaults = GOVERNANCE_DEFAULTS,
    guardianVeto,
    secretBallot = false,
  }: {
    name: string;
    votes: ContractFuture<string>;
    defaults?: GovernorHouseDefaults;
    guardianVeto: ContractFuture<string>;
    /** Deploy QuartetSecretGovernor (commit, then reveal for `revealPeriod` seconds) instead of QuartetGovernor. */
    secretBallot?: boolean;
  },
) {
  const deployer = m.getAccount(0);

  // The governor needs the timelock's address and the timelock needs the governor as proposer: deploy the
  // timelock with the deployer as temporary admin, grant the governor its roles, then drop the admin.
  const timelock = m.contract(
    "TimelockController",
    [m.getParameter("timelockMinDelay", defaults.timelockMinDelay), [], [ZeroAddress], deployer],
    { id: "Timelock" },
  );
  const settings = {
    votingDelay: m.getParameter("votingDelay", defaults.votingDelay),
    votingPeriod: m.getParameter("votingPeriod", defaults.votingPeriod),
    proposalThreshold: m.getParameter("proposalThreshold", defaults.proposalThreshold),
    quorumNumerator: m.getParameter("quorumNumerator", defaults.quorumNumerator),
    lateQuorumExtension: m.getParameter("lateQuorumExtension", defaults.lateQuorumExtension),
    quorumFloor: m.getParameter("quorumFloor", defaults.quorumFloor),
  };
  const governor = secretBallot
    ? m.contract(
        "QuartetSecretGovernor",
        [
          name,
          votes,
          timelock,
          [settings.votingDelay, settings.votingPeriod, settings.lateQuorumExtension],
          settings.proposalThreshold,
          settings.quorumNumerator,
          settings.quorumFloor,
          m.getParameter("revealPeriod", REVEAL_PERIOD_DEFAULT),
        ],
        { id: "Governor" },
      )
    : m.contract(
        "QuartetGovernor",
        [
          name,
          votes,
          timelock,
          settings.votingDelay,
          settings.votingPeriod,
          settings.proposalThreshold,
          settings.quorumNumerator,
          settings.lateQuorumExtension,
          settings.quorumFloor,
        ],
        { id: "Governor" },
      );
  const grantProposer = m.call(timelock, "grantRole", [TIMELOCK_ROLES.PROPOSER_ROLE, governor], {
    id: "GrantProposerToGovernor",
  });
  const grantCanceller = m.call(timelock, "grantRole", [TIMELOCK_ROLES.CANCELLER_ROLE, governor], {
    id: "GrantCancellerToGovernor",
  });
  const grantGuardianVeto = m.call(timelock, "grantRole", [TIMELOCK_ROLES.CANCELLER_ROLE, guardianVeto], {
    id: "GrantCancellerToGuardianVeto",
  });
  const renounceTimelockAdmin = m.call(timelock, "renounceRole", [TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer], {
    id: "DeployerRenouncesTimelockAdmin",
    after: [grantProposer, grantCanceller, grantGuardianVeto],
  });

  return { timelock, governor, renounceTimelockAdmin };
}

/**
 * Quartet's token house: QuartetToken (fixed supply minted to `distribution`, default the deployer), its
 * TimelockController, the "Quartet Governor" and the guardian's veto (TimelockGuardian, parameter `guardian`,
 * default none: governance appoints one), which both houses' timelocks accept as a canceller. Afterwards the deployer
 * holds no role on the timelock; the GovernedAccess module then hands the AccessManager to the timelock. With
 * QUARTET_SECRET_BALLOT=token (or both) the house votes on a secret ballot (QuartetSecretGovernor, parameter
 * revealPeriod).
 */
export default buildModule("Governance", (m) => {
  const { accessManager } = m.useModule(Access);
  const token = m.contract("QuartetToken", [
    m.getParameter("distribution", m.getAccount(0)),
    m.getParameter("initialSupply", GOVERNANCE_DEFAULTS.initialSupply),
  ]);
  const guardianVeto = m.contract("TimelockGuardian", [accessManager, m.getParameter("guardian", ZeroAddress)]);
  const { timelock, governor } = governorHouse(m, {
    name: "Quartet Governor",
    votes: token,
    guardianVeto,
    secretBallot: secretBallotHouses().token,
  });
  return { token, timelock, governor, guardianVeto };
});

/**
 * The token house on a secret ballot, on its own (QuartetToken, a timelock, QuartetSecretGovernor, the guardian's
 * veto): what the benchmark and the shared governor behaviour deploy to exercise commit and reveal. A house goes to a
 * secret ballot by building it with `governorHouse(m, { …, secretBallot: true })`; parameters as Governance's plus
 * revealPeriod.
 */
export const SecretGovernance = buildModule("SecretGovernance", (m) => {
  const { accessManager } = m.useModule(Access);
  const token = m.contract("QuartetToken", [
    m.getParameter("distribution", m.getAccount(0)),
    m.getParameter("initialSupply", GOVERNANCE_DEFAULTS.initialSupply),
  ]);
  const guardianVeto = m.contract("TimelockGuardian", [accessManager, m.getParameter("guardian", ZeroAddress)]);
  const { timelock, governor } = governorHouse(m, {
    name: "Quartet Secret Governor",
    votes: token,
    guardianVeto,
    secretBallot: true,
  });
  return { accessManager, token, timelock, governor, guardianVeto };
});
