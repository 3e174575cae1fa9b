// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGasPriceOracle} from "../oracles/interfaces/IGasPriceOracle.sol";
import {IL1FeeParameters} from "../intents/interfaces/IL1FeeParameters.sol";

/// @title MockL1FeeOracle
/// @notice Test-only stand-in for an Ecotone/Fjord GasPriceOracle predeploy: settable L1 base fee and blob base fee
///         with OP Mainnet-like scalars, and `getL1Fee(data)` = data.length × 1e6 (a scaled size, uncompressed) ×
///         (16 × baseFeeScalar × l1BaseFee + blobBaseFeeScalar × blobBaseFee) / 1e12, so the fee follows the fees set.
/// @dev Never deployed by modules: tests place its runtime code at the predeploy address with `hardhat_setCode`.
/// @custom:security-contact security@quartet.example
contract MockL1FeeOracle is IGasPriceOracle, IL1FeeParameters {
    /// @inheritdoc IL1FeeParameters
    uint256 public l1BaseFee;
    /// @inheritdoc IL1FeeParameters
    uint256 public blobBaseFee;

    /// @notice Emitted when the fees change.
    /// @param newL1BaseFee The new L1 base fee, in wei.
    /// @param newBlobBaseFee The new blob base fee, in wei.
    event L1FeesSet(uint256 newL1BaseFee, uint256 newBlobBaseFee);

    /// @notice Sets the L1 base fee and blob base fee (test contract: anyone may call it).
    /// @param l1BaseFee_ The L1 base fee, in wei.
    /// @param blobBaseFee_ The blob base fee, in wei.
    function setL1Fees(uint256 l1BaseFee_, uint256 blobBaseFee_) external {
        l1BaseFee = l1BaseFee_;
        blobBaseFee = blobBaseFee_;
        emit L1FeesSet(l1BaseFee_, blobBaseFee_);
    }

    /// @inheritdoc IL1FeeParameters
    function baseFeeScalar() public pure returns (uint32) {
        return 5_227;
    }

    /// @inheritdoc IL1FeeParameters
    function blobBaseFeeScalar() public pure returns (uint32) {
        return 1_014_213;
    }

    /// @inheritdoc IGasPriceOracle
    function getL1Fee(bytes calldata data) external view returns (uint256) {
        uint256 price = 16 * uint256(baseFeeScalar()) * l1BaseFee + uint256(blobBaseFeeScalar()) * blobBaseFee;
        return (data.length * 1e6 * price) / 1e12;
    }
}
