import { expect } from "chai";
import hre from "hardhat";
import { Interface } from "ethers";

import {
  addressName,
  describeRevertData,
  explain,
  nameAddresses,
  readableValue,
  UserError,
} from "../../scripts/lib/errors";
import { formatTimestamp } from "../../scripts/lib/format";
import { hardhatErrorLine, unreachableLine } from "../../tasks/cli-errors";

const errorsAbi = [
  "error InsufficientCollateral(uint256 borrowLimit, uint256 debtValue)",
  "error AlreadyRanThisPeriod(uint256 nextRunAt)",
  "error ConditionNotMet(address condition)",
  "error StalePrice(address feed, uint256 updatedAt, uint256 heartbeat)",
  "error InvalidLtv(uint256 ltvBps, uint256 liquidationThresholdBps)",
  "error HealthyPosition(uint256 healthFactorWad)",
  "error AccessManagerUnauthorizedAccount(address msgsender, uint64 roleId)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
];
const iface = new Interface(errorsAbi);
const reverted = (name: string, args: unknown[]) => ({ data: iface.encodeErrorResult(name, args) });

describe("Decoded errors, readable", function () {
  const condition = "0x70e0bA845a1A0F2DA3359C97E0285013525FFC49";
  const timelock = "0x00000000000000000000000000000000000000aa";

  before(function () {
    nameAddresses({ healthFactorCondition: condition, timelock });
  });

  it("names address-book addresses, in any case, and leaves others as they are", function () {
    expect(addressName(condition.toLowerCase())).to.equal("healthFactorCondition");
    expect(readableValue("condition", "address", condition)).to.equal("healthFactorCondition");
    const other = "0x1111111111111111111111111111111111111111";
    expect(readableValue("spender", "address", other)).to.equal(other);
  });

  it("shows timestamps as dates, durations in units, wads, bps, USD values and role names", function () {
    expect(readableValue("nextRunAt", "uint256", 1_796_158_648n)).to.equal(formatTimestamp(1_796_158_648));
    expect(readableValue("nextRunAt", "uint256", 0n)).to.equal("0");
    expect(readableValue("heartbeat", "uint256", 86_400n)).to.equal("1 day");
    expect(readableValue("healthFactorWad", "uint256", 974_000_000_000_000_000n)).to.equal("0.974");
    expect(readableValue("ltvBps", "uint256", 8250n)).to.equal("82.5%");
    expect(readableValue("debtValue", "uint256", 400_000_011_000_000_000_000n)).to.equal("$400");
    expect(readableValue("borrowLimit", "uint256", 0n)).to.equal("$0");
    expect(readableValue("roleId", "uint64", 5n)).to.equal("CITIZENS");
    expect(readableValue("roleId", "uint64", 42n)).to.equal("42");
    expect(readableValue("needed", "uint256", 100_000_000n)).to.equal("100000000");
  });

  it("explain: the custom error with named, readable arguments and a hint for the common ones", function () {
    expect(explain(reverted("InsufficientCollateral", [0n, 400_000_011_000_000_000_000n]), [errorsAbi])).to.equal(
      "reverted InsufficientCollateral(borrowLimit=$0, debtValue=$400) — the borrow limit would not cover the debt: supply more collateral, or borrow or withdraw less",
    );
    expect(explain(reverted("AlreadyRanThisPeriod", [1_796_158_648n]), [errorsAbi])).to.equal(
      `reverted AlreadyRanThisPeriod(nextRunAt=${formatTimestamp(1_796_158_648)}) — the intent runs once per period; the next run may start ${formatTimestamp(1_796_158_648)}`,
    );
    expect(explain(reverted("ConditionNotMet", [condition]), [errorsAbi])).to.equal(
      "reverted ConditionNotMet(condition=healthFactorCondition) — the intent's condition is not met yet",
    );
    expect(explain(reverted("AccessManagerUnauthorizedAccount", [timelock, 5n]), [errorsAbi])).to.equal(
      "reverted AccessManagerUnauthorizedAccount(msgsender=timelock, roleId=CITIZENS) — timelock does not hold the CITIZENS role",
    );
  });

  it("describeRevertData (the keeper's reasons): positional and readable, without hints", function () {
    const ifaces = [iface];
    expect(describeRevertData(reverted("ConditionNotMet", [condition]).data, ifaces)).to.equal(
      "ConditionNotMet(healthFactorCondition)",
    );
    expect(describeRevertData(reverted("StalePrice", [condition, 1_796_158_648n, 3_600n]).data, ifaces)).to.equal(
      `StalePrice(healthFactorCondition, ${formatTimestamp(1_796_158_648)}, 1 h)`,
    );
    const spender = "0x2222222222222222222222222222222222222222";
    expect(describeRevertData(reverted("ERC20InsufficientAllowance", [spender, 0n, 100n]).data, ifaces)).to.equal(
      `ERC20InsufficientAllowance(${spender}, 0, 100)`,
    );
    expect(describeRevertData("0x", ifaces)).to.equal("empty revert (out of gas?)");
    expect(describeRevertData("0xdeadbeef", ifaces)).to.equal("unknown error 0xdeadbeef");
  });

  it("explain: a user error as it is, an empty answer as a stale address book, else ethers' short message", function () {
    expect(explain(new UserError("Do this."))).to.equal("Do this.");
    expect(explain({ code: "BAD_DATA", value: "0x", shortMessage: "could not decode result data" })).to.match(
      /^a contract of the address book answered nothing: no contract there \(was the node restarted\?/,
    );
    expect(explain({ shortMessage: "insufficient funds" })).to.equal("insufficient funds");
  });
});

describe("Hardhat's own errors, one line each", function () {
  it("an unknown network lists the valid names and guesses the intended one", function () {
    expect(hardhatErrorLine(100, "Network opsepolia doesn't exist", hre)).to.equal(
      `Unknown network "opsepolia" (did you mean opSepolia?): use --network with one of ${Object.keys(hre.config.networks).join(", ")}.`,
    );
  });

  it("a missing flag names the task, the flag and what it takes", function () {
    expect(
      hardhatErrorLine(306, "The '--amount' parameter of task 'supply' expects a value, but none was passed.", hre, [
        "--network",
        "localhost",
        "lending",
        "supply",
        "--asset",
        "USDC",
      ]),
    ).to.equal(
      "lending supply needs --amount, amount in token units, e.g. 100 or 0.5 (`npx hardhat help lending supply` lists its flags).",
    );
  });

  it("an unknown task or flag lists what exists", function () {
    expect(hardhatErrorLine(315, "Unrecognized task 'sply' under scope 'lending'", hre)).to.equal(
      'Unknown task "lending sply": lending has markets, supply, withdraw, borrow, repay, liquidate, collateral, account, faucet.',
    );
    expect(hardhatErrorLine(315, "Unrecognized task 'prices' under scope 'dev'", hre)).to.equal(
      'Unknown task "dev prices" (did you mean dev price?): dev has price, time, mine.',
    );
    expect(hardhatErrorLine(303, "Unrecognized task 'suply'", hre)).to.match(
      /^Unknown task "suply": `npx hardhat help` lists every task; Quartet's are under .*lending.*dev/,
    );
    expect(hardhatErrorLine(305, "Unrecognized param --bogus", hre, ["quartet", "deploy", "--bogus"])).to.equal(
      "Unknown flag --bogus for quartet deploy: it takes --estimate-only, --reset.",
    );
    expect(hardhatErrorLine(301, "Invalid value abc for argument from of type int", hre)).to.equal(
      '--from must be a whole number (got "abc").',
    );
  });

  it("a node that is down: the URL tried and how to start it; a remote RPC: the var to set", function () {
    expect(hardhatErrorLine(108, "Cannot connect to the network localhost.\nPlease make sure…", hre)).to.equal(
      unreachableLine("localhost", (hre.config.networks.localhost as { url: string }).url),
    );
    expect(unreachableLine("localhost", "http://127.0.0.1:8545")).to.equal(
      "Cannot reach localhost at http://127.0.0.1:8545: start a node with `npm run node` in another terminal (or point LOCALHOST_RPC_URL at yours).",
    );
    expect(unreachableLine("opSepolia", "https://sepolia.optimism.io")).to.equal(
      "Cannot reach opSepolia at https://sepolia.optimism.io: check your connection, or set a working endpoint with `npx hardhat vars set OP_SEPOLIA_RPC_URL`.",
    );
  });
});
