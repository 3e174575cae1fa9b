import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";

import { ROLES } from "../../scripts/lib/roles";
import {
  FlashBorrowerMock__factory,
  type FlashBorrowerMock,
  type MockERC20,
  type MockV3Aggregator,
} from "../../typechain-types";
import {
  decodeCustomError,
  deployLending,
  assertProperty,
  propertySettings,
  refreshPrices,
  units,
  type Lending,
} from "../fixtures";
import { WAD } from "../../scripts/lib/units";

// Random multi-user histories on the three local markets (USDC 6 decimals, WBTC 8, WETH 18): five users supply (for
// themselves or on someone's behalf), withdraw, switch collateral on and off, borrow, repay, liquidate each other (for
// tokens or for supply shares) and donate tokens to the pool while prices move and time passes.
// Every invariant below is checked after EVERY step, against the pool's own views read at the step's block.

const BPS = 10_000n;
// SharesMathLib's virtual offset: 1e6 shares backed by 1 wei always exist.
const VIRTUAL_SHARES = 10n ** 6n;
const VIRTUAL_ASSETS = 1n;

/** Reverts a step may end with: the pool refusing an operation it must refuse. Anything else fails the property. */
const EXPECTED_REVERTS = new Set([
  "InsufficientCollateral",
  "InsufficientLiquidity",
  "InsufficientSupply",
  "HealthyPosition",
  "NoDebt",
  "NoCollateral",
  "NoSupply",
  "ReceiverIsBorrower",
  "ZeroShares",
]);

// ───────── the system under test and the model ─────────

interface Market {
  symbol: string;
  token: MockERC20;
  feed: MockV3Aggregator;
  unit: bigint;
  initialAnswer: bigint;
}

interface World {
  lending: Lending;
  /** An ERC-3156 borrower whose callback repays the loan and fee (FlashBorrowerMock in Repay mode). */
  flashBorrower: FlashBorrowerMock;
  /** alice, bob, carol, dave and the liquidator signer: every account that can ever hold a position. */
  users: HardhatEthersSigner[];
  markets: Market[];
}

interface ReserveTotals {
  supplyAssets: bigint;
  supplyShares: bigint;
  borrowAssets: bigint;
  borrowShares: bigint;
  reserves: bigint;
  ratePerSecond: bigint;
}

/** The pool's state at one block: totals accrued to that block, its token balances and every user's shares. */
interface Snapshot {
  timestamp: bigint;
  reserves: ReserveTotals[];
  poolBalances: bigint[];
  supplyShares: bigint[][]; // [user][market]
  borrowShares: bigint[][];
  /** Each user's collateral/borrowing bitmap (two bits per market). */
  configs: bigint[];
}

interface Model {
  last: Snapshot;
  /** Tokens sent straight to the pool (donations), per market. */
  donated: bigint[];
  /** Σ(assets − coveredByReserves) of BadDebtRealized: the bad debt suppliers bore, per market. */
  suppliersLoss: bigint[];
  /** Full repayments and liquidations so far: each may leave at most one wei of rounding in the pool. */
  roundings: bigint;
}

/** Counters over a whole property run, printed at the end to show what the random histories reached. */
const stats = new Map<string, number>();
const count = (key: string) => stats.set(key, (stats.get(key) ?? 0) + 1);

// ───────── pure reference arithmetic (the contract's rounding, in bigint) ─────────

const supplyAssetsOf = (shares: bigint, r: ReserveTotals) =>
  (shares * (r.supplyAssets + VIRTUAL_ASSETS)) / (r.supplyShares + VIRTUAL_SHARES);
const ceilDiv = (x: bigint, d: bigint) => (x + d - 1n) / d;
const debtAssetsOf = (shares: bigint, r: ReserveTotals) =>
  ceilDiv(shares * (r.borrowAssets + VIRTUAL_ASSETS), r.borrowShares + VIRTUAL_SHARES);

/** MathLib.wTaylorCompounded: e^(rate·seconds) − 1 by three Taylor terms, in wad. */
function taylorCompounded(ratePerSecond: bigint, seconds: bigint): bigint {
  const first = ratePerSecond * seconds;
  const second = (first * first) / (2n * WAD);
  const third = (second * first) / (3n * WAD);
  return first + second + third;
}

// ───────── reading the chain ─────────

async function snapshot(world: World): Promise<Snapshot> {
  const { pool } = world.lending;
  const reserves: ReserveTotals[] = [];
  const poolBalances: bigint[] = [];
  let timestamp = 0n;
  for (const { token } of world.markets) {
    const d = await pool.reserveData(token);
    timestamp = d.lastUpdate; // reserveData reports the block timestamp its totals are accrued to
    reserves.push({
      supplyAssets: d.totalSupplyAssets,
      supplyShares: d.totalSupplyShares,
      borrowAssets: d.totalBorrowAssets,
      borrowShares: d.totalBorrowShares,
      reserves: d.reserves,
      ratePerSecond: d.borrowRatePerSecond,
    });
    poolBalances.push(await token.balanceOf(pool));
  }
  const supplyShares: bigint[][] = [];
  const borrowShares: bigint[][] = [];
  const configs: bigint[] = [];
  for (const user of world.users) {
    configs.push(await pool.userConfig(user));
    const supplied: bigint[] = [];
    const borrowed: bigint[] = [];
    for (const { token } of world.markets) {
      const [s, b] = await pool.position(token, user);
      supplied.push(s);
      borrowed.push(b);
    }
    supplyShares.push(supplied);
    borrowShares.push(borrowed);
  }
  return { timestamp, reserves, poolBalances, supplyShares, borrowShares, configs };
}

