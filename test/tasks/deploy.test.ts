import { expect } from "chai";
import hre from "hardhat";
import { setBalance, setCode, takeSnapshot, type SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers";
import { formatEther } from "ethers";

import LocalQuartet from "../../deploy/modules/LocalQuartet";
import { estimateDeployment, linkable } from "../../scripts/lib/deploy-cost";
import { OP_GAS_PRICE_ORACLE as GAS_PRICE_ORACLE, quotedL1Fee as l1DataFee } from "../../scripts/lib/l1-fee";
import { MockGasPriceOracle__factory } from "../../typechain-types";
import { runTaskCaptured } from "./capture";

/** Puts MockGasPriceOracle's runtime code at the OP-stack predeploy address and sets its fee. */
async function installGasPriceOracle(baseFee: bigint, feePerByte: bigint) {
  const artifact = await hre.artifacts.readArtifact("MockGasPriceOracle");
  await setCode(GAS_PRICE_ORACLE, artifact.deployedBytecode);
  const [signer] = await hre.ethers.getSigners();
  const oracle = MockGasPriceOracle__factory.connect(GAS_PRICE_ORACLE, signer);
  await (await oracle.setFee(baseFee, feePerByte)).wait();
  return oracle;
}

describe("Deployment cost and the quartet deploy task (in-process network)", function () {
  let snapshot: SnapshotRestorer;

  beforeEach(async function () {
    snapshot = await takeSnapshot();
  });

  afterEach(async function () {
    await snapshot.restore();
  });

  describe("l1DataFee", function () {
    it("is 0 on a chain without the GasPriceOracle predeploy", async function () {
      expect(await l1DataFee(hre.ethers.provider, "0x1234")).to.equal(0n);
    });

    it("asks the predeploy for the fee of exactly the data given", async function () {
      await installGasPriceOracle(1_000n, 7n);
      expect(await l1DataFee(hre.ethers.provider, "0x112233")).to.equal(1_000n + 3n * 7n);
    });
  });

  describe("linkable", function () {
    it("fills ProfileNFT's unlinked library placeholder with a 20-byte address of the same length", async function () {
      const { bytecode } = await hre.artifacts.readArtifact("ProfileNFT");
      expect(bytecode).to.match(/__\$[0-9a-f]{34}\$__/);
      const linked = linkable(bytecode);
      expect(linked).to.match(/^0x[0-9a-f]+$/);
      expect(linked).to.have.lengthOf(bytecode.length);
    });
  });

  describe("estimateDeployment", function () {
    it("adds one L1 data fee per contract created on an OP-stack chain, into the total", async function () {
      const baseFee = 10n ** 12n;
      await installGasPriceOracle(baseFee, 0n);
      const estimate = await estimateDeployment(hre, LocalQuartet);
      expect(estimate.contracts).to.be.greaterThan(0);
      expect(estimate.l1DataFee).to.equal(baseFee * BigInt(estimate.contracts));
      expect(estimate.total).to.equal(estimate.executionCost + estimate.l1DataFee);
    });

    it("charges the L1 fee by the size of each contract's creation code", async function () {
      await installGasPriceOracle(0n, 1n);
      const { l1DataFee: perByte, contracts } = await estimateDeployment(hre, LocalQuartet);
      // At 1 wei per byte the fee is the total creation-code size: more than 1 KiB per contract on average.
      expect(perByte).to.be.greaterThan(1_024n * BigInt(contracts));
    });

    it("has no L1 data fee where there is no predeploy", async function () {
      const estimate = await estimateDeployment(hre, LocalQuartet);
      expect(estimate.l1DataFee).to.equal(0n);
      expect(estimate.total).to.equal(estimate.executionCost);
    });
  });

  describe("quartet deploy", function () {
    it("--estimate-only prints the estimate with its L1 data fee and deploys nothing", async function () {
      await installGasPriceOracle(10n ** 12n, 0n);
      const [deployer] = await hre.ethers.getSigners();
      const nonce = await hre.ethers.provider.getTransactionCount(deployer.address);
      const result = await runTaskCaptured(hre, ["quartet", "deploy", "--estimate-only"]);
      expect(result.stderr).to.equal("");
      expect(result.exitCode).to.equal(0);
      expect(result.stdout).to.match(/^network {6}hardhat \(chain 31337\)$/m);
      expect(result.stdout).to.match(/^module {7}LocalQuartet with deploy\/parameters\/local\.json$/m);
      expect(result.stdout).to.match(/contracts, \d+ calls, \d+ gas at \d+ wei \+ L1 data fee 0\.0000\d+ ETH\)$/m);
      expect(await hre.ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce);
    });

    it("stops with one line naming the shortfall when the deployer cannot pay", async function () {
      const [deployer] = await hre.ethers.getSigners();
      await setBalance(deployer.address, 1_000n);
      const nonce = await hre.ethers.provider.getTransactionCount(deployer.address);
      const result = await runTaskCaptured(hre, ["quartet", "deploy"]);
      expect(result.exitCode).to.equal(1);
      const { total } = await estimateDeployment(hre, LocalQuartet);
      expect(result.stderr).to.equal(
        `Error: The deployer has ${formatEther(1_000n)} ETH but the deployment may cost up to ${formatEther(total)} ETH: ` +
          `fund ${deployer.address} (testnet faucet) and run again.`,
      );
      expect(await hre.ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce);
    });
  });

  describe("quartet verify", function () {
    it("refuses a local chain with one line", async function () {
      const result = await runTaskCaptured(hre, ["quartet", "verify"]);
      expect(result).to.deep.equal({
        stdout: "",
        stderr: "Error: Local chains have no block explorer: verify on a testnet.",
        exitCode: 1,
      });
    });
  });

  describe("tasks that need a deployment", function () {
    const refusal =
      "Error: The in-process hardhat network forgets every deployment when the command ends: start `npm run node`, run `npm run deploy -- --network localhost`, and use --network localhost.";

    for (const argv of [
      ["lending", "markets"],
      ["lending", "account"],
      ["social", "profile", "--handle", "alice"],
      ["dao", "proposals"],
      ["quartet", "status"],
    ]) {
      it(`${argv.slice(0, 2).join(" ")} refuses the in-process network with one line`, async function () {
        const result = await runTaskCaptured(hre, argv);
        expect(result).to.deep.equal({ stdout: "", stderr: refusal, exitCode: 1 });
      });
    }
  });
});
