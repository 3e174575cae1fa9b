import type { Address, Hex } from "viem";

import { finishedReason, lastKeeperResults, nextRunAt, type KeeperResult } from "../lib/intents";
import { decodeReason, logs, now, read, type Chain } from "./chain";

export interface PaymentIntent {
  owner: Address;
  token: Address;
  recipient: Address;
  action: number;
  amountMode: number;
  amount: bigint;
  amountParam: bigint;
  maxFee: bigint;
  interval: number;
  maxRuns: number;
  validAfter: number;
  validUntil: number;
  condition: Address;
  conditionData: Hex;
  nonce: bigint;
  /** Swap actions: the token the recipient receives, the signed bound and the Uniswap path. */
  receiveToken: Address;
  swapLimit: bigint;
  swapPath: Hex;
}

export interface PostedIntent {
  hash: Hex;
  intent: PaymentIntent;
  runs: number;
  lastRun: number;
  /** Unix seconds of the next possible run, undefined when it will not run again. */
  nextRun: number | undefined;
  /** "active" or why it is finished. */
  status: string;
  last: KeeperResult;
  token: { symbol: string; decimals: number };
}

/** Every posted intent (IntentPosted events), its state and the keeper's last result for it. */
export async function loadIntents(chain: Chain): Promise<{ intents: PostedIntent[]; now: number }> {
  const executor = chain.config.addresses.executor;
  const [events, timestamp] = await Promise.all([logs(chain, "IntentExecutor", executor), now(chain)]);
  const results = lastKeeperResults(events, (reason) => decodeReason(chain.config, reason));
  const tokens = new Map<string, { symbol: string; decimals: number }>();
  const tokenOf = async (address: Address) => {
    const key = address.toLowerCase();
    if (!tokens.has(key)) {
      const [symbol, decimals] = await Promise.all([
        read<string>(chain, "ERC20", address, "symbol").catch(() => address),
        read<number>(chain, "ERC20", address, "decimals").catch(() => 0),
      ]);
      tokens.set(key, { symbol, decimals: Number(decimals) });
    }
    return tokens.get(key) as { symbol: string; decimals: number };
  };
  const posted = events.filter((e) => e.eventName === "IntentPosted");
  const intents = await Promise.all(
    posted.map(async (e): Promise<PostedIntent> => {
      const hash = e.args.intentHash as Hex;
      const raw = e.args.intent as PaymentIntent;
      const intent = {
        ...raw,
        action: Number(raw.action),
        amountMode: Number(raw.amountMode),
        interval: Number(raw.interval),
        maxRuns: Number(raw.maxRuns),
        validAfter: Number(raw.validAfter),
        validUntil: Number(raw.validUntil),
      };
      const [[runs, lastRun, cancelled], nonceUsed, token] = await Promise.all([
        read<[number, number, boolean]>(chain, "IntentExecutor", executor, "intentState", [hash]),
        read<boolean>(chain, "IntentExecutor", executor, "nonceUsed", [intent.owner, intent.nonce]),
        tokenOf(intent.token),
      ]);
      const state = { runs: Number(runs), cancelled, nonceUsed };
      const finished = finishedReason(intent, state, Number(timestamp));
      return {
        hash,
        intent,
        runs: Number(runs),
        lastRun: Number(lastRun),
        nextRun: finished === undefined ? nextRunAt(intent, Number(runs), Number(lastRun)) : undefined,
        status: finished ?? "active",
        last: results.get(hash.toLowerCase()) ?? { kind: "none" },
        token,
      };
    }),
  );
  return { intents, now: Number(timestamp) };
}
