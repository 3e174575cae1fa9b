// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICondition} from "../interfaces/ICondition.sol";
import {ILendingPool} from "../../lending/interfaces/ILendingPool.sol";

/// @title HealthFactorCondition
/// @notice "Loan protection": met when the owner's health factor in the lending pool is below a threshold, so a
///         REPAY intent tops up the loan before it can be liquidated. A health factor that cannot be computed
///         (an oracle failure) means not met.
/// @dev conditionData = abi.encode(uint256 thresholdWad).
/// @custom:security-contact security@quartet.example
contract HealthFactorCondition is ICondition {
    /// @notice The lending pool.
    ILendingPool public immutable pool;

    /// @notice Deploys the condition.
    /// @param pool_ The lending pool.
    constructor(ILendingPool pool_) {
        pool = pool_;
    }

    /// @inheritdoc ICondition
    function check(address owner, bytes calldata conditionData) external view returns (bool) {
        uint256 thresholdWad = abi.decode(conditionData, (uint256));
        try pool.healthFactor(owner) returns (uint256 healthFactorWad) {
            return healthFactorWad < thresholdWad;
        } catch {
            return false;
        }
    }
}
