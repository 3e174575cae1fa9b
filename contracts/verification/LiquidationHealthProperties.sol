// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LendingMathMirror as M} from "./LendingMathMirror.sol";
import {LendingPoolMirror as P} from "./LendingPoolMirror.sol";

/// @title LiquidationHealthProperties
/// @notice SMTChecker harness: "a liquidation improves health or clears the debt", in value space. A liquidation at a
///         health factor of at least 0.95 (FULL_LIQUIDATION_HEALTH_FACTOR) that repays value R of a debt worth D and
///         seizes R × (1 + bonus) of a collateral with liquidation threshold t strictly raises the health factor
///         Σ(collateral × threshold) / debt, for every configuration validation accepts (t × (1 + bonus) < 0.95).
///         Below 0.95 a liquidator may repay everything, which clears the debt or takes all the collateral (and
///         with it the debt, see NoDebtWithoutCollateralProperties).
/// @dev Exact arithmetic scaled by BPS² so nothing rounds: the pool's own rounding only lowers what is seized
///      (LiquidationProperties) and so only helps. Bounds: values ≤ 2^100 USD wad. Never deployed.
/// @custom:security-contact security@quartet.example
/// @custom:smtchecker bmc
contract LiquidationHealthProperties {
    uint256 internal constant MAX_VALUE = 2 ** 100;

    /// @notice (T·B² − R·(B + b)·t) / (D − R) > T·B² / D whenever T / D ≥ 0.95, t·(B + b) < 0.95·B², 0 < R < D.
    /// @param thresholdValue T: Σ collateral value × threshold of the account (USD wad).
    /// @param debtValue D: the account's debt value.
    /// @param repaidValue R: value repaid by the liquidation.
    /// @param weightedBonus K = t × (B + b): the seized collateral's threshold times one plus its bonus, in bps².
    function liquidationAboveFullFactorRaisesHealth(
        uint256 thresholdValue,
        uint256 debtValue,
        uint256 repaidValue,
        uint256 weightedBonus
    ) external pure {
        uint256 b2 = P.BPS * P.BPS;
        M.assume(thresholdValue <= MAX_VALUE && debtValue <= MAX_VALUE);
        M.assume(repaidValue > 0 && repaidValue < debtValue);
        // Validation: threshold × (BPS + bonus) < 0.95 × BPS².
        M.assume(weightedBonus <= b2 && weightedBonus * 100 < 95 * b2);
        // Health factor ≥ 0.95.
        M.assume(thresholdValue * 100 >= 95 * debtValue);
        // What is seized is part of the account's weighted collateral.
        uint256 seizedWeighted = repaidValue * weightedBonus;
        M.assume(seizedWeighted <= thresholdValue * b2);
        uint256 thresholdAfter = thresholdValue * b2 - seizedWeighted;
        assert(thresholdAfter * debtValue > thresholdValue * b2 * (debtValue - repaidValue));
    }
}
