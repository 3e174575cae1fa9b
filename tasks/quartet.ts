import fs from "node:fs";
import path from "node:path";
import { scope } from "hardhat/config";
import { HardhatError } from "hardhat/internal/core/errors";
import { ERRORS } from "hardhat/internal/core/errors-list";
import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { isLocalChain, remoteNetwork } from "../scripts/lib/networks";
import { UserError } from "../scripts/lib/errors";
import {
  formatAmount,
  formatBps,
  formatDuration,
  formatEth,
  formatGas,
  formatGwei,
  markdownTable,
} from "../scripts/lib/format";
import { ROLES, TIMELOCK_ROLES, type RoleName } from "../scripts/lib/roles";
import { networkUrl, unreachableLine } from "./cli-errors";
import { REMOTE_CONFIRMATIONS } from "./network-guard";
import { runAction } from "./run";

/** The chain id a misconfigured RPC answered with, from Hardhat's HH101 error anywhere in `error`'s causes. */
function wrongChainId(error: unknown): string | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
    if (HardhatError.isHardhatErrorType(current, ERRORS.NETWORK.INVALID_GLOBAL_CHAIN_ID)) {
      return String(current.messageArguments.connectionChainId);
    }
    current = (current as { cause?: unknown; error?: unknown }).cause ?? (current as { error?: unknown }).error;
  }
  return undefined;
}

/** How often Ignition asks a local node for a new block. */
const LOCAL_BLOCK_POLLING_MS = 100;

const quartet = scope("quartet", "Deploy Quartet, verify it, and see its state");

