// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";

import {IIntentExecutor} from "./interfaces/IIntentExecutor.sol";
import {ICondition} from "./interfaces/ICondition.sol";
import {ISwapAdapter} from "./interfaces/ISwapAdapter.sol";
import {ILendingPool} from "../lending/interfaces/ILendingPool.sol";
import {ExactTransferLib} from "../utils/ExactTransferLib.sol";

/// @title IntentExecutor
/// @notice Permissionless executor of signed payment intents (pay, save into the lending pool, repay a loan, pay in
///         another token through a swap), for a fixed amount, a share of the owner's balance, or everything above a
///         floor, capped per run. Holds no funds at rest: each run pulls from the owner's allowance and passes the
///         tokens straight on. Swaps go through the one adapter governance sets (RISK role, AccessManager).
/// @custom:security-contact security@quartet.example
contract IntentExecutor is IIntentExecutor, EIP712, AccessManaged, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using ExactTransferLib for IERC20;

    // The type string is hashed at compile time, so its length costs nothing at run time.
    // solhint-disable gas-small-strings
    /// @notice EIP-712 type hash of `PaymentIntent`; the toolkit (scripts/lib/intents.ts) mirrors this string.
    bytes32 public constant PAYMENT_INTENT_TYPEHASH = keccak256(
        "PaymentIntent(address owner,address token,address recipient,uint8 action,uint8 amountMode,uint256 amount,"
        "uint256 amountParam,uint256 maxFee,uint32 interval,uint32 maxRuns,uint48 validAfter,uint48 validUntil,"
        "address condition,bytes conditionData,uint256 nonce,address receiveToken,uint256 swapLimit,bytes swapPath)"
    );
    // solhint-enable gas-small-strings

    /// @inheritdoc IIntentExecutor
    uint256 public constant CONDITION_GAS_LIMIT = 200_000;
    /// @inheritdoc IIntentExecutor
    uint256 public constant MAX_REASON_BYTES = 256;
    /// @dev Gas between the `gasleft()` check and the CALL/STATICCALL that follows it, with a wide margin.
    uint256 private constant CALL_RESERVE_GAS = 1_000;
    /// @dev What a STATICCALL to a condition not yet touched costs before the 63/64 rule (EIP-2929): without it in
    ///      the check, a caller could hand the condition about 1.6k less than its cap.
    uint256 private constant COLD_ACCOUNT_ACCESS_GAS = 2_600;
    /// @dev 100 % in basis points, the most a PERCENT_OF_BALANCE intent may name.
    uint256 private constant BPS = 10_000;
    /// @inheritdoc IIntentExecutor
    uint256 public constant MAX_SWAP_HOPS = 3;
    /// @dev Bytes of a token in a Uniswap v3 path, and of a hop (fee + token).
    uint256 private constant PATH_TOKEN = 20;
    uint256 private constant PATH_HOP = 23;

    /// @notice The lending pool that SAVE and REPAY intents use.
    ILendingPool public immutable pool;

    /// @inheritdoc IIntentExecutor
    ISwapAdapter public swapAdapter;

    mapping(bytes32 intentHash => IntentState) private _states;
    /// @inheritdoc IIntentExecutor
    mapping(address owner => mapping(uint256 wordPos => uint256 bitmap)) public nonceBitmap;

    /// @notice Deploys the executor.
    /// @param authority The AccessManager that guards `setSwapAdapter`.
    /// @param pool_ The lending pool for SAVE and REPAY.
    constructor(address authority, ILendingPool pool_) EIP712("Quartet Intents", "1") AccessManaged(authority) {
        pool = pool_;
    }

    // ───────────────────────────── governance ─────────────────────────────

    /// @inheritdoc IIntentExecutor
    function setSwapAdapter(ISwapAdapter adapter) external restricted {
        if (address(adapter) != address(0)) {
            address served = adapter.executor();
            if (served != address(this)) revert SwapAdapterForeign(adapter, served);
        }
        swapAdapter = adapter;
        emit SwapAdapterSet(adapter);
    }

    // ───────────────────────────── execution ─────────────────────────────

    /// @inheritdoc IIntentExecutor
    function execute(
        PaymentIntent calldata intent,
        bytes calldata signature,
        uint256 fee
    ) external nonReentrant returns (uint256 amount) {
        return _execute(intent, signature, fee, msg.sender);
    }

    /// @inheritdoc IIntentExecutor
    function executeBatch(
        PaymentIntent[] calldata intents,
        bytes[] calldata signatures,
        uint256[] calldata fees,
        uint64[] calldata gasLimits
    ) external nonReentrant returns (uint256 successes) {
        uint256 count = intents.length;
        if (signatures.length != count || fees.length != count || gasLimits.length != count) revert LengthMismatch();
        for (uint256 i; i < count; ++i) {
            if (_runItem(intents[i], signatures[i], fees[i], gasLimits[i], i)) ++successes;
        }
    }

    /// @notice One batch item; callable only by this contract from `executeBatch`.
    /// @param intent The signed intent.
    /// @param signature The owner's signature.
    /// @param fee The fee.
    /// @param executor Who receives the fee (the batch's caller).
    /// @return amount Amount paid, saved or repaid.
    function executeFromBatch(
        PaymentIntent calldata intent,
        bytes calldata signature,
        uint256 fee,
        address executor
    ) external returns (uint256 amount) {
        if (msg.sender != address(this)) revert OnlySelf();
        return _execute(intent, signature, fee, executor);
    }

    /// @inheritdoc IIntentExecutor
    function executeWithPermit(
        PaymentIntent calldata intent,
        bytes calldata signature,
        uint256 fee,
        uint256 permitValue,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 amount) {
        // A permit already used by a front-runner reverts here, but its allowance is in place: carry on.
        try
            IERC20Permit(intent.token).permit(intent.owner, address(this), permitValue, permitDeadline, v, r, s)
        {} catch {} // solhint-disable-line no-empty-blocks
        return _execute(intent, signature, fee, msg.sender);
    }

    // ───────────────────────────── owner actions ─────────────────────────────

    /// @inheritdoc IIntentExecutor
    function post(PaymentIntent calldata intent, bytes calldata signature) external returns (bytes32 intentHash) {
        intentHash = _hashIntent(intent);
        if (!SignatureChecker.isValidSignatureNow(intent.owner, intentHash, signature)) revert InvalidSignature();
        emit IntentPosted(intentHash, intent.owner, intent, signature);
    }

    /// @inheritdoc IIntentExecutor
    function cancel(PaymentIntent calldata intent) external {
        if (msg.sender != intent.owner) revert NotOwner();
        bytes32 intentHash = _hashIntent(intent);
        _states[intentHash].cancelled = true;
        // A one-off intent is guarded by its nonce alone: spend it.
        if (intent.interval == 0) nonceBitmap[msg.sender][intent.nonce >> 8] |= uint256(1) << (intent.nonce & 0xff);
        emit IntentCancelled(intentHash, msg.sender);
    }

    /// @inheritdoc IIntentExecutor
    function invalidateNonces(uint256 wordPos, uint256 mask) external {
        nonceBitmap[msg.sender][wordPos] |= mask;
        emit NoncesInvalidated(msg.sender, wordPos, mask);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IIntentExecutor
    function hashIntent(PaymentIntent calldata intent) external view returns (bytes32) {
        return _hashIntent(intent);
    }

    /// @inheritdoc IIntentExecutor
    function intentState(bytes32 intentHash) external view returns (uint256 runs, uint256 lastRun, bool cancelled) {
        IntentState memory state = _states[intentHash];
        return (state.runs, state.lastRun, state.cancelled);
    }

    /// @inheritdoc IIntentExecutor
    function nonceUsed(address owner, uint256 nonce) external view returns (bool) {
        return nonceBitmap[owner][nonce >> 8] & (uint256(1) << (nonce & 0xff)) != 0;
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Runs one batch item in its own call frame, so that a failure rolls back everything it did, with exactly
    ///      `gasLimit` gas. Its calldata is built in memory that the next item reuses.
    function _runItem(
        PaymentIntent calldata intent,
        bytes calldata signature,
        uint256 fee,
        uint256 gasLimit,
        uint256 index
    ) private returns (bool success) {
        uint256 freeMemory;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            freeMemory := mload(0x40)
        }
        bytes memory data = _itemCall(intent, signature, fee);
        // A CALL passes on at most 63/64 of the gas left: check that the item receives its whole limit, so that a
        // keeper cannot make an item fail by starving it. The reserve covers the CALL's own cost.
        if (gasleft() < gasLimit + gasLimit / 63 + CALL_RESERVE_GAS) revert InsufficientGasForItem(index, gasLimit);
        uint256 size;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            success := call(gasLimit, address(), 0, add(data, 0x20), mload(data), 0, 0)
            size := returndatasize()
        }
        if (!success) {
            // Only the first MAX_REASON_BYTES of the revert data are copied (the ExcessivelySafeCall pattern).
            if (size > MAX_REASON_BYTES) size = MAX_REASON_BYTES;
            bytes memory reason = new bytes(size);
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                returndatacopy(add(reason, 0x20), 0, size)
            }
            emit IntentFailed(_hashIntent(intent), index, reason);
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x40, freeMemory)
        }
    }

    /// @dev `executeFromBatch(intent, signature, fee, msg.sender)` calldata, built by copying the item's ABI
    ///      encoding as it came (its inner offsets are relative to its start, so they stay valid) instead of
    ///      re-encoding eighteen fields. The struct ends where the later of its two byte strings ends. An item the
    ///      batch's caller encoded otherwise than the standard way fails its own decoding in the inner call, alone
    ///      (only the caller can encode its batch); the inner call decodes and checks everything it uses.
    function _itemCall(
        PaymentIntent calldata intent,
        bytes calldata signature,
        uint256 fee
    ) private view returns (bytes memory data) {
        bytes4 selector = this.executeFromBatch.selector;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            function tailEnd(start, offsetWord) -> end {
                let offset := calldataload(add(start, offsetWord))
                end := add(add(offset, 0x20), and(add(calldataload(add(start, offset)), 31), not(31)))
            }
            let size := tailEnd(intent, 0x1a0) // conditionData
            let pathEnd := tailEnd(intent, 0x220) // swapPath
            if gt(pathEnd, size) {
                size := pathEnd
            }
            let sigLength := signature.length
            let sigPadded := and(add(sigLength, 31), not(31))
            data := mload(0x40)
            let p := add(data, 0x20)
            mstore(p, selector)
            mstore(add(p, 0x04), 0x80)
            mstore(add(p, 0x24), add(0x80, size))
            mstore(add(p, 0x44), fee)
            mstore(add(p, 0x64), caller())
            calldatacopy(add(p, 0x84), intent, size)
            let sig := add(add(p, 0x84), size)
            mstore(sig, sigLength)
            mstore(add(sig, sigPadded), 0) // the padding of the last word
            calldatacopy(add(sig, 0x20), signature.offset, sigLength)
            let total := add(add(0xa4, size), sigPadded)
            mstore(data, total)
            mstore(0x40, add(add(data, 0x20), total))
        }
    }

    /// @dev Checks, then effects (nonce or run count), then the token moves.
    function _execute(
        PaymentIntent calldata intent,
        bytes calldata signature,
        uint256 fee,
        address executor
    ) private returns (uint256 amount) {
        if (fee > intent.maxFee) revert FeeTooHigh(fee, intent.maxFee);
        if (block.timestamp < intent.validAfter) revert NotYetValid(intent.validAfter);
        if (block.timestamp > intent.validUntil) revert Expired(intent.validUntil);
        if (intent.amount == 0) revert MalformedIntent();

        address owner = intent.owner;
        bytes32 intentHash = _hashIntent(intent);
        if (!SignatureChecker.isValidSignatureNow(owner, intentHash, signature)) revert InvalidSignature();
        if (intent.condition != address(0) && !_conditionMet(intent)) revert ConditionNotMet(intent.condition);
        Action action = intent.action;
        bool swap = action >= Action.SWAP_PAY;
        if (swap) {
            if (intent.swapLimit == 0 || intent.receiveToken == intent.token) revert MalformedIntent();
        } else if (intent.receiveToken != address(0) || intent.swapLimit != 0 || intent.swapPath.length != 0) {
            revert MalformedIntent();
        }
        amount = intent.amount;
        if (intent.amountMode != AmountMode.FIXED) {
            // An exact-output amount is in the token bought: a share of the balance sold means nothing there.
            if (action == Action.SWAP_PAY_EXACT_OUT) revert MalformedIntent();
            amount = _modeAmount(intent, fee, amount);
        } else if (intent.amountParam != 0) revert MalformedIntent();
        if (action == Action.REPAY) {
            uint256 debt = pool.debtBalance(intent.token, owner);
            if (debt == 0) revert NothingToRepay();
            if (debt < amount) amount = debt;
        }

        uint256 run = _recordRun(intent, intentHash);
        emit IntentExecuted(intentHash, owner, executor, amount, fee, run);

        IERC20 token = IERC20(intent.token);
        if (action == Action.PAY) {
            token.safeTransferFrom(owner, intent.recipient, amount);
        } else if (swap) {
            _swapPay(intent, intentHash, amount);
        } else {
            token.safeTransferFrom(owner, address(this), amount);
            if (token.allowance(address(this), address(pool)) < amount) {
                token.forceApprove(address(pool), type(uint256).max);
            }
            if (action == Action.SAVE) pool.supply(address(token), amount, owner);
            else pool.repay(address(token), amount, owner);
        }
        if (fee != 0) token.safeTransferFrom(owner, executor, fee);
    }

    /// @dev A swap run: the owner's tokens go straight to the adapter (all of them, or the token is refused as
    ///      fee-on-transfer), the adapter swaps them for the recipient, and the executor itself measures what the
    ///      recipient received against the signed bound. SWAP_PAY sells `amount` for at least `swapLimit`;
    ///      SWAP_PAY_EXACT_OUT sends `swapLimit` and buys `amount`, the adapter returning the rest to the owner.
    function _swapPay(PaymentIntent calldata intent, bytes32 intentHash, uint256 amount) private {
        ISwapAdapter adapter = swapAdapter;
        if (address(adapter) == address(0)) revert SwapAdapterNotSet();
        bool exactOut = intent.action == Action.SWAP_PAY_EXACT_OUT;
        address tokenIn = intent.token;
        address tokenOut = intent.receiveToken;
        _checkPath(intent.swapPath, exactOut ? tokenOut : tokenIn, exactOut ? tokenIn : tokenOut);

        address recipient = intent.recipient;
        uint256 outBefore = IERC20(tokenOut).balanceOf(recipient);
        (uint256 amountIn, uint256 minOut) = exactOut
            ? (_swapExactOut(intent, adapter, amount), amount)
            : _swapExactIn(intent, adapter, amount);
        uint256 outAfter = IERC20(tokenOut).balanceOf(recipient);
        uint256 received = outAfter > outBefore ? outAfter - outBefore : 0;
        if (received < minOut) revert InsufficientOutput(received, minOut);
        emit SwapPaid(intentHash, tokenOut, amountIn, received);
    }

    /// @dev SWAP_PAY: sells exactly `amount` for at least `swapLimit` pro rata of the signed `intent.amount`, rounded
    ///      up: the signed minimum is a price floor, so a balance-following run that sells more than the owner saw at
    ///      signing cannot be sandwiched down to a minimum sized for a smaller one.
    function _swapExactIn(
        PaymentIntent calldata intent,
        ISwapAdapter adapter,
        uint256 amount
    ) private returns (uint256 amountIn, uint256 minOut) {
        uint256 signed = intent.amount;
        minOut =
            amount == signed ? intent.swapLimit : Math.mulDiv(intent.swapLimit, amount, signed, Math.Rounding.Ceil);
        IERC20(intent.token).sendExact(intent.owner, address(adapter), amount);
        adapter.swapExactIn(intent.swapPath, amount, minOut, intent.recipient);
        return (amount, minOut);
    }

    /// @dev SWAP_PAY_EXACT_OUT: sends the most it may sell, buys `amount`; what was sold is what the owner's
    ///      balance lost once the adapter returned the rest.
    function _swapExactOut(
        PaymentIntent calldata intent,
        ISwapAdapter adapter,
        uint256 amount
    ) private returns (uint256 amountIn) {
        IERC20 tokenIn = IERC20(intent.token);
        address owner = intent.owner;
        uint256 limit = intent.swapLimit;
        uint256 ownerBefore = tokenIn.balanceOf(owner);
        tokenIn.sendExact(owner, address(adapter), limit);
        adapter.swapExactOut(intent.swapPath, amount, limit, intent.recipient, owner);
        uint256 ownerAfter = tokenIn.balanceOf(owner);
        amountIn = ownerBefore > ownerAfter ? ownerBefore - ownerAfter : 0;
    }

    /// @dev A packed Uniswap v3 path of one to MAX_SWAP_HOPS hops from `first` to `last`.
    function _checkPath(bytes calldata path, address first, address last) private pure {
        uint256 length = path.length;
        if (
            length < PATH_TOKEN + PATH_HOP ||
            length > PATH_TOKEN + PATH_HOP * MAX_SWAP_HOPS ||
            (length - PATH_TOKEN) % PATH_HOP != 0
        ) revert InvalidSwapPath(length);
        address start = address(bytes20(path[:PATH_TOKEN]));
        if (start != first) revert SwapPathStartMismatch(first, start);
        address end = address(bytes20(path[length - PATH_TOKEN:]));
        if (end != last) revert SwapPathEndMismatch(last, end);
    }

    /// @dev The run's amount under PERCENT_OF_BALANCE or SWEEP_ABOVE, from the owner's balance now, capped by the
    ///      signed maximum. A view call: the token cannot re-enter, and the amount is fixed before any effect.
    function _modeAmount(
        PaymentIntent calldata intent,
        uint256 fee,
        uint256 maxAmount
    ) private view returns (uint256 amount) {
        uint256 param = intent.amountParam;
        uint256 balance = IERC20(intent.token).balanceOf(intent.owner);
        uint256 spendable = balance > fee ? balance - fee : 0;
        if (intent.amountMode == AmountMode.PERCENT_OF_BALANCE) {
            if (param == 0 || param > BPS) revert MalformedIntent();
            // Rounded down: the owner never parts with more than the share signed.
            amount = Math.mulDiv(spendable, param, BPS);
            if (amount == 0) revert NothingToMove(balance, fee);
        } else {
            if (spendable <= param) revert BalanceNotAboveFloor(balance, param, fee);
            amount = spendable - param;
        }
        if (amount > maxAmount) amount = maxAmount;
    }

    /// @dev Spends a one-off intent's nonce, or counts a recurring intent's run in its period.
    function _recordRun(PaymentIntent calldata intent, bytes32 intentHash) private returns (uint256 run) {
        address owner = intent.owner;
        uint256 nonce = intent.nonce;
        uint256 wordPos = nonce >> 8;
        uint256 bit = uint256(1) << (nonce & 0xff);
        uint256 word = nonceBitmap[owner][wordPos];
        if (word & bit != 0) revert NonceUsed(owner, nonce);

        uint256 interval = intent.interval;
        if (interval == 0) {
            if (intent.maxRuns != 1) revert MalformedIntent();
            nonceBitmap[owner][wordPos] = word | bit;
            return 1;
        }

        IntentState memory state = _states[intentHash];
        if (state.cancelled) revert IntentIsCancelled();
        if (intent.maxRuns == 0) revert MalformedIntent();
        if (state.runs >= intent.maxRuns) revert MaxRunsReached(intent.maxRuns);
        if (state.runs != 0) {
            // Periods are aligned to validAfter: one run per period, and a missed period is simply gone.
            uint256 validAfter = intent.validAfter;
            uint256 lastPeriod = (state.lastRun - validAfter) / interval;
            if ((block.timestamp - validAfter) / interval <= lastPeriod) {
                revert AlreadyRanThisPeriod(validAfter + (lastPeriod + 1) * interval);
            }
        }
        run = state.runs + 1;
        _states[intentHash] = IntentState({runs: uint32(run), lastRun: uint48(block.timestamp), cancelled: false});
    }

    /// @dev STATICCALLs the condition with exactly CONDITION_GAS_LIMIT gas and reads one word of its answer: a
    ///      revert, a short or over-long answer, anything but `true`, or no code at all means "not met".
    function _conditionMet(PaymentIntent calldata intent) private view returns (bool) {
        bytes memory data = abi.encodeCall(ICondition.check, (intent.owner, intent.conditionData));
        address condition = intent.condition;
        // The condition must receive its whole cap, or a caller could make it answer "not met" by starving it.
        uint256 needed = CONDITION_GAS_LIMIT + CONDITION_GAS_LIMIT / 63 + COLD_ACCOUNT_ACCESS_GAS + CALL_RESERVE_GAS;
        if (gasleft() < needed) revert InsufficientGasForCondition(needed);
        bool success;
        uint256 size;
        uint256 answer;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            success := staticcall(CONDITION_GAS_LIMIT, condition, add(data, 0x20), mload(data), 0, 0x20)
            size := returndatasize()
            answer := mload(0)
        }
        return success && size == 32 && answer == 1;
    }

    /// @dev The EIP-712 struct hash. Every field but `conditionData` and `swapPath` is a static ABI word in the
    ///      calldata head, in the type string's order, so `encodeData` is the head copied as it is with the offset
    ///      words of the two byte strings replaced by their hashes (two copies; nineteen `abi.encode` arguments are
    ///      too deep for the stack). A word with dirty high bits is hashed as it came and so matches no signature over the clean
    ///      value; and every field the run reads is validated by the ABI decoder when read.
    function _hashIntent(PaymentIntent calldata intent) private view returns (bytes32) {
        bytes32 dataHash = keccak256(intent.conditionData);
        bytes32 pathHash = keccak256(intent.swapPath);
        bytes32 typeHash = PAYMENT_INTENT_TYPEHASH;
        bytes32 structHash;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), intent, 0x1a0) // owner … condition: 13 words
            mstore(add(ptr, 0x1c0), dataHash)
            calldatacopy(add(ptr, 0x1e0), add(intent, 0x1c0), 0x60) // nonce, receiveToken, swapLimit
            mstore(add(ptr, 0x240), pathHash)
            structHash := keccak256(ptr, 0x260)
        }
        return _hashTypedDataV4(structHash);
    }
}
