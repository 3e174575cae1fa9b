// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGasPriceOracle
/// @notice The part of the OP-stack `GasPriceOracle` predeploy (0x420000000000000000000000000000000000000F) that
///         the keeper reads: the L1 data fee a transaction pays on top of its L2 execution gas.
/// @custom:security-contact security@quartet.example
interface IGasPriceOracle {
    /// @notice The L1 data fee, in wei, of a transaction.
    /// @param data The RLP-serialized unsigned transaction.
    /// @return The L1 fee in wei.
    function getL1Fee(bytes calldata data) external view returns (uint256);
}
