// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICondition
/// @notice A predicate an intent may require before it runs. Called with STATICCALL and a gas cap
///         (`IIntentExecutor.CONDITION_GAS_LIMIT`, 200,000); a condition that reverts, runs out of gas, answers
///         anything but exactly `true`, or cannot answer (a stale price, say) counts as not met.
/// @custom:security-contact security@quartet.example
interface ICondition {
    /// @notice Whether the intent of `owner` may run now.
    /// @param owner The intent's signer.
    /// @param conditionData The intent's `conditionData`, in the condition's own encoding.
    /// @return met True when the intent may run.
    function check(address owner, bytes calldata conditionData) external view returns (bool met);
}
