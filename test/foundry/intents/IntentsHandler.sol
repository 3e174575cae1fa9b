// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIntentExecutor} from "../../../contracts/intents/interfaces/IIntentExecutor.sol";
import {IntentExecutor} from "../../../contracts/intents/IntentExecutor.sol";
import {ILendingPool} from "../../../contracts/lending/interfaces/ILendingPool.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {HandlerBase, Vm} from "../lib/QuartetInvariantTest.sol";

/// @title IntentsHandler
/// @notice Random PAY, SAVE and REPAY intents (one-off and recurring, various windows, fees and run limits) signed by
///         three owners, executed one by one or in batches by three keepers (fees up to and just above maxFee),
///         cancelled, nonce-invalidated, while the owners borrow from the real lending pool (so REPAY has debts to
///         repay) and time passes. Ghost variables count each intent's runs, what its owner paid, and what the pool
///         credited the owner (supply for SAVE, debt repaid for REPAY).
contract IntentsHandler is HandlerBase {
    uint256 internal constant N_OWNERS = 3;
    uint256 internal constant N_KEEPERS = 3;
    uint256 internal constant MAX_INTENTS = 40;
    bytes32 internal constant EXECUTED_TOPIC = keccak256(
        "IntentExecuted(bytes32,address,address,uint256,uint256,uint256)"
    );

    bytes32 internal constant FAILED_TOPIC = keccak256("IntentFailed(bytes32,uint256,bytes)");

    IntentExecutor public immutable executor;
    MockERC20 public immutable token;
    /// @notice The pool that SAVE supplies to and REPAY repays in (the executor's); `token` is listed on it.
    ILendingPool public immutable pool;
    uint256[N_OWNERS] internal _keys;
    address[N_KEEPERS] internal _keepers;
    address public immutable recipient;

    IIntentExecutor.PaymentIntent[] internal _intents;
    bytes[] internal _signatures;
    bytes32[] public hashes;

    // ───────── ghosts, per intent index ─────────
    mapping(uint256 => uint256) public ghostRuns;
    /// @notice Σ (owner's balance drop) over the intent's runs.
    mapping(uint256 => uint256) public ghostPaid;
    /// @notice Runs seen in a period that already had one.
    uint256 public doubleRunsInPeriod;
    /// @notice Runs after cancel or nonce invalidation.
    uint256 public runsAfterCancel;
    /// @notice Runs outside [validAfter, validUntil].
    uint256 public runsOutsideWindow;
    /// @notice A run that paid the owner's tokens to someone other than the recipient and the keeper.
    uint256 public misdirectedPayments;
    /// @notice Calls where the owners' balances fell by another sum than the runs' amount + fee.
    uint256 public unaccountedPayments;
    /// @notice Runs that paid more than the intent's amount + maxFee.
    uint256 public overpaidRuns;
    /// @notice Calls after which an owner's supply grew by another sum than its SAVE runs' amounts (± rounding).
    uint256 public miscreditedSaves;
    /// @notice Calls after which an owner's debt fell by another sum than its REPAY runs' amounts (± rounding).
    uint256 public miscreditedRepays;
    /// @notice Calls whose REPAY runs paid more than the owner owed before.
    uint256 public overRepaid;
    /// @notice Runs of an intent with a signature that is not its owner's.
    uint256 public forgedRuns;
    /// @notice Runs per action (PAY, SAVE, REPAY): a campaign that never ran SAVE or REPAY proves nothing about them.
    uint256[3] public runsByAction;
    mapping(uint256 => bool) public ghostCancelled;
    mapping(uint256 => uint256) internal _lastPeriodPlusOne;

    mapping(bytes32 action => uint256) public calls;
    mapping(bytes32 action => uint256) public successes;
    /// @notice Refusals by error selector (the campaign's metrics: why executions did not run).
    mapping(bytes4 selector => uint256) public refusals;

    constructor(
        IntentExecutor executor_,
        MockERC20 token_,
        ILendingPool pool_,
        uint256[N_OWNERS] memory keys_,
        address[N_KEEPERS] memory keepers_
    ) {
        executor = executor_;
        token = token_;
        pool = pool_;
        _keys = keys_;
        _keepers = keepers_;
        recipient = vm.addr(0xBEEF);
    }

    function intentCount() external view returns (uint256) {
        return _intents.length;
    }

    function intentAt(uint256 k) external view returns (IIntentExecutor.PaymentIntent memory) {
        return _intents[k];
    }

    // ───────── actions ─────────

    /// @notice Signs a new intent: one-off (a third of the time) or recurring every 1 hour … 7 days; half PAY, a quarter
    ///         SAVE, a quarter REPAY.
    function sign(uint256 ownerSeed, uint256 amountSeed, uint256 shapeSeed, uint256 windowSeed) external {
        ++calls[keccak256("sign")];
        if (_intents.length >= MAX_INTENTS) return;
        uint256 key = _keys[ownerSeed % N_OWNERS];
        bool oneOff = shapeSeed % 3 == 0;
        uint256 now_ = vm.getBlockTimestamp();
        // Half open now, half later; windows mostly long enough for several periods.
        uint48 validAfter = uint48(windowSeed % 2 == 0 ? now_ : now_ + _bound(windowSeed, 0, 3 days));
        IIntentExecutor.PaymentIntent memory intent = IIntentExecutor.PaymentIntent({
            owner: vm.addr(key),
            token: address(token),
            recipient: recipient,
            action: _action(_mix(amountSeed, "action")),
            amountMode: IIntentExecutor.AmountMode.FIXED,
            amount: _bound(amountSeed, 1, 1_000e6),
            amountParam: 0,
            maxFee: _bound(amountSeed >> 64, 0, 5e6),
            interval: oneOff ? 0 : uint32(_bound(shapeSeed >> 8, 1 hours, 2 days)),
            maxRuns: oneOff ? 1 : uint32(_bound(shapeSeed >> 40, 1, 6)),
            validAfter: validAfter,
            validUntil: uint48(validAfter + (windowSeed % 5 == 0 ? _bound(windowSeed >> 32, 0, 1 days) : 60 days)),
            condition: address(0),
            conditionData: "",
            nonce: _intents.length + ((ownerSeed >> 8) % 3), // sometimes shared: one-off intents then compete
            receiveToken: address(0),
            swapLimit: 0,
            swapPath: ""
        });
        bytes32 digest = executor.hashIntent(intent);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        _intents.push(intent);
        _signatures.push(abi.encodePacked(r, s, v));
        hashes.push(digest);
        ++successes[keccak256("sign")];
    }

    /// @notice Executes an intent; one time in eight with a signature by another key than the owner's (the keeper
    ///         forging one), which must be refused with InvalidSignature.
    function execute(uint256 indexSeed, uint256 keeperSeed, uint256 feeSeed) external {
        ++calls[keccak256("execute")];
        if (_intents.length == 0) return;
        uint256 k = _aim(indexSeed);
        uint256 fee = _fee(k, feeSeed);
        address keeper = _keepers[keeperSeed % N_KEEPERS];
        bool forged = _mix(keeperSeed, "forge") % 8 == 0;
        bytes memory signature = _signatures[k];
        if (forged) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xBAD, hashes[k]);
            signature = abi.encodePacked(r, s, v);
        }
        uint256[4] memory before = _balances(_intents[k].owner, keeper);
        uint256[6] memory positions = _positions();
        vm.recordLogs();
        vm.prank(keeper);
        try executor.execute(_intents[k], signature, fee) {
            ++successes[keccak256("execute")];
            if (forged) ++forgedRuns;
        } catch (bytes memory err) {
            // The forged signature's refusal; any refusal of the owner's own signature as InvalidSignature is not.
            if (forged && _selector(err) == IIntentExecutor.InvalidSignature.selector) ++refusals[_selector(err)];
            else _refused("execute", err);
        }
        _book(before, positions, keeper);
    }

    function executeBatch(uint256 seedA, uint256 seedB, uint256 seedC, uint256 keeperSeed) external {
        ++calls[keccak256("executeBatch")];
        if (_intents.length == 0) return;
        uint256[3] memory seeds = [seedA, seedB, seedC];
        IIntentExecutor.PaymentIntent[] memory items = new IIntentExecutor.PaymentIntent[](3);
        bytes[] memory sigs = new bytes[](3);
        uint256[] memory fees = new uint256[](3);
        uint64[] memory gasLimits = new uint64[](3);
        for (uint256 j; j < 3; ++j) {
            uint256 k = _aim(seeds[j]); // the same intent may appear twice: the second must fail
            (items[j], sigs[j], fees[j], gasLimits[j]) = (
                _intents[k],
                _signatures[k],
                _fee(k, _mix(seeds[j], "fee")), // a hash: the fuzzer's small seeds would all ask maxFee + 1
                300_000
            );
        }
        address keeper = _keepers[keeperSeed % N_KEEPERS];
        uint256[4] memory before = _balances(address(0), keeper);
        uint256[6] memory positions = _positions();
        vm.recordLogs();
        vm.prank(keeper);
        try executor.executeBatch{gas: 2_000_000}(items, sigs, fees, gasLimits) {
            ++successes[keccak256("executeBatch")];
        } catch (bytes memory err) {
            _refused("executeBatch", err);
        }
        _book(before, positions, keeper);
    }

    function cancel(uint256 indexSeed) external {
        ++calls[keccak256("cancel")];
        if (_intents.length == 0) return;
        uint256 k = indexSeed % _intents.length;
        vm.prank(_intents[k].owner);
        executor.cancel(_intents[k]);
        ghostCancelled[k] = true;
        // A one-off cancel spends the nonce: every one-off intent of that owner with that nonce is dead too.
        if (_intents[k].interval == 0) _killNonce(_intents[k].owner, _intents[k].nonce);
        ++successes[keccak256("cancel")];
    }

    function invalidateNonce(uint256 indexSeed) external {
        ++calls[keccak256("invalidateNonce")];
        if (_intents.length == 0) return;
        uint256 k = indexSeed % _intents.length;
        uint256 nonce = _intents[k].nonce;
        vm.prank(_intents[k].owner);
        executor.invalidateNonces(nonce >> 8, uint256(1) << (nonce & 0xff));
        _killNonce(_intents[k].owner, nonce);
        ++successes[keccak256("invalidateNonce")];
    }

    /// @notice An owner borrows `token` against its collateral (about 1 … 5,000 units), so that REPAY has debt.
    function borrow(uint256 ownerSeed, uint256 amountSeed) external {
        ++calls[keccak256("borrow")];
        address owner = vm.addr(_keys[ownerSeed % N_OWNERS]);
        vm.prank(owner);
        try pool.borrow(address(token), _bound(amountSeed, 1e6, 5_000e6), owner) {
            ++successes[keccak256("borrow")];
        } catch (bytes memory err) {
            bytes4 sel = _selector(err);
            if (sel != ILendingPool.InsufficientCollateral.selector) _unexpected("borrow", err);
        }
    }

    function elapse(uint256 secondsSeed) external {
        ++calls[keccak256("elapse")];
        vm.warp(vm.getBlockTimestamp() + _bound(secondsSeed, 1, 1 days));
        ++successes[keccak256("elapse")];
    }

    // ───────── helpers ─────────

    /// @dev A seed derived from `seed` for another choice (the fuzzer favours small values, whose high bits are 0).
    function _mix(uint256 seed, bytes memory salt) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }

    function _action(uint256 seed) internal pure returns (IIntentExecutor.Action) {
        uint256 pick = seed % 4;
        return
            pick < 2
                ? IIntentExecutor.Action.PAY
                : pick == 2
                    ? IIntentExecutor.Action.SAVE
                    : IIntentExecutor.Action.REPAY;
    }

    /// @dev Three times in four an intent that may run now (live, in its window, runs left), if any.
    function _aim(uint256 seed) internal view returns (uint256) {
        uint256 n = _intents.length;
        uint256 start = seed % n;
        if (seed % 4 == 0) return start;
        uint256 now_ = vm.getBlockTimestamp();
        for (uint256 j; j < n; ++j) {
            uint256 k = (start + j) % n;
            IIntentExecutor.PaymentIntent storage it = _intents[k];
            if (ghostCancelled[k] || ghostRuns[k] >= it.maxRuns) continue;
            if (now_ >= it.validAfter && now_ <= it.validUntil) return k;
        }
        return start;
    }

    /// @dev Mostly a fee within maxFee; one time in six maxFee + 1 (must be refused).
    function _fee(uint256 k, uint256 seed) internal view returns (uint256) {
        uint256 maxFee = _intents[k].maxFee;
        return seed % 6 == 0 ? maxFee + 1 : _bound(seed >> 8, 0, maxFee);
    }

    function _killNonce(address owner, uint256 nonce) internal {
        for (uint256 j; j < _intents.length; ++j) {
            if (_intents[j].owner == owner && _intents[j].nonce == nonce) ghostCancelled[j] = true;
        }
    }

    /// @dev Balances of the three owners (index 0…2) and the payees' — the recipient, the keeper and the pool (SAVE,
    ///      REPAY) — summed in [3].
    function _balances(address, address keeper) internal view returns (uint256[4] memory b) {
        for (uint256 o; o < N_OWNERS; ++o) b[o] = token.balanceOf(vm.addr(_keys[o]));
        b[3] = token.balanceOf(recipient) + token.balanceOf(keeper) + token.balanceOf(address(pool));
    }

    /// @dev Each owner's supply balance (index 0…2) and debt (3…5) of `token` in the pool.
    function _positions() internal view returns (uint256[6] memory p) {
        for (uint256 o; o < N_OWNERS; ++o) {
            p[o] = pool.supplyBalance(address(token), vm.addr(_keys[o]));
            p[N_OWNERS + o] = pool.debtBalance(address(token), vm.addr(_keys[o]));
        }
    }

    function _ownerIndex(address owner) internal view returns (uint256 o) {
        while (vm.addr(_keys[o]) != owner) ++o;
    }

    /// @dev Books every IntentExecuted of the call against its intent's ghosts, and checks what the pool credited.
    function _book(uint256[4] memory before, uint256[6] memory positionsBefore, address keeper) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256[4] memory afterB = _balances(address(0), keeper);
        uint256 ownersPaid;
        for (uint256 o; o < N_OWNERS; ++o) ownersPaid += before[o] - afterB[o];
        if (afterB[3] - before[3] != ownersPaid) ++misdirectedPayments;
        uint256 now_ = vm.getBlockTimestamp();
        uint256 booked;
        // Per owner: Σ SAVE amounts (0…2) and Σ REPAY amounts (3…5) of this call, and their runs (for the rounding).
        uint256[6] memory moved;
        uint256[6] memory runs;
        for (uint256 l; l < logs.length; ++l) {
            if (logs[l].emitter != address(executor)) continue;
            if (logs[l].topics[0] == FAILED_TOPIC) {
                (, bytes memory reason) = abi.decode(logs[l].data, (uint256, bytes));
                ++refusals[_selector(reason)];
                continue;
            }
            if (logs[l].topics[0] != EXECUTED_TOPIC) continue;
            bytes32 h = logs[l].topics[1];
            (uint256 amount, uint256 fee, ) = abi.decode(logs[l].data, (uint256, uint256, uint256));
            for (uint256 k; k < hashes.length; ++k) {
                if (hashes[k] != h) continue;
                IIntentExecutor.PaymentIntent memory it = _intents[k];
                ++ghostRuns[k];
                ghostPaid[k] += amount + fee;
                booked += amount + fee;
                ++runsByAction[uint8(it.action)];
                if (it.action != IIntentExecutor.Action.PAY) {
                    uint256 slot = _ownerIndex(it.owner) + (it.action == IIntentExecutor.Action.REPAY ? N_OWNERS : 0);
                    moved[slot] += amount;
                    ++runs[slot];
                }
                if (amount + fee > it.amount + it.maxFee) ++overpaidRuns;
                if (ghostCancelled[k]) ++runsAfterCancel;
                if (now_ < it.validAfter || now_ > it.validUntil) ++runsOutsideWindow;
                if (it.interval != 0) {
                    uint256 period = (now_ - it.validAfter) / it.interval;
                    if (_lastPeriodPlusOne[k] == period + 1) ++doubleRunsInPeriod;
                    _lastPeriodPlusOne[k] = period + 1;
                }
                break; // identical intents share a hash; the first index books it
            }
        }
        if (booked != ownersPaid) ++unaccountedPayments;
        _checkCredits(positionsBefore, moved, runs);
    }

    /// @dev SAVE credits the owner's supply with its amount and REPAY takes its amount off the owner's debt, each to
    ///      within the pool's rounding: shares round in the pool's favour (at most 2 wei per run of the owner), and
    ///      every run of the call may move the other accounts' balances by a wei (a repayment rounded up lowers the
    ///      total that everyone's debt is a share of). REPAY never pays more than the owner owed.
    function _checkCredits(uint256[6] memory before, uint256[6] memory moved, uint256[6] memory runs) internal {
        uint256[6] memory afterP = _positions();
        uint256 callRuns;
        for (uint256 j; j < 6; ++j) callRuns += runs[j];
        for (uint256 o; o < N_OWNERS; ++o) {
            // Written so that nothing underflows: a handler revert would hide the finding.
            uint256 slack = 2 * runs[o] + callRuns;
            if (afterP[o] + slack < before[o] + moved[o] || afterP[o] > before[o] + moved[o] + callRuns) {
                ++miscreditedSaves;
            }
            uint256 r = N_OWNERS + o;
            if (moved[r] > before[r]) ++overRepaid;
            slack = 2 * runs[r] + callRuns;
            // Debt after ≈ debt before − repaid: neither lower (a repayment worth more than it paid) nor higher.
            if (afterP[r] + moved[r] + slack < before[r] || afterP[r] + moved[r] > before[r] + slack) {
                ++miscreditedRepays;
            }
        }
    }

    function _refused(string memory action, bytes memory err) internal {
        bytes4 sel = _selector(err);
        ++refusals[sel];
        if (
            sel == IIntentExecutor.FeeTooHigh.selector ||
            sel == IIntentExecutor.NotYetValid.selector ||
            sel == IIntentExecutor.Expired.selector ||
            sel == IIntentExecutor.NonceUsed.selector ||
            sel == IIntentExecutor.IntentIsCancelled.selector ||
            sel == IIntentExecutor.MaxRunsReached.selector ||
            sel == IIntentExecutor.AlreadyRanThisPeriod.selector ||
            sel == IIntentExecutor.NothingToRepay.selector // REPAY of an owner without debt
        ) return;
        _unexpected(action, err);
    }
}
