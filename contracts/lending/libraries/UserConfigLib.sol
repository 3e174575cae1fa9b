// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title UserConfigLib
/// @notice An account's assets as two bits per listed asset (after Aave v3's `UserConfiguration`): bit 2i says the
///         account uses asset i as collateral, bit 2i + 1 that it borrows asset i. Health checks, liquidations and
///         write-offs walk only the set bits, so the work an account costs is bounded by its own choices: supplying
///         on someone's behalf sets no bit, and nothing a third party does can add an asset to another account's checks.
/// @custom:security-contact security@quartet.example
library UserConfigLib {
    /// @dev Every collateral bit (the even ones).
    uint256 internal constant COLLATERAL_MASK = 0x5555555555555555555555555555555555555555555555555555555555555555;
    /// @dev Every borrowing bit (the odd ones).
    uint256 internal constant BORROWING_MASK = COLLATERAL_MASK << 1;

    /// @dev Whether asset `index` is enabled as collateral.
    function isCollateral(uint256 config, uint256 index) internal pure returns (bool) {
        return (config >> (2 * index)) & 1 != 0;
    }

    /// @dev Whether asset `index` is borrowed.
    function isBorrowing(uint256 config, uint256 index) internal pure returns (bool) {
        return (config >> (2 * index + 1)) & 1 != 0;
    }

    /// @dev Whether any asset is borrowed.
    function isBorrowingAny(uint256 config) internal pure returns (bool) {
        return config & BORROWING_MASK != 0;
    }

    /// @dev `config` with asset `index`'s collateral bit set to `enabled`.
    function withCollateral(uint256 config, uint256 index, bool enabled) internal pure returns (uint256) {
        uint256 mask = uint256(1) << (2 * index);
        return enabled ? config | mask : config & ~mask;
    }

    /// @dev `config` with asset `index`'s borrowing bit set to `borrowing`.
    function withBorrowing(uint256 config, uint256 index, bool borrowing) internal pure returns (uint256) {
        uint256 mask = uint256(1) << (2 * index + 1);
        return borrowing ? config | mask : config & ~mask;
    }
}
