import { scope, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { MAX, parseAddress, parseAmount } from "../scripts/lib/args";
import { UserError } from "../scripts/lib/errors";
import {
  formatAmount,
  formatBps,
  formatHealthFactor,
  formatPercentWad,
  formatUsd,
  markdownTable,
  summary,
} from "../scripts/lib/format";
import { approveIfNeeded, describeTx, findEvent, mined } from "../scripts/lib/tx";
import { borrowRoom, idleLiquidity, pauseStatus, repayNeeds } from "../scripts/lib/lending";
import { ratePerSecondToApr, WAD } from "../scripts/lib/units";
import { runAction } from "./run";

// Every action imports scripts/lib/quartet lazily: it loads typechain-types, which does not exist before a compile.
const quartetLib = () => import("../scripts/lib/quartet");

const FROM_HELP = "index of the signing account (0 = the first)";

const lending = scope("lending", "Supply, borrow, repay and liquidate on the lending pool, and read it");

function apr(ratePerSecondWad: bigint): string {
  return `${ratePerSecondToApr(ratePerSecondWad).toFixed(2)}%`;
}

/** "isolated: $debt of $ceiling", "borrowable in isolation", or "-". Ceilings count face value (18 decimals). */
function isolationStatus(i: {
  isolated: boolean;
  borrowableInIsolation: boolean;
  debtCeiling: bigint;
  isolatedDebt: bigint;
}) {
  const parts: string[] = [];
  if (i.isolated) parts.push(`isolated: ${formatUsd(i.isolatedDebt)} of ${formatUsd(i.debtCeiling)} ceiling`);
  if (i.borrowableInIsolation) parts.push("borrowable in isolation");
  return parts.length === 0 ? "-" : parts.join(", ");
}

function faucetHint(hre: HardhatRuntimeEnvironment, symbol: string): string {
  return `get test tokens with \`npx hardhat --network ${hre.network.name} lending faucet --asset ${symbol} --amount 1000\``;
}

lending
  .task(
    "markets",
    "Every listed asset: price, totals, utilization, rates, LTV and threshold, caps, isolation and its debt ceiling",
  )
  .setAction(
    runAction(async (_, hre) => {
      const { connectQuartet } = await quartetLib();
      const q = await connectQuartet(hre);
      const rows: string[][] = [];
      for (const asset of await q.pool.assets()) {
        const token = q.erc20(asset);
        const [symbol, decimals, config, reserve, utilization, borrowRate, supplyRate, isolation] = await Promise.all([
          token.symbol(),
          token.decimals(),
          q.pool.assetConfig(asset),
          q.pool.reserveData(asset),
          q.pool.utilizationWad(asset),
          q.pool.borrowRatePerSecond(asset),
          q.pool.supplyRatePerSecond(asset),
          q.pool.isolation(asset),
        ]);
        let price: string;
        try {
          price = formatUsd(await q.oracle.price(asset));
        } catch {
          price = "unavailable";
        }
        const cap = (value: bigint) => (value === 0n ? "none" : formatAmount(value, decimals));
        const paused = pauseStatus(reserve.pausedFlags);
        const status = [paused === "active" ? "" : paused, config.borrowEnabled ? "" : "no borrowing"].filter(
          (s) => s !== "",
        );
        rows.push([
          symbol,
          price,
          formatAmount(reserve.totalSupplyAssets, decimals),
          formatAmount(reserve.totalBorrowAssets, decimals),
          formatPercentWad(utilization),
          apr(borrowRate),
          apr(supplyRate),
          `${formatBps(config.ltvBps)} / ${formatBps(config.liquidationThresholdBps)}`,
          `${cap(config.supplyCap)} / ${cap(config.borrowCap)}`,
          isolationStatus(isolation),
          status.length === 0 ? "active" : status.join(", "),
        ]);
      }
      console.log(
        markdownTable(
          [
            "asset",
            "price",
            "supplied",
            "borrowed",
            "utilization",
            "borrow APR",
            "supply APR",
            "LTV / threshold",
            "supply cap / borrow cap",
            "isolation",
            "status",
          ],
          rows,
        ),
      );
    }),
  );

lending
  .task("supply", "Supply an asset (approves the pool first when needed)")
  .addParam("asset", "USDC, WBTC, WETH or a listed token's address")
  .addParam("amount", "amount in token units, e.g. 100 or 0.5")
  .addOptionalParam("onBehalfOf", "credit this address instead of the signer")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ asset: string; amount: string; onBehalfOf?: string; from: number }>(async (args, hre) => {
      const { connectAs, listedAsset } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const asset = await listedAsset(q, args.asset);
      const amount = parseAmount(args.amount, asset.decimals, { symbol: asset.symbol });
      const onBehalfOf =
        args.onBehalfOf === undefined ? signer.address : parseAddress(args.onBehalfOf, "--on-behalf-of");
      const balance = await asset.token.balanceOf(signer.address);
      if (balance < amount) {
        throw new UserError(
          `${signer.address} holds ${formatAmount(balance, asset.decimals)} ${asset.symbol}, less than ${formatAmount(amount, asset.decimals)}: ${faucetHint(hre, asset.symbol)}.`,
        );
      }
      const approval = await approveIfNeeded(asset.token, signer.address, q.book.pool, amount);
      if (approval !== undefined)
        console.log(
          `Approved the pool for ${formatAmount(amount, asset.decimals)} ${asset.symbol}: ${describeTx(approval)}`,
        );
      const receipt = await mined(q.pool.supply(asset.address, amount, onBehalfOf));
      console.log(
        `Supplied ${formatAmount(amount, asset.decimals)} ${asset.symbol} for ${onBehalfOf}: ${describeTx(receipt)}`,
      );
      const supplied = await q.pool.supplyBalance(asset.address, onBehalfOf);
      console.log(`Supply balance: ${formatAmount(supplied, asset.decimals)} ${asset.symbol}`);
    }),
  );

