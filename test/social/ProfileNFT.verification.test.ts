import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, type Addressable, Contract, ZeroHash } from "ethers";

import { ROLES } from "../../scripts/lib/roles";
import {
  VERIFICATION_FIELDS,
  attestedUid,
  encodeVerification,
  signDelegatedVerification,
  verificationRequestData,
} from "../../scripts/lib/social";
import { claim, deploySocial, mintProfile, verifyProfile } from "./fixtures";
import { EASArtifact, VERIFICATION_SCHEMA } from "../../deploy/modules/eas";

async function deployWithProfile() {
  const fixture = await loadFixture(deploySocial);
  const { profileNFT, alice } = fixture;
  const tokenId = await mintProfile(profileNFT, alice, "alice");
  const schema = await profileNFT.verificationSchema();
  return { ...fixture, tokenId, schema };
}

/** EAS with its full ABI: IEAS declares no errors, so revert matchers name EAS's own through this. */
function easErrors(eas: { target: string | Addressable }) {
  return new Contract(eas.target, EASArtifact.abi);
}

function revocation(schema: string, uid: string) {
  return { schema, data: { uid, value: 0n } };
}

describe("ProfileNFT verification schema", function () {
  it("is registered in EAS's SchemaRegistry, revocable, with ProfileNFT as resolver", async function () {
    const { profileNFT, schemaRegistry, eas, schema } = await loadFixture(deployWithProfile);
    expect(await profileNFT.VERIFICATION_SCHEMA()).to.equal(VERIFICATION_SCHEMA);
    const record = await schemaRegistry.getSchema(schema);
    expect(record.uid).to.equal(schema);
    expect(record.resolver).to.equal(await profileNFT.getAddress());
    expect(record.revocable).to.be.true;
    expect(record.schema).to.equal(VERIFICATION_SCHEMA);
    expect(await profileNFT.eas()).to.equal(await eas.getAddress());
    expect(await eas.getSchemaRegistry()).to.equal(await schemaRegistry.getAddress());
    expect(await profileNFT.isPayable()).to.be.false;
  });
});

