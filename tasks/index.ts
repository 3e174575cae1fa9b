// Every task file registers itself on import; hardhat.config.ts imports this one file.
import "./solc";
import "./network-guard";
import "./intents";