interface BadDebt {
  market: number;
  borrower: number;
  assets: bigint;
  coveredByReserves: bigint;
}

interface Liquidation {
  borrower: number;
  debtMarket: number;
  collateralMarket: number;
  repaid: bigint;
  seized: bigint;
  receiver: number;
  receivedShares: boolean;
}

function parseEvents(world: World, receipt: ContractTransactionReceipt | null) {
  const { pool } = world.lending;
  const tokens = world.markets.map((m) => (m.token.target as string).toLowerCase());
  const users = world.users.map((u) => u.address.toLowerCase());
  const badDebts: BadDebt[] = [];
  const liquidations: Liquidation[] = [];
  for (const log of receipt?.logs ?? []) {
    if ((log.address as string).toLowerCase() !== (pool.target as string).toLowerCase()) continue;
    const parsed = pool.interface.parseLog(log);
    if (parsed?.name === "BadDebtRealized") {
      badDebts.push({
        market: tokens.indexOf(String(parsed.args.asset).toLowerCase()),
        borrower: users.indexOf(String(parsed.args.borrower).toLowerCase()),
        assets: parsed.args.assets,
        coveredByReserves: parsed.args.coveredByReserves,
      });
    } else if (parsed?.name === "Liquidate") {
      liquidations.push({
        borrower: users.indexOf(String(parsed.args.borrower).toLowerCase()),
        debtMarket: tokens.indexOf(String(parsed.args.debtAsset).toLowerCase()),
        collateralMarket: tokens.indexOf(String(parsed.args.collateralAsset).toLowerCase()),
        repaid: parsed.args.repaidAssets,
        seized: parsed.args.seizedAssets,
        receiver: users.indexOf(String(parsed.args.receiver).toLowerCase()),
        receivedShares: parsed.args.receivedShares,
      });
    }
  }
  return { badDebts, liquidations };
}

// ───────── one step: act, then check every invariant ─────────

type StepKind =
  | "supply"
  | "withdraw"
  | "collateral"
  | "borrow"
  | "repay"
  | "liquidate"
  | "donate"
  | "collect"
  | "price"
  | "time"
  | "flash";

interface Step {
  kind: StepKind;
  /** The user whose own position may change in any way (none for price moves and time jumps). */
  actor?: number;
  /** Another user whose position the step may change: credited supply, repaid debt, or the liquidated borrower. */
  counterparty?: number;
  /** The market a withdrawal takes from. */
  market?: number;
  send: () => Promise<ContractTransactionResponse | void>;
  /** Updates the model after a successful step, before the checks. */
  record?: (model: Model) => void;
}

async function runStep(world: World, model: Model, step: Step): Promise<void> {
  const { pool, oracle } = world.lending;
  const before = model.last;
  const hfBefore =
    step.kind === "liquidate" && step.counterparty !== undefined
      ? await pool.healthFactor(world.users[step.counterparty])
      : 0n;

  let receipt: ContractTransactionReceipt | null = null;
  let succeeded = true;
  try {
    const tx = await step.send();
    if (tx) receipt = await tx.wait();
  } catch (error) {
    const name = decodeCustomError(error, pool, oracle)?.name;
    if (name === undefined || !EXPECTED_REVERTS.has(name)) throw error;
    succeeded = false;
    count(`${step.kind} reverted ${name}`);
  }
  if (succeeded) {
    count(`${step.kind} ok`);
    step.record?.(model);
  }

  const after = await snapshot(world);
  const { badDebts, liquidations } = parseEvents(world, receipt);
  for (const b of badDebts) {
    model.suppliersLoss[b.market] += b.assets - b.coveredByReserves;
    count("bad debt realized");
  }
  if (succeeded && (step.kind === "repay" || step.kind === "liquidate")) model.roundings += 1n;

  checkShareSums(world, after);
  checkAccounting(world, model, after);
  checkConfigs(world, after);
  checkNoOrphanDebt(world, after, badDebts);
  checkIndices(world, before, after, badDebts);
  checkOthersUntouched(world, step, before, after, badDebts, liquidations);
  const changed = step.actor !== undefined && before.configs[step.actor] !== after.configs[step.actor];
  // Only collateral backs debt: a withdrawal of a supply that is not collateral (shares received from a liquidation,
  // an opted-out asset) moves no borrow limit and needs no health check, even from an account already over its limit.
  const pledged =
    step.kind !== "withdraw" ||
    (step.actor !== undefined && step.market !== undefined && isCollateral(before.configs[step.actor], step.market));
  if (succeeded && !pledged) count("withdraw of a supply that is not collateral");
  await checkBorrowerHealthy(world, step, succeeded && pledged && (step.kind !== "collateral" || changed));
  checkLiquidations(before, after, liquidations, badDebts, hfBefore);
  await checkFullWithdrawAndRepay(world, after);
  await checkUnhealthyAreLiquidatable(world, after);
  model.last = after;
}

