import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import {
  AbiCoder,
  hexlify,
  id,
  keccak256,
  randomBytes,
  Signature,
  toBeHex,
  zeroPadValue,
  ZeroHash,
  type ContractTransactionReceipt,
  type ContractTransactionResponse,
  type Interface,
  type Provider,
  type Signer,
  type TypedDataDomain,
} from "ethers";

import type { QuartetGovernor } from "../../typechain-types";
import { UserError } from "./errors";
import { scanLogs } from "./logs";

/** GovernorCountingSimple's `support` values. */
export enum VoteType {
  Against = 0,
  For = 1,
  Abstain = 2,
}

/** IGovernor.ProposalState, in the contract's order. */
export enum ProposalState {
  Pending = 0,
  Active = 1,
  Canceled = 2,
  Defeated = 3,
  Succeeded = 4,
  Queued = 5,
  Expired = 6,
  Executed = 7,
}

/** One call a proposal makes through the timelock. */
export interface ProposalAction {
  target: string;
  /** Wei sent with the call; 0 when absent. */
  value?: bigint;
  /** ABI-encoded calldata, e.g. `accessManager.interface.encodeFunctionData("grantRole", [...])`. */
  data: string;
}

/** The four arrays `propose`, `queue` and `execute` take (the last two with the description's hash). */
export interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
}

/** Gas used by each step of a proposal's life, for reports and budgets. */
export interface ProposalGas {
  propose: bigint;
  votes: bigint[];
  queue: bigint;
  execute: bigint;
}

export function buildProposal(actions: ProposalAction[], description: string): Proposal {
  if (actions.length === 0) throw new Error("A proposal needs at least one action.");
  return {
    targets: actions.map((a) => a.target),
    values: actions.map((a) => a.value ?? 0n),
    calldatas: actions.map((a) => a.data),
    description,
  };
}

/**
 * Appends OpenZeppelin Governor's `#proposer=<address>` suffix: only `proposer` may then submit the proposal, so
 * nobody can front-run it (and, as its proposer, cancel it while pending).
 */
export function withProposer(description: string, proposer: string): string {
  return `${description}#proposer=${proposer}`;
}

export function descriptionHash(description: string): string {
  return id(description);
}

/** Governor.hashProposal, computed off-chain: keccak256(abi.encode(targets, values, calldatas, descriptionHash)). */
export function proposalId(proposal: Proposal): bigint {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["address[]", "uint256[]", "bytes[]", "bytes32"],
    [proposal.targets, proposal.values, proposal.calldatas, descriptionHash(proposal.description)],
  );
  return BigInt(keccak256(encoded));
}

/** TimelockController.OperationState, in the contract's order. */
export enum TimelockOperationState {
  Unset = 0,
  Waiting = 1,
  Ready = 2,
  Done = 3,
}

/**
 * The `expectedStates` bitmap of `GovernorUnexpectedProposalState` and `TimelockUnexpectedOperationState`: bit
 * `state` set for each allowed state.
 */
export function stateBitmap(...states: (ProposalState | TimelockOperationState)[]): string {
  return zeroPadValue(toBeHex(states.reduce((bits, s) => bits | (1n << BigInt(s)), 0n)), 32);
}

/** GovernorTimelockControl's salt: the description hash XOR the governor's address (left-aligned, as bytes20). */
export function timelockSalt(governor: string, description: string): string {
  return toBeHex(BigInt(descriptionHash(description)) ^ (BigInt(governor) << 96n), 32);
}

/** The id under which the governor queues `proposal` on its timelock (TimelockController.hashOperationBatch). */
export function timelockOperationId(governor: string, proposal: Proposal): string {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["address[]", "uint256[]", "bytes[]", "bytes32", "bytes32"],
    [proposal.targets, proposal.values, proposal.calldatas, ZeroHash, timelockSalt(governor, proposal.description)],
  );
  return keccak256(encoded);
}

async function mined(pending: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const receipt = await (await pending).wait();
  if (receipt === null) throw new Error("Transaction was not mined.");
  return receipt;
}

