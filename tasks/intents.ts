import path from "node:path";
import { scope, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { MaxUint256, parseEther, ZeroAddress } from "ethers";

import { deployedAddresses, deployHint, deploymentBlock, FUTURE_IDS } from "../scripts/lib/addresses";
import { parseAddress as parseAddressFlag, parseWhole } from "../scripts/lib/args";
import { UserError } from "../scripts/lib/errors";
import { runAction } from "./run";

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
  json: boolean;
  state?: string;
  noState: boolean;
  timing: boolean;
  timingMargin: number;
  timingConfidence: string;
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
  .addFlag("json", "Print one JSON object per line")
  .addOptionalParam(
    "state",
    "File that keeps the keeper's index between runs (default: cache/keeper/<chain>-<executor>.json)",
  )
  .addFlag("noState", "Keep the index in memory only")
  .addFlag("timing", "Fee-optimal timing: wait for cheaper gas within each intent's window")
  .addOptionalParam(
    "timingMargin",
    "With --timing: run no later than this many seconds before a deadline",
    300,
    types.int,
  )
  .addOptionalParam("timingConfidence", "With --timing: how sure a cheaper moment must be to wait (0..1)", "0.9")
  .setAction(runAction(runKeeper));

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
  const poll = parseWhole(args.poll, "--poll", 1, 86_400);
  const chunk = parseWhole(args.chunk, "--chunk", 1, 200);
  let timing: { pollSeconds: number; marginSeconds: number; confidence: number } | undefined;
  if (args.timing) {
    const marginSeconds = parseWhole(args.timingMargin, "--timing-margin", 2 * poll, 30 * 86_400);
    const confidence = Number(args.timingConfidence);
    if (!/^0?\.\d+$/.test(args.timingConfidence.trim()) || !(confidence > 0 && confidence < 1))
      fail(`--timing-confidence must be a probability between 0 and 1 like 0.9, not "${args.timingConfidence}".`);
    timing = { pollSeconds: poll, marginSeconds, confidence };
  }

  const [signer] = await hre.ethers.getSigners();
  const statePath = args.noState
    ? undefined
    : (args.state ?? path.join(hre.config.paths.cache, "keeper", `${chainId}-${executorAddress.toLowerCase()}.json`));
  if (!args.json)
    console.log(
      `${new Date().toISOString()} Keeper ${signer.address} on ${hre.network.name}: executor ${executorAddress}, intents posted from block ` +
        `${fromBlock}, ${args.once ? "one pass" : `a pass every ${poll} s`}.`,
    );
  if (weth === undefined && !args.json)
    console.log("No --weth and no WETH in the deployment: every fee counts as worthless.");

  const keeper = new Keeper(IntentExecutor__factory.connect(executorAddress, signer), signer, fromBlock, {
    nativeToken: weth,
    chunkSize: chunk,
    minProfitWei,
    json: args.json,
    statePath,
    timing,
  });
  await keeper.run(poll, args.once);
}

function fail(message: string): never {
  throw new UserError(message);
}

interface CreateArgs {
  token: string;
  amount: string;
  amountMode: string;
  bps?: string;
  floor?: string;
  action: string;
  recipient?: string;
  maxFee: string;
  interval: number;
  maxRuns: number;
  validDays: number;
  condition?: string;
  conditionAsset?: string;
  threshold?: string;
  above: boolean;
  from: number;
  receiveToken?: string;
  minReceive?: string;
  maxSpend?: string;
  via?: string;
  poolFees?: string;
}

