import { appointFirstVerifierActions } from "../../scripts/lib/access";
import {
  advanceTo,
  buildProposal,
  endVoting,
  execute,
  propose,
  queue,
  startVoting,
  VoteType,
  withProposer,
  type ProposalAction,
} from "../../scripts/lib/governance";
import { handleToTokenId } from "../../scripts/lib/social";
import type { QuartetGovernor } from "../../typechain-types";
import { deployQuartet, type Quartet } from "../fixtures";
import { metadata, verifyProfile } from "../social/fixtures";

/**
 * Runs a proposal of either house up to its timelock ETA, alice proposing and alice and bob voting For: 5% of the
 * QRT supply in the token house, two people (the local floor) in the Citizens' House — the quorum in both.
 */
export async function queueProposal(
  governor: QuartetGovernor,
  q: Quartet,
  description: string,
  actions: ProposalAction[],
) {
  const proposal = buildProposal(actions, withProposer(description, q.alice.address));
  const { proposalId } = await propose(governor, proposal, q.alice);
  await startVoting(governor, proposalId);
  await governor.connect(q.alice).castVote(proposalId, VoteType.For);
  await governor.connect(q.bob).castVote(proposalId, VoteType.For);
  await endVoting(governor, proposalId);
  await queue(governor, proposal, q.alice);
  await advanceTo(await governor.proposalEta(proposalId));
  return { proposal, proposalId };
}

/** Passes and executes a token-house proposal (alice and bob voting For). */
export async function governTokenHouse(q: Quartet, description: string, actions: ProposalAction[]) {
  const queued = await queueProposal(q.governor, q, description, actions);
  await execute(q.governor, queued.proposal, q.alice);
  return queued;
}

/**
 * LocalQuartet with both houses able to vote: the token house appointed the first verifier, who verified alice, bob,
 * carol and dave (one person, one vote each; the Citizens' House quorum is its local floor, two people).
 */
export async function deployQuartetWithCitizens() {
  const q = await deployQuartet();
  await governTokenHouse(
    q,
    "Appoint the first verifier",
    await appointFirstVerifierActions(q.accessManager, q.verifier.address),
  );
  for (const [holder, handle] of [
    [q.alice, "alice"],
    [q.bob, "bob"],
    [q.carol, "carol"],
    [q.dave, "dave"],
  ] as const) {
    await q.profileNFT.connect(holder).mint(handle, metadata({ displayName: handle }));
    await verifyProfile(q.profileNFT, q.verifier, handleToTokenId(handle), holder);
  }
  return q;
}
