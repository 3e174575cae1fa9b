import { Address, View, type PageProps } from "../components";
import { loadGovernance, type House } from "../data/governance";
import { useChainData } from "../hooks";
import { formatAmount, formatTimestamp } from "../lib/format";
import { tallyShares, timelineSteps } from "../lib/governance";

export function Governance({ chain, block, names }: PageProps) {
  const state = useChainData(chain, block, loadGovernance);
  return (
    <View state={state}>
      {({ houses, now }) => (
        <>
          {houses.map((house) => (
            <HouseView key={house.name} house={house} now={now} names={names} />
          ))}
        </>
      )}
    </View>
  );
}

function HouseView({ house, now, names }: { house: House; now: bigint; names: Record<string, string> }) {
  const votes = (v: bigint) => formatAmount(v, house.voteDecimals, 0);
  return (
    <section className="house" data-testid={`house-${house.name}`}>
      <h2>{house.title}</h2>
      {house.proposals.length === 0 ? (
        <p className="muted">No proposals yet.</p>
      ) : (
        house.proposals.map((p) => {
          const shares = tallyShares(p.votes);
          return (
            <article className="card proposal" key={p.id.toString()} data-testid="proposal">
              <header>
                <h3>{p.title}</h3>
                <span className={`badge state-${p.state.toLowerCase()}`} data-testid="proposal-state">
                  {p.state}
                </span>
              </header>
              <p className="muted">
                #{p.id.toString().slice(0, 10)}… proposed by{" "}
                <Address value={p.proposer} name={names[p.proposer.toLowerCase()]} />
              </p>
              <div
                className="tally"
                title={`for ${shares.for}%, against ${shares.against}%, abstain ${shares.abstain}%`}
              >
                <span className="for" style={{ width: `${shares.for}%` }} />
                <span className="against" style={{ width: `${shares.against}%` }} />
                <span className="abstain" style={{ width: `${shares.abstain}%` }} />
              </div>
              <p data-testid="tally">
                for {votes(p.votes.forVotes)} · against {votes(p.votes.againstVotes)} · abstain{" "}
                {votes(p.votes.abstainVotes)}
                {p.quorum !== undefined && <span className="muted"> · quorum {votes(p.quorum)}</span>}
              </p>
              <ol className="timeline">
                {timelineSteps(p, now).map((step) => (
                  <li key={step.label} className={step.passed ? "passed" : ""}>
                    {step.label} {formatTimestamp(step.at)}
                  </li>
                ))}
              </ol>
            </article>
          );
        })
      )}
    </section>
  );
}
