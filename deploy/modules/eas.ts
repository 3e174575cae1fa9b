// Read when the Social module is built; kept apart from it so that a task can set or check the choice before
// importing any module.
import EASArtifact from "@ethereum-attestation-service/eas-contracts/artifacts/contracts/EAS.sol/EAS.json";
import SchemaRegistryArtifact from "@ethereum-attestation-service/eas-contracts/artifacts/contracts/SchemaRegistry.sol/SchemaRegistry.json";

export { EASArtifact, SchemaRegistryArtifact };

/** OP Stack predeploys (OP Sepolia, Base Sepolia, every OP Stack chain): the Social module's default addresses. */
export const OP_STACK_EAS = "0x4200000000000000000000000000000000000021";
export const OP_STACK_SCHEMA_REGISTRY = "0x4200000000000000000000000000000000000020";

/** The Quartet verification schema ProfileNFT resolves; must equal `ProfileNFT.VERIFICATION_SCHEMA`. */
export const VERIFICATION_SCHEMA = "uint256 profileId,string handle,uint64 expiry";

/**
 * The environment variable that chooses where EAS comes from: `published` uses the EAS and SchemaRegistry named by the
 * Social module's `eas` and `schemaRegistry` parameters (defaults: the OP Stack predeploys); `deploy` (or unset)
 * deploys both from @ethereum-attestation-service/eas-contracts' artifacts, as local chains and Linea Sepolia need.
 * The deploy task sets it from the parameters file (a `Social.eas` entry means published). An environment variable,
 * not a parameter: whether a contract is deployed or only referenced is fixed when the module is built.
 */
export const EAS_SOURCE_VAR = "QUARTET_EAS";

export type EasSource = "deploy" | "published";

export function easSource(value = process.env[EAS_SOURCE_VAR] ?? ""): EasSource {
  const v = value.trim().toLowerCase();
  if (v === "" || v === "deploy") return "deploy";
  if (v === "published") return "published";
  throw new Error(`${EAS_SOURCE_VAR} must be deploy or published (got "${value}").`);
}