describe("ProfileNFT verification through EAS", function () {
  it("verifies the profile when a VERIFIER attests, records the UID and emits ProfileVerified", async function () {
    const { profileNFT, eas, alice, verifier, tokenId, schema } = await loadFixture(deployWithProfile);
    const claimed = await claim(tokenId, alice);
    const tx = eas.connect(verifier).attest({ schema, data: verificationRequestData(claimed) });
    await expect(tx).to.emit(profileNFT, "ProfileVerified").and.to.emit(profileNFT, "MetadataUpdate").withArgs(tokenId);
    const uid = attestedUid((await (await tx).wait())!, eas);
    await expect(tx)
      .to.emit(profileNFT, "ProfileVerified")
      .withArgs(tokenId, alice.address, verifier.address, uid, claimed.expiry);
    expect(await profileNFT.isVerified(tokenId)).to.be.true;
    expect(await profileNFT.verificationOf(tokenId)).to.deep.equal([uid, verifier.address, claimed.expiry]);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(1n);
    const stored = await eas.getAttestation(uid);
    expect([stored.recipient, stored.attester, stored.expirationTime]).to.deep.equal([
      alice.address,
      verifier.address,
      claimed.expiry,
    ]);
    expect(AbiCoder.defaultAbiCoder().decode(VERIFICATION_FIELDS, stored.data).toArray()).to.deep.equal([
      tokenId,
      "alice",
      claimed.expiry,
    ]);
  });

  it("accepts a delegated attestation signed by a verifier and submitted by anyone", async function () {
    const { profileNFT, eas, alice, verifier, outsider, tokenId } = await loadFixture(deployWithProfile);
    const claimed = await claim(tokenId, alice);
    const request = await signDelegatedVerification(eas, verifier, profileNFT, claimed);
    const tx = eas.connect(outsider).attestByDelegation(request);
    await expect(tx).to.emit(profileNFT, "ProfileVerified");
    const uid = attestedUid((await (await tx).wait())!, eas);
    expect(await profileNFT.verificationOf(tokenId)).to.deep.equal([uid, verifier.address, claimed.expiry]);
    // The same signature cannot be submitted twice (EAS nonces).
    await expect(eas.connect(outsider).attestByDelegation(request)).to.be.revertedWithCustomError(
      easErrors(eas),
      "InvalidSignature",
    );
  });

  it("refuses a delegated attestation signed by a non-verifier (NotVerifier through EAS)", async function () {
    const { profileNFT, eas, alice, outsider, tokenId } = await loadFixture(deployWithProfile);
    const request = await signDelegatedVerification(eas, outsider, profileNFT, await claim(tokenId, alice));
    await expect(eas.connect(alice).attestByDelegation(request))
      .to.be.revertedWithCustomError(profileNFT, "NotVerifier")
      .withArgs(outsider.address);
  });

  it("refuses an attester without the VERIFIER role: NotVerifier, bubbled through EAS", async function () {
    const { profileNFT, eas, alice, outsider, tokenId, schema } = await loadFixture(deployWithProfile);
    const data = verificationRequestData(await claim(tokenId, alice));
    for (const attester of [outsider, alice]) {
      await expect(eas.connect(attester).attest({ schema, data }))
        .to.be.revertedWithCustomError(profileNFT, "NotVerifier")
        .withArgs(attester.address);
    }
    expect(await profileNFT.isVerified(tokenId)).to.be.false;
  });

  it("refuses a VERIFIER granted with an execution delay (VerifierDelayed): its role acts only through schedule", async function () {
    const { profileNFT, accessManager, eas, deployer, alice, outsider, tokenId, schema } =
      await loadFixture(deployWithProfile);
    await accessManager.connect(deployer).grantRole(ROLES.VERIFIER, outsider, 3_600);
    const data = verificationRequestData(await claim(tokenId, alice));
    await expect(eas.connect(outsider).attest({ schema, data }))
      .to.be.revertedWithCustomError(profileNFT, "VerifierDelayed")
      .withArgs(outsider.address, 3_600);
    expect(await profileNFT.isVerified(tokenId)).to.be.false;
  });

  it("refuses another schema that names ProfileNFT as its resolver (WrongSchema)", async function () {
    const { profileNFT, eas, schemaRegistry, alice, verifier, outsider, tokenId, schema } =
      await loadFixture(deployWithProfile);
    // Anyone may register a schema with any resolver, e.g. an irrevocable copy of the Quartet schema.
    const copy = "uint256 profileId,string handle,uint64 expiry,bool forever";
    await schemaRegistry.connect(outsider).register(copy, profileNFT, false);
    const copyUid = ethers.solidityPackedKeccak256(
      ["string", "address", "bool"],
      [copy, await profileNFT.getAddress(), false],
    );
    const claimed = await claim(tokenId, alice);
    await expect(
      eas
        .connect(verifier)
        .attest({ schema: copyUid, data: { ...verificationRequestData(claimed), revocable: false } }),
    )
      .to.be.revertedWithCustomError(profileNFT, "WrongSchema")
      .withArgs(copyUid, schema);
  });

  it("refuses an irrevocable attestation (AttestationNotRevocable)", async function () {
    const { profileNFT, eas, alice, verifier, tokenId, schema } = await loadFixture(deployWithProfile);
    const data = { ...verificationRequestData(await claim(tokenId, alice)), revocable: false };
    await expect(eas.connect(verifier).attest({ schema, data })).to.be.revertedWithCustomError(
      profileNFT,
      "AttestationNotRevocable",
    );
  });

  it("refuses an attestation whose handle is not the profile's (HandleMismatch)", async function () {
    const { profileNFT, eas, alice, bob, verifier, tokenId, schema } = await loadFixture(deployWithProfile);
    const bobId = await mintProfile(profileNFT, bob, "bob");
    for (const [id, handle] of [
      [tokenId, "bob"],
      [bobId, "alice"],
      [tokenId, "Alice"],
      [tokenId, "alice\u0000"],
    ] as const) {
      const data = verificationRequestData(await claim(id, alice, { handle }));
      await expect(eas.connect(verifier).attest({ schema, data }))
        .to.be.revertedWithCustomError(profileNFT, "HandleMismatch")
        .withArgs(id, handle);
    }
  });

  it("refuses an attestation for another owner's profile (RecipientNotOwner)", async function () {
    const { profileNFT, eas, alice, bob, verifier, schema } = await loadFixture(deployWithProfile);
    const bobId = await mintProfile(profileNFT, bob, "bob");
    const data = verificationRequestData(await claim(bobId, alice));
    await expect(eas.connect(verifier).attest({ schema, data }))
      .to.be.revertedWithCustomError(profileNFT, "RecipientNotOwner")
      .withArgs(bobId, alice.address, bob.address);
  });

  it("refuses an attestation for a profile that does not exist", async function () {
    const { profileNFT, eas, alice, verifier, schema } = await loadFixture(deployWithProfile);
    const data = verificationRequestData(await claim(0x6e6f626f6479n << 208n, alice, { handle: "nobody" }));
    await expect(eas.connect(verifier).attest({ schema, data }))
      .to.be.revertedWithCustomError(profileNFT, "ERC721NonexistentToken")
      .withArgs(0x6e6f626f6479n << 208n);
  });

  it("refuses an attestation without expiry or whose data's expiry differs (ExpiryMismatch)", async function () {
    const { profileNFT, eas, alice, verifier, tokenId, schema } = await loadFixture(deployWithProfile);
    const claimed = await claim(tokenId, alice);
    const none = { ...verificationRequestData(claimed), expirationTime: 0n };
    await expect(eas.connect(verifier).attest({ schema, data: none }))
      .to.be.revertedWithCustomError(profileNFT, "ExpiryMismatch")
      .withArgs(claimed.expiry, 0n);
    const other = { ...verificationRequestData(claimed), expirationTime: claimed.expiry + 1n };
    await expect(eas.connect(verifier).attest({ schema, data: other }))
      .to.be.revertedWithCustomError(profileNFT, "ExpiryMismatch")
      .withArgs(claimed.expiry, claimed.expiry + 1n);
  });

  it("refuses data that does not decode as the schema", async function () {
    const { profileNFT, eas, alice, verifier, tokenId, schema } = await loadFixture(deployWithProfile);
    const data = { ...verificationRequestData(await claim(tokenId, alice)), data: "0x1234" };
    await expect(eas.connect(verifier).attest({ schema, data })).to.be.reverted;
    expect(await profileNFT.isVerified(tokenId)).to.be.false;
  });

  it("refuses an expired attestation (EAS InvalidExpirationTime) and a delegated one past its deadline", async function () {
    const { profileNFT, eas, alice, verifier, outsider, tokenId, schema } = await loadFixture(deployWithProfile);
    const now = BigInt(await time.latest());
    const data = verificationRequestData(await claim(tokenId, alice, { expiry: now }));
    await expect(eas.connect(verifier).attest({ schema, data })).to.be.revertedWithCustomError(
      easErrors(eas),
      "InvalidExpirationTime",
    );
    const request = await signDelegatedVerification(eas, verifier, profileNFT, await claim(tokenId, alice), now + 10n);
    await time.increaseTo(now + 11n);
    await expect(eas.connect(outsider).attestByDelegation(request)).to.be.revertedWithCustomError(
      easErrors(eas),
      "DeadlineExpired",
    );
  });

  it("stops showing the verification at the attestation's expirationTime, the second EAS counts it expired", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const expiry = BigInt(await time.latest()) + 100n;
    await verifyProfile(profileNFT, verifier, tokenId, alice, { expiry });
    expect(await profileNFT.isVerified(tokenId)).to.be.true;
    await time.increaseTo(expiry - 1n);
    expect(await profileNFT.isVerified(tokenId)).to.be.true;
    await time.increaseTo(expiry);
    expect(await profileNFT.isVerified(tokenId)).to.be.false;
  });

  it("replaces the UID in force when the profile is attested again, counting the owner once", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const first = await verifyProfile(profileNFT, verifier, tokenId, alice);
    const second = await verifyProfile(profileNFT, verifier, tokenId, alice, { expiry: first.expiry - 1000n });
    expect(second.uid).not.to.equal(first.uid);
    expect(await profileNFT.verificationOf(tokenId)).to.deep.equal([second.uid, verifier.address, second.expiry]);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(1n);
    expect(await profileNFT.getVotes(alice.address)).to.equal(1n);
  });
});

