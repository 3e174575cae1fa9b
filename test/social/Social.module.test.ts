import { expect } from "chai";
import { ethers, ignition } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import SocialModule from "../../deploy/modules/Social";
import { typed } from "../../scripts/lib/contracts";
import { ROLES, selectors } from "../../scripts/lib/roles";
import { PROFILE_DOMAIN } from "../../scripts/lib/social";
import { CreatorPasses__factory } from "../../typechain-types";
import { deploySocial } from "./fixtures";

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
