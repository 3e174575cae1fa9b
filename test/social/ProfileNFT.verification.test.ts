import { expect } from "chai";
import { ethers, ignition } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { Signature, concat, toBeHex } from "ethers";

import { typed } from "../../scripts/lib/contracts";
import { ROLES } from "../../scripts/lib/roles";
import { signAttestation } from "../../scripts/lib/social";
import { MockERC1271Wallet__factory } from "../../typechain-types";
import { attestation, deploySocial, mintProfile, verifyProfile } from "./fixtures";

/** secp256k1's group order: s and n − s are both valid ECDSA, and only the low one is accepted. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const WalletModule = buildModule("VerifierWallet", (m) => {
  const wallet = m.contract("MockERC1271Wallet", [m.getParameter<string>("owner")]);
  return { wallet };
});

async function deployWithProfile() {
  const fixture = await loadFixture(deploySocial);
  const { profileNFT, alice, verifier, accessManager } = fixture;
  const tokenId = await mintProfile(profileNFT, alice, "alice");
  const { wallet } = await ignition.deploy(WalletModule, {
    parameters: { VerifierWallet: { owner: verifier.address } },
  });
  const verifierWallet = await typed(MockERC1271Wallet__factory, wallet);
  await accessManager.grantRole(ROLES.VERIFIER, await verifierWallet.getAddress(), 0);
  return { ...fixture, tokenId, verifierWallet };
}

describe("ProfileNFT.verify", function () {
  it("verifies the profile until the attestation's expiry and emits ProfileVerified", async function () {
    const { profileNFT, alice, verifier, outsider, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const signature = await signAttestation(verifier, profileNFT, signed);
    // Anyone may submit a signed attestation.
    await expect(profileNFT.connect(outsider).verify(tokenId, signed, signature))
      .to.emit(profileNFT, "ProfileVerified")
      .withArgs(tokenId, alice.address, verifier.address, signed.expiry, signed.nonce)
      .and.to.emit(profileNFT, "MetadataUpdate")
      .withArgs(tokenId);
    expect(await profileNFT.isVerified(tokenId)).to.be.true;
    expect(await profileNFT.verificationOf(tokenId)).to.deep.equal([verifier.address, signed.expiry]);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(1n);
    expect(await profileNFT.attestationNonceUsed(verifier.address, signed.nonce)).to.be.true;
  });

  it("matches the digest the toolkit signs (hashAttestation)", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const signature = await signAttestation(verifier, profileNFT, signed);
    expect(ethers.recoverAddress(await profileNFT.hashAttestation(signed), signature)).to.equal(verifier.address);
  });

  it("accepts an attestation submitted at exactly its expiry", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const expiry = BigInt(await time.latest()) + 100n;
    const signed = await attestation(verifier, tokenId, alice, { expiry });
    const signature = await signAttestation(verifier, profileNFT, signed);
    await time.setNextBlockTimestamp(expiry);
    // The event, not isVerified(): a later view call runs at wall-clock time, already past this expiry.
    await expect(profileNFT.verify(tokenId, signed, signature)).to.emit(profileNFT, "ProfileVerified");
  });

  it("reverts AttestationNonceUsed when the same attestation is replayed", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const signature = await signAttestation(verifier, profileNFT, signed);
    await profileNFT.verify(tokenId, signed, signature);
    await expect(profileNFT.verify(tokenId, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "AttestationNonceUsed")
      .withArgs(verifier.address, signed.nonce);
  });

  it("reverts AttestationExpired one second after the expiry", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const expiry = BigInt(await time.latest()) + 100n;
    const signed = await attestation(verifier, tokenId, alice, { expiry });
    const signature = await signAttestation(verifier, profileNFT, signed);
    await time.setNextBlockTimestamp(expiry + 1n);
    await expect(profileNFT.verify(tokenId, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "AttestationExpired")
      .withArgs(expiry, expiry + 1n);
  });

  it("reverts InvalidSignature for an attestation signed for another chain id", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const signature = await signAttestation(verifier, profileNFT, signed, { chainId: 10n });
    await expect(profileNFT.verify(tokenId, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "InvalidSignature")
      .withArgs(verifier.address);
  });

  it("reverts InvalidSignature for an attestation signed for another contract", async function () {
    const { profileNFT, creatorPasses, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const signature = await signAttestation(verifier, profileNFT, signed, {
      verifyingContract: await creatorPasses.getAddress(),
    });
    await expect(profileNFT.verify(tokenId, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "InvalidSignature")
      .withArgs(verifier.address);
  });

  it("reverts NotVerifier when the signer does not hold the VERIFIER role", async function () {
    const { profileNFT, alice, outsider, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(outsider, tokenId, alice);
    const signature = await signAttestation(outsider, profileNFT, signed);
    await expect(profileNFT.verify(tokenId, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "NotVerifier")
      .withArgs(outsider.address);
  });

  it("reverts NotVerifier for an attestation signed before the verifier's role was revoked", async function () {
    const { profileNFT, accessManager, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const signature = await signAttestation(verifier, profileNFT, signed);
    await accessManager.revokeRole(ROLES.VERIFIER, verifier.address);
    await expect(profileNFT.verify(tokenId, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "NotVerifier")
      .withArgs(verifier.address);
  });

  it("reverts InvalidSignature when someone else signs in a verifier's name", async function () {
    const { profileNFT, alice, verifier, outsider, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const signature = await signAttestation(outsider, profileNFT, signed);
    await expect(profileNFT.verify(tokenId, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "InvalidSignature")
      .withArgs(verifier.address);
  });

  it("reverts HolderNotOwner when the attested holder does not own the profile", async function () {
    const { profileNFT, alice, bob, verifier, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, bob);
    const signature = await signAttestation(verifier, profileNFT, signed);
    await expect(profileNFT.verify(tokenId, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "HolderNotOwner")
      .withArgs(tokenId, bob.address, alice.address);
  });

  it("reverts AttestationTokenMismatch when the call names another profile than the attestation", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const other = await mintProfile(profileNFT, alice, "alice_two");
    const signed = await attestation(verifier, tokenId, alice);
    const signature = await signAttestation(verifier, profileNFT, signed);
    await expect(profileNFT.verify(other, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "AttestationTokenMismatch")
      .withArgs(other, tokenId);
  });

  it("reverts ERC721NonexistentToken for an unminted profile", async function () {
    const { profileNFT, alice, verifier } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, 12345n, alice);
    const signature = await signAttestation(verifier, profileNFT, signed);
    await expect(profileNFT.verify(12345n, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "ERC721NonexistentToken")
      .withArgs(12345n);
  });

  it("reverts InvalidSignature for the high-s twin of a valid signature", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const low = Signature.from(await signAttestation(verifier, profileNFT, signed));
    const highS = concat([low.r, toBeHex(SECP256K1_N - BigInt(low.s), 32), low.v === 27 ? "0x1c" : "0x1b"]);
    // Plain ecrecover accepts the twin (malleability); OpenZeppelin's ECDSA, like ethers, rejects s > n/2.
    await expect(profileNFT.verify(tokenId, signed, highS))
      .to.be.revertedWithCustomError(profileNFT, "InvalidSignature")
      .withArgs(verifier.address);
  });

  it("reverts InvalidSignature for malformed signatures (64 bytes, empty, garbage)", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const valid = await signAttestation(verifier, profileNFT, signed);
    for (const signature of [Signature.from(valid).compactSerialized, "0x", "0x" + "ab".repeat(65)]) {
      await expect(profileNFT.verify(tokenId, signed, signature))
        .to.be.revertedWithCustomError(profileNFT, "InvalidSignature")
        .withArgs(verifier.address);
    }
  });

  it("accepts an ERC-1271 verifier wallet that holds the VERIFIER role", async function () {
    const { profileNFT, alice, verifier, verifierWallet, tokenId } = await loadFixture(deployWithProfile);
    const walletAddress = await verifierWallet.getAddress();
    const signed = await attestation(walletAddress, tokenId, alice);
    await profileNFT.verify(tokenId, signed, await signAttestation(verifier, profileNFT, signed));
    expect(await profileNFT.isVerified(tokenId)).to.be.true;
    expect((await profileNFT.verificationOf(tokenId)).verifier).to.equal(walletAddress);
  });

  it("reverts InvalidSignature when the ERC-1271 wallet rejects the signature", async function () {
    const { profileNFT, alice, outsider, verifierWallet, tokenId } = await loadFixture(deployWithProfile);
    const walletAddress = await verifierWallet.getAddress();
    const signed = await attestation(walletAddress, tokenId, alice);
    await expect(profileNFT.verify(tokenId, signed, await signAttestation(outsider, profileNFT, signed)))
      .to.be.revertedWithCustomError(profileNFT, "InvalidSignature")
      .withArgs(walletAddress);
  });

  it("renews a verification with a later expiry", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const first = await verifyProfile(profileNFT, verifier, tokenId, alice);
    const renewed = await verifyProfile(profileNFT, verifier, tokenId, alice, { expiry: first.expiry + 1000n });
    expect((await profileNFT.verificationOf(tokenId)).expiry).to.equal(renewed.expiry);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(1n);
  });

  it("reverts VerificationNotExtended for an attestation that would not extend the one in force", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const current = await verifyProfile(profileNFT, verifier, tokenId, alice);
    const older = await attestation(verifier, tokenId, alice, { expiry: current.expiry });
    await expect(profileNFT.verify(tokenId, older, await signAttestation(verifier, profileNFT, older)))
      .to.be.revertedWithCustomError(profileNFT, "VerificationNotExtended")
      .withArgs(tokenId, current.expiry, current.expiry);
  });
});

describe("ProfileNFT.cancelAttestationNonce", function () {
  it("invalidates a signed attestation before it is submitted", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const signature = await signAttestation(verifier, profileNFT, signed);
    await expect(profileNFT.connect(verifier).cancelAttestationNonce(signed.nonce))
      .to.emit(profileNFT, "AttestationNonceCancelled")
      .withArgs(verifier.address, signed.nonce);
    await expect(profileNFT.verify(tokenId, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "AttestationNonceUsed")
      .withArgs(verifier.address, signed.nonce);
  });

  it("reverts AttestationNonceUsed for a nonce already cancelled", async function () {
    const { profileNFT, verifier } = await loadFixture(deployWithProfile);
    await profileNFT.connect(verifier).cancelAttestationNonce(300n);
    await expect(profileNFT.connect(verifier).cancelAttestationNonce(300n))
      .to.be.revertedWithCustomError(profileNFT, "AttestationNonceUsed")
      .withArgs(verifier.address, 300n);
    expect(await profileNFT.attestationNonceUsed(verifier.address, 299n)).to.be.false;
  });
});

describe("ProfileNFT.revokeVerification", function () {
  it("lets a VERIFIER revoke: the profile is no longer verified and the event names the revoker", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    await verifyProfile(profileNFT, verifier, tokenId, alice);
    await expect(profileNFT.connect(verifier).revokeVerification(tokenId))
      .to.emit(profileNFT, "VerificationRevoked")
      .withArgs(tokenId, alice.address, verifier.address);
    expect(await profileNFT.isVerified(tokenId)).to.be.false;
    expect(await profileNFT.verificationOf(tokenId)).to.deep.equal([ethers.ZeroAddress, 0n]);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(0n);
  });

  it("cannot be undone by replaying the revoked attestation", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const signed = await attestation(verifier, tokenId, alice);
    const signature = await signAttestation(verifier, profileNFT, signed);
    await profileNFT.verify(tokenId, signed, signature);
    await profileNFT.connect(verifier).revokeVerification(tokenId);
    await expect(profileNFT.verify(tokenId, signed, signature))
      .to.be.revertedWithCustomError(profileNFT, "AttestationNonceUsed")
      .withArgs(verifier.address, signed.nonce);
  });

  it("reverts AccessManagedUnauthorized for an account without the VERIFIER role", async function () {
    const { profileNFT, alice, verifier, outsider, tokenId } = await loadFixture(deployWithProfile);
    await verifyProfile(profileNFT, verifier, tokenId, alice);
    for (const caller of [outsider, alice]) {
      await expect(profileNFT.connect(caller).revokeVerification(tokenId))
        .to.be.revertedWithCustomError(profileNFT, "AccessManagedUnauthorized")
        .withArgs(caller.address);
    }
  });

  it("reverts NotVerified for a profile without a verification", async function () {
    const { profileNFT, verifier, tokenId } = await loadFixture(deployWithProfile);
    await expect(profileNFT.connect(verifier).revokeVerification(tokenId))
      .to.be.revertedWithCustomError(profileNFT, "NotVerified")
      .withArgs(tokenId);
  });
});

describe("ProfileNFT.expireVerification", function () {
  it("reverts VerificationStillValid until the expiry has passed", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const { expiry } = await verifyProfile(profileNFT, verifier, tokenId, alice);
    await time.setNextBlockTimestamp(expiry);
    await expect(profileNFT.expireVerification(tokenId))
      .to.be.revertedWithCustomError(profileNFT, "VerificationStillValid")
      .withArgs(tokenId, expiry);
  });

  it("lets anyone remove an expired verification", async function () {
    const { profileNFT, alice, verifier, outsider, tokenId } = await loadFixture(deployWithProfile);
    const { expiry } = await verifyProfile(profileNFT, verifier, tokenId, alice);
    await time.increaseTo(expiry + 1n);
    expect(await profileNFT.isVerified(tokenId)).to.be.false;
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(1n);
    await expect(profileNFT.connect(outsider).expireVerification(tokenId))
      .to.emit(profileNFT, "VerificationExpired")
      .withArgs(tokenId, alice.address);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(0n);
  });

  it("reverts NotVerified for a profile without a verification", async function () {
    const { profileNFT, tokenId } = await loadFixture(deployWithProfile);
    await expect(profileNFT.expireVerification(tokenId))
      .to.be.revertedWithCustomError(profileNFT, "NotVerified")
      .withArgs(tokenId);
  });
});

describe("ProfileNFT transfers", function () {
  it("clear the verification: the new owner is not verified and the old attestation cannot be reused", async function () {
    const { profileNFT, alice, bob, verifier, tokenId } = await loadFixture(deployWithProfile);
    await verifyProfile(profileNFT, verifier, tokenId, alice);
    await expect(profileNFT.connect(alice).transferFrom(alice.address, bob.address, tokenId))
      .to.emit(profileNFT, "VerificationCleared")
      .withArgs(tokenId, alice.address);
    expect(await profileNFT.isVerified(tokenId)).to.be.false;
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(0n);
    expect(await profileNFT.verifiedProfileCount(bob.address)).to.equal(0n);

    const forAlice = await attestation(verifier, tokenId, alice);
    await expect(profileNFT.verify(tokenId, forAlice, await signAttestation(verifier, profileNFT, forAlice)))
      .to.be.revertedWithCustomError(profileNFT, "HolderNotOwner")
      .withArgs(tokenId, alice.address, bob.address);
    await verifyProfile(profileNFT, verifier, tokenId, bob);
    expect(await profileNFT.isVerified(tokenId)).to.be.true;
  });

  it("keep the verification when the owner transfers to itself", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    await verifyProfile(profileNFT, verifier, tokenId, alice);
    await expect(profileNFT.connect(alice).transferFrom(alice.address, alice.address, tokenId)).not.to.emit(
      profileNFT,
      "VerificationCleared",
    );
    expect(await profileNFT.isVerified(tokenId)).to.be.true;
  });
});
