import fs from "node:fs";
import path from "node:path";
import { scope, types } from "hardhat/config";
import { ZeroHash, type Interface, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { parseAddress, parseChoice } from "../scripts/lib/args";
import { UserError } from "../scripts/lib/errors";
import { formatAmount, formatDuration, formatTimestamp, markdownTable, summary } from "../scripts/lib/format";
import type { Quartet } from "../scripts/lib/quartet";
import { describeTx, mined } from "../scripts/lib/tx";
import { explainError, runAction } from "./run";

// Actions import typechain-dependent modules lazily: typechain-types does not exist before a compile.
const quartetLib = () => import("../scripts/lib/quartet");
const governanceLib = () => import("../scripts/lib/governance");

const FROM_HELP = "index of the signing account (0 = the first)";
const HOUSE_HELP = "token (QRT holders, the default) or citizens (the Citizens' House: one verified person, one vote)";
const HOUSES = ["token", "citizens"] as const;
type HouseName = (typeof HOUSES)[number];

/** ProposalState names, in the contract's order. */
const STATE_NAMES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];

const dao = scope(
  "dao",
  "Delegate, propose, vote (or commit and reveal), queue, execute and claim voting rewards on either house",
);

/** One governor house with its timelock and votes source. */
function houseOf(q: Quartet, input: string) {
  const name: HouseName = parseChoice(input, HOUSES, "--house");
  if (name === "token") {
    return {
      name,
      title: "token house",
      governor: q.governor,
      timelock: q.timelock,
      timelockName: "timelock",
      format: (votes: bigint) => `${formatAmount(votes, 18, 2)} QRT`,
      votesOf: (account: string) => q.token.getVotes(account),
      delegate: (to: string) => q.token.delegate(to),
      holds: async (account: string) => (await q.token.balanceOf(account)) > 0n,
      /** What to do to have votes: QRT count once delegated. */
      votesHint: async (_account: string) => "run `dao delegate` first",
    };
  }
  return {
    name,
    title: "Citizens' House",
    governor: q.citizensGovernor,
    timelock: q.citizensTimelock,
    timelockName: "citizensTimelock",
    format: (votes: bigint) => `${votes} ${votes === 1n ? "person" : "people"}`,
    votesOf: (account: string) => q.profileNFT.getVotes(account),
    delegate: (to: string) => q.profileNFT.delegate(to),
    holds: async (account: string) => (await q.profileNFT.verifiedProfileCount(account)) > 0n,
    /** What to do to have a vote: one verified person, one vote (a verified profile, or a delegation to one). */
    votesHint: async (account: string) =>
      (await q.profileNFT.verifiedProfileCount(account)) > 0n
        ? "run `dao delegate --house citizens` to take your vote back"
        : "the Citizens' House counts verified people: mint a profile (`social mint`) and have a verifier verify it (`social verify`)",
  };
}

type House = ReturnType<typeof houseOf>;

/** Every proposal of a house, numbered from 1 in creation order (the lookup lives in scripts/lib/governance.ts). */
async function proposalsOf(hre: HardhatRuntimeEnvironment, house: House) {
  const { firstDeploymentBlock } = await import("../scripts/lib/addresses");
  const { proposalRecords } = await governanceLib();
  return proposalRecords(house.governor, hre.ethers.provider, await firstDeploymentBlock(hre));
}

/** The proposal `--id` names: its full id (decimal or hex) or its number in `dao proposals`. */
async function findProposal(hre: HardhatRuntimeEnvironment, house: House, input: string) {
  const { findProposalRecord } = await governanceLib();
  const listCommand = `dao proposals${house.name === "citizens" ? " --house citizens" : ""}`;
  return findProposalRecord(await proposalsOf(hre, house), input, { houseTitle: house.title, listCommand });
}

/** What `vote`, `queue` and `execute` start from: the signer, the house and the named proposal with its state. */
async function openProposal(hre: HardhatRuntimeEnvironment, args: { id: string; house: string; from: number }) {
  const { connectAs } = await quartetLib();
  const { quartet, signer } = await connectAs(hre, args.from);
  const house = houseOf(quartet, args.house);
  const record = await findProposal(hre, house, args.id);
  const { name } = await stateOf(house, record.id);
  return { signer, house, record, name };
}

