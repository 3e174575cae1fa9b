// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";

import {IIntentExecutor} from "../../../contracts/intents/interfaces/IIntentExecutor.sol";
import {ILendingPool} from "../../../contracts/lending/interfaces/ILendingPool.sol";
import {IntentExecutor} from "../../../contracts/intents/IntentExecutor.sol";
import {InterestRateModel} from "../../../contracts/lending/InterestRateModel.sol";
import {LendingPool} from "../../../contracts/lending/LendingPool.sol";
import {PriceOracle} from "../../../contracts/oracles/PriceOracle.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {QuartetInvariantTest} from "../lib/QuartetInvariantTest.sol";
import {console} from "../lib/Vm.sol";
import {IntentsHandler} from "./IntentsHandler.sol";

/// @title IntentsInvariants
/// @notice The intent executor's invariants over random PAY, SAVE and REPAY intents, executions, batches, cancels,
///         borrows and time, with a real LendingPool (USDC borrowable against WETH) behind SAVE and REPAY.
contract IntentsInvariants is QuartetInvariantTest {
    IntentExecutor internal executor;
    IntentsHandler internal handler;
    MockERC20 internal usdc;
    LendingPool internal pool;
    address[3] internal keepers;

    function setUp() public {
        vm.warp(1_750_000_000);
        AccessManager manager = new AccessManager(address(this));
        PriceOracle oracle = new PriceOracle(address(manager), address(0), 3600);
        pool = new LendingPool(address(manager), oracle);
        executor = new IntentExecutor(address(manager), pool);
        usdc = new MockERC20("USD Coin", "USDC", 6);
        MockERC20 weth = new MockERC20("Wrapped Ether", "WETH", 18);
        // Heartbeats longer than any campaign: prices stay valid while time passes (the lending suite ages them).
        oracle.setFeed(address(usdc), address(new MockV3Aggregator(8, 1e8)), 3650 days);
        oracle.setFeed(address(weth), address(new MockV3Aggregator(8, 3_000e8)), 3650 days);
        // deploy/modules/markets.ts's USDC and WETH parameters and the stable / volatile curves.
        pool.listAsset(address(usdc), _config(new InterestRateModel(0, 1268391679, 19025875190, 0.9e18), 8000, 8500));
        pool.listAsset(address(weth), _config(new InterestRateModel(0, 2219685438, 95129375951, 0.45e18), 8000, 8250));

        uint256[3] memory keys = [uint256(0x0A11CE), 0x0B0B, 0x0CA201];
        keepers = [vm.addr(0x4EE1), vm.addr(0x4EE2), vm.addr(0x4EE3)];
        for (uint256 o; o < 3; ++o) {
            address owner = vm.addr(keys[o]);
            usdc.mint(owner, 1e15);
            weth.mint(owner, 10e18);
            vm.startPrank(owner);
            usdc.approve(address(executor), type(uint256).max);
            // 10 WETH ($30,000) of collateral: up to $24,000 of USDC debt for REPAY intents to repay.
            weth.approve(address(pool), type(uint256).max);
            pool.supply(address(weth), 10e18, owner);
            vm.stopPrank();
        }
        // Liquidity to borrow.
        address lender = vm.addr(0x1E4D);
        usdc.mint(lender, 1e12);
        vm.startPrank(lender);
        usdc.approve(address(pool), type(uint256).max);
        pool.supply(address(usdc), 1e12, lender);
        vm.stopPrank();
        handler = new IntentsHandler(executor, usdc, pool, keys, keepers);

        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = IntentsHandler.sign.selector;
        selectors[1] = IntentsHandler.sign.selector; // twice: more intents to work with
        selectors[2] = IntentsHandler.execute.selector;
        selectors[3] = IntentsHandler.executeBatch.selector;
        selectors[4] = IntentsHandler.cancel.selector;
        selectors[5] = IntentsHandler.invalidateNonce.selector;
        selectors[6] = IntentsHandler.elapse.selector;
        selectors[7] = IntentsHandler.borrow.selector;
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

    /// @notice Runs happen only inside the window, with the owner's signature, and never after a cancel or a nonce
    ///         invalidation; the owner's tokens go only to the recipient, the keeper and (SAVE, REPAY) the pool,
    ///         exactly amount + fee per run.
    function invariant_windowCancelAndPayees() public view {
        assertEq(handler.runsOutsideWindow(), 0, "a run outside [validAfter, validUntil]");
        assertEq(handler.runsAfterCancel(), 0, "a run after cancel / nonce invalidation");
        assertEq(handler.forgedRuns(), 0, "a run with a signature that is not the owner's");
        assertEq(handler.misdirectedPayments(), 0, "owner tokens went elsewhere than recipient + keeper");
        assertEq(handler.unaccountedPayments(), 0, "owners paid another sum than the runs' amount + fee");
        assertEq(usdc.balanceOf(address(executor)), 0, "the executor keeps no tokens (PAY, SAVE or REPAY)");
    }

    /// @notice SAVE credits the owner's supply and REPAY the owner's debt with exactly each run's amount (to within
    ///         the pool's rounding, never in the owner's favour), REPAY never pays more than the debt, and nobody else
    ///         (keeper, recipient, executor) ever holds a position.
    function invariant_saveAndRepayCreditTheOwner() public view {
        assertEq(handler.miscreditedSaves(), 0, "a SAVE credited the owner's supply with another sum than its amount");
        assertEq(handler.miscreditedRepays(), 0, "a REPAY reduced the owner's debt by another sum than its amount");
        assertEq(handler.overRepaid(), 0, "a REPAY paid more than the owner owed");
        address[5] memory others = [keepers[0], keepers[1], keepers[2], handler.recipient(), address(executor)];
        for (uint256 j; j < others.length; ++j) {
            (uint256 supplyShares, uint256 borrowShares) = pool.position(address(usdc), others[j]);
            assertEq(supplyShares + borrowShares, 0, "a keeper, the recipient or the executor holds a position");
        }
    }

    /// @notice Prints the runs per action and the borrows (forge test -vv shows it): SAVE and REPAY must run.
    function afterInvariant() public view {
        console.log("PAY runs", handler.runsByAction(0));
        console.log("SAVE runs", handler.runsByAction(1));
        console.log("REPAY runs", handler.runsByAction(2));
        console.log("borrow ok", handler.successes(keccak256("borrow")));
        console.log("execute calls", handler.calls(keccak256("execute")));
        console.log("execute ok", handler.successes(keccak256("execute")));
        console.log("batch ok", handler.successes(keccak256("executeBatch")));
        console.log("intents", handler.intentCount());
        console.log("refused FeeTooHigh", handler.refusals(IIntentExecutor.FeeTooHigh.selector));
        console.log("refused NotYetValid", handler.refusals(IIntentExecutor.NotYetValid.selector));
        console.log("refused Expired", handler.refusals(IIntentExecutor.Expired.selector));
        console.log("refused NonceUsed", handler.refusals(IIntentExecutor.NonceUsed.selector));
        console.log("refused IntentIsCancelled", handler.refusals(IIntentExecutor.IntentIsCancelled.selector));
        console.log("refused MaxRunsReached", handler.refusals(IIntentExecutor.MaxRunsReached.selector));
        console.log("refused AlreadyRanThisPeriod", handler.refusals(IIntentExecutor.AlreadyRanThisPeriod.selector));
        console.log("refused NothingToRepay", handler.refusals(IIntentExecutor.NothingToRepay.selector));
        console.log("refused empty (out of gas)", handler.refusals(bytes4(0)));
        console.log("refused InvalidSignature", handler.refusals(IIntentExecutor.InvalidSignature.selector));
        console.log("refused MalformedIntent", handler.refusals(IIntentExecutor.MalformedIntent.selector));
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

    /// @notice The handler's SAVE, REPAY and forged-signature paths, driven by hand: a SAVE and a REPAY intent run and
    ///         credit their owner, a forged signature is refused, and every ghost stays at zero (a campaign whose
    ///         handler silently stopped running them would pass).
    function test_handlerRunsSaveAndRepay() public {
        // A hash of amountSeed picks the action: find seeds for a SAVE and a REPAY. shapeSeed 0, 3: one-off;
        // windowSeed 0: valid from now.
        handler.sign(0, _seedFor(IIntentExecutor.Action.SAVE), 0, 0);
        handler.sign(0, _seedFor(IIntentExecutor.Action.REPAY), 3, 0);
        assertTrue(handler.intentAt(0).action == IIntentExecutor.Action.SAVE, "intent 0 is a SAVE");
        assertTrue(handler.intentAt(1).action == IIntentExecutor.Action.REPAY, "intent 1 is a REPAY");
        handler.borrow(0, 1_000e6);
        address owner = handler.intentAt(0).owner;
        uint256 debt = pool.debtBalance(address(usdc), owner);
        assertTrue(debt >= 1e6, "borrowed");
        handler.execute(0, 0, 1); // feeSeed 1: a fee within maxFee
        handler.execute(1, 0, 1);
        assertEq(handler.runsByAction(1), 1, "the SAVE ran");
        assertEq(handler.runsByAction(2), 1, "the REPAY ran");
        uint256 saved = handler.intentAt(0).amount;
        uint256 repaid = handler.intentAt(1).amount < debt ? handler.intentAt(1).amount : debt;
        assertGe(pool.supplyBalance(address(usdc), owner) + 2, saved, "SAVE credited the owner's supply");
        assertLe(pool.supplyBalance(address(usdc), owner), saved, "SAVE credited no more than it paid");
        assertLe(pool.debtBalance(address(usdc), owner), debt - repaid + 1, "REPAY reduced the owner's debt");
        assertGe(pool.debtBalance(address(usdc), owner) + 1, debt - repaid, "REPAY reduced it by no more");
        // A keeper's forged signature on the SAVE's twin (a new one-off): refused, nothing runs.
        handler.sign(0, _seedFor(IIntentExecutor.Action.SAVE), 0, 0);
        uint256 keeperSeed;
        while (uint256(keccak256(abi.encode(keeperSeed, bytes("forge")))) % 8 != 0) ++keeperSeed;
        handler.execute(2, keeperSeed, 1);
        assertEq(handler.refusals(IIntentExecutor.InvalidSignature.selector), 1, "the forged signature is refused");
        assertEq(handler.runsByAction(1), 1, "and the SAVE did not run again");
        invariant_runsWithinMaxRuns();
        invariant_paysAtMostAmountPlusMaxFeePerPeriod();
        invariant_windowCancelAndPayees();
        invariant_saveAndRepayCreditTheOwner();
        invariant_noUnexpectedRevert();
    }

    /// @dev The first amountSeed from 100e6 on for which the handler signs an intent with `action`.
    function _seedFor(IIntentExecutor.Action action) internal pure returns (uint256 seed) {
        uint256 want = action == IIntentExecutor.Action.SAVE ? 2 : 3;
        for (seed = 100e6; uint256(keccak256(abi.encode(seed, bytes("action")))) % 4 != want; ++seed) {}
    }

    function _config(
        InterestRateModel model,
        uint16 ltvBps,
        uint16 thresholdBps
    ) internal pure returns (ILendingPool.AssetConfig memory) {
        return
            ILendingPool.AssetConfig({
                rateModel: model,
                ltvBps: ltvBps,
                liquidationThresholdBps: thresholdBps,
                liquidationBonusBps: 500,
                reserveFactorBps: 1000,
                borrowEnabled: true,
                supplyCap: 0,
                borrowCap: 0
            });
    }
}
