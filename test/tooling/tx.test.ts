import { expect } from "chai";
import { Interface, makeError, type ContractTransactionResponse } from "ethers";

import { explain } from "../../scripts/lib/errors";
import { MinedRevert, mined } from "../../scripts/lib/tx";

const abi = ["error InsufficientCollateral(uint256 borrowLimit, uint256 debtValue)"];
const revert = new Interface(abi).encodeErrorResult("InsufficientCollateral", [0n, 400n * 10n ** 18n]);
const HASH = `0x${"ab".repeat(32)}`;
const RECEIPT = { status: 0, blockNumber: 42, gasUsed: 60_172n, hash: HASH };

/**
 * A sent transaction whose wait() ends as ethers ends it for a receipt of status 0 (what anvil returns for a
 * reverting transaction it mined), on a node answering `send` and `call` as given.
 */
function minedAndReverted(node: {
  send?: (method: string, params: unknown[]) => Promise<unknown>;
  call?: (tx: unknown) => Promise<string>;
}) {
  const calls: { method: string; params: unknown }[] = [];
  const provider = {
    send: async (method: string, params: unknown[]) => {
      calls.push({ method, params });
      if (node.send === undefined) throw new Error(`the method ${method} does not exist`);
      return node.send(method, params);
    },
    call: async (tx: unknown) => {
      calls.push({ method: "eth_call", params: tx });
      return node.call === undefined ? "0x" : node.call(tx);
    },
  };
  const response = {
    hash: HASH,
    from: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    to: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    data: "0x12345678",
    value: 0n,
    gasLimit: 30_000_000n,
    provider,
    wait: async () => {
      throw makeError("transaction execution reverted", "CALL_EXCEPTION", {
        action: "sendTransaction",
        data: null,
        reason: null,
        invocation: null,
        revert: null,
        transaction: { to: null, from: undefined, data: "" },
        receipt: RECEIPT as never,
      });
    },
  };
  return { pending: Promise.resolve(response as unknown as ContractTransactionResponse), calls };
}

// A reverting transaction that the node mined (status 0) instead of refusing it: the tasks print the same decoded
// custom error as on a node that refuses it at eth_sendTransaction (Hardhat's).
describe("scripts/lib/tx.ts mined(): a transaction mined with status 0", function () {
  it("takes the revert data from the call tracer and explains the custom error", async function () {
    const { pending, calls } = minedAndReverted({
      send: async () => ({ output: revert, error: "execution reverted" }),
    });
    const error = await mined(pending).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(MinedRevert);
    expect((error as MinedRevert).data).to.equal(revert);
    expect((error as MinedRevert).receipt.blockNumber).to.equal(42);
    expect(calls).to.deep.equal([{ method: "debug_traceTransaction", params: [HASH, { tracer: "callTracer" }] }]);
    expect(explain(error, [abi])).to.equal(
      "reverted InsufficientCollateral(borrowLimit=$0, debtValue=$400) — the borrow limit would not cover the debt: supply more collateral, or borrow or withdraw less",
    );
  });

  it("reads a struct logger's returnValue (without 0x) when the tracer answers that way", async function () {
    const { pending } = minedAndReverted({
      send: async () => ({ failed: true, returnValue: revert.slice(2), structLogs: [] }),
    });
    expect(((await mined(pending).catch((e: unknown) => e)) as MinedRevert).data).to.equal(revert);
  });

  it("without a tracer, replays the transaction with eth_call on its block's state", async function () {
    const { pending, calls } = minedAndReverted({
      call: async () => {
        throw makeError("execution reverted", "CALL_EXCEPTION", { data: revert } as never);
      },
    });
    const error = await mined(pending).catch((e: unknown) => e);
    expect((error as MinedRevert).data).to.equal(revert);
    expect(calls[1]).to.deep.equal({
      method: "eth_call",
      params: {
        from: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        to: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        data: "0x12345678",
        value: 0n,
        gasLimit: 30_000_000n,
        blockTag: 42,
      },
    });
    expect(explain(error, [abi])).to.match(/^reverted InsufficientCollateral\(borrowLimit=\$0, debtValue=\$400\)/);
  });

  it("says what ethers says, with the gas used, when neither recovers the data (the replay succeeds)", async function () {
    const { pending } = minedAndReverted({ call: async () => "0x" });
    const error = await mined(pending).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(MinedRevert);
    expect((error as MinedRevert).data).to.equal(undefined);
    expect(explain(error, [abi])).to.equal("transaction execution reverted (gas used 60172)");
  });

  it("returns the receipt of a successful transaction and rethrows any other failure as it is", async function () {
    const ok = { status: 1, blockNumber: 7 };
    const good = { wait: async () => ok } as unknown as ContractTransactionResponse;
    expect(await mined(Promise.resolve(good))).to.equal(ok);
    const dropped = { wait: async () => null } as unknown as ContractTransactionResponse;
    await mined(Promise.resolve(dropped)).then(
      () => expect.fail("a dropped transaction must throw"),
      (e: Error) => expect(e.message).to.equal("The transaction was dropped before it was mined."),
    );
    const timeout = makeError("timeout", "TIMEOUT", { operation: "wait", reason: "timeout", timeout: 1 } as never);
    const slow = {
      wait: async () => {
        throw timeout;
      },
    } as unknown as ContractTransactionResponse;
    expect(await mined(Promise.resolve(slow)).catch((e: unknown) => e)).to.equal(timeout);
  });
});