/** Σ user shares = total shares, for supply and for borrow, in every market. */
function checkShareSums(world: World, s: Snapshot): void {
  world.markets.forEach((m, i) => {
    const supply = s.supplyShares.reduce((sum, row) => sum + row[i], 0n);
    const borrow = s.borrowShares.reduce((sum, row) => sum + row[i], 0n);
    expect(supply, `${m.symbol}: Σ supply shares = totalSupplyShares`).to.equal(s.reserves[i].supplyShares);
    expect(borrow, `${m.symbol}: Σ borrow shares = totalBorrowShares`).to.equal(s.reserves[i].borrowShares);
  });
}

/**
 * The contract's invariant "idle tokens + totalBorrowAssets = totalSupplyAssets + reserves (donations only add idle
 * tokens)", made exact: balance + totalBorrowAssets = totalSupplyAssets + reserves + donations + dust, with
 * 0 ≤ dust ≤ one wei per full repayment or liquidation (a full repayment rounds the debt up and floors the total at
 * zero). It implies the weaker solvency bound balance + totalBorrowAssets ≥ totalSupplyAssets + reserves − (bad debt
 * borne by suppliers): realized bad debt lowers borrows and supply (or reserves) together, so it never opens a gap.
 */
function checkAccounting(world: World, model: Model, s: Snapshot): void {
  world.markets.forEach((m, i) => {
    const r = s.reserves[i];
    const held = s.poolBalances[i] + r.borrowAssets;
    const owed = r.supplyAssets + r.reserves;
    expect(held, `${m.symbol}: balance + borrows ≥ supply + reserves − suppliers' bad debt`).to.be.at.least(
      owed - model.suppliersLoss[i],
    );
    const dust = held - owed - model.donated[i];
    if (dust > 0n) count(`${m.symbol} rounding dust in the pool (wei ${dust})`);
    expect(dust, `${m.symbol}: balance + borrows − supply − reserves − donations`).to.be.within(0n, model.roundings);
  });
}

const isCollateral = (config: bigint, market: number) => ((config >> BigInt(2 * market)) & 1n) === 1n;
const isBorrowing = (config: bigint, market: number) => ((config >> BigInt(2 * market + 1)) & 1n) === 1n;

/** The bitmap tells the truth: borrowing ⇔ borrow shares; collateral ⇒ supply shares. */
function checkConfigs(world: World, s: Snapshot): void {
  world.users.forEach((_, u) => {
    world.markets.forEach((m, i) => {
      expect(isBorrowing(s.configs[u], i), `user ${u} ${m.symbol}: borrowing bit ⇔ borrow shares`).to.equal(
        s.borrowShares[u][i] !== 0n,
      );
      if (isCollateral(s.configs[u], i)) {
        expect(s.supplyShares[u][i], `user ${u} ${m.symbol}: a collateral bit without a supply`).to.not.equal(0n);
      }
    });
  });
}

/** No account keeps debt once its collateral is gone; a write-off takes all of the account's debt. */
function checkNoOrphanDebt(world: World, s: Snapshot, badDebts: BadDebt[]): void {
  world.users.forEach((_, u) => {
    const owes = s.borrowShares[u].some((shares) => shares !== 0n);
    const pledged = world.markets.some((_, i) => isCollateral(s.configs[u], i) && s.supplyShares[u][i] !== 0n);
    if (owes && !pledged) {
      expect.fail(`user ${u} owes ${s.borrowShares[u]} borrow shares with no collateral and no bad debt realized`);
    }
    if (badDebts.some((b) => b.borrower === u)) {
      expect(owes, `user ${u}'s bad debt left borrow shares`).to.equal(false);
    }
  });
}

/**
 * Every account with a health factor below 1 can be liquidated by someone holding the debt token, whatever the state
 * of the collateral market: a funded third party's liquidation into shares, simulated, never reverts.
 */
async function checkUnhealthyAreLiquidatable(world: World, s: Snapshot): Promise<void> {
  const { pool } = world.lending;
  for (const [u, user] of world.users.entries()) {
    if (s.borrowShares[u].every((x) => x === 0n)) continue;
    const hf = await pool.healthFactor(user);
    if (hf >= WAD) continue;
    const debtMarket = s.borrowShares[u].findIndex((x) => x !== 0n);
    const collateralMarket = world.markets.findIndex(
      (_, i) => isCollateral(s.configs[u], i) && s.supplyShares[u][i] !== 0n,
    );
    const liquidator = world.users[(u + 1) % world.users.length];
    const [debt, collateral] = [world.markets[debtMarket].token, world.markets[collateralMarket].token];
    await pool.connect(liquidator).liquidate.staticCall(user, debt, collateral, ethers.MaxUint256, liquidator, true);
    count("unhealthy account shown liquidatable");
  }
}

/**
 * Supply assets per share never fall, except when bad debt is realized in that market. Debt per share never falls by
 * more than the rounding test/lending/interest.test.ts allows (borrows round shares up, repayments round them down),
 * and is not compared once no borrow shares are left.
 */
