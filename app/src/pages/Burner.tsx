import { useState } from "react";
import { parseUnits } from "viem";

import { View } from "../components";
import { loadAccounts } from "../data/accounts";
import { burnerAddress, burnerBorrow, burnerSupply, burnerVote } from "../data/burner";
import type { Chain } from "../data/chain";
import { loadGovernance } from "../data/governance";
import { messageOf, useChainData } from "../hooks";
import { formatHealthFactor } from "../lib/format";

async function loadBurner(chain: Chain) {
  const [{ accounts, markets }, { houses }] = await Promise.all([loadAccounts(chain), loadGovernance(chain)]);
  return {
    markets,
    account: accounts.find((a) => a.address.toLowerCase() === burnerAddress.toLowerCase()),
    active: houses[0].proposals.filter((p) => p.state === "Active"),
  };
}

/** Local chains only: a supply, a borrow and a vote from Hardhat's account #12 (see data/burner.ts). */
export function Burner({ chain, block }: { chain: Chain; block: bigint | undefined }) {
  const state = useChainData(chain, block, loadBurner);
  const [symbol, setSymbol] = useState("USDC");
  const [amount, setAmount] = useState("1000");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();

  async function act(label: string, action: () => Promise<string>) {
    setBusy(true);
    setResult(undefined);
    try {
      const hash = await action();
      setResult({ ok: true, text: `${label}: confirmed (${hash.slice(0, 10)}…)` });
    } catch (e) {
      setResult({ ok: false, text: `${label} failed: ${messageOf(e)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <aside className="card burner" data-testid="burner">
      <h2>Burner wallet</h2>
      <p className="muted">
        Hardhat account #12 <code>{burnerAddress}</code>, a public test key: local chain only.
      </p>
      <View state={state}>
        {({ markets, account, active }) => {
          const market = markets.find((m) => m.symbol === symbol) ?? markets[0];
          const parsed = (() => {
            try {
              return parseUnits(amount, market.decimals);
            } catch {
              return undefined;
            }
          })();
          return (
            <>
              <p data-testid="burner-health">
                health factor {account === undefined ? "— (no position)" : formatHealthFactor(account.healthFactor)}
              </p>
              <div className="row">
                <select value={symbol} onChange={(e) => setSymbol(e.target.value)} aria-label="asset">
                  {markets.map((m) => (
                    <option key={m.address}>{m.symbol}</option>
                  ))}
                </select>
                <input
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  aria-label="amount"
                  inputMode="decimal"
                />
                <button
                  disabled={busy || parsed === undefined || parsed === 0n}
                  onClick={() =>
                    void act(`Supply ${amount} ${symbol}`, () => burnerSupply(chain, market.address, parsed!))
                  }
                >
                  Supply
                </button>
                <button
                  disabled={busy || parsed === undefined || parsed === 0n}
                  onClick={() =>
                    void act(`Borrow ${amount} ${symbol}`, () => burnerBorrow(chain, market.address, parsed!))
                  }
                >
                  Borrow
                </button>
              </div>
              <h3>Vote (token house)</h3>
              {active.length === 0 ? (
                <p className="muted">No active proposal.</p>
              ) : (
                active.map((p) => (
                  <div className="row" key={p.id.toString()}>
                    <span>{p.title}</span>
                    <button
                      disabled={busy}
                      onClick={() => void act(`Vote for "${p.title}"`, () => burnerVote(chain, p.id, 1))}
                    >
                      For
                    </button>
                    <button
                      disabled={busy}
                      onClick={() => void act(`Vote against "${p.title}"`, () => burnerVote(chain, p.id, 0))}
                    >
                      Against
                    </button>
                  </div>
                ))
              )}
              {result !== undefined && (
                <p className={result.ok ? "status ok" : "status error"} role="status" data-testid="burner-result">
                  {result.text}
                </p>
              )}
            </>
          );
        }}
      </View>
    </aside>
  );
}
