// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IInterestRateModel
/// @notice Maps a reserve's utilization to a borrow rate per second.
/// @custom:security-contact security@quartet.example
interface IInterestRateModel {
    /// @notice Thrown when the kink is not strictly between 0 and 100%.
    /// @param kinkWad The rejected kink.
    error InvalidKink(uint256 kinkWad);
    /// @notice Thrown when the rate at 100% utilization would exceed the protocol's maximum.
    /// @param maxRatePerSecond The rate at full utilization.
    /// @param limit The maximum allowed.
    error RateTooHigh(uint256 maxRatePerSecond, uint256 limit);

    /// @notice The borrow rate per second, as a wad, at `utilizationWad` (clamped to 100%).
    /// @param utilizationWad Borrowed / supplied, as a wad.
    /// @return ratePerSecondWad The borrow rate per second.
    function borrowRatePerSecond(uint256 utilizationWad) external view returns (uint256 ratePerSecondWad);
}
