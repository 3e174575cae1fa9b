import fs from "node:fs";
import path from "node:path";
import { Contract, ZeroAddress, type ContractRunner } from "ethers";
import QuoterV2 from "@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json";

import { Action, AmountMode, describeAmount, type PaymentIntent } from "./intents";

/** The Ignition future id of the local chain's QuoterV2 (deploy/modules/LocalUniswap.ts). */
export const LOCAL_QUOTER_ID = "LocalUniswap#QuoterV2";

/** Uniswap v3 fee tiers, in the order `poolFee` tries them. */
export const FEE_TIERS = [500, 3000, 10_000, 100] as const;

const FACTORY_ABI = ["function getPool(address,address,uint24) view returns (address)"];

/**
 * The chain's Uniswap v3 QuoterV2: the local deployment's (in the address book), or the official one the network's
 * parameters name (`Quartet.uniswapQuoterV2`); undefined when neither exists.
 */
export function quoterAddress(
  ignitionDir: string,
  networkName: string,
  deployed: Record<string, string>,
): string | undefined {
  if (deployed[LOCAL_QUOTER_ID] !== undefined) return deployed[LOCAL_QUOTER_ID];
  try {
    const file = path.join(ignitionDir, "parameters", `${networkName}.json`);
    const parameters = JSON.parse(fs.readFileSync(file, "utf8")) as { Quartet?: { uniswapQuoterV2?: unknown } };
    const quoter = parameters.Quartet?.uniswapQuoterV2;
    return typeof quoter === "string" ? quoter : undefined;
  } catch {
    return undefined;
  }
}

/** QuoterV2 at `address`. */
export function connectQuoter(address: string, runner: ContractRunner): Contract {
  return new Contract(address, QuoterV2.abi, runner);
}

/** The lowest fee tier with a pool of `a` and `b`, found through the quoter's factory; undefined when none. */
export async function poolFee(quoter: Contract, a: string, b: string): Promise<number | undefined> {
  const factory = new Contract((await quoter.factory()) as string, FACTORY_ABI, quoter.runner);
  for (const fee of FEE_TIERS) {
    if (((await factory.getPool(a, b, fee)) as string) !== ZeroAddress) return fee;
  }
  return undefined;
}

/**
 * What a swap intent's run would give at the pools' current prices (QuoterV2, simulated): SWAP_PAY, the receive
 * token the recipient would get for `amount`; SWAP_PAY_EXACT_OUT, the token the owner would sell for `amount`.
 * Undefined when the quoter cannot quote it (no pool, no liquidity).
 */
export async function quoteSwap(
  quoter: Contract,
  intent: Pick<PaymentIntent, "action" | "amount" | "swapPath">,
): Promise<bigint | undefined> {
  try {
    const fn = intent.action === Action.SWAP_PAY_EXACT_OUT ? "quoteExactOutput" : "quoteExactInput";
    const [amount] = (await quoter[fn].staticCall(intent.swapPath, intent.amount)) as [bigint];
    return amount;
  } catch {
    return undefined;
  }
}

/**
 * A swap intent's terms in words: SWAP_PAY "3000 USDC → ≥ 0.99 WETH" (the amount rule, then the signed minimum),
 * SWAP_PAY_EXACT_OUT "100 USDC for ≤ 0.04 WETH" (what the recipient receives, then the most sold). `fmtIn` prints
 * the token sold, `fmtOut` the token received.
 */
export function describeSwap(
  intent: Pick<PaymentIntent, "action" | "amountMode" | "amount" | "amountParam" | "swapLimit">,
  fmtIn: (v: bigint) => string,
  fmtOut: (v: bigint) => string,
  { ascii = false }: { ascii?: boolean } = {},
): string {
  // The keeper prints ASCII only (it sanitizes everything else away).
  const [arrow, atLeast, atMost] = ascii ? ["->", ">=", "<="] : ["→", "≥", "≤"];
  if (intent.action === Action.SWAP_PAY_EXACT_OUT) {
    return `${fmtOut(intent.amount)} for ${atMost} ${fmtIn(intent.swapLimit)}`;
  }
  // A balance-following run may sell less than the maximum: its minimum is the signed one pro rata (a price floor).
  const proRata = intent.amountMode === AmountMode.FIXED ? "" : " (pro rata of the max)";
  return `${describeAmount(intent, fmtIn)} ${arrow} ${atLeast} ${fmtOut(intent.swapLimit)}${proRata}`;
}
