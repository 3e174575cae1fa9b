import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";

import { deploySocial, metadata, mintProfile } from "./fixtures";

/** DESIGN.md budgets (transaction gasUsed, warm protocol, a second user). */
const BUDGET = { profileMint: 140_000n, passBuy: 110_000n };

async function gasUsed(pending: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await pending).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

/** Alice has minted and sells an ETH pass and a USDC pass; Bob bought one of each; Carol is funded and approved. */
async function deployWarm() {
  const fixture = await loadFixture(deploySocial);
  const { profileNFT, creatorPasses, usdc, alice, bob, carol } = fixture;
  const profileId = await mintProfile(profileNFT, alice, "alice");
  const price = ethers.parseEther("0.01");
  await creatorPasses.connect(alice).createPass(profileId, price, ethers.ZeroAddress, 1_000, 500);
  await creatorPasses.connect(alice).createPass(profileId, 5_000000n, await usdc.getAddress(), 1_000, 500);
  for (const buyer of [bob, carol]) {
    await usdc.mint(buyer.address, 100_000000n);
    await usdc.connect(buyer).approve(await creatorPasses.getAddress(), ethers.MaxUint256);
  }
  await creatorPasses.connect(bob).buy(1n, 1, price, { value: price });
  await creatorPasses.connect(bob).buy(2n, 1, 5_000000n);
  return { ...fixture, price };
}

describe("Social gas budgets @gas", function () {
  it(`mints a profile with a short handle and short metadata for a second minter within ${BUDGET.profileMint} gas`, async function () {
    const { profileNFT, bob } = await loadFixture(deployWarm);
    const used = await gasUsed(profileNFT.connect(bob).mint("bob", metadata({ displayName: "Bob" })));
    expect(used).to.be.at.most(BUDGET.profileMint);
  });

  it(`sells one ETH pass to a second buyer, paying exactly, within ${BUDGET.passBuy} gas`, async function () {
    const { creatorPasses, carol, price } = await loadFixture(deployWarm);
    const used = await gasUsed(creatorPasses.connect(carol).buy(1n, 1, price, { value: price }));
    expect(used).to.be.at.most(BUDGET.passBuy);
  });

  it(`sells one ERC-20 pass to a second buyer within ${BUDGET.passBuy} gas`, async function () {
    const { creatorPasses, carol } = await loadFixture(deployWarm);
    const used = await gasUsed(creatorPasses.connect(carol).buy(2n, 1, 5_000000n));
    expect(used).to.be.at.most(BUDGET.passBuy);
  });
});
