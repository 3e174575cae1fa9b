// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title UserConfigLib
/// @notice An account's assets as two bits per listed asset (after Aave v3's `UserConfiguration`): bit 2i says the
///         account uses asset i as collateral, bit 2i + 1 that it borrows asset i (i < 127); bit 254 flags isolation mode. Health checks, liquidations and
///         write-offs walk only the set bits, so the work an account costs is bounded by its own choices: supplying
///         on someone's behalf sets no bit, and nothing a third party does can add an asset to another account's checks.
/// @custom:security-contact security@quartet.example
library UserConfigLib {
    /// @dev Every collateral bit (the even ones, assets 0 to 126).
    uint256 internal constant COLLATERAL_MASK = 0x1555555555555555555555555555555555555555555555555555555555555555;
    /// @dev Every borrowing bit (the odd ones, assets 0 to 126).
    uint256 internal constant BORROWING_MASK = COLLATERAL_MASK << 1;
    /// @dev Every asset's bits: the top pair holds account flags instead of a 128th asset.
    uint256 internal constant ASSETS_MASK = COLLATERAL_MASK | BORROWING_MASK;
    /// @dev Flag: the account's debt counts against an isolated asset's ceiling (isolation mode).
    uint256 internal constant ISOLATED = uint256(1) << 254;

    /// @dev Whether the account is in isolation mode.
    function isIsolated(uint256 config) internal pure returns (bool) {
        return config & ISOLATED != 0;
    }

    /// @dev `config` with the isolation flag set to `isolated`.
    function withIsolated(uint256 config, bool isolated) internal pure returns (uint256) {
        return isolated ? config | ISOLATED : config & ~ISOLATED;
    }

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
