import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  CallableContractFuture,
  Future,
  IgnitionModule,
  IgnitionModuleBuilder,
} from "@nomicfoundation/ignition-core";

import { ROLES } from "../../scripts/lib/roles";
import Access from "./Access";
import Governance from "./Governance";

/** 2 days, in seconds: how long an account a proposal makes ADMIN waits before it can act (parameter adminGrantDelay). */
export const ADMIN_GRANT_DELAY_DEFAULT = 2n * 86_400n;

/**
 * Hands the AccessManager to governance: the timelock becomes ADMIN (and holds RISK and TREASURY, the roles
 * governance exercises directly), then the deployer renounces RISK, TREASURY and finally ADMIN. Pass in `after` every future or module that
 * still needs the deployer's admin rights (protocol configuration), so the renunciation comes last.
 *
 * This is the one place the handover is written; the Quartet module calls it after wiring every protocol.
 */
export function handOverAccessToTimelock(
  m: IgnitionModuleBuilder,
  {
    accessManager,
    timelock,
    after = [],
  }: {
    accessManager: CallableContractFuture<string>;
    timelock: CallableContractFuture<string>;
    after?: (Future | IgnitionModule)[];
  },
) {
  const noExecutionDelay = 0n;
  const grants = (["ADMIN", "RISK", "TREASURY"] as const).map((role) =>
    m.call(accessManager, "grantRole", [ROLES[role], timelock, noExecutionDelay], {
      id: `Grant${role}ToTimelock`,
      after,
    }),
  );
  // Roles the deployer may have taken for configuration (listing markets, pointing the treasury) go first, ADMIN
  // last. Renouncing a role one does not hold is a no-op, so this is safe whatever the deployment configured.
  const renounceWorkRoles = (["RISK", "TREASURY"] as const).map((role) =>
    m.call(accessManager, "renounceRole", [ROLES[role], m.getAccount(0)], {
      id: `DeployerRenounces${role}`,
      after: [...grants, ...after],
    }),
  );
  // An account a proposal makes ADMIN waits `adminGrantDelay` seconds before it can act (OpenZeppelin applies the
  // new delay itself only after the AccessManager's minSetback, 5 days: the timelock is ADMIN already by then).
  const adminGrantDelay = m.call(
    accessManager,
    "setGrantDelay",
    [ROLES.ADMIN, m.getParameter("adminGrantDelay", ADMIN_GRANT_DELAY_DEFAULT)],
    { id: "SetAdminGrantDelay", after: grants },
  );
  const renounceAdmin = m.call(accessManager, "renounceRole", [ROLES.ADMIN, m.getAccount(0)], {
    id: "DeployerRenouncesAccessAdmin",
    after: [...grants, ...after, ...renounceWorkRoles, adminGrantDelay],
  });
  return { renounceAdmin };
}

/** The AccessManager (Access) governed by the token house (Governance): the deployer ends holding no role. */
export default buildModule("GovernedAccess", (m) => {
  const { accessManager } = m.useModule(Access);
  const { token, timelock, governor, guardianVeto } = m.useModule(Governance);
  handOverAccessToTimelock(m, { accessManager, timelock });
  return { accessManager, token, timelock, governor, guardianVeto };
});
