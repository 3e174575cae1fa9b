// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LendingMathMirror as M} from "./LendingMathMirror.sol";
import {LendingPoolMirror as P} from "./LendingPoolMirror.sol";

/// @title HealthFactorProperties
/// @notice SMTChecker harness: LendingPool's two-asset health factor. The pool values each asset on its own, rounding
///         collateral down (twice: value, then × threshold) and debt up, then divides the sums. Proved: with debt,
///         hf ≥ 1e18 exactly when Σ rounded threshold values ≥ Σ rounded debt values; each rounded value errs against
///         the borrower; so hf ≥ 1e18 implies the exact Σ collateral × price × threshold ≥ Σ debt × price.
/// @dev Bounds: amounts < 2^128 (the pool's uint128 totals), prices 1..2^128 (USD wad per whole token), units
///      1..1e36 (10^decimals, decimals ≤ 36 as listAsset enforces), thresholds ≤ 100%, each value ≤ 2^128 USD wad
///      (3.4e20 USD). Never deployed.
/// @custom:security-contact security@quartet.example
/// @custom:smtchecker bmc
contract HealthFactorProperties {
    uint256 internal constant MAX_AMOUNT = type(uint128).max;
    uint256 internal constant MAX_PRICE = 2 ** 128;
    uint256 internal constant MAX_UNIT = 1e36;
    uint256 internal constant MAX_VALUE = 2 ** 128;

    /// @notice One asset's values err against the borrower, each by less than one wei: collateral value × unit ≤
    ///         collateral × price, threshold value × 1e4 ≤ collateral value × threshold, debt value × unit ≥ debt × price.
    /// @param collateral Collateral in token units.
    /// @param debt Debt in token units.
    /// @param price USD wad per whole token.
    /// @param unit 10^decimals.
    /// @param thresholdBps Liquidation threshold.
    function assetValuesErrAgainstTheBorrower(
        uint256 collateral,
        uint256 debt,
        uint256 price,
        uint256 unit,
        uint256 thresholdBps
    ) external pure {
        _assumeAsset(collateral, debt, price, unit, thresholdBps);
        (uint256 thresholdValue, uint256 debtValue) = P.assetValues(collateral, debt, price, unit, thresholdBps);
        uint256 value = M.mulDivDown(collateral, price, unit);
        assert(value * unit <= collateral * price);
        assert(collateral * price - value * unit < unit);
        assert(thresholdValue * P.BPS <= value * thresholdBps);
        assert(value * thresholdBps - thresholdValue * P.BPS < P.BPS);
        assert(debtValue * unit >= debt * price);
        assert(debtValue * unit - debt * price < unit);
    }

    /// @notice Two assets, each both collateral and debt: with any debt, hf ≥ 1e18 exactly when the summed threshold
    ///         values cover the summed debt values; without debt, hf is type(uint256).max.
    /// @param collateral Collateral of each asset in token units.
    /// @param debt Debt of each asset in token units.
    /// @param price USD wad per whole token, per asset.
    /// @param unit 10^decimals, per asset.
    /// @param thresholdBps Liquidation threshold, per asset.
    function healthyExactlyWhenThresholdCoversDebt(
        uint256[2] calldata collateral,
        uint256[2] calldata debt,
        uint256[2] calldata price,
        uint256[2] calldata unit,
        uint256[2] calldata thresholdBps
    ) external pure {
        uint256 thresholdValue;
        uint256 debtValue;
        for (uint256 i = 0; i < 2; ++i) {
            _assumeAsset(collateral[i], debt[i], price[i], unit[i], thresholdBps[i]);
            (uint256 t, uint256 d) = P.assetValues(collateral[i], debt[i], price[i], unit[i], thresholdBps[i]);
            thresholdValue += t;
            debtValue += d;
        }
        uint256 hf = P.healthFactor(thresholdValue, debtValue);
        if (debtValue == 0) assert(hf == type(uint256).max);
        else assert((hf >= M.WAD) == (thresholdValue >= debtValue));
    }

    function _assumeAsset(
        uint256 collateral,
        uint256 debt,
        uint256 price,
        uint256 unit,
        uint256 thresholdBps
    ) private pure {
        M.assume(collateral <= MAX_AMOUNT && debt <= MAX_AMOUNT);
        M.assume(price >= 1 && price <= MAX_PRICE && unit >= 1 && unit <= MAX_UNIT && thresholdBps <= P.BPS);
        M.assume(collateral * price <= MAX_VALUE * unit && debt * price <= MAX_VALUE * unit);
    }
}
