import { expect } from "chai";
import { ethers, ignition } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import LocalMocks from "../../deploy/modules/LocalMocks";
import { typed } from "../../scripts/lib/contracts";
import { MockERC20__factory, MockV3Aggregator__factory } from "../../typechain-types";

// Proves the toolchain end to end: offline compile, Ignition deployment inside a loadFixture fixture,
// typed contracts, custom-error assertions and time travel.
describe("Toolchain", function () {
  async function deployMocks() {
    const [deployer, alice, bob] = await ethers.getSigners();
    const mocks = await ignition.deploy(LocalMocks);
    return {
      deployer,
      alice,
      bob,
      usdc: await typed(MockERC20__factory, mocks.usdc),
      wbtc: await typed(MockERC20__factory, mocks.wbtc),
      weth: await typed(MockERC20__factory, mocks.weth),
      wethFeed: await typed(MockV3Aggregator__factory, mocks.wethFeed),
    };
  }

  it("deploys the local mocks through the Ignition module with the decimals each asset needs", async function () {
    const { usdc, wbtc, weth } = await loadFixture(deployMocks);
    expect(await usdc.decimals()).to.equal(6n);
    expect(await wbtc.decimals()).to.equal(8n);
    expect(await weth.decimals()).to.equal(18n);
    expect(await wbtc.symbol()).to.equal("WBTC");
  });

  it("reverts ERC20InsufficientBalance when a holder sends more than it has", async function () {
    const { usdc, alice, bob } = await loadFixture(deployMocks);
    await usdc.mint(alice.address, 5n);
    await expect(usdc.connect(alice).transfer(bob.address, 6n))
      .to.be.revertedWithCustomError(usdc, "ERC20InsufficientBalance")
      .withArgs(alice.address, 5n, 6n);
  });

  it("ages a price feed's answer when time moves forward", async function () {
    const { wethFeed } = await loadFixture(deployMocks);
    const [, answer, , updatedAt] = await wethFeed.latestRoundData();
    expect(answer).to.equal(3_000_00000000n);

    await time.increase(3600);
    const [, , , updatedAtLater] = await wethFeed.latestRoundData();
    expect(updatedAtLater).to.equal(updatedAt);
    expect(BigInt(await time.latest()) - updatedAt).to.be.greaterThanOrEqual(3600n);

    await wethFeed.updateAnswer(2_900_00000000n);
    const [, newAnswer, , refreshedAt] = await wethFeed.latestRoundData();
    expect(newAnswer).to.equal(2_900_00000000n);
    expect(refreshedAt).to.equal(BigInt(await time.latest()));
  });

  it("starts each test from the fixture's snapshot", async function () {
    const { usdc, alice } = await loadFixture(deployMocks);
    expect(await usdc.balanceOf(alice.address)).to.equal(0n);
  });
});
