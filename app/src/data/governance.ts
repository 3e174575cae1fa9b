import type { Address } from "viem";

import { proposalStateName, proposalTitle, type ProposalStateName } from "../lib/governance";
import { logs, now, read, type Chain } from "./chain";

export type HouseName = "token" | "citizens";

export interface Proposal {
  house: HouseName;
  id: bigint;
  proposer: Address;
  title: string;
  description: string;
  state: ProposalStateName | "Unknown";
  votes: { againstVotes: bigint; forVotes: bigint; abstainVotes: bigint };
  snapshot: bigint;
  deadline: bigint;
  eta: bigint;
  quorum: bigint | undefined;
}

export interface House {
  name: HouseName;
  title: string;
  governor: Address;
  /** Token house: QRT (18 decimals); citizens' house: one vote per verified citizen (0 decimals). */
  voteDecimals: number;
  proposals: Proposal[];
}

/** Both houses' proposals (ProposalCreated events), newest first, with state, tallies and timeline. */
export async function loadGovernance(chain: Chain): Promise<{ houses: House[]; now: bigint }> {
  const { governor, citizensGovernor } = chain.config.addresses;
  const [token, citizens, timestamp] = await Promise.all([
    loadHouse(chain, "token", "Token house", governor, 18),
    loadHouse(chain, "citizens", "Citizens' house", citizensGovernor, 0),
    now(chain),
  ]);
  return { houses: [token, citizens], now: timestamp };
}

async function loadHouse(
  chain: Chain,
  name: HouseName,
  title: string,
  governor: Address,
  voteDecimals: number,
): Promise<House> {
  const created = await logs(chain, "QuartetGovernor", governor, "ProposalCreated");
  const proposals = await Promise.all(
    created.map(async (e): Promise<Proposal> => {
      const id = e.args.proposalId as bigint;
      const [state, votes, snapshot, deadline, eta] = await Promise.all([
        read<number>(chain, "QuartetGovernor", governor, "state", [id]),
        read<[bigint, bigint, bigint]>(chain, "QuartetGovernor", governor, "proposalVotes", [id]),
        read<bigint>(chain, "QuartetGovernor", governor, "proposalSnapshot", [id]),
        read<bigint>(chain, "QuartetGovernor", governor, "proposalDeadline", [id]),
        read<bigint>(chain, "QuartetGovernor", governor, "proposalEta", [id]),
      ]);
      const quorum = await read<bigint>(chain, "QuartetGovernor", governor, "quorum", [snapshot]).catch(
        () => undefined,
      );
      const description = String(e.args.description);
      return {
        house: name,
        id,
        proposer: e.args.proposer as Address,
        title: proposalTitle(description),
        description,
        state: proposalStateName(state),
        votes: { againstVotes: votes[0], forVotes: votes[1], abstainVotes: votes[2] },
        snapshot,
        deadline,
        eta,
        quorum,
      };
    }),
  );
  return { name, title, governor, voteDecimals, proposals: proposals.reverse() };
}
