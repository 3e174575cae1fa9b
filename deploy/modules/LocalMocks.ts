import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Test tokens and Chainlink-compatible price feeds for local chains (hardhat, localhost).
 * Never used on a remote network: there the parameters name real tokens and feeds.
 *
 * Feeds answer in USD with 8 decimals, like Chainlink's USD feeds.
 */
export default buildModule("LocalMocks", (m) => {
  const feedDecimals = 8;

  const usdc = m.contract("MockERC20", ["USD Coin", "USDC", 6], { id: "USDC" });
  const wbtc = m.contract("MockERC20", ["Wrapped Bitcoin", "WBTC", 8], { id: "WBTC" });
  const weth = m.contract("MockERC20", ["Wrapped Ether", "WETH", 18], { id: "WETH" });

  const usdcFeed = m.contract("MockV3Aggregator", [feedDecimals, m.getParameter("usdcPrice", 1_00000000n)], {
    id: "USDCFeed",
  });
  const wbtcFeed = m.contract("MockV3Aggregator", [feedDecimals, m.getParameter("wbtcPrice", 60_000_00000000n)], {
    id: "WBTCFeed",
  });
  const wethFeed = m.contract("MockV3Aggregator", [feedDecimals, m.getParameter("wethPrice", 3_000_00000000n)], {
    id: "WETHFeed",
  });

  return { usdc, wbtc, weth, usdcFeed, wbtcFeed, wethFeed };
});
