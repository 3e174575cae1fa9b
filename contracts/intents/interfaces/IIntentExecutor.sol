// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISwapAdapter} from "./ISwapAdapter.sol";

/// @title IIntentExecutor
/// @notice Executes EIP-712-signed payment intents: pay someone, save into the lending pool, repay a loan, or pay
///         someone in another token through a swap — once,
///         or every `interval` seconds up to `maxRuns` times — when their time window and optional condition hold.
///         A run moves a fixed amount, a share of the owner's balance, or everything above a floor, never more than
///         the signed maximum per run.
///         Anyone may execute an intent and earn the fee it names, up to its `maxFee`.
/// @dev EIP-712 domain: name "Quartet Intents", version "1", this chain id and this contract (ERC-5267).
///      Replay protection: a one-off intent (`interval == 0`) spends its owner's nonce (Permit2-style unordered
///      nonces, 256 per storage word); a recurring intent counts its runs per intent hash and stays alive until
///      `maxRuns`, `validUntil`, `cancel`, or the invalidation of its nonce.
/// @custom:security-contact security@quartet.example
interface IIntentExecutor {
    /// @notice What an intent does with the owner's tokens each run.
    enum Action {
        PAY, // transfer `amount` to `recipient`
        SAVE, // supply `amount` into the lending pool on behalf of the owner
        REPAY, // repay up to `amount` of the owner's lending-pool debt in `token`
        SWAP_PAY, // sell `amount` of `token` through the swap adapter; `recipient` receives ≥ `swapLimit` of `receiveToken`
        SWAP_PAY_EXACT_OUT // `recipient` receives `amount` of `receiveToken`, bought with ≤ `swapLimit` of `token`
    }

    /// @notice How a run's amount is found. Every mode is capped by the signed `amount` (the most per run), and
    ///         the period rules (`interval`, `maxRuns`) apply to every mode alike.
    /// @dev "Spendable" is the owner's balance of `token` at execution minus the run's fee (the fee is paid too),
    ///      so that the owner keeps exactly what the mode promises.
    enum AmountMode {
        FIXED, // exactly `amount` (REPAY: capped by the debt); `amountParam` must be 0
        PERCENT_OF_BALANCE, // `amountParam` basis points (1..10 000) of the spendable balance, rounded down
        SWEEP_ABOVE // everything of the spendable balance above a floor of `amountParam` token units
    }

    /// @notice A signed payment intent. The EIP-712 type string lists the fields in this order.
    /// @param owner Signer and payer (an EOA, or an ERC-1271 wallet).
    /// @param token ERC-20 paid, saved, repaid or sold (swaps); the fee is paid in it too.
    /// @param recipient PAY and swaps: who receives the payment; ignored by SAVE and REPAY (the owner's own position).
    /// @param action PAY, SAVE, REPAY, SWAP_PAY or SWAP_PAY_EXACT_OUT.
    /// @param amountMode FIXED, PERCENT_OF_BALANCE or SWEEP_ABOVE.
    /// @param amount FIXED: the amount per run; the other modes: the most per run. In token units (REPAY: capped by
    ///        the debt as well; SWAP_PAY_EXACT_OUT: in `receiveToken` units, FIXED only).
    /// @param amountParam PERCENT_OF_BALANCE: basis points of the spendable balance (1..10 000); SWEEP_ABOVE: the
    ///        floor the owner keeps, in token units; FIXED: 0.
    /// @param maxFee Highest fee per run the executor may take, in token units.
    /// @param interval Seconds between runs; 0 = one-off.
    /// @param maxRuns Runs allowed (a one-off intent must say 1).
    /// @param validAfter First second the intent may run; periods are counted from here.
    /// @param validUntil Last second the intent may run.
    /// @param condition An `ICondition` checked before each run, or zero.
    /// @param conditionData Passed to the condition.
    /// @param nonce The owner's nonce: spent by a one-off run, and invalidating it cancels the intent.
    /// @param receiveToken Swaps: the token the recipient receives; zero for the other actions.
    /// @param swapLimit SWAP_PAY: the least of `receiveToken` the recipient receives for selling `amount`, pro rata
    ///        (rounded up) for a balance-following run that sells less, a price floor; SWAP_PAY_EXACT_OUT:
    ///        the most of `token` sold per run (the fee apart). Never zero for a swap; zero for the other actions.
    /// @param swapPath Swaps: the Uniswap v3 packed path (token, uint24 fee, token, …; one to three hops) from
    ///        `token` to `receiveToken` (SWAP_PAY) or, as Uniswap's exactOutput reads it, from `receiveToken` back
    ///        to `token` (SWAP_PAY_EXACT_OUT); empty for the other actions.
    struct PaymentIntent {
        address owner;
        address token;
        address recipient;
        Action action;
        AmountMode amountMode;
        uint256 amount;
        uint256 amountParam;
        uint256 maxFee;
        uint32 interval;
        uint32 maxRuns;
        uint48 validAfter;
        uint48 validUntil;
        address condition;
        bytes conditionData;
        uint256 nonce;
        address receiveToken;
        uint256 swapLimit;
        bytes swapPath;
    }