/** A description without the `#proposer=` suffix, first line only, at most `width` characters. */
function title(description: string, width = 48): string {
  const text = description
    .replace(/#proposer=0x[0-9a-fA-F]{40}$/, "")
    .split("\n")[0]
    .trim();
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function shortId(id: bigint): string {
  const text = id.toString();
  return text.length > 14 ? `${text.slice(0, 6)}…${text.slice(-6)}` : text;
}

/**
 * Reads a view as the next transaction will see it: in the pending block, whose timestamp is "now" even on a local
 * node that mines only on demand (where the latest block may be minutes old). Falls back to the latest block on an
 * RPC that does not serve pending calls.
 */
async function atNextBlock<T>(read: (overrides: { blockTag: string }) => Promise<T>): Promise<T> {
  try {
    return await read({ blockTag: "pending" });
  } catch {
    return read({ blockTag: "latest" });
  }
}

/**
 * The governor counts the proposer's votes at `clock() - 1`, one second before the proposal's block: votes delegated
 * in the current second do not count yet. A node that gives blocks of the same second the same timestamp (anvil's
 * automine, or an L2 with sub-second blocks) would mine the proposal and revert it right after `dao delegate`. So
 * when the votes are there now but not one second before the next block: on a local chain, mine an empty block one
 * second later; elsewhere, wait (up to 30 s) for the chain's clock to move on. Else one line says what to do.
 */
async function untilVotesCount(
  hre: HardhatRuntimeEnvironment,
  house: House,
  account: string,
  threshold: bigint,
): Promise<void> {
  const counted = async () => {
    const now = await atNextBlock((o) => house.governor.clock(o));
    return (await atNextBlock((o) => house.governor.getVotes(account, now - 1n, o))) >= threshold;
  };
  if (await counted()) return;
  const { isLocalChain } = await import("../scripts/lib/networks");
  if (isLocalChain((await hre.ethers.provider.getNetwork()).chainId)) {
    const latest = await hre.ethers.provider.getBlock("latest");
    if (latest !== null) {
      await hre.network.provider.send("evm_setNextBlockTimestamp", [latest.timestamp + 1]);
      await hre.network.provider.send("evm_mine", []);
    }
  } else {
    for (let waited = 0; waited < 30_000 && !(await counted()); waited += 1_000) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  if (!(await counted())) {
    throw new UserError(
      `${account}'s votes were delegated in this very second and count only from the next one: run \`dao propose\` again in a moment.`,
    );
  }
}

async function stateOf(house: House, id: bigint): Promise<{ state: number; name: string }> {
  const state = Number(await atNextBlock((o) => house.governor.state(id, o)));
  return { state, name: STATE_NAMES[state] ?? `state ${state}` };
}

async function tally(house: House, id: bigint): Promise<string> {
  const [votes, snapshot] = await Promise.all([house.governor.proposalVotes(id), house.governor.proposalSnapshot(id)]);
  const quorum = await atNextBlock((o) => house.governor.quorum(snapshot, o)).catch(() => undefined);
  return (
    `for ${house.format(votes.forVotes)}, against ${house.format(votes.againstVotes)}, abstain ${house.format(votes.abstainVotes)}` +
    (quorum === undefined ? "" : `; quorum ${house.format(quorum)}`)
  );
}

dao
  .task("delegate", "Delegate your votes (to yourself by default): votes count only once delegated")
  .addOptionalParam("to", "the delegate (default: the signer)")
  .addOptionalParam("house", HOUSE_HELP, "token")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ to?: string; house: string; from: number }>(async (args, hre) => {
      const { connectAs } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const house = houseOf(q, args.house);
      const to = args.to === undefined ? signer.address : parseAddress(args.to, "--to");
      const receipt = await mined(house.delegate(to));
      console.log(`Delegated ${signer.address}'s ${house.title} votes to ${to}: ${describeTx(receipt)}`);
      console.log(`${to} now has ${house.format(await house.votesOf(to))}.`);
      if (!(await house.holds(signer.address))) {
        console.log(
          house.name === "token"
            ? "Note: the signer holds no QRT yet; the delegation applies to any it receives."
            : "Note: the signer has no verified profile yet; the delegation applies once it has one.",
        );
      }
    }),
  );

dao
  .task("propose", "Submit a proposal described by a JSON file (see deploy/proposals/)")
  .addParam("file", "the proposal JSON: { description, calls: [{ target, function, args, value? }] }")
  .addOptionalParam("house", HOUSE_HELP, "token")
  .addFlag("skipSimulation", "submit even if a call would revert when the timelock runs it now")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ file: string; house: string; skipSimulation: boolean; from: number }>(async (args, hre) => {
      const file = path.resolve(args.file);
      if (!fs.existsSync(file)) throw new UserError(`--file ${args.file} does not exist.`);
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (error) {
        throw new UserError(`--file ${args.file} is not valid JSON: ${(error as Error).message}`);
      }
      const { connectAs } = await quartetLib();
      const { resolveProposal } = await import("../scripts/lib/proposals");
      const { buildProposal, proposalId, withProposer } = await governanceLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const house = houseOf(q, args.house);
      const contracts = knownContracts(q);
      const resolved = resolveProposal(json, contracts);

      const [threshold, votes] = await Promise.all([house.governor.proposalThreshold(), house.votesOf(signer.address)]);
      if (votes < threshold) {
        throw new UserError(
          `${signer.address} has ${house.format(votes)} of votes but proposing on the ${house.title} needs ${house.format(threshold)}: ${await house.votesHint(signer.address)}.`,
        );
      }
      await untilVotesCount(hre, house, signer.address, threshold);
      if (!args.skipSimulation) {
        // Each call as the timelock would make it, against the current state.
        const from = await house.timelock.getAddress();
        for (const [i, action] of resolved.actions.entries()) {
          try {
            await hre.ethers.provider.call({ from, to: action.target, data: action.data, value: action.value });
          } catch (error) {
            // Calls are simulated one by one against the current state: a call that needs an earlier one's effect
            // (e.g. a role granted just before) fails here although the proposal would work.
            const hint =
              i === 0
                ? "Fix the file, or pass --skip-simulation."
                : "Fix the file, or pass --skip-simulation if an earlier call of the proposal makes it work.";
            throw new UserError(
              `calls[${i}] (${resolved.labels[i]}) would revert if the ${house.timelockName} ran it now: ${await explainError(error, hre)}. ${hint}`,
            );
          }
        }
      }
      const proposal = buildProposal(resolved.actions, withProposer(resolved.description, signer.address));
      const id = proposalId(proposal);
      if ((await house.governor.proposalSnapshot(id)) !== 0n) {
        throw new UserError(
          `This exact proposal already exists (id ${id}): change its description to propose it again.`,
        );
      }
      const receipt = await mined(
        house.governor.propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
      );
      const [snapshot, deadline, count] = await Promise.all([
        house.governor.proposalSnapshot(id),
        house.governor.proposalDeadline(id),
        proposalsOf(hre, house).then((all) => all.length),
      ]);
      console.log(`Proposed #${count} on the ${house.title}: ${describeTx(receipt)}`);
      console.log(
        summary([
          ["id", id.toString()],
          ["description", title(resolved.description, 80)],
          ["calls", resolved.labels.join(", ")],
          ["voting", `from ${formatTimestamp(snapshot + 1n)} to ${formatTimestamp(deadline)}`],
        ]),
      );
    }),
  );

