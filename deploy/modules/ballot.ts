// Read when the Governance and CitizensHouse modules are built; kept apart from them so that a task can check the
// variable (and answer a bad value in one line) before importing any module.

/** The environment variable that deploys houses on a secret ballot: `token`, `citizens` or `both` (unset: neither). */
export const SECRET_BALLOT_VAR = "QUARTET_SECRET_BALLOT";

/**
 * Which houses the Governance and CitizensHouse modules build with a secret ballot, from QUARTET_SECRET_BALLOT. An
 * environment variable, not an Ignition parameter: the governor's contract (QuartetGovernor or QuartetSecretGovernor)
 * is fixed when the module is built, before parameters are read. A chain keeps what it was first deployed with.
 */
export function secretBallotHouses(value = process.env[SECRET_BALLOT_VAR] ?? ""): {
  token: boolean;
  citizens: boolean;
} {
  const v = value.trim().toLowerCase();
  if (!["", "none", "token", "citizens", "both"].includes(v)) {
    throw new Error(`${SECRET_BALLOT_VAR} must be token, citizens, both or none (got "${value}").`);
  }
  return { token: v === "token" || v === "both", citizens: v === "citizens" || v === "both" };
}
