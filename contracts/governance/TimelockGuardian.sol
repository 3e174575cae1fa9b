// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {Roles} from "../access/Roles.sol";
import {ITimelockGuardian} from "./interfaces/ITimelockGuardian.sol";

/// @title TimelockGuardian
/// @notice The guardian's veto over queued timelock operations of either house, and nothing else.
/// @dev Holds CANCELLER_ROLE on both timelocks (granted at deployment, before the deployer renounces their admin);
///      `setGuardian` is `restricted` and mapped to no role, so only the AccessManager's ADMIN (the token house's
///      timelock) may call it.
/// @custom:security-contact security@quartet.example
contract TimelockGuardian is ITimelockGuardian, AccessManaged {
    bytes32 private constant _CANCELLER_ROLE = keccak256("CANCELLER_ROLE");

    address private _guardian;

    /// @notice Deploys the veto with its first guardian.
    /// @param authority The AccessManager whose ADMIN may replace the guardian.
    /// @param initialGuardian The first guardian (zero: none until governance appoints one).
    constructor(address authority, address initialGuardian) AccessManaged(authority) {
        _setGuardian(initialGuardian);
    }

    /// @inheritdoc ITimelockGuardian
    function setGuardian(address newGuardian) external override restricted {
        _setGuardian(newGuardian);
    }

    /// @inheritdoc ITimelockGuardian
    function veto(
        TimelockController timelock,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 predecessor,
        bytes32 salt
    ) external override returns (bytes32 id) {
        address guardian_ = _guardian;
        if (msg.sender != guardian_ || guardian_ == address(0)) revert GuardianUnauthorized(msg.sender);
        id = timelock.hashOperationBatch(targets, values, payloads, predecessor, salt);
        // Only the AccessManager's ADMIN (the token house) replaces the guardian: the same calls queued by any other
        // timelock (the Citizens' House revoking the veto's CANCELLER_ROLE on itself) are vetoed like any others.
        if (isGuardianReplacement(targets, values, payloads) && _isAdmin(address(timelock))) {
            revert GuardianCannotVetoItsReplacement(id);
        }
        emit OperationVetoed(address(timelock), id, guardian_);
        timelock.cancel(id);
    }

    /// @inheritdoc ITimelockGuardian
    function guardian() external view override returns (address) {
        return _guardian;
    }

    /// @inheritdoc ITimelockGuardian
    function isGuardianReplacement(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads
    ) public view override returns (bool) {
        uint256 length = targets.length;
        if (values.length != length || payloads.length != length) {
            revert GuardianInvalidOperationLength(length, values.length, payloads.length);
        }
        if (length == 0) return false;
        for (uint256 i = 0; i < length; ++i) {
            if (values[i] != 0 || !_isReplacementCall(targets[i], payloads[i])) return false;
        }
        return true;
    }

    /// @dev Whether one call only appoints or removes a guardian: this contract's `setGuardian`, the AccessManager's
    ///      grant or revoke of GUARDIAN, or a revoke of this contract's CANCELLER_ROLE. Exact lengths, so no call
    ///      smuggles extra data into a function that ignores it.
    function _isReplacementCall(address target, bytes calldata payload) private view returns (bool) {
        if (payload.length < 4) return false;
        bytes4 selector = bytes4(payload[:4]);
        if (target == address(this)) {
            return selector == ITimelockGuardian.setGuardian.selector && payload.length == 36;
        }
        if (target == authority()) {
            if (selector == IAccessManager.revokeRole.selector && payload.length == 68) {
                return uint256(bytes32(payload[4:36])) == Roles.GUARDIAN;
            }
            if (selector == IAccessManager.grantRole.selector && payload.length == 100) {
                return uint256(bytes32(payload[4:36])) == Roles.GUARDIAN;
            }
            return false;
        }
        return
            keccak256(payload) ==
            keccak256(abi.encodeCall(IAccessControl.revokeRole, (_CANCELLER_ROLE, address(this))));
    }

    function _isAdmin(address account) private view returns (bool isAdmin) {
        (isAdmin, ) = IAccessManager(authority()).hasRole(Roles.ADMIN, account);
    }

    function _setGuardian(address newGuardian) private {
        emit GuardianSet(_guardian, newGuardian);
        _guardian = newGuardian;
    }
}
