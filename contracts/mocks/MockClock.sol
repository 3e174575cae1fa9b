// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";

/// @title MockClock
/// @notice Test-only ERC-6372 clock with a chosen mode string and a lag behind the block timestamp, to check what
///         a governor accepts as a votes source's clock.
/// @dev Never deployed by non-local modules.
/// @custom:security-contact security@quartet.example
contract MockClock is IERC6372 {
    uint48 private immutable _LAG;
    string private _mode;

    /// @notice Deploys a clock.
    /// @param mode_ What `CLOCK_MODE()` returns.
    /// @param lag_ Seconds `clock()` stays behind the block timestamp.
    constructor(string memory mode_, uint48 lag_) {
        _mode = mode_;
        _LAG = lag_;
    }

    /// @inheritdoc IERC6372
    function clock() external view returns (uint48) {
        return uint48(block.timestamp) - _LAG;
    }

    /// @inheritdoc IERC6372
    function CLOCK_MODE() external view returns (string memory) {
        // solhint-disable-previous-line func-name-mixedcase
        return _mode;
    }
}
