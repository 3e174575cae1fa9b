import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";

import { decodeProfileTokenURI, handleToTokenId } from "../../scripts/lib/social";
import { assertProperty, propertySettings } from "../helpers/properties";
import { xmlProblems } from "../helpers/xml";
import { deploySocial, mintProfile, verifyProfile } from "./fixtures";

/** Element names used in the SVG card; anything else in the markup would be injected. */
const CARD_ELEMENTS = new Set(["svg", "rect", "circle", "g", "text", "path", "defs", "clipPath"]);

function elementNames(svg: string): string[] {
  return [...svg.matchAll(/<\/?([A-Za-z][\w:-]*)/g)].map((m) => m[1]);
}

function attribute(json: { attributes: { trait_type: string; value: string }[] }, trait: string): string | undefined {
  return json.attributes.find((a) => a.trait_type === trait)?.value;
}

describe("ProfileNFT.tokenURI", function () {
  it("returns base64 JSON naming the handle, with the bio, avatar and an SVG card", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice", { avatarURI: "ipfs://avatar" });
    const { json, svg } = decodeProfileTokenURI(await profileNFT.tokenURI(tokenId));
    expect(json.name).to.equal("@alice");
    expect(json.description).to.equal("Builder");
    expect(json.avatar).to.equal("ipfs://avatar");
    expect(attribute(json, "Handle")).to.equal("alice");
    expect(attribute(json, "Display name")).to.equal("Alice");
    expect(attribute(json, "Verified")).to.equal("No");
    expect(attribute(json, "Accent colour")).to.equal("#3366ff");
    expect(svg).to.match(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).to.contain(">Alice</text>").and.to.contain(">@alice</text>").and.to.contain('fill="#3366ff"');
    expect(svg).not.to.contain("Verified");
  });

  it("titles the card with the handle when the display name is empty", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice", { displayName: "" });
    const { svg } = decodeProfileTokenURI(await profileNFT.tokenURI(tokenId));
    expect(svg).to.contain('font-weight="700" fill="#ffffff">alice</text>');
  });

  it("shows the verified badge while verified and drops it once the attestation expires", async function () {
    const { profileNFT, alice, verifier } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice");
    const { expiry } = await verifyProfile(profileNFT, verifier, tokenId, alice);
    let decoded = decodeProfileTokenURI(await profileNFT.tokenURI(tokenId));
    expect(attribute(decoded.json, "Verified")).to.equal("Yes");
    expect(decoded.svg).to.contain(">Verified</text>");

    await time.increaseTo(expiry + 1n);
    decoded = decodeProfileTokenURI(await profileNFT.tokenURI(tokenId));
    expect(attribute(decoded.json, "Verified")).to.equal("No");
    expect(decoded.svg).not.to.contain("Verified");
  });

  it("escapes quotes, backslashes and control characters so the JSON parses to the exact strings", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const displayName = 'Al"ice\\';
    const bio = 'x","attributes":[],"y":"\\u0041\n\t\r\b\f\u0001\u001f\u007f';
    const avatarURI = 'javascript:alert("hi")\\';
    const tokenId = await mintProfile(profileNFT, alice, "alice", { displayName, bio, avatarURI });
    const uri = await profileNFT.tokenURI(tokenId);
    const { json } = decodeProfileTokenURI(uri); // JSON.parse throws on invalid JSON
    expect(json.description).to.equal(bio);
    expect(json.avatar).to.equal(avatarURI);
    expect(attribute(json, "Display name")).to.equal(displayName);
    expect(json.attributes).to.have.length(7);
    const raw = Buffer.from(uri.split(",")[1], "base64").toString("utf8");
    expect(raw).to.contain("\\u0001").and.to.contain("\\u001f").and.to.contain('Al\\"ice\\\\');
  });

  it("escapes </text><script> and every XML special character in the SVG", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const displayName = `</text><script>alert('x')</script>&"`;
    const tokenId = await mintProfile(profileNFT, alice, "alice", { displayName });
    const { json, svg } = decodeProfileTokenURI(await profileNFT.tokenURI(tokenId));
    expect(attribute(json, "Display name")).to.equal(displayName);
    expect(svg).not.to.contain("<script");
    expect(svg).to.contain("&lt;/text&gt;&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;&quot;</text>");
    expect(elementNames(svg).every((name) => CARD_ELEMENTS.has(name))).to.be.true;
  });

  it("replaces control characters in the SVG with U+FFFD, which XML can carry", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice", { displayName: "A\u0000B\nC" });
    const { svg } = decodeProfileTokenURI(await profileNFT.tokenURI(tokenId));
    expect(svg).to.contain(">A\uFFFDB\uFFFDC</text>");
    expect([...svg].some((char) => char.charCodeAt(0) < 0x20)).to.be.false;
  });

  it("keeps non-ASCII display names intact in both JSON and SVG", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice", { displayName: "Алиса 🚀" });
    const { json, svg } = decodeProfileTokenURI(await profileNFT.tokenURI(tokenId));
    expect(attribute(json, "Display name")).to.equal("Алиса 🚀");
    expect(svg).to.contain(">Алиса 🚀</text>");
  });

  it("reverts ERC721NonexistentToken for an unminted profile", async function () {
    const { profileNFT } = await loadFixture(deploySocial);
    const tokenId = handleToTokenId("nobody");
    await expect(profileNFT.tokenURI(tokenId))
      .to.be.revertedWithCustomError(profileNFT, "ERC721NonexistentToken")
      .withArgs(tokenId);
  });
});

