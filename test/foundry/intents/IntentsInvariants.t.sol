// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIntentExecutor} from "../../../contracts/intents/interfaces/IIntentExecutor.sol";
import {ILendingPool} from "../../../contracts/lending/interfaces/ILendingPool.sol";
import {IntentExecutor} from "../../../contracts/intents/IntentExecutor.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {QuartetInvariantTest} from "../lib/QuartetInvariantTest.sol";
import {IntentsHandler} from "./IntentsHandler.sol";

/// @title IntentsInvariants
/// @notice The intent executor's invariants over random intents, executions, batches, cancels and time.
///         PAY intents only: they need no pool (SAVE/REPAY go through LendingPool, covered by the lending suite).
contract IntentsInvariants is QuartetInvariantTest {
    IntentExecutor internal executor;
    IntentsHandler internal handler;
    MockERC20 internal usdc;

    function setUp() public {
        vm.warp(1_750_000_000);
        executor = new IntentExecutor(address(0), ILendingPool(address(0)));
        usdc = new MockERC20("USD Coin", "USDC", 6);
        uint256[3] memory keys = [uint256(0x0A11CE), 0x0B0B, 0x0CA201];
        address[3] memory keepers = [vm.addr(0x4EE1), vm.addr(0x4EE2), vm.addr(0x4EE3)];
        for (uint256 o; o < 3; ++o) {
            usdc.mint(vm.addr(keys[o]), 1e15);
            vm.prank(vm.addr(keys[o]));
            usdc.approve(address(executor), type(uint256).max);
        }
        handler = new IntentsHandler(executor, usdc, keys, keepers);

        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = IntentsHandler.sign.selector;
        selectors[1] = IntentsHandler.sign.selector; // twice: more intents to work with
        selectors[2] = IntentsHandler.execute.selector;
        selectors[3] = IntentsHandler.executeBatch.selector;
        selectors[4] = IntentsHandler.cancel.selector;
        selectors[5] = IntentsHandler.invalidateNonce.selector;
        selectors[6] = IntentsHandler.elapse.selector;
        _target(address(handler), selectors);
    }

    /// @notice An intent never runs more than maxRuns times, and the executor counts exactly the runs that happened.
    function invariant_runsWithinMaxRuns() public view {
        uint256 n = handler.intentCount();
        for (uint256 k; k < n; ++k) {
            IIntentExecutor.PaymentIntent memory it = handler.intentAt(k);
            uint256 runs = handler.ghostRuns(k);
            assertLe(runs, it.maxRuns, "runs <= maxRuns");
            if (it.interval != 0) {
                (uint256 counted, , ) = executor.intentState(handler.hashes(k));
                assertEq(counted, runs, "executor's run count = runs executed");
            } else if (runs == 1) {
                assertTrue(executor.nonceUsed(it.owner, it.nonce), "a one-off run spends its nonce");
            }
        }
    }

    /// @notice No intent pays more than amount + maxFee in a period: one run per period, each within the limits,
    ///         and over its life no more than maxRuns × (amount + maxFee).
    function invariant_paysAtMostAmountPlusMaxFeePerPeriod() public view {
        assertEq(handler.doubleRunsInPeriod(), 0, "two runs in one period");
        assertEq(handler.overpaidRuns(), 0, "a run paid more than amount + maxFee");
        uint256 n = handler.intentCount();
        for (uint256 k; k < n; ++k) {
            IIntentExecutor.PaymentIntent memory it = handler.intentAt(k);
            assertLe(handler.ghostPaid(k), uint256(it.maxRuns) * (it.amount + it.maxFee), "life-time payment bound");
        }
    }

    /// @notice Runs happen only inside the window and never after a cancel or a nonce invalidation; the owner's
    ///         tokens go only to the recipient and the keeper, exactly amount + fee per run.
    function invariant_windowCancelAndPayees() public view {
        assertEq(handler.runsOutsideWindow(), 0, "a run outside [validAfter, validUntil]");
        assertEq(handler.runsAfterCancel(), 0, "a run after cancel / nonce invalidation");
        assertEq(handler.misdirectedPayments(), 0, "owner tokens went elsewhere than recipient + keeper");
        assertEq(handler.unaccountedPayments(), 0, "owners paid another sum than the runs' amount + fee");
        assertEq(usdc.balanceOf(address(executor)), 0, "the executor keeps no PAY tokens");
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