quartet
  .task("deploy", "Deploy (or resume) the whole protocol on the selected network")
  .addFlag("estimateOnly", "print the cost estimate and stop")
  .addFlag("reset", "local chains only: discard the chain's journal and deploy everything afresh")
  .setAction(
    runAction<{ estimateOnly: boolean; reset: boolean }>(async ({ estimateOnly, reset }, hre) => {
      if (reset && remoteNetwork(hre.network.name) !== undefined) {
        throw new UserError(
          `--reset only runs on local chains: the journal of ${hre.network.name} is its address book (move it aside yourself to start over).`,
        );
      }
      // The RPC first: a node that is down is one line now, not after a minute of compiling.
      const chainId = await connectedChainId(hre);
      const local = isLocalChain(chainId);
      const parametersFile = path.join(
        hre.config.paths.ignition,
        "parameters",
        local ? "local.json" : `${hre.network.name}.json`,
      );
      if (!fs.existsSync(parametersFile)) {
        throw new UserError(
          `No deployment parameters for ${hre.network.name}: create ${path.relative(hre.config.paths.root, parametersFile)}.`,
        );
      }
      if (reset && !local) {
        throw new UserError(`--reset only runs on local chains: ${hre.network.name} is chain ${chainId}.`);
      }

      const { secretBallotHouses, SECRET_BALLOT_VAR } = await import("../deploy/modules/ballot");
      let secret: ReturnType<typeof secretBallotHouses>;
      try {
        secret = secretBallotHouses();
      } catch (error) {
        throw new UserError((error as Error).message);
      }

      // Ignition and the cost estimate read artifacts: make sure they exist (a fresh clone has none).
      await hre.run("compile", { quiet: true });
      const { allFutures, estimateDeployment } = await import("../scripts/lib/deploy-cost");
      const { contractsWithoutCode, deploymentDir } = await import("../scripts/lib/addresses");
      const parameters = JSON.parse(fs.readFileSync(parametersFile, "utf8")) as Record<string, unknown>;
      // EAS: the parameters name the published EAS (OP/Base predeploys, Arbitrum's and Scroll's published addresses);
      // without them (local chains, Linea Sepolia) the Social module deploys EAS from the npm package's artifacts.
      const { EAS_SOURCE_VAR, easSource } = await import("../deploy/modules/eas");
      const social = parameters.Social as { eas?: string } | undefined;
      process.env[EAS_SOURCE_VAR] ??= social?.eas !== undefined ? "published" : "deploy";
      try {
        easSource();
      } catch (error) {
        throw new UserError((error as Error).message);
      }
      // Testnets with Chainlink feeds name them under "Quartet"; everything else gets the mock feeds.
      // The intents' swap adapter needs the network's official Uniswap v3 SwapRouter02 (local chains deploy their own).
      const testnet = parameters.Quartet as Record<string, unknown> | undefined;
      const swapRouter = testnet?.uniswapSwapRouter02;
      const module =
        testnet !== undefined
          ? (await import("../deploy/modules/Quartet")).quartetModule({ swap: typeof swapRouter === "string" })
          : (await import("../deploy/modules/LocalQuartet")).default;

      // The in-process network keeps no journal; every other network resumes its own.
      const dir = deploymentDir(hre.config.paths.ignition, chainId);
      const shownDir = path.relative(hre.config.paths.root, dir);
      const journaled = hre.network.name !== "hardhat" && fs.existsSync(dir);
      if (journaled && reset) {
        fs.rmSync(dir, { recursive: true, force: true });
        console.log(`--reset: discarded ${shownDir}; deploying afresh.`);
      } else if (journaled) {
        const stale = await contractsWithoutCode(hre, chainId);
        if (stale.length > 0 && !local) {
          throw new UserError(
            `${stale.length} contracts of ${shownDir} have no code on ${hre.network.name} (chain ${chainId}): check the RPC URL (the journal is left as it is).`,
          );
        }
        if (stale.length > 0) {
          fs.rmSync(dir, { recursive: true, force: true });
          console.log(`${shownDir} describes a chain this node no longer has (it was restarted): deploying afresh.`);
        }
      }
      const done =
        hre.network.name !== "hardhat" && fs.existsSync(dir) ? await finishedFutures(dir) : new Set<string>();
      const futures = [...allFutures(module)];
      if (futures.every((f) => done.has(f.id))) {
        console.log(
          `Nothing new to deploy: ${module.id} is deployed on ${hre.network.name} (chain ${chainId}); addresses in ${shownDir}/deployed_addresses.json.`,
        );
        return;
      }

      const [deployer] = await hre.ethers.getSigners();
      const balance = await hre.ethers.provider.getBalance(deployer.address);
      const estimate = await estimateDeployment(hre, module, done);
      console.log(`network      ${hre.network.name} (chain ${chainId})`);
      console.log(`module       ${module.id} with ${path.relative(hre.config.paths.root, parametersFile)}`);
      if (secret.token || secret.citizens) {
        const houses = [secret.token ? "token house" : "", secret.citizens ? "Citizens' House" : ""].filter(Boolean);
        console.log(`secret ballot ${houses.join(" and ")} (${SECRET_BALLOT_VAR})`);
      }
      if (done.size > 0) console.log(`resuming     ${done.size} of ${futures.length} steps done in ${shownDir}`);
      if (testnet !== undefined) {
        console.log(
          typeof swapRouter === "string"
            ? `swap-pay     Uniswap v3 SwapRouter02 ${swapRouter}`
            : `swap-pay     none: ${path.relative(hre.config.paths.root, parametersFile)} names no Quartet.uniswapSwapRouter02, so no swap adapter is deployed (SWAP_PAY intents revert SwapAdapterNotSet until governance sets one)`,
        );
      }
      console.log(`deployer     ${deployer.address}`);
      console.log(`balance      ${formatEth(balance)}`);
      console.log(
        `estimate     ${formatEth(estimate.total)} (${estimate.contracts} contracts, ${estimate.calls} calls, ` +
          `${formatGas(estimate.gas)} gas at ${formatGwei(estimate.gasPrice)} + L1 data fee ${formatEth(estimate.l1DataFee)})`,
      );
      if (balance < estimate.total) {
        throw new UserError(
          `The deployer has ${formatEth(balance)} but the deployment may cost up to ${formatEth(estimate.total)}: fund ${deployer.address} (testnet faucet) and run again.`,
        );
      }
      if (estimateOnly) return;

      const deploymentId = `chain-${chainId}`;
      await hre.ignition.deploy(module, {
        parameters: parametersFile,
        deploymentId,
        displayUi: true,
        // A local node mines each transaction at once: poll for it every 100 ms instead of Ignition's 1 s default,
        // which made a local deployment spend most of its ~30 s waiting.
        config: local
          ? { requiredConfirmations: 1, blockPollingInterval: LOCAL_BLOCK_POLLING_MS }
          : { requiredConfirmations: REMOTE_CONFIRMATIONS },
      });
      if (hre.network.name === "hardhat") {
        console.log(
          "Deployed on the in-process network, which ends with this command: use --network localhost to keep it.",
        );
      } else {
        console.log(`Addresses: ${shownDir}/deployed_addresses.json`);
      }
    }),
  );

/** The futures an Ignition journal records as finished. */
async function finishedFutures(dir: string): Promise<Set<string>> {
  const { status } = await import("@nomicfoundation/ignition-core");
  try {
    return new Set((await status(dir)).successful);
  } catch {
    // An unreadable or empty journal: Ignition itself will say what is wrong with it.
    return new Set();
  }
}

/**
 * The chain id the selected network's RPC answers with, checked against the configured one, or a one-line UserError:
 * the node is down (with the URL tried and how to start it) or the RPC belongs to another chain.
 */
async function connectedChainId(hre: HardhatRuntimeEnvironment): Promise<bigint> {
  const remote = remoteNetwork(hre.network.name);
  let chainId: bigint;
  try {
    chainId = (await hre.ethers.provider.getNetwork()).chainId;
  } catch (error) {
    // Hardhat checks the configured chain id on the first request (HH101): the RPC is another chain's.
    const actual = wrongChainId(error);
    if (actual !== undefined) {
      throw new UserError(
        `The ${remote?.name ?? hre.network.name} RPC answers for chain ${actual}, not ${remote?.chainId ?? hre.network.config.chainId}: check ${remote?.rpcUrlVar ?? "LOCALHOST_RPC_URL"}.`,
      );
    }
    throw new UserError(unreachableLine(hre.network.name, networkUrl(hre, hre.network.name)));
  }
  if (remote !== undefined && BigInt(remote.chainId) !== chainId) {
    throw new UserError(
      `The ${remote.name} RPC answers for chain ${chainId}, not ${remote.chainId}: check ${remote.rpcUrlVar}.`,
    );
  }
  return chainId;
}

