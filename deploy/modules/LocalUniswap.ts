import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import UniswapV3Factory from "@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json";
import NonfungiblePositionManager from "@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json";
import QuoterV2 from "@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json";
import SwapRouter02 from "@uniswap/swap-router-contracts/artifacts/contracts/SwapRouter02.sol/SwapRouter02.json";

import LocalMocks from "./LocalMocks";

const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * The real Uniswap v3 contracts on a local chain, deployed from the bytecode in their npm packages' artifacts
 * (@uniswap/v3-core, @uniswap/v3-periphery, @uniswap/swap-router-contracts; no copied source): Factory,
 * NonfungiblePositionManager (no token descriptor), SwapRouter02 (no v2 factory) and QuoterV2, with a USDC/WETH
 * 0.05 % pool and a WBTC/USDC 0.3 % pool seeded at the mock feeds' prices with full-range liquidity worth
 * `poolDepthUsd` per side. The mock WETH stands in for WETH9 (no native-ETH paths are used).
 */
export default buildModule("LocalUniswap", (m) => {
  const { usdc, wbtc, weth, usdcFeed, wbtcFeed, wethFeed } = m.useModule(LocalMocks);
  const depth = m.getParameter("poolDepthUsd", 10_000_000n);

  const uniswapFactory = m.contract("UniswapV3Factory", UniswapV3Factory, []);
  const positionManager = m.contract("NonfungiblePositionManager", NonfungiblePositionManager, [
    uniswapFactory,
    weth,
    ZERO,
  ]);
  const swapRouter = m.contract("SwapRouter02", SwapRouter02, [ZERO, uniswapFactory, positionManager, weth]);
  const quoter = m.contract("QuoterV2", QuoterV2, [uniswapFactory, weth]);

  const seeder = m.contract("UniswapV3Seeder");
  m.call(seeder, "seed", [positionManager, usdc, usdcFeed, weth, wethFeed, 500, depth], { id: "SeedUsdcWeth" });
  m.call(seeder, "seed", [positionManager, wbtc, wbtcFeed, usdc, usdcFeed, 3000, depth], { id: "SeedWbtcUsdc" });

  return { uniswapFactory, positionManager, swapRouter, quoter, usdc, wbtc, weth, usdcFeed, wbtcFeed, wethFeed };
});
