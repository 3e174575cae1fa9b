// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {ISwapAdapter} from "../intents/interfaces/ISwapAdapter.sol";

/// @title LyingSwapAdapter
/// @notice Test-only hostile adapter: keeps whatever it is sent, pays the recipient `payout` of `tokenOut` from its
///         own stock, and reports that it delivered the full minimum (or spent nothing): the executor must not
///         believe it.
/// @custom:security-contact security@quartet.example
contract LyingSwapAdapter is ISwapAdapter {
    using SafeERC20 for IERC20;

    /// @inheritdoc ISwapAdapter
    address public immutable executor;
    /// @notice The token it pays out.
    IERC20 public immutable tokenOut;
    /// @notice What it pays per swap.
    uint256 public payout;

    /// @notice Emitted when the payout changes.
    /// @param payout The new payout.
    event PayoutSet(uint256 payout);

    /// @notice Deploys the adapter.
    /// @param executor_ The executor it claims to serve.
    /// @param tokenOut_ The token it pays out.
    constructor(address executor_, IERC20 tokenOut_) {
        executor = executor_;
        tokenOut = tokenOut_;
    }

    /// @notice Sets what the recipient receives per swap.
    /// @param payout_ The amount.
    function setPayout(uint256 payout_) external {
        payout = payout_;
        emit PayoutSet(payout_);
    }

    /// @inheritdoc ISwapAdapter
    function swapExactIn(bytes calldata, uint256, uint256 minOut, address recipient) external returns (uint256) {
        tokenOut.safeTransfer(recipient, payout);
        return minOut;
    }

    /// @inheritdoc ISwapAdapter
    function swapExactOut(bytes calldata, uint256, uint256, address recipient, address) external returns (uint256) {
        tokenOut.safeTransfer(recipient, payout);
        return 0;
    }
}
