import type { AccessManager, TimelockController } from "../../typechain-types";
import type { ProposalAction } from "./governance";
import { ROLES } from "./roles";

/** Replays grant/revoke logs in chain order and returns who holds the role at the end. */
function membersFromLogs(
  logs: { blockNumber: number; index: number; granted: boolean; account: string }[],
): Set<string> {
  const members = new Set<string>();
  logs
    .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index)
    .forEach(({ granted, account }) => (granted ? members.add(account) : members.delete(account)));
  return members;
}

/**
 * Every account holding `roleId` on an AccessManager (scheduled grants included), rebuilt from its RoleGranted and
 * RoleRevoked events: AccessManager cannot enumerate members itself. Reads logs from `fromBlock`, so on a remote
 * chain pass the deployment block.
 */
export async function accessManagerRoleMembers(
  manager: AccessManager,
  roleId: bigint,
  fromBlock = 0,
): Promise<Set<string>> {
  const granted = await manager.queryFilter(manager.filters.RoleGranted(roleId), fromBlock);
  const revoked = await manager.queryFilter(manager.filters.RoleRevoked(roleId), fromBlock);
  return membersFromLogs([
    ...granted.map((e) => ({ blockNumber: e.blockNumber, index: e.index, granted: true, account: e.args.account })),
    ...revoked.map((e) => ({ blockNumber: e.blockNumber, index: e.index, granted: false, account: e.args.account })),
  ]);
}

/** Every holder of an AccessControl `role` on a TimelockController, rebuilt from its events (see above). */
export async function timelockRoleMembers(
  timelock: TimelockController,
  role: string,
  fromBlock = 0,
): Promise<Set<string>> {
  const granted = await timelock.queryFilter(timelock.filters.RoleGranted(role), fromBlock);
  const revoked = await timelock.queryFilter(timelock.filters.RoleRevoked(role), fromBlock);
  return membersFromLogs([
    ...granted.map((e) => ({ blockNumber: e.blockNumber, index: e.index, granted: true, account: e.args.account })),
    ...revoked.map((e) => ({ blockNumber: e.blockNumber, index: e.index, granted: false, account: e.args.account })),
  ]);
}

/**
 * The actions of a token-house proposal that appoints `verifier` (VERIFIER role) although VERIFIER is administered
 * by CITIZENS: the Citizens' House cannot vote before someone is verified, so the first verifier comes from the
 * token house. Its timelock, as ADMIN, takes VERIFIER's administration back, grants the role and hands the
 * administration back to CITIZENS, all in one proposal. (A plain `grantRole(VERIFIER, …)` by ADMIN reverts
 * `AccessManagerUnauthorizedAccount(timelock, CITIZENS)`.)
 */
export async function appointFirstVerifierActions(
  accessManager: AccessManager,
  verifier: string,
): Promise<ProposalAction[]> {
  const target = await accessManager.getAddress();
  const call = (data: string): ProposalAction => ({ target, data });
  return [
    call(accessManager.interface.encodeFunctionData("setRoleAdmin", [ROLES.VERIFIER, ROLES.ADMIN])),
    call(accessManager.interface.encodeFunctionData("grantRole", [ROLES.VERIFIER, verifier, 0n])),
    call(accessManager.interface.encodeFunctionData("setRoleAdmin", [ROLES.VERIFIER, ROLES.CITIZENS])),
  ];
}
