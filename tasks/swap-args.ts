import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ZeroAddress } from "ethers";

import { deployedAddresses } from "../scripts/lib/addresses";
import { parseAmount } from "../scripts/lib/args";
import { UserError } from "../scripts/lib/errors";
import { encodeSwapPath, type PaymentIntent } from "../scripts/lib/intents";
import type { Quartet } from "../scripts/lib/quartet";
import { connectQuoter, describeSwap, FEE_TIERS, poolFee, quoterAddress } from "../scripts/lib/swap";
import { formatAmount } from "../scripts/lib/format";

/** The swap flags of `intents create`. */
export interface SwapFlags {
  receiveToken?: string;
  minReceive?: string;
  maxSpend?: string;
  via?: string;
  poolFees?: string;
}

/**
 * The swap fields of a swap-pay intent from `intents create`'s flags: the receive token, the signed bound
 * (--min-receive, or --max-spend for exact output) and the Uniswap v3 path (through --via, over --pool-fees or the
 * cheapest pool of each hop the chain's quoter knows). Every mistake is one line.
 */
export async function swapTerms(
  hre: HardhatRuntimeEnvironment,
  q: Quartet,
  flags: SwapFlags,
  sold: { asset: { symbol: string; token: { getAddress(): Promise<string> } }; decimals: number },
) {
  const { resolveAsset } = await import("../scripts/lib/quartet");
  if ((await q.executor.swapAdapter()) === ZeroAddress) {
    throw new UserError(
      `The executor on ${hre.network.name} has no swap adapter (this network has no Uniswap v3 router in its parameters, or governance removed it): swap-pay intents cannot run here.`,
    );
  }
  const receive = resolveAsset(q, flags.receiveToken ?? "");
  if (receive === undefined) throw new UserError("A swap-pay intent needs --receive-token USDC|WBTC|WETH.");
  if ((flags.minReceive === undefined) === (flags.maxSpend === undefined)) {
    throw new UserError(
      "A swap-pay intent needs --min-receive <least the recipient gets per run> or, for exact output, --max-spend <most you sell per run>.",
    );
  }
  const exactOut = flags.maxSpend !== undefined;
  const tokenIn = await sold.asset.token.getAddress();
  const tokenOut = await receive.token.getAddress();
  if (tokenIn.toLowerCase() === tokenOut.toLowerCase()) {
    throw new UserError("--receive-token must differ from --token: a swap-pay sells one token for another.");
  }
  const receiveDecimals = Number(await receive.token.decimals());
  const swapLimit = exactOut
    ? parseAmount(flags.maxSpend!, sold.decimals, { flag: "--max-spend", symbol: sold.asset.symbol })
    : parseAmount(flags.minReceive!, receiveDecimals, { flag: "--min-receive", symbol: receive.symbol });

  const via: string[] = [];
  for (const hop of (flags.via ?? "").split(",").filter((s) => s.trim() !== "")) {
    const asset = resolveAsset(q, hop.trim());
    if (asset === undefined) throw new UserError(`Unknown --via token "${hop.trim()}": use USDC, WBTC or WETH.`);
    via.push(await asset.token.getAddress());
  }
  const tokens = [tokenIn, ...via, tokenOut];
  if (tokens.length > 4) throw new UserError("A swap path has at most 3 hops: name at most 2 --via tokens.");
  let fees: number[];
  if (flags.poolFees !== undefined) {
    fees = flags.poolFees.split(",").map((s) => Number(s.trim()));
    if (fees.length !== tokens.length - 1 || fees.some((fee) => !(FEE_TIERS as readonly number[]).includes(fee))) {
      throw new UserError(
        `--pool-fees needs one fee tier per hop (${tokens.length - 1} here) out of ${FEE_TIERS.join(", ")}, like 500 or 3000,500.`,
      );
    }
  } else {
    const chainId = (await hre.ethers.provider.getNetwork()).chainId;
    const at = quoterAddress(
      hre.config.paths.ignition,
      hre.network.name,
      deployedAddresses(hre.config.paths.ignition, chainId),
    );
    if (at === undefined) {
      throw new UserError(`No Uniswap v3 quoter known on ${hre.network.name}: pass --pool-fees (e.g. 500).`);
    }
    const quoter = connectQuoter(at, hre.ethers.provider);
    fees = [];
    for (let i = 0; i + 1 < tokens.length; i++) {
      const fee = await poolFee(quoter, tokens[i], tokens[i + 1]);
      if (fee === undefined) {
        throw new UserError(
          `No Uniswap v3 pool between hop ${i + 1}'s tokens on ${hre.network.name}: route through another token with --via, or pass --pool-fees.`,
        );
      }
      fees.push(fee);
    }
  }
  // Exact output: Uniswap reads the path from the token bought back to the token sold.
  const swapPath = exactOut ? encodeSwapPath([...tokens].reverse(), [...fees].reverse()) : encodeSwapPath(tokens, fees);
  const fmtOut = (v: bigint) => `${formatAmount(v, receiveDecimals, receiveDecimals)} ${receive.symbol}`;
  return {
    exactOut,
    receive: { symbol: receive.symbol, decimals: receiveDecimals },
    receiveToken: tokenOut,
    swapLimit,
    swapPath,
    describe: (intent: PaymentIntent, fmtIn: (v: bigint) => string) => describeSwap(intent, fmtIn, fmtOut),
  };
}
