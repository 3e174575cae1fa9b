import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, ZeroHash, type ContractTransactionReceipt, type ContractTransactionResponse } from "ethers";

import {
  advanceTo,
  buildProposal,
  newSalt,
  propose,
  signDelegation,
  signVote,
  voteCommitment,
  VoteType,
} from "../../scripts/lib/governance";
import {
  AccessManager__factory,
  MockERC20__factory,
  QuartetSecretGovernor__factory,
  VotingRewards__factory,
  type MockERC20,
  type QuartetSecretGovernor,
  type VotingRewards,
} from "../../typechain-types";
import { decodeCustomError, assertProperty, propertySettings } from "../fixtures";
import { deploySecretTokenHouse, deployTokenHouse } from "../governance/fixtures";

// Random transfers and delegations of QuartetToken (direct and by signature) before, at and after a proposal's
// snapshot, and random votes (direct and by signature) while it is pending, active and over. A model keeps balances
// and delegates; after EVERY step the token's votes and the proposal's tallies are checked against it.

const QRT = 10n ** 18n;

type House = Awaited<ReturnType<typeof deployTokenHouse>>;

interface World {
  house: House;
  /** The accounts that trade, delegate and vote. */
  accounts: HardhatEthersSigner[];
  proposer: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
}

interface Proposal {
  id: bigint;
  snapshot: bigint;
  /** voter index → support and the weight the model expects (its votes at the snapshot). */
  votes: Map<number, { support: VoteType; weight: bigint }>;
}

interface Model {
  balances: Map<string, bigint>;
  delegates: Map<string, string>;
  /** Voting power per address after each step, with the step's block timestamp. */
  history: { timestamp: bigint; power: Map<string, bigint> }[];
  proposal?: Proposal;
  proposals: number;
}

const stats = new Map<string, number>();
const count = (key: string) => stats.set(key, (stats.get(key) ?? 0) + 1);

/** Votes of every delegatee: Σ balances of the accounts that delegate to it (undelegated tokens count for nobody). */
function powerOf(model: Model): Map<string, bigint> {
  const power = new Map<string, bigint>();
  for (const [holder, balance] of model.balances) {
    const delegatee = model.delegates.get(holder) ?? ZeroAddress;
    if (delegatee !== ZeroAddress) power.set(delegatee, (power.get(delegatee) ?? 0n) + balance);
  }
  return power;
}

/** The model's votes of `address` at `timestamp`: the last step mined at or before it. */
function pastPower(model: Model, address: string, timestamp: bigint): bigint {
  let power = new Map<string, bigint>();
  for (const entry of model.history) {
    if (entry.timestamp > timestamp) break;
    power = entry.power;
  }
  return power.get(address) ?? 0n;
}

async function blockTimestamp(receipt: ContractTransactionReceipt | null): Promise<bigint> {
  const block = await ethers.provider.getBlock(receipt?.blockNumber ?? "latest");
  return BigInt(block?.timestamp ?? 0);
}

async function recordStep(model: Model, receipt: ContractTransactionReceipt | null): Promise<void> {
  model.history.push({ timestamp: await blockTimestamp(receipt), power: powerOf(model) });
}

// ───────── the invariants, after every step ─────────

async function checkInvariants(world: World, model: Model): Promise<void> {
  const { token, governor } = world.house;
  const now = BigInt(await time.latest());
  const power = powerOf(model);
  for (const account of world.accounts) {
    const a = account.address;
    expect(await token.balanceOf(a), `balance of ${a}`).to.equal(model.balances.get(a) ?? 0n);
    expect(await token.delegates(a), `delegate of ${a}`).to.equal(model.delegates.get(a) ?? ZeroAddress);
    expect(await token.getVotes(a), `votes of ${a} now`).to.equal(power.get(a) ?? 0n);
  }

  const p = model.proposal;
  if (p === undefined) return;
  if (now > p.snapshot) {
    // Everyone's votes at the snapshot are what the model says they were, whatever happened since.
    for (const account of world.accounts) {
      expect(await token.getPastVotes(account, p.snapshot), `votes of ${account.address} at the snapshot`).to.equal(
        pastPower(model, account.address, p.snapshot),
      );
    }
    expect(await token.getPastTotalSupply(p.snapshot)).to.equal(await token.totalSupply());
  }
  // The tallies are exactly the voters' weights at the snapshot.
  const tally = [0n, 0n, 0n];
  for (const { support, weight } of p.votes.values()) tally[support] += weight;
  const [against, forVotes, abstain] = await governor.proposalVotes(p.id);
  expect([against, forVotes, abstain], "tallies (against, for, abstain)").to.deep.equal(tally);
  for (const [i, account] of world.accounts.entries()) {
    expect(await governor.hasVoted(p.id, account), `hasVoted of account ${i}`).to.equal(p.votes.has(i));
  }
}

