import { useEffect, useMemo, useState } from "react";

import { connect, type Chain } from "./data/chain";
import { burnerAvailable } from "./data/burner";
import { useBlockNumber } from "./hooks";
import { parseConfig, type QuartetConfig } from "./lib/config";
import { Accounts } from "./pages/Accounts";
import { Burner } from "./pages/Burner";
import { Governance } from "./pages/Governance";
import { Intents } from "./pages/Intents";
import { Markets } from "./pages/Markets";
import { Profiles } from "./pages/Profiles";

const PAGES = ["markets", "accounts", "intents", "profiles", "governance"] as const;
type Page = (typeof PAGES)[number];

function pageOf(hash: string): Page {
  const name = hash.replace(/^#\/?/, "") as Page;
  return PAGES.includes(name) ? name : "markets";
}

/** The configuration: app/public/quartet.json, with VITE_QUARTET_RPC_URL overriding its RPC. */
function useConfig(): { config?: QuartetConfig; error?: string } {
  const [state, setState] = useState<{ config?: QuartetConfig; error?: string }>({});
  useEffect(() => {
    fetch("/quartet.json")
      .then(async (response) => {
        if (!response.ok) throw new Error(`no quartet.json (HTTP ${response.status})`);
        return response.json();
      })
      .then((raw) => setState({ config: parseConfig(raw, import.meta.env.VITE_QUARTET_RPC_URL) }))
      .catch((e: Error) =>
        setState({
          error: e.message.includes("quartet.json")
            ? e.message
            : `quartet.json is unreadable (${e.message}): run \`npm run dev\`, or \`npm run dashboard:config\` for a testnet.`,
        }),
      );
  }, []);
  return state;
}

export function App() {
  const { config, error } = useConfig();
  const chain = useMemo<Chain | undefined>(() => (config === undefined ? undefined : connect(config)), [config]);
  const { block, error: rpcError } = useBlockNumber(chain);
  const [page, setPage] = useState<Page>(pageOf(window.location.hash));
  useEffect(() => {
    const onHash = () => setPage(pageOf(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const names = useMemo(() => config?.names ?? {}, [config]);

  return (
    <div className="app">
      <header className="top">
        <h1>Quartet</h1>
        <nav>
          {PAGES.map((p) => (
            <a key={p} href={`#/${p}`} className={p === page ? "active" : ""}>
              {p[0].toUpperCase() + p.slice(1)}
            </a>
          ))}
        </nav>
        <div className="chain" data-testid="chain-status">
          {config === undefined ? (
            "—"
          ) : rpcError !== undefined ? (
            <span className="error">RPC unreachable</span>
          ) : block === undefined ? (
            "connecting…"
          ) : (
            `chain ${config.chainId} · block ${block}`
          )}
        </div>
      </header>
      {error !== undefined && (
        <p className="status error" role="alert">
          {error}
        </p>
      )}
      {rpcError !== undefined && (
        <p className="status error" role="alert" data-testid="rpc-error">
          Cannot reach {config?.rpcUrl}: {rpcError}
        </p>
      )}
      {/* Before the first block there is nothing to show: the error above says why, or the pages say they load. */}
      {chain !== undefined && (block !== undefined || rpcError === undefined) && (
        <main className={burnerAvailable(chain) ? "with-burner" : ""}>
          <div className="page" data-testid={`page-${page}`}>
            {page === "markets" && <Markets chain={chain} block={block} />}
            {page === "accounts" && <Accounts chain={chain} block={block} names={names} />}
            {page === "intents" && <Intents chain={chain} block={block} names={names} />}
            {page === "profiles" && <Profiles chain={chain} block={block} names={names} />}
            {page === "governance" && <Governance chain={chain} block={block} names={names} />}
          </div>
          {burnerAvailable(chain) && <Burner chain={chain} block={block} />}
        </main>
      )}
    </div>
  );
}
