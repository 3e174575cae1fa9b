// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/// @title Escape
/// @notice Pure escaping of user text for the two languages of on-chain metadata: JSON strings and XML (SVG) text.
/// @custom:security-contact security@quartet.example
library Escape {
    /// @dev The double quote, by value: prettier would turn its string literal into a single-quoted one.
    bytes1 private constant _QUOTE = 0x22;

    /// @notice Escapes `text` for use inside a double-quoted JSON string: `"` and `\` get a backslash, control
    ///         characters U+0000–U+001F become `\b \t \n \f \r` or `\u00XX` (OpenZeppelin `Strings.escapeJSON`).
    /// @param text Raw text.
    /// @return escaped Text that cannot end the JSON string or break the document.
    function json(string memory text) internal pure returns (string memory escaped) {
        return Strings.escapeJSON(text);
    }

    /// @notice Escapes `text` for XML character data and attribute values: `<` `>` `&` `"` `'` become entity
    ///         references; control characters U+0000–U+001F and the noncharacters U+FFFE and U+FFFF, which XML 1.0
    ///         cannot carry even as references, become U+FFFD (the replacement character). The input must be
    ///         well-formed UTF-8 (ProfileNFT checks it), so no surrogate reaches the output.
    /// @param text Raw text.
    /// @return escaped Text that cannot open or close an element or attribute.
    function xml(string memory text) internal pure returns (string memory escaped) {
        bytes memory input = bytes(text);
        uint256 extra = 0;
        bool nonCharacter = false;
        for (uint256 i = 0; i < input.length; ++i) {
            extra += _extraBytes(input[i]);
            if (_isNonCharacter(input, i)) nonCharacter = true;
        }
        if (extra == 0 && !nonCharacter) return text;

        bytes memory output = new bytes(input.length + extra);
        uint256 j = 0;
        for (uint256 i = 0; i < input.length; ++i) {
            bytes1 char = input[i];
            bytes memory replacement;
            if (char == "<") replacement = "&lt;";
            else if (char == ">") replacement = "&gt;";
            else if (char == "&") replacement = "&amp;";
            else if (char == _QUOTE) replacement = "&quot;";
            else if (char == "'") replacement = "&apos;";
            else if (uint8(char) < 0x20) replacement = "\xef\xbf\xbd";
            else {
                output[j] = char;
                ++j;
                continue;
            }
            for (uint256 k = 0; k < replacement.length; ++k) {
                output[j] = replacement[k];
                ++j;
            }
        }
        if (nonCharacter) {
            // Same length: the third byte of EF BF BE / EF BF BF becomes BD. Escapes insert only whole characters,
            // so every match in the output is a noncharacter of the input.
            for (uint256 k = 0; k + 2 < output.length; ++k) {
                if (_isNonCharacter(output, k)) output[k + 2] = 0xbd;
            }
        }
        return string(output);
    }

    /// @dev Whether U+FFFE or U+FFFF (EF BF BE, EF BF BF) starts at `i`.
    function _isNonCharacter(bytes memory text, uint256 i) private pure returns (bool) {
        return i + 2 < text.length && text[i] == 0xef && text[i + 1] == 0xbf && uint8(text[i + 2]) >= 0xbe;
    }

    /// @dev How many bytes longer `char`'s escaped form is than the byte itself.
    function _extraBytes(bytes1 char) private pure returns (uint256) {
        if (char == "<" || char == ">") return 3; // &lt; &gt;
        if (char == "&") return 4; // &amp;
        if (char == _QUOTE || char == "'") return 5; // &quot; &apos;
        if (uint8(char) < 0x20) return 2; // U+FFFD is 3 bytes
        return 0;
    }
}