function checkIndices(world: World, before: Snapshot, after: Snapshot, badDebts: BadDebt[]): void {
  world.markets.forEach((m, i) => {
    const [a, b] = [before.reserves[i], after.reserves[i]];
    if (!badDebts.some((d) => d.market === i)) {
      expect(
        (b.supplyAssets + VIRTUAL_ASSETS) * (a.supplyShares + VIRTUAL_SHARES),
        `${m.symbol}: supply assets per share never fall`,
      ).to.be.at.least((a.supplyAssets + VIRTUAL_ASSETS) * (b.supplyShares + VIRTUAL_SHARES));
    }
    if (b.borrowShares !== 0n) {
      const lhs = (b.borrowAssets + VIRTUAL_ASSETS) * (a.borrowShares + VIRTUAL_SHARES);
      const rhs = (a.borrowAssets + VIRTUAL_ASSETS) * (b.borrowShares + VIRTUAL_SHARES);
      const tolerance = a.borrowAssets + VIRTUAL_ASSETS + a.borrowShares + VIRTUAL_SHARES;
      expect(lhs + tolerance, `${m.symbol}: debt per share never falls beyond rounding`).to.be.at.least(rhs);
    }
  });
}

/**
 * No step by one user takes anything from another. A user who is neither the actor nor the step's counterparty
 * keeps exactly its shares; its supply balance never falls (except by bad-debt socialization in that market) and its
 * debt grows by at most the interest of the elapsed seconds at the rate stored before the step (plus the rounding of
 * a floored wad growth factor and 2 wei).
 * A counterparty may only gain supply (supply on behalf), lose debt (repay on behalf), or, when liquidated, lose
 * collateral and debt.
 */
function checkOthersUntouched(
  world: World,
  step: Step,
  before: Snapshot,
  after: Snapshot,
  badDebts: BadDebt[],
  liquidations: Liquidation[],
): void {
  const elapsed = after.timestamp - before.timestamp;
  world.users.forEach((_, u) => {
    if (u === step.actor) return;
    world.markets.forEach((m, i) => {
      const [s0, s1] = [before.supplyShares[u][i], after.supplyShares[u][i]];
      const [d0, d1] = [before.borrowShares[u][i], after.borrowShares[u][i]];
      const where = `${m.symbol}, user ${u}, after ${step.kind} by ${step.actor ?? "nobody"}`;
      const liquidated = liquidations.some((l) => l.borrower === u);
      const sharesReceived = liquidations.some((l) => l.receiver === u && l.receivedShares && l.collateralMarket === i);
      if (sharesReceived && u !== step.counterparty) {
        expect(s1, `${where}: a liquidator's receiver only gains shares`).to.be.at.least(s0);
        expect(d1, `${where}: borrow shares untouched`).to.equal(d0);
      } else if (u === step.counterparty) {
        if (liquidated) {
          expect(s1, `${where}: a liquidation only takes collateral`).to.be.at.most(s0);
        } else {
          expect(s1, `${where}: supply on behalf only adds shares`).to.be.at.least(s0);
        }
        expect(d1, `${where}: others only ever reduce one's debt shares`).to.be.at.most(d0);
      } else {
        expect(s1, `${where}: supply shares untouched`).to.equal(s0);
        expect(d1, `${where}: borrow shares untouched`).to.equal(d0);
      }

      const seized = liquidations.some((l) => l.borrower === u && l.collateralMarket === i);
      const socialized = badDebts.some((b) => b.market === i);
      if (!seized && !socialized) {
        expect(supplyAssetsOf(s1, after.reserves[i]), `${where}: supply balance never falls`).to.be.at.least(
          supplyAssetsOf(s0, before.reserves[i]),
        );
      }
      const debtBefore = debtAssetsOf(d0, before.reserves[i]);
      const growth = taylorCompounded(before.reserves[i].ratePerSecond, elapsed);
      // Both sides compound from the reserve's last touch with a floored wad factor: 4 wad units of slack.
      const maxDebt = debtBefore + ceilDiv(debtBefore * (growth + 4n), WAD) + 2n;
      expect(debtAssetsOf(d1, after.reserves[i]), `${where}: debt grows by interest only`).to.be.at.most(maxDebt);
    });
  });
}

/**
 * A successful borrow, withdrawal of collateral or collateral switch (one that changed something) leaves the actor
 * within its borrow limit (read in the same block).
 */
async function checkBorrowerHealthy(world: World, step: Step, succeeded: boolean): Promise<void> {
  if (!succeeded || step.actor === undefined || !["borrow", "withdraw", "collateral"].includes(step.kind)) return;
  const [, debtValue, borrowLimit] = await world.lending.pool.accountData(world.users[step.actor]);
  expect(debtValue, `${step.kind} by user ${step.actor} left debt above the borrow limit`).to.be.at.most(borrowLimit);
}

/**
 * A liquidation happened only to an account whose health factor was below 1 one block earlier (up to a second of
 * interest: 1.0001), and seized no more collateral than the borrower held at the liquidation.
 */