dao
  .task("vote", "Vote on an active proposal")
  .addParam("id", "the proposal id, or its number in `dao proposals`")
  .addParam("support", "for, against or abstain")
  .addOptionalParam("reason", "a reason, recorded on-chain")
  .addOptionalParam("house", HOUSE_HELP, "token")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ id: string; support: string; reason?: string; house: string; from: number }>(async (args, hre) => {
      const support = parseChoice(args.support, ["against", "for", "abstain"] as const, "--support");
      const { VoteType } = await governanceLib();
      const { signer, house, record, name } = await openProposal(hre, args);
      const snapshot = await house.governor.proposalSnapshot(record.id);
      if (name === "Pending") {
        throw new UserError(
          `Proposal #${record.number} is Pending: voting opens at ${formatTimestamp(snapshot + 1n)}.`,
        );
      }
      if (name !== "Active") throw new UserError(`Proposal #${record.number} is ${name}: voting is closed.`);
      const secret = await secretBallotOf(house, signer);
      if (secret !== undefined) {
        await commitSecretVote(hre, { secret, signer, house, record, support, reason: args.reason });
        return;
      }
      if (await house.governor.hasVoted(record.id, signer.address)) {
        throw new UserError(`${signer.address} has already voted on proposal #${record.number}.`);
      }
      const weight = await atNextBlock((o) => house.governor.getVotes(signer.address, snapshot, o));
      if (weight === 0n) {
        throw new UserError(
          `${signer.address} had no votes at the snapshot (${formatTimestamp(snapshot)}): only votes held before a proposal count — ${await house.votesHint(signer.address)} for the next one.`,
        );
      }
      const type = { against: VoteType.Against, for: VoteType.For, abstain: VoteType.Abstain }[support];
      const receipt = await mined(
        args.reason === undefined
          ? house.governor.castVote(record.id, type)
          : house.governor.castVoteWithReason(record.id, type, args.reason),
      );
      console.log(`Voted ${support} on #${record.number} with ${house.format(weight)}: ${describeTx(receipt)}`);
      console.log(`Tally: ${await tally(house, record.id)}`);
      console.log(`Voting ends ${formatTimestamp(await house.governor.proposalDeadline(record.id))}.`);
    }),
  );

