import { vars } from "hardhat/config";
import { DEPLOYER_KEY_VAR } from "../scripts/lib/networks";

/** The deployer key from `npx hardhat vars set DEPLOYER_PRIVATE_KEY` or the environment; "" when unset. */
export function deployerKey(): string {
  return vars.get(DEPLOYER_KEY_VAR, process.env[DEPLOYER_KEY_VAR] ?? "").trim();
}
