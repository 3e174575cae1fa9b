// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LendingMathMirror as M} from "./LendingMathMirror.sol";

/// @title LendingPoolMirror
/// @notice LendingPool's valuation formulas (`_addAssetValue`, `_healthFactor`) and LiquidationLib (`maxRepay`,
///         `seizure`) restated on top of LendingMathMirror, for the SMTChecker harnesses, which cannot see through
///         OpenZeppelin's mulDiv assembly. test/verification/mirror.test.ts checks them against LiquidationLib itself
///         and a live pool.
/// @dev Never deployed except by that test. Keep every formula in step with LendingPool.sol and LiquidationLib.sol.
/// @custom:security-contact security@quartet.example
library LendingPoolMirror {
    /// @dev LendingPool._BPS.
    uint256 internal constant BPS = 10_000;
    /// @dev LendingPool.CLOSE_FACTOR_BPS.
    uint256 internal constant CLOSE_FACTOR_BPS = 5_000;
    /// @dev LendingPool.FULL_LIQUIDATION_HEALTH_FACTOR.
    uint256 internal constant FULL_LIQUIDATION_HEALTH_FACTOR = 0.95e18;
    /// @dev LendingPool.DUST_DEBT_VALUE.
    uint256 internal constant DUST_DEBT_VALUE = 100e18;
    /// @dev LendingPool.MAX_LIQUIDATION_BONUS_BPS.
    uint256 internal constant MAX_LIQUIDATION_BONUS_BPS = 2_000;
    /// @dev InterestRateModel.MAX_RATE_PER_SECOND = 10e18 / 365 days (1,000% a year).
    uint256 internal constant MAX_RATE_PER_SECOND = 317_097_919_837;

    /// @dev One asset's contribution to `_accountValues`: its collateral value (rounded down) weighted by the
    ///      liquidation threshold (rounded down again), and its debt value (rounded up). `collateral` and `debt` are
    ///      the position in token units (`toAssetsDown` of the supply shares, `toAssetsUp` of the borrow shares).
    function assetValues(
        uint256 collateral,
        uint256 debt,
        uint256 price,
        uint256 unit,
        uint256 thresholdBps
    ) internal pure returns (uint256 thresholdValue, uint256 debtValue) {
        uint256 value = M.mulDivDown(collateral, price, unit);
        thresholdValue = M.mulDivDown(value, thresholdBps, BPS);
        debtValue = M.mulDivUp(debt, price, unit);
    }

    /// @dev `_healthFactor`: Σ threshold value / Σ debt value in wad, rounded down; unbounded without debt.
    function healthFactor(uint256 thresholdValue, uint256 debtValue) internal pure returns (uint256) {
        if (debtValue == 0) return type(uint256).max;
        return M.wDivDown(thresholdValue, debtValue);
    }

    /// @dev The first half of `_liquidationAmounts`: the close factor. At most half the debt while the health factor is
    ///      at least 0.95 and the debt is worth more than twice the dust value, else all of it.
    function liquidationRepayCap(
        uint256 debt,
        uint256 repayAmount,
        uint256 healthFactorWad,
        uint256 debtPrice,
        uint256 debtUnit
    ) internal pure returns (uint256 repaid) {
        uint256 maxRepay = debt;
        if (
            healthFactorWad >= FULL_LIQUIDATION_HEALTH_FACTOR &&
            M.mulDivDown(debt, debtPrice, debtUnit) > 2 * DUST_DEBT_VALUE
        ) {
            maxRepay = M.mulDivDown(debt, CLOSE_FACTOR_BPS, BPS);
        }
        repaid = repayAmount < maxRepay ? repayAmount : maxRepay;
    }

    /// @dev The second half of `_liquidationAmounts` (`_seizure`): collateral for `repaid` plus the bonus, rounded
    ///      down, capped by the collateral held; when capped, the repayment shrinks to what the capped collateral is
    ///      worth (rounded up).
    function liquidationSeizure(
        uint256 repaid,
        uint256 collateral,
        uint256 debtPrice,
        uint256 collateralPrice,
        uint256 debtUnit,
        uint256 collateralUnit,
        uint256 bonusBps
    ) internal pure returns (uint256 finalRepaid, uint256 seized) {
        finalRepaid = repaid;
        uint256 bonusFactor = BPS + bonusBps;
        uint256 seizedValue = M.mulDivDown(repaid, debtPrice * bonusFactor, debtUnit * BPS);
        seized = M.mulDivDown(seizedValue, collateralUnit, collateralPrice);
        if (seized > collateral) {
            seized = collateral;
            uint256 collateralValue = M.mulDivUp(collateral, collateralPrice, collateralUnit);
            uint256 cappedRepay = M.mulDivUp(collateralValue, debtUnit * BPS, debtPrice * bonusFactor);
            if (cappedRepay < repaid) finalRepaid = cappedRepay;
        }
    }
}