describe("ProfileNFT avatars", function () {
  it("draws the default avatar (circle, ocean, solid) outlined in the accent colour", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice");
    expect(await profileNFT.avatarOf(tokenId)).to.deep.equal([0n, 0n, 0n]);
    const { json, svg } = decodeProfileTokenURI(await profileNFT.tokenURI(tokenId));
    expect(svg).to.contain('<clipPath id="avatar"><path d="M72 60a36 36').and.to.contain('fill="#0b3d91"');
    expect(svg).to.contain('stroke="#3366ff" stroke-width="3"/>');
    expect([
      attribute(json, "Avatar shape"),
      attribute(json, "Avatar palette"),
      attribute(json, "Avatar pattern"),
    ]).to.deep.equal(["Circle", "Ocean", "Solid"]);
    expect(xmlProblems(svg)).to.deep.equal([]);
  });

  it("lets the owner pick shape, palette and pattern: AvatarSet and MetadataUpdate, drawn on the card", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice");
    const seen = new Set<string>();
    for (const [shape, palette, pattern] of [
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
    ]) {
      await expect(profileNFT.connect(alice).setAvatar(tokenId, { shape, palette, pattern }))
        .to.emit(profileNFT, "AvatarSet")
        .withArgs(tokenId, [shape, palette, pattern])
        .and.to.emit(profileNFT, "MetadataUpdate")
        .withArgs(tokenId);
      expect(await profileNFT.avatarOf(tokenId)).to.deep.equal([BigInt(shape), BigInt(palette), BigInt(pattern)]);
      const { json, svg } = decodeProfileTokenURI(await profileNFT.tokenURI(tokenId));
      expect(xmlProblems(svg)).to.deep.equal([]);
      expect(elementNames(svg).every((name) => CARD_ELEMENTS.has(name))).to.be.true;
      seen.add(svg);
      expect(attribute(json, "Avatar shape")).to.equal(["Circle", "Square", "Hexagon", "Diamond"][shape]);
      expect(attribute(json, "Avatar palette")).to.equal(["Ocean", "Sunset", "Forest", "Mono"][palette]);
      expect(attribute(json, "Avatar pattern")).to.equal(["Solid", "Stripes", "Dots", "Rings"][pattern]);
    }
    expect(seen.size).to.equal(3);
    // Metadata updates keep the avatar.
    await profileNFT.connect(alice).setMetadata(tokenId, {
      displayName: "A",
      bio: "",
      avatarURI: "",
      accentColor: "0x000000",
    });
    expect(await profileNFT.avatarOf(tokenId)).to.deep.equal([3n, 3n, 3n]);
  });

  it("reverts InvalidAvatarTrait for each trait out of range", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice");
    await expect(profileNFT.connect(alice).setAvatar(tokenId, { shape: 4, palette: 0, pattern: 0 }))
      .to.be.revertedWithCustomError(profileNFT, "InvalidAvatarTrait")
      .withArgs(0, 4, 4);
    await expect(profileNFT.connect(alice).setAvatar(tokenId, { shape: 0, palette: 4, pattern: 0 }))
      .to.be.revertedWithCustomError(profileNFT, "InvalidAvatarTrait")
      .withArgs(1, 4, 4);
    await expect(profileNFT.connect(alice).setAvatar(tokenId, { shape: 0, palette: 255, pattern: 0 }))
      .to.be.revertedWithCustomError(profileNFT, "InvalidAvatarTrait")
      .withArgs(1, 255, 4);
    await expect(profileNFT.connect(alice).setAvatar(tokenId, { shape: 3, palette: 3, pattern: 4 }))
      .to.be.revertedWithCustomError(profileNFT, "InvalidAvatarTrait")
      .withArgs(2, 4, 4);
  });

  it("reverts NotProfileOwner for anyone but the owner, and ERC721NonexistentToken for an unminted profile", async function () {
    const { profileNFT, alice, bob } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice");
    await expect(profileNFT.connect(bob).setAvatar(tokenId, { shape: 1, palette: 1, pattern: 1 }))
      .to.be.revertedWithCustomError(profileNFT, "NotProfileOwner")
      .withArgs(tokenId, bob.address);
    const nobody = handleToTokenId("nobody");
    await expect(profileNFT.connect(bob).setAvatar(nobody, { shape: 1, palette: 1, pattern: 1 }))
      .to.be.revertedWithCustomError(profileNFT, "ERC721NonexistentToken")
      .withArgs(nobody);
  });
});