function checkLiquidations(
  before: Snapshot,
  after: Snapshot,
  liquidations: Liquidation[],
  badDebts: BadDebt[],
  hfBefore: bigint,
): void {
  for (const l of liquidations) {
    count("liquidation");
    expect(hfBefore, `liquidated user ${l.borrower} was healthy`).to.be.below(WAD + WAD / 10_000n);
    const c = l.collateralMarket;
    const r = after.reserves[c];
    // The collateral reserve just before the seizure: what the seizure (and any write-off) took, added back.
    const written = badDebts.filter((b) => b.market === c).reduce((sum, b) => sum + b.assets - b.coveredByReserves, 0n);
    const burned = before.supplyShares[l.borrower][c] - after.supplyShares[l.borrower][c];
    // Shares credited to the receiver leave the totals as they were; burned ones took tokens out.
    const atSeizure = l.receivedShares
      ? { ...r, supplyAssets: r.supplyAssets + written }
      : { ...r, supplyAssets: r.supplyAssets + l.seized + written, supplyShares: r.supplyShares + burned };
    const held = supplyAssetsOf(before.supplyShares[l.borrower][c], atSeizure);
    expect(l.seized, `liquidation of user ${l.borrower} seized more than its collateral`).to.be.at.most(held);
    // Only a collateral worth nothing in token units is taken for nothing (and the debt then written off).
    if (l.repaid === 0n) expect(l.seized, "a liquidation that repays nothing seizes nothing").to.equal(0n);
  }
}

/**
 * A debt-free user can always withdraw everything it supplied, unless the reserve's idle liquidity is short
 * (InsufficientLiquidity, the only acceptable refusal); and anyone can repay any debt in full. Both are simulated
 * with `staticCall`, so the history is not changed.
 */
async function checkFullWithdrawAndRepay(world: World, s: Snapshot): Promise<void> {
  const { pool, oracle } = world.lending;
  for (const [u, user] of world.users.entries()) {
    const debtFree = s.borrowShares[u].every((shares) => shares === 0n);
    for (const [i, m] of world.markets.entries()) {
      const r = s.reserves[i];
      if (debtFree && s.supplyShares[u][i] !== 0n) {
        const balance = supplyAssetsOf(s.supplyShares[u][i], r);
        try {
          const withdrawn = await pool.connect(user).withdraw.staticCall(m.token, ethers.MaxUint256, user);
          expect(withdrawn, `${m.symbol}: user ${u} withdraws its whole balance`).to.be.at.least(balance);
          count("full withdrawal simulated");
        } catch (error) {
          const decoded = decodeCustomError(error, pool, oracle);
          if (decoded?.name !== "InsufficientLiquidity") throw error;
          count("full withdrawal short of liquidity");
          const idle = r.supplyAssets > r.borrowAssets ? r.supplyAssets - r.borrowAssets : 0n;
          // Liquidity can only be short when the balance really exceeds what is not lent out.
          expect(balance, `${m.symbol}: user ${u} refused a withdrawal the liquidity covers`).to.be.greaterThan(
            idle - idle / 1_000_000n - 2n,
          );
        }
      }
      if (s.borrowShares[u][i] !== 0n) {
        const payer = world.users[(u + 1) % world.users.length];
        const debt = debtAssetsOf(s.borrowShares[u][i], r);
        const repaid = await pool.connect(payer).repay.staticCall(m.token, ethers.MaxUint256, user);
        expect(repaid, `${m.symbol}: a third party repays user ${u}'s whole debt`).to.be.at.least(debt);
        count("full repayment simulated");
        // Repaying exactly the displayed debt works too (it used to panic for a market's last borrower).
        const shown = await pool.debtBalance(m.token, user);
        await pool.connect(payer).repay.staticCall(m.token, shown, user);
        expect(repaid, `${m.symbol}: a full repayment asks no more than the reserve's borrows`).to.be.at.most(
          r.borrowAssets + r.borrowAssets / 1_000_000n + 1n,
        );
      }
    }
  }
}

// ───────── commands ─────────

type Size = { kind: "usd"; usd: number } | { kind: "wei"; wei: bigint };
type Portion = { kind: "bps"; bps: number } | { kind: "max" } | { kind: "wei"; wei: bigint };
type Pick = number | "auto";

const show = (x: Size | Portion): string =>
  x.kind === "usd" ? `$${x.usd}` : x.kind === "wei" ? `${x.wei} wei` : x.kind === "max" ? "max" : `${x.bps} bps`;

async function priceOf(world: World, i: number): Promise<bigint> {
  return world.lending.oracle.price(world.markets[i].token);
}

/** Tokens worth `usd` dollars at the oracle's price, at least 1 wei. */
async function tokensFor(world: World, i: number, size: Size): Promise<bigint> {
  if (size.kind === "wei") return size.wei;
  const amount = (BigInt(size.usd) * WAD * world.markets[i].unit) / (await priceOf(world, i));
  return amount === 0n ? 1n : amount;
}

/** A portion of `whole`: max stays the uint256 sentinel, and a portion never rounds to zero. */
function portionOf(whole: bigint, portion: Portion): bigint {
  if (portion.kind === "max") return ethers.MaxUint256;
  if (portion.kind === "wei") return portion.wei;
  const amount = (whole * BigInt(portion.bps)) / BPS;
  return amount === 0n ? 1n : amount;
}

type Command = fc.AsyncCommand<Model, World>;

class Supply implements Command {
  constructor(
    readonly actor: number,
    readonly market: number,
    readonly size: Size,
    readonly onBehalfOf: number,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const amount = await tokensFor(world, this.market, this.size);
    const [user, to] = [world.users[this.actor], world.users[this.onBehalfOf]];
    const token = world.markets[this.market].token;
    await runStep(world, model, {
      kind: "supply",
      actor: this.actor,
      counterparty: this.onBehalfOf,
      send: () => world.lending.pool.connect(user).supply(token, amount, to),
    });
  }
  toString = () => `supply(user ${this.actor}, ${this.market}, ${show(this.size)}, for ${this.onBehalfOf})`;
}

