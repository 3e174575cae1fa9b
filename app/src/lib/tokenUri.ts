export interface ProfileMetadata {
  name: string;
  description: string;
  /** A data: URI of the card's SVG, safe to show in an <img> (an image cannot run scripts). */
  image: string;
  attributes: { trait_type: string; value: string | number | boolean }[];
}

function decodeBase64Utf8(base64: string): string {
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** ProfileNFT.tokenURI's `data:application/json;base64,…` (or plain `data:application/json,…`) as metadata. */
export function decodeTokenUri(uri: string): ProfileMetadata {
  let json: string;
  if (uri.startsWith("data:application/json;base64,")) {
    json = decodeBase64Utf8(uri.slice("data:application/json;base64,".length));
  } else if (uri.startsWith("data:application/json,")) {
    json = decodeURIComponent(uri.slice("data:application/json,".length));
  } else {
    throw new Error(`not an on-chain JSON token URI: ${uri.slice(0, 40)}`);
  }
  const parsed = JSON.parse(json) as Partial<ProfileMetadata>;
  if (typeof parsed.image !== "string" || !parsed.image.startsWith("data:image/svg+xml")) {
    throw new Error("the token URI has no SVG image");
  }
  return {
    name: parsed.name ?? "",
    description: parsed.description ?? "",
    image: parsed.image,
    attributes: Array.isArray(parsed.attributes) ? parsed.attributes : [],
  };
}