lending
  .task("withdraw", "Withdraw supplied assets")
  .addParam("asset", "USDC, WBTC, WETH or a listed token's address")
  .addParam("amount", 'amount in token units, or "max" for everything')
  .addOptionalParam("to", "send the tokens to this address instead of the signer")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ asset: string; amount: string; to?: string; from: number }>(async (args, hre) => {
      const { connectAs, listedAsset } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const asset = await listedAsset(q, args.asset);
      const amount = parseAmount(args.amount, asset.decimals, { symbol: asset.symbol, allowMax: true });
      const to = args.to === undefined ? signer.address : parseAddress(args.to, "--to");
      const supplied = await q.pool.supplyBalance(asset.address, signer.address);
      if (supplied === 0n)
        throw new UserError(`${signer.address} has no ${asset.symbol} supplied: nothing to withdraw.`);
      if (amount !== MAX && amount > supplied) {
        throw new UserError(
          `${signer.address} has ${formatAmount(supplied, asset.decimals)} ${asset.symbol} supplied, less than ${formatAmount(amount, asset.decimals)}: withdraw less, or "max".`,
        );
      }
      const receipt = await mined(q.pool.withdraw(asset.address, amount, to));
      const withdrawn = findEvent(receipt, q.pool.interface, "Withdraw").assets as bigint;
      console.log(
        `Withdrew ${formatAmount(withdrawn, asset.decimals)} ${asset.symbol} to ${to}: ${describeTx(receipt)}`,
      );
      const left = await q.pool.supplyBalance(asset.address, signer.address);
      console.log(`Supply balance: ${formatAmount(left, asset.decimals)} ${asset.symbol}`);
    }),
  );

