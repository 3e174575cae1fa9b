import { readDeploymentParameters } from "@nomicfoundation/hardhat-ignition/helpers";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ethers, ignition } from "hardhat";
import path from "node:path";

import GovernedAccess from "../../deploy/modules/GovernedAccess";
import { typed } from "../../scripts/lib/contracts";
import type { ProposalAction } from "../../scripts/lib/governance";
import {
  AccessManager__factory,
  IERC5805__factory,
  QuartetGovernor__factory,
  QuartetToken__factory,
  TimelockController__factory,
  TimelockGuardian__factory,
  type IERC5805,
  type QuartetGovernor,
  type TimelockController,
} from "../../typechain-types";

export const LOCAL_PARAMETERS_FILE = path.join(__dirname, "..", "..", "deploy", "parameters", "local.json");

/** The local parameters (deploy/parameters/local.json) as the tests read them, bigints parsed. */
export async function localParameters(): Promise<DeploymentParameters> {
  return readDeploymentParameters(LOCAL_PARAMETERS_FILE);
}

const QRT = 10n ** 18n;

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
  const [deployer, alice, bob, carol, mallory, guardian] = await ethers.getSigners();
  const parameters = await localParameters();
  const deployment = await ignition.deploy(GovernedAccess, { parameters });

  const token = await typed(QuartetToken__factory, deployment.token);
  const governor = await typed(QuartetGovernor__factory, deployment.governor);
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
    settings: {
      votingDelay: BigInt(governance.votingDelay as number),
      votingPeriod: BigInt(governance.votingPeriod as number),
      lateQuorumExtension: BigInt(governance.lateQuorumExtension as number),
      timelockMinDelay: BigInt(governance.timelockMinDelay as number),
    },
  };
  return { ...house, house, deployer, guardian, token, accessManager, guardianVeto, parameters };
}
