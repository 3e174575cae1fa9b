import {
  createPublicClient,
  decodeErrorResult,
  defineChain,
  http,
  type Abi,
  type Address,
  type PublicClient,
} from "viem";

import type { AbiName, QuartetConfig } from "../lib/config";

/** Block ranges asked of an RPC at once when it refuses the whole range (as scripts/lib/logs.ts LOG_RANGE). */
export const LOG_RANGE = 10_000n;

export interface Chain {
  client: PublicClient;
  config: QuartetConfig;
}

export function connect(config: QuartetConfig): Chain {
  const chain = defineChain({
    id: config.chainId,
    name: config.local ? "Local node" : `Chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  const client = createPublicClient({
    chain,
    transport: http(config.rpcUrl, { batch: true, retryCount: 1 }),
    pollingInterval: config.local ? 1_000 : 4_000,
  });
  return { client: client as PublicClient, config };
}

/** A view call; the result is cast to what the caller knows the function returns (ABIs are loaded at run time). */
export async function read<T>(
  { client, config }: Chain,
  abi: AbiName,
  address: Address,
  functionName: string,
  args: readonly unknown[] = [],
): Promise<T> {
  return (await client.readContract({ abi: config.abis[abi], address, functionName, args })) as T;
}

export interface DecodedLog {
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: string;
}

/**
 * Every event of `address` (optionally only `eventName`) since the deployment's first block, decoded: in one
 * request when the RPC accepts it, else in LOG_RANGE-block ranges (the same strategy as scripts/lib/logs.ts scanLogs).
 */
export async function logs(
  { client, config }: Chain,
  abi: AbiName,
  address: Address,
  eventName?: string,
  toBlock?: bigint,
): Promise<DecodedLog[]> {
  const latest = toBlock ?? (await client.getBlockNumber());
  const fromBlock = BigInt(config.fromBlock);
  const query = async (from: bigint, to: bigint) =>
    (await client.getContractEvents({
      abi: config.abis[abi],
      address,
      eventName,
      fromBlock: from,
      toBlock: to,
      strict: true,
    } as Parameters<PublicClient["getContractEvents"]>[0])) as unknown as DecodedLog[];
  try {
    return await query(fromBlock, latest);
  } catch {
    // Range too wide for this RPC: fall back to fixed-size ranges.
  }
  const found: DecodedLog[] = [];
  for (let from = fromBlock; from <= latest; from += LOG_RANGE) {
    const to = from + LOG_RANGE - 1n < latest ? from + LOG_RANGE - 1n : latest;
    found.push(...(await query(from, to)));
  }
  return found;
}

/** A revert reason's bytes in words: the custom error of any Quartet ABI with its arguments, else the raw bytes. */
export function decodeReason(config: QuartetConfig, data: `0x${string}`): string {
  for (const abi of Object.values(config.abis) as Abi[]) {
    try {
      const decoded = decodeErrorResult({ abi, data });
      const args = (decoded.args ?? []).map((a) => String(a)).join(", ");
      return `${decoded.errorName}(${args})`;
    } catch {
      // not this ABI's error
    }
  }
  return data === "0x" ? "reverted without a reason" : data;
}

/** The latest block's timestamp (unix seconds). */
export async function now({ client }: Chain): Promise<bigint> {
  return (await client.getBlock({ blockTag: "latest" })).timestamp;
}
