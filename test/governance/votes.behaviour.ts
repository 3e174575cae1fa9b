import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress } from "ethers";

import { signDelegation } from "../../scripts/lib/governance";
import type { ProfileNFT, QuartetToken } from "../../typechain-types";

/**
 * What the shared votes behaviour (after OpenZeppelin's Votes.behavior.js) needs from a votes source: QuartetToken
 * (units = QRT, delegation is opt-in) or ProfileNFT's identity votes (one unit per verified person, self-delegated on
 * verification).
 */
export interface VotesSubject {
  votes: QuartetToken | ProfileNFT;
  /** Holds units, delegated to nobody (token) or to itself (identity votes) as receiving them left it. */
  holder: HardhatEthersSigner;
  /** Holds no units. */
  delegatee: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  /** The holder's units. */
  units: bigint;
  /** Whether giving units grows the supply (identity votes) or moves existing units (the token's fixed supply). */
  growsSupply: boolean;
  /** Gives `account` its units now; returns them. */
  giveUnits(account: HardhatEthersSigner): Promise<bigint>;
}

export function shouldBehaveLikeVotes(deploy: () => Promise<VotesSubject>): void {
  async function selfDelegated() {
    const s = await loadFixture(deploy);
    if ((await s.votes.delegates(s.holder.address)) !== s.holder.address) {
      await s.votes.connect(s.holder).delegate(s.holder.address);
    }
    return s;
  }

  describe("clock (ERC-6372)", function () {
    it("is the block timestamp, in mode=timestamp", async function () {
      const { votes } = await loadFixture(deploy);
      expect(await votes.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await votes.clock()).to.equal(BigInt(await time.latest()));
    });

    it("reverts ERC5805FutureLookup for the current or a future timepoint", async function () {
      const { votes, holder } = await loadFixture(deploy);
      const now = BigInt(await time.latest());
      for (const timepoint of [now, now + 1n]) {
        await expect(votes.getPastVotes(holder.address, timepoint))
          .to.be.revertedWithCustomError(votes, "ERC5805FutureLookup")
          .withArgs(timepoint, now);
        await expect(votes.getPastTotalSupply(timepoint))
          .to.be.revertedWithCustomError(votes, "ERC5805FutureLookup")
          .withArgs(timepoint, now);
      }
    });
  });

  describe("delegate", function () {
    it("gives the holder's units to itself when it delegates to itself", async function () {
      const { votes, holder, units } = await selfDelegated();
      expect(await votes.delegates(holder.address)).to.equal(holder.address);
      expect(await votes.getVotes(holder.address)).to.equal(units);
    });

    it("moves every unit to the new delegate, with DelegateChanged and DelegateVotesChanged", async function () {
      const { votes, holder, delegatee, units } = await selfDelegated();
      await expect(votes.connect(holder).delegate(delegatee.address))
        .to.emit(votes, "DelegateChanged")
        .withArgs(holder.address, holder.address, delegatee.address)
        .and.to.emit(votes, "DelegateVotesChanged")
        .withArgs(holder.address, units, 0n)
        .and.to.emit(votes, "DelegateVotesChanged")
        .withArgs(delegatee.address, 0n, units);
      expect(await votes.getVotes(holder.address)).to.equal(0n);
      expect(await votes.getVotes(delegatee.address)).to.equal(units);
    });

    it("counts the units for nobody once delegated to the zero address", async function () {
      const { votes, holder } = await selfDelegated();
      await votes.connect(holder).delegate(ZeroAddress);
      expect(await votes.getVotes(holder.address)).to.equal(0n);
      expect(await votes.getVotes(ZeroAddress)).to.equal(0n);
    });

    it("keeps the history: getPastVotes before, at and after a delegation", async function () {
      const { votes, holder, delegatee, units } = await selfDelegated();
      await time.increase(10);
      const before = BigInt(await time.latest());
      await votes.connect(holder).delegate(delegatee.address);
      const at = BigInt(await time.latest());
      await time.increase(10);
      expect(await votes.getPastVotes(delegatee.address, before)).to.equal(0n);
      expect(await votes.getPastVotes(holder.address, before)).to.equal(units);
      expect(await votes.getPastVotes(delegatee.address, at)).to.equal(units);
      expect(await votes.getPastVotes(holder.address, at)).to.equal(0n);
    });
  });

  describe("delegateBySig", function () {
    it("delegates for the signer when anyone relays the signature", async function () {
      const { votes, holder, delegatee, relayer, units } = await selfDelegated();
      const expiry = BigInt(await time.latest()) + 3_600n;
      const { nonce, v, r, s } = await signDelegation(holder, votes, { delegatee: delegatee.address, expiry });
      await expect(votes.connect(relayer).delegateBySig(delegatee.address, nonce, expiry, v, r, s))
        .to.emit(votes, "DelegateChanged")
        .withArgs(holder.address, holder.address, delegatee.address);
      expect(await votes.getVotes(delegatee.address)).to.equal(units);
      expect(await votes.delegates(relayer.address)).to.not.equal(delegatee.address);
    });

    it("reverts InvalidAccountNonce when a signature is replayed", async function () {
      const { votes, holder, delegatee, relayer } = await selfDelegated();
      const expiry = BigInt(await time.latest()) + 3_600n;
      const { nonce, v, r, s } = await signDelegation(holder, votes, { delegatee: delegatee.address, expiry });
      await votes.connect(relayer).delegateBySig(delegatee.address, nonce, expiry, v, r, s);
      await expect(votes.connect(relayer).delegateBySig(delegatee.address, nonce, expiry, v, r, s))
        .to.be.revertedWithCustomError(votes, "InvalidAccountNonce")
        .withArgs(holder.address, nonce + 1n);
    });

    it("reverts VotesExpiredSignature one second after the expiry", async function () {
      const { votes, holder, delegatee, relayer } = await selfDelegated();
      const expiry = BigInt(await time.latest()) + 10n;
      const { nonce, v, r, s } = await signDelegation(holder, votes, { delegatee: delegatee.address, expiry });
      await time.setNextBlockTimestamp(expiry + 1n);
      await expect(votes.connect(relayer).delegateBySig(delegatee.address, nonce, expiry, v, r, s))
        .to.be.revertedWithCustomError(votes, "VotesExpiredSignature")
        .withArgs(expiry);
    });
  });

  describe("total supply", function () {
    it("grows by the units given when they are new units, and never moves for a transfer", async function () {
      const { votes, delegatee, giveUnits, growsSupply } = await loadFixture(deploy);
      await time.increase(1);
      const before = await votes.getPastTotalSupply(BigInt(await time.latest()) - 1n);
      const given = await giveUnits(delegatee);
      const at = BigInt(await time.latest());
      await time.increase(1);
      expect((await votes.getPastTotalSupply(at)) - before).to.equal(growsSupply ? given : 0n);
      expect(await votes.getPastTotalSupply(at - 1n)).to.equal(before);
    });
  });
}