// ───────── commands ─────────

type Command = fc.AsyncCommand<Model, World>;

const GOVERNANCE_ERRORS = new Set(["GovernorUnexpectedProposalState", "GovernorAlreadyCastVote"]);

class Transfer implements Command {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly bps: number,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const [from, to] = [world.accounts[this.from], world.accounts[this.to]];
    const amount = ((model.balances.get(from.address) ?? 0n) * BigInt(this.bps)) / 10_000n;
    const receipt = await (await world.house.token.connect(from).transfer(to, amount)).wait();
    model.balances.set(from.address, (model.balances.get(from.address) ?? 0n) - amount);
    model.balances.set(to.address, (model.balances.get(to.address) ?? 0n) + amount);
    await recordStep(model, receipt);
    count("transfer");
    await checkInvariants(world, model);
  }
  toString = () => `transfer(${this.from} → ${this.to}, ${this.bps} bps)`;
}

class Delegate implements Command {
  /** `to` = -1 delegates to the zero address (votes count for nobody). */
  constructor(
    readonly from: number,
    readonly to: number,
    readonly bySig: boolean,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const { token } = world.house;
    const from = world.accounts[this.from];
    const delegatee = this.to === -1 ? ZeroAddress : world.accounts[this.to].address;
    let receipt: ContractTransactionReceipt | null;
    if (this.bySig) {
      const expiry = BigInt(await time.latest()) + 3_600n;
      const { nonce, v, r, s } = await signDelegation(from, token, { delegatee, expiry });
      receipt = await (await token.connect(world.relayer).delegateBySig(delegatee, nonce, expiry, v, r, s)).wait();
    } else {
      receipt = await (await token.connect(from).delegate(delegatee)).wait();
    }
    model.delegates.set(from.address, delegatee);
    await recordStep(model, receipt);
    count(this.bySig ? "delegateBySig" : "delegate");
    await checkInvariants(world, model);
  }
  toString = () =>
    `delegate(${this.from} → ${this.to === -1 ? "nobody" : this.to}${this.bySig ? ", by signature" : ""})`;
}

class Propose implements Command {
  check = (model: Readonly<Model>) => model.proposal === undefined;
  async run(model: Model, world: World) {
    const { governor, house } = world.house;
    const proposal = buildProposal([house.action], `Invariant proposal ${++model.proposals}`);
    const { proposalId, receipt } = await propose(governor, proposal, world.proposer);
    model.proposal = { id: proposalId, snapshot: await governor.proposalSnapshot(proposalId), votes: new Map() };
    await recordStep(model, receipt);
    count("propose");
    await checkInvariants(world, model);
  }
  toString = () => "propose()";
}

