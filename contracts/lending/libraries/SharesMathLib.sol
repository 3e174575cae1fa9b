// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MathLib} from "./MathLib.sol";

/// @title SharesMathLib
/// @notice Shares ↔ assets conversions with a virtual offset, so that a first depositor cannot inflate the share
///         price with a donation: the pool behaves as if 1e6 virtual shares backed by 1 virtual wei always existed.
/// @dev Same offset as Morpho Blue. Rounding is in each function's name; callers pick the one that favours the pool.
/// @custom:security-contact security@quartet.example
library SharesMathLib {
    using MathLib for uint256;

    /// @dev Shares that always exist but belong to nobody.
    uint256 internal constant VIRTUAL_SHARES = 1e6;
    /// @dev Assets that always back the virtual shares.
    uint256 internal constant VIRTUAL_ASSETS = 1;

    /// @dev Shares worth `assets`, rounded down (deposits, repayments: the user gets no more than paid for).
    function toSharesDown(uint256 assets, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return assets.mulDivDown(totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
    }

    /// @dev Assets worth `shares`, rounded down (what a supplier may take out).
    function toAssetsDown(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return shares.mulDivDown(totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
    }

    /// @dev Shares needed for `assets`, rounded up (withdrawals burn, borrows mint: never short the pool).
    function toSharesUp(uint256 assets, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return assets.mulDivUp(totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
    }

    /// @dev Assets owed for `shares`, rounded up (what a borrower owes).
    function toAssetsUp(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return shares.mulDivUp(totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
    }
}