    /// @notice Per-intent state of a recurring intent.
    /// @param runs Runs so far.
    /// @param lastRun Timestamp of the last run.
    /// @param cancelled Whether the owner cancelled it.
    struct IntentState {
        uint32 runs;
        uint48 lastRun;
        bool cancelled;
    }

    /// @notice Emitted when an intent is published for keepers; nothing is stored.
    /// @param intentHash The intent's EIP-712 digest.
    /// @param owner The intent's owner.
    /// @param intent The intent.
    /// @param signature The owner's signature.
    event IntentPosted(bytes32 indexed intentHash, address indexed owner, PaymentIntent intent, bytes signature);
    /// @notice Emitted on each run.
    /// @param intentHash The intent's EIP-712 digest.
    /// @param owner The intent's owner.
    /// @param executor Who executed it (and received the fee).
    /// @param amount Amount paid, saved or repaid.
    /// @param fee Fee paid to the executor.
    /// @param run The run number (1-based).
    event IntentExecuted(
        bytes32 indexed intentHash,
        address indexed owner,
        address indexed executor,
        uint256 amount,
        uint256 fee,
        uint256 run
    );
    /// @notice Emitted after a swap run, with what the executor measured.
    /// @param intentHash The intent's EIP-712 digest.
    /// @param receiveToken The token the recipient received.
    /// @param amountIn Amount of the intent's token sold (the fee apart).
    /// @param amountOut Amount of `receiveToken` the recipient's balance grew by.
    event SwapPaid(bytes32 indexed intentHash, address indexed receiveToken, uint256 amountIn, uint256 amountOut);
    /// @notice Emitted when governance sets (or, with zero, removes) the swap adapter.
    /// @param adapter The new adapter.
    event SwapAdapterSet(ISwapAdapter indexed adapter);
    /// @notice Emitted when a batch item fails; it consumed nothing.
    /// @param intentHash The intent's EIP-712 digest.
    /// @param index Its position in the batch.
    /// @param reason The item's revert data, cut to its first `MAX_REASON_BYTES` bytes.
    event IntentFailed(bytes32 indexed intentHash, uint256 index, bytes reason);
    /// @notice Emitted when the owner cancels an intent.
    /// @param intentHash The intent's EIP-712 digest.
    /// @param owner The owner.
    event IntentCancelled(bytes32 indexed intentHash, address indexed owner);
    /// @notice Emitted when an owner invalidates nonces in bulk.
    /// @param owner The owner.
    /// @param wordPos Which 256-nonce word.
    /// @param mask Bits set in that word.
    event NoncesInvalidated(address indexed owner, uint256 indexed wordPos, uint256 mask);

