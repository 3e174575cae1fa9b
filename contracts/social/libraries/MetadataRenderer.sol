// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";

import {IProfileNFT} from "../interfaces/IProfileNFT.sol";
import {Escape} from "./Escape.sol";

// JSON and SVG markup: single-quoted literals keep its double quotes readable, and its long literals are the markup
// itself, used only in views.
// solhint-disable quotes, gas-small-strings

/// @title MetadataRenderer
/// @notice Pure on-chain rendering of a profile: a `data:application/json;base64,` token URI whose `image` is a
///         base64 SVG card (display name or handle, the handle, verified badge, accent colour).
/// @dev Every user string is JSON-escaped where it enters the JSON and XML-escaped where it enters the SVG; the SVG
///      enters the JSON as base64, which needs no escaping. The colour is formatted from its three bytes.
///      `tokenURI` is public, so the library is deployed once and linked: it keeps ProfileNFT under the 24 KiB limit.
/// @custom:security-contact security@quartet.example
library MetadataRenderer {
    bytes16 private constant _HEX_DIGITS = "0123456789abcdef";

    /// @notice The token URI of a profile.
    /// @param handle The profile's handle.
    /// @param metadata The profile's metadata.
    /// @param verified Whether to show the verified badge.
    /// @return uri `data:application/json;base64,` followed by the JSON document.
    function tokenURI(
        string memory handle,
        IProfileNFT.ProfileMetadata memory metadata,
        bool verified
    ) public pure returns (string memory uri) {
        string memory jsonHandle = Escape.json(handle);
        string memory colour = colourHex(metadata.accentColor);
        string memory document = string.concat(
            '{"name":"@',
            jsonHandle,
            '","description":"',
            Escape.json(metadata.bio),
            '","image":"data:image/svg+xml;base64,',
            Base64.encode(bytes(svg(handle, metadata, verified))),
            '","avatar":"',
            Escape.json(metadata.avatarURI),
            '","attributes":[{"trait_type":"Handle","value":"',
            jsonHandle,
            '"},{"trait_type":"Display name","value":"',
            Escape.json(metadata.displayName),
            '"},{"trait_type":"Verified","value":"',
            verified ? "Yes" : "No",
            '"},{"trait_type":"Accent colour","value":"',
            colour,
            '"}]}'
        );
        return string.concat("data:application/json;base64,", Base64.encode(bytes(document)));
    }

    /// @notice The profile card as an SVG document.
    /// @param handle The profile's handle.
    /// @param metadata The profile's metadata.
    /// @param verified Whether to show the verified badge.
    /// @return image The SVG markup.
    function svg(
        string memory handle,
        IProfileNFT.ProfileMetadata memory metadata,
        bool verified
    ) internal pure returns (string memory image) {
        string memory colour = colourHex(metadata.accentColor);
        string memory xmlHandle = Escape.xml(handle);
        string memory title = bytes(metadata.displayName).length == 0 ? xmlHandle : Escape.xml(metadata.displayName);
        return
            string.concat(
                '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="270" viewBox="0 0 480 270">',
                '<rect width="480" height="270" rx="24" fill="#111318"/>',
                '<rect width="480" height="10" fill="',
                colour,
                '"/><circle cx="72" cy="96" r="36" fill="',
                colour,
                '"/><g font-family="sans-serif"><text x="128" y="92" font-size="26" font-weight="700" fill="#ffffff">',
                title,
                '</text><text x="128" y="122" font-size="18" fill="#9aa0aa">@',
                xmlHandle,
                "</text>",
                verified ? _badge() : "",
                '<text x="456" y="246" text-anchor="end" font-size="14" fill="#5c6370">Quartet Profiles</text></g></svg>'
            );
    }

    /// @notice `#rrggbb` for a three-byte colour.
    /// @param color The colour.
    /// @return css The CSS hex notation, lowercase.
    function colourHex(bytes3 color) internal pure returns (string memory css) {
        bytes memory out = new bytes(7);
        out[0] = "#";
        for (uint256 i = 0; i < 3; ++i) {
            uint8 b = uint8(color[i]);
            out[1 + 2 * i] = _HEX_DIGITS[b >> 4];
            out[2 + 2 * i] = _HEX_DIGITS[b & 0x0f];
        }
        return string(out);
    }

    /// @dev The verified badge: a blue disc with a check mark and the word "Verified".
    function _badge() private pure returns (string memory) {
        return
            string.concat(
                '<g transform="translate(32 196)"><circle cx="14" cy="14" r="14" fill="#1d9bf0"/>',
                '<path d="M8 14.5l4 4L20 10" fill="none" stroke="#ffffff" stroke-width="3"/>',
                '<text x="38" y="20" font-size="18" fill="#1d9bf0">Verified</text></g>'
            );
    }
}
