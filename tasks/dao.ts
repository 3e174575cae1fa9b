import fs from "node:fs";
import path from "node:path";
import { scope, types } from "hardhat/config";
import type { Interface } from "ethers";
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

const dao = scope("dao", "Delegate, propose, vote, queue and execute on the token house or the Citizens' House");

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
  };
}

type House = ReturnType<typeof houseOf>;

/** Every proposal of a house, from its ProposalCreated logs, numbered from 1 in creation order. */
async function proposalsOf(hre: HardhatRuntimeEnvironment, house: House) {
  const { firstDeploymentBlock } = await import("../scripts/lib/addresses");
  const { scanLogs } = await import("../scripts/lib/logs");
  const governor = house.governor;
  const events = await scanLogs(hre.ethers.provider, await firstDeploymentBlock(hre), (from, to) =>
    governor.queryFilter(governor.filters.ProposalCreated(), from, to),
  );
  return events.map((e, i) => {
    // By position: `values` on an ethers Result is Array.prototype.values, not the event's field.
    const [proposalId, proposer, targets, values, , calldatas, , , description] = e.args;
    return {
      number: i + 1,
      id: proposalId,
      proposer,
      proposal: { targets: [...targets], values: [...values], calldatas: [...calldatas], description },
    };
  });
}

type ProposalRecord = Awaited<ReturnType<typeof proposalsOf>>[number];

/** The proposal `--id` names: its full id (decimal or hex) or its number in `dao proposals`. */
async function findProposal(hre: HardhatRuntimeEnvironment, house: House, input: string): Promise<ProposalRecord> {
  const text = input.trim().replace(/^#/, "");
  let value: bigint;
  try {
    value = BigInt(text);
  } catch {
    throw new UserError(`--id must be a proposal id or its number in \`dao proposals\` (got "${input}").`);
  }
  const all = await proposalsOf(hre, house);
  const found =
    all.find((p) => p.id === value) ??
    (value >= 1n && value <= BigInt(all.length) ? all[Number(value) - 1] : undefined);
  if (found === undefined) {
    const houseFlag = house.name === "citizens" ? " --house citizens" : "";
    throw new UserError(`No proposal ${input} on the ${house.title}: \`dao proposals${houseFlag}\` lists them.`);
  }
  return found;
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
          `${signer.address} has ${house.format(votes)} of votes but proposing on the ${house.title} needs ${house.format(threshold)}: run \`dao delegate\` first.`,
        );
      }
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
      if (await house.governor.hasVoted(record.id, signer.address)) {
        throw new UserError(`${signer.address} has already voted on proposal #${record.number}.`);
      }
      const weight = await atNextBlock((o) => house.governor.getVotes(signer.address, snapshot, o));
      if (weight === 0n) {
        throw new UserError(
          `${signer.address} had no votes at the snapshot (${formatTimestamp(snapshot)}): only votes delegated before a proposal count — run \`dao delegate\` for the next one.`,
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
