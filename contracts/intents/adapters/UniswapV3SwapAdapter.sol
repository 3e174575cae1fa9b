// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {ISwapAdapter} from "../interfaces/ISwapAdapter.sol";

/// @title IV3SwapRouterLike
/// @notice The part of Uniswap's SwapRouter02 (`IV3SwapRouter`, swap-router-contracts) that the adapter calls; the
///         package's own interface files target solc 0.7.
interface IV3SwapRouterLike {
    /// @notice `IV3SwapRouter.ExactInputParams` (SwapRouter02 has no deadline field).
    struct ExactInputParams {
        bytes path;
        address recipient;
        uint256 amountIn;
        uint256 amountOutMinimum;
    }

    /// @notice `IV3SwapRouter.ExactOutputParams`.
    struct ExactOutputParams {
        bytes path;
        address recipient;
        uint256 amountOut;
        uint256 amountInMaximum;
    }

    /// @notice Swaps `amountIn` of the path's first token for as much as possible of its last.
    /// @param params The swap.
    /// @return amountOut Amount received.
    function exactInput(ExactInputParams calldata params) external payable returns (uint256 amountOut);

    /// @notice Swaps as little as possible of the path's last token for `amountOut` of its first.
    /// @param params The swap.
    /// @return amountIn Amount spent.
    function exactOutput(ExactOutputParams calldata params) external payable returns (uint256 amountIn);
}

/// @title UniswapV3SwapAdapter
/// @notice Swaps for the intent executor through Uniswap v3's SwapRouter02. Holds nothing at rest: each call sells
///         what the executor sent it in the same transaction, and an exact-output swap returns the unsold rest.
/// @custom:security-contact security@quartet.example
contract UniswapV3SwapAdapter is ISwapAdapter {
    using SafeERC20 for IERC20;

    /// @notice Uniswap v3's SwapRouter02.
    IV3SwapRouterLike public immutable router;
    /// @inheritdoc ISwapAdapter
    address public immutable executor;

    /// @notice Deploys the adapter.
    /// @param router_ SwapRouter02.
    /// @param executor_ The intent executor it serves.
    constructor(IV3SwapRouterLike router_, address executor_) {
        router = router_;
        executor = executor_;
    }

    /// @inheritdoc ISwapAdapter
    function swapExactIn(
        bytes calldata path,
        uint256 amountIn,
        uint256 minOut,
        address recipient
    ) external returns (uint256 amountOut) {
        _checkCall(recipient);
        _approve(IERC20(address(bytes20(path[:20]))), amountIn);
        try
            router.exactInput(
                IV3SwapRouterLike.ExactInputParams({
                    path: path,
                    recipient: recipient,
                    amountIn: amountIn,
                    amountOutMinimum: minOut
                })
            )
        returns (uint256 out) {
            amountOut = out;
        } catch (bytes memory reason) {
            revert SwapFailed(reason);
        }
    }

    /// @inheritdoc ISwapAdapter
    function swapExactOut(
        bytes calldata path,
        uint256 amountOut,
        uint256 maxIn,
        address recipient,
        address refundTo
    ) external returns (uint256 amountIn) {
        _checkCall(recipient);
        IERC20 tokenIn = IERC20(address(bytes20(path[path.length - 20:])));
        _approve(tokenIn, maxIn);
        try
            router.exactOutput(
                IV3SwapRouterLike.ExactOutputParams({
                    path: path,
                    recipient: recipient,
                    amountOut: amountOut,
                    amountInMaximum: maxIn
                })
            )
        returns (uint256 spent) {
            amountIn = spent;
        } catch (bytes memory reason) {
            revert SwapFailed(reason);
        }
        if (maxIn > amountIn) tokenIn.safeTransfer(refundTo, maxIn - amountIn);
    }

    function _checkCall(address recipient) private view {
        if (msg.sender != executor) revert OnlyExecutor(msg.sender);
        // SwapRouter02 reads 1 as "the caller" and 2 as "the router itself"; 0 burns. Output left in the router is
        // anyone's (its sweepToken is public), and the adapter and executor cannot send stray tokens on.
        if (
            uint160(recipient) < 3 ||
            recipient == address(router) ||
            recipient == address(this) ||
            recipient == executor
        ) revert ReservedRecipient(recipient);
    }

    /// @dev The router pulls from this adapter: approve it once per token (the adapter holds nothing at rest).
    function _approve(IERC20 token, uint256 amount) private {
        if (token.allowance(address(this), address(router)) < amount) {
            token.forceApprove(address(router), type(uint256).max);
        }
    }
}
