// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LendingMathMirror as M} from "./LendingMathMirror.sol";
import {LendingPoolMirror as P} from "./LendingPoolMirror.sol";

/// @title InterestProperties
/// @notice SMTChecker harness: interest accrual (LendingPool._accrue over MathLib.wTaylorCompounded) never lowers a
///         share price or a balance and never overflows the pool's uint128 totals, within stated bounds.
/// @dev Bounds: rate ≤ InterestRateModel.MAX_RATE_PER_SECOND (1,000%/yr), elapsed ≤ 100 years, reserve factor ≤ 100%,
///      totals ≤ 2^100 before the accrual. The pool has no separate index: a reserve's share price (A + 1) / (S + 1e6)
///      is its index, and accrual raises A with S fixed. Never deployed.
/// @custom:security-contact security@quartet.example
/// @custom:smtchecker bmc
contract InterestProperties {
    uint256 internal constant MAX_ELAPSED = 100 * 365 days;
    /// @dev wTaylorCompounded(P.MAX_RATE_PER_SECOND, MAX_ELAPSED): the largest growth factor, ≈ 1.67e8 in wad.
    uint256 internal constant MAX_GROWTH_WAD = 167_167_666_665_646_227_829_868_718;
    /// @dev Totals before an accrual. With growth ≤ MAX_GROWTH_WAD, 2^100 × (1 + growth) < 2^128 (the largest safe
    ///      borrow total is ≈ 2^100.68 = 2.04e30).
    uint256 internal constant MAX_TOTAL = 2 ** 100;
    uint256 internal constant BPS = 10_000;

    /// @notice The growth factor is at least simple interest (rate × time) and at most MAX_GROWTH_WAD.
    /// @param ratePerSecond Borrow rate per second (wad).
    /// @param elapsed Seconds since the last accrual.
    function growthIsBounded(uint256 ratePerSecond, uint256 elapsed) external pure {
        M.assume(ratePerSecond <= P.MAX_RATE_PER_SECOND && elapsed <= MAX_ELAPSED);
        uint256 growth = M.wTaylorCompounded(ratePerSecond, elapsed);
        assert(growth >= ratePerSecond * elapsed);
        assert(growth <= MAX_GROWTH_WAD);
    }

    /// @notice One accrual with growth ≤ MAX_GROWTH_WAD from totals ≤ 2^100 fits every total in uint128, never lowers
    ///         total borrows or total supply, and sends at most the interest to reserves.
    /// @param borrowAssets Total borrows before.
    /// @param supplyAssets Total supply before.
    /// @param reserves Reserves before.
    /// @param growthWad wTaylorCompounded(rate, elapsed).
    /// @param reserveFactorBps Reserve factor.
    function accrualFitsAndNeverLowersTotals(
        uint256 borrowAssets,
        uint256 supplyAssets,
        uint256 reserves,
        uint256 growthWad,
        uint256 reserveFactorBps
    ) external pure {
        M.assume(borrowAssets <= MAX_TOTAL && supplyAssets <= MAX_TOTAL && reserves <= MAX_TOTAL);
        M.assume(growthWad <= MAX_GROWTH_WAD && reserveFactorBps <= BPS);
        uint256 interest = M.wMulUp(borrowAssets, growthWad);
        uint256 toReserves = M.mulDivDown(interest, reserveFactorBps, BPS);
        assert(toReserves <= interest);
        uint256 newBorrowAssets = borrowAssets + interest;
        uint256 newSupplyAssets = supplyAssets + interest - toReserves;
        uint256 newReserves = reserves + toReserves;
        assert(newBorrowAssets <= type(uint128).max);
        assert(newSupplyAssets <= type(uint128).max);
        assert(newReserves <= type(uint128).max);
        assert(newSupplyAssets >= supplyAssets);
    }

    /// @notice Raising total assets with total shares fixed (accrual) never lowers what shares are worth, rounded
    ///         either way: a supplier's balance and a borrower's debt only grow.
    /// @param shares A position's shares.
    /// @param totalAssets Total assets before.
    /// @param newTotalAssets Total assets after, at least as large.
    /// @param totalShares Total shares (unchanged).
    function accrualNeverLowersBalances(
        uint256 shares,
        uint256 totalAssets,
        uint256 newTotalAssets,
        uint256 totalShares
    ) external pure {
        M.assume(totalAssets <= newTotalAssets && newTotalAssets <= type(uint128).max);
        M.assume(shares <= type(uint128).max && totalShares <= type(uint128).max - M.VIRTUAL_SHARES);
        assert(M.toAssetsDown(shares, newTotalAssets, totalShares) >= M.toAssetsDown(shares, totalAssets, totalShares));
        assert(M.toAssetsUp(shares, newTotalAssets, totalShares) >= M.toAssetsUp(shares, totalAssets, totalShares));
    }
}
