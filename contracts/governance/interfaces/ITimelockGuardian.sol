// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title ITimelockGuardian
/// @notice The guardian's veto, as the security councils of Arbitrum and Optimism hold it: the guardian account may
///         cancel an operation queued in a Quartet timelock (this contract is the timelocks' second CANCELLER, next
///         to their governor) — and nothing else. Governance (the AccessManager's ADMIN, the token house's timelock)
///         replaces or removes the guardian with `setGuardian`.
/// @dev The guardian names the whole operation, not only its id: an operation made only of calls that replace or
///      remove the guardian (`setGuardian`, the AccessManager's grant or revoke of GUARDIAN, the timelock's revoke of
///      this contract's CANCELLER role) cannot be vetoed, so the guardian cannot keep itself in office. Pausing is the
///      AccessManager's GUARDIAN role, granted separately by governance.
/// @custom:security-contact security@quartet.example
interface ITimelockGuardian {
    /// @notice Thrown when an account other than the guardian calls `veto` (also while there is no guardian).
    /// @param caller The rejected caller.
    error GuardianUnauthorized(address caller);

    /// @notice Thrown when the vetoed operation only replaces or removes the guardian.
    /// @param id The operation's id in the timelock.
    error GuardianCannotVetoItsReplacement(bytes32 id);

    /// @notice Thrown when the arrays of an operation differ in length.
    /// @param targets Number of targets.
    /// @param values Number of values.
    /// @param payloads Number of payloads.
    error GuardianInvalidOperationLength(uint256 targets, uint256 values, uint256 payloads);

    /// @notice Emitted when governance sets the guardian.
    /// @param oldGuardian The previous guardian (zero: none).
    /// @param newGuardian The new guardian (zero: removed, nobody can veto).
    event GuardianSet(address indexed oldGuardian, address indexed newGuardian);

    /// @notice Emitted when the guardian cancels a queued operation.
    /// @param timelock The timelock that held the operation.
    /// @param id The cancelled operation's id.
    /// @param guardian The guardian who vetoed it.
    event OperationVetoed(address indexed timelock, bytes32 indexed id, address indexed guardian);

    /// @notice Sets (or, with the zero address, removes) the guardian; restricted to the AccessManager's ADMIN.
    /// @param newGuardian The account that may veto from now on.
    function setGuardian(address newGuardian) external;

    /// @notice Cancels a pending operation of `timelock` (as the governors schedule it: `scheduleBatch`); only the
    ///         guardian. The governor's proposal then reads Canceled. Reverts `TimelockUnexpectedOperationState` when
    ///         the operation is not pending (unknown, already executed or cancelled).
    /// @param timelock A TimelockController where this contract holds CANCELLER_ROLE.
    /// @param targets The operation's targets.
    /// @param values The operation's values.
    /// @param payloads The operation's calldatas.
    /// @param predecessor The operation's predecessor (0 for governor proposals).
    /// @param salt The operation's salt (for a governor proposal: description hash XOR the governor's address).
    /// @return id The cancelled operation's id.
    function veto(
        TimelockController timelock,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 predecessor,
        bytes32 salt
    ) external returns (bytes32 id);

    /// @notice The account that may veto; zero when there is none.
    /// @return The guardian.
    function guardian() external view returns (address);

    /// @notice Whether this operation only replaces or removes the guardian; `veto` refuses such an operation when the
    ///         timelock that queued it is the AccessManager's ADMIN (the token house), and vetoes it on any other.
    /// @param targets The operation's targets.
    /// @param values The operation's values.
    /// @param payloads The operation's calldatas.
    /// @return True when every call of the operation is a guardian replacement or removal.
    function isGuardianReplacement(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads
    ) external view returns (bool);
}
