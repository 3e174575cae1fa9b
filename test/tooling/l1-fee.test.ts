import { expect } from "chai";
import { getBytes } from "ethers";

import { fastLzCompressedLength, fjordL1Fee, OP_MAINNET_LIKE_SCALARS } from "../../scripts/lib/l1-fee";

// Reference lengths published with OP-stack client implementations of the same estimator.
const SAMPLE_CONTRACT_CALL =
  "0x02f901550a758302df1483be21b88304743f94f80e51afb613d764fa61751affd3313c190a86bb870151bd62fd12adb8e41ef24f3f0000" +
  "00000000000000000000000000000000000000000000000000000000006e000000000000000000000000af88d065e77c8cc2239327c5edb3" +
  "a432268e5831000000000000000000000000000000000000000000000000000000000003c1e50000000000000000000000000000000000000" +
  "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000a00000000000000000000000" +
  "0000000000000000000000000000000000000000148c89ed219d02f1a5be012c689b4f5b731827bebe000000000000000000000000c001a033" +
  "fd89cb37c31b2cba46b6466e040c61fc9b2a3675a7f5f493ebd5ad77c497f8a07cdf65680e238392693019b4092f610222e71b7cec06449cb" +
  "922b93b6a12744e";

describe("OP-stack L1 data fee (Fjord)", function () {
  it("sizes inputs by FastLZ exactly as the reference vectors say", function () {
    expect(fastLzCompressedLength(new Uint8Array(0))).to.equal(0);
    expect(fastLzCompressedLength(new Uint8Array(1000))).to.equal(21);
    expect(fastLzCompressedLength(new Uint8Array(1000).fill(42))).to.equal(21);
    expect(fastLzCompressedLength(getBytes("0xFACADE"))).to.equal(4);
    expect(fastLzCompressedLength(getBytes(SAMPLE_CONTRACT_CALL))).to.equal(202);
  });

  it("grows with every new distinct byte", function () {
    let previous = 0;
    for (let n = 1; n <= 256; n++) {
      const length = fastLzCompressedLength(Uint8Array.from({ length: n }, (_, i) => i));
      expect(length).to.be.greaterThan(previous);
      previous = length;
    }
  });

  it("prices a transaction from the scalars, with the 100-byte minimum", function () {
    const p = OP_MAINNET_LIKE_SCALARS;
    const feeScaled = p.baseFeeScalar * p.l1BaseFeeWei * 16n + p.blobBaseFeeScalar * p.blobBaseFeeWei;
    expect(fjordL1Fee(getBytes("0xFACADE"))).to.equal((100n * 1_000_000n * feeScaled) / 10n ** 12n);
    const sized = -42_585_600n + 836_500n * 202n;
    expect(fjordL1Fee(getBytes(SAMPLE_CONTRACT_CALL))).to.equal((sized * feeScaled) / 10n ** 12n);
  });
});
