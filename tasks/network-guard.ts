import { extendEnvironment } from "hardhat/config";
import { DEPLOYER_KEY_VAR, isPrivateKey, remoteNetwork } from "../scripts/lib/networks";
import { deployerKey } from "./deployer-key";

/** Testnets reorg rarely but do reorg: Ignition waits for this many blocks on a remote network. */
export const REMOTE_CONFIRMATIONS = 2;

/**
 * Remote networks are configured even without a key so that every local command works. Selecting one
 * without a usable key stops here with one line that says what to run, instead of a stack trace later.
 */
extendEnvironment((hre) => {
  const remote = remoteNetwork(hre.network.name);
  if (remote === undefined) return;
  hre.config.ignition.requiredConfirmations ??= REMOTE_CONFIRMATIONS;
  const key = deployerKey();
  if (key === "")
    fail(
      `No deployer key for ${remote.name}: run \`npx hardhat vars set ${DEPLOYER_KEY_VAR}\` (or export ${DEPLOYER_KEY_VAR}).`,
    );
  if (!isPrivateKey(key))
    fail(
      `${DEPLOYER_KEY_VAR} is not a 32-byte hex private key: run \`npx hardhat vars set ${DEPLOYER_KEY_VAR}\` again.`,
    );
});

function fail(message: string): never {
  console.error(`Error: ${message}`);
  process.exit(1);
}