class Vote implements Command {
  constructor(
    readonly voter: number,
    readonly support: VoteType,
    readonly bySig: boolean,
    readonly delta: number,
  ) {}
  check = (model: Readonly<Model>) => model.proposal !== undefined;
  async run(model: Model, world: World) {
    const { governor } = world.house;
    const p = model.proposal as Proposal;
    const voter = world.accounts[this.voter];
    const at = BigInt(await time.latest()) + BigInt(this.delta);
    // The model's verdict: votes are open after the snapshot until the (possibly extended) deadline, once each.
    const deadline = await governor.proposalDeadline(p.id);
    const expected =
      at <= p.snapshot || at > deadline
        ? "GovernorUnexpectedProposalState"
        : p.votes.has(this.voter)
          ? "GovernorAlreadyCastVote"
          : undefined;
    const signature = this.bySig ? await signVote(voter, governor, { proposalId: p.id, support: this.support }) : "";
    await time.setNextBlockTimestamp(at);
    let receipt: ContractTransactionReceipt | null = null;
    let actual: string | undefined;
    try {
      const tx = this.bySig
        ? await governor.connect(world.relayer).castVoteBySig(p.id, this.support, voter, signature)
        : await governor.connect(voter).castVote(p.id, this.support);
      receipt = await tx.wait();
    } catch (error) {
      actual = decodeCustomError(error, governor)?.name;
      if (actual === undefined || !GOVERNANCE_ERRORS.has(actual)) throw error;
    }
    expect(actual, `vote of account ${this.voter} at ${at}`).to.equal(expected);
    if (receipt !== null) {
      const weight = pastPower(model, voter.address, p.snapshot);
      const cast = receipt.logs
        .map((log) => governor.interface.parseLog(log))
        .find((parsed) => parsed?.name === "VoteCast");
      expect(cast?.args.weight, `VoteCast weight of account ${this.voter}`).to.equal(weight);
      p.votes.set(this.voter, { support: this.support, weight });
      await recordStep(model, receipt);
    }
    count(`vote ${actual ?? "counted"}`);
    await checkInvariants(world, model);
  }
  toString = () =>
    `vote(${this.voter}, ${VoteType[this.support]}${this.bySig ? ", by signature" : ""}, +${this.delta} s)`;
}

class Wait implements Command {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(model: Model, world: World) {
    await time.increase(this.seconds);
    await checkInvariants(world, model);
  }
  toString = () => `wait(${this.seconds} s)`;
}

const ACCOUNTS = 6;
const accountArb = fc.nat({ max: ACCOUNTS - 1 });
const commandArbs: fc.Arbitrary<Command>[] = [
  fc
    .tuple(accountArb, accountArb, fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constant(10_000)))
    .map(([f, t, bps]) => new Transfer(f, t, bps)),
  fc
    .tuple(accountArb, accountArb, fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constant(10_000)))
    .map(([f, t, bps]) => new Transfer(f, t, bps)),
  fc
    .tuple(
      accountArb,
      fc.oneof({ weight: 5, arbitrary: accountArb }, { weight: 1, arbitrary: fc.constant(-1) }),
      fc.boolean(),
    )
    .map(([f, t, bySig]) => new Delegate(f, t, bySig)),
  fc.constant(new Propose()),
  fc
    .tuple(
      accountArb,
      fc.constantFrom(VoteType.Against, VoteType.For, VoteType.Abstain),
      fc.boolean(),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([v, s, bySig, d]) => new Vote(v, s, bySig, d)),
  fc
    .tuple(
      accountArb,
      fc.constantFrom(VoteType.Against, VoteType.For, VoteType.Abstain),
      fc.boolean(),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([v, s, bySig, d]) => new Vote(v, s, bySig, d)),
  fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 200 })).map((s) => new Wait(s)),
];

// ───────── the property ─────────

/**
 * The token house with six accounts in play: alice, bob and carol hold 3M, 2M and 1M QRT self-delegated, mallory
 * holds 500k undelegated, and two more accounts start empty. The proposer holds the proposal threshold and stays out
 * of the game; a relayer submits signed delegations and ballots.
 */
async function deployAccountsInPlay() {
  const house = await loadFixture(deployTokenHouse);
  const signers = await ethers.getSigners();
  const { token, deployer } = house;
  await token.connect(deployer).transfer(house.mallory, 500_000n * QRT);
  const proposer = signers[10];
  await token.connect(deployer).transfer(proposer, 10_000n * QRT);
  await token.connect(proposer).delegate(proposer);
  return house;
}

async function setup(): Promise<{ model: Model; real: World }> {
  const house = await loadFixture(deployAccountsInPlay);
  const signers = await ethers.getSigners();
  const world: World = {
    house,
    accounts: [house.alice, house.bob, house.carol, house.mallory, signers[6], signers[7]],
    proposer: signers[10],
    relayer: signers[11],
  };
  const model: Model = { balances: new Map(), delegates: new Map(), history: [], proposals: 0 };
  for (const account of world.accounts) {
    model.balances.set(account.address, await house.token.balanceOf(account));
    model.delegates.set(account.address, await house.token.delegates(account));
  }
  model.history.push({ timestamp: BigInt(await time.latest()), power: powerOf(model) });
  return { model, real: world };
}

