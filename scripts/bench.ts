import { ethers, ignition } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import fs from "node:fs";
import path from "node:path";

import LocalLending from "../deploy/modules/LocalLending";
import { typed } from "./lib/contracts";
import { formatGas, markdownTable } from "./lib/format";
import { LendingPool__factory, MockERC20__factory, MockV3Aggregator__factory } from "../typechain-types";

/** One measured operation. */
interface Measurement {
  gasUsed: number;
  calldataBytes: number;
  budget: number;
  anchor: string;
  scenario: string;
}

const results: Record<string, Measurement> = {};

async function measure(
  key: string,
  budget: number,
  anchor: string,
  scenario: string,
  pending: Promise<ContractTransactionResponse>,
): Promise<void> {
  const tx = await pending;
  const receipt = await tx.wait();
  if (receipt === null || receipt.status !== 1) throw new Error(`${key}: transaction failed`);
  results[key] = {
    gasUsed: Number(receipt.gasUsed),
    calldataBytes: ethers.getBytes(tx.data).length,
    budget,
    anchor,
    scenario,
  };
}

async function benchLending(): Promise<void> {
  const [, alice, bob, carol, dave, liquidator] = await ethers.getSigners();
  const d = await ignition.deploy(LocalLending, { displayUi: false });
  const pool = await typed(LendingPool__factory, d.pool);
  const usdc = await typed(MockERC20__factory, d.usdc);
  const wbtc = await typed(MockERC20__factory, d.wbtc);
  const weth = await typed(MockERC20__factory, d.weth);
  const wbtcFeed = await typed(MockV3Aggregator__factory, d.wbtcFeed);
  for (const user of [alice, bob, carol, dave, liquidator]) {
    for (const token of [usdc, wbtc, weth]) {
      await token.mint(user.address, 10n ** 30n);
      await token.connect(user).approve(pool, ethers.MaxUint256);
    }
  }

  // Warm protocol: USDC lenders and a WETH-backed borrower already exist, so interest accrues on every touch.
  await pool.connect(alice).supply(usdc, 1_000_000n * 10n ** 6n, alice.address);
  await pool.connect(bob).supply(weth, 100n * 10n ** 18n, bob.address);
  await pool.connect(bob).borrow(usdc, 100_000n * 10n ** 6n, bob.address);
  await pool.connect(alice).supply(weth, 10n * 10n ** 18n, alice.address);

  const warm = "warm pool (USDC 1M supplied, 100k borrowed; WETH supplied), accrual due";
  await measure(
    "lending.supply",
    110_000,
    "Morpho Blue 95k; Aave v3 ~160k+",
    `${warm}; carol's first supply (10 WETH): new position, new account`,
    pool.connect(carol).supply(weth, 10n * 10n ** 18n, carol.address),
  );
  await measure(
    "lending.supplyTopUp",
    90_000,
    "Morpho Blue ~60k",
    `${warm}; carol adds 1 WETH to her position`,
    pool.connect(carol).supply(weth, 10n ** 18n, carol.address),
  );
  await measure(
    "lending.borrow",
    140_000,
    "Morpho 84k; Aave v3 ~230k+",
    `${warm}; carol borrows 10,000 USDC against WETH (one collateral), first borrow`,
    pool.connect(carol).borrow(usdc, 10_000n * 10n ** 6n, carol.address),
  );
  await measure(
    "lending.repay",
    95_000,
    "Morpho 81k; Aave v3 ~167k",
    `${warm}; carol repays 5,000 of her 10,000 USDC debt`,
    pool.connect(carol).repay(usdc, 5_000n * 10n ** 6n, carol.address),
  );
  await measure(
    "lending.withdraw",
    130_000,
    "Morpho 81k; Aave v3 ~242k",
    `${warm}; carol withdraws 1 of 11 WETH while owing 5,000 USDC`,
    pool.connect(carol).withdraw(weth, 10n ** 18n, carol.address),
  );

  // Dave borrows near his limit against WBTC; WBTC falls 10%, so he is liquidatable.
  await pool.connect(dave).supply(wbtc, 10n ** 8n, dave.address);
  await pool.connect(dave).borrow(usdc, 41_000n * 10n ** 6n, dave.address);
  await wbtcFeed.updateAnswer(54_000n * 10n ** 8n);
  await measure(
    "lending.liquidate",
    180_000,
    "Morpho 107k; Aave v3 ~361k",
    `${warm}; dave (1 WBTC, 41,000 USDC debt) after WBTC -10%: liquidator repays 10,000 USDC, seizes WBTC`,
    pool.connect(liquidator).liquidate(dave.address, usdc, wbtc, 10_000n * 10n ** 6n, liquidator.address),
  );
}

async function main(): Promise<void> {
  await benchLending();

  const rows = Object.entries(results).map(([key, r]) => [
    key,
    formatGas(r.gasUsed),
    formatGas(r.budget),
    r.gasUsed <= r.budget ? "ok" : "OVER",
    r.anchor,
    String(r.calldataBytes),
  ]);
  console.log(markdownTable(["operation", "gas", "budget", "", "anchor", "calldata bytes"], rows));
  const out = path.join(__dirname, "..", "bench", "results.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  const over = Object.entries(results).filter(([, r]) => r.gasUsed > r.budget);
  if (over.length > 0) {
    console.error(`Over budget: ${over.map(([k]) => k).join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
