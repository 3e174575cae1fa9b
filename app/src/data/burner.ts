import { createWalletClient, http, maxUint256, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import type { Chain } from "./chain";

/**
 * Hardhat's default account #12 (mnemonic "test test … junk"): a well-known, public key that only ever holds test
 * funds on a local node. `npm run dev` gives it USDC, WETH and delegated QRT (scripts/dev-seed.ts). The dashboard
 * offers it on chain 31337 only.
 */
export const BURNER_KEY: Hex = "0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1";
export const BURNER_CHAIN_ID = 31337;

export function burnerAvailable(chain: Chain): boolean {
  return chain.config.local && chain.config.chainId === BURNER_CHAIN_ID;
}

function wallet(chain: Chain) {
  if (!burnerAvailable(chain)) throw new Error("The burner wallet only exists on a local chain (31337).");
  return createWalletClient({
    account: privateKeyToAccount(BURNER_KEY),
    chain: chain.client.chain,
    transport: http(chain.config.rpcUrl),
  });
}

export const burnerAddress: Address = privateKeyToAccount(BURNER_KEY).address;

async function send(chain: Chain, request: Parameters<ReturnType<typeof wallet>["writeContract"]>[0]): Promise<Hex> {
  const hash = await wallet(chain).writeContract(request);
  const receipt = await chain.client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
  return hash;
}

/** Approves the pool (once, for good) and supplies `amount` of `asset` for the burner. */
export async function burnerSupply(chain: Chain, asset: Address, amount: bigint): Promise<Hex> {
  const { abis, addresses } = chain.config;
  const allowance = (await chain.client.readContract({
    abi: abis.ERC20,
    address: asset,
    functionName: "allowance",
    args: [burnerAddress, addresses.pool],
  })) as bigint;
  const account = privateKeyToAccount(BURNER_KEY);
  if (allowance < amount) {
    await send(chain, {
      abi: abis.ERC20,
      address: asset,
      functionName: "approve",
      args: [addresses.pool, maxUint256],
      account,
      chain: chain.client.chain,
    });
  }
  return send(chain, {
    abi: abis.LendingPool,
    address: addresses.pool,
    functionName: "supply",
    args: [asset, amount, burnerAddress],
    account,
    chain: chain.client.chain,
  });
}

export async function burnerBorrow(chain: Chain, asset: Address, amount: bigint): Promise<Hex> {
  const { abis, addresses } = chain.config;
  return send(chain, {
    abi: abis.LendingPool,
    address: addresses.pool,
    functionName: "borrow",
    args: [asset, amount, burnerAddress],
    account: privateKeyToAccount(BURNER_KEY),
    chain: chain.client.chain,
  });
}

/** Casts the burner's vote (0 against, 1 for, 2 abstain) on a token-house proposal. */
export async function burnerVote(chain: Chain, proposalId: bigint, support: 0 | 1 | 2): Promise<Hex> {
  const { abis, addresses } = chain.config;
  return send(chain, {
    abi: abis.QuartetGovernor,
    address: addresses.governor,
    functionName: "castVote",
    args: [proposalId, support],
    account: privateKeyToAccount(BURNER_KEY),
    chain: chain.client.chain,
  });
}

/** The burner's wallet balance of a token. */
export async function burnerBalance(chain: Chain, token: Address): Promise<bigint> {
  return (await chain.client.readContract({
    abi: chain.config.abis.ERC20,
    address: token,
    functionName: "balanceOf",
    args: [burnerAddress],
  })) as bigint;
}
