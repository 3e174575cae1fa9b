import { expect } from "chai";
import { ethers } from "hardhat";

import { ROLES, selectors } from "../../scripts/lib/roles";

describe("Roles", function () {
  it("the toolkit's role ids equal contracts/access/Roles.sol", async function () {
    const probe = await ethers.deployContract("RolesProbe");
    const onChain = await probe.all();
    expect(onChain.map((id: bigint) => id)).to.deep.equal([
      ROLES.ADMIN,
      ROLES.GUARDIAN,
      ROLES.RISK,
      ROLES.VERIFIER,
      ROLES.TREASURY,
      ROLES.CITIZENS,
    ]);
  });

  it("computes 4-byte selectors", function () {
    expect(selectors("transfer(address,uint256)")).to.deep.equal(["0xa9059cbb"]);
  });
});
