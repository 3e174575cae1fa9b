// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/// @title IdentityGovernorMock
/// @notice Test-only, unmodified OpenZeppelin Governor over identity votes (ProfileNFT): proves the votes token
///         works with a stock Governor. Never deployed by non-local modules.
/// @custom:security-contact security@quartet.example
contract IdentityGovernorMock is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction
{
    /// @notice Deploys the governor.
    /// @param token The identity-votes token (ProfileNFT).
    /// @param votingDelay Seconds between proposal and snapshot.
    /// @param votingPeriod Seconds of voting.
    /// @param quorumPercent Quorum as a percentage of verified persons at the snapshot.
    constructor(
        IVotes token,
        uint48 votingDelay,
        uint32 votingPeriod,
        uint256 quorumPercent
    )
        Governor("Identity Governor")
        GovernorSettings(votingDelay, votingPeriod, 0)
        GovernorVotes(token)
        GovernorVotesQuorumFraction(quorumPercent)
    {}

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }
}
