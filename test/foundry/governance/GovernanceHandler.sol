// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

import {QuartetGovernor} from "../../../contracts/governance/QuartetGovernor.sol";
import {QuartetToken} from "../../../contracts/governance/QuartetToken.sol";
import {HandlerBase} from "../lib/QuartetInvariantTest.sol";

/// @title GovernanceHandler
/// @notice Five holders transfer QRT, delegate (to themselves, each other or nobody), propose and vote while time
///         passes, so that transfers and delegations happen before, at and after proposals' snapshots. Ghost tallies
///         record each vote's weight as the governor reported it.
contract GovernanceHandler is HandlerBase {
    uint256 internal constant N = 5;

    QuartetToken public immutable token;
    QuartetGovernor public immutable governor;
    address[N] internal _holders;

    uint256[] public proposals;
    /// @notice Ghost tallies per proposal: [against, for, abstain].
    mapping(uint256 proposalId => uint256[3]) internal _tally;
    /// @notice Votes whose reported weight differed from the voter's votes at the snapshot.
    uint256 public wrongWeights;

    mapping(bytes32 action => uint256) public calls;
    mapping(bytes32 action => uint256) public successes;
    /// @notice Successful votes that carried weight (the voter had votes at the snapshot).
    uint256 public weightedVotes;

    constructor(QuartetToken token_, QuartetGovernor governor_, address[N] memory holders_) {
        token = token_;
        governor = governor_;
        _holders = holders_;
    }

    function holder(uint256 h) external view returns (address) {
        return _holders[h];
    }

    function proposalCount() external view returns (uint256) {
        return proposals.length;
    }

    function tally(uint256 proposalId, uint256 support) external view returns (uint256) {
        return _tally[proposalId][support];
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amountSeed) external {
        ++calls[keccak256("transfer")];
        address from = _holders[fromSeed % N];
        address to = _holders[toSeed % N];
        uint256 balance = token.balanceOf(from);
        uint256 amount = amountSeed % 3 == 0 ? balance : _bound(amountSeed >> 2, 0, balance);
        vm.prank(from);
        token.transfer(to, amount);
        ++successes[keccak256("transfer")];
    }

    /// @notice Delegates to a holder, or (one time in six) to nobody.
    function delegate(uint256 holderSeed, uint256 delegateeSeed) external {
        ++calls[keccak256("delegate")];
        address who = _holders[holderSeed % N];
        address to = delegateeSeed % 6 == 0 ? address(0) : _holders[delegateeSeed % N];
        vm.prank(who);
        token.delegate(to);
        ++successes[keccak256("delegate")];
    }

    function propose(uint256 proposerSeed) external {
        ++calls[keccak256("propose")];
        if (proposals.length >= 12) return;
        address[] memory targets = new address[](1);
        uint256[] memory values = new uint256[](1);
        bytes[] memory data = new bytes[](1);
        targets[0] = address(token);
        data[0] = abi.encodeCall(token.name, ());
        string memory description = string.concat("proposal #", vm.toString(proposals.length));
        vm.prank(_holders[proposerSeed % N]);
        try governor.propose(targets, values, data, description) returns (uint256 id) {
            proposals.push(id);
            ++successes[keccak256("propose")];
        } catch (bytes memory err) {
            _unexpected("propose", err);
        }
    }

    function vote(uint256 voterSeed, uint256 proposalSeed, uint8 supportSeed) external {
        ++calls[keccak256("vote")];
        if (proposals.length == 0) return;
        uint256 id = proposals[proposalSeed % proposals.length];
        address voter = _holders[voterSeed % N];
        uint8 support = supportSeed % 3;
        bool active = governor.state(id) == IGovernor.ProposalState.Active;
        bool voted = governor.hasVoted(id, voter);
        vm.prank(voter);
        try governor.castVote(id, support) returns (uint256 weight) {
            if (weight != token.getPastVotes(voter, governor.proposalSnapshot(id))) ++wrongWeights;
            _tally[id][support] += weight;
            if (weight != 0) ++weightedVotes;
            ++successes[keccak256("vote")];
        } catch (bytes memory err) {
            bytes4 sel = _selector(err);
            bool expected =
                (!active && sel == IGovernor.GovernorUnexpectedProposalState.selector) ||
                    (voted && sel == IGovernor.GovernorAlreadyCastVote.selector);
            if (!expected) _unexpected("vote", err);
        }
    }

    function elapse(uint256 secondsSeed) external {
        ++calls[keccak256("elapse")];
        vm.warp(vm.getBlockTimestamp() + _bound(secondsSeed, 1, 2 days));
        vm.roll(block.number + 1);
        ++successes[keccak256("elapse")];
    }
}
