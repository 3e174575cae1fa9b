// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "./Vm.sol";

/// @title QuartetInvariantTest
/// @notice The base of every invariant suite: the cheatcode handle, the target lists forge asks a test contract for
///         (the same function names forge-std's StdInvariant exposes), and assertions that revert with the values.
abstract contract QuartetInvariantTest {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    FuzzSelector[] private _targetSelectors;

    /// @dev Forge calls only these functions of `target` during the campaign.
    function _target(address target, bytes4[] memory selectors) internal {
        _targetContracts.push(target);
        _targetSelectors.push(FuzzSelector({addr: target, selectors: selectors}));
    }

    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert(string.concat(what, ": ", vm.toString(a), " != ", vm.toString(b)));
    }

    function assertLe(uint256 a, uint256 b, string memory what) internal pure {
        if (a > b) revert(string.concat(what, ": ", vm.toString(a), " > ", vm.toString(b)));
    }

    function assertGe(uint256 a, uint256 b, string memory what) internal pure {
        if (a < b) revert(string.concat(what, ": ", vm.toString(a), " < ", vm.toString(b)));
    }

    function assertTrue(bool ok, string memory what) internal pure {
        if (!ok) revert(what);
    }
}

/// @title HandlerBase
/// @notice What every handler shares: the cheatcode handle, bounded inputs and call counters.
abstract contract HandlerBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Calls that ended with a revert the handler did not list as a legitimate refusal.
    uint256 public unexpectedReverts;
    /// @notice The last such revert's data, for the failure message.
    bytes public lastUnexpected;
    /// @notice Where the last unexpected revert happened.
    string public lastUnexpectedWhere;

    /// @dev `x` mapped into [lo, hi] (uniform enough for fuzzing; hi >= lo).
    function _bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        if (hi <= lo) return lo;
        return lo + (x % (hi - lo + 1));
    }

    function _selector(bytes memory err) internal pure returns (bytes4 sel) {
        if (err.length < 4) return bytes4(0);
        assembly ("memory-safe") {
            sel := mload(add(err, 32))
        }
    }

    function _unexpected(string memory where, bytes memory err) internal {
        ++unexpectedReverts;
        lastUnexpected = err;
        lastUnexpectedWhere = where;
    }
}
