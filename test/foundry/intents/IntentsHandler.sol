// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIntentExecutor} from "../../../contracts/intents/interfaces/IIntentExecutor.sol";
import {IntentExecutor} from "../../../contracts/intents/IntentExecutor.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {HandlerBase, Vm} from "../lib/QuartetInvariantTest.sol";

/// @title IntentsHandler
/// @notice Random PAY intents (one-off and recurring, various windows, fees and run limits) signed by three owners,
///         executed one by one or in batches by three keepers (fees up to and just above maxFee), cancelled, nonce-
///         invalidated, while time passes. Ghost variables count each intent's runs and what its owner paid.
contract IntentsHandler is HandlerBase {
    uint256 internal constant N_OWNERS = 3;
    uint256 internal constant N_KEEPERS = 3;
    uint256 internal constant MAX_INTENTS = 40;
    bytes32 internal constant EXECUTED_TOPIC = keccak256(
        "IntentExecuted(bytes32,address,address,uint256,uint256,uint256)"
    );

    IntentExecutor public immutable executor;
    MockERC20 public immutable token;
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
    mapping(uint256 => bool) public ghostCancelled;
    mapping(uint256 => uint256) internal _lastPeriodPlusOne;

    mapping(bytes32 action => uint256) public calls;
    mapping(bytes32 action => uint256) public successes;

    constructor(
        IntentExecutor executor_,
        MockERC20 token_,
        uint256[N_OWNERS] memory keys_,
        address[N_KEEPERS] memory keepers_
    ) {
        executor = executor_;
        token = token_;
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

    /// @notice Signs a new intent: one-off (a third of the time) or recurring every 1 hour … 7 days.
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
            action: IIntentExecutor.Action.PAY,
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

    function execute(uint256 indexSeed, uint256 keeperSeed, uint256 feeSeed) external {
        ++calls[keccak256("execute")];
        if (_intents.length == 0) return;
        uint256 k = _aim(indexSeed);
        uint256 fee = _fee(k, feeSeed);
        address keeper = _keepers[keeperSeed % N_KEEPERS];
        uint256[4] memory before = _balances(_intents[k].owner, keeper);
        vm.recordLogs();
        vm.prank(keeper);
        try executor.execute(_intents[k], _signatures[k], fee) {
            ++successes[keccak256("execute")];
        } catch (bytes memory err) {
            _refused("execute", err);
        }
        _book(before, keeper);
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
                _fee(k, seeds[j] >> 128),
                300_000
            );
        }
        address keeper = _keepers[keeperSeed % N_KEEPERS];
        uint256[4] memory before = _balances(address(0), keeper);
        vm.recordLogs();
        vm.prank(keeper);
        try executor.executeBatch{gas: 2_000_000}(items, sigs, fees, gasLimits) {
            ++successes[keccak256("executeBatch")];
        } catch (bytes memory err) {
            _refused("executeBatch", err);
        }
        _book(before, keeper);
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

    function elapse(uint256 secondsSeed) external {
        ++calls[keccak256("elapse")];
        vm.warp(vm.getBlockTimestamp() + _bound(secondsSeed, 1, 1 days));
        ++successes[keccak256("elapse")];
    }

    // ───────── helpers ─────────

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

    /// @dev Balances of the three owners (index 0…2) and the recipient plus keeper… summed in [3].
    function _balances(address, address keeper) internal view returns (uint256[4] memory b) {
        for (uint256 o; o < N_OWNERS; ++o) b[o] = token.balanceOf(vm.addr(_keys[o]));
        b[3] = token.balanceOf(recipient) + token.balanceOf(keeper);
    }

    /// @dev Books every IntentExecuted of the call against its intent's ghosts.
    function _book(uint256[4] memory before, address keeper) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256[4] memory afterB = _balances(address(0), keeper);
        uint256 ownersPaid;
        for (uint256 o; o < N_OWNERS; ++o) ownersPaid += before[o] - afterB[o];
        if (afterB[3] - before[3] != ownersPaid) ++misdirectedPayments;
        uint256 now_ = vm.getBlockTimestamp();
        uint256 booked;
        for (uint256 l; l < logs.length; ++l) {
            if (logs[l].emitter != address(executor) || logs[l].topics[0] != EXECUTED_TOPIC) continue;
            bytes32 h = logs[l].topics[1];
            (uint256 amount, uint256 fee, ) = abi.decode(logs[l].data, (uint256, uint256, uint256));
            for (uint256 k; k < hashes.length; ++k) {
                if (hashes[k] != h) continue;
                IIntentExecutor.PaymentIntent memory it = _intents[k];
                ++ghostRuns[k];
                ghostPaid[k] += amount + fee;
                booked += amount + fee;
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
    }

    function _refused(string memory action, bytes memory err) internal {
        bytes4 sel = _selector(err);
        if (
            sel == IIntentExecutor.FeeTooHigh.selector ||
            sel == IIntentExecutor.NotYetValid.selector ||
            sel == IIntentExecutor.Expired.selector ||
            sel == IIntentExecutor.NonceUsed.selector ||
            sel == IIntentExecutor.IntentIsCancelled.selector ||
            sel == IIntentExecutor.MaxRunsReached.selector ||
            sel == IIntentExecutor.AlreadyRanThisPeriod.selector
        ) return;
        _unexpected(action, err);
    }
}