    /// @notice Thrown when the signature is not the owner's (malformed, high-s, wrong signer, or rejected by the
    ///         owner's ERC-1271 wallet).
    error InvalidSignature();
    /// @notice Thrown before `validAfter`.
    /// @param validAfter First valid second.
    error NotYetValid(uint256 validAfter);
    /// @notice Thrown after `validUntil`.
    /// @param validUntil Last valid second.
    error Expired(uint256 validUntil);
    /// @notice Thrown when the fee asked for exceeds `maxFee`.
    /// @param fee Fee asked for.
    /// @param maxFee The intent's limit.
    error FeeTooHigh(uint256 fee, uint256 maxFee);
    /// @notice Thrown when the intent's nonce was spent or invalidated.
    /// @param owner The owner.
    /// @param nonce The nonce.
    error NonceUsed(address owner, uint256 nonce);
    /// @notice Thrown when the owner cancelled the intent.
    error IntentIsCancelled();
    /// @notice Thrown when all `maxRuns` runs are done.
    /// @param maxRuns The limit.
    error MaxRunsReached(uint256 maxRuns);
    /// @notice Thrown when the intent already ran in the current period.
    /// @param nextRunAt First second of the next period.
    error AlreadyRanThisPeriod(uint256 nextRunAt);
    /// @notice Thrown when the intent's condition does not hold (or could not be evaluated).
    /// @param condition The condition contract.
    error ConditionNotMet(address condition);
    /// @notice Thrown when an intent's fields contradict each other (zero amount, one-off with maxRuns ≠ 1,
    ///         recurring with maxRuns 0, a FIXED intent with a non-zero `amountParam`, or a PERCENT_OF_BALANCE
    ///         intent whose basis points are 0 or above 10 000; a swap with a zero `swapLimit`, with `receiveToken`
    ///         equal to `token`, or exact-output with an amount mode other than FIXED; swap fields on any other
    ///         action). A window that closes before it opens needs no check: it fails
    ///         `NotYetValid` before it opens and `Expired` after.
    error MalformedIntent();
    /// @notice Thrown when a REPAY intent's owner owes nothing in the token.
    error NothingToRepay();
    /// @notice Thrown when a PERCENT_OF_BALANCE intent's share of the owner's spendable balance rounds to zero (an
    ///         empty wallet, or a balance that does not cover the fee).
    /// @param balance The owner's balance of the token.
    /// @param fee The fee asked for.
    error NothingToMove(uint256 balance, uint256 fee);
    /// @notice Thrown when a SWEEP_ABOVE intent's owner holds no more than the floor (plus the fee): there is nothing
    ///         to sweep, and the floor is never touched.
    /// @param balance The owner's balance of the token.
    /// @param floor The floor the owner keeps.
    /// @param fee The fee asked for.
    error BalanceNotAboveFloor(uint256 balance, uint256 floor, uint256 fee);
    /// @notice Thrown when a swap intent runs while no swap adapter is set.
    error SwapAdapterNotSet();
    /// @notice Thrown when governance sets an adapter that serves another executor.
    /// @param adapter The adapter.
    /// @param executor The executor it serves.
    error SwapAdapterForeign(ISwapAdapter adapter, address executor);
    /// @notice Thrown when a swap path's length is not 20 + 23 × hops bytes with one to `MAX_SWAP_HOPS` hops.
    /// @param length The path's length in bytes.
    error InvalidSwapPath(uint256 length);
    /// @notice Thrown when a swap path does not start with the token it must (SWAP_PAY: `token`;
    ///         SWAP_PAY_EXACT_OUT: `receiveToken`).
    /// @param expected The token it must start with.
    /// @param actual The token it starts with.
    error SwapPathStartMismatch(address expected, address actual);
    /// @notice Thrown when a swap path does not end with the token it must (SWAP_PAY: `receiveToken`;
    ///         SWAP_PAY_EXACT_OUT: `token`).
    /// @param expected The token it must end with.
    /// @param actual The token it ends with.
    error SwapPathEndMismatch(address expected, address actual);
    /// @notice Thrown when the recipient's balance of `receiveToken` grew by less than the run promises (SWAP_PAY:
    ///         `swapLimit`, pro rata of the amount sold; SWAP_PAY_EXACT_OUT: `amount`), whatever the adapter reported.
    /// @param received What the recipient's balance grew by.
    /// @param minimum What it had to grow by.
    error InsufficientOutput(uint256 received, uint256 minimum);
    /// @notice Thrown when the caller is not the intent's owner.
    error NotOwner();
    /// @notice Thrown when a batch's arrays differ in length.
    error LengthMismatch();
    /// @notice Thrown when an internal entry point is called from outside.
    error OnlySelf();
    /// @notice Thrown by `executeBatch` when too little gas is left to give item `index` its whole gas limit (a
    ///         call passes on at most 63/64 of the gas left): the keeper sent the batch with too little gas, and the
    ///         whole batch reverts rather than let the item fail for want of gas.
    /// @param index The item's position in the batch.
    /// @param gasLimit The gas limit the keeper set for it.
    error InsufficientGasForItem(uint256 index, uint256 gasLimit);
    /// @notice Thrown when too little gas is left to give the intent's condition its whole `CONDITION_GAS_LIMIT`
    ///         (so that no caller can make a condition answer "not met" by starving it).
    /// @param needed The gas that must be left before the condition is called.
    error InsufficientGasForCondition(uint256 needed);

    /// @notice Runs `intent` now and pays the caller `fee` (≤ `maxFee`) in the intent's token.
    /// @param intent The signed intent.
    /// @param signature The owner's EIP-712 signature (65-byte ECDSA, or anything its ERC-1271 wallet accepts).
    /// @param fee The fee the caller takes.
    /// @return amount Amount paid, saved, repaid or sold (SWAP_PAY_EXACT_OUT: received).
    function execute(
        PaymentIntent calldata intent,
        bytes calldata signature,
        uint256 fee
    ) external returns (uint256 amount);