/** In-process network only: mines a block at `timestamp` unless the chain is already there or later. */
export async function advanceTo(timestamp: bigint): Promise<void> {
  if (BigInt(await time.latest()) < timestamp) await time.increaseTo(timestamp);
}

export async function propose(
  governor: QuartetGovernor,
  proposal: Proposal,
  proposer: Signer,
): Promise<{ proposalId: bigint; receipt: ContractTransactionReceipt }> {
  const receipt = await mined(
    governor.connect(proposer).propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
  );
  return { proposalId: proposalId(proposal), receipt };
}

/**
 * In-process network only: mines a block one second after the snapshot, so the proposal is Active for calls and
 * transactions alike and votes at the snapshot are readable.
 */
export async function startVoting(governor: QuartetGovernor, id: bigint): Promise<void> {
  await advanceTo((await governor.proposalSnapshot(id)) + 1n);
}

/** In-process network only: mines a block one second after the (possibly extended) deadline: the vote is decided. */
export async function endVoting(governor: QuartetGovernor, id: bigint): Promise<void> {
  await advanceTo((await governor.proposalDeadline(id)) + 1n);
}

export async function queue(
  governor: QuartetGovernor,
  proposal: Proposal,
  sender: Signer,
): Promise<ContractTransactionReceipt> {
  return mined(
    governor
      .connect(sender)
      .queue(proposal.targets, proposal.values, proposal.calldatas, descriptionHash(proposal.description)),
  );
}

export async function execute(
  governor: QuartetGovernor,
  proposal: Proposal,
  sender: Signer,
): Promise<ContractTransactionReceipt> {
  const value = proposal.values.reduce((sum, v) => sum + v, 0n);
  return mined(
    governor
      .connect(sender)
      .execute(proposal.targets, proposal.values, proposal.calldatas, descriptionHash(proposal.description), {
        value,
      }),
  );
}

/**
 * The whole life of a proposal on the in-process network: `proposer` proposes, time moves to the snapshot, each
 * voter votes `support`, time moves past the deadline, `proposer` queues, time moves to the timelock's ETA and
 * `proposer` executes. Returns the proposal id and each step's gas.
 */
export async function proposeVoteQueueExecute(
  governor: QuartetGovernor,
  proposal: Proposal,
  { proposer, voters, support = VoteType.For }: { proposer: Signer; voters: Signer[]; support?: VoteType },
): Promise<{ proposalId: bigint; gas: ProposalGas }> {
  const { proposalId: id, receipt: proposed } = await propose(governor, proposal, proposer);
  await startVoting(governor, id);
  const votes: bigint[] = [];
  for (const voter of voters) {
    votes.push((await mined(governor.connect(voter).castVote(id, support))).gasUsed);
  }
  await endVoting(governor, id);
  const queued = await queue(governor, proposal, proposer);
  await advanceTo(await governor.proposalEta(id));
  const executed = await execute(governor, proposal, proposer);
  return {
    proposalId: id,
    gas: { propose: proposed.gasUsed, votes, queue: queued.gasUsed, execute: executed.gasUsed },
  };
}

/** A contract that publishes its EIP-712 domain (ERC-5267): QuartetToken, QuartetGovernor. */
export interface Erc5267 {
  eip712Domain(): Promise<{ name: string; version: string; chainId: bigint; verifyingContract: string }>;
}

