// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IVotingRewards
/// @notice Rewards for taking part in one governor house. Time is cut into epochs of `EPOCH_LENGTH` seconds from
///         `ORIGIN`; a proposal belongs to the epoch of its snapshot. The treasury (TREASURY role: the token house's
///         timelock) funds an epoch, at most `epochBudgetCap()` in all. After voting ends anyone registers the
///         epoch's proposals (adding their total votes cast to the epoch's weight); once the epoch and its
///         settlement period are over, each voter pulls `funded × own weight ÷ epoch weight`.
/// @dev Weights are what the governor counted: the weight in the voter's receipt (its votes at the snapshot), and
///      each receipt is marked rewarded in the governor when claimed, so a vote is paid once. Votes at a past snapshot never change, so transfers and re-delegations after it
///      move nothing, and splitting votes across addresses before it splits the same weight. In the token house the
///      share is by weight; in the Citizens' House every verified person weighs one, so the share is one equal part
///      per person. A proposal whose voting ends after the settlement period cannot be registered and earns
///      nothing; rounding is down, so the sum of claims never exceeds the funds.
/// @custom:security-contact security@quartet.example
interface IVotingRewards {
    /// @notice Thrown when funding would take an epoch above the budget cap.
    /// @param epoch The epoch.
    /// @param funded What the epoch would hold.
    /// @param cap The per-epoch cap.
    error RewardsBudgetExceeded(uint256 epoch, uint256 funded, uint256 cap);

    /// @notice Thrown when claiming or reclaiming an epoch before its claims open (its weight is not final).
    /// @param epoch The epoch.
    /// @param claimsOpenAt When its claims open.
    error RewardsEpochNotSettled(uint256 epoch, uint256 claimsOpenAt);

    /// @notice Thrown when funding an epoch, or registering one of its proposals, once its claims are open.
    /// @param epoch The epoch.
    /// @param claimsOpenAt When its claims opened.
    error RewardsEpochSettled(uint256 epoch, uint256 claimsOpenAt);

    /// @notice Thrown when registering a proposal the governor does not know.
    /// @param proposalId The proposal.
    error RewardsUnknownProposal(uint256 proposalId);

    /// @notice Thrown when registering a proposal whose voting (and reveal) is not over.
    /// @param proposalId The proposal.
    /// @param deadline Its deadline.
    error RewardsVotingNotOver(uint256 proposalId, uint256 deadline);

    /// @notice Thrown when registering a proposal whose turnout (for, against and abstain) is below its quorum.
    /// @param proposalId The proposal.
    /// @param turnout Its votes.
    /// @param quorum The quorum at its snapshot.
    error RewardsQuorumNotReached(uint256 proposalId, uint256 turnout, uint256 quorum);

    /// @notice Thrown when registering a proposal a second time.
    /// @param proposalId The proposal.
    error RewardsProposalAlreadyRegistered(uint256 proposalId);

    /// @notice Thrown when a claim names a proposal not registered in the claimed epoch.
    /// @param proposalId The proposal.
    /// @param epoch The claimed epoch.
    error RewardsProposalNotInEpoch(uint256 proposalId, uint256 epoch);

    /// @notice Thrown when a claim's proposal ids are not strictly increasing (a repeated id would count twice).
    /// @param proposalId The id out of order.
    error RewardsProposalsNotIncreasing(uint256 proposalId);

    /// @notice Thrown when a claim names a proposal the voter did not vote on.
    /// @param voter The claimer.
    /// @param proposalId The proposal.
    error RewardsDidNotVote(address voter, uint256 proposalId);

    /// @notice Thrown when a claim names a proposal whose vote the claimer has already been paid for.
    /// @param voter The claimer.
    /// @param proposalId The proposal.
    error RewardsAlreadyClaimed(address voter, uint256 proposalId);

    /// @notice Thrown when reclaiming an epoch whose voters can still claim (its funds belong to them): registered
    ///         weight is left unclaimed and the governor names this contract its VotingRewards.
    /// @param epoch The epoch.
    /// @param weight The epoch's registered weight not yet claimed.
    error RewardsEpochHasVoters(uint256 epoch, uint256 weight);

    /// @notice Thrown when funding while the governor does not name this contract its VotingRewards (claims would
    ///         fail until governance wires it).
    /// @param votingRewards The governor's VotingRewards.
    error RewardsNotWired(address votingRewards);

    /// @notice Thrown when funding with a zero amount.
    error RewardsZeroAmount();

    /// @notice Thrown at construction for an epoch length of zero.
    error RewardsZeroEpochLength();

    /// @notice Thrown when a budget cap does not fit the epoch's 128-bit funds.
    /// @param cap The rejected cap.
    /// @param maxCap The largest accepted cap.
    error RewardsCapTooLarge(uint256 cap, uint256 maxCap);

    /// @notice Thrown when the reward token delivers a different amount than was sent (fee on transfer).
    /// @param expected The amount sent.
    /// @param received The amount that arrived.
    error RewardsTransferMismatch(uint256 expected, uint256 received);

    /// @notice Thrown when registering a proposal whose snapshot precedes the rewards' first epoch.
    /// @param proposalId The proposal.
    /// @param snapshot Its snapshot.
    /// @param origin The start of epoch 0.
    error RewardsProposalBeforeOrigin(uint256 proposalId, uint256 snapshot, uint256 origin);

