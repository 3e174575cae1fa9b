import { expect } from "chai";
import hre from "hardhat";
import { setBalance, setCode, takeSnapshot, type SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers";

import LocalQuartet from "../../deploy/modules/LocalQuartet";
import { allFutures, estimateDeployment, linkable } from "../../scripts/lib/deploy-cost";
import { formatEth, formatGwei } from "../../scripts/lib/format";
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

    it("leaves out the futures a resumed deployment has finished", async function () {
      const all = await estimateDeployment(hre, LocalQuartet);
      const futures = [...allFutures(LocalQuartet)];
      const contract = futures.find((f) => f.type === "NAMED_ARTIFACT_CONTRACT_DEPLOYMENT");
      const call = futures.find((f) => f.type === "CONTRACT_CALL");
      const rest = await estimateDeployment(hre, LocalQuartet, new Set([contract!.id, call!.id]));
      expect(rest.contracts).to.equal(all.contracts - 1);
      expect(rest.calls).to.equal(all.calls - 1);
      expect(rest.gas).to.be.lessThan(all.gas);
      const nothing = await estimateDeployment(hre, LocalQuartet, new Set(futures.map((f) => f.id)));
      expect(nothing).to.include({ contracts: 0, calls: 0, gas: 0n, total: 0n });
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
      // Gas with separators, the fee per gas in gwei, every amount of ether with its unit.
      expect(result.stdout).to.match(/^balance {6}[\d,]+(\.\d+)? ETH$/m);
      expect(result.stdout).to.match(
        /^estimate {5}0\.\d+ ETH \(\d+ contracts, \d+ calls, \d{1,3}(,\d{3})+ gas at [\d.]+ gwei \+ L1 data fee 0\.0000\d+ ETH\)$/m,
      );
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
        `Error: The deployer has 0.000000000000001 ETH but the deployment may cost up to ${formatEth(total)}: ` +
          `fund ${deployer.address} (testnet faucet) and run again.`,
      );
      expect(await hre.ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce);
    });
  });

  describe("formatEth and formatGwei", function () {
    it("print ether with its unit, keeping tiny amounts' digits, and fees per gas in gwei", function () {
      expect(formatEth(12_345_600_000_000_000_000_000n)).to.equal("12,345.6 ETH");
      expect(formatEth(21_000_000_000_000n)).to.equal("0.000021 ETH");
      expect(formatEth(1_000n)).to.equal("0.000000000000001 ETH");
      expect(formatEth(0n)).to.equal("0 ETH");
      expect(formatGwei(3_000_000_000n)).to.equal("3 gwei");
      expect(formatGwei(1_000_000n)).to.equal("0.001 gwei");
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
