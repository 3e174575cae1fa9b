import type {
  CallableContractFuture,
  ContractFuture,
  Future,
  IgnitionModuleBuilder,
} from "@nomicfoundation/ignition-core";

type Contract = ContractFuture<string>;
type Callable = CallableContractFuture<string>;

/** Risk parameters of the three markets, in basis points (see the README's Lending section). */
export const MARKETS = {
  USDC: {
    curve: "stable",
    ltvBps: 8000,
    liquidationThresholdBps: 8500,
    liquidationBonusBps: 500,
    reserveFactorBps: 1000,
  },
  WBTC: {
    curve: "volatile",
    ltvBps: 7000,
    liquidationThresholdBps: 7500,
    liquidationBonusBps: 1000,
    reserveFactorBps: 2000,
  },
  WETH: {
    curve: "volatile",
    ltvBps: 8000,
    liquidationThresholdBps: 8250,
    liquidationBonusBps: 500,
    reserveFactorBps: 1500,
  },
} as const;

/**
 * The tokenized T-bill market (a real-world asset): isolated collateral at LTV 50 % and threshold 60 %, not
 * borrowable, under a supply cap; USDC is borrowable against it within the debt ceiling. Its NAV feed updates once a
 * day, so its heartbeat is its own (26 h: a day plus the administrator's margin).
 */
export const RWA_MARKET = {
  curve: "stable",
  ltvBps: 5000,
  liquidationThresholdBps: 6000,
  liquidationBonusBps: 500,
  reserveFactorBps: 1000,
  navHeartbeat: 26n * 3600n,
  supplyCap: 10_000_000n * 10n ** 6n, // 10M bills
  debtCeiling: 2_000_000n * 10n ** 18n, // $2M of USDC against all of them
} as const;

/**
 * Lists the T-bill market after the three others (`after`: their listings), isolates it, makes USDC borrowable in
 * isolation and allowlists the pool on the permissioned token (its issuer, the deployer, does it). Parameters
 * navHeartbeat, tbillSupplyCap and tbillDebtCeiling override the defaults above.
 */
export function listRwaMarket(
  m: IgnitionModuleBuilder,
  lending: { oracle: Callable; pool: Callable; stableRateModel: Contract },
  tbill: { token: Callable; feed: Contract },
  usdc: Contract,
  after: Future[],
): Future[] {
  const feedSet = m.call(
    lending.oracle,
    "setFeed",
    [tbill.token, tbill.feed, m.getParameter("navHeartbeat", RWA_MARKET.navHeartbeat)],
    { id: "FeedTBILL" },
  );
  const listed = m.call(
    lending.pool,
    "listAsset",
    [
      tbill.token,
      [
        lending.stableRateModel,
        RWA_MARKET.ltvBps,
        RWA_MARKET.liquidationThresholdBps,
        RWA_MARKET.liquidationBonusBps,
        RWA_MARKET.reserveFactorBps,
        false,
        m.getParameter("tbillSupplyCap", RWA_MARKET.supplyCap),
        0n,
      ],
    ],
    { id: "ListTBILL", after: [feedSet, ...after] },
  );
  const ceiling = m.getParameter("tbillDebtCeiling", RWA_MARKET.debtCeiling);
  const isolated = m.call(lending.pool, "setIsolation", [tbill.token, true, false, ceiling], {
    id: "IsolateTBILL",
    after: [listed],
  });
  const usdcInIsolation = m.call(lending.pool, "setIsolation", [usdc, false, true, 0n], {
    id: "USDCBorrowableInIsolation",
    after: [listed],
  });
  const poolAllowed = m.call(tbill.token, "setAllowed", [lending.pool, true], { id: "AllowPoolTBILL" });
  return [isolated, usdcInIsolation, poolAllowed];
}

/**
 * Sets each asset's feed on the oracle and lists it on the pool (the deployer holds RISK while the deployment
 * configures; the Quartet module takes it away afterwards). One definition for local chains and testnets.
 */
export function listMarkets(
  m: IgnitionModuleBuilder,
  lending: { oracle: Callable; pool: Callable; stableRateModel: Contract; volatileRateModel: Contract },
  assets: Record<keyof typeof MARKETS, { token: Contract; feed: Contract }>,
): Future[] {
  const heartbeat = m.getParameter("heartbeat", 86_400n);
  return (Object.keys(MARKETS) as (keyof typeof MARKETS)[]).map((symbol) => {
    const market = MARKETS[symbol];
    const { token, feed } = assets[symbol];
    const model = market.curve === "stable" ? lending.stableRateModel : lending.volatileRateModel;
    const feedSet = m.call(lending.oracle, "setFeed", [token, feed, heartbeat], { id: `Feed${symbol}` });
    return m.call(
      lending.pool,
      "listAsset",
      [
        token,
        [
          model,
          market.ltvBps,
          market.liquidationThresholdBps,
          market.liquidationBonusBps,
          market.reserveFactorBps,
          true,
          0n,
          0n,
        ],
      ],
      { id: `List${symbol}`, after: [feedSet] },
    );
  });
}
