// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {IRewardedGovernor} from "./interfaces/IRewardedGovernor.sol";
import {IVotingRewards} from "./interfaces/IVotingRewards.sol";

/// @title VotingRewards
/// @notice Rewards for voting in one Quartet governor house, funded per epoch by the treasury and pulled by voters.
/// @dev One instance per house. Weights are the governor's vote receipts (the weight it counted, at the snapshot);
///      a secret-ballot house records a voter only on reveal, so only revealed votes earn. A claim marks each receipt
///      rewarded in the governor (`markRewarded`, one write to the slot the vote wrote): no storage of this contract
///      is written per voter, so a voter's first claim costs what a later one does.
/// @custom:security-contact security@quartet.example
contract VotingRewards is IVotingRewards, AccessManaged, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev What is left of an epoch: its funds not yet paid and its registered weight not yet claimed. Each claim
    ///      takes `funds left × its weight ÷ weight left` and subtracts both, so shares stay pro rata (rounding
    ///      down, each claim's dust goes to the later ones), the last claim takes exactly the rest, and the funds
    ///      still owed are known when the governor stops naming this contract (see `reclaim`).
    struct Epoch {
        uint128 funded;
        uint128 weight;
    }

    /// @notice The governor whose votes earn rewards.
    IGovernor public immutable GOVERNOR;
    /// @notice The token rewards are paid in.
    IERC20 public immutable REWARD_TOKEN;
    /// @notice The start of epoch 0.
    uint48 public immutable ORIGIN;
    /// @notice Seconds per epoch.
    uint48 public immutable EPOCH_LENGTH;
    /// @notice Seconds after an epoch's end before its claims open: registration time for its last proposals.
    uint48 public immutable SETTLEMENT_PERIOD;

    uint256 private _epochBudgetCap;
    mapping(uint256 epoch => Epoch) private _epochs;
    /// @dev A registered proposal's epoch plus one (0: not registered).
    mapping(uint256 proposalId => uint256 epochPlusOne) private _registrations;

    /// @notice Deploys the rewards of one house.
    /// @param authority The AccessManager (TREASURY funds and reclaims, ADMIN sets the cap).
    /// @param governor The house's governor (QuartetGovernor: vote receipts, `markRewarded` for this contract once the
    ///        deployment or governance names it).
    /// @param rewardToken The ERC-20 rewards are paid in (a plain token: no fee on transfer, no rebasing).
    /// @param epochLength Seconds per epoch; not zero.
    /// @param settlementPeriod Seconds after an epoch before claims open; at least the house's voting period, its
    ///        late-quorum extension and any reveal period, or the epoch's last proposals cannot be registered.
    /// @param epochBudgetCap_ The most an epoch may be funded with.
    constructor(
        address authority,
        IGovernor governor,
        IERC20 rewardToken,
        uint48 epochLength,
        uint48 settlementPeriod,
        uint256 epochBudgetCap_
    ) AccessManaged(authority) {
        if (epochLength == 0) revert RewardsZeroEpochLength();
        GOVERNOR = governor;
        REWARD_TOKEN = rewardToken;
        ORIGIN = Time.timestamp();
        EPOCH_LENGTH = epochLength;
        SETTLEMENT_PERIOD = settlementPeriod;
        _setEpochBudgetCap(epochBudgetCap_);
    }

    /// @inheritdoc IVotingRewards
    function setEpochBudgetCap(uint256 newCap) external override restricted {
        _setEpochBudgetCap(newCap);
    }

    /// @inheritdoc IVotingRewards
    function fund(uint256 epoch, uint256 amount) external override restricted nonReentrant {
        if (amount == 0) revert RewardsZeroAmount();
        address wired = IRewardedGovernor(address(GOVERNOR)).votingRewards();
        if (wired != address(this)) revert RewardsNotWired(wired);
        uint256 openAt = claimsOpenAt(epoch);
        if (Time.timestamp() >= openAt) revert RewardsEpochSettled(epoch, openAt);
        Epoch storage e = _epochs[epoch];
        uint256 funded = e.funded + amount;
        if (funded > _epochBudgetCap) revert RewardsBudgetExceeded(epoch, funded, _epochBudgetCap);
        e.funded = uint128(funded); // ≤ cap ≤ type(uint128).max
        emit EpochFunded(epoch, msg.sender, amount, funded);
        uint256 balanceBefore = REWARD_TOKEN.balanceOf(address(this));
        REWARD_TOKEN.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = REWARD_TOKEN.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert RewardsTransferMismatch(amount, received);
    }

    /// @inheritdoc IVotingRewards
    function reclaim(uint256 epoch, address to) external override restricted nonReentrant {
        uint256 openAt = claimsOpenAt(epoch);
        if (Time.timestamp() < openAt) revert RewardsEpochNotSettled(epoch, openAt);
        Epoch storage e = _epochs[epoch];
        // Votes own the funds while they can be claimed; once the governor names another VotingRewards (or none),
        // `markRewarded` refuses this contract and every claim fails, so what is left goes back to the treasury.
        if (e.weight != 0 && IRewardedGovernor(address(GOVERNOR)).votingRewards() == address(this)) {
            revert RewardsEpochHasVoters(epoch, e.weight);
        }
        uint256 amount = e.funded;
        e.funded = 0;
        emit EpochReclaimed(epoch, to, amount);
        if (amount != 0) REWARD_TOKEN.safeTransfer(to, amount);
    }

    /// @inheritdoc IVotingRewards
    function registerProposal(uint256 proposalId) external override {
        uint256 snapshot = GOVERNOR.proposalSnapshot(proposalId);
        if (snapshot == 0) revert RewardsUnknownProposal(proposalId);
        if (snapshot < ORIGIN) revert RewardsProposalBeforeOrigin(proposalId, snapshot, ORIGIN);
        if (_registrations[proposalId] != 0) revert RewardsProposalAlreadyRegistered(proposalId);
        uint256 deadline = GOVERNOR.proposalDeadline(proposalId);
        if (Time.timestamp() <= deadline) revert RewardsVotingNotOver(proposalId, deadline);
        uint256 epoch = epochOf(snapshot);
        uint256 openAt = claimsOpenAt(epoch);
        if (Time.timestamp() >= openAt) revert RewardsEpochSettled(epoch, openAt);

        (uint256 against, uint256 for_, uint256 abstain) = IRewardedGovernor(address(GOVERNOR)).proposalVotes(
            proposalId
        );
        uint256 weight = against + for_ + abstain;
        // Only a proposal that drew a quorum's turnout shares the budget: a proposer cannot farm it with proposals
        // nobody else votes on (in the Citizens' House the floor is a number of people).
        uint256 quorum = GOVERNOR.quorum(snapshot);
        if (weight < quorum) revert RewardsQuorumNotReached(proposalId, weight, quorum);
        _registrations[proposalId] = epoch + 1;
        Epoch storage e = _epochs[epoch];
        e.weight = SafeCast.toUint128(e.weight + weight);
        emit ProposalRegistered(proposalId, epoch, weight);
    }

    /// @inheritdoc IVotingRewards
    function claim(uint256 epoch, uint256[] calldata proposalIds) external override nonReentrant returns (uint256) {
        _requireSettled(epoch);
        uint256 weight;
        uint256 previous;
        for (uint256 i = 0; i < proposalIds.length; ++i) {
            uint256 proposalId = proposalIds[i];
            previous = _checkListed(proposalId, previous, i, epoch);
            (bool voted, bool alreadyRewarded, uint256 w) = IRewardedGovernor(address(GOVERNOR)).markRewarded(
                proposalId,
                msg.sender
            );
            if (!voted) revert RewardsDidNotVote(msg.sender, proposalId);
            if (alreadyRewarded) revert RewardsAlreadyClaimed(msg.sender, proposalId);
            weight += w;
        }
        Epoch storage e = _epochs[epoch];
        (uint256 funded, uint256 left) = (e.funded, e.weight);
        // weight ≤ left: each receipt is claimed once and its weight is part of the registered total. The same
        // formula as `_share`, on the values already read (one storage read, not two).
        uint256 amount = left == 0 ? 0 : (funded * weight) / left;
        (e.funded, e.weight) = (uint128(funded - amount), uint128(left - weight));
        emit RewardClaimed(msg.sender, epoch, weight, amount);
        if (amount != 0) REWARD_TOKEN.safeTransfer(msg.sender, amount);
        return amount;
    }

    /// @inheritdoc IVotingRewards
    function claimable(
        address voter,
        uint256 epoch,
        uint256[] calldata proposalIds
    ) external view override returns (uint256 amount) {
        _requireSettled(epoch);
        uint256 weight;
        uint256 previous;
        for (uint256 i = 0; i < proposalIds.length; ++i) {
            uint256 proposalId = proposalIds[i];
            previous = _checkListed(proposalId, previous, i, epoch);
            (bool voted, bool rewarded, uint256 w) = IRewardedGovernor(address(GOVERNOR)).voteReceipt(
                proposalId,
                voter
            );
            if (!voted) revert RewardsDidNotVote(voter, proposalId);
            if (!rewarded) weight += w;
        }
        return _share(epoch, weight);
    }

    /// @inheritdoc IVotingRewards
    function epochOf(uint256 timepoint) public view override returns (uint256) {
        return (timepoint - ORIGIN) / EPOCH_LENGTH;
    }

    /// @inheritdoc IVotingRewards
    function claimsOpenAt(uint256 epoch) public view override returns (uint256) {
        return ORIGIN + (epoch + 1) * EPOCH_LENGTH + SETTLEMENT_PERIOD;
    }

    /// @inheritdoc IVotingRewards
    function epochInfo(uint256 epoch) external view override returns (uint256 funded, uint256 weight) {
        Epoch storage e = _epochs[epoch];
        return (e.funded, e.weight);
    }

    /// @inheritdoc IVotingRewards
    function proposalEpoch(uint256 proposalId) external view override returns (bool registered, uint256 epoch) {
        uint256 plusOne = _registrations[proposalId];
        return plusOne == 0 ? (false, 0) : (true, plusOne - 1);
    }

    /// @inheritdoc IVotingRewards
    function hasClaimed(address voter, uint256 proposalId) external view override returns (bool) {
        (, bool rewarded, ) = IRewardedGovernor(address(GOVERNOR)).voteReceipt(proposalId, voter);
        return rewarded;
    }

    /// @inheritdoc IVotingRewards
    function epochBudgetCap() external view override returns (uint256) {
        return _epochBudgetCap;
    }

    /// @dev Reverts unless the epoch's claims are open (its weight is final).
    function _requireSettled(uint256 epoch) private view {
        uint256 openAt = claimsOpenAt(epoch);
        if (Time.timestamp() < openAt) revert RewardsEpochNotSettled(epoch, openAt);
    }

    /// @dev Checks the `i`-th listed proposal: strictly above the previous one, registered in `epoch`. Returns it.
    function _checkListed(
        uint256 proposalId,
        uint256 previous,
        uint256 i,
        uint256 epoch
    ) private view returns (uint256) {
        if (i != 0 && proposalId <= previous) revert RewardsProposalsNotIncreasing(proposalId);
        if (_registrations[proposalId] != epoch + 1) revert RewardsProposalNotInEpoch(proposalId, epoch);
        return proposalId;
    }

    /// @dev `weight`'s share of what is left of the epoch's funds, rounded down: what a claim would pay now.
    function _share(uint256 epoch, uint256 weight) private view returns (uint256) {
        Epoch memory e = _epochs[epoch];
        return e.weight == 0 ? 0 : (uint256(e.funded) * weight) / e.weight;
    }

    function _setEpochBudgetCap(uint256 newCap) private {
        if (newCap > type(uint128).max) revert RewardsCapTooLarge(newCap, type(uint128).max);
        emit EpochBudgetCapSet(_epochBudgetCap, newCap);
        _epochBudgetCap = newCap;
    }
}
