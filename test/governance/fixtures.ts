import { readDeploymentParameters } from "@nomicfoundation/hardhat-ignition/helpers";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ethers, ignition } from "hardhat";
import path from "node:path";

import GovernedAccess from "../../deploy/modules/GovernedAccess";
import { typed } from "../../scripts/lib/contracts";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { BaseContract, ContractTransactionResponse } from "ethers";

import { SecretGovernance } from "../../deploy/modules/Governance";
import { handOverAccessToTimelock } from "../../deploy/modules/GovernedAccess";
import {
  advanceTo,
  endVoting,
  newSalt,
  signCommitment,
  signVote,
  voteCommitment,
  VoteType,
  type ProposalAction,
} from "../../scripts/lib/governance";
import {
  AccessManager__factory,
  IERC5805__factory,
  QuartetGovernor__factory,
  QuartetSecretGovernor__factory,
  QuartetToken__factory,
  TimelockController__factory,
  TimelockGuardian__factory,
  type IERC5805,
  type QuartetGovernor,
  type QuartetSecretGovernor,
  type TimelockController,
} from "../../typechain-types";

export const LOCAL_PARAMETERS_FILE = path.join(__dirname, "..", "..", "deploy", "parameters", "local.json");

/** The local parameters (deploy/parameters/local.json) as the tests read them, bigints parsed. */
export async function localParameters(): Promise<DeploymentParameters> {
  return readDeploymentParameters(LOCAL_PARAMETERS_FILE);
}

const QRT = 10n ** 18n;

/**
 * How a house takes votes. Direct: `castVote`. Secret ballot: `commitVote` now, `revealVote` after the commit period —
 * the ballot remembers each salt and reveals everything in `close`.
 */
export interface Ballot {
  secret: boolean;
  /** Seconds of reveal after the voting (commit) period: 0 for a direct ballot. */
  revealPeriod: bigint;
  /** The contract whose ABI declares the ballot's errors (the governor, typed with its variant's errors). */
  errors: BaseContract;
  /** The error a second vote by the same account reverts with (its argument: the voter). */
  doubleVoteError: "GovernorAlreadyCastVote" | "GovernorAlreadyCommitted";
  /** Votes (direct) or commits (secret) as `voter`. */
  vote(voter: HardhatEthersSigner, proposalId: bigint, support: VoteType): Promise<ContractTransactionResponse>;
  /** `voter`'s signed vote (or commitment), relayed by `relayer`; `tamper` makes the relayer alter what was signed. */
  voteBySig(
    voter: HardhatEthersSigner,
    proposalId: bigint,
    support: VoteType,
    relayer: HardhatEthersSigner,
    options?: { signature?: string; tamper?: boolean },
  ): Promise<{ tx: Promise<ContractTransactionResponse>; signature: string }>;
  /** Ends voting: past the deadline, after revealing every remembered commitment of the proposal (secret). */
  close(proposalId: bigint): Promise<void>;
}

/** The direct ballot of a QuartetGovernor. */
export function directBallot(governor: QuartetGovernor): Ballot {
  return {
    secret: false,
    revealPeriod: 0n,
    errors: governor,
    doubleVoteError: "GovernorAlreadyCastVote",
    vote: (voter, proposalId, support) => governor.connect(voter).castVote(proposalId, support),
    async voteBySig(voter, proposalId, support, relayer, options = {}) {
      const signature = options.signature ?? (await signVote(voter, governor, { proposalId, support }));
      const sent = options.tamper ? (support === VoteType.For ? VoteType.Against : VoteType.For) : support;
      return { tx: governor.connect(relayer).castVoteBySig(proposalId, sent, voter.address, signature), signature };
    },
    close: (proposalId) => endVoting(governor, proposalId),
  };
}

/** The secret ballot of a QuartetSecretGovernor: salts are kept in memory until `close` reveals them. */
export async function secretBallot(governor: QuartetSecretGovernor): Promise<Ballot> {
  const pending: { proposalId: bigint; voter: string; support: VoteType; salt: string }[] = [];
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const address = await governor.getAddress();
  const commitmentOf = (proposalId: bigint, voter: string, support: VoteType) => {
    const salt = newSalt();
    return { salt, commitment: voteCommitment({ chainId, governor: address, proposalId, voter, support, salt }) };
  };
  return {
    secret: true,
    revealPeriod: await governor.revealPeriod(),
    errors: governor,
    doubleVoteError: "GovernorAlreadyCommitted",
    async vote(voter, proposalId, support) {
      const { salt, commitment } = commitmentOf(proposalId, voter.address, support);
      const tx = await governor.connect(voter).commitVote(proposalId, commitment);
      pending.push({ proposalId, voter: voter.address, support, salt });
      return tx;
    },
    async voteBySig(voter, proposalId, support, relayer, options = {}) {
      const { salt, commitment } = commitmentOf(proposalId, voter.address, support);
      const signature = options.signature ?? (await signCommitment(voter, governor, { proposalId, commitment }));
      const sent = options.tamper ? commitmentOf(proposalId, voter.address, support).commitment : commitment;
      const tx = governor.connect(relayer).commitVoteBySig(proposalId, voter.address, sent, signature);
      tx.then(
        () => pending.push({ proposalId, voter: voter.address, support, salt }),
        () => undefined,
      );
      return { tx, signature };
    },
    async close(proposalId) {
      await advanceTo((await governor.commitDeadline(proposalId)) + 1n);
      // Only what is committed on this chain: loadFixture rewinds the chain, not this list.
      for (const p of pending.filter((p) => p.proposalId === proposalId)) {
        const onChain = await governor.commitmentOf(p.proposalId, p.voter);
        if (onChain !== voteCommitment({ chainId, governor: address, ...p })) continue;
        await governor.revealVote(p.proposalId, p.voter, p.support, p.salt);
      }
      await endVoting(governor, proposalId);
    },
  };
}