lending
  .task("borrow", "Borrow against your supplied collateral")
  .addParam("asset", "USDC, WBTC, WETH or a listed token's address")
  .addParam("amount", "amount in token units, e.g. 100 or 0.5")
  .addOptionalParam("to", "send the tokens to this address instead of the signer")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ asset: string; amount: string; to?: string; from: number }>(async (args, hre) => {
      const { connectAs, listedAsset } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const asset = await listedAsset(q, args.asset);
      const amount = parseAmount(args.amount, asset.decimals, { symbol: asset.symbol });
      const to = args.to === undefined ? signer.address : parseAddress(args.to, "--to");
      const [config, reserve, account, price] = await Promise.all([
        q.pool.assetConfig(asset.address),
        q.pool.reserveData(asset.address),
        q.pool.accountData(signer.address),
        q.oracle.price(asset.address),
      ]);
      if (!config.borrowEnabled) throw new UserError(`Borrowing ${asset.symbol} is disabled by governance.`);
      const liquidity = idleLiquidity(reserve);
      if (amount > liquidity) {
        throw new UserError(
          `The pool has ${formatAmount(liquidity, asset.decimals)} ${asset.symbol} to lend, less than ${formatAmount(amount, asset.decimals)}.`,
        );
      }
      const canBorrow = borrowRoom(account, price, asset.decimals);
      if (amount > canBorrow) {
        throw new UserError(
          `${signer.address} can borrow about ${formatAmount(canBorrow, asset.decimals)} ${asset.symbol} more ` +
            `(borrow limit ${formatUsd(account.borrowLimit)}, debt ${formatUsd(account.debtValue)}), not ${formatAmount(amount, asset.decimals)}: supply collateral first.`,
        );
      }
      const receipt = await mined(q.pool.borrow(asset.address, amount, to));
      console.log(`Borrowed ${formatAmount(amount, asset.decimals)} ${asset.symbol} to ${to}: ${describeTx(receipt)}`);
      console.log(`Health factor: ${formatHealthFactor(await q.pool.healthFactor(signer.address))}`);
    }),
  );

lending
  .task("repay", "Repay a debt, yours or someone else's (approves the pool first when needed)")
  .addParam("asset", "USDC, WBTC, WETH or a listed token's address")
  .addParam("amount", 'amount in token units, or "max" for the whole debt')
  .addOptionalParam("onBehalfOf", "repay this address's debt instead of the signer's")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ asset: string; amount: string; onBehalfOf?: string; from: number }>(async (args, hre) => {
      const { connectAs, listedAsset } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const asset = await listedAsset(q, args.asset);
      const amount = parseAmount(args.amount, asset.decimals, { symbol: asset.symbol, allowMax: true });
      const debtor = args.onBehalfOf === undefined ? signer.address : parseAddress(args.onBehalfOf, "--on-behalf-of");
      const [debt, rate, balance] = await Promise.all([
        q.pool.debtBalance(asset.address, debtor),
        q.pool.borrowRatePerSecond(asset.address),
        asset.token.balanceOf(signer.address),
      ]);
      if (debt === 0n) throw new UserError(`${debtor} owes no ${asset.symbol}: nothing to repay.`);
      const { approve: needed, hold: mustHold } = repayNeeds(amount, debt, rate);
      if (balance < mustHold) {
        throw new UserError(
          `${signer.address} holds ${formatAmount(balance, asset.decimals)} ${asset.symbol} but the repayment needs ${formatAmount(mustHold, asset.decimals)}: ${faucetHint(hre, asset.symbol)}, or repay less.`,
        );
      }
      const approval = await approveIfNeeded(
        asset.token,
        signer.address,
        q.book.pool,
        needed < balance ? needed : balance,
      );
      if (approval !== undefined) console.log(`Approved the pool: ${describeTx(approval)}`);
      const receipt = await mined(q.pool.repay(asset.address, amount, debtor));
      const repaid = findEvent(receipt, q.pool.interface, "Repay").assets as bigint;
      console.log(
        `Repaid ${formatAmount(repaid, asset.decimals)} ${asset.symbol} for ${debtor}: ${describeTx(receipt)}`,
      );
      const left = await q.pool.debtBalance(asset.address, debtor);
      console.log(`Debt left: ${formatAmount(left, asset.decimals)} ${asset.symbol}`);
    }),
  );

