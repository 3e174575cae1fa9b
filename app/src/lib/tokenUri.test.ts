import { describe, expect, it } from "vitest";

import { decodeTokenUri } from "./tokenUri";

const svg = "data:image/svg+xml;base64,PHN2Zy8+";
const json = {
  name: "@ada",
  description: "Builds things ✓",
  image: svg,
  attributes: [{ trait_type: "Verified", value: "Yes" }],
};

describe("decodeTokenUri", () => {
  it("decodes base64 JSON, UTF-8 included", () => {
    const base64 = Buffer.from(JSON.stringify(json), "utf8").toString("base64");
    expect(decodeTokenUri(`data:application/json;base64,${base64}`)).toEqual(json);
  });

  it("decodes percent-encoded JSON", () => {
    expect(decodeTokenUri(`data:application/json,${encodeURIComponent(JSON.stringify(json))}`).name).toBe("@ada");
  });

  it("refuses off-chain URIs and images that are not SVG data", () => {
    expect(() => decodeTokenUri("ipfs://Qm")).toThrow(/not an on-chain JSON/);
    const bad = Buffer.from(JSON.stringify({ ...json, image: "https://x/y.png" })).toString("base64");
    expect(() => decodeTokenUri(`data:application/json;base64,${bad}`)).toThrow(/no SVG/);
  });
});
