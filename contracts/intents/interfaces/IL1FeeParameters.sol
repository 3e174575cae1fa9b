// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IL1FeeParameters
/// @notice The OP-stack GasPriceOracle predeploy's (0x420000000000000000000000000000000000000F) Ecotone/Fjord fee
///         inputs that the intent keeper's timing policy reads each pass, to forecast the L1 data fee of executing
///         now or later: fee ≈ size × (16 × baseFeeScalar × l1BaseFee + blobBaseFeeScalar × blobBaseFee) / 1e12.
/// @custom:security-contact security@quartet.example
interface IL1FeeParameters {
    /// @notice The L1 base fee the L2 last saw.
    /// @return The fee, in wei.
    function l1BaseFee() external view returns (uint256);

    /// @notice The L1 blob base fee the L2 last saw.
    /// @return The fee, in wei.
    function blobBaseFee() external view returns (uint256);

    /// @notice The scalar applied to the L1 base fee (Ecotone).
    /// @return The scalar.
    function baseFeeScalar() external view returns (uint32);

    /// @notice The scalar applied to the blob base fee (Ecotone).
    /// @return The scalar.
    function blobBaseFeeScalar() external view returns (uint32);
}
