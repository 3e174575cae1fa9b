import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import LendingModule from "./Lending";
import LocalMocksModule from "./LocalMocks";

/**
 * The lending core plus three listed mock markets (USDC 6 decimals, WBTC 8, WETH 18) on a local chain: what the
 * tests, the demo and the benchmark start from.
 */
export default buildModule("LocalLending", (m) => {
  const lending = m.useModule(LendingModule);
  const mocks = m.useModule(LocalMocksModule);
  const { oracle, pool, stableRateModel, volatileRateModel } = lending;
  const heartbeat = m.getParameter("heartbeat", 86_400n);

  const markets = [
    {
      id: "USDC",
      token: mocks.usdc,
      feed: mocks.usdcFeed,
      model: stableRateModel,
      ltv: 8000,
      lt: 8500,
      bonus: 500,
      rf: 1000,
    },
    {
      id: "WBTC",
      token: mocks.wbtc,
      feed: mocks.wbtcFeed,
      model: volatileRateModel,
      ltv: 7000,
      lt: 7500,
      bonus: 1000,
      rf: 2000,
    },
    {
      id: "WETH",
      token: mocks.weth,
      feed: mocks.wethFeed,
      model: volatileRateModel,
      ltv: 8000,
      lt: 8250,
      bonus: 500,
      rf: 1500,
    },
  ];
  for (const market of markets) {
    const feedSet = m.call(oracle, "setFeed", [market.token, market.feed, heartbeat], { id: `Feed${market.id}` });
    m.call(
      pool,
      "listAsset",
      [market.token, [market.model, market.ltv, market.lt, market.bonus, market.rf, true, 0n, 0n]],
      { id: `List${market.id}`, after: [feedSet] },
    );
  }

  return { ...lending, ...mocks };
});