/** Reads the signing domain from the contract itself, so a signature can only be for that contract and chain. */
export async function eip712DomainOf(contract: Erc5267): Promise<TypedDataDomain> {
  const { name, version, chainId, verifyingContract } = await contract.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

/** OpenZeppelin Governor's `BALLOT_TYPEHASH` struct. */
export const BALLOT_TYPES = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/** OpenZeppelin Votes' `DELEGATION_TYPEHASH` struct. */
export const DELEGATION_TYPES = {
  Delegation: [
    { name: "delegatee", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint256" },
  ],
};

/**
 * Signs a ballot for `governor.castVoteBySig(proposalId, support, voter, signature)`. The nonce defaults to the
 * voter's current governor nonce; each accepted signature consumes it, so a signature works at most once.
 */
export async function signVote(
  voter: Signer,
  governor: QuartetGovernor,
  { proposalId: id, support, nonce }: { proposalId: bigint; support: VoteType; nonce?: bigint },
): Promise<string> {
  const address = await voter.getAddress();
  return voter.signTypedData(await eip712DomainOf(governor), BALLOT_TYPES, {
    proposalId: id,
    support,
    voter: address,
    nonce: nonce ?? (await governor.nonces(address)),
  });
}

/** A contract with ERC-5805 `delegateBySig` and EIP-712 nonces (QuartetToken; later the identity votes). */
export interface DelegatesBySig extends Erc5267 {
  nonces(owner: string): Promise<bigint>;
}

/**
 * Signs a delegation for `token.delegateBySig(delegatee, nonce, expiry, v, r, s)`; the nonce defaults to the
 * delegator's current token nonce. Returns the arguments ready to spread after `delegatee`.
 */
export async function signDelegation(
  delegator: Signer,
  token: DelegatesBySig,
  { delegatee, expiry, nonce }: { delegatee: string; expiry: bigint; nonce?: bigint },
): Promise<{ nonce: bigint; expiry: bigint; v: number; r: string; s: string }> {
  const usedNonce = nonce ?? (await token.nonces(await delegator.getAddress()));
  const signature = await delegator.signTypedData(await eip712DomainOf(token), DELEGATION_TYPES, {
    delegatee,
    nonce: usedNonce,
    expiry,
  });
  const { v, r, s } = Signature.from(signature);
  return { nonce: usedNonce, expiry, v, r, s };
}

// ───────── secret ballot (QuartetSecretGovernor: commit, then reveal) ─────────

/** 32 random bytes: the secret a commitment is made with, kept by the voter until the reveal. */
export function newSalt(): string {
  return hexlify(randomBytes(32));
}

/**
 * `QuartetSecretGovernor.hashVote`, computed off-chain: keccak256(abi.encode(chainId, governor, proposalId, voter,
 * support, salt)). Binding the chain and the governor, a commitment cannot be replayed on another house or chain.
 */
export function voteCommitment({
  chainId,
  governor,
  proposalId: id,
  voter,
  support,
  salt,
}: {
  chainId: bigint;
  governor: string;
  proposalId: bigint;
  voter: string;
  support: VoteType;
  salt: string;
}): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["uint256", "address", "uint256", "address", "uint8", "bytes32"],
      [chainId, governor, id, voter, support, salt],
    ),
  );
}

/** QuartetSecretGovernor's `COMMITMENT_TYPEHASH` struct, for `commitVoteBySig`. */
export const COMMITMENT_TYPES = {
  Commitment: [
    { name: "proposalId", type: "uint256" },
    { name: "voter", type: "address" },
    { name: "commitment", type: "bytes32" },
    { name: "nonce", type: "uint256" },
  ],
};

/** A governor with a signing domain and vote nonces (either variant). */
export interface SigningGovernor extends Erc5267 {
  nonces(owner: string): Promise<bigint>;
}

/** Signs a commitment for `commitVoteBySig(proposalId, voter, commitment, signature)`; nonce: the governor's. */
export async function signCommitment(
  voter: Signer,
  governor: SigningGovernor,
  { proposalId: id, commitment, nonce }: { proposalId: bigint; commitment: string; nonce?: bigint },
): Promise<string> {
  const address = await voter.getAddress();
  return voter.signTypedData(await eip712DomainOf(governor), COMMITMENT_TYPES, {
    proposalId: id,
    voter: address,
    commitment,
    nonce: nonce ?? (await governor.nonces(address)),
  });
}

/** The ERC-165 id of IGovernorSecretBallot (what `supportsInterface` answers true to on a secret-ballot house). */
export function secretBallotInterfaceId(iface: Interface): string {
  const names = [
    "commitVote(uint256,bytes32)",
    "commitVoteBySig(uint256,address,bytes32,bytes)",
    "revealVote(uint256,address,uint8,bytes32)",
    "hashVote(uint256,address,uint8,bytes32)",
    "commitmentOf(uint256,address)",
    "commitDeadline(uint256)",
    "committedWeight(uint256)",
    "revealPeriod()",
  ];
  const id = names.reduce((acc, name) => acc ^ BigInt(iface.getFunction(name)!.selector), 0n);
  return toBeHex(id, 4);
}

