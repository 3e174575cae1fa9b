// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IQuartetGovernor
/// @notice What Quartet adds to OpenZeppelin's Governor: a timestamp clock is required and the voting delay is
///         never shorter than one second, so a proposal's snapshot always lies strictly after its creation.
/// @dev Every other function, event and error is OpenZeppelin's `IGovernor` and its extensions (Settings,
///      CountingSimple, Votes, QuorumFraction, TimelockControl, PreventLateQuorum). The same contract serves the
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

    /// @notice The smallest voting delay, in seconds (one clock unit).
    /// @return The minimum voting delay.
    function MIN_VOTING_DELAY() external view returns (uint48);
}