dao
  .task("queue", "Queue a succeeded proposal in the timelock")
  .addParam("id", "the proposal id, or its number in `dao proposals`")
  .addOptionalParam("house", HOUSE_HELP, "token")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ id: string; house: string; from: number }>(async (args, hre) => {
      const { descriptionHash } = await governanceLib();
      const { house, record, name } = await openProposal(hre, args);
      if (name !== "Succeeded") {
        const deadline = await house.governor.proposalDeadline(record.id);
        const why: Record<string, string> = {
          Pending: `voting has not started`,
          Active: `voting ends ${formatTimestamp(deadline)}`,
          Defeated: `it did not pass (${await tally(house, record.id)})`,
          Queued: `it is queued already: \`dao execute --id ${record.number}\` from ${formatTimestamp(await house.governor.proposalEta(record.id))}`,
        };
        throw new UserError(
          `Proposal #${record.number} is ${name}, not Succeeded: ${why[name] ?? "only a succeeded proposal can be queued"}.`,
        );
      }
      const p = record.proposal;
      const receipt = await mined(
        house.governor.queue(p.targets, p.values, p.calldatas, descriptionHash(p.description)),
      );
      const eta = await house.governor.proposalEta(record.id);
      console.log(`Queued #${record.number} on the ${house.title}: ${describeTx(receipt)}`);
      console.log(`Executable from ${formatTimestamp(eta)}.`);
    }),
  );

dao
  .task("execute", "Execute a queued proposal once its timelock delay has passed")
  .addParam("id", "the proposal id, or its number in `dao proposals`")
  .addOptionalParam("house", HOUSE_HELP, "token")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ id: string; house: string; from: number }>(async (args, hre) => {
      const { descriptionHash } = await governanceLib();
      const { house, record, name } = await openProposal(hre, args);
      if (name === "Succeeded") {
        throw new UserError(
          `Proposal #${record.number} has not been queued: run \`dao queue --id ${record.number}\` first.`,
        );
      }
      if (name !== "Queued")
        throw new UserError(`Proposal #${record.number} is ${name}: only a queued proposal can be executed.`);
      const [eta, now] = await Promise.all([
        house.governor.proposalEta(record.id),
        atNextBlock((o) => house.governor.clock(o)),
      ]);
      if (now < eta) {
        throw new UserError(
          `Proposal #${record.number} is in the timelock until ${formatTimestamp(eta)} (${formatDuration(eta - now)} from now).`,
        );
      }
      const p = record.proposal;
      const value = p.values.reduce((sum, v) => sum + v, 0n);
      const receipt = await mined(
        house.governor.execute(p.targets, p.values, p.calldatas, descriptionHash(p.description), { value }),
      );
      console.log(`Executed #${record.number} on the ${house.title}: ${describeTx(receipt)}`);
    }),
  );

