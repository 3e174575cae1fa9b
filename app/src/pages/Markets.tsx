import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { Stat, View } from "../components";
import type { Chain } from "../data/chain";
import { loadMarkets, type Market } from "../data/markets";
import { useChainData } from "../hooks";
import { formatAmount, formatBps, formatPercentWad, formatUsd } from "../lib/format";
import { rateCurve, ratePerSecondToApr, utilizationPercent } from "../lib/rates";

export function Markets({ chain, block }: { chain: Chain; block: bigint | undefined }) {
  const state = useChainData(chain, block, loadMarkets);
  return (
    <View state={state}>
      {(markets) => (
        <div className="cards">
          {markets.map((m) => (
            <MarketCard key={m.address} market={m} />
          ))}
        </div>
      )}
    </View>
  );
}

function amount(m: Market, value: bigint) {
  const usd = m.priceWad === undefined ? "" : ` (${formatUsd((value * m.priceWad) / 10n ** BigInt(m.decimals), 0)})`;
  return `${formatAmount(value, m.decimals, 2)} ${m.symbol}${usd}`;
}

function cap(m: Market, value: bigint) {
  return value === 0n ? "none" : `${formatAmount(value, m.decimals, 2)} ${m.symbol}`;
}

function MarketCard({ market: m }: { market: Market }) {
  const curve = rateCurve(m.model, m.config.reserveFactorBps);
  const now = utilizationPercent(m.utilizationWad);
  const id = m.symbol.toLowerCase();
  return (
    <section className="card" data-testid={`market-${id}`}>
      <header>
        <h2>{m.symbol}</h2>
        <span className="muted">{m.priceWad === undefined ? "no usable price" : formatUsd(m.priceWad, 2)}</span>
        {m.isolation.isolated && <span className="badge warn">isolated</span>}
        {!m.config.borrowEnabled && <span className="badge">not borrowable</span>}
        {m.reserve.pausedFlags !== 0 && <span className="badge danger">paused</span>}
      </header>
      <div className="stats">
        <Stat label="Supplied" value={amount(m, m.reserve.totalSupplyAssets)} />
        <Stat label="Borrowed" value={amount(m, m.reserve.totalBorrowAssets)} />
        <Stat label="Utilization" value={formatPercentWad(m.utilizationWad)} testId={`${id}-utilization`} />
        <Stat
          label="Borrow APR"
          value={`${ratePerSecondToApr(m.reserve.borrowRatePerSecond)}%`}
          testId={`${id}-borrow-apr`}
        />
        <Stat label="Supply APR" value={`${ratePerSecondToApr(m.supplyRatePerSecond)}%`} testId={`${id}-supply-apr`} />
        <Stat label="LTV" value={formatBps(m.config.ltvBps)} testId={`${id}-ltv`} />
        <Stat label="Liquidation threshold" value={formatBps(m.config.liquidationThresholdBps)} />
        <Stat label="Liquidation bonus" value={formatBps(m.config.liquidationBonusBps)} />
        <Stat label="Reserve factor" value={formatBps(m.config.reserveFactorBps)} />
        <Stat label="Supply cap" value={cap(m, m.config.supplyCap)} />
        <Stat label="Borrow cap" value={cap(m, m.config.borrowCap)} />
        <Stat
          label="Isolation"
          value={
            m.isolation.isolated
              ? `debt ceiling ${formatUsd(m.isolation.debtCeiling, 0)}, used ${formatUsd(m.isolation.isolatedDebt, 0)}`
              : m.isolation.borrowableInIsolation
                ? "borrowable against isolated collateral"
                : "—"
          }
        />
      </div>
      <div className="chart" aria-label={`${m.symbol} rate curve`}>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={curve} margin={{ top: 22, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="utilization" type="number" domain={[0, 100]} unit="%" tickCount={6} />
            <YAxis unit="%" width={56} />
            <Tooltip formatter={(v) => `${v}%`} labelFormatter={(u) => `utilization ${u}%`} />
            <Legend />
            <Line
              type="linear"
              dataKey="borrowApr"
              name="borrow APR"
              stroke="#dc2626"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              type="linear"
              dataKey="supplyApr"
              name="supply APR"
              stroke="#2563eb"
              dot={false}
              isAnimationActive={false}
            />
            <ReferenceLine
              x={now}
              stroke="#111827"
              strokeDasharray="4 2"
              label={{ value: `now ${now}%`, position: "top" }}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
