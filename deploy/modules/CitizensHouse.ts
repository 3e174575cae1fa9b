import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { governorHouse } from "./Governance";
import Social from "./Social";

/**
 * The Citizens' House: a second QuartetGovernor that votes with ProfileNFT identity votes (one verified person,
 * one vote), proposing through its own timelock. Its powers in the AccessManager (the CITIZENS role) are limited
 * by the Quartet module to a named set: appointing and removing verifiers, and the creator-pass protocol fee.
 *
 * Parameters (module "CitizensHouse"): the same names as the token house's (timelockMinDelay, votingDelay,
 * votingPeriod, proposalThreshold, quorumNumerator, lateQuorumExtension); the threshold counts people, so it is
 * 0 or 1, not tokens.
 */
export default buildModule("CitizensHouse", (m) => {
  const { profileNFT } = m.useModule(Social);
  const { timelock, governor } = governorHouse(m, { name: "Quartet Citizens' House", votes: profileNFT });
  return { citizensTimelock: timelock, citizensGovernor: governor };
});
