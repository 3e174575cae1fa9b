// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LendingMathMirror as M} from "./LendingMathMirror.sol";
import {LendingPoolMirror as P} from "./LendingPoolMirror.sol";

/// @title LiquidationProperties
/// @notice SMTChecker harness: LendingPool._liquidationAmounts. A liquidator repays at most what was asked, the debt
///         and the close factor allow; receives at most the collateral held; and the collateral's value never exceeds
///         the value repaid × (1 + bonus), at exact (unrounded) prices.
/// @dev Bounds: amounts < 2^128, prices 1..2^100 USD wad per whole token, units 1..1e36, bonus ≤ 20%
///      (MAX_LIQUIDATION_BONUS_BPS), the debt's and the collateral's values ≤ 2^100 USD wad (1.27e12 USD).
///      Never deployed.
/// @custom:security-contact security@quartet.example
/// @custom:smtchecker bmc
contract LiquidationProperties {
    uint256 internal constant MAX_AMOUNT = type(uint128).max;
    uint256 internal constant MAX_PRICE = 2 ** 100;
    uint256 internal constant MAX_UNIT = 1e36;
    uint256 internal constant MAX_VALUE = 2 ** 100;

    /// @notice repaid ≤ the amount asked and ≤ the debt; ≤ half the debt while hf ≥ 0.95 and the debt is worth more
    ///         than 200 USD; otherwise exactly min(asked, debt).
    /// @param debt The borrower's debt in token units.
    /// @param repayAmount What the liquidator asks to repay.
    /// @param healthFactorWad The borrower's health factor.
    /// @param debtPrice USD wad per whole debt token.
    /// @param debtUnit 10^decimals of the debt token.
    function repaidRespectsCloseFactor(
        uint256 debt,
        uint256 repayAmount,
        uint256 healthFactorWad,
        uint256 debtPrice,
        uint256 debtUnit
    ) external pure {
        M.assume(debt <= MAX_AMOUNT && debtPrice >= 1 && debtPrice <= MAX_PRICE);
        M.assume(debtUnit >= 1 && debtUnit <= MAX_UNIT);
        uint256 repaid = P.liquidationRepayCap(debt, repayAmount, healthFactorWad, debtPrice, debtUnit);
        assert(repaid <= repayAmount && repaid <= debt);
        bool partialOnly =
            healthFactorWad >= P.FULL_LIQUIDATION_HEALTH_FACTOR &&
                M.mulDivDown(debt, debtPrice, debtUnit) > 2 * P.DUST_DEBT_VALUE;
        if (partialOnly) assert(repaid * P.BPS <= debt * P.CLOSE_FACTOR_BPS);
        else assert(repaid == (repayAmount < debt ? repayAmount : debt));
    }

    /// @notice Uncapped seizure (the repayment is not cut): seized ≤ collateral held, the repayment is never raised,
    ///         and seized × cp / cu ≤ repaid × dp × (1 + bonus) / du, through the witness W = the seized value before
    ///         conversion: seized × cp ≤ W × cu and W × du × 1e4 ≤ repaid × dp × (1e4 + bonus).
    /// @param repaid Repayment after the close factor.
    /// @param collateral The borrower's collateral in token units.
    /// @param price Debt price and collateral price (USD wad per whole token).
    /// @param unit Debt unit and collateral unit (10^decimals).
    /// @param bonusBps The collateral's liquidation bonus.
    function seizedWorthAtMostRepaidWithBonus(
        uint256 repaid,
        uint256 collateral,
        uint256[2] calldata price,
        uint256[2] calldata unit,
        uint256 bonusBps
    ) external pure {
        _assumeSeizureBounds(repaid, collateral, price, unit, bonusBps);
        (uint256 finalRepaid, uint256 seized) = P.liquidationSeizure(
            repaid,
            collateral,
            price[0],
            price[1],
            unit[0],
            unit[1],
            bonusBps
        );
        M.assume(finalRepaid >= repaid);
        assert(finalRepaid == repaid && seized <= collateral);
        uint256 bonusFactor = P.BPS + bonusBps;
        uint256 witness = M.mulDivDown(repaid, price[0] * bonusFactor, unit[0] * P.BPS);
        assert(seized * price[1] <= witness * unit[1]);
        assert(witness * unit[0] * P.BPS <= repaid * price[0] * bonusFactor);
    }

    /// @notice Seizure capped by the collateral, repayment cut to match: seized ≤ collateral held, and still
    ///         seized × cp / cu ≤ final repaid × dp × (1 + bonus) / du, through the witness W = the collateral's value
    ///         rounded up.
    /// @param repaid Repayment after the close factor.
    /// @param collateral The borrower's collateral in token units.
    /// @param price Debt price and collateral price (USD wad per whole token).
    /// @param unit Debt unit and collateral unit (10^decimals).
    /// @param bonusBps The collateral's liquidation bonus.
    function cappedSeizureWorthAtMostRepaidWithBonus(
        uint256 repaid,
        uint256 collateral,
        uint256[2] calldata price,
        uint256[2] calldata unit,
        uint256 bonusBps
    ) external pure {
        _assumeSeizureBounds(repaid, collateral, price, unit, bonusBps);
        (uint256 finalRepaid, uint256 seized) = P.liquidationSeizure(
            repaid,
            collateral,
            price[0],
            price[1],
            unit[0],
            unit[1],
            bonusBps
        );
        M.assume(finalRepaid < repaid);
        assert(seized <= collateral);
        uint256 witness = M.mulDivUp(collateral, price[1], unit[1]);
        assert(seized * price[1] <= witness * unit[1]);
        assert(witness * unit[0] * P.BPS <= finalRepaid * price[0] * (P.BPS + bonusBps));
    }

    function _assumeSeizureBounds(
        uint256 repaid,
        uint256 collateral,
        uint256[2] calldata price,
        uint256[2] calldata unit,
        uint256 bonusBps
    ) private pure {
        M.assume(repaid <= MAX_AMOUNT && collateral <= MAX_AMOUNT && bonusBps <= P.MAX_LIQUIDATION_BONUS_BPS);
        M.assume(price[0] >= 1 && price[0] <= MAX_PRICE && price[1] >= 1 && price[1] <= MAX_PRICE);
        M.assume(unit[0] >= 1 && unit[0] <= MAX_UNIT && unit[1] >= 1 && unit[1] <= MAX_UNIT);
        M.assume(repaid * price[0] <= MAX_VALUE * unit[0] && collateral * price[1] <= MAX_VALUE * unit[1]);
    }
}
