import { expect } from "chai";
import { ethers, ignition } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { Contract } from "ethers";
import UniswapV3Pool from "@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json";

import LocalUniswap from "../../deploy/modules/LocalUniswap";
import { MockERC20__factory } from "../../typechain-types";

const Q96 = 2n ** 96n;

/** The real Uniswap v3 contracts from their npm artifacts, with the two seeded pools. */
async function deployUniswap() {
  const d = await ignition.deploy(LocalUniswap);
  const [deployer, trader] = await ethers.getSigners();
  const token = (c: Contract) => MockERC20__factory.connect(c.target as string, deployer);
  return {
    ...d,
    deployer,
    trader,
    usdc: token(d.usdc),
    wbtc: token(d.wbtc),
    weth: token(d.weth),
  };
}

/** Token1 per token0 in whole units at the pool's current √price. */
async function poolPrice(pool: Contract, decimals0: number, decimals1: number): Promise<number> {
  const { sqrtPriceX96 } = (await pool.slot0()) as { sqrtPriceX96: bigint };
  const raw = Number((sqrtPriceX96 * sqrtPriceX96 * 10n ** 18n) / (Q96 * Q96)) / 1e18;
  return raw * 10 ** (decimals0 - decimals1);
}

describe("LocalUniswap (real Uniswap v3 from npm artifacts)", function () {
  for (const [name, a, b, fee, usdA, usdB] of [
    ["USDC/WETH 0.05 %", "usdc", "weth", 500, 1, 3_000],
    ["WBTC/USDC 0.3 %", "wbtc", "usdc", 3000, 60_000, 1],
  ] as const) {
    it(`seeds the ${name} pool at the mock feeds' price`, async function () {
      const f = await loadFixture(deployUniswap);
      const tokenA = f[a];
      const tokenB = f[b];
      const poolAddress = (await f.uniswapFactory.getPool(tokenA, tokenB, fee)) as string;
      expect(poolAddress).to.not.equal(ethers.ZeroAddress);
      const pool = new ethers.Contract(poolAddress, UniswapV3Pool.abi, f.deployer);
      const [t0, t1] =
        BigInt(tokenA.target as string) < BigInt(tokenB.target as string) ? [tokenA, tokenB] : [tokenB, tokenA];
      const usd0 = t0 === tokenA ? usdA : usdB;
      const usd1 = t0 === tokenA ? usdB : usdA;
      const price = await poolPrice(pool, Number(await t0.decimals()), Number(await t1.decimals()));
      expect(price / (usd0 / usd1)).to.be.closeTo(1, 1e-6);
      expect((await pool.liquidity()) as bigint).to.be.greaterThan(0n);
    });
  }

  it("SwapRouter02 swaps 3,000 USDC for about 1 WETH (feed price, less the 0.05 % fee and a little impact)", async function () {
    const f = await loadFixture(deployUniswap);
    await f.usdc.mint(f.trader.address, 3_000_000_000n);
    await f.usdc.connect(f.trader).approve(f.swapRouter, ethers.MaxUint256);
    const router = f.swapRouter.connect(f.trader) as Contract;
    const before = await f.weth.balanceOf(f.trader.address);
    await router.exactInputSingle({
      tokenIn: f.usdc.target,
      tokenOut: f.weth.target,
      fee: 500,
      recipient: f.trader.address,
      amountIn: 3_000_000_000n,
      amountOutMinimum: 0n,
      sqrtPriceLimitX96: 0n,
    });
    const received = Number((await f.weth.balanceOf(f.trader.address)) - before) / 1e18;
    expect(received).to.be.within(0.999, 0.9995);
  });
});
