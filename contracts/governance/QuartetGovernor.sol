// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {GovernorCountingReceipts} from "./GovernorCountingReceipts.sol";
import {IQuartetGovernor} from "./interfaces/IQuartetGovernor.sol";

/// @title QuartetGovernor
/// @notice Quartet's on-chain governance: proposals are voted with ERC-5805 votes read at a timestamp snapshot
///         and executed by a TimelockController, which is the AccessManager's admin. One contract serves both
///         houses: the token house (QuartetToken) and the Citizens' House (identity votes), each with its own
///         name, votes source and timelock.
///         Quorum is the larger of a fraction of the supply at the snapshot and a governed absolute floor (tokens
///         in the token house, people in the Citizens' House), both fixed at the snapshot.
/// @dev OpenZeppelin Governor 5 with Settings, CountingReceipts (CountingSimple keeping each vote's weight and a
///      rewarded mark, for VotingRewards), Votes, QuorumFraction, TimelockControl and
///      PreventLateQuorum. Votes by signature (`castVoteBySig`, nonce-protected) and the `#proposer=<address>`
///      description suffix (front-running protection) come from OpenZeppelin's Governor unchanged. All periods are
///      seconds: the constructor rejects a votes source without a timestamp clock.
/// @custom:security-contact security@quartet.example
contract QuartetGovernor is
    IQuartetGovernor,
    Governor,
    GovernorSettings,
    GovernorCountingReceipts,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl,
    GovernorPreventLateQuorum
{
    /// @inheritdoc IQuartetGovernor
    uint48 public constant override MIN_VOTING_DELAY = 1;

    bytes32 private constant _TIMESTAMP_CLOCK_MODE = keccak256("mode=timestamp");

    using Checkpoints for Checkpoints.Trace208;

    /// @dev The quorum floor's history (ERC-6372 timepoints), so a proposal's floor is the one at its snapshot.
    Checkpoints.Trace208 private _quorumFloorHistory;

    /// @dev The latest quorum numerator and floor, mirrored in one slot with the time from which both hold:
    ///      OpenZeppelin's history needs two cold reads (length, then entry) and every vote before quorum reads the
    ///      quorum, so a vote pays one read for both. Written only with the histories.
    struct LatestQuorum {
        uint48 since;
        uint16 numerator;
        uint192 floor;
    }
    LatestQuorum private _latestQuorum;

    /// @notice The most a quorum may ask, as a percentage of the votes supply: a fraction above it is refused, and
    ///         a floor governance sets is at most this share of the supply (rounded up). A quorum nearer the whole
    ///         supply would stop every proposal once a few holders (or the treasury's own undelegated tokens) abstain,
    ///         including the one that would lower it again.
    uint256 public constant override MAX_QUORUM_PERCENT = 50;

    /// @dev The account that may name the house's VotingRewards once, during the deployment: cleared by that first
    ///      call and by any governance change, so the deployer keeps no lever once the house governs itself.
    address private _rewardsWirer;
    /// @dev The VotingRewards that may mark votes rewarded (none: no rewards).
    address private _votingRewards;

    /// @notice Deploys a governor house.
    /// @param name_ The house's name, also its EIP-712 domain name (e.g. "Quartet Governor").
    /// @param token_ The votes source: an ERC-5805 token with a timestamp clock.
    /// @param timelock_ The TimelockController that queues and executes this house's proposals.
    /// @param votingDelay_ Seconds between a proposal and its snapshot; at least `MIN_VOTING_DELAY`.
    /// @param votingPeriod_ Seconds of voting after the snapshot; not zero.
    /// @param proposalThreshold_ Votes a proposer needs one second before proposing.
    /// @param quorumNumerator_ Quorum as a percentage of the votes source's total supply at the snapshot; at most
    ///        `MAX_QUORUM_PERCENT`.
    /// @param lateQuorumVoteExtension_ Seconds of voting guaranteed after quorum is reached; at most the period.
    /// @param quorumFloor_ The smallest quorum, in votes (QRT wei in the token house, people in the Citizens' House);
    ///        not zero. Not compared with the supply here: a house may start with fewer voters than its floor.
    constructor(
        string memory name_,
        IVotes token_,
        TimelockController timelock_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumNumerator_,
        uint48 lateQuorumVoteExtension_,
        uint256 quorumFloor_
    )
        Governor(name_)
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumNumerator_)
        GovernorTimelockControl(timelock_)
        GovernorPreventLateQuorum(lateQuorumVoteExtension_)
    {
        _requireTimestampClock(IERC6372(address(token_)));
        _updateQuorumFloor(quorumFloor_);
        _rewardsWirer = msg.sender;
    }

    /// @inheritdoc IQuartetGovernor
    function initializeVotingRewards(address rewards) external override {
        if (msg.sender != _rewardsWirer) revert GovernorOnlyDeployer(msg.sender);
        delete _rewardsWirer;
        _setVotingRewards(rewards);
    }

    /// @inheritdoc IQuartetGovernor
    function setVotingRewards(address rewards) external override onlyGovernance {
        delete _rewardsWirer;
        _setVotingRewards(rewards);
    }

    /// @inheritdoc IQuartetGovernor
    function markRewarded(
        uint256 proposalId,
        address voter
    ) external override returns (bool voted, bool alreadyRewarded, uint256 weight) {
        if (msg.sender != _votingRewards) revert GovernorOnlyVotingRewards(msg.sender);
        return _markRewarded(proposalId, voter);
    }

    /// @inheritdoc IQuartetGovernor
    function votingRewards() external view override returns (address) {
        return _votingRewards;
    }

    /// @inheritdoc IQuartetGovernor
    function setQuorumFloor(uint256 newQuorumFloor) external override onlyGovernance {
        uint256 supply = token().getPastTotalSupply(clock() - 1);
        uint256 maxFloor = Math.mulDiv(supply, MAX_QUORUM_PERCENT, 100, Math.Rounding.Ceil);
        if (newQuorumFloor > maxFloor) revert GovernorQuorumFloorTooHigh(newQuorumFloor, maxFloor);
        _updateQuorumFloor(newQuorumFloor);
    }

    /// @inheritdoc GovernorVotes
    /// @dev The votes source's clock, which the constructor checked is the block timestamp: read here directly
    ///      instead of through an external call on every state check and vote.
    function clock() public view override(Governor, GovernorVotes) returns (uint48) {
        return Time.timestamp();
    }

    /// @inheritdoc GovernorVotes
    function CLOCK_MODE() public pure override(Governor, GovernorVotes) returns (string memory) {
        // solhint-disable-previous-line func-name-mixedcase
        return "mode=timestamp";
    }

    /// @inheritdoc GovernorSettings
    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    /// @inheritdoc GovernorSettings
    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    /// @inheritdoc GovernorSettings
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @inheritdoc GovernorVotesQuorumFraction
    /// @dev max(supply at `timepoint` × numerator / denominator, floor at `timepoint`): the fraction alone rounds
    ///      down to zero while the supply is small (4% of 24 people is 0).
    function quorum(uint256 timepoint) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
        LatestQuorum memory latest = _latestQuorum; // one read for the three fields
        (uint256 numerator, uint256 floor) = timepoint < latest.since
            ? (super.quorumNumerator(timepoint), _quorumFloorHistory.upperLookupRecent(SafeCast.toUint48(timepoint)))
            : (uint256(latest.numerator), uint256(latest.floor));
        uint256 fraction = Math.mulDiv(token().getPastTotalSupply(timepoint), numerator, quorumDenominator());
        return Math.max(fraction, floor);
    }

    /// @inheritdoc GovernorVotesQuorumFraction
    function quorumNumerator(uint256 timepoint) public view override returns (uint256) {
        LatestQuorum memory latest = _latestQuorum;
        return timepoint < latest.since ? super.quorumNumerator(timepoint) : latest.numerator;
    }

    /// @inheritdoc IQuartetGovernor
    function quorumFloor() external view override returns (uint256) {
        return _quorumFloorHistory.latest();
    }

    /// @inheritdoc IQuartetGovernor
    function quorumFloor(uint256 timepoint) external view override returns (uint256) {
        LatestQuorum memory latest = _latestQuorum;
        return
            timepoint < latest.since
                ? _quorumFloorHistory.upperLookupRecent(SafeCast.toUint48(timepoint))
                : latest.floor;
    }

    /// @inheritdoc GovernorTimelockControl
    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc GovernorTimelockControl
    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @inheritdoc GovernorPreventLateQuorum
    function proposalDeadline(
        uint256 proposalId
    ) public view virtual override(Governor, GovernorPreventLateQuorum) returns (uint256) {
        return super.proposalDeadline(proposalId);
    }

    /// @dev Reverts `GovernorClockNotTimestamp` unless the votes source reports `mode=timestamp` and the time now.
    function _requireTimestampClock(IERC6372 votes) private view {
        string memory clockMode;
        try votes.CLOCK_MODE() returns (string memory mode) {
            clockMode = mode;
        } catch {
            clockMode = "";
        }
        if (keccak256(bytes(clockMode)) != _TIMESTAMP_CLOCK_MODE || votes.clock() != Time.timestamp()) {
            revert GovernorClockNotTimestamp(clockMode);
        }
    }

    /// @dev Rejects a delay below `MIN_VOTING_DELAY`, both at construction and when governance changes it.
    function _setVotingDelay(uint48 newVotingDelay) internal override {
        if (newVotingDelay < MIN_VOTING_DELAY) revert GovernorVotingDelayTooShort(newVotingDelay, MIN_VOTING_DELAY);
        super._setVotingDelay(newVotingDelay);
    }

    /// @dev Records the new numerator in OpenZeppelin's history and in the one-slot mirror of the latest quorum.
    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal override {
        if (newQuorumNumerator > MAX_QUORUM_PERCENT) {
            revert GovernorQuorumNumeratorTooHigh(newQuorumNumerator, MAX_QUORUM_PERCENT);
        }
        super._updateQuorumNumerator(newQuorumNumerator);
        // At most MAX_QUORUM_PERCENT, checked above.
        _latestQuorum = LatestQuorum(clock(), uint16(newQuorumNumerator), _latestQuorum.floor);
    }

    function _setVotingRewards(address rewards) private {
        emit VotingRewardsSet(_votingRewards, rewards);
        _votingRewards = rewards;
    }

    /// @dev Validates and records a new floor in its history and in the one-slot mirror of the latest quorum.
    function _updateQuorumFloor(uint256 newQuorumFloor) private {
        if (newQuorumFloor == 0) revert GovernorQuorumFloorZero();
        if (newQuorumFloor > type(uint192).max) revert GovernorQuorumFloorTooHigh(newQuorumFloor, type(uint192).max);
        uint256 oldQuorumFloor = _quorumFloorHistory.latest();
        uint48 now_ = clock();
        _quorumFloorHistory.push(now_, uint208(newQuorumFloor));
        _latestQuorum = LatestQuorum(now_, _latestQuorum.numerator, uint192(newQuorumFloor));
        emit QuorumFloorUpdated(oldQuorumFloor, newQuorumFloor);
    }

    /// @dev Extends the deadline (once) when a vote reaches quorum late.
    function _tallyUpdated(uint256 proposalId) internal virtual override(Governor, GovernorPreventLateQuorum) {
        super._tallyUpdated(proposalId);
    }

    /// @dev Schedules the proposal's calls on the timelock.
    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    /// @dev Executes the proposal's calls through the timelock.
    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    /// @dev Cancels the proposal and, if queued, its timelock operation.
    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    /// @dev The timelock executes proposals, so it is the address `onlyGovernance` functions accept.
    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