describe("ProfileNFT.tokenURI properties", function () {
  const settings = propertySettings("tokenURI is valid JSON with a well-formed XML 1.0 card", 25, 2_000);
  this.timeout(settings.mochaTimeout);

  /** UTF-8 of at most `max` bytes, biased towards the characters that break JSON and XML. */
  const hostile = (max: number) =>
    fc
      .array(
        fc.oneof(
          fc.constantFrom("<", ">", "&", '"', "'", "\\", "/", "]]>", "&amp;", "\u2028", "\ufffe", "\uffff", "\ufffd"),
          fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
          fc.integer({ min: 0x7f, max: 0x9f }).map((c) => String.fromCharCode(c)),
          fc.string({ unit: "binary", maxLength: 4 }),
        ),
        { maxLength: max },
      )
      .map((parts) => truncateUtf8(parts.join(""), max));

  it("parses as JSON to the stored strings and carries an SVG that is well-formed XML 1.0, for any UTF-8 the owner stores", async function () {
    const { profileNFT, alice } = await loadFixture(deploySocial);
    const tokenId = await mintProfile(profileNFT, alice, "alice");
    await assertProperty(
      fc.asyncProperty(
        hostile(64),
        hostile(280),
        hostile(256),
        fc.integer({ min: 0, max: 0xffffff }),
        async (displayName, bio, avatarURI, color) => {
          const accentColor = `0x${color.toString(16).padStart(6, "0")}`;
          await profileNFT.connect(alice).setMetadata(tokenId, { displayName, bio, avatarURI, accentColor });
          const { json, svg } = decodeProfileTokenURI(await profileNFT.tokenURI(tokenId)); // JSON.parse throws
          expect(json.description).to.equal(bio);
          expect(json.avatar).to.equal(avatarURI);
          expect(attribute(json, "Display name")).to.equal(displayName);
          expect(xmlProblems(svg)).to.deep.equal([]);
          expect(elementNames(svg).every((name) => CARD_ELEMENTS.has(name))).to.be.true;
        },
      ),
      settings,
    );
  });
});

/** `text` cut to at most `max` UTF-8 bytes on a character boundary, with lone surrogates replaced (not UTF-8). */
function truncateUtf8(text: string, max: number): string {
  let out = "";
  let bytes = 0;
  for (const char of Buffer.from(text, "utf8").toString("utf8")) {
    const size = Buffer.byteLength(char, "utf8");
    if (bytes + size > max) break;
    out += char;
    bytes += size;
  }
  return out;
}

describe("ProfileNFT ERC-165", function () {
  it("supports ERC-165, ERC-721, ERC-721 Metadata and ERC-4906", async function () {
    const { profileNFT } = await loadFixture(deploySocial);
    for (const id of ["0x01ffc9a7", "0x80ac58cd", "0x5b5e139f", "0x49064906"]) {
      expect(await profileNFT.supportsInterface(id), id).to.be.true;
    }
  });

  it("does not claim ERC-1155, ERC-2981 or the invalid id 0xffffffff", async function () {
    const { profileNFT } = await loadFixture(deploySocial);
    for (const id of ["0xd9b67a26", "0x2a55205a", "0xffffffff"]) {
      expect(await profileNFT.supportsInterface(id), id).to.be.false;
    }
  });
});
