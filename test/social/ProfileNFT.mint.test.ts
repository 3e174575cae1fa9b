import { expect } from "chai";
import { AbiCoder, ethers, toUtf8Bytes } from "ethers";
import { ethers as hre } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";

import { HANDLE_PATTERN, handleToTokenId } from "../../scripts/lib/social";
import type { ProfileNFT } from "../../typechain-types";
import { deploySocial, metadata, mintProfile } from "./fixtures";

enum Field {
  DisplayName,
  Bio,
  AvatarURI,
}

/** The custom error a call reverts with, or null when it succeeds (an `eth_call`, nothing is mined). */
async function revertName(profileNFT: ProfileNFT, data: string): Promise<string | null> {
  try {
    await hre.provider.call({ to: await profileNFT.getAddress(), data });
    return null;
  } catch (error) {
    const revertData = (error as { data?: string }).data ?? "0x";
    return profileNFT.interface.parseError(revertData)?.name ?? `unknown revert ${revertData}`;
  }
}

/** `mint(handle, metadata)` calldata whose bio is raw bytes, which need not be valid UTF-8. */
function mintWithRawBio(profileNFT: ProfileNFT, handle: string, bio: Uint8Array): string {
  const selector = profileNFT.interface.getFunction("mint").selector;
  const args = AbiCoder.defaultAbiCoder().encode(
    ["bytes", "tuple(bytes,bytes,bytes,bytes3)"],
    [toUtf8Bytes(handle), [toUtf8Bytes("Alice"), bio, "0x", "0x3366ff"]],
  );
  return ethers.concat([selector, args]);
}

describe("ProfileNFT.mint", function () {
  it("mints the profile to the caller under the handle's token id and emits ProfileCreated", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = handleToTokenId("alice");
    await expect(profileNFT.connect(alice).mint("alice", metadata()))
      .to.emit(profileNFT, "ProfileCreated")
      .withArgs(tokenId, alice.address, "alice")
      .and.to.emit(profileNFT, "Transfer")
      .withArgs(ethers.ZeroAddress, alice.address, tokenId);
    expect(await profileNFT.ownerOf(tokenId)).to.equal(alice.address);
    expect(await profileNFT.tokenIdOf("alice")).to.equal(tokenId);
    expect(await profileNFT.handleOf(tokenId)).to.equal("alice");
  });

  it("returns the token id it minted", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    expect(await profileNFT.connect(alice).mint.staticCall("alice_07", metadata())).to.equal(
      handleToTokenId("alice_07"),
    );
  });

  it("accepts a handle of exactly 3 bytes", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "abc");
    expect(await profileNFT.handleOf(tokenId)).to.equal("abc");
  });

  it("accepts a handle of exactly 32 bytes", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const handle = "a".repeat(31) + "9";
    const tokenId = await mintProfile(profileNFT, alice, handle);
    expect(await profileNFT.handleOf(tokenId)).to.equal(handle);
    expect(await profileNFT.tokenIdOf(handle)).to.equal(tokenId);
  });

  it("accepts digits first and underscores after the first byte", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    await mintProfile(profileNFT, alice, "007_");
    expect(await profileNFT.ownerOf(handleToTokenId("007_"))).to.equal(alice.address);
  });

  for (const [description, handle] of [
    ["an uppercase letter", "Alice"],
    ["the Cyrillic homoglyph а (U+0430)", "\u0430lice"],
    ["a zero-width space (U+200B)", "ali\u200Bce"],
    ["a length of 2 bytes", "ab"],
    ["a length of 33 bytes", "a".repeat(33)],
    ["a leading underscore", "_alice"],
    ["a space", "al ice"],
    ["an empty handle", ""],
    ["a dot", "alice.eth"],
    ["a hyphen", "al-ice"],
    ["an accented letter", "alicé"],
  ] as const) {
    it(`reverts InvalidHandle for ${description}`, async function () {
      const { profileNFT, alice } = await loadFixture(deploySocial);
      await expect(profileNFT.connect(alice).mint(handle, metadata()))
        .to.be.revertedWithCustomError(profileNFT, "InvalidHandle")
        .withArgs(handle);
    });
  }

  it("reverts HandleTaken when the handle is registered, whoever asks", async function () {
    const { profileNFT, alice, bob } = await loadFixture(deploySocial);
    await mintProfile(profileNFT, alice, "alice");
    await expect(profileNFT.connect(bob).mint("alice", metadata()))
      .to.be.revertedWithCustomError(profileNFT, "HandleTaken")
      .withArgs("alice");
    await expect(profileNFT.connect(alice).mint("alice", metadata()))
      .to.be.revertedWithCustomError(profileNFT, "HandleTaken")
      .withArgs("alice");
  });

  it("accepts exactly the handles matching ^[a-z0-9][a-z0-9_]{2,31}$ (property)", async function () {
    const { profileNFT } = await loadFixture(deploySocial);
    const tricky = ["a", "z", "0", "9", "_", "A", "Z", "-", " ", ".", "\u0430", "\u200B", "é", "😀", "\0", "`", "{"];
    const candidates = fc.oneof(
      fc.stringMatching(HANDLE_PATTERN),
      fc.string({ unit: fc.constantFrom(...tricky), minLength: 0, maxLength: 35 }),
    );
    await fc.assert(
      fc.asyncProperty(candidates, async (handle) => {
        const valid = HANDLE_PATTERN.test(handle);
        expect(await profileNFT.isValidHandle(handle)).to.equal(valid);
        const outcome = await revertName(
          profileNFT,
          profileNFT.interface.encodeFunctionData("mint", [handle, metadata()]),
        );
        expect(outcome).to.equal(valid ? null : "InvalidHandle");
      }),
      { numRuns: 100 },
    );
  });

  it("reverts MetadataFieldTooLong for a display name over 64 bytes, bio over 280, avatar URI over 256", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    await expect(profileNFT.connect(alice).mint("alice", metadata({ displayName: "é".repeat(32) + "x" })))
      .to.be.revertedWithCustomError(profileNFT, "MetadataFieldTooLong")
      .withArgs(Field.DisplayName, 65, 64);
    await expect(profileNFT.connect(alice).mint("alice", metadata({ bio: "b".repeat(281) })))
      .to.be.revertedWithCustomError(profileNFT, "MetadataFieldTooLong")
      .withArgs(Field.Bio, 281, 280);
    await expect(profileNFT.connect(alice).mint("alice", metadata({ avatarURI: "u".repeat(257) })))
      .to.be.revertedWithCustomError(profileNFT, "MetadataFieldTooLong")
      .withArgs(Field.AvatarURI, 257, 256);
  });

  it("stores metadata at the exact bounds and returns it unchanged", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const full = metadata({
      displayName: "é".repeat(32),
      bio: "Ж".repeat(140),
      avatarURI: "ipfs://" + "q".repeat(249),
      accentColor: "0xff0080",
    });
    const tokenId = await mintProfile(profileNFT, alice, "alice", full);
    const stored = await profileNFT.metadataOf(tokenId);
    expect([stored.displayName, stored.bio, stored.avatarURI, stored.accentColor]).to.deep.equal([
      full.displayName,
      full.bio,
      full.avatarURI,
      full.accentColor,
    ]);
  });

  it("reverts MetadataFieldNotUtf8 for malformed UTF-8", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const data = mintWithRawBio(profileNFT, "alice", Uint8Array.from([0x68, 0x69, 0xff]));
    await expect(alice.sendTransaction({ to: await profileNFT.getAddress(), data }))
      .to.be.revertedWithCustomError(profileNFT, "MetadataFieldNotUtf8")
      .withArgs(Field.Bio);
  });

  it("accepts exactly the well-formed UTF-8 that a strict decoder accepts (property)", async function () {
    const { profileNFT } = await loadFixture(deploySocial);
    const strict = new TextDecoder("utf-8", { fatal: true });
    const edgeBytes = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef];
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 12 }),
      fc
        .array(fc.constantFrom(...edgeBytes, 0xf0, 0xf4, 0xf5, 0xff, 0x41), { maxLength: 8 })
        .map((b) => Uint8Array.from(b)),
      fc.string({ unit: "binary", maxLength: 6 }).map((s) => toUtf8Bytes(s)),
    );
    await fc.assert(
      fc.asyncProperty(bytes, async (bio) => {
        let wellFormed = true;
        try {
          strict.decode(bio);
        } catch {
          wellFormed = false;
        }
        const outcome = await revertName(profileNFT, mintWithRawBio(profileNFT, "utf8test", bio));
        expect(outcome).to.equal(wellFormed ? null : "MetadataFieldNotUtf8");
      }),
      { numRuns: 100 },
    );
  });
});