quartet.task("verify", "Verify every deployed contract on the network's explorers").setAction(
  runAction(async (_, hre) => {
    const chainId = (await hre.ethers.provider.getNetwork()).chainId;
    if (isLocalChain(chainId)) throw new UserError("Local chains have no block explorer: verify on a testnet.");
    await hre.run({ scope: "ignition", task: "verify" }, { deploymentId: `chain-${chainId}` });
  }),
);

quartet.task("status", "Every contract address, role holder and key parameter on one screen").setAction(
  runAction(async (_, hre) => {
    const { connectQuartet } = await import("../scripts/lib/quartet");
    const { firstDeploymentBlock } = await import("../scripts/lib/addresses");
    const { accessManagerRoleMembers, timelockRoleMembers } = await import("../scripts/lib/access");
    const q = await connectQuartet(hre);
    const fromBlock = await firstDeploymentBlock(hre);
    const network = await hre.ethers.provider.getNetwork();
    const names = new Map(Object.entries(q.book).map(([name, address]) => [address.toLowerCase(), name]));
    const who = (address: string) =>
      address === ZeroAddress ? "anyone" : `${names.get(address.toLowerCase()) ?? "account"} ${address}`;

    console.log(`Quartet on ${hre.network.name} (chain ${network.chainId}), deployed from block ${fromBlock}`);
    console.log();
    console.log(markdownTable(["contract", "address"], Object.entries(q.book)));

    console.log();
    const roleRows: string[][] = [];
    for (const [role, id] of Object.entries(ROLES) as [RoleName, bigint][]) {
      const [members, admin] = await Promise.all([
        accessManagerRoleMembers(q.accessManager, id, fromBlock),
        q.accessManager.getRoleAdmin(id),
      ]);
      const adminName = (Object.keys(ROLES) as RoleName[]).find((r) => ROLES[r] === admin) ?? `${admin}`;
      roleRows.push([`${role} (${id})`, adminName, members.size === 0 ? "nobody" : [...members].map(who).join(", ")]);
    }
    for (const [label, timelock] of [
      ["timelock", q.timelock],
      ["citizensTimelock", q.citizensTimelock],
    ] as const) {
      for (const role of ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE", "DEFAULT_ADMIN_ROLE"] as const) {
        const members = await timelockRoleMembers(timelock, TIMELOCK_ROLES[role], fromBlock);
        roleRows.push([`${label} ${role}`, "", members.size === 0 ? "nobody" : [...members].map(who).join(", ")]);
      }
    }
    console.log(markdownTable(["role", "admin role", "holders"], roleRows));

    console.log();
    const marketRows: string[][] = [];
    for (const asset of await q.pool.assets()) {
      const [symbol, config] = await Promise.all([q.erc20(asset).symbol(), q.pool.assetConfig(asset)]);
      marketRows.push([
        symbol,
        formatBps(config.ltvBps),
        formatBps(config.liquidationThresholdBps),
        formatBps(config.liquidationBonusBps),
        formatBps(config.reserveFactorBps),
        config.borrowEnabled ? "yes" : "no",
        who(config.rateModel),
      ]);
    }
    console.log(
      markdownTable(["market", "LTV", "threshold", "bonus", "reserve factor", "borrowable", "rate model"], marketRows),
    );

    console.log();
    const houseRows: string[][] = [];
    for (const [label, governor, timelock, unit] of [
      ["token house", q.governor, q.timelock, (v: bigint) => `${formatAmount(v, 18, 2)} QRT`],
      ["Citizens' House", q.citizensGovernor, q.citizensTimelock, (v: bigint) => `${v} people`],
    ] as const) {
      const now = await governor.clock();
      const [delay, period, threshold, numerator, denominator, quorum, extension, minDelay] = await Promise.all([
        governor.votingDelay(),
        governor.votingPeriod(),
        governor.proposalThreshold(),
        governor["quorumNumerator()"](),
        governor.quorumDenominator(),
        governor.quorum(now - 1n),
        governor.lateQuorumVoteExtension(),
        timelock.getMinDelay(),
      ]);
      houseRows.push([
        label,
        formatDuration(delay),
        formatDuration(period),
        unit(threshold),
        `${(Number(numerator) * 100) / Number(denominator)}% (${unit(quorum)} now)`,
        formatDuration(extension),
        formatDuration(minDelay),
      ]);
    }
    console.log(
      markdownTable(
        [
          "house",
          "voting delay",
          "voting period",
          "proposal threshold",
          "quorum",
          "late-quorum extension",
          "timelock delay",
        ],
        houseRows,
      ),
    );

    console.log();
    const [feeBps, treasury] = await Promise.all([q.creatorPasses.protocolFeeBps(), q.creatorPasses.treasury()]);
    console.log(`Pass protocol fee  ${formatBps(feeBps)}`);
    console.log(`Treasury           ${who(treasury)}`);
  }),
);