/** "auto": the first market where `shares` is not zero (else the first market). */
function marketOf(shares: bigint[], pick: Pick): number {
  if (pick !== "auto") return pick;
  const i = shares.findIndex((x) => x !== 0n);
  return i === -1 ? 0 : i;
}

class Withdraw implements Command {
  constructor(
    readonly actor: number,
    readonly market: Pick,
    readonly portion: Portion,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const user = world.users[this.actor];
    const market = marketOf(model.last.supplyShares[this.actor], this.market);
    const token = world.markets[market].token;
    const balance = await world.lending.pool.supplyBalance(token, user);
    const amount = portionOf(balance, this.portion);
    await runStep(world, model, {
      kind: "withdraw",
      actor: this.actor,
      market,
      send: () => world.lending.pool.connect(user).withdraw(token, amount, user),
    });
  }
  toString = () => `withdraw(user ${this.actor}, ${this.market}, ${show(this.portion)} of balance)`;
}

class Borrow implements Command {
  /** `bps` of the room left under the borrow limit (above 10,000 asks for too much). */
  constructor(
    readonly actor: number,
    readonly market: number,
    readonly bps: number,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const { pool } = world.lending;
    const user = world.users[this.actor];
    const token = world.markets[this.market].token;
    const [, debtValue, borrowLimit] = await pool.accountData(user);
    const room = borrowLimit > debtValue ? borrowLimit - debtValue : 0n;
    const price = await priceOf(world, this.market);
    const amount = (room * BigInt(this.bps) * world.markets[this.market].unit) / (BPS * price);
    await runStep(world, model, {
      kind: "borrow",
      actor: this.actor,
      send: () => pool.connect(user).borrow(token, amount === 0n ? 1n : amount, user),
    });
  }
  toString = () => `borrow(user ${this.actor}, ${this.market}, ${this.bps} bps of room)`;
}

class Repay implements Command {
  constructor(
    readonly actor: number,
    readonly market: Pick,
    readonly portion: Portion,
    readonly onBehalfOf: number,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const [user, account] = [world.users[this.actor], world.users[this.onBehalfOf]];
    const market = marketOf(model.last.borrowShares[this.onBehalfOf], this.market);
    const token = world.markets[market].token;
    const debt = await world.lending.pool.debtBalance(token, account);
    const amount = portionOf(debt, this.portion);
    await runStep(world, model, {
      kind: "repay",
      actor: this.actor,
      counterparty: this.onBehalfOf,
      send: () => world.lending.pool.connect(user).repay(token, amount, account),
    });
  }
  toString = () => `repay(user ${this.actor}, ${this.market}, ${show(this.portion)} of debt, for ${this.onBehalfOf})`;
}

class Liquidate implements Command {
  /** "auto" picks the least healthy borrower, its largest debt and its largest collateral by value. */
  constructor(
    readonly actor: number,
    readonly borrower: Pick,
    readonly debtMarket: Pick,
    readonly collateralMarket: Pick,
    readonly portion: Portion,
    readonly receiver: number,
    readonly receiveShares: boolean,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const { pool } = world.lending;
    const s = model.last;
    let borrower = this.borrower === "auto" ? -1 : this.borrower;
    if (borrower === -1) {
      let worst = ethers.MaxUint256;
      for (const [u, user] of world.users.entries()) {
        if (u === this.actor || s.borrowShares[u].every((x) => x === 0n)) continue;
        const hf = await pool.healthFactor(user);
        if (hf < worst) [worst, borrower] = [hf, u];
      }
      if (borrower === -1) borrower = (this.actor + 1) % world.users.length;
    }
    const prices = await Promise.all(world.markets.map((_, i) => priceOf(world, i)));
    const largest = (values: bigint[]) => values.reduce((best, v, i) => (v > values[best] ? i : best), 0);
    const debtMarket =
      this.debtMarket === "auto"
        ? largest(
            world.markets.map(
              (m, i) => (debtAssetsOf(s.borrowShares[borrower][i], s.reserves[i]) * prices[i]) / m.unit,
            ),
          )
        : this.debtMarket;
    const collateralMarket =
      this.collateralMarket === "auto"
        ? largest(
            world.markets.map(
              (m, i) => (supplyAssetsOf(s.supplyShares[borrower][i], s.reserves[i]) * prices[i]) / m.unit,
            ),
          )
        : this.collateralMarket;
    const account = world.users[borrower];
    const debt = await pool.debtBalance(world.markets[debtMarket].token, account);
    const amount = portionOf(debt, this.portion);
    const [liquidator, receiver] = [world.users[this.actor], world.users[this.receiver]];
    await runStep(world, model, {
      kind: "liquidate",
      actor: this.actor,
      counterparty: borrower,
      send: () =>
        pool
          .connect(liquidator)
          .liquidate(
            account,
            world.markets[debtMarket].token,
            world.markets[collateralMarket].token,
            amount,
            receiver,
            this.receiveShares,
          ),
    });
  }
  toString = () =>
    `liquidate(by ${this.actor}, borrower ${this.borrower}, debt ${this.debtMarket}, collateral ${this.collateralMarket}, ` +
    `${show(this.portion)}, to ${this.receiver}${this.receiveShares ? " as shares" : ""})`;
}

