// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MathLib, BPS} from "./MathLib.sol";

/// @title LiquidationLib
/// @notice How much a liquidation repays and seizes: the close factor, the bonus and the cap by the collateral held.
///         Seized amounts round down and a repayment re-derived from capped collateral rounds up, so rounding never
///         favours the liquidator.
/// @custom:security-contact security@quartet.example
library LiquidationLib {
    using MathLib for uint256;

    /// @dev Share of a debt one liquidation may repay while the position is only mildly unhealthy.
    uint256 internal constant CLOSE_FACTOR_BPS = 5_000;
    /// @dev Below this health factor a liquidation may repay the whole debt.
    uint256 internal constant FULL_LIQUIDATION_HEALTH_FACTOR = 0.95e18;
    /// @dev A debt worth at most twice this (USD wad) may be repaid in full: half of it would leave dust nobody
    ///      liquidates.
    uint256 internal constant DUST_DEBT_VALUE = 100e18;

    /// @notice Prices (USD wad per whole token) and units (10 ** decimals) of the two assets of a liquidation.
    struct Prices {
        uint256 debtPrice;
        uint256 debtUnit;
        uint256 collateralPrice;
        uint256 collateralUnit;
    }

    /// @dev The most one liquidation may repay of `debt`: all of it below the full-liquidation health factor or when
    ///      the debt is dust, half of it otherwise.
    function maxRepay(uint256 debt, uint256 healthFactorWad, Prices memory prices) internal pure returns (uint256) {
        if (
            healthFactorWad >= FULL_LIQUIDATION_HEALTH_FACTOR &&
            debt.mulDivDown(prices.debtPrice, prices.debtUnit) > 2 * DUST_DEBT_VALUE
        ) return debt.bpsMulDown(CLOSE_FACTOR_BPS);
        return debt;
    }

    /// @dev Repayment and seizure for a liquidator offering `repayAmount` against `debt` and `collateral` (token units).
    function amounts(
        uint256 debt,
        uint256 repayAmount,
        uint256 collateral,
        uint256 healthFactorWad,
        uint256 bonusBps,
        Prices memory prices
    ) internal pure returns (uint256 repaid, uint256 seized) {
        uint256 cap = maxRepay(debt, healthFactorWad, prices);
        return seizure(repayAmount < cap ? repayAmount : cap, collateral, bonusBps, prices);
    }

    /// @dev Collateral worth `repaid` × (1 + bonus), rounded down; when that exceeds `collateral`, all of it is seized
    ///      and the repayment shrinks to what that collateral is worth (rounded up).
    function seizure(
        uint256 repaid,
        uint256 collateral,
        uint256 bonusBps,
        Prices memory prices
    ) internal pure returns (uint256, uint256 seized) {
        uint256 bonusFactor = BPS + bonusBps;
        uint256 seizedValue = repaid.mulDivDown(prices.debtPrice * bonusFactor, prices.debtUnit * BPS);
        seized = seizedValue.mulDivDown(prices.collateralUnit, prices.collateralPrice);
        if (seized > collateral) {
            seized = collateral;
            uint256 collateralValue = collateral.mulDivUp(prices.collateralPrice, prices.collateralUnit);
            uint256 cappedRepay = collateralValue.mulDivUp(prices.debtUnit * BPS, prices.debtPrice * bonusFactor);
            if (cappedRepay < repaid) repaid = cappedRepay;
        }
        return (repaid, seized);
    }
}
