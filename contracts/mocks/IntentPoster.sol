// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIntentExecutor} from "../intents/interfaces/IIntentExecutor.sol";

/// @title IntentPoster
/// @notice Test-only helper that posts many signed intents in one transaction (the keeper benchmark's setup): each
///         `post` is still the executor's own, with its signature check and its `IntentPosted` event.
/// @custom:security-contact security@quartet.example
contract IntentPoster {
    /// @notice Posts `intents[i]` with `signatures[i]` to `executor`, for every i.
    /// @param executor The executor.
    /// @param intents The intents.
    /// @param signatures Their owners' signatures.
    function postAll(
        IIntentExecutor executor,
        IIntentExecutor.PaymentIntent[] calldata intents,
        bytes[] calldata signatures
    ) external {
        uint256 count = intents.length;
        for (uint256 i; i < count; ++i) executor.post(intents[i], signatures[i]);
    }
}
