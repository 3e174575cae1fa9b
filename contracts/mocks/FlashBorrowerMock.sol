// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {ILendingPool} from "../lending/interfaces/ILendingPool.sol";
import {OracleSwapMock} from "./OracleSwapMock.sol";

/// @title FlashBorrowerMock
/// @notice Test-only ERC-3156 borrower. `Repay` only approves the loan plus fee back; `RecordAndRepay` also records
///         the callback's initiator and fee; `NoApproval` approves nothing;
///         `WrongReturn` returns another value; `Liquidate` is a liquidator without capital: it repays an unhealthy
///         account's debt with the loan, sells the seized collateral (to an `OracleSwapMock`, standing in for a DEX)
///         and repays the loan from the proceeds, keeping the bonus.
/// @custom:security-contact security@quartet.example
contract FlashBorrowerMock is IERC3156FlashBorrower {
    /// @notice What the callback does.
    enum Mode {
        Repay,
        NoApproval,
        WrongReturn,
        Liquidate,
        RecordAndRepay,
        LiquidateIntoShares
    }

    /// @notice The pool it borrows from.
    ILendingPool public immutable pool;
    /// @notice The current behaviour.
    Mode public mode;
    /// @notice The last callback's arguments, for the tests to read.
    address public lastInitiator;
    /// @notice Fee of the last loan.
    uint256 public lastFee;

    /// @notice Thrown when someone other than the pool calls `onFlashLoan`.
    /// @param caller The caller.
    error UntrustedLender(address caller);

    /// @notice Sets the pool.
    /// @param pool_ The lending pool.
    constructor(ILendingPool pool_) {
        pool = pool_;
    }

    /// @notice Chooses the behaviour.
    /// @param mode_ The new mode.
    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @notice Approves the pool once for good, as a borrower that runs many loans does.
    /// @param token The token the pool will pull back.
    function approveLender(address token) external {
        IERC20(token).approve(address(pool), type(uint256).max);
    }

    /// @notice Starts a flash loan.
    /// @param token Asset to borrow.
    /// @param amount Amount.
    /// @param data Passed to the callback (for `Liquidate`: abi-encoded borrower, collateral asset and swapper).
    function borrow(address token, uint256 amount, bytes calldata data) external {
        pool.flashLoan(this, token, amount, data);
    }

    /// @inheritdoc IERC3156FlashBorrower
    function onFlashLoan(
        address initiator,
        address token,
        uint256 amount,
        uint256 fee,
        bytes calldata data
    ) external returns (bytes32) {
        if (msg.sender != address(pool)) revert UntrustedLender(msg.sender);
        Mode m = mode;
        if (m == Mode.RecordAndRepay) (lastInitiator, lastFee) = (initiator, fee);
        if (m == Mode.WrongReturn) return keccak256("wrong");
        if (m == Mode.Liquidate) {
            (address borrower, address collateral, OracleSwapMock swapper) = abi.decode(
                data,
                (address, address, OracleSwapMock)
            );
            IERC20(token).approve(address(pool), amount);
            uint256 seized = pool.liquidate(borrower, token, collateral, amount, address(this), false);
            IERC20(collateral).approve(address(swapper), seized);
            swapper.swap(collateral, token, seized);
        }
        if (m == Mode.LiquidateIntoShares) {
            // Takes the seized collateral as supply shares, withdraws them and sells them (for a permissioned asset,
            // to its redemption desk at NAV): the path of a collateral that must stay inside the pool until redeemed.
            (address borrower, address collateral, OracleSwapMock swapper) = abi.decode(
                data,
                (address, address, OracleSwapMock)
            );
            IERC20(token).approve(address(pool), amount);
            pool.liquidate(borrower, token, collateral, amount, address(this), true);
            uint256 withdrawn = pool.withdraw(collateral, type(uint256).max, address(this));
            IERC20(collateral).approve(address(swapper), withdrawn);
            swapper.swap(collateral, token, withdrawn);
        }
        if (m != Mode.NoApproval && IERC20(token).allowance(address(this), address(pool)) < amount + fee) {
            IERC20(token).approve(address(pool), amount + fee);
        }
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}
