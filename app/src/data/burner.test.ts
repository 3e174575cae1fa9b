import { describe, expect, it } from "vitest";

import type { QuartetConfig } from "../lib/config";
import { burnerAddress, burnerAvailable } from "./burner";
import type { Chain } from "./chain";

const chain = (config: Partial<QuartetConfig>) => ({ config: { chainId: 31337, local: true, ...config } }) as Chain;

describe("burner wallet", () => {
  it("is Hardhat's default account #12", () => {
    expect(burnerAddress).toBe("0xFABB0ac9d68B0B445fB7357272Ff202C5651694a");
  });

  it("is offered on the local chain only: a testnet dashboard is read-only", () => {
    expect(burnerAvailable(chain({}))).toBe(true);
    expect(burnerAvailable(chain({ chainId: 84532, local: false }))).toBe(false);
    // A configuration that calls another chain local still gets no burner (its key is public).
    expect(burnerAvailable(chain({ chainId: 84532, local: true }))).toBe(false);
    expect(burnerAvailable(chain({ local: false }))).toBe(false);
  });
});
