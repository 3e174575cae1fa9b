// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LendingMathMirror as M} from "./LendingMathMirror.sol";

/// @title ReserveAccountingProperties
/// @notice SMTChecker harness (CHC engine, any sequence of transactions): one reserve's totals, updated exactly as
///         LendingPool updates them, never let the pool send out more tokens than it holds. Invariant proved by
///         induction over transactions: tokens held + total borrows ≥ total supply + reserves, and total borrows ≤
///         total supply + reserves. Amounts are free inputs limited only by the pool's own checks (liquidity, caps
///         by the debt, the share conversions' results), so the proof holds whatever the rounding gives.
/// @dev The token balance `_held` moves only by the pool's transfers and by donations. Never deployed.
/// @custom:security-contact security@quartet.example
/// @custom:smtchecker chc assert underflow
contract ReserveAccountingProperties {
    uint256 private _held;
    uint256 private _supplyAssets;
    uint256 private _borrowAssets;
    uint256 private _reserves;

    /// @notice supply: the pool pulls `amount` and credits it to total supply.
    /// @param amount Amount supplied.
    function supply(uint256 amount) external {
        _supplyAssets += amount;
        _held += amount;
    }

    /// @notice Anyone may send tokens to the pool; they enter no total.
    /// @param amount Amount donated.
    function donate(uint256 amount) external {
        _held += amount;
    }

    /// @notice withdraw and a liquidation's seizure: `_requireLiquidity` allows at most supply − borrows out.
    /// @param amount Amount sent out.
    function withdraw(uint256 amount) external {
        _requireLiquidity(amount);
        _supplyAssets -= amount;
        _send(amount);
    }

    /// @notice borrow: liquidity-checked like withdraw, then added to total borrows.
    /// @param amount Amount borrowed.
    function borrow(uint256 amount) external {
        _requireLiquidity(amount);
        _borrowAssets += amount;
        _send(amount);
    }

    /// @notice repay and a liquidation's repayment: total borrows fall by the amount paid, floored at zero (a full
    ///         repayment rounds up and may exceed the total by rounding dust).
    /// @param amount Amount repaid (any: the debt rounding decides it).
    function repay(uint256 amount) external {
        _held += amount;
        _borrowAssets = _borrowAssets > amount ? _borrowAssets - amount : 0;
    }

    /// @notice _accrue: interest adds to borrows; the reserve factor's share goes to reserves, the rest to suppliers.
    /// @param interest Interest over the period.
    /// @param toReserves The reserves' share, at most the interest.
    function accrue(uint256 interest, uint256 toReserves) external {
        M.assume(toReserves <= interest);
        _borrowAssets += interest;
        _supplyAssets += interest - toReserves;
        _reserves += toReserves;
    }

    /// @notice collectReserves: at most the reserves, and at most the idle part supply + reserves − borrows.
    function collectReserves() external {
        uint256 idle = _supplyAssets + _reserves - _borrowAssets;
        uint256 amount = _reserves < idle ? _reserves : idle;
        _reserves -= amount;
        _send(amount);
    }

    /// @notice _realizeBadDebt: a loss of at most total borrows, taken from reserves first, then from suppliers
    ///         (floored at zero).
    /// @param loss The debt written off.
    function realizeBadDebt(uint256 loss) external {
        if (loss > _borrowAssets) loss = _borrowAssets;
        uint256 fromReserves = loss < _reserves ? loss : _reserves;
        uint256 fromSuppliers = loss - fromReserves;
        _reserves -= fromReserves;
        _supplyAssets = _supplyAssets > fromSuppliers ? _supplyAssets - fromSuppliers : 0;
        _borrowAssets -= loss;
    }

    /// @notice The invariant itself, checkable after any sequence of calls.
    function invariant() external view {
        assert(_borrowAssets <= _supplyAssets + _reserves);
        assert(_held + _borrowAssets >= _supplyAssets + _reserves);
    }

    function _requireLiquidity(uint256 amount) private view {
        uint256 available = _supplyAssets > _borrowAssets ? _supplyAssets - _borrowAssets : 0;
        M.assume(amount <= available); // the pool reverts InsufficientLiquidity otherwise
    }

    /// @dev Every token transfer out: the pool must hold what it sends.
    function _send(uint256 amount) private {
        assert(amount <= _held);
        _held -= amount;
    }
}