describe("QuartetGovernor tallies over random delegations and transfers around a proposal", function () {
  after(function () {
    const line = [...stats.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ");
    console.log(`      [governance histories] ${line}`);
  });

  it("counts each vote with the voter's weight at the snapshot (getPastVotes), whatever moves before or after it", async function () {
    const settings = propertySettings("governance tallies", 15, 4_000);
    // Longer hunts (FC_RUNS=…) get time in proportion, shrinking included.
    this.timeout(settings.mochaTimeout);
    await assertProperty(
      fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 30, size: "max" }), async (commands) => {
        await fc.asyncModelRun(setup, commands);
      }),
      settings,
    );
  });
});

// ───────── the secret ballot and its rewards: commits, reveals, settlement and claims ─────────
//
// The token house on a secret ballot (QuartetSecretGovernor) with a VotingRewards funded for the proposal's epoch.
// Random transfers and delegations (the commands above), commits and reveals (honest or not, in and out of their
// periods), then settlement and claims. After every step: nothing is counted before a reveal, the tallies are the
// revealed voters' weights at the snapshot, the committed weight is the committers', and no claim pays more than
// its share or twice.

const REWARD_FUNDS = 1_000_000n;

interface SecretWorld extends World {
  secret: QuartetSecretGovernor;
  rewards: VotingRewards;
  rewardToken: MockERC20;
  chainId: bigint;
}

interface SecretModel extends Model {
  committed: Map<number, { support: VoteType; weight: bigint; salt: string }>;
  revealed: Map<number, { support: VoteType; weight: bigint }>;
  settled: boolean;
  registered: boolean;
  epoch?: bigint;
  claimed: Map<number, bigint>;
}

const SECRET_ERRORS = new Set([
  "GovernorUnexpectedProposalState",
  "GovernorAlreadyCommitted",
  "GovernorCommitPeriodOver",
  "GovernorRevealNotOpen",
  "GovernorNoCommitment",
  "GovernorCommitmentMismatch",
  "RewardsDidNotVote",
  "RewardsProposalNotInEpoch",
  "RewardsAlreadyClaimed",
]);

async function checkSecretInvariants(world: SecretWorld, model: SecretModel): Promise<void> {
  await checkInvariants(world, model);
  const p = model.proposal;
  if (p !== undefined) {
    const { secret } = world;
    let committed = 0n;
    for (const c of model.committed.values()) committed += c.weight;
    expect(await secret.committedWeight(p.id), "committed weight").to.equal(committed);
    for (const [i, account] of world.accounts.entries()) {
      const pending = model.committed.has(i) && !model.revealed.has(i);
      expect((await secret.commitmentOf(p.id, account)) !== ZeroHash, `commitment of account ${i}`).to.equal(pending);
    }
  }
  let paid = 0n;
  for (const [i, amount] of model.claimed) {
    paid += amount;
    expect(await world.rewardToken.balanceOf(world.accounts[i]), `rewards of account ${i}`).to.equal(amount);
  }
  const funded = model.epoch === undefined ? 0n : REWARD_FUNDS;
  expect(paid).to.be.lessThanOrEqual(funded);
  expect(await world.rewardToken.balanceOf(world.rewards)).to.equal(funded - paid);
}

/** Runs `send`, returning the custom error name it reverted with (only the expected ones) or undefined. */
async function outcome(send: () => Promise<ContractTransactionResponse>, world: SecretWorld) {
  try {
    return { receipt: await (await send()).wait(), error: undefined };
  } catch (error) {
    const name = decodeCustomError(error, world.secret, world.rewards)?.name;
    if (name === undefined || !SECRET_ERRORS.has(name)) throw error;
    return { receipt: null, error: name };
  }
}

