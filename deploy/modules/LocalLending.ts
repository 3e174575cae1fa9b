import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import LendingModule from "./Lending";
import LocalMocksModule from "./LocalMocks";
import { listMarkets, listRwaMarket } from "./markets";

/**
 * The lending core plus four listed mock markets (USDC 6 decimals, WBTC 8, WETH 18, and the isolated T-bill, 6)
 * priced by mock feeds: what
 * the tests, the demo and the benchmark start from, and what testnets without Chainlink feeds get.
 */
export default buildModule("LocalLending", (m) => {
  const lending = m.useModule(LendingModule);
  const mocks = m.useModule(LocalMocksModule);
  const listings = listMarkets(m, lending, {
    USDC: { token: mocks.usdc, feed: mocks.usdcFeed },
    WBTC: { token: mocks.wbtc, feed: mocks.wbtcFeed },
    WETH: { token: mocks.weth, feed: mocks.wethFeed },
  });
  listRwaMarket(m, lending, { token: mocks.tbill, feed: mocks.tbillNavFeed }, mocks.usdc, listings);
  return { ...lending, ...mocks };
});
