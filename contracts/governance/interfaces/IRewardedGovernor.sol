// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/// @title IRewardedGovernor
/// @notice What VotingRewards reads from a Quartet governor besides IGovernor: its votes source and its tallies.
/// @custom:security-contact security@quartet.example
interface IRewardedGovernor {
    /// @notice The votes source (GovernorVotes).
    /// @return The ERC-5805 token the governor reads weights from.
    function token() external view returns (IVotes);

    /// @notice A proposal's tallies (GovernorCountingSimple); a secret-ballot governor counts revealed votes only.
    /// @param proposalId The proposal.
    /// @return againstVotes Votes against.
    /// @return forVotes Votes for.
    /// @return abstainVotes Abstentions.
    function proposalVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);
}