dao
  .task("proposals", "Every proposal with its state, votes and deadline")
  .addOptionalParam("house", HOUSE_HELP, "token")
  .setAction(
    runAction<{ house: string }>(async (args, hre) => {
      const { connectQuartet } = await quartetLib();
      const q = await connectQuartet(hre);
      const house = houseOf(q, args.house);
      const all = await proposalsOf(hre, house);
      if (all.length === 0) {
        console.log(`No proposals on the ${house.title} yet.`);
        return;
      }
      const rows: string[][] = [];
      for (const record of all) {
        const [{ name }, votes, deadline, eta] = await Promise.all([
          stateOf(house, record.id),
          house.governor.proposalVotes(record.id),
          house.governor.proposalDeadline(record.id),
          house.governor.proposalEta(record.id),
        ]);
        rows.push([
          `${record.number}`,
          shortId(record.id),
          title(record.proposal.description),
          name,
          house.format(votes.forVotes),
          house.format(votes.againstVotes),
          house.format(votes.abstainVotes),
          formatTimestamp(deadline),
          eta === 0n ? "—" : formatTimestamp(eta),
        ]);
      }
      console.log(`Proposals on the ${house.title} (${await house.governor.name()}):`);
      console.log(
        markdownTable(
          ["#", "id", "description", "state", "for", "against", "abstain", "voting ends", "executable from"],
          rows,
        ),
      );
      console.log("Use the number as --id for `dao vote`, `dao queue` and `dao execute`.");
    }),
  );

/** The house's governor as a QuartetSecretGovernor when it runs a secret ballot (ERC-165), else undefined. */
async function secretBallotOf(house: House, signer: Signer) {
  const { QuartetSecretGovernor__factory } =
    await import("../typechain-types/factories/contracts/governance/QuartetSecretGovernor__factory");
  const { secretBallotInterfaceId } = await governanceLib();
  const secret = QuartetSecretGovernor__factory.connect(await house.governor.getAddress(), signer);
  const supported = await house.governor
    .supportsInterface(secretBallotInterfaceId(secret.interface))
    .catch(() => false);
  return supported ? secret : undefined;
}

type SecretGovernor = NonNullable<Awaited<ReturnType<typeof secretBallotOf>>>;
type Record_ = Awaited<ReturnType<typeof findProposal>>;

/** `dao vote` on a secret-ballot house: saves the salt to the ballots file, then commits. */
async function commitSecretVote(
  hre: HardhatRuntimeEnvironment,
  {
    secret,
    signer,
    house,
    record,
    support,
    reason,
  }: {
    secret: SecretGovernor;
    signer: Signer & { address: string };
    house: House;
    record: Record_;
    support: string;
    reason?: string;
  },
) {
  const g = await governanceLib();
  if (reason !== undefined)
    throw new UserError("--reason is not recorded on a secret ballot (it would reveal the vote).");
  const [deadline, now] = await Promise.all([secret.commitDeadline(record.id), atNextBlock((o) => secret.clock(o))]);
  if (now > deadline) {
    throw new UserError(
      `Proposal #${record.number} is in its reveal period: commitments closed at ${formatTimestamp(deadline)}; \`dao reveal --id ${record.number}\` reveals a vote committed before.`,
    );
  }
  if ((await secret.commitmentOf(record.id, signer.address)) !== ZeroHash) {
    throw new UserError(`${signer.address} has already committed a vote on proposal #${record.number}.`);
  }
  const snapshot = await secret.proposalSnapshot(record.id);
  const weight = await atNextBlock((o) => secret.getVotes(signer.address, snapshot, o));
  if (weight === 0n) {
    throw new UserError(
      `${signer.address} had no votes at the snapshot: only votes held before a proposal count — ${await house.votesHint(signer.address)} for the next one.`,
    );
  }
  const type = { against: g.VoteType.Against, for: g.VoteType.For, abstain: g.VoteType.Abstain }[
    support
  ] as VoteTypeValue;
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  const governor = await secret.getAddress();
  const salt = g.newSalt();
  const file = g.ballotFile();
  g.saveBallot(
    {
      chainId: chainId.toString(),
      governor,
      proposalId: record.id.toString(),
      voter: signer.address,
      support: type,
      salt,
    },
    file,
  );
  const commitment = g.voteCommitment({
    chainId,
    governor,
    proposalId: record.id,
    voter: signer.address,
    support: type,
    salt,
  });
  const receipt = await mined(secret.commitVote(record.id, commitment));
  const revealEnds = await secret.proposalDeadline(record.id);
  console.log(
    `Committed a secret ${support} vote on #${record.number} with ${house.format(weight)}: ${describeTx(receipt)}`,
  );
  console.log(
    `Reveal it with \`dao reveal --id ${record.number}${house.name === "citizens" ? " --house citizens" : ""}\` from ${formatTimestamp(deadline + 1n)} to ${formatTimestamp(revealEnds)}: an unrevealed vote does not count.`,
  );
  console.log(`Its salt is in ${file} (keep it private and until the reveal: without it the vote cannot be revealed).`);
}