intents
  .task("create", "Build, sign and post a payment intent (keepers find it on-chain)")
  .addParam("token", "Token symbol (USDC, WBTC, WETH) or address")
  .addParam("amount", "Amount per run (percent and sweep: the most per run), in token units (e.g. 25.5)")
  .addOptionalParam("amountMode", "fixed | percent (of the balance) | sweep (all above a floor)", "fixed")
  .addOptionalParam("bps", "percent mode: basis points of the balance each run (2000 = 20 %)")
  .addOptionalParam("floor", "sweep mode: what stays in the wallet, in token units")
  .addOptionalParam("action", "pay | save | repay | swap-pay", "pay")
  .addOptionalParam("recipient", "Who receives a PAY or a swap-pay")
  .addOptionalParam("receiveToken", "swap-pay: the token the recipient receives (USDC, WBTC, WETH or address)")
  .addOptionalParam("minReceive", "swap-pay: the least the recipient receives per run, in receive-token units")
  .addOptionalParam(
    "maxSpend",
    "swap-pay exact output: --amount is what the recipient receives, this the most of --token sold per run",
  )
  .addOptionalParam("via", "swap-pay: tokens to route through, comma-separated (e.g. USDC)")
  .addOptionalParam("poolFees", "swap-pay: Uniswap fee tier per hop, comma-separated (default: the cheapest pool)")
  .addOptionalParam("maxFee", "Highest keeper fee per run, in token units", "0")
  .addOptionalParam("interval", "Seconds between runs; 0 = one-off", 0, types.int)
  .addOptionalParam("maxRuns", "Runs allowed (one-off: 1)", 1, types.int)
  .addOptionalParam("validDays", "Days the intent stays valid", 30, types.int)
  .addOptionalParam("condition", "price | health (none by default)")
  .addOptionalParam("conditionAsset", "price condition: the asset whose price is watched")
  .addOptionalParam("threshold", "price condition: USD price; health condition: health factor (e.g. 1.2)")
  .addFlag("above", "price condition: run when the price is above the threshold (default: below)")
  .addOptionalParam("from", "Signer index", 0, types.int)
  .setAction(
    runAction<CreateArgs>(async (args, hre) => {
      const { connectQuartet, resolveAsset } = await import("../scripts/lib/quartet");
      const lib = await import("../scripts/lib/intents");
      const { formatAmount } = await import("../scripts/lib/format");
      const q = await connectQuartet(hre);
      const { parseAddress, parseAmount, parseChoice, signerAt } = await import("../scripts/lib/args");
      const book = await import("../scripts/lib/intent-book");
      const signer = await signerAt(hre, args.from);
      const asset = resolveAsset(q, args.token);
      if (asset === undefined)
        throw new UserError(`Unknown token "${args.token}": use USDC, WBTC, WETH or a listed address.`);
      const actionName = parseChoice(args.action, ["pay", "save", "repay", "swap-pay"] as const, "--action");
      let action = {
        pay: lib.Action.PAY,
        save: lib.Action.SAVE,
        repay: lib.Action.REPAY,
        "swap-pay": lib.Action.SWAP_PAY,
      }[actionName];
      if (action === lib.Action.PAY && args.recipient === undefined) {
        throw new UserError("A pay intent needs --recipient <address>.");
      }
      if (action === lib.Action.SWAP_PAY && args.recipient === undefined) {
        throw new UserError("A swap-pay intent needs --recipient <address>.");
      }
      for (const flag of ["receiveToken", "minReceive", "maxSpend", "via", "poolFees"] as const) {
        if (action !== lib.Action.SWAP_PAY && args[flag] !== undefined) {
          const name = `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
          throw new UserError(`${name} goes with --action swap-pay.`);
        }
      }
      const recipient = args.recipient === undefined ? ZeroAddress : parseAddress(args.recipient, "--recipient");
      const decimals = Number(await asset.token.decimals());
      const swap =
        action === lib.Action.SWAP_PAY
          ? await (await import("./swap-args")).swapTerms(hre, q, args, { asset, decimals })
          : undefined;
      if (swap?.exactOut) action = lib.Action.SWAP_PAY_EXACT_OUT;
      // Exact output: --amount is what the recipient receives, in the receive token.
      const amountUnits = swap?.exactOut ? swap.receive : { symbol: asset.symbol, decimals };
      const amount = parseAmount(args.amount, amountUnits.decimals, { symbol: amountUnits.symbol });
      const rule = book.amountRule(args.amountMode, args, { symbol: asset.symbol, decimals });
      if (swap?.exactOut && rule.amountMode !== lib.AmountMode.FIXED) {
        throw new UserError("--max-spend (exact output) works with --amount-mode fixed only.");
      }
      const maxFee =
        args.maxFee === "0" ? 0n : parseAmount(args.maxFee, decimals, { flag: "--max-fee", symbol: asset.symbol });
      const latest = (await hre.ethers.provider.getBlock("latest"))!;
      const now = latest.timestamp;
      book.checkTerms(
        {
          amount: swap?.exactOut ? swap.swapLimit : amount,
          maxFee,
          interval: args.interval,
          maxRuns: args.maxRuns,
          validDays: args.validDays,
        },
        { symbol: asset.symbol, decimals, totalSupply: await asset.token.totalSupply() },
        now,
      );

      let condition = ZeroAddress;
      let conditionData = "0x";
      if (args.condition !== undefined) {
        if (args.threshold === undefined) throw new UserError("A condition needs --threshold.");
        if (args.condition === "price") {
          const watched = resolveAsset(q, args.conditionAsset ?? "");
          if (watched === undefined) throw new UserError("A price condition needs --condition-asset USDC|WBTC|WETH.");
          condition = q.book.priceCondition;
          conditionData = lib.priceConditionData(
            await watched.token.getAddress(),
            parseAmount(args.threshold, 18, { flag: "--threshold" }),
            args.above,
          );
        } else if (args.condition === "health") {
          condition = q.book.healthFactorCondition;
          conditionData = lib.healthFactorConditionData(parseAmount(args.threshold, 18, { flag: "--threshold" }));
          await book.checkHealthConditionGas(q.pool, q.executor, await signer.getAddress());
        } else {
          throw new UserError(`--condition must be price or health, not "${args.condition}".`);
        }
      }

      const executor = q.executor.connect(signer);
      const owner = await signer.getAddress();
      const chainId = (await hre.ethers.provider.getNetwork()).chainId;
      const created = await book.createIntent(
        executor,
        signer,
        asset.token.connect(signer),
        {
          owner,
          token: await asset.token.getAddress(),
          recipient,
          action,
          ...rule,
          amount,
          maxFee,
          interval: args.interval,
          maxRuns: args.maxRuns,
          validAfter: now,
          validUntil: now + args.validDays * 86_400,
          condition,
          conditionData,
          receiveToken: swap?.receiveToken ?? ZeroAddress,
          swapLimit: swap?.swapLimit ?? 0n,
          swapPath: swap?.swapPath ?? "0x",
        },
        {
          fromBlock: deploymentBlock(hre.config.paths.ignition, chainId, EXECUTOR_ID) ?? 0,
          toBlock: latest.number,
          now,
        },
      );
      if (created.allowanceAfter !== created.allowanceBefore) {
        const fmt = (v: bigint) => (v === MaxUint256 ? "unlimited" : formatAmount(v, decimals, decimals));
        console.log(`approved the executor to spend ${asset.symbol}`);
        console.log(
          `allowance raised from ${fmt(created.allowanceBefore)} to ${fmt(created.allowanceAfter)} ${asset.symbol}: what this intent can take, on top of your other intents'`,
        );
      }
      console.log(`posted ${created.hash}`);
      const fmtA = (v: bigint) => `${formatAmount(v, decimals, decimals)} ${asset.symbol}`;
      const what = swap === undefined ? lib.describeAmount(created.intent, fmtA) : swap.describe(created.intent, fmtA);
      console.log(
        `${args.action.toUpperCase()} ${what}, fee ≤ ${args.maxFee}, ${args.interval === 0 ? "one-off" : `every ${args.interval} s, ${args.maxRuns} runs`}, nonce ${created.intent.nonce}`,
      );
    }),
  );

