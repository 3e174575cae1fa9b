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
