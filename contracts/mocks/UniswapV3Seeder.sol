// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title IUniswapV3PositionManagerLike
/// @notice The part of Uniswap v3's NonfungiblePositionManager that the seeder calls (the periphery's own
///         interface file targets solc 0.7 and OpenZeppelin 3).
interface IUniswapV3PositionManagerLike {
    /// @notice Uniswap's `INonfungiblePositionManager.MintParams`.
    struct MintParams {
        address token0;
        address token1;
        uint24 fee;
        int24 tickLower;
        int24 tickUpper;
        uint256 amount0Desired;
        uint256 amount1Desired;
        uint256 amount0Min;
        uint256 amount1Min;
        address recipient;
        uint256 deadline;
    }

    /// @notice Creates and initializes the pool if it does not exist.
    /// @param token0 The lower token address.
    /// @param token1 The higher token address.
    /// @param fee The pool's fee tier.
    /// @param sqrtPriceX96 The initial √price (token1 per token0, raw units) as a Q64.96.
    /// @return pool The pool.
    function createAndInitializePoolIfNecessary(
        address token0,
        address token1,
        uint24 fee,
        uint160 sqrtPriceX96
    ) external payable returns (address pool);

    /// @notice Mints a liquidity position.
    /// @param params The position.
    /// @return tokenId The position NFT.
    /// @return liquidity The liquidity added.
    /// @return amount0 Token0 paid.
    /// @return amount1 Token1 paid.
    function mint(
        MintParams calldata params
    ) external payable returns (uint256 tokenId, uint128 liquidity, uint256 amount0, uint256 amount1);
}

/// @title IMintable
/// @notice A test token anyone may mint (MockERC20).
interface IMintable {
    /// @notice Mints `amount` to `to`.
    /// @param to Recipient.
    /// @param amount Amount in token units.
    function mint(address to, uint256 amount) external;
}

/// @title UniswapV3Seeder
/// @notice Local chains only: creates a Uniswap v3 pool of two test tokens at the price their mock feeds answer and
///         adds full-range liquidity worth `depthUsd` on each side, in one call that an Ignition module can make
///         (token order and the √price depend on deployed addresses and feed answers).
/// @custom:security-contact security@quartet.example
contract UniswapV3Seeder {
    /// @notice Emitted when a pool is seeded.
    /// @param pool The pool.
    /// @param sqrtPriceX96 Its initial √price.
    /// @param liquidity The liquidity added.
    event PoolSeeded(address indexed pool, uint160 sqrtPriceX96, uint128 liquidity);

    /// @notice Thrown when a feed's answer is not positive.
    /// @param feed The feed.
    error BadFeedAnswer(address feed);

    /// @notice Creates the pool of `tokenA`/`tokenB` at their feeds' prices and seeds it.
    /// @param positionManager Uniswap's NonfungiblePositionManager.
    /// @param tokenA One token (MockERC20).
    /// @param feedA Its USD feed.
    /// @param tokenB The other token (MockERC20).
    /// @param feedB Its USD feed.
    /// @param fee The fee tier (500, 3000 or 10000).
    /// @param depthUsd USD value of each side of the position (whole dollars).
    /// @return pool The pool.
    function seed(
        IUniswapV3PositionManagerLike positionManager,
        address tokenA,
        AggregatorV3Interface feedA,
        address tokenB,
        AggregatorV3Interface feedB,
        uint24 fee,
        uint256 depthUsd
    ) external returns (address pool) {
        (Side memory side0, Side memory side1) = tokenA < tokenB
            ? (_side(tokenA, feedA, depthUsd), _side(tokenB, feedB, depthUsd))
            : (_side(tokenB, feedB, depthUsd), _side(tokenA, feedA, depthUsd));
        // Uniswap's price is token1 per token0 in raw units: (usd0 / unit0) / (usd1 / unit1), feeds' units apart.
        uint160 sqrtPriceX96 = uint160(
            Math.sqrt(
                Math.mulDiv(
                    side0.usd * side1.unit * side1.feedUnit,
                    uint256(1) << 192,
                    side1.usd * side0.unit * side0.feedUnit
                )
            )
        );
        pool = positionManager.createAndInitializePoolIfNecessary(side0.token, side1.token, fee, sqrtPriceX96);
        for (uint256 i; i < 2; ++i) {
            Side memory side = i == 0 ? side0 : side1;
            IMintable(side.token).mint(address(this), side.amount);
            IERC20Metadata(side.token).approve(address(positionManager), side.amount);
        }
        int24 spacing =
            fee == 500
                ? int24(10)
                : fee == 3000
                    ? int24(60)
                    : int24(200);
        int24 maxTick = (887_272 / spacing) * spacing;
        (, uint128 liquidity, , ) = positionManager.mint(
            IUniswapV3PositionManagerLike.MintParams({
                token0: side0.token,
                token1: side1.token,
                fee: fee,
                tickLower: -maxTick,
                tickUpper: maxTick,
                amount0Desired: side0.amount,
                amount1Desired: side1.amount,
                amount0Min: 0,
                amount1Min: 0,
                recipient: msg.sender,
                deadline: block.timestamp
            })
        );
        emit PoolSeeded(pool, sqrtPriceX96, liquidity);
    }

    /// @dev One token of the pair: its feed's price, its units, and the amount worth `depthUsd`.
    struct Side {
        address token;
        uint256 usd;
        uint256 feedUnit;
        uint256 unit;
        uint256 amount;
    }

    function _side(
        address token,
        AggregatorV3Interface feed,
        uint256 depthUsd
    ) private view returns (Side memory side) {
        side.token = token;
        side.usd = _answer(feed);
        side.feedUnit = 10 ** feed.decimals();
        side.unit = 10 ** IERC20Metadata(token).decimals();
        side.amount = Math.mulDiv(depthUsd * side.feedUnit, side.unit, side.usd);
    }

    function _answer(AggregatorV3Interface feed) private view returns (uint256) {
        (, int256 answer, , , ) = feed.latestRoundData();
        if (answer <= 0) revert BadFeedAnswer(address(feed));
        return uint256(answer);
    }
}