class SecretPropose implements fc.AsyncCommand<SecretModel, SecretWorld> {
  check = (model: Readonly<SecretModel>) => model.proposal === undefined;
  async run(model: SecretModel, world: SecretWorld) {
    const proposal = buildProposal([world.house.house.action], `Secret proposal ${++model.proposals}`);
    const { proposalId, receipt } = await propose(world.secret, proposal, world.proposer);
    const snapshot = await world.secret.proposalSnapshot(proposalId);
    model.proposal = { id: proposalId, snapshot, votes: model.revealed };
    await recordStep(model, receipt);
    model.epoch = await world.rewards.epochOf(snapshot);
    await world.rewardToken.mint(world.house.deployer, REWARD_FUNDS);
    await world.rewardToken.connect(world.house.deployer).approve(world.rewards, REWARD_FUNDS);
    await world.rewards.connect(world.house.deployer).fund(model.epoch, REWARD_FUNDS);
    await recordStep(model, null);
    count("secret propose");
    await checkSecretInvariants(world, model);
  }
  toString = () => "propose()";
}

class Commit implements fc.AsyncCommand<SecretModel, SecretWorld> {
  constructor(
    readonly voter: number,
    readonly support: VoteType,
    readonly delta: number,
  ) {}
  check = (model: Readonly<SecretModel>) => model.proposal !== undefined && !model.settled;
  async run(model: SecretModel, world: SecretWorld) {
    const { secret } = world;
    const p = model.proposal as Proposal;
    const voter = world.accounts[this.voter];
    const at = BigInt(await time.latest()) + BigInt(this.delta);
    const [commitDeadline, deadline] = [await secret.commitDeadline(p.id), await secret.proposalDeadline(p.id)];
    const expected =
      at <= p.snapshot || at > deadline
        ? "GovernorUnexpectedProposalState"
        : at > commitDeadline
          ? "GovernorCommitPeriodOver"
          : model.committed.has(this.voter)
            ? "GovernorAlreadyCommitted"
            : undefined;
    const salt = newSalt();
    const commitment = voteCommitment({
      chainId: world.chainId,
      governor: await secret.getAddress(),
      proposalId: p.id,
      voter: voter.address,
      support: this.support,
      salt,
    });
    await time.setNextBlockTimestamp(at);
    const { receipt, error } = await outcome(() => secret.connect(voter).commitVote(p.id, commitment), world);
    expect(error, `commit of account ${this.voter} at ${at}`).to.equal(expected);
    if (receipt !== null) {
      model.committed.set(this.voter, {
        support: this.support,
        weight: pastPower(model, voter.address, p.snapshot),
        salt,
      });
      await recordStep(model, receipt);
    }
    count(`commit ${error ?? "accepted"}`);
    await checkSecretInvariants(world, model);
  }
  toString = () => `commit(${this.voter}, ${VoteType[this.support]}, +${this.delta} s)`;
}

class Reveal implements fc.AsyncCommand<SecretModel, SecretWorld> {
  constructor(
    readonly voter: number,
    readonly honest: boolean,
    readonly delta: number,
    /** Jump to the reveal period (delta seconds into it) when it has not begun. */
    readonly jump: boolean,
    /** Reveal for one of the voters with a pending commitment (picked by `voter`), when there is one. */
    readonly committer = false,
  ) {}
  check = (model: Readonly<SecretModel>) => model.proposal !== undefined && !model.settled;
  async run(model: SecretModel, world: SecretWorld) {
    const { secret } = world;
    const p = model.proposal as Proposal;
    const pendings = [...model.committed.keys()].filter((i) => !model.revealed.has(i));
    const index = this.committer && pendings.length > 0 ? pendings[this.voter % pendings.length] : this.voter;
    const voter = world.accounts[index];
    const [commitDeadline, deadline] = [await secret.commitDeadline(p.id), await secret.proposalDeadline(p.id)];
    const soon = BigInt(await time.latest()) + BigInt(this.delta);
    const at = this.jump && soon <= commitDeadline ? commitDeadline + BigInt(this.delta) : soon;
    const c = model.committed.get(index);
    const pending = c !== undefined && !model.revealed.has(index);
    const expected =
      at <= commitDeadline
        ? "GovernorRevealNotOpen"
        : !pending
          ? "GovernorNoCommitment"
          : !this.honest
            ? "GovernorCommitmentMismatch"
            : at > deadline
              ? "GovernorUnexpectedProposalState"
              : undefined;
    const support = c?.support ?? VoteType.For;
    const sent = this.honest ? support : (support + 1) % 3;
    await time.setNextBlockTimestamp(at);
    const { receipt, error } = await outcome(
      () => secret.connect(world.relayer).revealVote(p.id, voter, sent, c?.salt ?? newSalt()),
      world,
    );
    expect(error, `reveal of account ${index} at ${at}`).to.equal(expected);
    if (receipt !== null && c !== undefined) {
      model.revealed.set(index, { support: c.support, weight: c.weight });
      await recordStep(model, receipt);
    }
    count(`reveal ${error ?? "counted"}`);
    await checkSecretInvariants(world, model);
  }
  toString = () =>
    `reveal(${this.voter}, ${this.honest ? "honest" : "wrong support"}, +${this.delta} s${this.jump ? ", in the reveal period" : ""})`;
}

