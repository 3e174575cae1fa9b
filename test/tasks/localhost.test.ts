import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { Contract, type JsonRpcSigner } from "ethers";

import { PAYMENT_INTENT_TYPES, buildIntent } from "../../scripts/lib/intents";
import { IntentExecutor__factory } from "../../typechain-types";

import { FUTURE_IDS } from "../../scripts/lib/addresses";
import { AMOUNT_FORMS } from "../../scripts/lib/args";
import type { TaskResult } from "./capture";
import { foundryBinary, NODE_KIND, startLocalNode, type LocalNode } from "./node";

const ROOT = path.join(__dirname, "..", "..");
const ADDRESSES = path.join(ROOT, "deploy", "deployments", "chain-31337", "deployed_addresses.json");
/** Hardhat's first default account key (public knowledge): a well-formed key for a remote network's config. */
const HARDHAT_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

function expectOk(result: TaskResult): string {
  expect(result.stderr, result.stderr).to.equal("");
  expect(result.exitCode).to.equal(0);
  return result.stdout;
}

/** A user mistake: nothing on stdout, exactly `Error: <message>` on stderr (one line), exit code 1. */
function expectMistake(result: TaskResult, message: string): void {
  expect(result.stdout).to.equal("");
  expect(result.stderr).to.equal(`Error: ${message}`);
  expect(result.exitCode).to.equal(1);
}

/** A user mistake whose message carries a time or an id: one line matching `pattern`, exit code 1. */
function expectMistakeMatching(result: TaskResult, pattern: RegExp): void {
  expect(result.stdout).to.equal("");
  expect(result.stderr.split("\n")).to.have.lengthOf(1);
  expect(result.stderr).to.match(pattern);
  expect(result.exitCode).to.equal(1);
}

/** `cast <args>`: Foundry's CLI as an outside client (run only against anvil: cast's calls fail on hardhat node). */
function cast(args: string[]): string {
  const r = spawnSync(foundryBinary("cast"), args, { encoding: "utf8", timeout: 60_000 });
  expect(r.status, `cast ${args.join(" ")}: ${r.stderr}`).to.equal(0);
  return r.stdout.trim();
}

/** "$6,000" → 6000e18 (the tasks print whole dollars here). */
const usdWad = (printed: string) => BigInt(printed.replace(/[$,]/g, "")) * 10n ** 18n;

