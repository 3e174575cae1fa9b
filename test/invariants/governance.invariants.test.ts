import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, type ContractTransactionReceipt } from "ethers";

import { buildProposal, propose, signDelegation, signVote, VoteType } from "../../scripts/lib/governance";
import { decodeCustomError, propertySettings } from "../fixtures";
import { deployTokenHouse } from "../governance/fixtures";

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
    const settings = propertySettings("governance tallies", 15);
    // Longer hunts (FC_RUNS=…) get time in proportion, shrinking included.
    this.timeout(120_000 + settings.numRuns * 4_000);
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 30, size: "max" }), async (commands) => {
        await fc.asyncModelRun(setup, commands);
      }),
      settings,
    );
  });
});
