import type { Chain } from "./data/chain";
import type { ReactNode } from "react";

import type { Loaded } from "./hooks";

/** Loading, error and ready states of a page's data, in one place. */
export function View<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  if (state.status === "loading") {
    return (
      <p className="status loading" role="status">
        Loading from the chain…
      </p>
    );
  }
  if (state.status === "error") {
    return (
      <>
        <p className="status error" role="alert">
          Could not read the chain: {state.error}
        </p>
        {state.data !== undefined && children(state.data)}
      </>
    );
  }
  return <>{children(state.data)}</>;
}

export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

export function Address({ value, name }: { value: string; name?: string }) {
  return (
    <span className="address" title={value}>
      {name ?? `${value.slice(0, 6)}…${value.slice(-4)}`}
    </span>
  );
}

/** What every page of the app is given: the chain, the latest block (pages refresh on it) and the demo's names. */
export interface PageProps {
  chain: Chain;
  block: bigint | undefined;
  names: Record<string, string>;
}
