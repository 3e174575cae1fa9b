// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title GovernorCountingReceipts
/// @notice OpenZeppelin's GovernorCountingSimple (Bravo support, quorum = for + abstain, `proposalVotes`) with one
///         difference: each voter's receipt keeps the weight counted and a "rewarded" mark in the slot the vote
///         already writes, so a rewards contract can pay and mark a vote without a fresh storage slot of its own.
/// @dev The receipt is one slot (voted, rewarded, weight): a vote writes it once (the same zero-to-nonzero write as
///      CountingSimple's `hasVoted`), marking it rewarded is a nonzero-to-nonzero write.
/// @custom:security-contact security@quartet.example
abstract contract GovernorCountingReceipts is Governor {
    /// @dev Supported vote types. Matches Governor Bravo ordering.
    enum VoteType {
        Against,
        For,
        Abstain
    }

    struct Receipt {
        bool voted;
        bool rewarded;
        uint208 weight;
    }

    struct ProposalVote {
        uint256 againstVotes;
        uint256 forVotes;
        uint256 abstainVotes;
        mapping(address voter => Receipt) receipts;
    }

    mapping(uint256 proposalId => ProposalVote) private _proposalVotes;

    /// @inheritdoc IGovernor
    function COUNTING_MODE() public pure virtual override returns (string memory) {
        // solhint-disable-previous-line func-name-mixedcase
        return "support=bravo&quorum=for,abstain";
    }

    /// @inheritdoc IGovernor
    function hasVoted(uint256 proposalId, address account) public view virtual override returns (bool) {
        return _proposalVotes[proposalId].receipts[account].voted;
    }

    /// @notice A proposal's tallies.
    /// @param proposalId The proposal.
    /// @return againstVotes Votes against.
    /// @return forVotes Votes for.
    /// @return abstainVotes Abstentions.
    function proposalVotes(
        uint256 proposalId
    ) public view virtual returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        ProposalVote storage proposalVote = _proposalVotes[proposalId];
        return (proposalVote.againstVotes, proposalVote.forVotes, proposalVote.abstainVotes);
    }

    /// @notice A voter's receipt on a proposal.
    /// @param proposalId The proposal.
    /// @param voter The voter.
    /// @return voted Whether the vote was counted.
    /// @return rewarded Whether the rewards contract has paid for it.
    /// @return weight The weight counted (the voter's votes at the snapshot).
    function voteReceipt(
        uint256 proposalId,
        address voter
    ) public view virtual returns (bool voted, bool rewarded, uint256 weight) {
        Receipt memory r = _proposalVotes[proposalId].receipts[voter];
        return (r.voted, r.rewarded, r.weight);
    }

    /// @dev Marks a counted, not yet rewarded vote as rewarded and returns the receipt as it was before.
    function _markRewarded(
        uint256 proposalId,
        address voter
    ) internal returns (bool voted, bool alreadyRewarded, uint256 weight) {
        Receipt storage slot = _proposalVotes[proposalId].receipts[voter];
        Receipt memory r = slot;
        if (r.voted && !r.rewarded) slot.rewarded = true;
        return (r.voted, r.rewarded, r.weight);
    }

    /// @dev Quorum counts for and abstain votes.
    function _quorumReached(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalVote storage proposalVote = _proposalVotes[proposalId];
        return quorum(proposalSnapshot(proposalId)) <= proposalVote.forVotes + proposalVote.abstainVotes;
    }

    /// @dev The for votes must be strictly over the against votes.
    function _voteSucceeded(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalVote storage proposalVote = _proposalVotes[proposalId];
        return proposalVote.forVotes > proposalVote.againstVotes;
    }

    /// @dev Counts a vote: support follows `VoteType`; the receipt records the weight (at most uint208, the ERC-5805 checkpoints').
    function _countVote(
        uint256 proposalId,
        address account,
        uint8 support,
        uint256 totalWeight,
        bytes memory // params
    ) internal virtual override returns (uint256) {
        ProposalVote storage proposalVote = _proposalVotes[proposalId];
        if (proposalVote.receipts[account].voted) revert GovernorAlreadyCastVote(account);
        proposalVote.receipts[account] = Receipt({
            voted: true,
            rewarded: false,
            weight: SafeCast.toUint208(totalWeight)
        });

        if (support == uint8(VoteType.Against)) {
            proposalVote.againstVotes += totalWeight;
        } else if (support == uint8(VoteType.For)) {
            proposalVote.forVotes += totalWeight;
        } else if (support == uint8(VoteType.Abstain)) {
            proposalVote.abstainVotes += totalWeight;
        } else {
            revert GovernorInvalidVoteType();
        }
        return totalWeight;
    }
}