lending
  .task("liquidate", "Repay part of an unhealthy account's debt and seize its collateral with a bonus")
  .addParam("borrower", "the account whose health factor is below 1")
  .addParam("debtAsset", "the asset you repay")
  .addParam("collateralAsset", "the asset you seize")
  .addParam("amount", 'most you repay, in debt-asset units, or "max" (the pool caps it by the close factor)')
  .addOptionalParam("receiver", "send the seized collateral here instead of the signer")
  .addFlag("shares", "take the seized collateral as supply shares (works when the collateral market is fully lent out)")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{
      borrower: string;
      debtAsset: string;
      collateralAsset: string;
      amount: string;
      receiver?: string;
      shares: boolean;
      from: number;
    }>(async (args, hre) => {
      const { connectAs, listedAsset } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const borrower = parseAddress(args.borrower, "--borrower");
      const debtAsset = await listedAsset(q, args.debtAsset, "--debt-asset");
      const collateralAsset = await listedAsset(q, args.collateralAsset, "--collateral-asset");
      const amount = parseAmount(args.amount, debtAsset.decimals, { symbol: debtAsset.symbol, allowMax: true });
      const receiver = args.receiver === undefined ? signer.address : parseAddress(args.receiver, "--receiver");
      const [health, debt, collateral, pledged, rate, balance, reserve] = await Promise.all([
        q.pool.healthFactor(borrower),
        q.pool.debtBalance(debtAsset.address, borrower),
        q.pool.supplyBalance(collateralAsset.address, borrower),
        q.pool.isCollateral(collateralAsset.address, borrower),
        q.pool.borrowRatePerSecond(debtAsset.address),
        debtAsset.token.balanceOf(signer.address),
        q.pool.reserveData(collateralAsset.address),
      ]);
      if (health >= WAD) {
        throw new UserError(
          `${borrower} is healthy (health factor ${formatHealthFactor(health)}): only accounts below 1 can be liquidated.`,
        );
      }
      if (debt === 0n) throw new UserError(`${borrower} owes no ${debtAsset.symbol}: pick another --debt-asset.`);
      if (collateral === 0n || !pledged) {
        throw new UserError(
          `${borrower} has no ${collateralAsset.symbol} enabled as collateral: pick another --collateral-asset.`,
        );
      }
      if (!args.shares && idleLiquidity(reserve) === 0n) {
        throw new UserError(
          `The ${collateralAsset.symbol} market has no idle tokens to pay the seizure out: add --shares to take supply shares instead.`,
        );
      }
      const repayAtMost = repayNeeds(amount, debt, rate).approve;
      const approve = repayAtMost < balance ? repayAtMost : balance;
      if (approve === 0n) {
        throw new UserError(
          `${signer.address} holds no ${debtAsset.symbol} to repay with: ${faucetHint(hre, debtAsset.symbol)}.`,
        );
      }
      const approval = await approveIfNeeded(debtAsset.token, signer.address, q.book.pool, approve);
      if (approval !== undefined) console.log(`Approved the pool: ${describeTx(approval)}`);
      // The pool pulls what it repays, so never ask for more than the signer holds.
      const receipt = await mined(
        q.pool.liquidate(
          borrower,
          debtAsset.address,
          collateralAsset.address,
          amount < balance ? amount : balance,
          receiver,
          args.shares,
        ),
      );
      const event = findEvent(receipt, q.pool.interface, "Liquidate");
      const form = args.shares ? ` as supply shares` : "";
      console.log(
        `Liquidated ${borrower}: repaid ${formatAmount(event.repaidAssets as bigint, debtAsset.decimals)} ${debtAsset.symbol}, ` +
          `seized ${formatAmount(event.seizedAssets as bigint, collateralAsset.decimals)} ${collateralAsset.symbol}${form} to ${receiver}: ${describeTx(receipt)}`,
      );
      console.log(`Borrower's health factor: ${formatHealthFactor(await q.pool.healthFactor(borrower))}`);
    }),
  );

