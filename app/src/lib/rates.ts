/**
 * The lending pool's rate arithmetic, mirrored in integers exactly as the contracts compute it
 * (InterestRateModel.borrowRatePerSecond, LendingPool._utilization and supplyRatePerSecond), so that the dashboard's
 * curve passes through the rates the pool reports.
 */
import { ratePerSecondToApr } from "../../../scripts/lib/units";
import { WAD } from "./format";

export { ratePerSecondToApr };

export interface RateModel {
  baseRatePerSecond: bigint;
  slope1PerSecond: bigint;
  slope2PerSecond: bigint;
  kinkWad: bigint;
}

const BPS = 10_000n;

/** Borrowed / supplied as a wad, rounded down; 0 for an empty market (LendingPool._utilization). */
export function utilizationWad(totalSupplyAssets: bigint, totalBorrowAssets: bigint): bigint {
  return totalSupplyAssets === 0n ? 0n : (totalBorrowAssets * WAD) / totalSupplyAssets;
}

/** The kinked model's borrow rate per second at a utilization (InterestRateModel.borrowRatePerSecond). */
export function borrowRatePerSecond(model: RateModel, utilization: bigint): bigint {
  const u = utilization > WAD ? WAD : utilization;
  if (u <= model.kinkWad) return model.baseRatePerSecond + (model.slope1PerSecond * u) / model.kinkWad;
  return (
    model.baseRatePerSecond +
    model.slope1PerSecond +
    (model.slope2PerSecond * (u - model.kinkWad)) / (WAD - model.kinkWad)
  );
}

/** What suppliers earn per second: the borrow rate × utilization, less the reserve factor (supplyRatePerSecond). */
export function supplyRatePerSecond(
  borrowRate: bigint,
  utilization: bigint,
  reserveFactorBps: bigint | number,
): bigint {
  const u = utilization > WAD ? WAD : utilization;
  return (((borrowRate * u) / WAD) * (BPS - BigInt(reserveFactorBps))) / BPS;
}

export interface CurvePoint {
  /** Utilization in percent, 0–100. */
  utilization: number;
  borrowApr: number;
  supplyApr: number;
}

/** The model's borrow and supply APRs (percent) at `steps + 1` evenly spaced utilizations, plus the kink itself. */
export function rateCurve(model: RateModel, reserveFactorBps: bigint | number, steps = 50): CurvePoint[] {
  const points = new Set<bigint>();
  for (let i = 0; i <= steps; i++) points.add((WAD * BigInt(i)) / BigInt(steps));
  points.add(model.kinkWad);
  return [...points]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((u) => {
      const borrow = borrowRatePerSecond(model, u);
      return {
        utilization: utilizationPercent(u),
        borrowApr: ratePerSecondToApr(borrow),
        supplyApr: ratePerSecondToApr(supplyRatePerSecond(borrow, u, reserveFactorBps)),
      };
    });
}

/** A utilization wad as a percentage number with two decimals (for a chart axis). */
export function utilizationPercent(utilization: bigint): number {
  return Number((utilization * 10_000n) / WAD) / 100;
}
