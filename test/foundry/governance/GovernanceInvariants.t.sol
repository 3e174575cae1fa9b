// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {QuartetGovernor} from "../../../contracts/governance/QuartetGovernor.sol";
import {QuartetToken} from "../../../contracts/governance/QuartetToken.sol";
import {QuartetInvariantTest} from "../lib/QuartetInvariantTest.sol";
import {console} from "../lib/Vm.sol";
import {GovernanceHandler} from "./GovernanceHandler.sol";

/// @title GovernanceInvariants
/// @notice QuartetToken's vote accounting and QuartetGovernor's tallies under random delegations, transfers and
///         votes around proposals' snapshots.
contract GovernanceInvariants is QuartetInvariantTest {
    uint256 internal constant N = 5;
    uint256 internal constant SUPPLY = 100_000_000e18;

    QuartetToken internal token;
    QuartetGovernor internal governor;
    GovernanceHandler internal handler;
    address[N] internal holders;

    function setUp() public {
        vm.warp(1_750_000_000);
        token = new QuartetToken(address(this), SUPPLY);
        address[] memory none = new address[](0);
        address[] memory anyone = new address[](1);
        TimelockController timelock = new TimelockController(1 days, none, anyone, address(this));
        // deploy/modules/Governance.ts's defaults, with a zero proposal threshold so that anyone may propose.
        governor = new QuartetGovernor("Quartet", token, timelock, 1 days, 5 days, 0, 4, 1 days, 1_000_000e18);
        for (uint256 h; h < N; ++h) {
            holders[h] = vm.addr(0x601D + h);
            token.transfer(holders[h], SUPPLY / N);
        }
        vm.warp(vm.getBlockTimestamp() + 1);
        handler = new GovernanceHandler(token, governor, holders);
        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = GovernanceHandler.transfer.selector;
        selectors[1] = GovernanceHandler.delegate.selector;
        selectors[2] = GovernanceHandler.propose.selector;
        selectors[3] = GovernanceHandler.vote.selector;
        selectors[4] = GovernanceHandler.vote.selector; // twice: votes are what the tallies are made of
        selectors[5] = GovernanceHandler.elapse.selector;
        _target(address(handler), selectors);
    }

    /// @notice Σ votes of all holders = Σ balances of holders who delegated to someone (delegatees are holders).
    function invariant_votesEqualDelegatedBalances() public view {
        (uint256 votes, uint256 delegated, uint256 balances) = (0, 0, 0);
        for (uint256 h; h < N; ++h) {
            votes += token.getVotes(holders[h]);
            balances += token.balanceOf(holders[h]);
            if (token.delegates(holders[h]) != address(0)) delegated += token.balanceOf(holders[h]);
        }
        assertEq(votes, delegated, "sum of votes = sum of delegated balances");
        assertEq(balances, SUPPLY, "supply stays with the holders");
        assertEq(token.totalSupply(), SUPPLY, "fixed supply");
    }

    /// @notice Each proposal's tallies equal the votes its voters had at the snapshot: the governor's counts = the
    ///         ghost tallies = Σ getPastVotes(voter, snapshot) over the holders that voted, ≤ the supply then.
    function invariant_talliesEqualVotesAtSnapshot() public view {
        assertEq(handler.wrongWeights(), 0, "a vote counted another weight than the voter's votes at the snapshot");
        uint256 n = handler.proposalCount();
        for (uint256 p; p < n; ++p) {
            uint256 id = handler.proposals(p);
            (uint256 against, uint256 for_, uint256 abstain) = governor.proposalVotes(id);
            assertEq(against, handler.tally(id, 0), "against = ghost");
            assertEq(for_, handler.tally(id, 1), "for = ghost");
            assertEq(abstain, handler.tally(id, 2), "abstain = ghost");
            uint256 snapshot = governor.proposalSnapshot(id);
            if (snapshot >= vm.getBlockTimestamp()) {
                assertEq(against + for_ + abstain, 0, "votes before the snapshot");
                continue;
            }
            uint256 atSnapshot;
            for (uint256 h; h < N; ++h) {
                if (governor.hasVoted(id, holders[h])) atSnapshot += token.getPastVotes(holders[h], snapshot);
            }
            assertEq(against + for_ + abstain, atSnapshot, "tallies = votes of the voters at the snapshot");
            assertLe(atSnapshot, token.getPastTotalSupply(snapshot), "tallies <= supply at the snapshot");
        }
    }

    /// @notice Prints what the run reached (forge test -vv shows it): calls and successes per action, and the votes
    ///         that carried weight.
    function afterInvariant() public view {
        string[5] memory names = ["transfer", "delegate", "propose", "vote", "elapse"];
        for (uint256 k; k < names.length; ++k) {
            bytes32 key = keccak256(bytes(names[k]));
            console.log(string.concat(names[k], " calls"), handler.calls(key));
            console.log(string.concat(names[k], " ok"), handler.successes(key));
        }
        console.log("weighted votes", handler.weightedVotes());
    }

    function invariant_noUnexpectedRevert() public view {
        if (handler.unexpectedReverts() != 0) {
            revert(
                string.concat(
                    "unexpected revert in ",
                    handler.lastUnexpectedWhere(),
                    ": ",
                    vm.toString(handler.lastUnexpected())
                )
            );
        }
    }
}
