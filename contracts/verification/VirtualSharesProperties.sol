// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LendingMathMirror as M} from "./LendingMathMirror.sol";

/// @title VirtualSharesProperties
/// @notice SMTChecker harness: the virtual-share offset defeats the first-depositor inflation attack. The pool never
///         counts donated tokens in its totals, so a donation cannot move the share price at all; what is left to
///         prove is that the totals the pool's own operations reach keep every share worth at most one wei
///         (A + 1 ≤ S + 1e6), and that at such a price any deposit of at least one wei mints at least one share.
/// @dev Interest accrual raises A without minting shares, so it can break A + 1 ≤ S + 1e6 (only after supply assets
///      grew a million-fold from interest alone); the last property states what holds then. Never deployed.
/// @custom:security-contact security@quartet.example
/// @custom:smtchecker bmc
contract VirtualSharesProperties {
    uint256 internal constant MAX_ASSETS = type(uint128).max;
    uint256 internal constant MAX_SHARES = type(uint128).max - M.VIRTUAL_SHARES;

    /// @notice A first deposit of 1 wei into an empty reserve mints 1e6 shares; every later deposit of a ≥ 1 wei then
    ///         mints exactly a × 1e6 shares, whatever was donated meanwhile (donations never enter the totals).
    /// @param assets The second depositor's amount.
    function firstDepositOfOneWeiCannotStealLaterDeposits(uint256 assets) external pure {
        M.assume(assets >= 1 && assets <= MAX_ASSETS - 1);
        uint256 firstShares = M.toSharesDown(1, 0, 0);
        assert(firstShares == M.VIRTUAL_SHARES);
        uint256 shares = M.toSharesDown(assets, 1, firstShares);
        assert(shares == assets * M.VIRTUAL_SHARES);
    }

    /// @notice While A + 1 ≤ S + 1e6, a deposit of at least one wei mints at least one share.
    /// @param assets Amount deposited.
    /// @param totalAssets Reserve's total supply assets.
    /// @param totalShares Reserve's total supply shares.
    function depositOfOneWeiMintsAShare(uint256 assets, uint256 totalAssets, uint256 totalShares) external pure {
        _assumePriceBound(totalAssets, totalShares);
        M.assume(assets >= 1 && assets <= MAX_ASSETS);
        assert(M.toSharesDown(assets, totalAssets, totalShares) >= 1);
    }

    /// @notice supply keeps A + 1 ≤ S + 1e6 (the empty reserve starts there: 1 ≤ 1e6).
    /// @param assets Amount supplied.
    /// @param totalAssets Reserve's total supply assets before.
    /// @param totalShares Reserve's total supply shares before.
    function supplyKeepsPriceBound(uint256 assets, uint256 totalAssets, uint256 totalShares) external pure {
        _assumePriceBound(totalAssets, totalShares);
        M.assume(assets <= MAX_ASSETS - totalAssets);
        uint256 shares = M.toSharesDown(assets, totalAssets, totalShares);
        M.assume(shares <= MAX_SHARES - totalShares);
        assert(totalAssets + assets + M.VIRTUAL_ASSETS <= totalShares + shares + M.VIRTUAL_SHARES);
    }

    /// @notice Taking out `amount` assets while burning at most toSharesUp(amount) shares keeps A + 1 ≤ S + 1e6. This
    ///         covers withdraw(amount) and a liquidation's seizure (which burns toSharesUp(seized), capped by the
    ///         shares the borrower holds).
    /// @param amount Assets taken out.
    /// @param burned Shares burned.
    /// @param totalAssets Reserve's total supply assets before.
    /// @param totalShares Reserve's total supply shares before.
    function withdrawAmountKeepsPriceBound(
        uint256 amount,
        uint256 burned,
        uint256 totalAssets,
        uint256 totalShares
    ) external pure {
        _assumePriceBound(totalAssets, totalShares);
        M.assume(amount <= totalAssets && burned <= totalShares);
        M.assume(burned <= M.toSharesUp(amount, totalAssets, totalShares));
        assert(totalAssets - amount + M.VIRTUAL_ASSETS <= totalShares - burned + M.VIRTUAL_SHARES);
    }

    /// @notice Burning `shares` for toAssetsDown(shares) assets (withdraw(max), a seizure of all collateral) keeps
    ///         A + 1 ≤ S + 1e6.
    /// @param shares Shares burned.
    /// @param totalAssets Reserve's total supply assets before.
    /// @param totalShares Reserve's total supply shares before.
    function withdrawSharesKeepsPriceBound(uint256 shares, uint256 totalAssets, uint256 totalShares) external pure {
        _assumePriceBound(totalAssets, totalShares);
        M.assume(shares <= totalShares);
        uint256 assets = M.toAssetsDown(shares, totalAssets, totalShares);
        assert(totalAssets - assets + M.VIRTUAL_ASSETS <= totalShares - shares + M.VIRTUAL_SHARES);
    }

    /// @notice Whatever the price, a deposit worth at least one share, a ≥ (A + 1) / (S + 1e6), mints at least one.
    /// @param assets Amount deposited.
    /// @param totalAssets Reserve's total supply assets.
    /// @param totalShares Reserve's total supply shares.
    function depositWorthAShareMintsAShare(uint256 assets, uint256 totalAssets, uint256 totalShares) external pure {
        M.assume(totalAssets <= MAX_ASSETS && totalShares <= MAX_SHARES && assets <= MAX_ASSETS);
        M.assume(assets * (totalShares + M.VIRTUAL_SHARES) >= totalAssets + M.VIRTUAL_ASSETS);
        assert(M.toSharesDown(assets, totalAssets, totalShares) >= 1);
    }

    function _assumePriceBound(uint256 totalAssets, uint256 totalShares) private pure {
        M.assume(totalAssets <= MAX_ASSETS && totalShares <= MAX_SHARES);
        M.assume(totalAssets + M.VIRTUAL_ASSETS <= totalShares + M.VIRTUAL_SHARES);
    }
}
