import { ethers, ignition } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { Signer } from "ethers";

import LocalIntents from "../../deploy/modules/LocalIntents";
import { typedDeployment } from "../../scripts/lib/contracts";
import { buildIntent, hashIntent, signIntent, type PaymentIntent } from "../../scripts/lib/intents";
import type { IntentExecutor, MockERC20 } from "../../typechain-types";
import { lendingFrom, pick } from "./lending";

/** Lending as in `deployLending`, plus the intent executor and its conditions. */
export async function deployIntents() {
  const d = await ignition.deploy(LocalIntents);
  const lending = await lendingFrom(d);
  const { executor, priceCondition, healthFactorCondition } = await typedDeployment(
    pick(d, ["executor", "priceCondition", "healthFactorCondition"]),
  );
  // Owners approve the executor once, as a wallet would on first use.
  for (const user of [lending.alice, lending.bob, lending.carol, lending.dave]) {
    for (const token of [lending.usdc, lending.wbtc, lending.weth]) {
      await token.connect(user).approve(executor, ethers.MaxUint256);
    }
  }
  return {
    ...lending,
    executor,
    priceCondition,
    healthFactorCondition,
  };
}

export type Intents = Awaited<ReturnType<typeof deployIntents>>;

/** An intent with its owner's signature and its EIP-712 digest. */
export interface SignedIntent {
  intent: PaymentIntent;
  signature: string;
  hash: string;
}

/**
 * `fields` over `buildIntent`'s defaults (owner = the signer; a one-off PAY valid from the latest block for a day),
 * signed by `signer` for `executor`. Pass `owner` to sign for someone else (an ERC-1271 wallet, or a forgery).
 */
export async function signedIntent(
  executor: IntentExecutor,
  signer: Signer,
  fields: Pick<PaymentIntent, "token" | "amount"> & Partial<PaymentIntent>,
): Promise<SignedIntent> {
  const intent = buildIntent({ owner: await signer.getAddress(), ...fields }, await time.latest());
  return { intent, signature: await signIntent(signer, executor, intent), hash: await hashIntent(executor, intent) };
}

/**
 * Signer number `index` of the node's accounts (6 and up are not used by the fixtures), holding `amount` of each
 * token but with no allowance given to anyone.
 */
export async function unapprovedUser(tokens: MockERC20[], index: number, amount: bigint) {
  const user = (await ethers.getSigners())[index];
  for (const token of tokens) await token.mint(user.address, amount);
  return user;
}