class Settle implements fc.AsyncCommand<SecretModel, SecretWorld> {
  check = (model: Readonly<SecretModel>) => model.proposal !== undefined && !model.settled;
  async run(model: SecretModel, world: SecretWorld) {
    const p = model.proposal as Proposal;
    await advanceTo((await world.secret.proposalDeadline(p.id)) + 1n);
    const openAt = await world.rewards.claimsOpenAt(model.epoch as bigint);
    let turnout = 0n;
    for (const r of model.revealed.values()) turnout += r.weight;
    const quorum = await world.secret.quorum(p.snapshot);
    const inTime = BigInt(await time.latest()) + 1n < openAt;
    if (inTime && turnout < quorum) {
      // Only revealed votes count towards the quorum a rewarded proposal needs.
      await expect(world.rewards.registerProposal(p.id))
        .to.be.revertedWithCustomError(world.rewards, "RewardsQuorumNotReached")
        .withArgs(p.id, turnout, quorum);
    } else if (inTime) {
      await world.rewards.registerProposal(p.id);
      model.registered = true;
    }
    await advanceTo(openAt);
    model.settled = true;
    count(model.registered ? "settle registered" : inTime ? "settle below quorum" : "settle too late");
    await checkSecretInvariants(world, model);
  }
  toString = () => "settle()";
}

class Claim implements fc.AsyncCommand<SecretModel, SecretWorld> {
  constructor(
    readonly pick: number,
    /** Claim for one of the revealed voters (picked by `pick`), when there is one. */
    readonly revealer: boolean,
  ) {}
  voter = 0;
  check = (model: Readonly<SecretModel>) => model.settled;
  async run(model: SecretModel, world: SecretWorld) {
    const p = model.proposal as Proposal;
    const revealers = [...model.revealed.keys()];
    this.voter = this.revealer && revealers.length > 0 ? revealers[this.pick % revealers.length] : this.pick;
    const voter = world.accounts[this.voter];
    const expected = !model.registered
      ? "RewardsProposalNotInEpoch"
      : !model.revealed.has(this.voter)
        ? "RewardsDidNotVote"
        : model.claimed.has(this.voter)
          ? "RewardsAlreadyClaimed"
          : undefined;
    const { receipt, error } = await outcome(
      () => world.rewards.connect(voter).claim(model.epoch as bigint, [p.id]),
      world,
    );
    expect(error, `claim of account ${this.voter}`).to.equal(expected);
    if (receipt !== null) {
      let total = 0n;
      for (const r of model.revealed.values()) total += r.weight;
      const weight = (model.revealed.get(this.voter) as { weight: bigint }).weight;
      model.claimed.set(this.voter, total === 0n ? 0n : (REWARD_FUNDS * weight) / total);
    }
    count(`claim ${error ?? "paid"}`);
    await checkSecretInvariants(world, model);
  }
  toString = () => `claim(${this.revealer ? `revealer #${this.pick}` : this.pick})`;
}

