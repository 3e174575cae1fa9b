/** OpenZeppelin Governor's ProposalState, in the contract's order. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;

export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

export function proposalStateName(state: number | bigint): ProposalStateName | "Unknown" {
  return PROPOSAL_STATES[Number(state)] ?? "Unknown";
}

/** A proposal's title: the description's first line without a Markdown heading mark. */
export function proposalTitle(description: string): string {
  const first = description.split("\n").find((line) => line.trim() !== "") ?? "";
  return first.replace(/^#+\s*/, "").trim() || "(no description)";
}

export interface Timeline {
  /** Voting opens (the snapshot), closes, and the timelock lets it execute (0 when not queued). */
  snapshot: bigint;
  deadline: bigint;
  eta: bigint;
}

/** The timeline's steps with whether each has passed at `now` (unix seconds: both houses use a timestamp clock). */
export function timelineSteps(t: Timeline, now: bigint): { label: string; at: bigint; passed: boolean }[] {
  const steps = [
    { label: "voting opens", at: t.snapshot + 1n },
    { label: "voting closes", at: t.deadline },
  ];
  if (t.eta !== 0n) steps.push({ label: "executable from", at: t.eta });
  return steps.map((s) => ({ ...s, passed: now >= s.at }));
}

/** Share of the cast votes (for, against, abstain) in percent, for a tally bar; zeros when nobody voted. */
export function tallyShares(votes: { forVotes: bigint; againstVotes: bigint; abstainVotes: bigint }): {
  for: number;
  against: number;
  abstain: number;
} {
  const total = votes.forVotes + votes.againstVotes + votes.abstainVotes;
  const share = (v: bigint) => (total === 0n ? 0 : Number((v * 10_000n) / total) / 100);
  return { for: share(votes.forVotes), against: share(votes.againstVotes), abstain: share(votes.abstainVotes) };
}
