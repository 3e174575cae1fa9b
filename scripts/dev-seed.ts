import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import { buildProposal, proposalId, startVoting } from "./lib/governance";
import { connectQuartet } from "./lib/quartet";
import { WAD } from "./lib/units";

/**
 * `npm run dev`, after the demo: readies the dashboard's burner wallet (Hardhat's account #12, which the demo does not
 * use) on the local node. It mints it test tokens, gives it 1,000,000 QRT of votes, and opens a proposal on the token
 * house for it to vote on (voting lasts five minutes of the node's clock, as every local proposal does).
 */
export const BURNER_INDEX = 12;

async function main(): Promise<void> {
  const signers = await ethers.getSigners();
  const [deployer, alice] = signers;
  const burner = signers[BURNER_INDEX];
  const q = await connectQuartet(hre, deployer);

  // The demo's governance moved the clock: re-post the mock prices so that they are fresh from now on.
  const { MockV3Aggregator__factory } =
    await import("../typechain-types/factories/@chainlink/contracts/src/v0.8/tests/MockV3Aggregator__factory");
  for (const asset of await q.pool.assets()) {
    const feed = MockV3Aggregator__factory.connect((await q.oracle.feedOf(asset)).feed, deployer);
    await (await feed.updateAnswer(await feed.latestAnswer())).wait();
  }

  for (const [token, amount] of [
    [q.tokens.USDC, 100_000n * 10n ** 6n],
    [q.tokens.WETH, 10n * WAD],
  ] as const) {
    await (await token.mint(burner.address, amount)).wait();
  }
  await (await q.token.transfer(burner.address, 1_000_000n * WAD)).wait();
  await (await q.token.connect(burner).delegate(burner.address)).wait();
  await time.increase(1); // the votes count from the next proposal's snapshot on

  const description = "Set the flash-loan fee to 0.09%";
  const proposal = buildProposal(
    [{ target: await q.pool.getAddress(), data: q.pool.interface.encodeFunctionData("setFlashLoanFee", [9]) }],
    description,
  );
  await (
    await q.governor.connect(alice).propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description)
  ).wait();
  await startVoting(q.governor, proposalId(proposal));
  console.log(`Burner ${burner.address}: 100,000 USDC, 10 WETH, 1,000,000 QRT delegated; "${description}" is open.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