class SetCollateral implements Command {
  constructor(
    readonly actor: number,
    readonly market: number,
    readonly enabled: boolean,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const user = world.users[this.actor];
    const token = world.markets[this.market].token;
    await runStep(world, model, {
      kind: "collateral",
      actor: this.actor,
      send: () => world.lending.pool.connect(user).setCollateral(token, this.enabled),
    });
  }
  toString = () => `setCollateral(user ${this.actor}, ${this.market}, ${this.enabled})`;
}

class Donate implements Command {
  constructor(
    readonly actor: number,
    readonly market: number,
    readonly size: Size,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const amount = await tokensFor(world, this.market, this.size);
    const { token } = world.markets[this.market];
    await runStep(world, model, {
      kind: "donate",
      actor: this.actor,
      send: () => token.connect(world.users[this.actor]).transfer(world.lending.pool, amount),
      record: (m) => {
        m.donated[this.market] += amount;
      },
    });
  }
  toString = () => `donate(user ${this.actor}, ${this.market}, ${show(this.size)})`;
}

/**
 * A flash loan of any size, up to above the idle tokens (InsufficientLiquidity), repaid with the 9 bps fee: the fee
 * joins the reserves (the accounting identity must still hold to the wei) and nobody's position moves.
 */
class FlashLoan implements Command {
  constructor(
    readonly market: number,
    readonly size: Size,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const amount = await tokensFor(world, this.market, this.size);
    const { token } = world.markets[this.market];
    const { pool } = world.lending;
    await runStep(world, model, {
      kind: "flash",
      send: async () => {
        await token.mint(world.flashBorrower, await pool.flashFee(token, amount)); // the fee comes from elsewhere
        return world.flashBorrower.borrow(token, amount, "0x");
      },
    });
  }
  toString = () => `flashLoan(${this.market}, ${show(this.size)})`;
}

class CollectReserves implements Command {
  constructor(readonly market: number) {}
  check = () => true;
  async run(model: Model, world: World) {
    const { pool, deployer } = world.lending;
    await runStep(world, model, {
      kind: "collect",
      send: () => pool.connect(deployer).collectReserves(world.markets[this.market].token, deployer),
    });
  }
  toString = () => `collectReserves(${this.market})`;
}

class MovePrice implements Command {
  /** Multiplies the feed's answer by `bps` / 10,000, kept within 1/50 and 20× of its first answer. */
  constructor(
    readonly market: number,
    readonly bps: number,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const { feed, initialAnswer } = world.markets[this.market];
    let answer = ((await feed.latestAnswer()) * BigInt(this.bps)) / BPS;
    if (answer < initialAnswer / 50n) answer = initialAnswer / 50n;
    if (answer > initialAnswer * 20n) answer = initialAnswer * 20n;
    await runStep(world, model, { kind: "price", send: () => feed.updateAnswer(answer) });
  }
  toString = () => `price(${this.market} × ${this.bps / 10_000})`;
}

class Elapse implements Command {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(model: Model, world: World) {
    await runStep(world, model, {
      kind: "time",
      send: async () => {
        await time.increase(this.seconds);
        await refreshPrices(world.lending); // feeds have a one-day heartbeat
      },
    });
  }
  toString = () => `wait(${this.seconds} s)`;
}

const USERS = 5;
const userArb = fc.nat({ max: USERS - 1 });
const marketArb = fc.nat({ max: 2 });
const pickArb = (max: number) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant("auto" as const) }, { weight: 1, arbitrary: fc.nat({ max }) });
const sizeArb: fc.Arbitrary<Size> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("usd" as const), usd: fc.integer({ min: 1, max: 300_000 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("wei" as const), wei: fc.bigInt({ min: 1n, max: 10n ** 6n }) }),
  },
);
const portionArb: fc.Arbitrary<Portion> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("bps" as const), bps: fc.integer({ min: 1, max: 10_000 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: "max" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("wei" as const), wei: fc.bigInt({ min: 1n, max: 10n ** 6n }) }),
  },
);

