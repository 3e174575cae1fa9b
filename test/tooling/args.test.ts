import { expect } from "chai";
import { MaxUint256 } from "ethers";

import { AMOUNT_FORMS, MAX, parseAmount, parseWhole } from "../../scripts/lib/args";
import { UserError } from "../../scripts/lib/errors";
import { parseDuration } from "../../tasks/dev";

/** The message of the UserError `run` throws (failing the test when it throws nothing or something else). */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(UserError);
    return (error as Error).message;
  }
  expect.fail("expected a UserError");
}

describe("parseAmount: strict human amounts", function () {
  it("reads whole numbers, fractions and thousands separated in groups of three", function () {
    expect(parseAmount("100", 6)).to.equal(100_000000n);
    expect(parseAmount("0.5", 18)).to.equal(5n * 10n ** 17n);
    expect(parseAmount(".5", 6)).to.equal(500000n);
    expect(parseAmount("1,000", 6)).to.equal(1_000_000000n);
    expect(parseAmount("1,234,567.25", 6)).to.equal(1_234_567_250000n);
    expect(parseAmount("10_000", 0)).to.equal(10_000n);
    expect(parseAmount(" 7 ", 0)).to.equal(7n);
  });

  it("refuses a decimal comma and says how to write it", function () {
    expect(refusal(() => parseAmount("0,5", 18))).to.equal(
      `--amount must be ${AMOUNT_FORMS} (got "0,5": write 0.5 with a dot).`,
    );
    expect(refusal(() => parseAmount("12,75", 6))).to.equal(
      `--amount must be ${AMOUNT_FORMS} (got "12,75": write 12.75 with a dot).`,
    );
  });

  it("reads a lone comma outside a group of three as a decimal mark", function () {
    for (const [input, fixed] of [
      ["1,00", "1.00"],
      ["1,0000", "1.0000"],
      ["10000,000", "10000.000"],
    ]) {
      expect(refusal(() => parseAmount(input, 18))).to.equal(
        `--amount must be ${AMOUNT_FORMS} (got "${input}": write ${fixed} with a dot).`,
      );
    }
  });

  it("reads a lone comma outside a group of three as a decimal mark", function () {
    for (const [input, fixed] of [
      ["1,00", "1.00"],
      ["1,0000", "1.0000"],
      ["10000,000", "10000.000"],
    ]) {
      expect(refusal(() => parseAmount(input, 18))).to.equal(
        `--amount must be ${AMOUNT_FORMS} (got "${input}": write ${fixed} with a dot).`,
      );
    }
  });

  it("refuses separators outside groups of three, mixed separators, signs, exponents and words", function () {
    for (const input of [
      "1,000,00",
      "1,000_000",
      ",100",
      "1,",
      "-1",
      "+1",
      "1e6",
      "ten",
      "",
      ".",
      "5.",
      "1.2.3",
      "0x10",
    ]) {
      expect(
        refusal(() => parseAmount(input, 18)),
        input,
      ).to.equal(`--amount must be ${AMOUNT_FORMS} (got "${input}").`);
    }
  });

  it("names the flag, and 'max' among the forms only where it is allowed", function () {
    expect(refusal(() => parseAmount("lots", 6, { flag: "--price" }))).to.match(/^--price must be /);
    expect(refusal(() => parseAmount("all", 6, { allowMax: true }))).to.equal(
      `--amount must be ${AMOUNT_FORMS}, or "max" (got "all").`,
    );
    expect(parseAmount("MAX", 6, { allowMax: true })).to.equal(MAX);
    expect(refusal(() => parseAmount("max", 6))).to.match(/^--amount must be /);
  });

  it("refuses more decimals than the token has, one digit over the limit and not at it", function () {
    expect(parseAmount("1.000001", 6)).to.equal(1_000001n);
    expect(refusal(() => parseAmount("1.0000001", 6, { symbol: "USDC" }))).to.equal(
      "--amount 1.0000001 has more decimals than USDC's 6.",
    );
  });

  it("refuses zero unless allowed", function () {
    expect(refusal(() => parseAmount("0.000", 6))).to.equal("--amount must be more than zero.");
    expect(parseAmount("0", 6, { allowZero: true })).to.equal(0n);
  });

  it("accepts exactly type(uint256).max units and refuses one more", function () {
    expect(parseAmount(MaxUint256.toString(), 0)).to.equal(MaxUint256);
    const over = (MaxUint256 + 1n).toString();
    expect(refusal(() => parseAmount(over, 0))).to.equal(
      `--amount ${over} is more than any token can hold (2^256 - 1 of its smallest units).`,
    );
    expect(refusal(() => parseAmount("1" + "0".repeat(60), 18))).to.match(/is more than any token can hold/);
  });
});

describe("parseWhole and parseDuration", function () {
  it("parseWhole takes whole numbers within the range, at both ends", function () {
    expect(parseWhole(1, "--blocks", 1, 10)).to.equal(1);
    expect(parseWhole("10", "--blocks", 1, 10)).to.equal(10);
    expect(refusal(() => parseWhole(0, "--blocks", 1, 10))).to.equal(
      "--blocks must be a whole number from 1 to 10 (got 0).",
    );
    expect(refusal(() => parseWhole(11, "--blocks", 1, 10))).to.equal(
      "--blocks must be a whole number from 1 to 10 (got 11).",
    );
    expect(refusal(() => parseWhole(1.5, "--n"))).to.equal("--n must be a whole number at least 0 (got 1.5).");
    expect(refusal(() => parseWhole("2x", "--n"))).to.equal('--n must be a whole number at least 0 (got "2x").');
  });

  it("parseDuration reads seconds and w/d/h/m/s amounts in order", function () {
    expect(parseDuration("3600")).to.equal(3600);
    expect(parseDuration("90s")).to.equal(90);
    expect(parseDuration("5m")).to.equal(300);
    expect(parseDuration("1d")).to.equal(86_400);
    expect(parseDuration("1d6h")).to.equal(108_000);
    expect(parseDuration("2w")).to.equal(1_209_600);
    expect(parseDuration("2H30M")).to.equal(9_000);
  });

  it("parseDuration refuses zero, fractions, unknown units and units out of order", function () {
    for (const input of ["0", "0s", "1.5d", "1y", "6h1d", "", "d", "-5"]) {
      expect(
        refusal(() => parseDuration(input)),
        input,
      ).to.equal(`--advance must be a duration like 3600, 90s, 5m, 6h, 1d, 2w or 1d6h (got "${input}").`);
    }
  });
});