    /// @notice Emitted when governance sets the per-epoch budget cap.
    /// @param oldCap The previous cap.
    /// @param newCap The new cap, in reward-token units.
    event EpochBudgetCapSet(uint256 oldCap, uint256 newCap);

    /// @notice Emitted when an epoch is funded.
    /// @param epoch The epoch.
    /// @param funder Who paid.
    /// @param amount The amount added.
    /// @param funded The epoch's funds after it.
    event EpochFunded(uint256 indexed epoch, address indexed funder, uint256 amount, uint256 funded);

    /// @notice Emitted when a proposal's votes join its epoch's weight.
    /// @param proposalId The proposal.
    /// @param epoch Its epoch.
    /// @param weight Its total votes cast (for + against + abstain).
    event ProposalRegistered(uint256 indexed proposalId, uint256 indexed epoch, uint256 weight);

    /// @notice Emitted when a voter claims an epoch.
    /// @param voter The claimer (and recipient).
    /// @param epoch The epoch.
    /// @param weight The voter's weight over the claimed proposals.
    /// @param amount The reward paid.
    event RewardClaimed(address indexed voter, uint256 indexed epoch, uint256 weight, uint256 amount);

    /// @notice Emitted when the treasury takes back what is left of a settled epoch's funds.
    /// @param epoch The epoch.
    /// @param to The recipient.
    /// @param amount The funds returned.
    event EpochReclaimed(uint256 indexed epoch, address indexed to, uint256 amount);

    /// @notice Sets the most an epoch may be funded with; restricted (ADMIN).
    /// @param newCap The cap, in reward-token units.
    function setEpochBudgetCap(uint256 newCap) external;

    /// @notice Adds `amount` of the reward token, pulled from the caller, to `epoch`; restricted (TREASURY). Allowed
    ///         until the epoch's claims open.
    /// @param epoch The epoch.
    /// @param amount The amount; the epoch's total stays within the cap.
    function fund(uint256 epoch, uint256 amount) external;

    /// @notice Returns what is left of a settled epoch's funds; restricted (TREASURY). Allowed when no registered
    ///         weight is left unclaimed (nobody voted, or everyone claimed: rounding dust), or when the governor no
    ///         longer names this contract its VotingRewards, so no claim can succeed (the Citizens' House re-pointing
    ///         its rewards cannot strand the treasury's funds). Claims after such a reclaim pay nothing.
    /// @param epoch The epoch.
    /// @param to The recipient.
    function reclaim(uint256 epoch, address to) external;

    /// @notice Adds a proposal's total votes to its epoch's weight; anyone, once its voting is over and before its
    ///         epoch's claims open, for a proposal whose turnout reached its quorum.
    /// @param proposalId The proposal.
    function registerProposal(uint256 proposalId) external;

    /// @notice Pays the caller its share of `epoch` for its votes on `proposalIds` (strictly increasing, each
    ///         registered in the epoch, each voted on by the caller and not yet claimed). Each vote is paid once; a
    ///         proposal left out may be claimed later (listing them together costs less gas and loses less to
    ///         rounding).
    /// @param epoch The epoch.
    /// @param proposalIds The proposals the caller voted on.
    /// @return amount The reward paid.
    function claim(uint256 epoch, uint256[] calldata proposalIds) external returns (uint256 amount);

    /// @notice What `voter`'s not yet claimed votes among `proposalIds` would pay now (claimed ones count 0); reverts
    ///         like `claim` for an invalid list.
    /// @param voter The voter.
    /// @param epoch The epoch.
    /// @param proposalIds The proposals.
    /// @return amount The reward.
    function claimable(address voter, uint256 epoch, uint256[] calldata proposalIds) external view returns (uint256);

    /// @notice The epoch of a timepoint (a proposal's snapshot).
    /// @param timepoint An ERC-6372 timestamp at or after `ORIGIN`.
    /// @return The epoch number.
    function epochOf(uint256 timepoint) external view returns (uint256);

    /// @notice When an epoch's claims open: its end plus the settlement period.
    /// @param epoch The epoch.
    /// @return The timestamp.
    function claimsOpenAt(uint256 epoch) external view returns (uint256);

    /// @notice What is left of an epoch: its funds not yet paid out and its registered weight not yet claimed
    ///         (before claims open, all it was funded with and Σ total votes of its registered proposals).
    /// @param epoch The epoch.
    /// @return funded The reward-token funds left.
    /// @return weight The registered weight left unclaimed.
    function epochInfo(uint256 epoch) external view returns (uint256 funded, uint256 weight);

    /// @notice The epoch a proposal is registered in.
    /// @param proposalId The proposal.
    /// @return registered Whether it is registered.
    /// @return epoch Its epoch (0 when not registered).
    function proposalEpoch(uint256 proposalId) external view returns (bool registered, uint256 epoch);

    /// @notice Whether `voter` has been paid for its vote on `proposalId`.
    /// @param voter The voter.
    /// @param proposalId The proposal.
    /// @return True once claimed.
    function hasClaimed(address voter, uint256 proposalId) external view returns (bool);

    /// @notice The most an epoch may be funded with.
    /// @return The cap, in reward-token units.
    function epochBudgetCap() external view returns (uint256);
}
