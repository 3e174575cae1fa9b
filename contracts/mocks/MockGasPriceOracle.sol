// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGasPriceOracle} from "../oracles/interfaces/IGasPriceOracle.sol";

/// @title MockGasPriceOracle
/// @notice Test-only stand-in for the OP-stack GasPriceOracle predeploy (0x420000000000000000000000000000000000000F):
///         `getL1Fee(data)` answers a settable `baseFee + feePerByte × data.length`, so a test can check that a keeper
///         or a cost estimate asks for the L1 fee of the right data and adds it.
/// @dev Never deployed by modules: tests place its runtime code at the predeploy address with `hardhat_setCode`.
/// @custom:security-contact security@quartet.example
contract MockGasPriceOracle is IGasPriceOracle {
    uint256 private _baseFee;
    uint256 private _feePerByte;

    /// @notice Emitted when the fee changes.
    /// @param baseFee The new fee per call, in wei.
    /// @param feePerByte The new fee per byte of data, in wei.
    event FeeSet(uint256 baseFee, uint256 feePerByte);

    /// @notice Sets what `getL1Fee` returns; anyone may call it (test contract).
    /// @param baseFee Fee per call, in wei.
    /// @param feePerByte Fee per byte of data, in wei.
    function setFee(uint256 baseFee, uint256 feePerByte) external {
        _setFee(baseFee, feePerByte);
    }

    /// @notice Quotes the same L1 fee for every transaction (test contract: anyone may call it).
    /// @param l1Fee The fee in wei.
    function setL1Fee(uint256 l1Fee) external {
        _setFee(l1Fee, 0);
    }

    /// @inheritdoc IGasPriceOracle
    function getL1Fee(bytes calldata data) external view returns (uint256) {
        return _baseFee + _feePerByte * data.length;
    }

    function _setFee(uint256 baseFee, uint256 feePerByte) private {
        _baseFee = baseFee;
        _feePerByte = feePerByte;
        emit FeeSet(baseFee, feePerByte);
    }
}