type VoteTypeValue = 0 | 1 | 2;

dao
  .task("reveal", "Reveal your secret-ballot vote on a proposal in its reveal period (salt from the ballots file)")
  .addParam("id", "the proposal id, or its number in `dao proposals`")
  .addOptionalParam("house", HOUSE_HELP, "token")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ id: string; house: string; from: number }>(async (args, hre) => {
      const g = await governanceLib();
      const { signer, house, record, name } = await openProposal(hre, args);
      const secret = await secretBallotOf(house, signer);
      if (secret === undefined) {
        throw new UserError(
          `The ${house.title} votes openly: \`dao vote\` counts a vote at once, there is nothing to reveal.`,
        );
      }
      if (name === "Pending") {
        throw new UserError(
          `Proposal #${record.number} is Pending: commitments open at ${formatTimestamp((await secret.proposalSnapshot(record.id)) + 1n)}, reveals after the commit period.`,
        );
      }
      if (name !== "Active") throw new UserError(`Proposal #${record.number} is ${name}: its reveal period is over.`);
      const [deadline, now] = await Promise.all([
        secret.commitDeadline(record.id),
        atNextBlock((o) => secret.clock(o)),
      ]);
      if (now <= deadline) {
        throw new UserError(
          `Proposal #${record.number} is still taking commitments: reveals open at ${formatTimestamp(deadline + 1n)}.`,
        );
      }
      const onChain = await secret.commitmentOf(record.id, signer.address);
      if (onChain === ZeroHash) {
        throw new UserError(
          (await secret.hasVoted(record.id, signer.address))
            ? `${signer.address}'s vote on proposal #${record.number} is revealed already.`
            : `${signer.address} committed no vote on proposal #${record.number}.`,
        );
      }
      const chainId = (await hre.ethers.provider.getNetwork()).chainId;
      const governor = await secret.getAddress();
      const file = g.ballotFile();
      const ballot = g
        .ballotsFor(g.loadBallots(file), { chainId, governor, proposalId: record.id, voter: signer.address })
        .find(
          (b) =>
            g.voteCommitment({
              chainId,
              governor,
              proposalId: record.id,
              voter: signer.address,
              support: b.support,
              salt: b.salt,
            }) === onChain,
        );
      if (ballot === undefined) {
        throw new UserError(
          `No saved ballot in ${file} matches ${signer.address}'s commitment on proposal #${record.number}: without its salt the vote cannot be revealed (set QUARTET_BALLOTS if you keep the file elsewhere).`,
        );
      }
      const receipt = await mined(secret.revealVote(record.id, signer.address, ballot.support, ballot.salt));
      const support = ["against", "for", "abstain"][ballot.support];
      console.log(`Revealed ${support} on #${record.number}: ${describeTx(receipt)}`);
      console.log(`Tally so far: ${await tally(house, record.id)}`);
    }),
  );

