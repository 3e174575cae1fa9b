import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import TestTokens from "./TestTokens";

/**
 * Test tokens and Chainlink-compatible price feeds (Chainlink's MockV3Aggregator: anyone may update them) for
 * local chains and for testnets that have no Chainlink feeds. Feeds answer in USD with 8 decimals, like
 * Chainlink's USD feeds.
 */
export default buildModule("LocalMocks", (m) => {
  const feedDecimals = 8;
  const { usdc, wbtc, weth, tbill } = m.useModule(TestTokens);

  const usdcFeed = m.contract("MockV3Aggregator", [feedDecimals, m.getParameter("usdcPrice", 1_00000000n)], {
    id: "USDCFeed",
  });
  const wbtcFeed = m.contract("MockV3Aggregator", [feedDecimals, m.getParameter("wbtcPrice", 60_000_00000000n)], {
    id: "WBTCFeed",
  });
  const wethFeed = m.contract("MockV3Aggregator", [feedDecimals, m.getParameter("wethPrice", 3_000_00000000n)], {
    id: "WETHFeed",
  });

  // The T-bill's net asset value per token, published once a day by the fund administrator.
  const tbillNavFeed = m.contract("MockV3Aggregator", [feedDecimals, m.getParameter("tbillNav", 1_00000000n)], {
    id: "TBILLNavFeed",
  });

  return { usdc, wbtc, weth, tbill, usdcFeed, wbtcFeed, wethFeed, tbillNavFeed };
});
