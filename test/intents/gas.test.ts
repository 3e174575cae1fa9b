import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Signer } from "ethers";

import { deployIntents, signedIntent, units, type SignedIntent } from "../fixtures";
import { BUDGETS } from "../../scripts/lib/bench";
import { AmountMode } from "../../scripts/lib/intents";

const USDC = (n: number | string) => units(n, 6);
const AMOUNT = USDC(10);
const FEE = USDC("0.01");

/**
 * Twenty payers (fresh wallets, funded, executor approved), a merchant (Bob) and a keeper that already hold
 * USDC, so the only cold storage is what each payment necessarily touches.
 */
async function withPayers() {
  const f = await loadFixture(deployIntents);
  const keeper = (await ethers.getSigners())[8];
  await f.usdc.mint(keeper.address, USDC(1));
  const payers: Signer[] = [];
  for (let i = 0; i < 20; ++i) {
    const payer = ethers.Wallet.createRandom(ethers.provider);
    await setBalance(payer.address, 10n ** 18n);
    await f.usdc.mint(payer.address, USDC(10_000));
    await f.usdc.connect(payer).approve(f.executor, ethers.MaxUint256);
    payers.push(payer);
  }
  return { ...f, keeper, payers };
}

type Payers = Awaited<ReturnType<typeof withPayers>>;

async function gasUsed(pending: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await pending).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

async function payment(
  f: Payers,
  owner: Signer,
  nonce: bigint,
  mode: Pick<SignedIntent["intent"], "amountMode" | "amountParam"> = { amountMode: AmountMode.FIXED, amountParam: 0n },
): Promise<SignedIntent> {
  return signedIntent(f.executor, owner, {
    token: await f.usdc.getAddress(),
    recipient: f.bob.address,
    amount: AMOUNT,
    maxFee: FEE,
    nonce,
    ...mode,
  });
}

async function batchGas(f: Payers, items: SignedIntent[]): Promise<bigint> {
  const intents = items.map((i) => i.intent);
  const signatures = items.map((i) => i.signature);
  return gasUsed(
    f.executor.connect(f.keeper).executeBatch(
      intents,
      signatures,
      items.map(() => FEE),
      items.map(() => 100_000n),
    ),
  );
}

// Budgets from DESIGN.md (transaction gasUsed), as the benchmark holds them (scripts/lib/bench.ts). "Warm nonce word": the payer used the executor before, so the
// 256-nonce word holding the new nonce is already non-zero; a first payment from a fresh word costs ~17k more.
describe("IntentExecutor gas budgets @gas", function () {
  it("one-off PAY with fee, payer's nonce word warm: ≤ 80k", async function () {
    const f = await loadFixture(withPayers);
    const [payer] = f.payers;
    const first = await payment(f, payer, 0n);
    await f.executor.connect(f.keeper).execute(first.intent, first.signature, FEE);
    const { intent, signature } = await payment(f, payer, 1n);
    expect(await gasUsed(f.executor.connect(f.keeper).execute(intent, signature, FEE))).to.be.at.most(
      BigInt(BUDGETS["intents.pay"].budget),
    );
  });

  for (const [name, mode] of [
    ["PERCENT_OF_BALANCE", { amountMode: AmountMode.PERCENT_OF_BALANCE, amountParam: 2_000n }],
    ["SWEEP_ABOVE", { amountMode: AmountMode.SWEEP_ABOVE, amountParam: USDC(500) }],
  ] as const) {
    it(`one-off PAY in ${name} mode costs at most 5,000 more than the same PAY in FIXED mode`, async function () {
      const f = await loadFixture(withPayers);
      const [payer] = f.payers;
      const first = await payment(f, payer, 0n);
      await f.executor.connect(f.keeper).execute(first.intent, first.signature, FEE);
      const fixed = await payment(f, payer, 1n);
      const fixedGas = await gasUsed(f.executor.connect(f.keeper).execute(fixed.intent, fixed.signature, FEE));
      const moded = await payment(f, payer, 2n, mode);
      const modeGas = await gasUsed(f.executor.connect(f.keeper).execute(moded.intent, moded.signature, FEE));
      expect(modeGas).to.be.at.most(fixedGas + 5_000n);
      expect(modeGas).to.be.at.most(
        BigInt(BUDGETS[name === "SWEEP_ABOVE" ? "intents.paySweep" : "intents.payPercent"].budget),
      );
    });
  }

  it("a batch of 20 PAY from 20 payers (warm nonce words) to one merchant: ≤ 45k per intent", async function () {
    const f = await loadFixture(withPayers);
    await batchGas(f, await Promise.all(f.payers.map((p) => payment(f, p, 0n))));
    const gas = await batchGas(f, await Promise.all(f.payers.map((p) => payment(f, p, 1n))));
    expect(gas / 20n).to.be.at.most(BigInt(BUDGETS["intents.batch20PerIntent"].budget));
  });
});