intents
  .task("list", "Every posted intent with its state")
  .addOptionalParam("owner", "Only this owner's intents")
  .setAction(
    runAction<{ owner?: string }>(async (args, hre) => {
      const owner = args.owner === undefined ? undefined : parseAddressFlag(args.owner, "--owner");
      const { connectQuartet } = await import("../scripts/lib/quartet");
      const { discoverIntents, finishedReason } = await import("../scripts/lib/keeper");
      const { Action, describeAmount, isSwap, nextRunAt, AmountMode } = await import("../scripts/lib/intents");
      const { connectQuoter, describeSwap, quoteSwap, quoterAddress } = await import("../scripts/lib/swap");
      const { markdownTable, formatAmount } = await import("../scripts/lib/format");
      const { MockERC20__factory } = await import("../typechain-types");
      const q = await connectQuartet(hre);
      const chainId = (await hre.ethers.provider.getNetwork()).chainId;
      const fromBlock = deploymentBlock(hre.config.paths.ignition, chainId, EXECUTOR_ID) ?? 0;
      const latest = await hre.ethers.provider.getBlockNumber();
      const now = (await hre.ethers.provider.getBlock("latest"))!.timestamp;
      const posted = (await discoverIntents(q.executor, fromBlock, latest)).filter(
        (p) => owner === undefined || p.intent.owner.toLowerCase() === owner.toLowerCase(),
      );
      const rows = [];
      const tokenOf = async (address: string) => ({
        symbol: Object.entries(q.book).find(([, a]) => a.toLowerCase() === address.toLowerCase())?.[0] ?? address,
        // A posted intent may name any token: one without a readable `decimals` is shown in base units.
        decimals: await MockERC20__factory.connect(address, hre.ethers.provider)
          .decimals()
          .then(Number)
          .catch(() => 0),
      });
      // Swap intents show the pools' current quote, when the chain has a Uniswap v3 QuoterV2.
      const quoterAt = quoterAddress(
        hre.config.paths.ignition,
        hre.network.name,
        deployedAddresses(hre.config.paths.ignition, chainId),
      );
      const quoter = quoterAt === undefined ? undefined : connectQuoter(quoterAt, hre.ethers.provider);
      let unquoted = false;
      for (const p of posted) {
        const { symbol, decimals } = await tokenOf(p.intent.token);
        const [runs, lastRun] = await q.executor.intentState(p.hash);
        const finished = await finishedReason(q.executor, p, now);
        const next = finished === undefined ? nextRunAt(p.intent, Number(runs), Number(lastRun)) : undefined;
        const fmt = (v: bigint) => `${formatAmount(v, decimals)} ${symbol.toUpperCase()}`;
        let amount = p.intent.amountMode === AmountMode.FIXED ? fmt(p.intent.amount) : describeAmount(p.intent, fmt);
        if (isSwap(p.intent.action)) {
          const out = await tokenOf(p.intent.receiveToken);
          const fmtOut = (v: bigint) => `${formatAmount(v, out.decimals)} ${out.symbol.toUpperCase()}`;
          amount = describeSwap(p.intent, fmt, fmtOut);
          const quote = quoter === undefined ? undefined : await quoteSwap(quoter, p.intent);
          if (quote !== undefined) {
            amount += `, now ≈ ${p.intent.action === Action.SWAP_PAY_EXACT_OUT ? fmt(quote) : fmtOut(quote)}`;
          } else unquoted = true;
        }
        rows.push([
          `${p.hash.slice(0, 10)}…`,
          `${p.intent.owner.slice(0, 8)}…`,
          ["PAY", "SAVE", "REPAY", "SWAP_PAY", "SWAP_PAY_EXACT_OUT"][p.intent.action] ?? "?",
          ["fixed", "percent", "sweep"][p.intent.amountMode] ?? "?",
          next === undefined ? "—" : next <= now ? "now" : new Date(next * 1000).toISOString().replace(".000", ""),
          amount,
          p.intent.interval === 0 ? "one-off" : `${runs}/${p.intent.maxRuns} every ${p.intent.interval}s`,
          finished ?? "active",
        ]);
      }
      console.log(
        rows.length === 0
          ? "No posted intents."
          : markdownTable(["intent", "owner", "action", "mode", "next run", "amount", "runs", "state"], rows),
      );
      if (unquoted) {
        console.log(
          quoter === undefined
            ? `No Uniswap v3 quoter known on ${hre.network.name}: swap quotes skipped.`
            : "Some swaps have no quote (no pool or no liquidity on their path): they cannot run now.",
        );
      }
    }),
  );

