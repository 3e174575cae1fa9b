// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IGovernorSecretBallot} from "./interfaces/IGovernorSecretBallot.sol";
import {QuartetGovernor} from "./QuartetGovernor.sol";

/// @title QuartetSecretGovernor
/// @notice A Quartet governor house with a secret ballot: commit during the voting period, reveal after it; only
///         revealed votes count. Either house may be deployed with it.
/// @dev QuartetGovernor (quorum floor, timestamp clock, timelock) with IGovernorSecretBallot. The commit period is
///      OpenZeppelin's voting period (from the snapshot to `votingPeriod` later, extended once by a late quorum of
///      commitments); `proposalDeadline` adds `revealPeriod`, so the proposal reads Active until the reveals are over.
/// @custom:security-contact security@quartet.example
contract QuartetSecretGovernor is QuartetGovernor, IGovernorSecretBallot {
    /// @notice The EIP-712 struct of `commitVoteBySig`.
    bytes32 public constant COMMITMENT_TYPEHASH = // solhint-disable-next-line gas-small-strings
    keccak256("Commitment(uint256 proposalId,address voter,bytes32 commitment,uint256 nonce)");

    struct CommitTally {
        uint208 weight;
        uint48 extendedCommitDeadline; // 0: not extended
    }

    uint48 private immutable _REVEAL_PERIOD;

    mapping(uint256 proposalId => mapping(address voter => bytes32)) private _commitments;
    mapping(uint256 proposalId => CommitTally) private _commitTallies;

    /// @notice Deploys a secret-ballot house; the parameters are QuartetGovernor's, then the reveal period.
    /// @param name_ The house's name and EIP-712 domain name.
    /// @param token_ The votes source (ERC-5805, timestamp clock).
    /// @param timelock_ The house's TimelockController.
    /// @param settings The voting delay, commit period (votingPeriod) and late-quorum extension, in seconds.
    /// @param proposalThreshold_ Votes a proposer needs.
    /// @param quorumNumerator_ Quorum as a percentage of the supply at the snapshot.
    /// @param quorumFloor_ The smallest quorum, in votes.
    /// @param revealPeriod_ Seconds of reveal after the commit period; not zero.
    constructor(
        string memory name_,
        IVotes token_,
        TimelockController timelock_,
        uint48[3] memory settings,
        uint256 proposalThreshold_,
        uint256 quorumNumerator_,
        uint256 quorumFloor_,
        uint48 revealPeriod_
    )
        QuartetGovernor(
            name_,
            token_,
            timelock_,
            settings[0],
            SafeCast.toUint32(settings[1]),
            proposalThreshold_,
            quorumNumerator_,
            settings[2],
            quorumFloor_
        )
    {
        if (revealPeriod_ == 0) revert GovernorInvalidRevealPeriod(revealPeriod_);
        _REVEAL_PERIOD = revealPeriod_;
    }

    /// @inheritdoc IGovernorSecretBallot
    function commitVote(uint256 proposalId, bytes32 commitment) external override returns (uint256) {
        return _commitVote(proposalId, _msgSender(), commitment);
    }

    /// @inheritdoc IGovernorSecretBallot
    function commitVoteBySig(
        uint256 proposalId,
        address voter,
        bytes32 commitment,
        bytes calldata signature
    ) external override returns (uint256) {
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(COMMITMENT_TYPEHASH, proposalId, voter, commitment, _useNonce(voter)))
        );
        if (!SignatureChecker.isValidSignatureNow(voter, digest, signature)) revert GovernorInvalidSignature(voter);
        return _commitVote(proposalId, voter, commitment);
    }

    /// @inheritdoc IGovernorSecretBallot
    function revealVote(
        uint256 proposalId,
        address voter,
        uint8 support,
        bytes32 salt
    ) external override returns (uint256) {
        uint256 deadline = _commitDeadline(proposalId);
        if (clock() <= deadline) revert GovernorRevealNotOpen(proposalId, deadline);
        bytes32 commitment = _commitments[proposalId][voter];
        if (commitment == bytes32(0)) revert GovernorNoCommitment(proposalId, voter);
        if (commitment != hashVote(proposalId, voter, support, salt)) {
            revert GovernorCommitmentMismatch(proposalId, voter);
        }
        delete _commitments[proposalId][voter];
        // Governor's own casting (state Active until the reveal period ends, weight at the snapshot, VoteCast).
        return Governor._castVote(proposalId, voter, support, "", _defaultParams());
    }

    /// @inheritdoc IGovernorSecretBallot
    function hashVote(
        uint256 proposalId,
        address voter,
        uint8 support,
        bytes32 salt
    ) public view override returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), proposalId, voter, support, salt));
    }

    /// @inheritdoc IGovernorSecretBallot
    function commitmentOf(uint256 proposalId, address voter) external view override returns (bytes32) {
        return _commitments[proposalId][voter];
    }

    /// @inheritdoc IGovernorSecretBallot
    function commitDeadline(uint256 proposalId) external view override returns (uint256) {
        return _commitDeadline(proposalId);
    }

    /// @inheritdoc IGovernorSecretBallot
    function committedWeight(uint256 proposalId) external view override returns (uint256) {
        return _commitTallies[proposalId].weight;
    }

    /// @inheritdoc IGovernorSecretBallot
    function revealPeriod() external view override returns (uint256) {
        return _REVEAL_PERIOD;
    }

    /// @notice ERC-165, with IGovernorSecretBallot: how tools tell a secret-ballot house from a plain one.
    /// @param interfaceId The interface.
    /// @return Whether this governor implements it.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IGovernorSecretBallot).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @inheritdoc QuartetGovernor
    /// @dev The end of the reveal period: the commit deadline plus `revealPeriod`.
    function proposalDeadline(uint256 proposalId) public view override returns (uint256) {
        return _commitDeadline(proposalId) + _REVEAL_PERIOD;
    }

    /// @dev Direct votes are refused: a vote is counted only through `revealVote`.
    function _castVote(uint256, address, uint8, string memory, bytes memory) internal pure override returns (uint256) {
        revert GovernorSecretBallotCommitRequired();
    }

    /// @dev Reveals never extend the deadline (the commit period would reopen); commitments do, in `_commitVote`.
    function _tallyUpdated(uint256) internal pure override {}

    function _commitVote(uint256 proposalId, address voter, bytes32 commitment) private returns (uint256 weight) {
        if (commitment == bytes32(0)) revert GovernorZeroCommitment();
        _validateStateBitmap(proposalId, _encodeStateBitmap(ProposalState.Active));
        uint256 deadline = _commitDeadline(proposalId);
        if (clock() > deadline) revert GovernorCommitPeriodOver(proposalId, deadline);
        // Nobody has voted yet: votes are counted only by reveals, which start after the commit period.
        if (_commitments[proposalId][voter] != bytes32(0)) revert GovernorAlreadyCommitted(voter);
        _commitments[proposalId][voter] = commitment;

        uint256 snapshot = proposalSnapshot(proposalId);
        weight = _getVotes(voter, snapshot, _defaultParams());
        CommitTally memory tally = _commitTallies[proposalId];
        uint256 committed = tally.weight + weight;
        tally.weight = uint208(committed); // Σ of distinct voters' past votes ≤ the votes supply (uint208)
        // Late quorum of commitments: a surge of participation near the end gives everyone time to respond.
        if (tally.extendedCommitDeadline == 0 && committed >= quorum(snapshot)) {
            uint48 extended = clock() + lateQuorumVoteExtension();
            if (extended > deadline) emit ProposalExtended(proposalId, extended + _REVEAL_PERIOD);
            tally.extendedCommitDeadline = extended;
        }
        _commitTallies[proposalId] = tally;
        emit VoteCommitted(voter, proposalId, commitment, weight);
    }

    /// @dev The proposal's base deadline (snapshot + votingPeriod), or its late-quorum extension.
    function _commitDeadline(uint256 proposalId) private view returns (uint256) {
        return Math.max(super.proposalDeadline(proposalId), _commitTallies[proposalId].extendedCommitDeadline);
    }
}
