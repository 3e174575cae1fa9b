// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Roles
/// @notice The one place that names every AccessManager role of Quartet. Role ids are what
///         `AccessManager.grantRole`, `setTargetFunctionRole` and `hasRole` take.
/// @dev Keep in sync with scripts/lib/roles.ts (a test compares them).
/// @custom:security-contact security@quartet.example
library Roles {
    /// @notice AccessManager's built-in admin role; held by the governance timelock after deployment.
    uint64 internal constant ADMIN = 0;
    /// @notice May pause (never un-pause, never move funds).
    uint64 internal constant GUARDIAN = 1;
    /// @notice Lending risk parameters (asset configs, feeds); held by the timelock.
    uint64 internal constant RISK = 2;
    /// @notice Social attesters: sign and revoke profile verifications.
    uint64 internal constant VERIFIER = 3;
    /// @notice Treasury operations (reserve collection, fee settings); held by the timelock.
    uint64 internal constant TREASURY = 4;
    /// @notice The Citizens' House timelock: a limited set of social and treasury functions.
    uint64 internal constant CITIZENS = 5;
}
