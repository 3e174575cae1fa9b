import type { AccessManager, TimelockController } from "../../typechain-types";

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
