import type { Provider } from "ethers";

import { IGasPriceOracle__factory } from "../../typechain-types";

/**
 * OP-stack L1 data fee: quoted on-chain by the GasPriceOracle predeploy where it exists, and computed offline with
 * the Fjord formula (the signed transaction sized by FastLZ compression, priced with the chain's scalars) for the
 * benchmark. Written from the formula in Optimism's Fjord specification.
 */

/** The OP-stack GasPriceOracle predeploy: where an OP-stack chain quotes a transaction's L1 data fee. */
export const OP_GAS_PRICE_ORACLE = "0x420000000000000000000000000000000000000F";

/** The chain's own quote (`getL1Fee`) for sending `data`, or 0n on a chain without the predeploy. */
export async function quotedL1Fee(provider: Provider, data: string): Promise<bigint> {
  if ((await provider.getCode(OP_GAS_PRICE_ORACLE)) === "0x") return 0n;
  return IGasPriceOracle__factory.connect(OP_GAS_PRICE_ORACLE, provider).getL1Fee(data);
}

/** Fjord's linear regression from FastLZ size to an estimated compressed size (scaled by 1e6). */
const COST_INTERCEPT = -42_585_600n;
const COST_FASTLZ_COEF = 836_500n;
const MIN_TRANSACTION_SIZE_SCALED = 100n * 1_000_000n;

/** The chain's fee inputs; `OP_MAINNET_LIKE_SCALARS` are stated assumptions, not live values. */
export interface L1FeeParameters {
  l1BaseFeeWei: bigint;
  blobBaseFeeWei: bigint;
  baseFeeScalar: bigint;
  blobBaseFeeScalar: bigint;
}

export const OP_MAINNET_LIKE_SCALARS: L1FeeParameters = {
  l1BaseFeeWei: 5_000_000_000n, // 5 gwei
  blobBaseFeeWei: 1_000_000_000n, // 1 gwei
  baseFeeScalar: 5_227n,
  blobBaseFeeScalar: 1_014_213n,
};

/** Length of `input` after FastLZ (level 1) compression, as the Fjord fee formula counts it. */
export function fastLzCompressedLength(input: Uint8Array): number {
  const length = input.length;
  const limit = length < 13 ? 0 : length - 13;
  const table = new Uint32Array(8192);
  const read24 = (i: number) => input[i] | (input[i + 1] << 8) | (input[i + 2] << 16);
  const hash = (v: number) => Number((BigInt(v) * 2654435769n) >> 19n) & 0x1fff;
  const literals = (count: number, size: number) => {
    size += 0x21 * Math.floor(count / 0x20);
    const rest = count % 0x20;
    return rest !== 0 ? size + rest + 1 : size;
  };
  const match = (matchLength: number, size: number) => {
    const l = matchLength - 1;
    size += 3 * Math.floor(l / 262);
    return l % 262 >= 6 ? size + 3 : size + 2;
  };

  let index = 2;
  let anchor = 0;
  let size = 0;
  while (index < limit) {
    let reference = 0;
    for (;;) {
      const sequence = read24(index);
      const h = hash(sequence);
      reference = table[h];
      table[h] = index;
      const distance = index - reference;
      if (index >= limit) break;
      index += 1;
      if (distance < 8192 && sequence === read24(reference)) break;
    }
    if (index >= limit) break;
    index -= 1;
    if (index > anchor) size = literals(index - anchor, size);
    // Length of the match, compared up to `limit + 9` (FastLZ's tail margin).
    let matched = 0;
    const bound = limit + 9 - (index + 3);
    for (let mismatch = false; matched < bound; matched++) {
      if (!mismatch && input[reference + 3 + matched] !== input[index + 3 + matched]) mismatch = true;
      if (mismatch) {
        matched += 1;
        break;
      }
    }
    size = match(matched, size);
    index += matched;
    table[hash(read24(index))] = index;
    index += 1;
    table[hash(read24(index))] = index;
    index += 1;
    anchor = index;
  }
  return literals(length - anchor, size);
}

/** The L1 data fee, in wei, of a signed transaction's bytes under Fjord. */
export function fjordL1Fee(signedTransaction: Uint8Array, p: L1FeeParameters = OP_MAINNET_LIKE_SCALARS): bigint {
  const fastLzSize = BigInt(fastLzCompressedLength(signedTransaction));
  let estimatedSizeScaled = COST_INTERCEPT + COST_FASTLZ_COEF * fastLzSize;
  if (estimatedSizeScaled < MIN_TRANSACTION_SIZE_SCALED) estimatedSizeScaled = MIN_TRANSACTION_SIZE_SCALED;
  const feeScaled = p.baseFeeScalar * p.l1BaseFeeWei * 16n + p.blobBaseFeeScalar * p.blobBaseFeeWei;
  return (estimatedSizeScaled * feeScaled) / 10n ** 12n;
}
