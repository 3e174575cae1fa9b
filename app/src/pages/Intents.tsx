import { Address, View, type PageProps } from "../components";
import { loadIntents, type PostedIntent } from "../data/intents";
import { useChainData } from "../hooks";
import { formatAmount, formatDuration, formatTimestamp } from "../lib/format";
import { ACTIONS, AMOUNT_MODES } from "../lib/intents";

function describeAmount(p: PostedIntent): string {
  const { intent, token } = p;
  const units = (v: bigint) => `${formatAmount(v, token.decimals)} ${token.symbol}`;
  if (intent.amountMode === 1) return `${formatAmount(intent.amountParam, 2, 2)}% of the balance`;
  if (intent.amountMode === 2) return `everything above ${units(intent.amountParam)}`;
  return units(intent.amount);
}

function nextRun(p: PostedIntent, now: number): string {
  if (p.nextRun === undefined) return "—";
  if (p.nextRun <= now) return "now (when its condition holds)";
  return `${formatTimestamp(p.nextRun)} (in ${formatDuration(p.nextRun - now)})`;
}

function keeperResult(p: PostedIntent): string {
  const r = p.last;
  if (r.kind === "none") return "not run yet";
  if (r.kind === "failed") return `failed in block ${r.block}: ${r.reason}`;
  return `run ${r.run} executed in block ${r.block}: ${formatAmount(r.amount, p.token.decimals)} ${p.token.symbol}, fee ${formatAmount(r.fee, p.token.decimals)}`;
}

export function Intents({ chain, block, names }: PageProps) {
  const state = useChainData(chain, block, loadIntents);
  return (
    <View state={state}>
      {({ intents, now }) =>
        intents.length === 0 ? (
          <p className="muted">No intent has been posted.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Intent</th>
                <th>Owner</th>
                <th>Action</th>
                <th>Amount</th>
                <th>Schedule</th>
                <th>State</th>
                <th>Next run</th>
                <th>Keeper&apos;s last result</th>
              </tr>
            </thead>
            <tbody>
              {intents.map((p) => (
                <tr key={p.hash} data-testid="intent">
                  <td>
                    <Address value={p.hash} />
                  </td>
                  <td>
                    <Address value={p.intent.owner} name={names[p.intent.owner.toLowerCase()]} />
                  </td>
                  <td>
                    {ACTIONS[p.intent.action] ?? "?"}
                    {p.intent.condition !== "0x0000000000000000000000000000000000000000" && (
                      <span className="badge">conditional</span>
                    )}
                  </td>
                  <td>
                    {describeAmount(p)} <span className="muted">({AMOUNT_MODES[p.intent.amountMode]})</span>
                  </td>
                  <td>
                    {p.intent.interval === 0
                      ? "one-off"
                      : `${p.runs}/${p.intent.maxRuns} runs, every ${formatDuration(p.intent.interval)}`}
                  </td>
                  <td>{p.status}</td>
                  <td>{nextRun(p, now)}</td>
                  <td data-testid="keeper-result">{keeperResult(p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </View>
  );
}
