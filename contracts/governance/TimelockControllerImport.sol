// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// OpenZeppelin's TimelockController, compiled here so Ignition and typechain have its artifact.
// The import exists only to produce the artifact, hence the unused-import exemption.
// solhint-disable-next-line no-unused-import
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
