import { scope, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { parseAmount, parseWhole } from "../scripts/lib/args";
import { UserError } from "../scripts/lib/errors";
import { formatDuration, formatTimestamp, formatUsd } from "../scripts/lib/format";
import { isLocalChain, remoteNetwork } from "../scripts/lib/networks";
import { describeTx, mined } from "../scripts/lib/tx";
import { runAction } from "./run";

// Actions import typechain-dependent modules lazily: typechain-types does not exist before a compile.
const quartetLib = () => import("../scripts/lib/quartet");
const feedFactory = async () =>
  (await import("../typechain-types/factories/@chainlink/contracts/src/v0.8/tests/MockV3Aggregator__factory"))
    .MockV3Aggregator__factory;

/** Most blocks `dev mine` mines at once. */
const MAX_BLOCKS = 1_000_000;

const UNIT_SECONDS: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };

/**
 * A duration: plain seconds ("3600") or whole amounts of w, d, h, m and s in that order ("1d", "90m", "1d6h", "2h30m").
 * Anything else is a one-line UserError naming the accepted forms.
 */
export function parseDuration(input: string, flag = "--advance"): number {
  const text = input.trim().toLowerCase();
  const match = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  let seconds = Number.NaN;
  if (/^\d+$/.test(text)) seconds = Number(text);
  else if (match !== null && text !== "") {
    seconds = ["w", "d", "h", "m", "s"].reduce(
      (sum, unit, i) => sum + Number(match[i + 1] ?? 0) * UNIT_SECONDS[unit],
      0,
    );
  }
  if (!Number.isSafeInteger(seconds) || seconds < 1) {
    throw new UserError(`${flag} must be a duration like 3600, 90s, 5m, 6h, 1d, 2w or 1d6h (got "${input}").`);
  }
  return seconds;
}

/**
 * Dev tasks change a local node's prices and clock: they stop with one line on a real network (before connecting)
 * and on the in-process network (which forgets everything when the command ends).
 */
async function localOnly(hre: HardhatRuntimeEnvironment): Promise<void> {
  const remote = remoteNetwork(hre.network.name);
  if (remote !== undefined) {
    throw new UserError(
      `dev tasks only run on a local node: ${remote.name} is a real network (use --network localhost).`,
    );
  }
  if (hre.network.name === "hardhat") {
    throw new UserError(
      "The in-process hardhat network forgets everything when the command ends: start `npm run node` and use --network localhost.",
    );
  }
  const { chainId } = await hre.ethers.provider.getNetwork();
  if (!isLocalChain(chainId)) {
    throw new UserError(
      `dev tasks only run on a local node (chain 31337): ${hre.network.name} answers for chain ${chainId}.`,
    );
  }
}

async function latestBlock(hre: HardhatRuntimeEnvironment): Promise<{ number: number; timestamp: number }> {
  const block = await hre.ethers.provider.getBlock("latest");
  if (block === null) throw new Error("The node returned no latest block.");
  return block;
}

const dev = scope("dev", "Local nodes only: set a mock price, move time forward, mine blocks");

dev
  .task("price", "Set an asset's mock Chainlink feed to a USD price (e.g. to make an account liquidatable)")
  .addParam("asset", "USDC, WBTC, WETH or a listed token's address")
  .addParam("usd", "the new price in US dollars, e.g. 50000 or 0.998")
  .setAction(
    runAction<{ asset: string; usd: string }>(async (args, hre) => {
      await localOnly(hre);
      const { connectQuartet, listedAsset } = await quartetLib();
      const q = await connectQuartet(hre);
      const asset = await listedAsset(q, args.asset);
      const { feed: feedAddress } = await q.oracle.feedOf(asset.address);
      const feed = (await feedFactory()).connect(feedAddress, (await hre.ethers.getSigners())[0]);
      const decimals = Number(await feed.decimals());
      const answer = parseAmount(args.usd, decimals, {
        flag: "--usd",
        symbol: `the ${asset.symbol} feed`,
        allowZero: true,
      });
      if (answer >= 2n ** 255n)
        throw new UserError(`--usd ${args.usd} is more than a Chainlink answer (int256) holds.`);
      const before = await q.oracle.price(asset.address).catch(() => undefined);
      const receipt = await mined(feed.updateAnswer(answer));
      const after = await q.oracle.price(asset.address).catch(() => undefined);
      const shown = (price: bigint | undefined) => (price === undefined ? "no valid price" : formatUsd(price, 4));
      console.log(`${asset.symbol}: ${shown(before)} → ${shown(after)} (feed ${feedAddress}): ${describeTx(receipt)}`);
    }),
  );

dev
  .task("time", "Move the node's clock forward and mine a block (and keep the mock prices fresh)")
  .addParam("advance", "how far: seconds, or 90s, 5m, 6h, 1d, 2w, 1d6h")
  .addFlag("stalePrices", "leave the mock price feeds aging (by default their answers are re-posted)")
  .setAction(
    runAction<{ advance: string; stalePrices: boolean }>(async (args, hre) => {
      const seconds = parseDuration(args.advance);
      await localOnly(hre);
      const start = await latestBlock(hre);
      await hre.network.provider.send("evm_increaseTime", [seconds]);
      await hre.network.provider.send("evm_mine", []);
      const end = await latestBlock(hre);
      console.log(
        `Time: ${formatTimestamp(start.timestamp)} → ${formatTimestamp(end.timestamp)} (+${formatDuration(seconds)}), block ${end.number}`,
      );
      if (args.stalePrices) return;
      // Feeds older than their heartbeat make the pool refuse prices: re-post each mock answer at the new time.
      const { connectQuartet } = await quartetLib();
      let q;
      try {
        q = await connectQuartet(hre);
      } catch (error) {
        if (error instanceof UserError) return; // no Quartet deployment: only the clock moves
        throw error;
      }
      const factory = await feedFactory();
      const refreshed: string[] = [];
      for (const asset of await q.pool.assets()) {
        const { feed: address } = await q.oracle.feedOf(asset);
        const feed = factory.connect(address, q.pool.runner);
        await mined(feed.updateAnswer(await feed.latestAnswer()));
        refreshed.push(await q.erc20(asset).symbol());
      }
      if (refreshed.length > 0) {
        console.log(
          `Re-posted the ${refreshed.join(", ")} mock prices so they stay fresh (--stale-prices leaves them aging).`,
        );
      }
    }),
  );

dev
  .task("mine", "Mine blocks on the node (one second apart)")
  .addOptionalParam("blocks", "how many blocks", 1, types.int)
  .setAction(
    runAction<{ blocks: number }>(async (args, hre) => {
      const blocks = parseWhole(args.blocks, "--blocks", 1, MAX_BLOCKS);
      await localOnly(hre);
      // The interval explicitly: Hardhat's default is one second, anvil's gives every block the same timestamp.
      await hre.network.provider.send("hardhat_mine", [`0x${blocks.toString(16)}`, "0x1"]);
      const end = await latestBlock(hre);
      console.log(
        `Mined ${blocks} block${blocks === 1 ? "" : "s"}: now block ${end.number} at ${formatTimestamp(end.timestamp)}`,
      );
    }),
  );
