// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LendingMathMirror as M} from "./LendingMathMirror.sol";

/// @title SharesMathProperties
/// @notice SMTChecker harness: shares ↔ assets conversions round the way their names say, and round trips through
///         the pool never hand back more than went in. Each function requires its preconditions and asserts its
///         property; `npm run prove` checks every assertion (and every overflow, underflow and division by zero).
/// @dev Bounds: asset amounts and totals fit in uint128 (as the pool stores them); share totals stay 1e6 below the
///      uint128 ceiling, so that every product of the mirror fits in 256 bits. Never deployed.
/// @custom:security-contact security@quartet.example
/// @custom:smtchecker bmc
contract SharesMathProperties {
    uint256 internal constant MAX_ASSETS = type(uint128).max;
    uint256 internal constant MAX_SHARES = type(uint128).max - M.VIRTUAL_SHARES;

    /// @notice toSharesDown(a) = ⌊a·(S+1e6)/(A+1)⌋: never above the exact value, less than one share below it.
    /// @param assets Amount converted.
    /// @param totalAssets Reserve's total assets.
    /// @param totalShares Reserve's total shares.
    function toSharesDownRoundsDown(uint256 assets, uint256 totalAssets, uint256 totalShares) external pure {
        _assumeTotals(totalAssets, totalShares);
        M.assume(assets <= MAX_ASSETS);
        uint256 shares = M.toSharesDown(assets, totalAssets, totalShares);
        uint256 numerator = assets * (totalShares + M.VIRTUAL_SHARES);
        uint256 denominator = totalAssets + M.VIRTUAL_ASSETS;
        assert(shares * denominator <= numerator);
        assert(numerator - shares * denominator < denominator);
    }

    /// @notice toSharesUp(a) = ⌈a·(S+1e6)/(A+1)⌉: never below the exact value, less than one share above it.
    /// @param assets Amount converted.
    /// @param totalAssets Reserve's total assets.
    /// @param totalShares Reserve's total shares.
    function toSharesUpRoundsUp(uint256 assets, uint256 totalAssets, uint256 totalShares) external pure {
        _assumeTotals(totalAssets, totalShares);
        M.assume(assets <= MAX_ASSETS);
        uint256 shares = M.toSharesUp(assets, totalAssets, totalShares);
        uint256 numerator = assets * (totalShares + M.VIRTUAL_SHARES);
        uint256 denominator = totalAssets + M.VIRTUAL_ASSETS;
        assert(shares * denominator >= numerator);
        assert(shares * denominator - numerator < denominator);
    }

    /// @notice toAssetsDown(s) = ⌊s·(A+1)/(S+1e6)⌋: never above the exact value, less than one wei below it.
    /// @param shares Shares converted.
    /// @param totalAssets Reserve's total assets.
    /// @param totalShares Reserve's total shares.
    function toAssetsDownRoundsDown(uint256 shares, uint256 totalAssets, uint256 totalShares) external pure {
        _assumeTotals(totalAssets, totalShares);
        M.assume(shares <= MAX_SHARES);
        uint256 assets = M.toAssetsDown(shares, totalAssets, totalShares);
        uint256 numerator = shares * (totalAssets + M.VIRTUAL_ASSETS);
        uint256 denominator = totalShares + M.VIRTUAL_SHARES;
        assert(assets * denominator <= numerator);
        assert(numerator - assets * denominator < denominator);
    }

    /// @notice toAssetsUp(s) = ⌈s·(A+1)/(S+1e6)⌉: never below the exact value, less than one wei above it.
    /// @param shares Shares converted.
    /// @param totalAssets Reserve's total assets.
    /// @param totalShares Reserve's total shares.
    function toAssetsUpRoundsUp(uint256 shares, uint256 totalAssets, uint256 totalShares) external pure {
        _assumeTotals(totalAssets, totalShares);
        M.assume(shares <= MAX_SHARES);
        uint256 assets = M.toAssetsUp(shares, totalAssets, totalShares);
        uint256 numerator = shares * (totalAssets + M.VIRTUAL_ASSETS);
        uint256 denominator = totalShares + M.VIRTUAL_SHARES;
        assert(assets * denominator >= numerator);
        assert(assets * denominator - numerator < denominator);
    }

    /// @notice Supply `a`, then withdraw every share minted (the pool's withdraw(max)): at most `a` comes back.
    /// @param assets Amount supplied.
    /// @param totalAssets Reserve's total supply assets before.
    /// @param totalShares Reserve's total supply shares before.
    function supplyThenWithdrawAllReturnsAtMostSupplied(
        uint256 assets,
        uint256 totalAssets,
        uint256 totalShares
    ) external pure {
        _assumeTotals(totalAssets, totalShares);
        M.assume(assets <= MAX_ASSETS - totalAssets);
        uint256 shares = M.toSharesDown(assets, totalAssets, totalShares);
        M.assume(shares <= MAX_SHARES - totalShares);
        uint256 withdrawn = M.toAssetsDown(shares, totalAssets + assets, totalShares + shares);
        assert(withdrawn <= assets);
    }

    /// @notice Supply `a`, then withdraw an amount `x`: the shares that withdraw(x) burns (rounded up) cover it only if
    ///         x ≤ a.
    /// @param assets Amount supplied.
    /// @param amount Amount the supplier then asks to withdraw.
    /// @param totalAssets Reserve's total supply assets before.
    /// @param totalShares Reserve's total supply shares before.
    function supplyThenWithdrawAmountReturnsAtMostSupplied(
        uint256 assets,
        uint256 amount,
        uint256 totalAssets,
        uint256 totalShares
    ) external pure {
        _assumeTotals(totalAssets, totalShares);
        M.assume(assets <= MAX_ASSETS - totalAssets && amount <= MAX_ASSETS);
        uint256 shares = M.toSharesDown(assets, totalAssets, totalShares);
        M.assume(shares <= MAX_SHARES - totalShares);
        uint256 burned = M.toSharesUp(amount, totalAssets + assets, totalShares + shares);
        M.assume(burned <= shares);
        assert(amount <= assets);
    }

    /// @notice Borrow `b`, then repay everything (the pool's repay(max)): the debt owed is at least `b`.
    /// @param borrowed Amount borrowed.
    /// @param totalAssets Reserve's total borrow assets before.
    /// @param totalShares Reserve's total borrow shares before.
    function borrowThenRepayAllOwesAtLeastBorrowed(
        uint256 borrowed,
        uint256 totalAssets,
        uint256 totalShares
    ) external pure {
        _assumeTotals(totalAssets, totalShares);
        M.assume(borrowed <= MAX_ASSETS - totalAssets);
        uint256 shares = M.toSharesUp(borrowed, totalAssets, totalShares);
        M.assume(shares <= MAX_SHARES - totalShares);
        uint256 owed = M.toAssetsUp(shares, totalAssets + borrowed, totalShares + shares);
        assert(owed >= borrowed);
    }

    function _assumeTotals(uint256 totalAssets, uint256 totalShares) private pure {
        M.assume(totalAssets <= MAX_ASSETS && totalShares <= MAX_SHARES);
    }
}
