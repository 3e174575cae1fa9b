import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress } from "ethers";

import { eip712DomainOf, signDelegation } from "../../scripts/lib/governance";
import { QuartetToken__factory } from "../../typechain-types";
import { deployTokenHouse } from "./fixtures";

describe("QuartetToken", function () {
  async function deployUndelegated() {
    const fixture = await deployTokenHouse();
    // mallory receives tokens but has not delegated yet.
    await fixture.token.transfer(fixture.mallory.address, 500n * 10n ** 18n);
    return fixture;
  }

  describe("supply", function () {
    it("mints the whole initial supply once, to the distribution address", async function () {
      const { token, deployer, parameters } = await loadFixture(deployTokenHouse);
      const initialSupply = parameters.Governance.initialSupply as bigint;
      expect(await token.name()).to.equal("Quartet");
      expect(await token.symbol()).to.equal("QRT");
      expect(await token.decimals()).to.equal(18n);
      expect(await token.totalSupply()).to.equal(initialSupply);
      const minted = await token.queryFilter(token.filters.Transfer(ZeroAddress));
      expect(minted.map((e) => [e.args.to, e.args.value])).to.deep.equal([[deployer.address, initialSupply]]);
    });

    it("reports the fixed supply as the past total supply from the mint on, and 0 before it", async function () {
      const { token, parameters } = await loadFixture(deployTokenHouse);
      const [mint] = await token.queryFilter(token.filters.Transfer(ZeroAddress));
      const mintedAt = BigInt((await mint.getBlock()).timestamp);
      expect(await token.getPastTotalSupply(mintedAt - 1n)).to.equal(0n);
      expect(await token.getPastTotalSupply(mintedAt)).to.equal(parameters.Governance.initialSupply);
      expect(await token.getPastTotalSupply((await time.latest()) - 1)).to.equal(await token.totalSupply());
    });

    it("reverts ERC5805FutureLookup when the past total supply is read at the current second", async function () {
      const { token } = await loadFixture(deployTokenHouse);
      const now = await time.latest();
      await expect(token.getPastTotalSupply(now))
        .to.be.revertedWithCustomError(token, "ERC5805FutureLookup")
        .withArgs(now, now);
    });

    it("has no mint function and no owner", function () {
      const functions: string[] = [];
      QuartetToken__factory.createInterface().forEachFunction((f) => functions.push(f.name));
      expect(functions).to.include("transfer");
      expect(functions.filter((name) => /mint|owner|burn/i.test(name))).to.deep.equal([]);
    });

    it("reverts ERC20InvalidReceiver for a zero distribution address", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = new QuartetToken__factory(deployer);
      await expect(factory.deploy(ZeroAddress, 1n))
        .to.be.revertedWithCustomError(factory, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("reverts ERC20ExceededSafeSupply for a supply the vote checkpoints cannot hold", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = new QuartetToken__factory(deployer);
      const maxSupply = 2n ** 208n - 1n;
      await expect(factory.deploy(deployer.address, maxSupply + 1n))
        .to.be.revertedWithCustomError(factory, "ERC20ExceededSafeSupply")
        .withArgs(maxSupply + 1n, maxSupply);
    });
  });

  describe("votes", function () {
    it("count only once delegated", async function () {
      const { token, mallory } = await loadFixture(deployUndelegated);
      expect(await token.getVotes(mallory.address)).to.equal(0n);
      await expect(token.connect(mallory).delegate(mallory.address))
        .to.emit(token, "DelegateVotesChanged")
        .withArgs(mallory.address, 0n, 500n * 10n ** 18n);
      expect(await token.getVotes(mallory.address)).to.equal(500n * 10n ** 18n);
    });

    it("move with transfers between delegates", async function () {
      const { token, alice, bob } = await loadFixture(deployTokenHouse);
      const [aliceBefore, bobBefore] = [await token.getVotes(alice.address), await token.getVotes(bob.address)];
      await token.connect(alice).transfer(bob.address, 7n);
      expect(await token.getVotes(alice.address)).to.equal(aliceBefore - 7n);
      expect(await token.getVotes(bob.address)).to.equal(bobBefore + 7n);
    });

    it("reverts ERC5805FutureLookup when past votes are read at the current second", async function () {
      const { token, alice } = await loadFixture(deployTokenHouse);
      const now = await time.latest();
      await expect(token.getPastVotes(alice.address, now))
        .to.be.revertedWithCustomError(token, "ERC5805FutureLookup")
        .withArgs(now, now);
    });
  });

  describe("clock", function () {
    it("is the block timestamp (ERC-6372 mode=timestamp)", async function () {
      const { token } = await loadFixture(deployTokenHouse);
      expect(await token.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await token.clock()).to.equal(BigInt(await time.latest()));
    });
  });

  describe("delegateBySig", function () {
    it("delegates the signer's votes when anyone relays the signature", async function () {
      const { token, mallory, bob } = await loadFixture(deployUndelegated);
      const expiry = BigInt(await time.latest()) + 3600n;
      const { nonce, v, r, s } = await signDelegation(mallory, token, { delegatee: mallory.address, expiry });
      await expect(token.connect(bob).delegateBySig(mallory.address, nonce, expiry, v, r, s))
        .to.emit(token, "DelegateChanged")
        .withArgs(mallory.address, ZeroAddress, mallory.address);
      expect(await token.getVotes(mallory.address)).to.equal(500n * 10n ** 18n);
      expect(await token.nonces(mallory.address)).to.equal(1n);
    });

    it("reverts InvalidAccountNonce when a delegation signature is replayed", async function () {
      const { token, mallory } = await loadFixture(deployUndelegated);
      const expiry = BigInt(await time.latest()) + 3600n;
      const { nonce, v, r, s } = await signDelegation(mallory, token, { delegatee: mallory.address, expiry });
      await token.delegateBySig(mallory.address, nonce, expiry, v, r, s);
      await expect(token.delegateBySig(mallory.address, nonce, expiry, v, r, s))
        .to.be.revertedWithCustomError(token, "InvalidAccountNonce")
        .withArgs(mallory.address, 1n);
    });

    it("reverts VotesExpiredSignature after the expiry", async function () {
      const { token, mallory } = await loadFixture(deployUndelegated);
      const expiry = BigInt(await time.latest()) + 10n;
      const { nonce, v, r, s } = await signDelegation(mallory, token, { delegatee: mallory.address, expiry });
      await time.increaseTo(expiry + 1n);
      await expect(token.delegateBySig(mallory.address, nonce, expiry, v, r, s))
        .to.be.revertedWithCustomError(token, "VotesExpiredSignature")
        .withArgs(expiry);
    });

    it("signs in the token's own EIP-712 domain (name Quartet, version 1)", async function () {
      const { token } = await loadFixture(deployTokenHouse);
      const domain = await eip712DomainOf(token);
      expect(domain).to.deep.include({ name: "Quartet", version: "1", verifyingContract: await token.getAddress() });
      expect(domain.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
    });
  });
});
