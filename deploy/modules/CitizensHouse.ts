import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { secretBallotHouses } from "./ballot";
import { GOVERNANCE_DEFAULTS, governorHouse, type GovernorHouseDefaults } from "./Governance";
import Governance from "./Governance";
import Social from "./Social";

/**
 * The Citizens' House defaults: the token house's periods and quorum fraction, but a proposal threshold that counts
 * people. 1 = only a verified person may propose (the token house's 100,000 QRT would mean 10^23 people here).
 */
export const CITIZENS_HOUSE_DEFAULTS: GovernorHouseDefaults = {
  timelockMinDelay: GOVERNANCE_DEFAULTS.timelockMinDelay,
  votingDelay: GOVERNANCE_DEFAULTS.votingDelay,
  votingPeriod: GOVERNANCE_DEFAULTS.votingPeriod,
  proposalThreshold: 1n,
  quorumNumerator: GOVERNANCE_DEFAULTS.quorumNumerator,
  lateQuorumExtension: GOVERNANCE_DEFAULTS.lateQuorumExtension,
  /** Five people: the 4% fraction rounds down to zero below 25 verified people, and one person must never suffice. */
  quorumFloor: 5n,
};

/**
 * The Citizens' House: a second QuartetGovernor that votes with ProfileNFT identity votes (one verified person,
 * one vote), proposing through its own timelock. Its powers in the AccessManager (the CITIZENS role) are limited
 * by the Quartet module to a named set: appointing and removing verifiers, and the creator-pass protocol fee.
 *
 * Parameters (module "CitizensHouse"): the same names as the token house's (timelockMinDelay, votingDelay,
 * votingPeriod, proposalThreshold, quorumNumerator, lateQuorumExtension, quorumFloor); the threshold and the floor
 * count people: the threshold is 0 (anyone, verified or not, may propose) or 1 (the default: verified people only),
 * the floor the fewest people whose votes can pass a proposal (default 5). The token house's guardian may veto.
 * With QUARTET_SECRET_BALLOT=citizens (or both) the house votes on a secret ballot (parameter revealPeriod).
 */
export default buildModule("CitizensHouse", (m) => {
  const { profileNFT } = m.useModule(Social);
  const { guardianVeto } = m.useModule(Governance);
  const { timelock, governor } = governorHouse(m, {
    guardianVeto,
    name: "Quartet Citizens' House",
    votes: profileNFT,
    defaults: CITIZENS_HOUSE_DEFAULTS,
    secretBallot: secretBallotHouses().citizens,
  });
  return { citizensTimelock: timelock, citizensGovernor: governor };
});
