// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGasPriceOracle} from "../oracles/interfaces/IGasPriceOracle.sol";

/// @title MockGasPriceOracle
/// @notice Test-only stand-in for the OP-stack GasPriceOracle predeploy: `getL1Fee` answers a settable value.
///         Tests place its code at the predeploy address with `hardhat_setCode`.
/// @custom:security-contact security@quartet.example
contract MockGasPriceOracle is IGasPriceOracle {
    /// @notice The L1 fee every transaction is quoted.
    uint256 public l1Fee;

    /// @notice Emitted when the quoted fee changes.
    /// @param l1Fee The new fee in wei.
    event L1FeeSet(uint256 l1Fee);

    /// @notice Sets the L1 fee quoted for every transaction (test double: anyone may call it).
    /// @param l1Fee_ The fee in wei.
    function setL1Fee(uint256 l1Fee_) external {
        l1Fee = l1Fee_;
        emit L1FeeSet(l1Fee_);
    }

    /// @inheritdoc IGasPriceOracle
    function getL1Fee(bytes calldata) external view returns (uint256) {
        return l1Fee;
    }
}
