// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BrokenFeed
/// @notice Test-only Chainlink-shaped feed that fails the ways a real one can: it reverts, returns too little data,
///         floods the caller with return data, or burns all the gas it is given. `decimals()` always works, so an oracle accepts it first.
/// @custom:security-contact security@quartet.example
contract BrokenFeed {
    /// @notice How `latestRoundData` fails.
    enum Mode {
        Revert,
        ShortData,
        HugeData,
        BurnGas
    }

    /// @notice The current failure.
    Mode public mode;

    /// @notice Thrown by `latestRoundData` in `Revert` mode.
    error FeedDeprecated();

    /// @notice Chooses the failure.
    /// @param mode_ The new mode.
    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @notice Eight decimals, like Chainlink's USD feeds.
    /// @return 8.
    function decimals() external pure returns (uint8) {
        return 8;
    }

    /// @notice Fails according to `mode`.
    function latestRoundData() external view {
        Mode m = mode;
        if (m == Mode.Revert) revert FeedDeprecated();
        if (m == Mode.BurnGas) {
            uint256 x;
            while (gasleft() > 1_000) x = uint256(keccak256(abi.encode(x)));
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // ShortData: one word; HugeData: 100 kB of a valid-looking answer.
            let size := 32
            if eq(m, 2) {
                size := 100000
            }
            mstore(0, 1)
            return(0, size)
        }
    }
}