// ───────── proposals as the tasks find them ─────────

/** A proposal of a house as its ProposalCreated log describes it, numbered from 1 in creation order. */
export interface ProposalRecord {
  number: number;
  id: bigint;
  proposer: string;
  proposal: Proposal;
}

/** Every proposal of `governor`, from its ProposalCreated logs since `fromBlock` (the deployment's first block). */
export async function proposalRecords(
  governor: QuartetGovernor,
  provider: Provider,
  fromBlock: number,
): Promise<ProposalRecord[]> {
  const events = await scanLogs(provider, fromBlock, (from, to) =>
    governor.queryFilter(governor.filters.ProposalCreated(), from, to),
  );
  return events.map((e, i) => {
    // By position: `values` on an ethers Result is Array.prototype.values, not the event's field.
    const [id, proposer, targets, values, , calldatas, , , description] = e.args;
    return {
      number: i + 1,
      id,
      proposer,
      proposal: { targets: [...targets], values: [...values], calldatas: [...calldatas], description },
    };
  });
}

/**
 * The proposal `input` names among `records`: its full id (decimal or hex, `#` allowed) or its number in
 * `dao proposals`. A UserError otherwise, naming `listCommand` (e.g. "dao proposals --house citizens").
 */
export function findProposalRecord(
  records: ProposalRecord[],
  input: string,
  { houseTitle, listCommand }: { houseTitle: string; listCommand: string },
): ProposalRecord {
  const text = input.trim().replace(/^#/, "");
  let value: bigint;
  try {
    value = BigInt(text);
  } catch {
    throw new UserError(`--id must be a proposal id or its number in \`dao proposals\` (got "${input}").`);
  }
  const found =
    records.find((p) => p.id === value) ??
    (value >= 1n && value <= BigInt(records.length) ? records[Number(value) - 1] : undefined);
  if (found === undefined)
    throw new UserError(`No proposal ${input} on the ${houseTitle}: \`${listCommand}\` lists them.`);
  return found;
}

// ───────── the voter's secret ballots, in a local file under the user's control ─────────

/** One committed, not yet revealed, vote: everything `revealVote` needs. */
export interface StoredBallot {
  chainId: string;
  governor: string;
  proposalId: string;
  voter: string;
  support: VoteType;
  salt: string;
}

/**
 * Where the toolkit keeps the salts of secret ballots: $QUARTET_BALLOTS, else ~/.quartet/ballots.json — outside the
 * repository, readable by the user only. Losing it before the reveal means the vote cannot be revealed (it does not
 * count); anyone who reads it learns the votes.
 */
export function ballotFile(): string {
  return process.env.QUARTET_BALLOTS ?? path.join(os.homedir(), ".quartet", "ballots.json");
}

export function loadBallots(file = ballotFile()): StoredBallot[] {
  if (!fs.existsSync(file)) return [];
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as StoredBallot[];
  } catch {
    throw new UserError(`${file} is not a ballots file (JSON): fix or move it, then try again.`);
  }
}

/** Appends a ballot (before its commitment is sent, so a failed send never loses a salt); file mode 0600. */
export function saveBallot(ballot: StoredBallot, file = ballotFile()): void {
  const ballots = loadBallots(file);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify([...ballots, ballot], null, 2) + "\n", { mode: 0o600 });
}

/** The stored ballots of `voter` on `proposalId` of `governor` on `chainId`, latest first. */
export function ballotsFor(
  ballots: StoredBallot[],
  {
    chainId,
    governor,
    proposalId: id,
    voter,
  }: { chainId: bigint; governor: string; proposalId: bigint; voter: string },
): StoredBallot[] {
  return ballots
    .filter(
      (b) =>
        b.chainId === chainId.toString() &&
        b.governor.toLowerCase() === governor.toLowerCase() &&
        b.proposalId === id.toString() &&
        b.voter.toLowerCase() === voter.toLowerCase(),
    )
    .reverse();
}
