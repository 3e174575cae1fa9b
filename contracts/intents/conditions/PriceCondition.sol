// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICondition} from "../interfaces/ICondition.sol";
import {IPriceOracle} from "../../oracles/interfaces/IPriceOracle.sol";

/// @title PriceCondition
/// @notice Met when an asset's oracle price is above (or below) a threshold. A price the oracle refuses to give
///         (stale, invalid, sequencer down) means not met.
/// @dev conditionData = abi.encode(address asset, uint256 thresholdUsdWad, bool above).
/// @custom:security-contact security@quartet.example
contract PriceCondition is ICondition {
    /// @notice The protocol's price oracle.
    IPriceOracle public immutable oracle;

    /// @notice Deploys the condition.
    /// @param oracle_ The price oracle.
    constructor(IPriceOracle oracle_) {
        oracle = oracle_;
    }

    /// @inheritdoc ICondition
    function check(address, bytes calldata conditionData) external view returns (bool) {
        (address asset, uint256 thresholdUsdWad, bool above) = abi.decode(conditionData, (address, uint256, bool));
        try oracle.price(asset) returns (uint256 priceUsdWad) {
            return above ? priceUsdWad > thresholdUsdWad : priceUsdWad < thresholdUsdWad;
        } catch {
            return false;
        }
    }
}
