import { ethers, ignition } from "hardhat";

import LocalLending from "../deploy/modules/LocalLending";
import { LendingPool__factory, MockERC20__factory, MockV3Aggregator__factory } from "../typechain-types";
import { typed } from "./lib/contracts";
import { formatAmount, formatGas, formatWad } from "./lib/format";
import { Story } from "./lib/story";
import { ratePerSecondToApr } from "./lib/units";

/**
 * The Quartet story on the in-process network. Each step prints what changed and its gas, and the demo exits
 * non-zero if an expected effect did not happen.
 */
async function main(): Promise<void> {
  const story = new Story();
  const [, alice, bob, carol, liquidator] = await ethers.getSigners();

  const { pool, usdc, wbtc, weth, wbtcFeed } = await story.step(
    "Deploy lending with the Ignition modules",
    async () => {
      const d = await ignition.deploy(LocalLending, { displayUi: false });
      return {
        pool: await typed(LendingPool__factory, d.pool),
        usdc: await typed(MockERC20__factory, d.usdc),
        wbtc: await typed(MockERC20__factory, d.wbtc),
        weth: await typed(MockERC20__factory, d.weth),
        wbtcFeed: await typed(MockV3Aggregator__factory, d.wbtcFeed),
      };
    },
  );
  const tokens = { USDC: usdc, WBTC: wbtc, WETH: weth };

  await story.step("Markets: USDC, WBTC and WETH are listed", async () => {
    for (const [symbol, token] of Object.entries(tokens)) {
      const config = await pool.assetConfig(token);
      story.say(
        `${symbol.padEnd(5)} LTV ${Number(config.ltvBps) / 100}%  liquidation threshold ${Number(config.liquidationThresholdBps) / 100}%  bonus ${Number(config.liquidationBonusBps) / 100}%`,
      );
    }
    story.expect((await pool.assets()).length === 3, "three markets should be listed");
  });

  await story.step("Two suppliers: Alice lends 500,000 USDC, Bob lends 50 WETH", async () => {
    for (const user of [alice, bob, carol, liquidator]) {
      for (const token of Object.values(tokens)) {
        await token.mint(user.address, 10n ** 30n);
        await token.connect(user).approve(pool, ethers.MaxUint256);
      }
    }
    await story.send(
      "alice supplies 500,000 USDC",
      pool.connect(alice).supply(usdc, 500_000n * 10n ** 6n, alice.address),
    );
    await story.send("bob supplies 50 WETH", pool.connect(bob).supply(weth, 50n * 10n ** 18n, bob.address));
    const supplied = await pool.supplyBalance(usdc, alice.address);
    story.expect(supplied === 500_000n * 10n ** 6n, "Alice's USDC supply should be 500,000");
  });

  await story.step("A borrower: Carol supplies 1 WBTC and borrows 40,000 USDC", async () => {
    await story.send("carol supplies 1 WBTC", pool.connect(carol).supply(wbtc, 10n ** 8n, carol.address));
    await story.send("carol borrows 40,000 USDC", pool.connect(carol).borrow(usdc, 40_000n * 10n ** 6n, carol.address));
    const [collateral, debt, limit, hf] = await pool.accountData(carol.address);
    story.say(`collateral $${formatWad(collateral, 2)}, debt $${formatWad(debt, 2)}, limit $${formatWad(limit, 2)}`);
    story.say(
      `health factor ${formatWad(hf, 3)}; USDC borrow APR ${ratePerSecondToApr(await pool.borrowRatePerSecond(usdc))}%`,
    );
    story.expect(hf > 10n ** 18n, "Carol should be healthy after borrowing");
  });

  await story.step("The WBTC price falls from $60,000 to $52,000", async () => {
    await story.send("oracle update", wbtcFeed.updateAnswer(52_000n * 10n ** 8n));
    const hf = await pool.healthFactor(carol.address);
    story.say(`Carol's health factor is now ${formatWad(hf, 3)}`);
    story.expect(hf < 10n ** 18n, "Carol should be liquidatable");
  });

  await story.step("A liquidator repays half of Carol's debt and takes WBTC with a 10% bonus", async () => {
    const usdcBefore = await usdc.balanceOf(liquidator.address);
    const wbtcBefore = await wbtc.balanceOf(liquidator.address);
    await story.send(
      "liquidate carol",
      pool.connect(liquidator).liquidate(carol.address, usdc, wbtc, ethers.MaxUint256, liquidator.address),
    );
    const paid = usdcBefore - (await usdc.balanceOf(liquidator.address));
    const seized = (await wbtc.balanceOf(liquidator.address)) - wbtcBefore;
    const profitUsd = (seized * 52_000n * 10n ** 6n) / 10n ** 8n - paid;
    story.say(`paid ${formatAmount(paid, 6)} USDC, received ${formatAmount(seized, 8)} WBTC`);
    story.say(
      `profit ≈ $${formatAmount(profitUsd, 6, 2)}; Carol's health factor ${formatWad(await pool.healthFactor(carol.address), 3)}`,
    );
    story.expect(profitUsd > 0n, "the liquidator should profit");
    story.expect((await pool.healthFactor(carol.address)) > 10n ** 18n, "Carol should be healthy again");
  });

  story.finish();
  console.log(`\nTotal gas: ${formatGas(story.totalGas)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