describe("ProfileNFT revocation through EAS", function () {
  it("clears the verification when the attester revokes the attestation in force", async function () {
    const { profileNFT, eas, alice, verifier, tokenId, schema } = await loadFixture(deployWithProfile);
    const { uid } = await verifyProfile(profileNFT, verifier, tokenId, alice);
    await expect(eas.connect(verifier).revoke(revocation(schema, uid)))
      .to.emit(profileNFT, "AttestationRevoked")
      .withArgs(tokenId, alice.address, uid)
      .and.to.emit(profileNFT, "MetadataUpdate")
      .withArgs(tokenId);
    expect(await profileNFT.isVerified(tokenId)).to.be.false;
    expect(await profileNFT.verificationOf(tokenId)).to.deep.equal([ZeroHash, ethers.ZeroAddress, 0n]);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(0n);
    expect(await profileNFT.getVotes(alice.address)).to.equal(0n);
  });

  it("lets a verifier who lost the role still revoke its attestation", async function () {
    const { profileNFT, eas, accessManager, alice, verifier, tokenId, schema } = await loadFixture(deployWithProfile);
    const { uid } = await verifyProfile(profileNFT, verifier, tokenId, alice);
    await accessManager.revokeRole(ROLES.VERIFIER, verifier.address);
    await eas.connect(verifier).revoke(revocation(schema, uid));
    expect(await profileNFT.isVerified(tokenId)).to.be.false;
  });

  it("refuses a revocation by anyone but the attester (EAS AccessDenied), even another verifier", async function () {
    const { profileNFT, eas, accessManager, alice, verifier, outsider, tokenId, schema } =
      await loadFixture(deployWithProfile);
    const { uid } = await verifyProfile(profileNFT, verifier, tokenId, alice);
    await accessManager.grantRole(ROLES.VERIFIER, outsider.address, 0);
    for (const revoker of [outsider, alice]) {
      await expect(eas.connect(revoker).revoke(revocation(schema, uid))).to.be.revertedWithCustomError(
        easErrors(eas),
        "AccessDenied",
      );
    }
    expect(await profileNFT.isVerified(tokenId)).to.be.true;
  });

  it("does not clear a newer verification when an older, replaced attestation is revoked", async function () {
    const { profileNFT, eas, alice, verifier, tokenId, schema } = await loadFixture(deployWithProfile);
    const older = await verifyProfile(profileNFT, verifier, tokenId, alice);
    const newer = await verifyProfile(profileNFT, verifier, tokenId, alice);
    await expect(eas.connect(verifier).revoke(revocation(schema, older.uid))).not.to.emit(
      profileNFT,
      "AttestationRevoked",
    );
    expect(await profileNFT.isVerified(tokenId)).to.be.true;
    expect((await profileNFT.verificationOf(tokenId)).uid).to.equal(newer.uid);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(1n);
  });

  it("after a transfer, revoking the previous owner's attestation leaves the new owner's verification", async function () {
    const { profileNFT, eas, alice, bob, verifier, tokenId, schema } = await loadFixture(deployWithProfile);
    const forAlice = await verifyProfile(profileNFT, verifier, tokenId, alice);
    await profileNFT.connect(alice).transferFrom(alice.address, bob.address, tokenId);
    const forBob = await verifyProfile(profileNFT, verifier, tokenId, bob);
    await eas.connect(verifier).revoke(revocation(schema, forAlice.uid));
    expect((await profileNFT.verificationOf(tokenId)).uid).to.equal(forBob.uid);
    expect(await profileNFT.verifiedProfileCount(bob.address)).to.equal(1n);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(0n);
  });

  it("only EAS may call the resolver hooks (AccessDenied)", async function () {
    const { profileNFT, alice, verifier, tokenId, schema } = await loadFixture(deployWithProfile);
    const claimed = await claim(tokenId, alice);
    const forged = {
      uid: ethers.id("forged"),
      schema,
      time: 0n,
      expirationTime: claimed.expiry,
      revocationTime: 0n,
      refUID: ZeroHash,
      recipient: alice.address,
      attester: verifier.address,
      revocable: true,
      data: encodeVerification(claimed),
    };
    await expect(profileNFT.connect(alice).attest(forged)).to.be.revertedWithCustomError(profileNFT, "AccessDenied");
    await expect(profileNFT.connect(alice).revoke(forged)).to.be.revertedWithCustomError(profileNFT, "AccessDenied");
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
    expect(await profileNFT.verificationOf(tokenId)).to.deep.equal([ethers.ZeroHash, ethers.ZeroAddress, 0n]);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(0n);
  });

  it("leaves the EAS attestation as it is: its attester may still revoke it there, which changes nothing", async function () {
    const { profileNFT, eas, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const { uid } = await verifyProfile(profileNFT, verifier, tokenId, alice);
    await profileNFT.connect(verifier).revokeVerification(tokenId);
    expect(await eas.isAttestationValid(uid)).to.be.true;
    await expect(eas.connect(verifier).revoke(revocation(await profileNFT.verificationSchema(), uid))).not.to.emit(
      profileNFT,
      "AttestationRevoked",
    );
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(0n);
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
  it("reverts VerificationStillValid until the expiry, and removes the verification at that second", async function () {
    const { profileNFT, alice, verifier, tokenId } = await loadFixture(deployWithProfile);
    const { expiry } = await verifyProfile(profileNFT, verifier, tokenId, alice);
    await time.setNextBlockTimestamp(expiry - 1n);
    await expect(profileNFT.expireVerification(tokenId))
      .to.be.revertedWithCustomError(profileNFT, "VerificationStillValid")
      .withArgs(tokenId, expiry);
    await time.setNextBlockTimestamp(expiry);
    await expect(profileNFT.expireVerification(tokenId))
      .to.emit(profileNFT, "VerificationExpired")
      .withArgs(tokenId, alice.address);
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
  it("clear the verification: the new owner is not verified until attested itself", async function () {
    const { profileNFT, alice, bob, verifier, tokenId } = await loadFixture(deployWithProfile);
    await verifyProfile(profileNFT, verifier, tokenId, alice);
    await expect(profileNFT.connect(alice).transferFrom(alice.address, bob.address, tokenId))
      .to.emit(profileNFT, "VerificationCleared")
      .withArgs(tokenId, alice.address);
    expect(await profileNFT.isVerified(tokenId)).to.be.false;
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(0n);
    expect(await profileNFT.verifiedProfileCount(bob.address)).to.equal(0n);

    // An attestation naming the previous owner is refused; the new owner needs its own.
    await expect(verifyProfile(profileNFT, verifier, tokenId, alice))
      .to.be.revertedWithCustomError(profileNFT, "RecipientNotOwner")
      .withArgs(tokenId, alice.address, bob.address);
    const { uid } = await verifyProfile(profileNFT, verifier, tokenId, bob);
    expect(await profileNFT.isVerified(tokenId)).to.be.true;
    expect((await profileNFT.verificationOf(tokenId)).uid).to.equal(uid);
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
