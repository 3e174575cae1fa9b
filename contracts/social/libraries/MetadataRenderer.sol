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
///         base64 SVG card (generative avatar, display name or handle, the handle, verified badge, accent colour).
/// @dev Every user string is JSON-escaped where it enters the JSON and XML-escaped where it enters the SVG; the SVG
///      enters the JSON as base64, which needs no escaping. The colour is formatted from its three bytes; the avatar
///      is drawn from its traits (small numbers, range-checked by ProfileNFT and reduced modulo here), so no user byte
///      reaches it.
///      `tokenURI` is public, so the library is deployed once and linked: it keeps ProfileNFT under the 24 KiB limit.
/// @custom:security-contact security@quartet.example
library MetadataRenderer {
    bytes16 private constant _HEX_DIGITS = "0123456789abcdef";

    /// @notice The token URI of a profile.
    /// @param handle The profile's handle.
    /// @param metadata The profile's metadata.
    /// @param avatar The profile's avatar traits.
    /// @param verified Whether to show the verified badge.
    /// @return uri `data:application/json;base64,` followed by the JSON document.
    function tokenURI(
        string memory handle,
        IProfileNFT.ProfileMetadata memory metadata,
        IProfileNFT.AvatarTraits memory avatar,
        bool verified
    ) public pure returns (string memory uri) {
        string memory jsonHandle = Escape.json(handle);
        string memory document = string.concat(
            '{"name":"@',
            jsonHandle,
            '","description":"',
            Escape.json(metadata.bio),
            '","image":"data:image/svg+xml;base64,',
            Base64.encode(bytes(svg(handle, metadata, avatar, verified))),
            '","avatar":"',
            Escape.json(metadata.avatarURI),
            '","attributes":[{"trait_type":"Handle","value":"',
            jsonHandle,
            '"},{"trait_type":"Display name","value":"',
            Escape.json(metadata.displayName),
            '"},{"trait_type":"Verified","value":"',
            verified ? "Yes" : "No",
            _traitAttributes(colourHex(metadata.accentColor), avatar)
        );
        return string.concat("data:application/json;base64,", Base64.encode(bytes(document)));
    }

    /// @notice The profile card as an SVG document.
    /// @param handle The profile's handle.
    /// @param metadata The profile's metadata.
    /// @param avatar The profile's avatar traits.
    /// @param verified Whether to show the verified badge.
    /// @return image The SVG markup.
    function svg(
        string memory handle,
        IProfileNFT.ProfileMetadata memory metadata,
        IProfileNFT.AvatarTraits memory avatar,
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
                '"/>',
                avatarSvg(avatar, colour),
                '<g font-family="sans-serif"><text x="128" y="92" font-size="26" font-weight="700" fill="#ffffff">',
                title,
                '</text><text x="128" y="122" font-size="18" fill="#9aa0aa">@',
                xmlHandle,
                "</text>",
                verified ? _badge() : "",
                '<text x="456" y="246" text-anchor="end" font-size="14" fill="#5c6370">Quartet Profiles</text></g></svg>'
            );
    }

    /// @notice The avatar: a shape in the palette's background, the pattern in its foreground clipped to the shape,
    ///         outlined in the accent colour; centred at (72, 96) in a 72 × 72 box.
    /// @param avatar The traits (each taken modulo its count).
    /// @param accent The accent colour, `#rrggbb`.
    /// @return markup SVG elements.
    function avatarSvg(
        IProfileNFT.AvatarTraits memory avatar,
        string memory accent
    ) internal pure returns (string memory markup) {
        string memory outline = _pick(
            avatar.shape,
            "M72 60a36 36 0 1 1 0 72a36 36 0 1 1 0-72z",
            "M50 60h44a14 14 0 0 1 14 14v44a14 14 0 0 1-14 14h-44a14 14 0 0 1-14-14v-44a14 14 0 0 1 14-14z",
            "M72 60l31 18v36l-31 18l-31-18v-36z",
            "M72 60l36 36l-36 36l-36-36z"
        );
        return
            string.concat(
                '<defs><clipPath id="avatar"><path d="',
                outline,
                '"/></clipPath></defs><path d="',
                outline,
                '" fill="',
                _pick(avatar.palette, "#0b3d91", "#ff6f3c", "#1b5e20", "#222222"),
                '"/><g clip-path="url(#avatar)" fill="none" stroke="',
                _pick(avatar.palette, "#4fc3f7", "#ffd166", "#a5d6a7", "#e0e0e0"),
                '" stroke-width="5">',
                _pick(
                    avatar.pattern,
                    '<circle cx="72" cy="96" r="12" fill="#ffffff" fill-opacity="0.35" stroke="none"/>',
                    '<path d="M36 84l48-24M36 108l72-36M36 132l72-36M60 132l48-24"/>',
                    string.concat(
                        '<g fill="#ffffff" stroke="none"><circle cx="56" cy="80" r="5"/><circle cx="88" cy="80" r="5"/>',
                        '<circle cx="72" cy="96" r="5"/><circle cx="56" cy="112" r="5"/><circle cx="88" cy="112" r="5"/></g>'
                    ),
                    '<circle cx="72" cy="96" r="10"/><circle cx="72" cy="96" r="22"/><circle cx="72" cy="96" r="34"/>'
                ),
                '</g><path d="',
                outline,
                '" fill="none" stroke="',
                accent,
                '" stroke-width="3"/>'
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

    /// @dev The JSON attributes after "Verified": accent colour and avatar traits, closing the document.
    function _traitAttributes(
        string memory colour,
        IProfileNFT.AvatarTraits memory avatar
    ) private pure returns (string memory) {
        return
            string.concat(
                '"},{"trait_type":"Accent colour","value":"',
                colour,
                '"},{"trait_type":"Avatar shape","value":"',
                _pick(avatar.shape, "Circle", "Square", "Hexagon", "Diamond"),
                '"},{"trait_type":"Avatar palette","value":"',
                _pick(avatar.palette, "Ocean", "Sunset", "Forest", "Mono"),
                '"},{"trait_type":"Avatar pattern","value":"',
                _pick(avatar.pattern, "Solid", "Stripes", "Dots", "Rings"),
                '"}]}'
            );
    }

    /// @dev One of four fixed strings by a trait value, taken modulo 4.
    function _pick(
        uint8 value,
        string memory a,
        string memory b,
        string memory c,
        string memory d
    ) private pure returns (string memory) {
        uint8 i = value % 4;
        if (i == 0) return a;
        if (i == 1) return b;
        return i == 2 ? c : d;
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
