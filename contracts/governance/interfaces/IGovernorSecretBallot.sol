// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGovernorSecretBallot
/// @notice A secret ballot for a Quartet governor house: during the voting period voters only commit to a vote, a
///         hash that binds the governor, the chain, the proposal, the voter, the support and a secret salt; in the
///         reveal period after it anyone holding the salt reveals the vote, which is then counted with the voter's
///         weight at the snapshot and emits `VoteCast` (so Tally-style indexers read the results as usual).
/// @dev Secrecy until the reveal, not anonymity: who committed, when, and with what weight is public; only the
///      direction and the tally are hidden until the reveal. A vote that is not revealed in time does not count.
///      Direct votes (`castVote`, `castVoteBySig`, …) revert `GovernorSecretBallotCommitRequired`.
///      `proposalDeadline` is the end of the reveal period; late-quorum protection applies to commitments: when
///      the weight committed reaches the quorum within `lateQuorumVoteExtension` of the commit deadline, the commit
///      period (and the reveal period with it) is extended once, to `lateQuorumVoteExtension` after that commit.
/// @custom:security-contact security@quartet.example
interface IGovernorSecretBallot {
    /// @notice Thrown when a vote is cast directly on a secret-ballot house.
    error GovernorSecretBallotCommitRequired();

    /// @notice Thrown when a voter commits a second time to the same proposal.
    /// @param voter The voter.
    error GovernorAlreadyCommitted(address voter);

    /// @notice Thrown when committing after the commit period.
    /// @param proposalId The proposal.
    /// @param commitDeadline The last second of its commit period.
    error GovernorCommitPeriodOver(uint256 proposalId, uint256 commitDeadline);

    /// @notice Thrown when revealing before the reveal period.
    /// @param proposalId The proposal.
    /// @param commitDeadline The last second of its commit period; reveals start one second later.
    error GovernorRevealNotOpen(uint256 proposalId, uint256 commitDeadline);

    /// @notice Thrown when revealing a vote the voter did not commit (or already revealed).
    /// @param proposalId The proposal.
    /// @param voter The voter.
    error GovernorNoCommitment(uint256 proposalId, address voter);

    /// @notice Thrown when a revealed vote does not match the voter's commitment.
    /// @param proposalId The proposal.
    /// @param voter The voter.
    error GovernorCommitmentMismatch(uint256 proposalId, address voter);

    /// @notice Thrown at construction for a reveal period of zero.
    /// @param revealPeriod The rejected period.
    error GovernorInvalidRevealPeriod(uint256 revealPeriod);

    /// @notice Thrown when a commitment is zero (reserved for "none").
    error GovernorZeroCommitment();

    /// @notice Emitted when a voter commits to a hidden vote.
    /// @param voter The voter.
    /// @param proposalId The proposal.
    /// @param commitment The vote's hash (`hashVote`).
    /// @param weight The voter's weight at the snapshot (public; the direction is not).
    event VoteCommitted(address indexed voter, uint256 indexed proposalId, bytes32 commitment, uint256 weight);

    /// @notice Commits the caller's hidden vote; only during the commit period (state Active, not after
    ///         `commitDeadline`).
    /// @param proposalId The proposal.
    /// @param commitment `hashVote(proposalId, msg.sender, support, salt)`; not zero.
    /// @return weight The caller's weight at the snapshot.
    function commitVote(uint256 proposalId, bytes32 commitment) external returns (uint256 weight);

    /// @notice Commits `voter`'s hidden vote signed as EIP-712 `Commitment(uint256 proposalId,address voter,bytes32
    ///         commitment,uint256 nonce)` in this governor's domain (ECDSA or ERC-1271); the nonce is the governor's
    ///         `nonces(voter)`, shared with `castVoteBySig`. Reverts `GovernorInvalidSignature` otherwise.
    /// @param proposalId The proposal.
    /// @param voter The signer.
    /// @param commitment The signed commitment.
    /// @param signature The signature.
    /// @return weight The voter's weight at the snapshot.
    function commitVoteBySig(
        uint256 proposalId,
        address voter,
        bytes32 commitment,
        bytes calldata signature
    ) external returns (uint256 weight);

    /// @notice Reveals and counts a committed vote; anyone holding the salt may send it, only during the reveal
    ///         period (after `commitDeadline`, until `proposalDeadline`). Emits `VoteCast`.
    /// @param proposalId The proposal.
    /// @param voter The voter who committed.
    /// @param support 0 against, 1 for, 2 abstain (GovernorCountingSimple).
    /// @param salt The secret the commitment was made with.
    /// @return weight The weight counted: the voter's votes at the snapshot.
    function revealVote(uint256 proposalId, address voter, uint8 support, bytes32 salt) external returns (uint256);

    /// @notice The commitment of a vote: keccak256(abi.encode(chainid, this governor, proposalId, voter, support,
    ///         salt)).
    /// @param proposalId The proposal.
    /// @param voter The voter.
    /// @param support The support.
    /// @param salt A secret of 32 random bytes, kept by the voter until the reveal.
    /// @return The commitment.
    function hashVote(uint256 proposalId, address voter, uint8 support, bytes32 salt) external view returns (bytes32);

    /// @notice A voter's unrevealed commitment (zero: none, or already revealed).
    /// @param proposalId The proposal.
    /// @param voter The voter.
    /// @return The commitment.
    function commitmentOf(uint256 proposalId, address voter) external view returns (bytes32);

    /// @notice The last second of a proposal's commit period (after a late-quorum extension, if any).
    /// @param proposalId The proposal.
    /// @return The timestamp.
    function commitDeadline(uint256 proposalId) external view returns (uint256);

    /// @notice The weight committed so far to a proposal (public: directions are hidden, weights are not).
    /// @param proposalId The proposal.
    /// @return The sum of committers' weights.
    function committedWeight(uint256 proposalId) external view returns (uint256);

    /// @notice Seconds of reveal after the commit period.
    /// @return The reveal period.
    function revealPeriod() external view returns (uint256);
}
