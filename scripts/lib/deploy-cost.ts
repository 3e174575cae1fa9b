import type { Future, IgnitionModule } from "@nomicfoundation/ignition-core";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { quotedL1Fee } from "./l1-fee";

/** Gas assumed for each configuration call of a deployment (role mappings, listings, handover). */
export const GAS_PER_CALL = 80_000n;

/**
 * Creation code with every unlinked library placeholder (`__$<34 hex>$__`, e.g. ProfileNFT's MetadataRenderer)
 * replaced by a non-zero 20-byte address: the same length and, for the L1 fee, the same cost as the linked code.
 */
export function linkable(bytecode: string): string {
  return bytecode.replace(/__\$[0-9a-fA-F]{34}\$__/g, "ff".repeat(20));
}

/** Every future of `module` and its submodules. */
export function allFutures(module: IgnitionModule, into = new Set<Future>()): Set<Future> {
  for (const future of module.futures) into.add(future);
  for (const submodule of module.submodules) allFutures(submodule, into);
  return into;
}

export interface DeploymentEstimate {
  contracts: number;
  calls: number;
  gas: bigint;
  gasPrice: bigint;
  executionCost: bigint;
  l1DataFee: bigint;
  total: bigint;
}

/**
 * An upper-bound estimate of what deploying `module` costs on the connected chain: creation gas from each
 * artifact's size, a fixed allowance per call, the current fee per gas, plus the L1 data fee of the creation
 * code on OP-stack chains. Futures in `done` (a resumed deployment's finished ones) cost nothing.
 */
export async function estimateDeployment(
  hre: HardhatRuntimeEnvironment,
  module: IgnitionModule,
  done: ReadonlySet<string> = new Set(),
): Promise<DeploymentEstimate> {
  const provider = hre.ethers.provider;
  let gas = 0n;
  let l1 = 0n;
  let contracts = 0;
  let calls = 0;
  for (const future of allFutures(module)) {
    if (done.has(future.id)) continue;
    if ("contractName" in future && future.type.endsWith("_DEPLOYMENT")) {
      // Futures deployed from an npm package's artifact (Uniswap v3, EAS, SchemaRegistry) carry it; the rest are
      // compiled here.
      const artifact =
        "artifact" in future && future.artifact !== undefined
          ? (future.artifact as unknown as { bytecode: string; deployedBytecode?: string })
          : await hre.artifacts.readArtifact(future.contractName);
      const initBytes = BigInt((artifact.bytecode.length - 2) / 2);
      const runtimeBytes = BigInt(((artifact.deployedBytecode ?? artifact.bytecode).length - 2) / 2);
      // base + creation + calldata (all bytes priced as non-zero) + code deposit + constructor allowance
      gas += 21_000n + 32_000n + 16n * initBytes + 200n * runtimeBytes + 50_000n;
      l1 += await quotedL1Fee(provider, linkable(artifact.bytecode));
      contracts += 1;
    } else if (future.type.endsWith("_CALL")) {
      gas += GAS_PER_CALL;
      calls += 1;
    }
  }
  const fees = await provider.getFeeData();
  const gasPrice = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
  const executionCost = gas * gasPrice;
  return { contracts, calls, gas, gasPrice, executionCost, l1DataFee: l1, total: executionCost + l1 };
}
