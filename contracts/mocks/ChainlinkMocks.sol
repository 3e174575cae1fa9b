// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Chainlink's own test aggregator (updateAnswer, updateRoundData), compiled so Ignition and the tests can deploy it.
// It serves both as a price feed and as an L2 sequencer-uptime feed (answer 0 = up, 1 = down; startedAt = since when).
// The import exists only to produce the artifact, hence the unused-import exemption.
// solhint-disable-next-line no-unused-import
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