describe(`Tasks against a local ${NODE_KIND} node @localhost`, function () {
  let node: LocalNode;
  let deployed: TaskResult;
  let book: Record<string, string>;
  let accounts: JsonRpcSigner[];
  let a0: string;
  let a1: string;
  let a2: string;
  let a3: string;

  /** Where the task server keeps secret-ballot salts (QUARTET_BALLOTS): a private temporary file, never the repo. */
  const ballots = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "quartet-ballots-")), "ballots.json");

  before(async function () {
    this.timeout(300_000);
    node = await startLocalNode({ QUARTET_BALLOTS: ballots });
    // What `npm run deploy -- --network localhost` runs.
    deployed = await node.cli("--network localhost quartet deploy");
    expect(deployed.exitCode, deployed.stderr).to.equal(0);
    book = JSON.parse(fs.readFileSync(ADDRESSES, "utf8")) as Record<string, string>;
    accounts = await Promise.all([0, 1, 2, 3].map((i) => node.provider.getSigner(i)));
    [a0, a1, a2, a3] = accounts.map((s) => s.address);
  });

  after(async function () {
    this.timeout(30_000);
    await node?.stop();
  });

  describe("quartet deploy", function () {
    it("deploys the whole protocol and writes the address book every task reads", function () {
      expect(deployed.stdout).to.match(/^module {7}LocalQuartet with deploy\/parameters\/local\.json$/m);
      expect(deployed.stdout).to.include("Addresses: deploy/deployments/chain-31337/deployed_addresses.json");
      for (const id of Object.values(FUTURE_IDS)) expect(book[id], id).to.match(/^0x[0-9a-fA-F]{40}$/);
    });

    it("stops with one line when the network's RPC answers for another chain", async function () {
      const result = await node.cli("--network opSepolia quartet deploy --estimate-only", {
        HARDHAT_VAR_OP_SEPOLIA_RPC_URL: node.url,
        HARDHAT_VAR_DEPLOYER_PRIVATE_KEY: HARDHAT_KEY_0,
      });
      expectMistake(result, "The opSepolia RPC answers for chain 31337, not 11155420: check OP_SEPOLIA_RPC_URL.");
    });
  });

  describe("npm run node", function () {
    it("on a port already taken says so in one line", async function () {
      const port = new URL(node.url).port;
      expectMistake(
        await node.cli(`node --hostname 127.0.0.1 --port ${port}`),
        `port ${port} is taken: is a node (\`npm run node\`) already running? Stop it, or use another --port.`,
      );
    });
  });

  describe("lending", function () {
    it("faucet, supply, borrow, account, markets: a first loan, read back", async function () {
      expect(expectOk(await node.task("lending faucet --asset usdc --amount 10,000"))).to.match(
        new RegExp(
          `^Minted 10,000 USDC to ${a0}: tx 0x[0-9a-f]{64} \\(block \\d+, gas [\\d,]+\\)\\nBalance: 10,000 USDC$`,
        ),
      );
      expectOk(await node.task("lending faucet --asset WETH --amount 10 --from 1"));

      const supplied = expectOk(await node.task("lending supply --asset USDC --amount 5000"));
      expect(supplied).to.match(/^Approved the pool for 5,000 USDC: tx /);
      expect(supplied).to.include(`\nSupplied 5,000 USDC for ${a0}: tx `);
      expect(supplied).to.match(/\nSupply balance: 5,000 USDC$/);
      expectOk(await node.task("lending supply --asset WETH --amount 2 --from 1"));

      // 2 WETH at $3,000 with an 82.5% threshold against $3,000 of debt: health factor 1.65.
      const borrowed = expectOk(await node.task("lending borrow --asset USDC --amount 3000 --from 1"));
      expect(borrowed).to.match(new RegExp(`^Borrowed 3,000 USDC to ${a1}: tx .*\\nHealth factor: 1\\.65$`));

      const account = expectOk(await node.task("lending account --from 1"));
      expect(account).to.match(new RegExp(`^Account ${a1}\\n`));
      expect(account).to.match(/^\| USDC +\| 0 +\| \$0 +\| 3,000 +\| \$3,000 +\| 80% \/ 85% +\|$/m);
      expect(account).to.match(/^\| WETH +\| 2 +\| \$6,000 +\| 0 +\| \$0 +\| 80% \/ 82\.5% +\|$/m);
      expect(account).to.match(/^collateral value +\$6,000$/m);
      expect(account).to.match(/^borrow limit +\$4,800 \(\$1,800 left\)$/m);
      expect(account).to.match(/^health factor +1\.65$/m);

      if (NODE_KIND === "anvil") {
        // cast reads the same account data through the ABI signature alone.
        const out = cast([
          "call",
          book[FUTURE_IDS.pool],
          "accountData(address)(uint256,uint256,uint256,uint256)",
          a1,
          "--rpc-url",
          node.url,
        ]);
        const [collateral, debt, limit, health] = out.split("\n").map((line) => BigInt(line.split(" ")[0]));
        expect(collateral).to.equal(usdWad(/^collateral value +(\S+)$/m.exec(account)?.[1] ?? ""));
        expect(limit).to.equal(usdWad(/^borrow limit +(\S+) /m.exec(account)?.[1] ?? ""));
        expect(debt).to.equal(usdWad("$3,000"));
        expect(health).to.equal(1_650_000_000_000_000_000n);
      }

      const markets = expectOk(await node.task("lending markets"));
      expect(markets).to.match(
        /^\| asset \| price +\| supplied \| borrowed \| utilization \| borrow APR \| supply APR \|/,
      );
      expect(markets).to.match(
        /^\| USDC +\| \$1 +\| 5,000 +\| 3,000 +\| 60% +\| \d+\.\d\d% +\| \d+\.\d\d% +\| 80% \/ 85% +\| none \/ none +\| borrowable in isolation +\| active +\|$/m,
      );
      expect(markets).to.match(/^\| WETH +\| \$3,000 +\| 2 +\| 0 +\| 0% +\|/m);
      expect(markets).to.match(
        /^\| TBILL +\| \$1 +\| 0 +\| 0 +\| 0% +\|.*\| 50% \/ 60% +\| 10,000,000 \/ none +\| isolated: \$0 of \$2,000,000 ceiling +\| no borrowing +\|$/m,
      );
    });

    it("repay, withdraw, liquidate after a price fall, repay max and withdraw max", async function () {
      expect(expectOk(await node.task("lending repay --asset USDC --amount 1000 --from 1"))).to.match(
        new RegExp(`^Approved the pool: tx .*\\nRepaid 1,000 USDC for ${a1}: tx .*\\nDebt left: 2,000(\\.\\d+)? USDC$`),
      );
      expect(expectOk(await node.task("lending withdraw --asset WETH --amount 0.5 --from 1"))).to.match(
        new RegExp(`^Withdrew 0\\.5 WETH to ${a1}: tx .*\\nSupply balance: 1\\.5 WETH$`),
      );

      // WETH falls to $1,500: 1.5 WETH × $1,500 × 82.5% = $1,856 against ~$2,000 of debt, below 0.95.
      expect(expectOk(await node.task("dev price --asset weth --usd 1,500"))).to.match(
        /^WETH: \$3,000 → \$1,500 \(feed 0x[0-9a-fA-F]{40}\): tx 0x[0-9a-f]{64} \(block \d+, gas [\d,]+\)$/,
      );

      const liquidated = expectOk(
        await node.task(`lending liquidate --borrower ${a1} --debt-asset USDC --collateral-asset weth --amount max`),
      );
      // Below 0.95 the whole debt may be repaid: "max" clears it for 1.4 WETH and leaves a little behind.
      expect(liquidated).to.match(
        // Exactly 2,000 when the node mines the repay and the liquidation in the same second (anvil, on a fast run).
        new RegExp(`^Liquidated ${a1}: repaid 2,000(\\.\\d+)? USDC, seized 1\\.4\\d* WETH to ${a0}: tx `, "m"),
      );
      const after = expectOk(await node.task(`lending account --address ${a1}`));
      // 1.5 − 1.4 = 0.1 WETH left when exactly 2,000 was repaid; a little less when interest had accrued.
      expect(after).to.match(/^\| WETH +\| 0\.(0\d+|1) +\|/m);
      expect(after).to.match(/^health factor +∞ \(no debt\)$/m);
      expectOk(await node.task("dev price --asset WETH --usd 3000"));

      expect(expectOk(await node.task("lending withdraw --asset WETH --amount max --from 1"))).to.match(
        /\nSupply balance: 0 WETH$/,
      );
      expect(expectOk(await node.task("lending account --from 1"))).to.match(/\nNo positions\.\n/);

      // "max" repays a debt with its interest to the last unit.
      await node.task("lending faucet --asset WETH --amount 1 --from 2");
      await node.task("lending faucet --asset USDC --amount 1 --from 2"); // for the interest
      await node.task("lending supply --asset WETH --amount 1 --from 2");
      await node.task("lending borrow --asset USDC --amount 100 --from 2");
      expect(expectOk(await node.task("dev time --advance 1h"))).to.match(
        /^Time: .* UTC → .* UTC \(\+1 h\), block \d+\nRe-posted the USDC, WBTC, WETH, TBILL mock prices so they stay fresh \(--stale-prices leaves them aging\)\.$/,
      );
      expect(expectOk(await node.task("lending repay --asset USDC --amount max --from 2"))).to.match(
        new RegExp(`^Approved the pool: tx .*\\nRepaid 100\\.\\d+ USDC for ${a2}: tx .*\\nDebt left: 0 USDC$`),
      );
    });

    it("rejects a mistake in each task with one line and exit code 1", async function () {
      expectMistake(
        await node.task("lending supply --asset DOGE --amount 1"),
        "--asset DOGE is not listed on the lending pool: use USDC, WBTC, WETH, TBILL or a listed token's address.",
      );
      expectMistake(
        await node.task("lending supply --asset USDC --amount 1.0000001"),
        "--amount 1.0000001 has more decimals than USDC's 6.",
      );
      expectMistake(
        await node.task("lending supply --asset USDC --amount 100 --from 3"),
        `${a3} holds 0 USDC, less than 100: get test tokens with \`npx hardhat --network localhost lending faucet --asset USDC --amount 1000\`.`,
      );
      // A decimal comma is refused before any transaction (it once supplied 5 WETH for "0,5").
      const nonce = await node.provider.getTransactionCount(a0);
      expectMistake(
        await node.task("lending supply --asset WETH --amount 0,5"),
        `--amount must be ${AMOUNT_FORMS} (got "0,5": write 0.5 with a dot).`,
      );
      expectMistake(
        await node.task("lending faucet --asset USDC --amount 1,00"),
        `--amount must be ${AMOUNT_FORMS} (got "1,00": write 1.00 with a dot).`,
      );
      expect(await node.provider.getTransactionCount(a0)).to.equal(nonce);
      expectMistake(
        await node.task("lending withdraw --asset WBTC --amount 1"),
        `${a0} has no WBTC supplied: nothing to withdraw.`,
      );
      expectMistake(
        await node.task("lending borrow --asset USDC --amount ten"),
        `--amount must be ${AMOUNT_FORMS} (got "ten").`,
      );
      expectMistake(
        await node.task("lending borrow --asset USDC --amount 10 --from 3"),
        `${a3} can borrow about 0 USDC more (borrow limit $0, debt $0), not 10: supply collateral first.`,
      );
      expectMistake(
        await node.task("lending repay --asset USDC --amount max --from 3"),
        `${a3} owes no USDC: nothing to repay.`,
      );
      expectMistake(
        await node.task(`lending liquidate --borrower ${a3} --debt-asset USDC --collateral-asset WETH --amount 1`),
        `${a3} is healthy (health factor ∞ (no debt)): only accounts below 1 can be liquidated.`,
      );
      expectMistake(
        await node.task("lending account --address 0x1234"),
        '--address must be an address like 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 (got "0x1234").',
      );
      expectMistake(
        await node.task(`lending faucet --asset ${book[FUTURE_IDS.oracle]} --amount 1`),
        `--asset ${book[FUTURE_IDS.oracle]} is not a Quartet test token: the faucet mints USDC, WBTC and WETH.`,
      );
      // The same from the real CLI: one line on stderr and the process's exit code 1.
      expectMistake(
        await node.cli("--network localhost lending withdraw --asset WBTC --amount 1 --from 20"),
        "--from 20 does not name an account: localhost has 20 (use 0 to 19).",
      );
    });

    it("collateral --on/--off and liquidate --shares: opt-in collateral and a liquidation into supply shares", async function () {
      const [a4, a5] = await Promise.all([4, 5].map(async (i) => (await node.provider.getSigner(i)).address));
      await node.task("lending faucet --asset WETH --amount 1 --from 4");
      await node.task("lending supply --asset WETH --amount 1 --from 4"); // a first own supply: collateral
      await node.task("lending borrow --asset USDC --amount 2000 --from 4");
      expectMistake(
        await node.task("lending collateral --asset WETH --on --off --from 4"),
        "Pass exactly one of --on and --off.",
      );
      expectMistake(
        await node.task("lending collateral --asset WBTC --on --from 4"),
        "You have no WBTC supplied: supply first with `lending supply`.",
      );
      // Hardhat refuses the transaction at eth_sendTransaction; anvil mines it with status 0 and the task recovers
      // the revert from the chain: the same decoded line either way.
      expectMistakeMatching(
        await node.task("lending collateral --asset WETH --off --from 4"),
        /^Error: reverted InsufficientCollateral\(borrowLimit=\$0, debtValue=\$2,000(\.\d+)?\) — the borrow limit would not cover the debt: supply more collateral, or borrow or withdraw less$/,
      );
      expect(expectOk(await node.task("lending collateral --asset WETH --on --from 4"))).to.match(
        /^WETH is already enabled as collateral: nothing to do\.\n?$/,
      );

      expectOk(await node.task("dev price --asset WETH --usd 2400")); // 2,400 × 82.5% = 1,980 < 2,000
      const liquidated = expectOk(
        await node.task(
          `lending liquidate --borrower ${a4} --debt-asset USDC --collateral-asset WETH --amount 100 --receiver ${a5} --shares`,
        ),
      );
      expect(liquidated).to.match(
        new RegExp(`^Liquidated ${a4}: repaid 100 USDC, seized 0\\.04\\d* WETH as supply shares to ${a5}: tx `, "m"),
      );
      // The receiver holds the shares, not pledged as its collateral.
      expect(expectOk(await node.task(`lending account --address ${a5}`))).to.match(
        /^\| WETH +\| 0\.04\d* \(not collateral\) +\|/m,
      );
      expectOk(await node.task("dev price --asset WETH --usd 3000"));
    });
  });

  describe("dao: the token house", function () {
    it("delegate, propose, vote, queue, execute: WETH's LTV becomes 81% and a first verifier is appointed", async function () {
      expect(expectOk(await node.task("dao proposals"))).to.equal("No proposals on the token house yet.");
      expect(expectOk(await node.task("dao delegate"))).to.match(
        new RegExp(`^Delegated ${a0}'s token house votes to ${a0}: tx .*\\n${a0} now has 100,000,000 QRT\\.$`),
      );
      const proposed = expectOk(await node.task("dao propose --file deploy/proposals/raise-weth-ltv.json"));
      expect(proposed).to.match(/^Proposed #1 on the token house: tx /);
      expect(proposed).to.match(/^id +\d{60,}$/m);
      expect(proposed).to.match(/^description +Raise WETH's loan-to-value from 80% to 81%$/m);
      expect(proposed).to.match(/^calls +pool\.setAssetConfig$/m);
      // Its three calls depend on each other: simulated one by one, the grant fails before the admin change.
      expectMistakeMatching(
        await node.task("dao propose --file deploy/proposals/appoint-first-verifier.json"),
        /^Error: calls\[1\] \(accessManager\.grantRole\) would revert if the timelock ran it now: reverted AccessManagerUnauthorizedAccount\(msgsender=timelock, roleId=CITIZENS\) — timelock does not hold the CITIZENS role\. Fix the file, or pass --skip-simulation if an earlier call of the proposal makes it work\.$/,
      );
      expect(
        expectOk(await node.task("dao propose --file deploy/proposals/appoint-first-verifier.json --skip-simulation")),
      ).to.match(/^calls +accessManager\.setRoleAdmin, accessManager\.grantRole, accessManager\.setRoleAdmin$/m);

      expectOk(await node.task("dev time --advance 2s")); // past the 1 s voting delay
      expect(expectOk(await node.task("dao vote --id 1 --support for --reason", "More room to borrow"))).to.match(
        /^Voted for on #1 with 100,000,000 QRT: tx .*\nTally: for 100,000,000 QRT, against 0 QRT, abstain 0 QRT; quorum 4,000,000 QRT\nVoting ends .* UTC\.$/,
      );
      expectOk(await node.task("dao vote --id 2 --support for"));
      expectMistakeMatching(
        await node.task("dao queue --id 1"),
        /^Error: Proposal #1 is Active, not Succeeded: voting ends .* UTC\.$/,
      );
      expectOk(await node.task("dev time --advance 5m1s")); // past the 300 s voting period
      expect(expectOk(await node.task("dao queue --id 1"))).to.match(
        /^Queued #1 on the token house: tx .*\nExecutable from .* UTC\.$/,
      );
      expectOk(await node.task("dao queue --id 2"));
      expectMistakeMatching(
        await node.task("dao execute --id 1"),
        // 59 s on Hardhat (its next block is a second later), 1 min on anvil (whose next block may share the second).
        /^Error: Proposal #1 is in the timelock until .* UTC \((?:\d+ s|1 min) from now\)\.$/,
      );
      expect(expectOk(await node.task("dev mine --blocks 61"))).to.match(/^Mined 61 blocks: now block \d+ at .* UTC$/); // 61 s
      expect(expectOk(await node.task("dao execute --id 1"))).to.match(/^Executed #1 on the token house: tx /);
      expectOk(await node.task("dao execute --id 2"));

      const proposals = expectOk(await node.task("dao proposals"));
      expect(proposals).to.match(
        /^\| 1 +\| \d{6}…\d{6} \| Raise WETH's loan-to-value from 80% to 81% +\| Executed \| 100,000,000 QRT \| 0 QRT +\| 0 QRT +\|/m,
      );
      expect(proposals).to.match(/^\| 2 +\| \d{6}…\d{6} \| Appoint the first verifier +\| Executed \|/m);
      expect(expectOk(await node.task("lending markets"))).to.match(/^\| WETH +\| \$3,000 +\|.*\| 81% \/ 82\.5% +\|/m);
    });
  });

  describe("social", function () {
    it("mint, profile, verify, create-pass, buy-pass: a creator's first sales", async function () {
      expect(
        expectOk(await node.task("social mint --handle alice --name Alice --color #ff8800 --bio", "Builds markets")),
      ).to.match(
        new RegExp(`^Minted @alice to ${a0}: tx .*\\nToken id: 0x616c696365(00){27} \\(the handle's bytes\\)$`),
      );
      const profile = expectOk(await node.task("social profile --handle @alice"));
      expect(profile).to.match(new RegExp(`^owner +${a0}$`, "m"));
      expect(profile).to.match(/^display name +Alice$/m);
      expect(profile).to.match(/^bio +Builds markets$/m);
      expect(profile).to.match(/^accent colour +#ff8800$/m);
      expect(profile).to.match(/^verified +no$/m);

      // Account 2 holds VERIFIER since the token house's "Appoint the first verifier" proposal.
      expect(expectOk(await node.task("social verify --handle alice --expiry-days 30 --from 2"))).to.match(
        new RegExp(`^Verified @alice \\(owner ${a0}\\) until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC: tx `),
      );
      expect(expectOk(await node.task("social profile --handle alice"))).to.match(
        new RegExp(`^verified +yes, until .* UTC \\(by ${a2}\\)$`, "m"),
      );

      expect(
        expectOk(
          await node.task(
            "social create-pass --handle alice --price 10 --token USDC --max-supply 100 --royalty-bps 500",
          ),
        ),
      ).to.match(/^Created pass #1 for @alice: 10 USDC each, 100 at most, royalty 5%: tx /);
      expect(expectOk(await node.task("social buy-pass --pass-id 1 --from 1"))).to.match(
        /^Approved the passes contract: tx .*\nBought 1 of pass #1 \(@alice\) for 10 USDC: tx .*\nPasses held: 1$/,
      );
      expect(expectOk(await node.task("social create-pass --handle alice --price 0.01 --max-supply 10"))).to.match(
        /^Created pass #2 for @alice: 0\.01 ETH each, 10 at most, royalty 0%: tx /,
      );
      expect(
        expectOk(await node.task("social buy-pass --pass-id 2 --quantity 2 --max-total-price 0.02 --from 1")),
      ).to.match(/^Bought 2 of pass #2 \(@alice\) for 0\.02 ETH: tx .*\nPasses held: 2$/);
      expect(expectOk(await node.task("social profile --handle alice"))).to.match(/^passes +#1, #2$/m);
    });

    it("launch-coin, buy-coin, sell-coin, withdraw: the verified creator launches a coin, a fan trades, she withdraws", async function () {
      const launched = expectOk(
        await node.task(
          "social launch-coin --handle alice --symbol ALICE --base-price 0.001 --slope 0.0001 --name",
          "Alice Coin",
        ),
      );
      expect(launched).to.match(/^Launched @alice's coin ALICE at 0x[0-9a-fA-F]{40}: tx /);
      expect(launched).to.match(
        /\nPrice: 0\.001 ETH for the first coin, \+0\.0001 ETH per coin sold; creator fee 3(\.00)?%\.$/,
      );
      expectMistakeMatching(
        await node.task("social launch-coin --handle alice --symbol A --base-price 1 --slope 0 --name A"),
        /^Error: @alice has launched its coin already: 0x[0-9a-fA-F]{40}\.$/,
      );
      expectMistake(
        await node.task("social launch-coin --handle alice --symbol A --base-price 1 --slope 0 --name A --from 1"),
        `@alice belongs to ${a0}, not ${a1}.`,
      );
      expectMistake(
        await node.task("social buy-coin --handle alice --amount 0 --from 1"),
        "--amount must be more than zero.",
      );
      expectMistakeMatching(
        await node.task("social buy-coin --handle alice --amount 10 --max-cost 0.01 --from 1"),
        /^Error: 10 ALICE cost 0\.0156 ETH now, above --max-cost 0\.01\.$/,
      );
      // 10 coins: 0.015 ETH on the curve, + 3% creator fee + 1% protocol fee.
      expect(expectOk(await node.task("social buy-coin --handle alice --amount 10 --from 1"))).to.match(
        /^Bought 10 ALICE \(@alice\) for 0\.0156 ETH: tx .*\nHolding: 10 ALICE$/,
      );
      expectMistake(
        await node.task("social sell-coin --handle alice --amount 20 --from 1"),
        `${a1} holds 10 ALICE, less than 20.`,
      );
      expect(expectOk(await node.task("social sell-coin --handle alice --amount 4 --from 1"))).to.match(
        /^Sold 4 ALICE \(@alice\) for [\d.]+ ETH: tx .*\nHolding: 6 ALICE$/,
      );
      expect(expectOk(await node.task("social withdraw"))).to.match(
        /^Withdrew 0\.0\d+ ETH of pass sales: tx .*\nWithdrew 0\.000\d+ ETH of coin fees: tx /,
      );
      expectMistake(await node.task("social withdraw"), `${a0} has no ETH to withdraw from passes or coins.`);
    });

    it("rejects a mistake in each task with one line and exit code 1", async function () {
      expectMistake(
        await node.task("social mint --handle Alice --name A"),
        '--handle "Alice" is not a valid handle: 3 to 32 characters of a-z, 0-9 and _, not starting with _ (e.g. alice_01).',
      );
      expectMistake(
        await node.task("social mint --handle alice --name A --from 1"),
        `@alice is taken (owner ${a0}): pick another handle.`,
      );
      expectMistake(
        await node.task("social mint --handle bob --name Bob --color red"),
        '--color must be a hex colour like #6366f1 (got "red").',
      );
      expectMistake(
        await node.task("social profile --handle nobody"),
        "No profile @nobody: mint it with `social mint --handle nobody --name …`.",
      );
      expectMistake(
        await node.task("social verify --handle alice"),
        `${a0} does not hold the VERIFIER role: the Citizens' House appoints verifiers (or use --from with a verifier's account).`,
      );
      expectMistake(
        await node.task("social verify --handle alice --from 2 --expiry-days 0"),
        "--expiry-days must be a whole number of days from 1 to 3650 (got 0).",
      );
      // A new attestation replaces the one in force (its UID shows in `social profile`).
      const again = expectOk(await node.task("social verify --handle alice --from 2 --expiry-days 10"));
      const uid = /^attestation (0x[0-9a-f]{64}) on EAS /m.exec(again)?.[1];
      expect(uid).to.be.a("string");
      expect(expectOk(await node.task("social profile --handle alice"))).to.match(
        new RegExp(`^attestation +${uid} \\(EAS 0x[0-9a-fA-F]{40}\\)$`, "m"),
      );
      expectMistake(
        await node.task("social create-pass --handle alice --price 1 --max-supply 1 --from 1"),
        `@alice belongs to ${a0}, not ${a1}: use --from with the owner's account.`,
      );
      expectMistake(
        await node.task("social create-pass --handle alice --price 1 --max-supply 1 --royalty-bps 2000"),
        "--royalty-bps must be from 0 to 1000 (10%) (got 2000).",
      );
      expectMistake(await node.task("social buy-pass --pass-id 99"), "No pass #99: passes are numbered 1 to 2.");
      expectMistake(
        await node.task("social buy-pass --pass-id 1 --max-total-price 5"),
        "1 of pass #1 cost 10 USDC, above --max-total-price 5.",
      );
    });
  });

  describe("dao: the Citizens' House and mistakes", function () {
    it("runs the Citizens' House with --house citizens: one verified person, one vote, a floor of two", async function () {
      expect(expectOk(await node.task("dao proposals --house citizens"))).to.equal(
        "No proposals on the Citizens' House yet.",
      );
      // The local quorum floor is two people: account 1 becomes the second verified citizen.
      expectMistake(
        await node.task("dao propose --file deploy/proposals/citizens-pass-fee.json --house citizens --from 1"),
        `${a1} has 0 people of votes but proposing on the Citizens' House needs 1 person: the Citizens' House counts verified people: mint a profile (\`social mint\`) and have a verifier verify it (\`social verify\`).`,
      );
      expectOk(await node.task("social mint --handle bob --name Bob --from 1"));
      expectOk(await node.task("social verify --handle bob --expiry-days 30 --from 2"));
      expect(
        expectOk(await node.task("dao propose --file deploy/proposals/citizens-pass-fee.json --house citizens")),
      ).to.match(/^Proposed #1 on the Citizens' House: tx /);
      await node.increaseTime(2);
      // Alice's owner holds a verified profile: one vote, delegated to themself on verification.
      expect(expectOk(await node.task("dao vote --id 1 --support for --house citizens"))).to.match(
        /^Voted for on #1 with 1 person: tx /,
      );
      expectOk(await node.task("dao vote --id 1 --support for --house citizens --from 1"));
      await node.increaseTime(301);
      expectOk(await node.task("dao queue --id 1 --house citizens"));
      await node.increaseTime(61);
      expectOk(await node.task("dao execute --id 1 --house citizens"));
      expect(expectOk(await node.task("dao proposals --house citizens"))).to.match(
        /\| Executed \| 2 people \| 0 people +\| 0 people +\|/,
      );

      // Voting rewards (the treasury funded nothing: a claim of 0): register, wait for the epoch to settle, claim.
      expect(expectOk(await node.task("dao rewards --house citizens --register"))).to.match(
        /^Registered #1: tx [\s\S]*\| opens /m,
      );
      await node.increaseTime(3_600 + 900);
      const listed = expectOk(await node.task("dao rewards --house citizens"));
      const epoch = /claimable: `dao claim --epoch (\d+)`/.exec(listed)?.[1];
      expect(epoch, listed).not.to.equal(undefined);
      expect(expectOk(await node.task(`dao claim --epoch ${epoch} --house citizens`))).to.match(
        new RegExp(`^Claimed 0 USDC for epoch ${epoch} \\(1 proposal\\): tx `),
      );
      expectMistake(
        await node.task(`dao claim --epoch ${epoch} --house citizens`),
        `${a0} has claimed epoch ${epoch} already.`,
      );
    });

    it("rejects a mistake in each task with one line and exit code 1", async function () {
      const written: string[] = [];
      const proposalFile = (name: string, body: unknown) => {
        const file = path.join(os.tmpdir(), `quartet-${process.pid}-${name}.json`);
        fs.writeFileSync(file, JSON.stringify(body));
        written.push(file);
        return file;
      };
      try {
        expectMistake(
          await node.task("dao delegate --to alice"),
          '--to must be an address like 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 (got "alice").',
        );
        expectMistake(
          await node.task("dao propose --file deploy/proposals/missing.json"),
          "--file deploy/proposals/missing.json does not exist.",
        );
        expectMistake(
          await node.task("dao propose --file deploy/proposals/raise-weth-ltv.json --from 1"),
          `${a1} has 0 QRT of votes but proposing on the token house needs 1,000 QRT: run \`dao delegate\` first.`,
        );
        expectMistakeMatching(
          await node.task("dao propose --file deploy/proposals/raise-weth-ltv.json"),
          /^Error: This exact proposal already exists \(id \d+\): change its description to propose it again\.$/,
        );
        const ltvTooHigh = proposalFile("ltv-too-high", {
          description: "WETH LTV 90%",
          calls: [
            {
              target: "pool",
              function: "setAssetConfig",
              args: ["@weth", ["@volatileRateModel", 9000, 8250, 500, 1500, true, 0, 0]],
            },
          ],
        });
        expectMistake(
          await node.task(`dao propose --file ${ltvTooHigh}`),
          "calls[0] (pool.setAssetConfig) would revert if the timelock ran it now: reverted InvalidLtv(ltvBps=90%, liquidationThresholdBps=82.5%) — the LTV must stay below the liquidation threshold. Fix the file, or pass --skip-simulation.",
        );
        const noSuchFunction = proposalFile("no-such-function", {
          description: "x",
          calls: [{ target: "pool", function: "setLtv", args: [] }],
        });
        expectMistake(
          await node.task(`dao propose --file ${noSuchFunction}`),
          'calls[0]: pool has no function "setLtv"',
        );
        expectMistake(
          await node.task("dao vote --id 1 --support maybe"),
          '--support must be one of against, for, abstain (got "maybe").',
        );
        expectMistake(await node.task("dao vote --id 1 --support for"), "Proposal #1 is Executed: voting is closed.");
        expectMistake(
          await node.task("dao queue --id 1"),
          "Proposal #1 is Executed, not Succeeded: only a succeeded proposal can be queued.",
        );
        expectMistake(
          await node.task("dao execute --id 42"),
          "No proposal 42 on the token house: `dao proposals` lists them.",
        );
        expectMistake(
          await node.task("dao reveal --id 1"),
          "The token house votes openly: `dao vote` counts a vote at once, there is nothing to reveal.",
        );
        expectMistake(
          await node.task("dao proposals --house senate"),
          '--house must be one of token, citizens (got "senate").',
        );
      } finally {
        written.forEach((file) => fs.rmSync(file, { force: true }));
      }
    });
  });

  describe("intents", function () {
    it("create, list, keeper --once, cancel: a paid intent runs, an unpaid one waits, a cancelled one never runs", async function () {
      expectOk(await node.task("lending faucet --asset USDC --amount 1000 --from 3"));
      const paid = expectOk(
        await node.task(`intents create --token USDC --amount 25 --recipient ${a1} --max-fee 5 --from 3`),
      );
      expect(paid).to.match(/^approved the executor to spend USDC$/m);
      expect(paid).to.match(/^posted 0x[0-9a-f]{64}$/m);
      expect(paid).to.match(/^PAY 25 USDC, fee ≤ 5, one-off, nonce \d+$/m);
      const unpaid = expectOk(await node.task(`intents create --token USDC --amount 10 --recipient ${a1} --from 3`));
      const unpaidHash = /^posted (0x[0-9a-f]{64})$/m.exec(unpaid)![1];

      const before = expectOk(await node.task(`intents list --owner ${a3}`));
      expect(before.match(/\| active +\|$/gm)).to.have.lengthOf(2);

      const pass = expectOk(await node.task("intents keeper --once"));
      expect(pass).to.match(/PAY 25 USDC .*executed/);
      expect(pass).to.match(/PAY 10 USDC .*skipped/);

      expectOk(await node.task(`intents cancel --hash ${unpaidHash} --from 3`));
      const after = expectOk(await node.task(`intents list --owner ${a3}`));
      expect(after).to.match(/\| 25 USDC +\| one-off +\| done \(nonce used\) +\|$/m);
      expect(after).to.match(/\| 10 USDC +\| one-off +\| cancelled +\|$/m);
    });

    it("rejects a mistake in each task with one line and exit code 1", async function () {
      expectMistake(
        await node.task("intents create --token DOGE --amount 1"),
        'Unknown token "DOGE": use USDC, WBTC, WETH or a listed address.',
      );
      expectMistake(
        await node.task("intents create --token USDC --amount 1"),
        "A pay intent needs --recipient <address>.",
      );
      expectMistake(
        await node.task(`intents create --token USDC --amount 1 --recipient ${a1} --action steal`),
        '--action must be one of pay, save, repay, swap-pay (got "steal").',
      );
      expectMistake(
        await node.task("intents keeper --once --min-profit lots"),
        '--min-profit must be an amount of ether like 0.0001, not "lots".',
      );
      expectMistake(
        await node.task(`intents cancel --hash 0x${"ab".repeat(32)}`),
        `No posted intent 0x${"ab".repeat(32)}: see \`npx hardhat intents list\`.`,
      );
    });
  });

  describe("intents amount modes", function () {
    it("create --amount-mode sweep|percent signs the rule; list shows the mode, the next run and the rule; keeper runs them", async function () {
      expectOk(await node.task("lending faucet --asset USDC --amount 1000 --from 2"));
      const sweep = expectOk(
        await node.task(
          "intents create --token USDC --action save --amount-mode sweep --floor 500 --amount 500 --interval 604800 --max-runs 52 --max-fee 2 --from 2",
        ),
      );
      expect(sweep).to.match(/^SAVE all above 500 USDC, max 500 USDC, fee ≤ 2, every 604800 s, 52 runs, nonce \d+$/m);
      const percent = expectOk(
        await node.task(
          `intents create --token USDC --amount-mode percent --bps 2000 --amount 100 --recipient ${a1} --from 2`,
        ),
      );
      expect(percent).to.match(/^PAY 20% of balance, max 100 USDC, fee ≤ 0, one-off, nonce \d+$/m);
      const list = expectOk(await node.task(`intents list --owner ${a2}`));
      expect(list).to.match(
        /\| SAVE +\| sweep +\| now +\| all above 500 USDC, max 500 USDC +\| 0\/52 every 604800s +\| active +\|$/m,
      );
      expect(list).to.match(/\| PAY +\| percent +\| now +\| 20% of balance, max 100 USDC +\| one-off +\| active +\|$/m);
      const pass = expectOk(await node.task("intents keeper --once"));
      expect(pass, pass).to.match(/SAVE all above 500 USDC, max 500 USDC .*executed/);
      const after = expectOk(await node.task(`intents list --owner ${a2}`));
      expect(after).to.match(
        /\| SAVE +\| sweep +\| 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ +\| all above .*\| 1\/52 every 604800s +\| active +\|$/m,
      );
    });

    it("refuses a mode flag that does not fit with one line", async function () {
      expectMistake(
        await node.task(`intents create --token USDC --amount 1 --recipient ${a1} --amount-mode percent`),
        "--amount-mode percent needs --bps <1..10000> (2000 = 20 %).",
      );
      expectMistake(
        await node.task(`intents create --token USDC --amount 1 --recipient ${a1} --floor 5`),
        "--floor goes with --amount-mode sweep (what stays in the wallet).",
      );
    });
  });

  describe("intents swap-pay", function () {
    it("create --action swap-pay signs the path and the bound; list shows the current quote; the keeper runs it", async function () {
      const a6 = (await node.provider.getSigner(6)).address;
      expectOk(await node.task("lending faucet --asset USDC --amount 5000 --from 6"));
      const created = expectOk(
        await node.task(
          `intents create --action swap-pay --token USDC --receive-token WETH --min-receive 0.99 --amount 3000 --recipient ${a1} --max-fee 5 --from 6`,
        ),
      );
      expect(created).to.match(/^SWAP-PAY 3,?000 USDC → ≥ 0\.99 WETH, fee ≤ 5, one-off, nonce \d+$/m);
      const list = expectOk(await node.task(`intents list --owner ${a6}`));
      expect(list).to.match(/\| SWAP_PAY +\| fixed +\| now +\| 3,?000 USDC → ≥ 0\.99 WETH, now ≈ 0\.99\d* WETH +\|/m);
      const pass = expectOk(await node.task("intents keeper --once"));
      expect(pass, pass).to.match(/SWAP_PAY 3,?000 USDC .*executed/);
      expectMistake(
        await node.task(
          `intents create --action swap-pay --token USDC --receive-token WETH --amount 1 --recipient ${a1}`,
        ),
        "A swap-pay intent needs --min-receive <least the recipient gets per run> or, for exact output, --max-spend <most you sell per run>.",
      );
    });
  });

  describe("quartet status", function () {
    it("shows every address, the role holders and the parameters governance changed", async function () {
      const status = expectOk(await node.task("quartet status"));
      expect(status).to.match(/^Quartet on localhost \(chain 31337\), deployed from block 1$/m);
      expect(status).to.match(new RegExp(`^\\| pool +\\| ${book[FUTURE_IDS.pool]} \\|$`, "m"));
      const timelock = book[FUTURE_IDS.timelock];
      expect(status).to.match(new RegExp(`^\\| ADMIN \\(0\\) +\\| ADMIN +\\| timelock ${timelock} +\\|$`, "m"));
      expect(status).to.match(new RegExp(`^\\| VERIFIER \\(3\\) +\\| CITIZENS +\\| account ${a2} +\\|$`, "m"));
      expect(status).to.match(/^\| timelock EXECUTOR_ROLE +\| +\| anyone +\|$/m);
      expect(status).to.match(/^\| WETH +\| 81% \| 82\.5% +\| 5% +\| 15% +\| yes +\| volatileRateModel 0x/m);
      expect(status).to.match(
        /^\| token house +\| 1 s +\| 5 min +\| 1,000 QRT +\| 4% \(4,000,000 QRT now\) +\| 1 min +\| 1 min +\|$/m,
      );
      expect(status).to.match(/^Pass protocol fee +3%$/m);
      expect(status).to.match(new RegExp(`^Treasury +timelock ${timelock}$`, "m"));
    });
  });

  describe("dev", function () {
    it("refuses a real network before connecting, and bad values with one line", async function () {
      expectMistake(
        await node.cli("--network opSepolia dev mine", { HARDHAT_VAR_DEPLOYER_PRIVATE_KEY: HARDHAT_KEY_0 }),
        "dev tasks only run on a local node: opSepolia is a real network (use --network localhost).",
      );
      expectMistake(
        await node.task("dev price --asset WETH --usd 0,5"),
        `--usd must be ${AMOUNT_FORMS} (got "0,5": write 0.5 with a dot).`,
      );
      expectMistake(
        await node.task("dev price --asset DOGE --usd 1"),
        "--asset DOGE is not listed on the lending pool: use USDC, WBTC, WETH, TBILL or a listed token's address.",
      );
      expectMistake(
        await node.task("dev time --advance 1y"),
        '--advance must be a duration like 3600, 90s, 5m, 6h, 1d, 2w or 1d6h (got "1y").',
      );
      expectMistake(
        await node.task("dev mine --blocks 0"),
        "--blocks must be a whole number from 1 to 1000000 (got 0).",
      );
    });

    it("--stale-prices lets the feeds age past their heartbeat, and the pool says so in words", async function () {
      expectOk(await node.task("dev time --advance 2d --stale-prices"));
      expectMistakeMatching(
        await node.task("lending borrow --asset USDC --amount 1 --from 1"),
        /^Error: .*StalePrice\(feed=0x[0-9a-fA-F]{40}, updatedAt=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, heartbeat=1 day\) — the price feed is older than its heartbeat/,
      );
      expectOk(await node.task("dev time --advance 1s")); // re-posts every mock price
      expect(expectOk(await node.task("lending markets"))).to.match(/^\| WETH +\| \$3,000 +\|/m);
    });
  });

  if (NODE_KIND === "anvil") {
    describe("cast as an outside client", function () {
      it("an intent signed by `cast wallet sign --data` from the toolkit's EIP-712 JSON is accepted by the executor", async function () {
        // Hardhat's and anvil's account 2 (default mnemonic; public knowledge).
        const key = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
        const executorAddress = book[FUTURE_IDS.executor];
        const usdcAddress = book[FUTURE_IDS.usdc];
        expectOk(await node.task("lending faucet --asset USDC --amount 100 --from 2"));
        const usdc = new Contract(
          usdcAddress,
          ["function approve(address,uint256) returns (bool)", "function balanceOf(address) view returns (uint256)"],
          accounts[2],
        );
        await (await usdc.approve(executorAddress, 10n ** 30n)).wait();
        const now = (await node.provider.getBlock("latest"))?.timestamp ?? 0;
        const intent = buildIntent(
          { owner: a2, token: usdcAddress, amount: 25_000_000n, recipient: a3, nonce: 77n },
          now,
        );
        const domain = { name: "Quartet Intents", version: "1", chainId: 31337, verifyingContract: executorAddress };
        const typedData = {
          types: {
            EIP712Domain: [
              { name: "name", type: "string" },
              { name: "version", type: "string" },
              { name: "chainId", type: "uint256" },
              { name: "verifyingContract", type: "address" },
            ],
            ...PAYMENT_INTENT_TYPES,
          },
          primaryType: "PaymentIntent",
          domain,
          message: Object.fromEntries(
            Object.entries(intent).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]),
          ),
        };
        const signature = cast(["wallet", "sign", "--private-key", key, "--data", JSON.stringify(typedData)]);
        expect(signature).to.match(/^0x[0-9a-f]{130}$/);
        // The executor's ABI from its artifact: the struct follows the contract (and PAYMENT_INTENT_TYPES) as it changes.
        const executor = IntentExecutor__factory.connect(executorAddress, accounts[0]);
        const before = (await usdc.balanceOf(a3)) as bigint;
        const tx = await executor.execute(intent, signature, 0n);
        expect((await tx.wait())?.status).to.equal(1);
        expect((await usdc.balanceOf(a3)) as bigint).to.equal(before + 25_000_000n);
        expect(await executor.nonceUsed(a2, 77n)).to.equal(true);
      });
    });
  }
  describe("a restarted node (run last: it wipes the chain)", function () {
    it("tasks name the stale address book; the deploy starts afresh in one line, then has nothing new", async function () {
      expectMistake(
        await node.cli("--network opSepolia quartet deploy --reset", {
          HARDHAT_VAR_DEPLOYER_PRIVATE_KEY: HARDHAT_KEY_0,
        }),
        "--reset only runs on local chains: the journal of opSepolia is its address book (move it aside yourself to start over).",
      );
      await node.provider.send("hardhat_reset", []);
      expectMistake(
        await node.task("lending markets"),
        "The address book deploy/deployments/chain-31337 names contracts that localhost does not have (the node was restarted): run `npm run deploy -- --network localhost`, which starts a fresh deployment.",
      );
      const fresh = await node.cli("--network localhost quartet deploy");
      expect(fresh.exitCode, fresh.stderr).to.equal(0);
      expect(fresh.stdout.split("\n")[0]).to.equal(
        "deploy/deployments/chain-31337 describes a chain this node no longer has (it was restarted): deploying afresh.",
      );
      expect(fresh.stdout).to.include("Addresses: deploy/deployments/chain-31337/deployed_addresses.json");
      expect(expectOk(await node.task("lending markets"))).to.match(/^\| WETH +\| \$3,000 +\| 0 +\|/m);

      expect(expectOk(await node.cli("--network localhost quartet deploy"))).to.equal(
        "Nothing new to deploy: LocalQuartet is deployed on localhost (chain 31337); addresses in deploy/deployments/chain-31337/deployed_addresses.json.",
      );
    });

    it("--reset discards a good journal too and deploys a second, complete copy", async function () {
      const before = JSON.parse(fs.readFileSync(ADDRESSES, "utf8")) as Record<string, string>;
      const reset = await node.cli("--network localhost quartet deploy --reset");
      expect(reset.exitCode, reset.stderr).to.equal(0);
      expect(reset.stdout.split("\n")[0]).to.equal(
        "--reset: discarded deploy/deployments/chain-31337; deploying afresh.",
      );
      const after = JSON.parse(fs.readFileSync(ADDRESSES, "utf8")) as Record<string, string>;
      expect(after[FUTURE_IDS.pool]).to.not.equal(before[FUTURE_IDS.pool]);
      expect(await node.provider.getCode(after[FUTURE_IDS.pool])).to.not.equal("0x");
    });

    it("every `npx hardhat --network localhost` command of README.md works on the fresh node, in order", async function () {
      const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
      const commands = [...readme.matchAll(/^npx hardhat --network localhost (.+)$/gm)].map((m) =>
        m[1].replace(/\s+#\s.*$/, "").trim(),
      );
      expect(commands.length).to.be.greaterThan(15);
      for (const command of commands) {
        const result = await node.task(command);
        expect(result.stderr, command).to.equal("");
        expect(result.exitCode, command).to.equal(0);
      }
      // The walkthroughs did what their comments say.
      expect(expectOk(await node.task(`lending account --address ${a1}`))).to.match(/^health factor +∞ \(no debt\)$/m);
      expect(expectOk(await node.task("lending markets"))).to.match(/^\| WETH +\| \$2,300 +\|.*\| 81% \/ 82\.5% +\|/m);
      expect(expectOk(await node.task("dao proposals"))).to.match(/^\| 1 +\|.*\| Executed \|/m);
    });
  });
  describe("a secret-ballot token house (QUARTET_SECRET_BALLOT=token; run after the restarts)", function () {
    it("dao vote commits and keeps the salt in the ballots file, dao reveal counts the vote in the reveal period", async function () {
      this.timeout(240_000);
      const deploy = await node.cli("--network localhost quartet deploy --reset", { QUARTET_SECRET_BALLOT: "token" });
      expect(deploy.exitCode, deploy.stderr).to.equal(0);
      expect(deploy.stdout).to.match(/^secret ballot token house \(QUARTET_SECRET_BALLOT\)$/m);
      expectMistake(
        await node.cli("--network localhost quartet deploy --estimate-only", { QUARTET_SECRET_BALLOT: "yes" }),
        'QUARTET_SECRET_BALLOT must be token, citizens, both or none (got "yes").',
      );

      expectOk(await node.task("dao delegate"));
      expectOk(await node.task("dao propose --file deploy/proposals/raise-weth-ltv.json"));
      expectMistakeMatching(
        await node.task("dao reveal --id 1"),
        /^Error: Proposal #1 is Pending: commitments open at .* UTC, reveals after the commit period\.$/,
      );
      expectOk(await node.task("dev time --advance 2s"));
      expectMistakeMatching(
        await node.task("dao reveal --id 1"),
        /^Error: Proposal #1 is still taking commitments: reveals open at .* UTC\.$/,
      );
      expectMistake(
        await node.task("dao vote --id 1 --support for --reason", "Why not"),
        "--reason is not recorded on a secret ballot (it would reveal the vote).",
      );
      expectMistakeMatching(
        await node.task("dao vote --id 1 --support for --from 1"),
        new RegExp(`^Error: ${a1} had no votes at the snapshot: only votes held before a proposal count — .*$`),
      );

      const committed = expectOk(await node.task("dao vote --id 1 --support for"));
      expect(committed).to.match(/^Committed a secret for vote on #1 with 100,000,000 QRT: tx 0x[0-9a-f]{64} /);
      expect(committed).to.match(
        /\nReveal it with `dao reveal --id 1` from .* UTC to .* UTC: an unrevealed vote does not count\.\n/,
      );
      expect(committed).to.include(`\nIts salt is in ${ballots} (keep it private`);
      // The salt is in the user's file (owner-only), outside the repository; the chain holds only the commitment.
      expect(path.relative(ROOT, ballots).startsWith("..")).to.be.true;
      expect(fs.statSync(ballots).mode & 0o777).to.equal(0o600);
      const saved = JSON.parse(fs.readFileSync(ballots, "utf8")) as { voter: string; salt: string; support: number }[];
      expect(saved).to.have.lengthOf(1);
      expect(saved[0]).to.include({ voter: a0, support: 1 });
      expect(saved[0].salt).to.match(/^0x[0-9a-f]{64}$/);
      // Nobody learns the direction or the tally before the reveal.
      expect(expectOk(await node.task("dao proposals"))).to.match(
        /^\| 1 +\|.*\| Active +\| 0 QRT +\| 0 QRT +\| 0 QRT +\|/m,
      );
      expectMistake(
        await node.task("dao vote --id 1 --support against"),
        `${a0} has already committed a vote on proposal #1.`,
      );

      expectOk(await node.task("dev time --advance 5m1s")); // past the 300 s commit period
      expectMistakeMatching(
        await node.task("dao vote --id 1 --support against --from 2"),
        /^Error: Proposal #1 is in its reveal period: commitments closed at .* UTC; `dao reveal --id 1` reveals a vote committed before\.$/,
      );
      expectMistake(await node.task("dao reveal --id 1 --from 1"), `${a1} committed no vote on proposal #1.`);
      // Without the stored salt the vote cannot be revealed.
      fs.renameSync(ballots, `${ballots}.away`);
      expectMistake(
        await node.task("dao reveal --id 1"),
        `No saved ballot in ${ballots} matches ${a0}'s commitment on proposal #1: without its salt the vote cannot be revealed (set QUARTET_BALLOTS if you keep the file elsewhere).`,
      );
      fs.renameSync(`${ballots}.away`, ballots);

      expect(expectOk(await node.task("dao reveal --id 1"))).to.match(
        /^Revealed for on #1: tx 0x[0-9a-f]{64} .*\nTally so far: for 100,000,000 QRT, against 0 QRT, abstain 0 QRT; quorum 4,000,000 QRT$/,
      );
      expectMistake(await node.task("dao reveal --id 1"), `${a0}'s vote on proposal #1 is revealed already.`);

      expectOk(await node.task("dev time --advance 2m1s")); // past the 120 s reveal period
      expectMistake(await node.task("dao reveal --id 1"), "Proposal #1 is Succeeded: its reveal period is over.");
      expect(expectOk(await node.task("dao proposals"))).to.match(
        /^\| 1 +\|.*\| Succeeded +\| 100,000,000 QRT +\| 0 QRT +\| 0 QRT +\|/m,
      );
    });
  });
});
