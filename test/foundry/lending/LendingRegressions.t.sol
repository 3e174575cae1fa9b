// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {LendingSuite} from "./LendingInvariants.t.sol";

/// @title LendingRegressions
/// @notice Sequences a campaign once printed, kept as plain tests: the handler calls exactly as forge's
///         `[Sequence]` lists them (calldata=fn(args) args=[...]), then every invariant. How to add one: see
///         docs/testing.md ("Keeping a failure").
contract LendingRegressions is LendingSuite {
    function _checkAll() internal {
        check_totalsEqualSumOfPositions();
        check_accountingIdentity();
        check_tokenFlow();
        check_configBitmap();
        check_noDebtWithoutCollateral();
        check_unhealthyAreLiquidatable();
        check_repayDisplayedDebt();
        check_handlerGhosts();
        check_noUnexpectedRevert();
    }

    /// @notice Seed 0x5175617274657421 (fuzz:ci), shrunk to 5 calls: after a price move left user 0 above its
    ///         limit, a no-op collateral switch was counted as "an own action leaving debt above the limit". The
    ///         handler now flags only actions that lower the limit or raise the debt; the pool was right.
    function test_regression_noOpCollateralSwitchWhileUnhealthy() public {
        handler.supply(48, 97, 20193, 8818);
        handler.supply(1e12, 4776, 20194, 19217);
        handler.borrow(40, 12415, 172800);
        handler.movePrice(2559501404172493039719849259749869053269405224924938201911, 35936752965835916021895);
        handler.setCollateral(
            40465737458990,
            12198858414698684118179503815038693496838814440126418074893128557246870395524,
            false
        );
        _checkAll();
    }
}