const secretCommandArbs: fc.Arbitrary<fc.AsyncCommand<SecretModel, SecretWorld>>[] = [
  ...(commandArbs.slice(0, 3) as unknown as fc.Arbitrary<fc.AsyncCommand<SecretModel, SecretWorld>>[]),
  fc
    .tuple(
      accountArb,
      fc.constantFrom(VoteType.Against, VoteType.For, VoteType.Abstain),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([v, s, d]) => new Commit(v, s, d)),
  fc
    .tuple(
      accountArb,
      fc.constantFrom(VoteType.Against, VoteType.For, VoteType.Abstain),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([v, s, d]) => new Commit(v, s, d)),
  fc
    .tuple(
      accountArb,
      fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      fc.integer({ min: 1, max: 3 }),
      fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 3, arbitrary: fc.constant(false) }),
    )
    .map(([v, honest, d, jump]) => new Reveal(v, honest, d, jump)),
  ...[0, 1].map(() =>
    fc.tuple(accountArb, fc.integer({ min: 1, max: 3 })).map(([v, d]) => new Reveal(v, true, d, true, true)),
  ),
  ...[0, 1].map(() =>
    fc
      .tuple(accountArb, fc.constantFrom(VoteType.Against, VoteType.For, VoteType.Abstain))
      .map(([v, s]) => new Commit(v, s, 1)),
  ),
  fc.constant(new Settle()),
  fc.tuple(accountArb, fc.boolean()).map(([v, revealer]) => new Claim(v, revealer)),
  fc.tuple(accountArb, fc.boolean()).map(([v, revealer]) => new Claim(v, revealer)),
  fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 200 })).map((s) => new Wait(s) as never),
];

async function deploySecretAccountsInPlay() {
  const house = await deploySecretTokenHouse();
  const signers = await ethers.getSigners();
  const { token, deployer } = house;
  await token.connect(deployer).transfer(house.mallory, 500_000n * QRT);
  const proposer = signers[10];
  await token.connect(deployer).transfer(proposer, 10_000n * QRT);
  await token.connect(proposer).delegate(proposer);
  const manager = await new AccessManager__factory(deployer).deploy(deployer.address);
  const rewardToken = await new MockERC20__factory(deployer).deploy("Reward", "RWD", 6);
  const rewards = await new VotingRewards__factory(deployer).deploy(
    manager,
    house.governor,
    rewardToken,
    3_600n,
    900n,
    REWARD_FUNDS,
  );
  await QuartetSecretGovernor__factory.connect(await house.governor.getAddress(), deployer).initializeVotingRewards(
    rewards,
  );
  return { house, rewards, rewardToken };
}

async function secretSetup(): Promise<{ model: SecretModel; real: SecretWorld }> {
  const { house, rewards, rewardToken } = await loadFixture(deploySecretAccountsInPlay);
  const signers = await ethers.getSigners();
  const world: SecretWorld = {
    house: house as unknown as House,
    accounts: [house.alice, house.bob, house.carol, house.mallory, signers[6], signers[7]],
    proposer: signers[10],
    relayer: signers[11],
    secret: house.secretGovernor as QuartetSecretGovernor,
    rewards,
    rewardToken,
    chainId: (await ethers.provider.getNetwork()).chainId,
  };
  const model: SecretModel = {
    balances: new Map(),
    delegates: new Map(),
    history: [],
    proposals: 0,
    committed: new Map(),
    revealed: new Map(),
    settled: false,
    registered: false,
    claimed: new Map(),
  };
  for (const account of world.accounts) {
    model.balances.set(account.address, await house.token.balanceOf(account));
    model.delegates.set(account.address, await house.token.delegates(account));
  }
  model.history.push({ timestamp: BigInt(await time.latest()), power: powerOf(model) });
  // Every history is about one proposal: it exists from the start (its snapshot one second later).
  await new SecretPropose().run(model, world);
  return { model, real: world };
}

describe("QuartetSecretGovernor and VotingRewards over random commits, reveals, transfers and claims", function () {
  before(() => stats.clear());
  after(function () {
    const line = [...stats.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ");
    console.log(`      [secret ballot histories] ${line}`);
  });

  it("counts only revealed votes, each with its weight at the snapshot, and pays each revealed voter its share once", async function () {
    const settings = propertySettings("secret ballot and rewards", 6, 5_000);
    this.timeout(settings.mochaTimeout);
    await assertProperty(
      fc.asyncProperty(fc.commands(secretCommandArbs, { maxCommands: 30, size: "max" }), async (commands) => {
        await fc.asyncModelRun(secretSetup, commands);
      }),
      settings,
    );
  });
});