lending
  .task("collateral", "Enable or disable one of your supplied assets as collateral")
  .addParam("asset", "the supplied asset, e.g. WETH")
  .addFlag("on", "count it as collateral")
  .addFlag("off", "stop counting it as collateral (refused if your debt would exceed the borrow limit)")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ asset: string; on: boolean; off: boolean; from: number }>(async (args, hre) => {
      if (args.on === args.off) throw new UserError("Pass exactly one of --on and --off.");
      const { connectAs, listedAsset } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const asset = await listedAsset(q, args.asset, "--asset");
      const [supplied, enabled, config] = await Promise.all([
        q.pool.supplyBalance(asset.address, signer.address),
        q.pool.isCollateral(asset.address, signer.address),
        q.pool.assetConfig(asset.address),
      ]);
      if (enabled === args.on) {
        console.log(`${asset.symbol} is already ${enabled ? "enabled" : "disabled"} as collateral: nothing to do.`);
        return;
      }
      if (args.on && config.liquidationThresholdBps === 0n) {
        throw new UserError(`${asset.symbol} has no liquidation threshold: it cannot back debt.`);
      }
      if (args.on && supplied === 0n) {
        throw new UserError(`You have no ${asset.symbol} supplied: supply first with \`lending supply\`.`);
      }
      const receipt = await mined(q.pool.setCollateral(asset.address, args.on));
      console.log(
        `${asset.symbol} ${args.on ? "enabled" : "disabled"} as collateral for ${signer.address}: ${describeTx(receipt)}`,
      );
      console.log(`Health factor: ${formatHealthFactor(await q.pool.healthFactor(signer.address))}`);
    }),
  );

lending
  .task("account", "An account's positions per asset, values and health factor")
  .addOptionalParam("address", "the account (default: the signer)")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ address?: string; from: number }>(async (args, hre) => {
      const { connectAs } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const account = args.address === undefined ? signer.address : parseAddress(args.address, "--address");
      const rows: string[][] = [];
      for (const asset of await q.pool.assets()) {
        const token = q.erc20(asset);
        const [symbol, decimals, supplied, debt, config, pledged] = await Promise.all([
          token.symbol(),
          token.decimals(),
          q.pool.supplyBalance(asset, account),
          q.pool.debtBalance(asset, account),
          q.pool.assetConfig(asset),
          q.pool.isCollateral(asset, account),
        ]);
        if (supplied === 0n && debt === 0n) continue;
        const [priced, price] = await q.oracle.tryPrice(asset);
        const value = (amount: bigint) => (priced ? formatUsd((amount * price) / 10n ** decimals) : "feed down");
        rows.push([
          symbol,
          formatAmount(supplied, decimals) + (supplied !== 0n && !pledged ? " (not collateral)" : ""),
          value(supplied),
          formatAmount(debt, decimals),
          value(debt),
          `${formatBps(config.ltvBps)} / ${formatBps(config.liquidationThresholdBps)}`,
        ]);
      }
      const data = await q.pool.accountData(account);
      console.log(`Account ${account}`);
      console.log(
        rows.length === 0
          ? "No positions."
          : markdownTable(["asset", "supplied", "value", "debt", "value", "LTV / threshold"], rows),
      );
      const headroom = data.borrowLimit > data.debtValue ? data.borrowLimit - data.debtValue : 0n;
      const health = formatHealthFactor(data.healthFactorWad);
      console.log(
        summary([
          ["collateral value", formatUsd(data.collateralValue)],
          ["debt value", formatUsd(data.debtValue)],
          ["borrow limit", `${formatUsd(data.borrowLimit)} (${formatUsd(headroom)} left)`],
          ["health factor", data.healthFactorWad < WAD ? `${health} — liquidatable` : health],
        ]),
      );
    }),
  );

lending
  .task("faucet", "Mint Quartet test tokens (open mint on local chains and testnets)")
  .addParam("asset", "USDC, WBTC or WETH")
  .addParam("amount", "amount in token units, e.g. 1000")
  .addOptionalParam("to", "mint to this address instead of the signer")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ asset: string; amount: string; to?: string; from: number }>(async (args, hre) => {
      const { connectAs, resolveAsset } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const known = resolveAsset(q, args.asset);
      if (known === undefined) {
        throw new UserError(`--asset ${args.asset} is not a Quartet test token: the faucet mints USDC, WBTC and WETH.`);
      }
      const decimals = Number(await known.token.decimals());
      const amount = parseAmount(args.amount, decimals, { symbol: known.symbol });
      const to = args.to === undefined ? signer.address : parseAddress(args.to, "--to");
      const receipt = await mined(known.token.mint(to, amount));
      const balance = await known.token.balanceOf(to);
      console.log(`Minted ${formatAmount(amount, decimals)} ${known.symbol} to ${to}: ${describeTx(receipt)}`);
      console.log(`Balance: ${formatAmount(balance, decimals)} ${known.symbol}`);
    }),
  );
