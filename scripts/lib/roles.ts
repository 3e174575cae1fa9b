import { id } from "ethers";

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
