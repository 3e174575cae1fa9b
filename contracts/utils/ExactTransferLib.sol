// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title ExactTransferLib
/// @notice Pulls exactly the amount asked for, so a contract never credits tokens it did not receive: fee-on-transfer
///         and rebasing-on-transfer tokens are refused instead of silently under-collateralising whoever took them.
/// @dev Shared by the lending pool, the creator-pass market and the intent executor's swaps; one error for all.
/// @custom:security-contact security@quartet.example
library ExactTransferLib {
    using SafeERC20 for IERC20;

    /// @notice Thrown when a transfer delivered another amount than requested (fee-on-transfer tokens are not
    ///         supported).
    /// @param expected Amount requested.
    /// @param received Amount that arrived.
    error TransferAmountMismatch(uint256 expected, uint256 received);

    /// @dev Moves `amount` of `token` from `from` to this contract and checks, by balance delta, that all of it came.
    function pullExact(IERC20 token, address from, uint256 amount) internal {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 balanceAfter = token.balanceOf(address(this));
        // A token that lowers the receiver's balance on transfer is as wrong as one that takes a fee.
        uint256 received = balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
        if (received != amount) revert TransferAmountMismatch(amount, received);
    }

    /// @dev Moves `amount` of `token` from `from` to `to` and checks, by `to`'s balance delta, that all of it came.
    function sendExact(IERC20 token, address from, address to, uint256 amount) internal {
        uint256 balanceBefore = token.balanceOf(to);
        token.safeTransferFrom(from, to, amount);
        uint256 balanceAfter = token.balanceOf(to);
        uint256 received = balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
        if (received != amount) revert TransferAmountMismatch(amount, received);
    }
}
