import { ethers, ignition } from "hardhat";

import LocalMocks from "../deploy/modules/LocalMocks";
import { MockERC20__factory } from "../typechain-types";
import { typed } from "./lib/contracts";
import { formatAmount, formatGas } from "./lib/format";
import { Story } from "./lib/story";

/**
 * The Quartet story on the in-process network. Each step prints what changed and its gas, and the demo
 * exits non-zero if an expected effect did not happen.
 */
async function main(): Promise<void> {
  const story = new Story();
  const [, alice, bob] = await ethers.getSigners();

  const { usdc } = await story.step("Deploy the local assets with the Ignition module", async () => {
    const mocks = await ignition.deploy(LocalMocks, { displayUi: false });
    story.say(`USDC ${await mocks.usdc.getAddress()}`);
    story.say(`WBTC ${await mocks.wbtc.getAddress()}`);
    story.say(`WETH ${await mocks.weth.getAddress()}`);
    return { usdc: await typed(MockERC20__factory, mocks.usdc) };
  });

  await story.step("Alice receives 1,000 USDC and pays Bob 250", async () => {
    await story.send("mint", usdc.mint(alice.address, 1_000_000000n));
    await story.send("transfer", usdc.connect(alice).transfer(bob.address, 250_000000n));
    const bobBalance: bigint = await usdc.balanceOf(bob.address);
    story.expect(bobBalance === 250_000000n, `Bob should hold 250 USDC, holds ${formatAmount(bobBalance, 6)}`);
    story.say(`Bob now holds ${formatAmount(bobBalance, 6)} USDC`);
  });

  story.finish();
  console.log(`\nTotal gas: ${formatGas(story.totalGas)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