/**
 * What the shared governor behaviour (governor.behaviour.ts) needs from a house, whatever its votes source.
 * Weights are stated against the house's quorum, so the same specification runs on token and identity votes.
 */
export interface GovernorHouse {
  governor: QuartetGovernor;
  timelock: TimelockController;
  votes: IERC5805;
  /** Holds at least the proposal threshold; alone stays below quorum. */
  alice: HardhatEthersSigner;
  /** Holds votes; alice and bob together reach quorum, bob alone does not. */
  bob: HardhatEthersSigner;
  /** Holds votes (any weight): the voter who arrives after quorum. */
  carol: HardhatEthersSigner;
  /** Holds no votes until `acquireVotes`. */
  mallory: HardhatEthersSigner;
  /** Gives `account` voting power from now on (token house: bought from the distribution and self-delegated). */
  acquireVotes(account: HardhatEthersSigner): Promise<void>;
  /** A harmless action the house's timelock may execute. */
  action: ProposalAction;
  /** How it takes votes (direct or secret ballot). */
  ballot: Ballot;
  /** The house's parameters, as deployed. */
  settings: { votingDelay: bigint; votingPeriod: bigint; lateQuorumExtension: bigint; timelockMinDelay: bigint };
}

export const TOKEN_HOUSE_BALANCES = {
  alice: 3_000_000n * QRT, // 3% of the supply: below the 4% quorum
  bob: 2_000_000n * QRT, // alice + bob = 5%: quorum
  carol: 1_000_000n * QRT,
} as const;

/**
 * The token house as deployed by GovernedAccess with deploy/parameters/local.json: the deployer holds the whole
 * supply (the distribution address) and hands alice, bob and carol their tokens; each self-delegates.
 */
export async function deployTokenHouse() {
  return tokenHouseFrom(GovernedAccess, false);
}

/**
 * GovernedAccess with the token house on a secret ballot (the SecretGovernance module, its local.json parameters):
 * the same token, guardian's veto and handover as the direct token house.
 */
const SecretGovernedAccess = buildModule("SecretGovernedAccess", (m) => {
  const { accessManager, token, timelock, governor, guardianVeto } = m.useModule(SecretGovernance);
  handOverAccessToTimelock(m, { accessManager, timelock });
  return { accessManager, token, timelock, governor, guardianVeto };
});

/** The token house on a secret ballot, as the shared behaviour sees it. */
export async function deploySecretTokenHouse() {
  return tokenHouseFrom(SecretGovernedAccess, true);
}

async function tokenHouseFrom(module: typeof GovernedAccess | typeof SecretGovernedAccess, secret: boolean) {
  const [deployer, alice, bob, carol, mallory, guardian] = await ethers.getSigners();
  const parameters = await localParameters();
  const deployment = await ignition.deploy(module, { parameters });

  const token = await typed(QuartetToken__factory, deployment.token);
  const governor = await typed(QuartetGovernor__factory, deployment.governor);
  const secretGovernor = secret ? await typed(QuartetSecretGovernor__factory, deployment.governor) : undefined;
  const timelock = await typed(TimelockController__factory, deployment.timelock);
  const accessManager = await typed(AccessManager__factory, deployment.accessManager);
  const guardianVeto = await typed(TimelockGuardian__factory, deployment.guardianVeto);

  for (const [holder, amount] of [
    [alice, TOKEN_HOUSE_BALANCES.alice],
    [bob, TOKEN_HOUSE_BALANCES.bob],
    [carol, TOKEN_HOUSE_BALANCES.carol],
  ] as const) {
    await token.transfer(holder.address, amount);
    await token.connect(holder).delegate(holder.address);
  }

  const governance = parameters.Governance;
  const house: GovernorHouse = {
    governor,
    timelock,
    votes: IERC5805__factory.connect(await token.getAddress(), deployer),
    alice,
    bob,
    carol,
    mallory,
    async acquireVotes(account) {
      await token.connect(deployer).transfer(account.address, 1_000_000n * QRT);
      await token.connect(account).delegate(account.address);
    },
    action: {
      target: await accessManager.getAddress(),
      data: accessManager.interface.encodeFunctionData("labelRole", [1n, "GUARDIAN"]),
    },
    ballot: secretGovernor === undefined ? directBallot(governor) : await secretBallot(secretGovernor),
    settings: {
      votingDelay: BigInt(governance.votingDelay as number),
      votingPeriod: BigInt(governance.votingPeriod as number),
      lateQuorumExtension: BigInt(governance.lateQuorumExtension as number),
      timelockMinDelay: BigInt(governance.timelockMinDelay as number),
    },
  };
  return { ...house, house, deployer, guardian, token, accessManager, guardianVeto, secretGovernor, parameters };
}
