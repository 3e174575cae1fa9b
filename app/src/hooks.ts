import { useEffect, useRef, useState } from "react";

import type { Chain } from "./data/chain";

/** The chain's latest block number, followed live (viem watchBlockNumber); an error while the RPC is unreachable. */
export function useBlockNumber(chain: Chain | undefined): { block: bigint | undefined; error: string | undefined } {
  const [block, setBlock] = useState<bigint>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (chain === undefined) return;
    return chain.client.watchBlockNumber({
      emitOnBegin: true,
      emitMissed: false,
      onBlockNumber: (n) => {
        setBlock(n);
        setError(undefined);
      },
      onError: (e) => setError(messageOf(e)),
    });
  }, [chain]);
  return { block, error };
}

export type Loaded<T> =
  | { status: "loading" }
  | { status: "error"; error: string; data?: T }
  | { status: "ready"; data: T; block: bigint; refreshing: boolean };

/**
 * Runs `load` now and again at every new block; the last good data stays on screen while a refresh runs, and a
 * failed refresh is shown as an error beside it.
 */
export function useChainData<T>(
  chain: Chain,
  block: bigint | undefined,
  load: (chain: Chain) => Promise<T>,
): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: "loading" });
  const running = useRef(false);
  const pending = useRef(false);
  const mounted = useRef(true);
  const latest = useRef<bigint | undefined>(undefined);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    if (block === undefined) return;
    latest.current = block;
    const run = async (at: bigint): Promise<void> => {
      if (running.current) {
        pending.current = true; // a block arrived mid-refresh: refresh once more afterwards
        return;
      }
      running.current = true;
      setState((s) => (s.status === "ready" ? { ...s, refreshing: true } : s));
      try {
        const data = await loadRef.current(chain);
        if (mounted.current) setState({ status: "ready", data, block: at, refreshing: false });
      } catch (e) {
        if (mounted.current) {
          setState((s) => ({ status: "error", error: messageOf(e), data: "data" in s ? s.data : undefined }));
        }
      } finally {
        running.current = false;
        if (pending.current && mounted.current) {
          pending.current = false;
          void run(latest.current ?? at);
        }
      }
    };
    void run(block);
  }, [chain, block]);
  return state;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const short = (error as { shortMessage?: string }).shortMessage;
    return short ?? error.message.split("\n")[0];
  }
  return String(error);
}
