import type { Abi } from "viem";

/** app/public/quartet.json, written by `npm run dev` or `npm run dashboard:config` (scripts/lib/dashboard.ts). */
export interface QuartetConfig {
  chainId: number;
  rpcUrl: string;
  fromBlock: number;
  local: boolean;
  addresses: Record<string, `0x${string}`>;
  abis: Record<AbiName, Abi>;
  /** Lower-case address → name to show (contracts; the demo's cast on a local node). */
  names: Record<string, string>;
}

export const ABI_NAMES = [
  "LendingPool",
  "InterestRateModel",
  "PriceOracle",
  "ERC20",
  "IntentExecutor",
  "ProfileNFT",
  "CreatorPasses",
  "CreatorCoins",
  "QuartetGovernor",
  "QuartetToken",
] as const;
export type AbiName = (typeof ABI_NAMES)[number];

const REQUIRED_ADDRESSES = [
  "pool",
  "oracle",
  "executor",
  "profileNFT",
  "creatorPasses",
  "creatorCoins",
  "token",
  "governor",
  "citizensGovernor",
];

/**
 * Checks a fetched configuration and applies the RPC override (VITE_QUARTET_RPC_URL); throws one line saying what to
 * do when it is unusable.
 */
export function parseConfig(raw: unknown, rpcOverride?: string): QuartetConfig {
  const hint = "run `npm run dev`, or `npm run dashboard:config -- --chain <id>` for a testnet deployment";
  if (typeof raw !== "object" || raw === null) throw new Error(`quartet.json is not a configuration: ${hint}.`);
  const c = raw as Partial<QuartetConfig>;
  if (typeof c.chainId !== "number" || typeof c.addresses !== "object" || typeof c.abis !== "object") {
    throw new Error(`quartet.json lacks chainId, addresses or abis: ${hint}.`);
  }
  const missing = REQUIRED_ADDRESSES.filter((name) => c.addresses?.[name] === undefined);
  if (missing.length > 0) throw new Error(`quartet.json has no address for ${missing.join(", ")}: ${hint}.`);
  const absent = ABI_NAMES.filter((name) => c.abis?.[name] === undefined);
  if (absent.length > 0) throw new Error(`quartet.json has no ABI for ${absent.join(", ")}: ${hint}.`);
  const rpcUrl = rpcOverride !== undefined && rpcOverride !== "" ? rpcOverride : c.rpcUrl;
  if (typeof rpcUrl !== "string" || rpcUrl === "") throw new Error(`No RPC URL: set VITE_QUARTET_RPC_URL.`);
  return {
    chainId: c.chainId,
    rpcUrl,
    fromBlock: typeof c.fromBlock === "number" ? c.fromBlock : 0,
    local: c.local === true,
    addresses: c.addresses as Record<string, `0x${string}`>,
    abis: c.abis as Record<AbiName, Abi>,
    names: typeof c.names === "object" && c.names !== null ? c.names : {},
  };
}
