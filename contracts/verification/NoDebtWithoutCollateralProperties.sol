// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LendingMathMirror as M} from "./LendingMathMirror.sol";

/// @title NoDebtWithoutCollateralProperties
/// @notice SMTChecker harness (CHC engine, any sequence of transactions): "no debt survives the last collateral".
///         One account with one collateral position and debts in two assets, moved by the pool's rules: supply for
///         oneself, borrow only against collateral, withdraw only while what stays covers the debt (the health
///         check), repay anything, and liquidations that seize at most the collateral and, when what is left is
///         worth less than the dust value, write every debt off (LendingPool._realizeBadDebt). Invariant: no
///         collateral left ⇒ no debt.
/// @dev Values stand for amounts at a fixed price; price moves do not empty positions, so they need no step here.
///      A supply on someone's behalf is absent on purpose: it never touches the account's collateral. Never deployed.
/// @custom:security-contact security@quartet.example
/// @custom:smtchecker chc assert
contract NoDebtWithoutCollateralProperties {
    /// @dev LendingPool.DUST_COLLATERAL_VALUE.
    uint256 internal constant DUST = 1e18;

    uint256 private _collateral;
    uint256 private _debtA;
    uint256 private _debtB;

    /// @notice supply for oneself (collateral enabled).
    /// @param amount Value supplied.
    function supply(uint256 amount) external {
        M.assume(amount <= 2 ** 128 && _collateral <= 2 ** 128);
        _collateral += amount;
    }

    /// @notice borrow: refused without collateral to cover the new debt.
    /// @param amount Value borrowed.
    /// @param inA Which debt asset.
    function borrow(uint256 amount, bool inA) external {
        M.assume(amount <= 2 ** 128 && _debtA <= 2 ** 128 && _debtB <= 2 ** 128);
        M.assume(_debtA + _debtB + amount < _collateral); // the borrow-limit check, LTV < 1
        if (inA) _debtA += amount;
        else _debtB += amount;
    }

    /// @notice withdraw: with debt, what stays must still exceed it (the borrow-limit check).
    /// @param amount Value withdrawn.
    function withdraw(uint256 amount) external {
        M.assume(amount <= _collateral);
        if (_debtA + _debtB != 0) M.assume(_debtA + _debtB < _collateral - amount);
        _collateral -= amount;
    }

    /// @notice repay, by anyone.
    /// @param amount Value repaid.
    /// @param inA Which debt asset.
    function repay(uint256 amount, bool inA) external {
        if (inA) {
            M.assume(amount <= _debtA);
            _debtA -= amount;
        } else {
            M.assume(amount <= _debtB);
            _debtB -= amount;
        }
    }

    /// @notice liquidate: repays part of one debt, seizes at most the collateral, then writes everything off once
    ///         the collateral left is dust.
    /// @param repaid Value repaid.
    /// @param seized Value seized.
    /// @param inA Which debt asset is repaid.
    function liquidate(uint256 repaid, uint256 seized, bool inA) external {
        M.assume(seized <= _collateral);
        if (inA) {
            M.assume(repaid <= _debtA);
            _debtA -= repaid;
        } else {
            M.assume(repaid <= _debtB);
            _debtB -= repaid;
        }
        _collateral -= seized;
        if (_collateral < DUST) {
            _debtA = 0;
            _debtB = 0;
        }
    }

    /// @notice The invariant, checkable after any sequence of calls.
    function invariant() external view {
        if (_collateral == 0) assert(_debtA == 0 && _debtB == 0);
    }
}