/** The house's VotingRewards, found in the Ignition deployment (future `<module>#TokenHouseRewards` / `#CitizensRewards`). */
async function rewardsOf(hre: HardhatRuntimeEnvironment, house: House, signer: Signer) {
  const { deployedAddresses } = await import("../scripts/lib/addresses");
  const { VotingRewards__factory } =
    await import("../typechain-types/factories/contracts/governance/VotingRewards__factory");
  const chainId = (await hre.ethers.provider.getNetwork()).chainId;
  const suffix = house.name === "token" ? "#TokenHouseRewards" : "#CitizensRewards";
  const entry = Object.entries(deployedAddresses(hre.config.paths.ignition, chainId)).find(([id]) =>
    id.endsWith(suffix),
  );
  if (entry === undefined) {
    throw new UserError(
      `This deployment has no voting rewards for the ${house.title}: redeploy with \`npm run deploy\`.`,
    );
  }
  return VotingRewards__factory.connect(entry[1], signer);
}

/** The signer's voted proposals of the house, grouped by their rewards epoch. */
async function votedByEpoch(
  hre: HardhatRuntimeEnvironment,
  house: House,
  rewards: Awaited<ReturnType<typeof rewardsOf>>,
  voter: string,
) {
  const origin = await rewards.ORIGIN();
  /** Per epoch: the registered proposals voted on and not yet claimed, how many were claimed, how many unregistered. */
  const epochs = new Map<bigint, { ids: bigint[]; claimed: number; unregistered: number }>();
  for (const record of await proposalsOf(hre, house)) {
    if (!(await house.governor.hasVoted(record.id, voter))) continue;
    const snapshot = await house.governor.proposalSnapshot(record.id);
    if (snapshot < origin) continue;
    const epoch = await rewards.epochOf(snapshot);
    const [registered] = await rewards.proposalEpoch(record.id);
    const entry = epochs.get(epoch) ?? { ids: [], claimed: 0, unregistered: 0 };
    if (!registered) entry.unregistered += 1;
    else if (await rewards.hasClaimed(voter, record.id)) entry.claimed += 1;
    else entry.ids.push(record.id);
    epochs.set(epoch, entry);
  }
  for (const entry of epochs.values()) entry.ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return epochs;
}

dao
  .task("rewards", "Your voting rewards per epoch: what you can claim now and what opens later")
  .addOptionalParam("house", HOUSE_HELP, "token")
  .addFlag("register", "first register every finished proposal of the house that is not registered yet (anyone may)")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ house: string; register: boolean; from: number }>(async (args, hre) => {
      const { connectAs } = await quartetLib();
      const { quartet, signer } = await connectAs(hre, args.from);
      const house = houseOf(quartet, args.house);
      const rewards = await rewardsOf(hre, house, signer);
      const token = quartet.tokens.USDC.attach(await rewards.REWARD_TOKEN()) as typeof quartet.tokens.USDC;
      const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals()]);
      const now = await atNextBlock((o) => house.governor.clock(o));
      if (args.register) {
        for (const record of await proposalsOf(hre, house)) {
          const [registered] = await rewards.proposalEpoch(record.id);
          const [snapshot, deadline] = await Promise.all([
            house.governor.proposalSnapshot(record.id),
            house.governor.proposalDeadline(record.id),
          ]);
          if (registered || now <= deadline || snapshot < (await rewards.ORIGIN())) continue;
          if (now >= (await rewards.claimsOpenAt(await rewards.epochOf(snapshot)))) continue;
          // Only a proposal whose turnout reached its quorum shares the rewards (VotingRewards refuses the others).
          const [votes, quorum] = await Promise.all([
            house.governor.proposalVotes(record.id),
            house.governor.quorum(snapshot),
          ]);
          const turnout = votes[0] + votes[1] + votes[2];
          if (turnout < quorum) {
            console.log(`Not registered #${record.number}: its turnout ${turnout} is below its quorum ${quorum}.`);
            continue;
          }
          const receipt = await mined(rewards.registerProposal(record.id));
          console.log(`Registered #${record.number}: ${describeTx(receipt)}`);
        }
      }
      const epochs = await votedByEpoch(hre, house, rewards, signer.address);
      if (epochs.size === 0) {
        console.log(`${signer.address} has voted on no proposal of the ${house.title} since the rewards began.`);
        return;
      }
      const rows: string[][] = [];
      for (const [epoch, { ids, claimed: claimedCount, unregistered }] of [...epochs.entries()].sort(([a], [b]) =>
        a < b ? -1 : 1,
      )) {
        const [openAt, [funded]] = await Promise.all([rewards.claimsOpenAt(epoch), rewards.epochInfo(epoch)]);
        const claimed = claimedCount > 0 && ids.length === 0;
        const status = claimed
          ? "claimed"
          : now < openAt
            ? `opens ${formatTimestamp(openAt)}`
            : ids.length === 0
              ? "nothing registered"
              : `claimable: \`dao claim --epoch ${epoch}\``;
        const amount =
          !claimed && now >= openAt && ids.length > 0
            ? `${formatAmount(await rewards.claimable(signer.address, epoch, ids), decimals, 2)} ${symbol}`
            : "—";
        rows.push([
          `${epoch}`,
          `${ids.length + claimedCount}${unregistered > 0 ? ` (+${unregistered} unregistered)` : ""}`,
          `${formatAmount(funded, decimals, 2)} ${symbol}`,
          amount,
          status,
        ]);
      }
      console.log(`Voting rewards of ${signer.address} on the ${house.title}:`);
      console.log(markdownTable(["epoch", "proposals voted", "epoch funds left", "yours", "status"], rows));
    }),
  );

