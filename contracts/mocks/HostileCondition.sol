// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Test doubles whose whole purpose is hostile low-level behaviour: burning every unit of gas, reverting or answering
// with arbitrary amounts of raw data.
// solhint-disable no-inline-assembly

/// @title HostileCondition
/// @notice Test-only intent condition that, by mode, answers true, burns all the gas it is given, reverts with
///         `size` bytes of data, answers with `size` raw bytes of its choosing (the first word is `word`), or spends
///         `size` gas and then answers true.
/// @custom:security-contact security@quartet.example
contract HostileCondition {
    /// @notice How `check` answers.
    enum Mode {
        True, // a well-formed `true`
        BurnGas, // an endless loop: every unit of gas is spent
        RevertWithData, // reverts with `size` bytes
        ReturnRaw, // returns `size` bytes whose first word is `word`
        SpendThenTrue // spends `size` gas, then answers true (an honest but costly condition)
    }

    /// @notice The current mode.
    Mode public mode;
    /// @notice Bytes of revert data or raw answer.
    uint256 public size;
    /// @notice The first word of a raw answer.
    uint256 public word;

    /// @notice Emitted when the behaviour changes.
    /// @param mode The mode.
    /// @param size Bytes of data.
    /// @param word The first word of a raw answer.
    event Configured(Mode mode, uint256 size, uint256 word);

    /// @notice Sets the behaviour (test double: anyone may call it).
    /// @param mode_ The mode.
    /// @param size_ Bytes of revert data or raw answer.
    /// @param word_ The first word of a raw answer.
    function configure(Mode mode_, uint256 size_, uint256 word_) external {
        mode = mode_;
        size = size_;
        word = word_;
        emit Configured(mode_, size_, word_);
    }

    /// @notice The ICondition entry point, hostile by mode.
    /// @return met True in `Mode.True`.
    function check(address, bytes calldata) external view returns (bool met) {
        Mode current = mode;
        if (current == Mode.True) return true;
        if (current == Mode.SpendThenTrue) {
            uint256 start = gasleft();
            uint256 spend = size;
            while (start - gasleft() < spend) {}
            return true;
        }
        if (current == Mode.BurnGas) {
            for (uint256 i; ; ++i) {
                met = i == type(uint256).max;
            }
        }
        uint256 bytesOut = size;
        uint256 first = word;
        bool reverts = current == Mode.RevertWithData;
        assembly {
            let ptr := mload(0x40)
            mstore(ptr, first)
            // Memory past the first word is zero: `bytesOut` bytes are returned or reverted with.
            mstore8(add(ptr, sub(bytesOut, 1)), 0)
            if reverts {
                revert(ptr, bytesOut)
            }
            return(ptr, bytesOut)
        }
    }
}
