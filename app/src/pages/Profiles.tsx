import { Address, View, type PageProps } from "../components";
import { loadProfiles } from "../data/profiles";
import { useChainData } from "../hooks";
import { formatAmount, formatBps, formatTimestamp } from "../lib/format";

export function Profiles({ chain, block, names }: PageProps) {
  const state = useChainData(chain, block, loadProfiles);
  return (
    <View state={state}>
      {(profiles) =>
        profiles.length === 0 ? (
          <p className="muted">No profile has been minted.</p>
        ) : (
          <div className="cards">
            {profiles.map((p) => (
              <section className="card profile" key={p.tokenId.toString()} data-testid={`profile-${p.handle}`}>
                {p.metadata !== undefined ? (
                  <img className="profile-card" src={p.metadata.image} alt={`@${p.handle}'s card`} />
                ) : (
                  <p className="status error">Card unavailable: {p.metadataError}</p>
                )}
                <header>
                  <h2>@{p.handle}</h2>
                  {p.verified ? (
                    <span className="badge ok" data-testid="verified">
                      verified
                    </span>
                  ) : (
                    <span className="badge" data-testid="verified">
                      not verified
                    </span>
                  )}
                </header>
                <p>
                  owner <Address value={p.owner} name={names[p.owner.toLowerCase()]} />
                </p>
                {p.verified && (
                  <p className="muted">
                    verified on EAS by{" "}
                    <Address value={p.verification.attester} name={names[p.verification.attester.toLowerCase()]} />{" "}
                    until {formatTimestamp(p.verification.expiry)}, attestation{" "}
                    <code data-testid="attestation-uid" title={p.verification.uid}>
                      {p.verification.uid.slice(0, 10)}…
                    </code>
                  </p>
                )}
                <h3>Passes</h3>
                {p.passes.length === 0 ? (
                  <p className="muted">none</p>
                ) : (
                  <ul>
                    {p.passes.map((pass) => (
                      <li key={pass.passId.toString()} data-testid="pass">
                        pass #{pass.passId.toString()}: {formatAmount(pass.price, pass.token.decimals)}{" "}
                        {pass.token.symbol}, {pass.sold}/{pass.maxSupply} sold, royalty {formatBps(pass.royaltyBps)}
                      </li>
                    ))}
                  </ul>
                )}
                <h3>Coin</h3>
                {p.coin === undefined ? (
                  <p className="muted">none</p>
                ) : (
                  <p data-testid="coin">
                    {p.coin.symbol}: {formatAmount(p.coin.supply, 18, 4)} in circulation, reserve{" "}
                    {formatAmount(p.coin.reserve, p.coin.token.decimals)} {p.coin.token.symbol}, creator fee{" "}
                    {formatBps(p.coin.creatorFeeBps)}
                  </p>
                )}
              </section>
            ))}
          </div>
        )
      }
    </View>
  );
}
