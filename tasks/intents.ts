import { scope, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { parseEther } from "ethers";

import { deployedAddresses, deployHint, deploymentBlock, FUTURE_IDS } from "../scripts/lib/addresses";

/** Ignition future ids the keeper looks up in the chain's deployment. */
const EXECUTOR_ID = FUTURE_IDS.executor;
const WETH_ID = FUTURE_IDS.weth;

interface KeeperArgs {
  once: boolean;
  fromBlock?: number;
  poll: number;
  chunk: number;
  executor?: string;
  weth?: string;
  minProfit: string;
}

const intents = scope("intents", "Intent payments");

intents
  .task("keeper", "Executes posted intents whose fee is worth more than their gas (and L1 data fee)")
  .addFlag("once", "Make a single pass and exit")
  .addOptionalParam(
    "fromBlock",
    "First block to scan for IntentPosted (default: the executor's deployment block)",
    undefined,
    types.int,
  )
  .addOptionalParam("poll", "Seconds between passes", 15, types.int)
  .addOptionalParam("chunk", "Intents per executeBatch transaction", 20, types.int)
  .addOptionalParam("executor", "IntentExecutor address (default: this chain's Ignition deployment)")
  .addOptionalParam(
    "weth",
    "Token whose oracle price converts fees into the native currency (default: the deployment's WETH)",
  )
  .addOptionalParam("minProfit", "Least profit per intent worth executing, in ether", "0")
  .setAction(runKeeper);

async function runKeeper(args: KeeperArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  // Loaded here, not at the top: they need the typechain typings, which a fresh clone only has after compiling.
  const { Keeper } = await import("../scripts/lib/keeper");
  const { IntentExecutor__factory } = await import("../typechain-types");

  const { provider } = hre.ethers;
  const chainId = (await provider.getNetwork()).chainId;
  const book = deployedAddresses(hre.config.paths.ignition, chainId);
  const executorAddress = args.executor ?? book[EXECUTOR_ID];
  if (executorAddress === undefined)
    fail(
      `No IntentExecutor deployed on ${hre.network.name} (chain ${chainId}): ${deployHint(hre.network.name)}, or pass --executor <address>.`,
    );
  if ((await provider.getCode(executorAddress)) === "0x")
    fail(
      `No contract at ${executorAddress} on ${hre.network.name}: check --executor, or redeploy (a restarted node forgets).`,
    );
  const weth = args.weth ?? book[WETH_ID];
  let minProfitWei: bigint;
  try {
    minProfitWei = parseEther(args.minProfit);
  } catch {
    fail(`--min-profit must be an amount of ether like 0.0001, not "${args.minProfit}".`);
  }
  const fromBlock = args.fromBlock ?? deploymentBlock(hre.config.paths.ignition, chainId, EXECUTOR_ID) ?? 0;

  const [signer] = await hre.ethers.getSigners();
  console.log(
    `Keeper ${signer.address} on ${hre.network.name}: executor ${executorAddress}, intents posted from block ` +
      `${fromBlock}, ${args.once ? "one pass" : `a pass every ${args.poll} s`}.`,
  );
  if (weth === undefined) console.log("No --weth and no WETH in the deployment: every fee counts as worthless.");

  const keeper = new Keeper(IntentExecutor__factory.connect(executorAddress, signer), signer, fromBlock, {
    nativeToken: weth,
    chunkSize: args.chunk,
    minProfitWei,
  });
  await keeper.run(args.poll, args.once);
}

function fail(message: string): never {
  console.error(`Error: ${message}`);
  process.exit(1);
}
