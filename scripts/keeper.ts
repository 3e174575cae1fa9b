import hre from "hardhat";

/**
 * `npx hardhat run scripts/keeper.ts --network <net>`: the keeper for callers that prefer `hardhat run`, which
 * takes no task flags — KEEPER_ONCE=1 makes one pass, KEEPER_FROM_BLOCK=<n> sets the first block to scan,
 * KEEPER_JSON=1 prints one JSON object per line, KEEPER_STATE=<file> keeps the index there.
 * `npm run keeper -- --network <net> [--once] [--from-block n]` (the `intents keeper` task) is the same keeper.
 */
async function main(): Promise<void> {
  const fromBlock = process.env.KEEPER_FROM_BLOCK;
  await hre.run(
    { scope: "intents", task: "keeper" },
    {
      once: process.env.KEEPER_ONCE === "1",
      json: process.env.KEEPER_JSON === "1",
      ...(process.env.KEEPER_STATE ? { state: process.env.KEEPER_STATE } : {}),
      ...(fromBlock === undefined || fromBlock === "" ? {} : { fromBlock: Number(fromBlock) }),
    },
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
