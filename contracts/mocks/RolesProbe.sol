// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Roles} from "../access/Roles.sol";

/// @title RolesProbe
/// @notice Test-only: exposes the Roles library's constants so the TypeScript mirror can be checked against them.
/// @custom:security-contact security@quartet.example
contract RolesProbe {
    /// @notice Every role id, in declaration order.
    /// @return ids ADMIN, GUARDIAN, RISK, VERIFIER, TREASURY, CITIZENS.
    function all() external pure returns (uint64[6] memory ids) {
        return [Roles.ADMIN, Roles.GUARDIAN, Roles.RISK, Roles.VERIFIER, Roles.TREASURY, Roles.CITIZENS];
    }
}
