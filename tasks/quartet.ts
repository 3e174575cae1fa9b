import fs from "node:fs";
import path from "node:path";
import { scope } from "hardhat/config";
import { formatEther } from "ethers";

import { isLocalChain, remoteNetwork } from "../scripts/lib/networks";
import { UserError } from "../scripts/lib/errors";
import { REMOTE_CONFIRMATIONS } from "./network-guard";
import { runAction } from "./run";

const quartet = scope("quartet", "Deploy Quartet, verify it, and see its state");

quartet
  .task("deploy", "Deploy (or resume) the whole protocol on the selected network")
  .addFlag("estimateOnly", "print the cost estimate and stop")
  .setAction(
    runAction<{ estimateOnly: boolean }>(async ({ estimateOnly }, hre) => {
      // Ignition and the cost estimate read artifacts: make sure they exist (a fresh clone has none).
      await hre.run("compile", { quiet: true });
      const { estimateDeployment } = await import("../scripts/lib/deploy-cost");
      const { deploymentDir } = await import("../scripts/lib/addresses");

      let chainId: bigint;
      try {
        chainId = (await hre.ethers.provider.getNetwork()).chainId;
      } catch {
        const remote = remoteNetwork(hre.network.name);
        throw new UserError(
          remote === undefined
            ? `Cannot reach ${hre.network.name}: is \`npm run node\` running?`
            : `Cannot reach the ${remote.name} RPC: set a working endpoint with \`npx hardhat vars set ${remote.rpcUrlVar}\`.`,
        );
      }
      const remote = remoteNetwork(hre.network.name);
      if (remote !== undefined && BigInt(remote.chainId) !== chainId) {
        throw new UserError(
          `The ${remote.name} RPC answers for chain ${chainId}, not ${remote.chainId}: check ${remote.rpcUrlVar}.`,
        );
      }

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
      const parameters = JSON.parse(fs.readFileSync(parametersFile, "utf8")) as Record<string, unknown>;
      // Testnets with Chainlink feeds name them under "Quartet"; everything else gets the mock feeds.
      const module =
        parameters.Quartet !== undefined
          ? (await import("../deploy/modules/Quartet")).default
          : (await import("../deploy/modules/LocalQuartet")).default;

      const [deployer] = await hre.ethers.getSigners();
      const balance = await hre.ethers.provider.getBalance(deployer.address);
      const estimate = await estimateDeployment(hre, module);
      console.log(`network      ${hre.network.name} (chain ${chainId})`);
      console.log(`module       ${module.id} with ${path.relative(hre.config.paths.root, parametersFile)}`);
      console.log(`deployer     ${deployer.address}`);
      console.log(`balance      ${formatEther(balance)} ETH`);
      console.log(
        `estimate     ${formatEther(estimate.total)} ETH (${estimate.contracts} contracts, ${estimate.calls} calls, ` +
          `${estimate.gas} gas at ${estimate.gasPrice} wei + L1 data fee ${formatEther(estimate.l1DataFee)} ETH)`,
      );
      if (balance < estimate.total) {
        throw new UserError(
          `The deployer has ${formatEther(balance)} ETH but the deployment may cost up to ${formatEther(estimate.total)} ETH: fund ${deployer.address} (testnet faucet) and run again.`,
        );
      }
      if (estimateOnly) return;

      const deploymentId = `chain-${chainId}`;
      await hre.ignition.deploy(module, {
        parameters: parametersFile,
        deploymentId,
        displayUi: true,
        config: { requiredConfirmations: local ? 1 : REMOTE_CONFIRMATIONS },
      });
      if (hre.network.name === "hardhat") {
        console.log(
          "Deployed on the in-process network, which ends with this command: use --network localhost to keep it.",
        );
      } else {
        console.log(
          `Addresses: ${path.relative(hre.config.paths.root, deploymentDir(hre.config.paths.ignition, chainId))}/deployed_addresses.json`,
        );
      }
    }),
  );

quartet.task("verify", "Verify every deployed contract on the network's explorers").setAction(
  runAction(async (_, hre) => {
    const chainId = (await hre.ethers.provider.getNetwork()).chainId;
    if (isLocalChain(chainId)) throw new UserError("Local chains have no block explorer: verify on a testnet.");
    await hre.run({ scope: "ignition", task: "verify" }, { deploymentId: `chain-${chainId}` });
  }),
);