const commandArbs: fc.Arbitrary<Command>[] = [
  // One supply in four is on behalf of another user.
  fc
    .tuple(userArb, marketArb, sizeArb, userArb, fc.nat({ max: 3 }))
    .map(([u, m, s, other, pick]) => new Supply(u, m, s, pick === 0 ? other : u)),
  fc.tuple(userArb, pickArb(2), portionArb).map(([u, m, p]) => new Withdraw(u, m, p)),
  // Borrows anywhere under the limit, right at its edge, or above it.
  fc
    .tuple(
      userArb,
      marketArb,
      fc.oneof(
        { weight: 2, arbitrary: fc.integer({ min: 1, max: 10_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 9_900, max: 10_100 }) },
        { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 15_000 }) },
      ),
    )
    .map(([u, m, bps]) => new Borrow(u, m, bps)),
  fc
    .tuple(userArb, pickArb(2), portionArb, userArb, fc.boolean())
    .map(([u, m, p, other, forOther]) => new Repay(u, m, p, forOther ? other : u)),
  fc
    .tuple(userArb, pickArb(USERS - 1), pickArb(2), pickArb(2), portionArb, userArb, fc.boolean())
    .map(([u, b, d, c, p, to, shares]) => new Liquidate(u, b, d, c, p, to, shares)),
  fc
    .tuple(userArb, pickArb(USERS - 1), pickArb(2), pickArb(2), portionArb, userArb, fc.boolean())
    .map(([u, b, d, c, p, to, shares]) => new Liquidate(u, b, d, c, p, to, shares)),
  fc.tuple(userArb, marketArb, fc.boolean()).map(([u, m, on]) => new SetCollateral(u, m, on)),
  fc.tuple(userArb, marketArb, sizeArb).map(([u, m, s]) => new Donate(u, m, s)),
  marketArb.map((m) => new CollectReserves(m)),
  fc.tuple(marketArb, sizeArb).map(([m, size]) => new FlashLoan(m, size)),
  // Prices: mostly moves of ±50%, sometimes a crash to a tenth.
  fc
    .tuple(marketArb, fc.oneof(fc.integer({ min: 5_000, max: 15_000 }), fc.integer({ min: 1_000, max: 5_000 })))
    .map(([m, bps]) => new MovePrice(m, bps)),
  fc
    .tuple(marketArb, fc.oneof(fc.integer({ min: 5_000, max: 15_000 }), fc.integer({ min: 1_000, max: 5_000 })))
    .map(([m, bps]) => new MovePrice(m, bps)),
  fc
    .oneof(fc.integer({ min: 1, max: 3_600 }), fc.integer({ min: 3_600, max: 60 * 86_400 }))
    .map((seconds) => new Elapse(seconds)),
];

// ───────── the property ─────────

/**
 * Markets already in use: Bob supplies liquidity everywhere; Alice, Carol, Dave and the liquidator signer hold
 * collateral (one or two assets) and borrow near their limits; the deployer (treasury) may collect reserves.
 */
async function deployMarketsInUse() {
  const lending = await loadFixture(deployLending);
  const { pool, accessManager, deployer, usdc, wbtc, weth, alice, bob, carol, dave, liquidator } = lending;
  await accessManager.connect(deployer).grantRole(ROLES.TREASURY, deployer, 0);
  await pool.connect(bob).supply(usdc, units(1_000_000, 6), bob);
  await pool.connect(bob).supply(wbtc, units(20, 8), bob);
  await pool.connect(bob).supply(weth, units(400, 18), bob);
  // Health factors 1.06 to 1.16: a price move of a few percent makes someone liquidatable.
  await pool.connect(alice).supply(wbtc, units(5, 8), alice);
  await pool.connect(alice).borrow(usdc, units(205_000, 6), alice);
  await pool.connect(carol).supply(weth, units(100, 18), carol);
  await pool.connect(carol).borrow(wbtc, units(3.9, 8), carol);
  await pool.connect(dave).supply(usdc, units(300_000, 6), dave);
  await pool.connect(dave).borrow(weth, units(70, 18), dave);
  await pool.connect(dave).borrow(wbtc, units(0.45, 8), dave);
  await pool.connect(liquidator).supply(wbtc, units(1, 8), liquidator);
  await pool.connect(liquidator).supply(weth, units(10, 18), liquidator);
  await pool.connect(liquidator).borrow(usdc, units(60_000, 6), liquidator);
  await pool.connect(deployer).setFlashLoanFee(9);
  const flashBorrower = await new FlashBorrowerMock__factory(deployer).deploy(pool);
  return { lending, flashBorrower };
}

async function setup(): Promise<{ model: Model; real: World }> {
  const { lending, flashBorrower } = await loadFixture(deployMarketsInUse);
  const world: World = {
    lending,
    flashBorrower,
    users: [lending.alice, lending.bob, lending.carol, lending.dave, lending.liquidator],
    markets: await Promise.all(
      (
        [
          ["USDC", lending.usdc, lending.usdcFeed],
          ["WBTC", lending.wbtc, lending.wbtcFeed],
          ["WETH", lending.weth, lending.wethFeed],
        ] as const
      ).map(async ([symbol, token, feed]) => ({
        symbol,
        token,
        feed,
        unit: 10n ** (await token.decimals()),
        initialAnswer: await feed.latestAnswer(),
      })),
    ),
  };
  const last = await snapshot(world);
  // The invariants hold before the first step too.
  const model: Model = { last, donated: [0n, 0n, 0n], suppliersLoss: [0n, 0n, 0n], roundings: 0n };
  checkShareSums(world, last);
  checkAccounting(world, model, last);
  return { model, real: world };
}

describe("LendingPool invariants over random multi-user histories", function () {
  after(function () {
    const line = [...stats.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ");
    console.log(`      [lending histories] ${line}`);
  });

  it("keeps shares, accounting, indices, health and every other user's position sound after every step", async function () {
    const settings = propertySettings("lending invariants", 10, 6_000);
    // Longer hunts (FC_RUNS=…) get time in proportion, shrinking included.
    this.timeout(settings.mochaTimeout);
    await assertProperty(
      fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 25, size: "max" }), async (commands) => {
        await fc.asyncModelRun(setup, commands);
      }),
      settings,
    );
  });
});
