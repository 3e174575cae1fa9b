// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Bytes} from "@openzeppelin/contracts/utils/Bytes.sol";

import {IProfileNFT} from "../interfaces/IProfileNFT.sol";

/// @title ProfileMetadataCodec
/// @notice Pure bounds, UTF-8 validation and compact storage encoding of profile metadata.
/// @dev Packed layout: `accentColor` (3 bytes) ‖ displayName length (1 byte) ‖ bio length (2 bytes, big-endian) ‖
///      displayName ‖ bio ‖ avatarURI. One `bytes` in storage: short metadata (≤ 31 bytes packed) costs one slot,
///      where three strings and a colour would cost four.
/// @custom:security-contact security@quartet.example
library ProfileMetadataCodec {
    /// @notice Longest display name, in bytes (fits the 1-byte length in the packed header).
    uint256 internal constant MAX_DISPLAY_NAME_BYTES = 64;
    /// @notice Longest bio, in bytes (fits the 2-byte length in the packed header).
    uint256 internal constant MAX_BIO_BYTES = 280;
    /// @notice Longest avatar URI, in bytes.
    uint256 internal constant MAX_AVATAR_URI_BYTES = 256;

    uint256 private constant _HEADER_BYTES = 6;

    /// @notice Packs metadata for storage; the caller checks bounds first (`encode` does not truncate).
    /// @param metadata The metadata, within bounds.
    /// @return packed The packed bytes.
    function encode(IProfileNFT.ProfileMetadata memory metadata) internal pure returns (bytes memory packed) {
        return
            abi.encodePacked(
                metadata.accentColor,
                uint8(bytes(metadata.displayName).length),
                uint16(bytes(metadata.bio).length),
                metadata.displayName,
                metadata.bio,
                metadata.avatarURI
            );
    }

    /// @notice Unpacks metadata stored by `encode`; empty input gives empty metadata.
    /// @param packed The packed bytes.
    /// @return metadata The metadata.
    function decode(bytes memory packed) internal pure returns (IProfileNFT.ProfileMetadata memory metadata) {
        if (packed.length == 0) return metadata;
        metadata.accentColor = bytes3(packed);
        uint256 nameEnd = _HEADER_BYTES + uint8(packed[3]);
        uint256 bioEnd = nameEnd + ((uint256(uint8(packed[4])) << 8) | uint8(packed[5]));
        metadata.displayName = string(Bytes.slice(packed, _HEADER_BYTES, nameEnd));
        metadata.bio = string(Bytes.slice(packed, nameEnd, bioEnd));
        metadata.avatarURI = string(Bytes.slice(packed, bioEnd));
    }

    /// @notice Whether `text` is well-formed UTF-8 per RFC 3629: no stray continuation bytes, no overlong forms,
    ///         no surrogates (U+D800–U+DFFF), nothing above U+10FFFF, no truncated sequence.
    /// @param text The bytes to check.
    /// @return wellFormed True when every sequence is a valid UTF-8 encoding.
    function isWellFormedUtf8(bytes memory text) internal pure returns (bool wellFormed) {
        uint256 length = text.length;
        uint256 i = 0;
        while (i < length) {
            uint8 lead = uint8(text[i]);
            if (lead < 0x80) {
                ++i;
                continue;
            }
            uint256 continuations;
            // Allowed range of the first continuation byte; later ones are always 0x80–0xBF.
            uint8 low = 0x80;
            uint8 high = 0xbf;
            if (lead < 0xc2) {
                return false; // a continuation byte, or an overlong 2-byte form (C0, C1)
            } else if (lead < 0xe0) {
                continuations = 1;
            } else if (lead < 0xf0) {
                continuations = 2;
                if (lead == 0xe0) low = 0xa0; // overlong 3-byte forms
                if (lead == 0xed) high = 0x9f; // UTF-16 surrogates
            } else if (lead < 0xf5) {
                continuations = 3;
                if (lead == 0xf0) low = 0x90; // overlong 4-byte forms
                if (lead == 0xf4) high = 0x8f; // above U+10FFFF
            } else {
                return false; // F5–FF never appear in UTF-8
            }
            if (i + continuations >= length) return false;
            uint8 next = uint8(text[i + 1]);
            if (next < low || next > high) return false;
            for (uint256 j = 2; j <= continuations; ++j) {
                next = uint8(text[i + j]);
                if (next < 0x80 || next > 0xbf) return false;
            }
            i += continuations + 1;
        }
        return true;
    }
}
