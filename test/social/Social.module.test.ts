import { expect } from "chai";
import { ethers, ignition } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import fs from "node:fs";
import path from "node:path";

import SocialModule from "../../deploy/modules/Social";
import {
  EASArtifact,
  OP_STACK_EAS,
  OP_STACK_SCHEMA_REGISTRY,
  SchemaRegistryArtifact,
  easSource,
} from "../../deploy/modules/eas";
import { typed } from "../../scripts/lib/contracts";
import { ROLES, selectors } from "../../scripts/lib/roles";
import { PROFILE_DOMAIN } from "../../scripts/lib/social";
import { CreatorPasses__factory } from "../../typechain-types";
import { deploySocial } from "./fixtures";

describe("Social Ignition module: EAS", function () {
  it("names EAS's published addresses in the testnet parameters, and none for Linea Sepolia (deployed there)", function () {
    const published = (network: string, name: string) =>
      (
        JSON.parse(
          fs.readFileSync(
            require.resolve(`@ethereum-attestation-service/eas-contracts/deployments/${network}/${name}.json`),
            "utf8",
          ),
        ) as { address: string }
      ).address;
    const social = (file: string) =>
      (
        JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "deploy", "parameters", file), "utf8")) as {
          Social?: { eas?: string; schemaRegistry?: string };
        }
      ).Social;
    for (const [file, network] of [
      ["opSepolia.json", "optimism-sepolia"],
      ["baseSepolia.json", "base-sepolia"],
      ["arbitrumSepolia.json", "arbitrum-sepolia"],
      ["scrollSepolia.json", "scroll-sepolia"],
    ]) {
      expect(social(file)?.eas, file).to.equal(published(network, "EAS"));
      expect(social(file)?.schemaRegistry, file).to.equal(published(network, "SchemaRegistry"));
    }
    expect(social("opSepolia.json")?.eas).to.equal(OP_STACK_EAS);
    expect(social("baseSepolia.json")?.schemaRegistry).to.equal(OP_STACK_SCHEMA_REGISTRY);
    expect(social("lineaSepolia.json")?.eas).to.equal(undefined);
    expect(social("local.json")?.eas).to.equal(undefined);
  });

  it("reads QUARTET_EAS: deploy by default, published when asked, one line for anything else", function () {
    expect(easSource("")).to.equal("deploy");
    expect(easSource("deploy")).to.equal("deploy");
    expect(easSource(" Published ")).to.equal("published");
    expect(() => easSource("predeploy")).to.throw('QUARTET_EAS must be deploy or published (got "predeploy").');
  });

  it("deploys EAS and SchemaRegistry from the package's artifacts on a local chain", async function () {
    const { eas, schemaRegistry } = await loadFixture(deploySocial);
    // Same runtime code size as the artifacts (their immutables are filled in at deployment, so not the same bytes).
    const codeSize = async (address: string) => (await ethers.provider.getCode(address)).length;
    expect(await codeSize(await eas.getAddress())).to.equal(EASArtifact.deployedBytecode.length);
    expect(await codeSize(await schemaRegistry.getAddress())).to.equal(SchemaRegistryArtifact.deployedBytecode.length);
    expect(await eas.getSchemaRegistry()).to.equal(await schemaRegistry.getAddress());
    expect(await eas.version()).to.equal("1.4.0");
  });
});

describe("Social Ignition module", function () {
  it("maps revokeVerification to VERIFIER and the fee and treasury setters to TREASURY", async function () {
    const { accessManager, profileNFT, creatorPasses } = await loadFixture(deploySocial);
    const profiles = await profileNFT.getAddress();
    const passes = await creatorPasses.getAddress();
    const [revoke, setFee, setTreasury] = selectors(
      "revokeVerification(uint256)",
      "setProtocolFee(uint16)",
      "setTreasury(address)",
    );
    expect(await accessManager.getTargetFunctionRole(profiles, revoke)).to.equal(ROLES.VERIFIER);
    expect(await accessManager.getTargetFunctionRole(passes, setFee)).to.equal(ROLES.TREASURY);
    expect(await accessManager.getTargetFunctionRole(passes, setTreasury)).to.equal(ROLES.TREASURY);
    expect(await profileNFT.authority()).to.equal(await accessManager.getAddress());
    expect(await creatorPasses.authority()).to.equal(await accessManager.getAddress());
  });

  it("names the collection and the EIP-712 domain 'Quartet Profiles', version 1", async function () {
    const { profileNFT, creatorPasses } = await loadFixture(deploySocial);
    expect(await profileNFT.name()).to.equal("Quartet Profiles");
    expect(await profileNFT.symbol()).to.equal("QPROFILE");
    const domain = await profileNFT.eip712Domain();
    expect([domain.name, domain.version]).to.deep.equal([PROFILE_DOMAIN.name, PROFILE_DOMAIN.version]);
    expect(await creatorPasses.profileNFT()).to.equal(await profileNFT.getAddress());
  });

  it("defaults the treasury to the deployer and the protocol fee to 2.5%", async function () {
    const [deployer] = await ethers.getSigners();
    const { creatorPasses } = await ignition.deploy(SocialModule);
    const passes = await typed(CreatorPasses__factory, creatorPasses);
    expect(await passes.treasury()).to.equal(deployer.address);
    expect(await passes.protocolFeeBps()).to.equal(250n);
  });
});
