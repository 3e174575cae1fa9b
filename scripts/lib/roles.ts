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
