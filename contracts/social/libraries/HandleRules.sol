// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title HandleRules
/// @notice Pure rules for profile handles and their token ids. A handle is 3–32 bytes, each in `[a-z0-9_]`, the first
///         not `_` — the regular expression `^[a-z0-9][a-z0-9_]{2,31}$` over bytes. Uppercase, spaces, every non-ASCII
///         byte (so every homoglyph and zero-width character) and every other symbol are rejected, so two different
///         handles never look alike by case or script.
/// @dev A handle's token id is its bytes left-aligned in a bytes32 and read as a number. Valid handles contain no zero
///      byte, so the id is unique per handle and `toHandle` recovers the handle from it.
/// @custom:security-contact security@quartet.example
library HandleRules {
    /// @notice Shortest handle, in bytes.
    uint256 internal constant MIN_LENGTH = 3;
    /// @notice Longest handle, in bytes (a bytes32).
    uint256 internal constant MAX_LENGTH = 32;

    /// @dev Bit `c` is set when byte `c` may start a handle: `0-9` (0x30–0x39) and `a-z` (0x61–0x7a).
    uint256 private constant _FIRST_BYTES = (0x3ff << 0x30) | (0x3ffffff << 0x61);
    /// @dev Bit `c` is set when byte `c` may appear after the first: the above and `_` (0x5f).
    uint256 private constant _OTHER_BYTES = _FIRST_BYTES | (1 << 0x5f);

    /// @notice Whether `handle` follows the rules.
    /// @param handle The candidate handle.
    /// @return valid True for 3–32 bytes of `[a-z0-9_]` not starting with `_`.
    function isValid(string memory handle) internal pure returns (bool valid) {
        bytes memory raw = bytes(handle);
        uint256 length = raw.length;
        if (length < MIN_LENGTH || length > MAX_LENGTH) return false;
        bytes32 word = bytes32(raw);
        if ((_FIRST_BYTES >> uint8(word[0])) & 1 == 0) return false;
        for (uint256 i = 1; i < length; ++i) {
            if ((_OTHER_BYTES >> uint8(word[i])) & 1 == 0) return false;
        }
        return true;
    }

    /// @notice The token id of a handle: its bytes left-aligned and zero-padded in 32 bytes, as a number.
    /// @dev Only meaningful for valid handles (at most 32 bytes; no zero byte).
    /// @param handle A valid handle.
    /// @return tokenId The id.
    function toTokenId(string memory handle) internal pure returns (uint256 tokenId) {
        return uint256(bytes32(bytes(handle)));
    }

    /// @notice The handle of a token id made by `toTokenId`: its bytes up to the first zero byte.
    /// @param tokenId The id.
    /// @return handle The handle.
    function toHandle(uint256 tokenId) internal pure returns (string memory handle) {
        bytes32 word = bytes32(tokenId);
        uint256 length = 0;
        while (length < MAX_LENGTH && word[length] != 0) ++length;
        bytes memory raw = new bytes(length);
        for (uint256 i = 0; i < length; ++i) raw[i] = word[i];
        return string(raw);
    }
}
