// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IQuartetGovernor
/// @notice What Quartet adds to OpenZeppelin's Governor: a timestamp clock is required, the voting delay is never
///         shorter than one second (a proposal's snapshot always lies strictly after its creation), and the quorum
///         is never below a governed absolute floor: quorum(t) = max(supply(t) × numerator / 100, floor(t)).
/// @dev Every other function, event and error is OpenZeppelin's `IGovernor` and its extensions (Settings,
///      CountingSimple (as GovernorCountingReceipts), Votes, QuorumFraction, TimelockControl, PreventLateQuorum). The same contract serves the
///      token house (QuartetToken votes) and the Citizens' House (identity votes): only the name and the votes
///      source differ.
/// @custom:security-contact security@quartet.example
interface IQuartetGovernor {
    /// @notice Thrown when a voting delay shorter than `MIN_VOTING_DELAY` is set, at construction or by
    ///         governance. With no delay, votes acquired in the proposal's own second would count.
    /// @param votingDelay The rejected delay, in seconds.
    /// @param minVotingDelay The smallest accepted delay, in seconds.
    error GovernorVotingDelayTooShort(uint256 votingDelay, uint256 minVotingDelay);

    /// @notice Thrown at construction when the votes source does not keep a timestamp clock (ERC-6372
    ///         `mode=timestamp`, `clock()` equal to the block timestamp); every period of this Governor is in seconds.
    /// @param clockMode The votes source's clock mode (empty when it does not implement ERC-6372).
    error GovernorClockNotTimestamp(string clockMode);

    /// @notice Thrown when the quorum floor would be zero: a fraction of a small supply rounds down to zero, so
    ///         one voter could pass a proposal alone.
    error GovernorQuorumFloorZero();

    /// @notice Thrown when governance sets a quorum floor above `MAX_QUORUM_PERCENT` of the votes supply (rounded
    ///         up), or a deployment one above the largest storable floor: a floor near the whole supply stops every
    ///         proposal once a few votes abstain, the one that would lower it included.
    /// @param quorumFloor The rejected floor, in votes.
    /// @param maxQuorumFloor The largest floor accepted: `MAX_QUORUM_PERCENT` of the votes supply one second before
    ///        the change, rounded up (or, at construction, type(uint192).max).
    error GovernorQuorumFloorTooHigh(uint256 quorumFloor, uint256 maxQuorumFloor);

    /// @notice Thrown when a quorum fraction above `MAX_QUORUM_PERCENT` is set, at construction or by governance.
    /// @param quorumNumerator The rejected fraction, in percent.
    /// @param maxQuorumNumerator `MAX_QUORUM_PERCENT`.
    error GovernorQuorumNumeratorTooHigh(uint256 quorumNumerator, uint256 maxQuorumNumerator);

    /// @notice Thrown when an account other than the house's VotingRewards marks a vote rewarded.
    /// @param caller The rejected caller.
    error GovernorOnlyVotingRewards(address caller);

    /// @notice Thrown when an account other than the deployer names the first VotingRewards, or the deployer tries
    ///         again: its one call (or any governance change of the VotingRewards) ends its right.
    /// @param caller The rejected caller.
    error GovernorOnlyDeployer(address caller);

    /// @notice Emitted when the VotingRewards allowed to mark votes rewarded changes.
    /// @param oldVotingRewards The previous one (zero: none).
    /// @param newVotingRewards The new one (zero: none).
    event VotingRewardsSet(address oldVotingRewards, address newVotingRewards);

    /// @notice Emitted when the quorum floor changes (at construction, `oldQuorumFloor` is 0).
    /// @param oldQuorumFloor The previous floor, in votes.
    /// @param newQuorumFloor The new floor, in votes; it applies to proposals whose snapshot is at or after now.
    event QuorumFloorUpdated(uint256 oldQuorumFloor, uint256 newQuorumFloor);

    /// @notice Sets the quorum floor; only through a proposal of this house (`onlyGovernance`). Proposals whose
    ///         snapshot is already past keep the floor of their snapshot.
    /// @param newQuorumFloor The new floor, in votes: at least 1, at most `MAX_QUORUM_PERCENT` of the votes supply one
    ///        second ago (rounded up).
    function setQuorumFloor(uint256 newQuorumFloor) external;

    /// @notice Names the house's VotingRewards (or, with zero, none) once; only the deployer, before its first call
    ///         and before governance has set one (the deployment wires it, or gives the right up with zero).
    /// @param rewards The VotingRewards whose GOVERNOR is this house.
    function initializeVotingRewards(address rewards) external;

    /// @notice Replaces (or, with zero, removes) the house's VotingRewards; only through a proposal of this house.
    /// @param rewards The new VotingRewards.
    function setVotingRewards(address rewards) external;

    /// @notice Marks `voter`'s counted vote on `proposalId` rewarded, if it is counted and not yet rewarded; only the
    ///         house's VotingRewards. One write to the slot the vote wrote: a claim needs no storage of its own.
    /// @param proposalId The proposal.
    /// @param voter The voter.
    /// @return voted Whether the vote was counted.
    /// @return alreadyRewarded Whether it had been marked before this call (then nothing changed).
    /// @return weight The weight counted.
    function markRewarded(
        uint256 proposalId,
        address voter
    ) external returns (bool voted, bool alreadyRewarded, uint256 weight);

    /// @notice The VotingRewards allowed to mark votes rewarded.
    /// @return The contract (zero: none).
    function votingRewards() external view returns (address);

    /// @notice The current quorum floor, in votes.
    /// @return The floor proposals created now will have.
    function quorumFloor() external view returns (uint256);

    /// @notice The quorum floor at a past timepoint (a proposal's snapshot).
    /// @param timepoint An ERC-6372 timestamp.
    /// @return The floor in force at `timepoint`.
    function quorumFloor(uint256 timepoint) external view returns (uint256);

    /// @notice The smallest voting delay, in seconds (one clock unit).
    /// @return The minimum voting delay.
    function MIN_VOTING_DELAY() external view returns (uint48);

    /// @notice The most a quorum may ask, as a percentage of the votes supply (the fraction, and a governed floor).
    /// @return The maximum quorum percentage.
    function MAX_QUORUM_PERCENT() external view returns (uint256);
}
