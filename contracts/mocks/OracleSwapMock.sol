// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";

import {IPriceOracle} from "../oracles/interfaces/IPriceOracle.sol";

/// @title OracleSwapMock
/// @notice Test-only market maker that swaps any two priced tokens at the oracle's prices from its own inventory:
///         what a liquidator would use a DEX for, without one.
/// @custom:security-contact security@quartet.example
contract OracleSwapMock {
    /// @notice The oracle quoting both sides.
    IPriceOracle public immutable oracle;

    /// @notice Sets the oracle.
    /// @param oracle_ The price oracle.
    constructor(IPriceOracle oracle_) {
        oracle = oracle_;
    }

    /// @notice Takes `amountIn` of `tokenIn` and pays its value in `tokenOut`, rounded down.
    /// @param tokenIn Token sold.
    /// @param tokenOut Token bought.
    /// @param amountIn Amount sold.
    /// @return amountOut Amount paid.
    function swap(address tokenIn, address tokenOut, uint256 amountIn) external returns (uint256 amountOut) {
        uint256 valueWad = (amountIn * oracle.price(tokenIn)) / 10 ** IERC20Metadata(tokenIn).decimals();
        amountOut = (valueWad * 10 ** IERC20Metadata(tokenOut).decimals()) / oracle.price(tokenOut);
        IERC20(tokenIn).transferFrom(msg.sender, address(this), amountIn);
        IERC20(tokenOut).transfer(msg.sender, amountOut);
    }
}