intents
  .task("cancel", "Cancel one of your posted intents")
  .addParam("hash", "The intent's hash (as printed by `intents create` or `intents list`)")
  .addOptionalParam("from", "Signer index", 0, types.int)
  .setAction(
    runAction<{ hash: string; from: number }>(async ({ hash, from }, hre) => {
      const { connectQuartet } = await import("../scripts/lib/quartet");
      const { signerAt } = await import("../scripts/lib/args");
      const { discoverIntents } = await import("../scripts/lib/keeper");
      const q = await connectQuartet(hre);
      const chainId = (await hre.ethers.provider.getNetwork()).chainId;
      const fromBlock = deploymentBlock(hre.config.paths.ignition, chainId, EXECUTOR_ID) ?? 0;
      const { matchPosted, checkCancellable } = await import("../scripts/lib/intent-book");
      const latest = (await hre.ethers.provider.getBlock("latest"))!;
      const posted = matchPosted(await discoverIntents(q.executor, fromBlock, latest.number), hash);
      await checkCancellable(q.executor, posted, latest.timestamp);
      const signer = await signerAt(hre, from);
      if ((await signer.getAddress()).toLowerCase() !== posted.intent.owner.toLowerCase()) {
        throw new UserError(
          `Only the owner ${posted.intent.owner} may cancel this intent: pass --from <their signer index>.`,
        );
      }
      await (await q.executor.connect(signer).cancel(posted.intent)).wait();
      console.log(`cancelled ${posted.hash}`);
    }),
  );
