import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { decodeProfileTokenURI, handleToTokenId } from "../../scripts/lib/social";
import { deploySocial, mintProfile, verifyProfile } from "./fixtures";

/** Element names used in the SVG card; anything else in the markup would be injected. */
const CARD_ELEMENTS = new Set(["svg", "rect", "circle", "g", "text", "path"]);

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
    expect(json.attributes).to.have.length(4);
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
