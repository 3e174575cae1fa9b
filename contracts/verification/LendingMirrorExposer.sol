// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LiquidationLib} from "../lending/libraries/LiquidationLib.sol";
import {MathLib, WAD} from "../lending/libraries/MathLib.sol";
import {SharesMathLib} from "../lending/libraries/SharesMathLib.sol";
import {LendingMathMirror as M} from "./LendingMathMirror.sol";
import {LendingPoolMirror as P} from "./LendingPoolMirror.sol";

/// @title LendingMirrorExposer
/// @notice Test-only: evaluates the real libraries (MathLib, SharesMathLib) and their plain-Solidity mirrors on the
///         same inputs, in batches, so that test/verification/mirror.test.ts can show them equal; and exposes the
///         pool-formula mirrors so that the same test can compare them with a live LendingPool.
/// @dev Not a property harness (the SMTChecker skips it). Deployed only by that test.
/// @custom:security-contact security@quartet.example
/// @custom:smtchecker none
contract LendingMirrorExposer {
    /// @notice A library function and its mirror.
    enum Op {
        MulDivDown,
        MulDivUp,
        WMulDown,
        WMulUp,
        WDivDown,
        WTaylorCompounded,
        ToSharesDown,
        ToSharesUp,
        ToAssetsDown,
        ToAssetsUp
    }

    /// @notice Thrown when the input arrays differ in length.
    /// @param a Length of the first array.
    /// @param b Length of the second array.
    /// @param c Length of the third array.
    error LengthMismatch(uint256 a, uint256 b, uint256 c);

    /// @notice Evaluates `op` from the library and from the mirror on each (a[i], b[i], c[i]). Two-argument functions
    ///         ignore `c`.
    /// @param op Which function.
    /// @param a First arguments.
    /// @param b Second arguments.
    /// @param c Third arguments.
    /// @return fromLibrary The libraries' results.
    /// @return fromMirror The mirrors' results.
    function compare(
        Op op,
        uint256[] calldata a,
        uint256[] calldata b,
        uint256[] calldata c
    ) external pure returns (uint256[] memory fromLibrary, uint256[] memory fromMirror) {
        if (a.length != b.length || a.length != c.length) revert LengthMismatch(a.length, b.length, c.length);
        fromLibrary = new uint256[](a.length);
        fromMirror = new uint256[](a.length);
        for (uint256 i = 0; i < a.length; ++i) {
            (fromLibrary[i], fromMirror[i]) = _evaluate(op, a[i], b[i], c[i]);
        }
    }

    /// @notice The libraries' constants and the mirror's copies of them.
    /// @return fromLibrary WAD, VIRTUAL_SHARES, VIRTUAL_ASSETS as the libraries define them.
    /// @return fromMirror The same three as LendingMathMirror restates them.
    function constants() external pure returns (uint256[3] memory fromLibrary, uint256[3] memory fromMirror) {
        fromLibrary = [WAD, SharesMathLib.VIRTUAL_SHARES, SharesMathLib.VIRTUAL_ASSETS];
        fromMirror = [M.WAD, M.VIRTUAL_SHARES, M.VIRTUAL_ASSETS];
    }

    /// @notice The pool constants LendingPoolMirror restates (to compare with LendingPool and InterestRateModel).
    /// @return closeFactorBps CLOSE_FACTOR_BPS.
    /// @return fullLiquidationHealthFactor FULL_LIQUIDATION_HEALTH_FACTOR.
    /// @return dustDebtValue DUST_DEBT_VALUE.
    /// @return maxLiquidationBonusBps MAX_LIQUIDATION_BONUS_BPS.
    /// @return maxRatePerSecond InterestRateModel.MAX_RATE_PER_SECOND.
    function poolConstants()
        external
        pure
        returns (
            uint256 closeFactorBps,
            uint256 fullLiquidationHealthFactor,
            uint256 dustDebtValue,
            uint256 maxLiquidationBonusBps,
            uint256 maxRatePerSecond
        )
    {
        return (
            P.CLOSE_FACTOR_BPS,
            P.FULL_LIQUIDATION_HEALTH_FACTOR,
            P.DUST_DEBT_VALUE,
            P.MAX_LIQUIDATION_BONUS_BPS,
            P.MAX_RATE_PER_SECOND
        );
    }

    /// @notice LendingPoolMirror.assetValues: one asset's threshold value and debt value.
    /// @param collateral Collateral in token units.
    /// @param debt Debt in token units.
    /// @param price USD wad per whole token.
    /// @param unit 10^decimals.
    /// @param thresholdBps Liquidation threshold.
    /// @return thresholdValue Collateral value × threshold, rounded down twice.
    /// @return debtValue Debt value, rounded up.
    function assetValues(
        uint256 collateral,
        uint256 debt,
        uint256 price,
        uint256 unit,
        uint256 thresholdBps
    ) external pure returns (uint256 thresholdValue, uint256 debtValue) {
        return P.assetValues(collateral, debt, price, unit, thresholdBps);
    }

    /// @notice LendingPoolMirror.healthFactor.
    /// @param thresholdValue Σ threshold values.
    /// @param debtValue Σ debt values.
    /// @return The health factor in wad.
    function healthFactor(uint256 thresholdValue, uint256 debtValue) external pure returns (uint256) {
        return P.healthFactor(thresholdValue, debtValue);
    }

    /// @notice LendingPoolMirror.liquidationRepayCap then liquidationSeizure: the repayment and the seizure.
    /// @param debt The borrower's debt in token units.
    /// @param repayAmount What the liquidator asks to repay.
    /// @param collateral The borrower's collateral in token units.
    /// @param healthFactorWad The borrower's health factor.
    /// @param price Debt price and collateral price.
    /// @param unit Debt unit and collateral unit.
    /// @param bonusBps The collateral's liquidation bonus.
    /// @return repaid Debt repaid.
    /// @return seized Collateral seized.
    function liquidationAmounts(
        uint256 debt,
        uint256 repayAmount,
        uint256 collateral,
        uint256 healthFactorWad,
        uint256[2] calldata price,
        uint256[2] calldata unit,
        uint256 bonusBps
    ) external pure returns (uint256 repaid, uint256 seized) {
        repaid = P.liquidationRepayCap(debt, repayAmount, healthFactorWad, price[0], unit[0]);
        return P.liquidationSeizure(repaid, collateral, price[0], price[1], unit[0], unit[1], bonusBps);
    }

    /// @notice LiquidationLib.amounts itself, the function the pool runs, on the same inputs as `liquidationAmounts`.
    /// @param debt The borrower's debt in token units.
    /// @param repayAmount What the liquidator asks to repay.
    /// @param collateral The borrower's collateral in token units.
    /// @param healthFactorWad The borrower's health factor.
    /// @param price Debt price and collateral price.
    /// @param unit Debt unit and collateral unit.
    /// @param bonusBps The collateral's liquidation bonus.
    /// @return repaid Debt repaid.
    /// @return seized Collateral seized.
    function libraryLiquidationAmounts(
        uint256 debt,
        uint256 repayAmount,
        uint256 collateral,
        uint256 healthFactorWad,
        uint256[2] calldata price,
        uint256[2] calldata unit,
        uint256 bonusBps
    ) external pure returns (uint256 repaid, uint256 seized) {
        LiquidationLib.Prices memory prices = LiquidationLib.Prices(price[0], unit[0], price[1], unit[1]);
        return LiquidationLib.amounts(debt, repayAmount, collateral, healthFactorWad, bonusBps, prices);
    }

    function _evaluate(Op op, uint256 a, uint256 b, uint256 c) private pure returns (uint256, uint256) {
        if (op == Op.MulDivDown) return (MathLib.mulDivDown(a, b, c), M.mulDivDown(a, b, c));
        if (op == Op.MulDivUp) return (MathLib.mulDivUp(a, b, c), M.mulDivUp(a, b, c));
        if (op == Op.WMulDown) return (MathLib.wMulDown(a, b), M.wMulDown(a, b));
        if (op == Op.WMulUp) return (MathLib.wMulUp(a, b), M.wMulUp(a, b));
        if (op == Op.WDivDown) return (MathLib.wDivDown(a, b), M.wDivDown(a, b));
        if (op == Op.WTaylorCompounded) return (MathLib.wTaylorCompounded(a, b), M.wTaylorCompounded(a, b));
        if (op == Op.ToSharesDown) return (SharesMathLib.toSharesDown(a, b, c), M.toSharesDown(a, b, c));
        if (op == Op.ToSharesUp) return (SharesMathLib.toSharesUp(a, b, c), M.toSharesUp(a, b, c));
        if (op == Op.ToAssetsDown) return (SharesMathLib.toAssetsDown(a, b, c), M.toAssetsDown(a, b, c));
        return (SharesMathLib.toAssetsUp(a, b, c), M.toAssetsUp(a, b, c));
    }
}
