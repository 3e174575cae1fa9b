import { Address, View, type PageProps } from "../components";
import { loadAccounts } from "../data/accounts";
import { useChainData } from "../hooks";
import { formatAmount, formatHealthFactor, formatUsd, healthOf } from "../lib/format";

export function Accounts({ chain, block, names }: PageProps) {
  const state = useChainData(chain, block, loadAccounts);
  return (
    <View state={state}>
      {({ accounts }) =>
        accounts.length === 0 ? (
          <p className="muted">No account has touched the pool yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Account</th>
                <th>Health factor</th>
                <th>Collateral</th>
                <th>Debt</th>
                <th>Borrow limit</th>
                <th>Positions</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => {
                const health = a.error === undefined ? healthOf(a.healthFactor) : "none";
                return (
                  <tr key={a.address} className={`health-${health}`} data-testid={`account-${a.address.toLowerCase()}`}>
                    <td>
                      <Address value={a.address} name={names[a.address.toLowerCase()]} />
                    </td>
                    <td className="hf" data-testid="health-factor">
                      {a.error !== undefined ? (
                        <span className="error">{a.error}</span>
                      ) : (
                        formatHealthFactor(a.healthFactor)
                      )}
                      {health === "liquidatable" && <span className="badge danger">liquidatable</span>}
                      {health === "at-risk" && <span className="badge warn">at risk</span>}
                    </td>
                    <td>{formatUsd(a.collateralValue)}</td>
                    <td>{formatUsd(a.debtValue)}</td>
                    <td>{formatUsd(a.borrowLimit)}</td>
                    <td>
                      <ul className="positions">
                        {a.positions.map((p) => (
                          <li key={p.symbol}>
                            {p.supplied > 0n && (
                              <span>
                                supplies {formatAmount(p.supplied, p.decimals, 4)} {p.symbol}
                                {p.suppliedUsd !== undefined && ` (${formatUsd(p.suppliedUsd)})`}
                                {p.collateral ? " · collateral" : ""}
                              </span>
                            )}
                            {p.borrowed > 0n && (
                              <span className="debt">
                                owes {formatAmount(p.borrowed, p.decimals, 4)} {p.symbol}
                                {p.borrowedUsd !== undefined && ` (${formatUsd(p.borrowedUsd)})`}
                              </span>
                            )}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      }
    </View>
  );
}
