// Every task file registers itself on import; hardhat.config.ts imports this one file. Task files must not import
// typechain-types at load time (it does not exist before the first compile): they import it inside actions.
import "./cli-errors";
import "./solc";
import "./network-guard";
import "./quartet";
import "./intents";
import "./lending";
import "./social";
import "./dao";
import "./dev";
