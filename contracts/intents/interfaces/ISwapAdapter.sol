// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ISwapAdapter
/// @notice The one way the intent executor reaches a DEX: it sends the adapter the tokens to sell, then asks it to
///         swap them along a signed path for a recipient. Set on the executor by governance (RISK role).
/// @dev The executor trusts an adapter with nothing it can check itself: it measures what the recipient received
///      and refuses the run when that is below the signed minimum, whatever the adapter reports.
/// @custom:security-contact security@quartet.example
interface ISwapAdapter {
    /// @notice Thrown when anyone but the executor asks for a swap.
    /// @param caller Who called.
    error OnlyExecutor(address caller);
    /// @notice Thrown when the recipient is one of the router's reserved addresses (0, 1 = the caller, 2 = the
    ///         router itself) or the router, the adapter or the executor: the tokens would be left where anyone
    ///         could take them (the router's public sweep) or nobody could move them.
    /// @param recipient The recipient asked for.
    error ReservedRecipient(address recipient);
    /// @notice Thrown when the router refused the swap (too little received, too much spent, no pool, …).
    /// @param reason The router's revert data.
    error SwapFailed(bytes reason);

    /// @notice The executor this adapter serves (the only caller it accepts).
    /// @return The executor.
    function executor() external view returns (address);

    /// @notice Sells exactly `amountIn` of the path's first token, which the executor has already sent to this
    ///         adapter, for at least `minOut` of its last token, delivered to `recipient`.
    /// @param path Uniswap v3 packed path: token, fee (uint24), token, … (selling the first token).
    /// @param amountIn Amount of the first token to sell.
    /// @param minOut Least amount of the last token `recipient` must receive.
    /// @param recipient Who receives the last token.
    /// @return amountOut Amount the router reports delivered.
    function swapExactIn(
        bytes calldata path,
        uint256 amountIn,
        uint256 minOut,
        address recipient
    ) external returns (uint256 amountOut);

    /// @notice Buys exactly `amountOut` of the path's first token for `recipient`, selling at most `maxIn` of its
    ///         last token (which the executor has already sent to this adapter), and returns what is left of
    ///         `maxIn` to `refundTo`.
    /// @param path Uniswap v3 packed path in exact-output order: the token bought first, the token sold last.
    /// @param amountOut Amount of the first token `recipient` receives.
    /// @param maxIn Most of the last token to sell.
    /// @param recipient Who receives the first token.
    /// @param refundTo Who receives the unsold rest of `maxIn`.
    /// @return amountIn Amount of the last token sold.
    function swapExactOut(
        bytes calldata path,
        uint256 amountOut,
        uint256 maxIn,
        address recipient,
        address refundTo
    ) external returns (uint256 amountIn);
}