dao
  .task("claim", "Claim your voting reward of an epoch (every registered proposal you voted on and have not claimed)")
  .addParam("epoch", "the epoch number shown by `dao rewards`", undefined, types.int)
  .addOptionalParam("house", HOUSE_HELP, "token")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ epoch: number; house: string; from: number }>(async (args, hre) => {
      const { connectAs } = await quartetLib();
      const { quartet, signer } = await connectAs(hre, args.from);
      const house = houseOf(quartet, args.house);
      const rewards = await rewardsOf(hre, house, signer);
      if (args.epoch < 0) throw new UserError(`--epoch must be 0 or more (got ${args.epoch}).`);
      const epoch = BigInt(args.epoch);
      const [openAt, now] = await Promise.all([
        rewards.claimsOpenAt(epoch),
        atNextBlock((o) => house.governor.clock(o)),
      ]);
      if (now < openAt) throw new UserError(`Epoch ${epoch}'s claims open at ${formatTimestamp(openAt)}.`);
      const voted = (await votedByEpoch(hre, house, rewards, signer.address)).get(epoch);
      const ids = voted?.ids ?? [];
      if (ids.length === 0 && (voted?.claimed ?? 0) > 0) {
        throw new UserError(`${signer.address} has claimed epoch ${epoch} already.`);
      }
      if (ids.length === 0) {
        throw new UserError(
          `${signer.address} voted on no registered proposal of epoch ${epoch}: \`dao rewards\` lists your epochs.`,
        );
      }
      const amount = await rewards.claimable(signer.address, epoch, ids);
      const receipt = await mined(rewards.claim(epoch, ids));
      const token = quartet.tokens.USDC.attach(await rewards.REWARD_TOKEN()) as typeof quartet.tokens.USDC;
      const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals()]);
      console.log(
        `Claimed ${formatAmount(amount, decimals, 6)} ${symbol} for epoch ${epoch} (${ids.length} proposal${ids.length === 1 ? "" : "s"}): ${describeTx(receipt)}`,
      );
    }),
  );

/** The address book as proposal targets, with the ABI of every contract Quartet connects. */
function knownContracts(q: Quartet) {
  const ifaces: Record<string, { interface: Interface }> = {
    accessManager: q.accessManager,
    oracle: q.oracle,
    pool: q.pool,
    executor: q.executor,
    priceCondition: q.priceCondition,
    healthFactorCondition: q.healthFactorCondition,
    profileNFT: q.profileNFT,
    creatorPasses: q.creatorPasses,
    token: q.token,
    timelock: q.timelock,
    governor: q.governor,
    citizensTimelock: q.citizensTimelock,
    citizensGovernor: q.citizensGovernor,
    usdc: q.tokens.USDC,
    wbtc: q.tokens.WBTC,
    weth: q.tokens.WETH,
  };
  return Object.fromEntries(
    Object.entries(q.book).map(([name, address]) => [name, { address, iface: ifaces[name]?.interface }]),
  );
}