    /// @notice Runs several intents; a failing item is skipped with `IntentFailed` and consumes nothing (no run, no
    ///         nonce, no fee).
    /// @dev Each item runs in its own call frame with exactly `gasLimits[i]` gas: an item that needs more fails
    ///      alone, so no item can take another's gas, and a hostile item costs the caller at most its own limit plus
    ///      a small bounded overhead (its calldata, and at most `MAX_REASON_BYTES` of revert data copied into
    ///      `IntentFailed`). Before each item the batch checks that the item will receive its whole limit, and
    ///      reverts `InsufficientGasForItem` otherwise: no caller can make an item fail by starving it.
    /// @param intents The signed intents.
    /// @param signatures Their signatures.
    /// @param fees The fee per intent.
    /// @param gasLimits The gas each item's call frame receives (the caller's choice; a standalone `execute`
    ///        estimate of the intent is enough).
    /// @return successes How many ran.
    function executeBatch(
        PaymentIntent[] calldata intents,
        bytes[] calldata signatures,
        uint256[] calldata fees,
        uint64[] calldata gasLimits
    ) external returns (uint256 successes);

    /// @notice Applies an ERC-2612 permit for the intent's token (ignoring failure, so a front-run permit cannot
    ///         block it), then runs the intent.
    /// @param intent The signed intent.
    /// @param signature The owner's intent signature.
    /// @param fee The fee the caller takes.
    /// @param permitValue Allowance granted to this executor.
    /// @param permitDeadline The permit's deadline.
    /// @param v Permit signature v.
    /// @param r Permit signature r.
    /// @param s Permit signature s.
    /// @return amount Amount paid, saved or repaid.
    function executeWithPermit(
        PaymentIntent calldata intent,
        bytes calldata signature,
        uint256 fee,
        uint256 permitValue,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 amount);

    /// @notice Sets the adapter swap intents trade through (zero removes it: swaps then revert
    ///         `SwapAdapterNotSet`). Restricted: the RISK role, through the AccessManager.
    /// @param adapter The adapter; it must serve this executor.
    function setSwapAdapter(ISwapAdapter adapter) external;

    /// @notice The adapter swap intents trade through, or zero.
    /// @return The adapter.
    function swapAdapter() external view returns (ISwapAdapter);

    /// @notice The most hops a swap path may have.
    /// @return The bound.
    function MAX_SWAP_HOPS() external view returns (uint256); // solhint-disable-line func-name-mixedcase

    /// @notice Publishes a signed intent for keepers (emits `IntentPosted`); stores nothing.
    /// @param intent The intent.
    /// @param signature The owner's signature; checked so keepers only see genuine intents.
    /// @return intentHash The intent's EIP-712 digest.
    function post(PaymentIntent calldata intent, bytes calldata signature) external returns (bytes32 intentHash);

    /// @notice Cancels one intent (owner only).
    /// @param intent The intent.
    function cancel(PaymentIntent calldata intent) external;

    /// @notice Invalidates the caller's nonces in bulk: sets `mask` in word `wordPos` (nonce = wordPos × 256 + bit).
    /// @param wordPos The word.
    /// @param mask The bits to set.
    function invalidateNonces(uint256 wordPos, uint256 mask) external;

    /// @notice Gas a condition's `check` receives: it is called by STATICCALL with exactly this much, and only the
    ///         first 32 bytes of its answer are read (a revert, an answer that is not exactly `true`, or running out
    ///         of gas means "not met").
    /// @return The gas cap.
    function CONDITION_GAS_LIMIT() external view returns (uint256); // solhint-disable-line func-name-mixedcase

    /// @notice The most bytes of a failed batch item's revert data that are copied into `IntentFailed`.
    /// @return The bound.
    function MAX_REASON_BYTES() external view returns (uint256); // solhint-disable-line func-name-mixedcase

    /// @notice The EIP-712 digest that the owner signs, also the key of the intent's state.
    /// @param intent The intent.
    /// @return The digest.
    function hashIntent(PaymentIntent calldata intent) external view returns (bytes32);

    /// @notice State of a recurring intent (one-off intents record their run by spending the nonce: see
    ///         `nonceUsed`).
    /// @param intentHash The intent's digest.
    /// @return runs Runs so far.
    /// @return lastRun Timestamp of the last run.
    /// @return cancelled Whether it was cancelled.
    function intentState(bytes32 intentHash) external view returns (uint256 runs, uint256 lastRun, bool cancelled);

    /// @notice Whether `owner`'s `nonce` is spent or invalidated.
    /// @param owner The owner.
    /// @param nonce The nonce.
    /// @return True when spent.
    function nonceUsed(address owner, uint256 nonce) external view returns (bool);

    /// @notice A word of `owner`'s nonce bitmap.
    /// @param owner The owner.
    /// @param wordPos The word.
    /// @return The bitmap.
    function nonceBitmap(address owner, uint256 wordPos) external view returns (uint256);
}