describe("ProfileNFT handle lookups", function () {
  it("tokenIdOf returns 0 for an unregistered handle and for an invalid one", async function () {
    const { profileNFT } = await loadFixture(deploySocial);
    expect(await profileNFT.tokenIdOf("nobody")).to.equal(0n);
    expect(await profileNFT.tokenIdOf("No Body")).to.equal(0n);
  });

  it("handleOf reverts ERC721NonexistentToken for an unminted id", async function () {
    const { profileNFT } = await loadFixture(deploySocial);
    const tokenId = handleToTokenId("nobody");
    await expect(profileNFT.handleOf(tokenId))
      .to.be.revertedWithCustomError(profileNFT, "ERC721NonexistentToken")
      .withArgs(tokenId);
  });
});

describe("ProfileNFT.setMetadata", function () {
  it("lets the owner replace the metadata and emits ERC-4906 MetadataUpdate", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice");
    const next = metadata({
      displayName: "Alice 🚀",
      bio: "Ships things",
      avatarURI: "ipfs://avatar",
      accentColor: "0x00ff00",
    });
    await expect(profileNFT.connect(alice).setMetadata(tokenId, next))
      .to.emit(profileNFT, "MetadataUpdate")
      .withArgs(tokenId);
    const stored = await profileNFT.metadataOf(tokenId);
    expect(stored.displayName).to.equal("Alice 🚀");
    expect(stored.bio).to.equal("Ships things");
    expect(stored.avatarURI).to.equal("ipfs://avatar");
    expect(stored.accentColor).to.equal("0x00ff00");
  });

  it("reverts NotProfileOwner for anyone but the owner", async function () {
    const { profileNFT, alice, bob } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice");
    await expect(profileNFT.connect(bob).setMetadata(tokenId, metadata()))
      .to.be.revertedWithCustomError(profileNFT, "NotProfileOwner")
      .withArgs(tokenId, bob.address);
  });

  it("reverts ERC721NonexistentToken for an unminted profile", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = handleToTokenId("nobody");
    await expect(profileNFT.connect(alice).setMetadata(tokenId, metadata()))
      .to.be.revertedWithCustomError(profileNFT, "ERC721NonexistentToken")
      .withArgs(tokenId);
  });

  it("reverts MetadataFieldTooLong for a bio over 280 bytes", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice");
    await expect(profileNFT.connect(alice).setMetadata(tokenId, metadata({ bio: "b".repeat(281) })))
      .to.be.revertedWithCustomError(profileNFT, "MetadataFieldTooLong")
      .withArgs(Field.Bio, 281, 280);
  });
});
