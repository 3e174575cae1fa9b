// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInterestRateModel} from "./interfaces/IInterestRateModel.sol";
import {WAD} from "./libraries/MathLib.sol";

/// @title InterestRateModel
/// @notice Kinked ("jump") utilization model: the rate rises gently with utilization up to the kink, then steeply, so
///         that lenders can always get out. All parameters are immutable: a new curve is a new model contract.
/// @custom:security-contact security@quartet.example
contract InterestRateModel is IInterestRateModel {
    /// @notice 1,000% a year: no curve may charge more, which bounds interest growth for overflow proofs.
    uint256 public constant MAX_RATE_PER_SECOND = (10 * WAD) / 365 days;

    /// @notice Rate at zero utilization.
    uint256 public immutable baseRatePerSecond;
    /// @notice Added rate between 0 and the kink (reached in full at the kink).
    uint256 public immutable slope1PerSecond;
    /// @notice Added rate between the kink and 100% (reached in full at 100%).
    uint256 public immutable slope2PerSecond;
    /// @notice Utilization where the steep slope starts.
    uint256 public immutable kinkWad;

    /// @notice Deploys an immutable curve.
    /// @param baseRatePerSecond_ Rate at zero utilization.
    /// @param slope1PerSecond_ Rate added between 0 and the kink.
    /// @param slope2PerSecond_ Rate added between the kink and 100%.
    /// @param kinkWad_ The kink, strictly between 0 and 1e18.
    constructor(uint256 baseRatePerSecond_, uint256 slope1PerSecond_, uint256 slope2PerSecond_, uint256 kinkWad_) {
        if (kinkWad_ == 0 || kinkWad_ >= WAD) revert InvalidKink(kinkWad_);
        uint256 maxRate = baseRatePerSecond_ + slope1PerSecond_ + slope2PerSecond_;
        if (maxRate > MAX_RATE_PER_SECOND) revert RateTooHigh(maxRate, MAX_RATE_PER_SECOND);
        baseRatePerSecond = baseRatePerSecond_;
        slope1PerSecond = slope1PerSecond_;
        slope2PerSecond = slope2PerSecond_;
        kinkWad = kinkWad_;
    }

    /// @inheritdoc IInterestRateModel
    function borrowRatePerSecond(uint256 utilizationWad) external view returns (uint256) {
        if (utilizationWad > WAD) utilizationWad = WAD;
        if (utilizationWad <= kinkWad) return baseRatePerSecond + (slope1PerSecond * utilizationWad) / kinkWad;
        return baseRatePerSecond + slope1PerSecond + (slope2PerSecond * (utilizationWad - kinkWad)) / (WAD - kinkWad);
    }
}
