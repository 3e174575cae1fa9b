// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IRewardedGovernor
/// @notice What VotingRewards uses of a Quartet governor besides IGovernor: its tallies and its vote receipts.
/// @custom:security-contact security@quartet.example
interface IRewardedGovernor {
    /// @notice Marks a counted vote rewarded (only the house's VotingRewards; see IQuartetGovernor).
    /// @param proposalId The proposal.
    /// @param voter The voter.
    /// @return voted Whether the vote was counted.
    /// @return alreadyRewarded Whether it had been marked before.
    /// @return weight The weight counted.
    function markRewarded(
        uint256 proposalId,
        address voter
    ) external returns (bool voted, bool alreadyRewarded, uint256 weight);

    /// @notice The VotingRewards the governor lets mark votes rewarded.
    /// @return The contract (zero: none).
    function votingRewards() external view returns (address);

    /// @notice A voter's receipt (GovernorCountingReceipts).
    /// @param proposalId The proposal.
    /// @param voter The voter.
    /// @return voted Whether the vote was counted.
    /// @return rewarded Whether it has been rewarded.
    /// @return weight The weight counted.
    function voteReceipt(
        uint256 proposalId,
        address voter
    ) external view returns (bool voted, bool rewarded, uint256 weight);

    /// @notice A proposal's tallies (GovernorCountingSimple); a secret-ballot governor counts revealed votes only.
    /// @param proposalId The proposal.
    /// @return againstVotes Votes against.
    /// @return forVotes Votes for.
    /// @return abstainVotes Abstentions.
    function proposalVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);
}
