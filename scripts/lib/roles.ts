import { id, ZeroHash } from "ethers";

/** AccessManager role ids, mirroring contracts/access/Roles.sol (a test keeps them equal). */
export const ROLES = {
  ADMIN: 0n,
  GUARDIAN: 1n,
  RISK: 2n,
  VERIFIER: 3n,
  TREASURY: 4n,
  CITIZENS: 5n,
} as const;

export type RoleName = keyof typeof ROLES;

/** 4-byte selectors of function signatures, e.g. `selectors("pauseAsset(address,uint8)")`. */
export function selectors(...signatures: string[]): string[] {
  return signatures.map((signature) => id(signature).slice(0, 10));
}

/**
 * OpenZeppelin TimelockController role ids (`keccak256("<NAME>")`, admin role `0x00`). Plain constants so
 * Ignition modules, which must not import `hardhat`, can use them too.
 */
export const TIMELOCK_ROLES = {
  DEFAULT_ADMIN_ROLE: ZeroHash,
  PROPOSER_ROLE: id("PROPOSER_ROLE"),
  EXECUTOR_ROLE: id("EXECUTOR_ROLE"),
  CANCELLER_ROLE: id("CANCELLER_ROLE"),
} as const;
