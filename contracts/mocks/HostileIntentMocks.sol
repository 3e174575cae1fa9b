// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

// Test doubles whose whole purpose is hostile low-level behaviour: burning every unit of gas, reverting or answering
// with arbitrary amounts of raw data.
// solhint-disable no-inline-assembly

/// @title HostileCondition
/// @notice Test-only intent condition that, by mode, answers true, burns all the gas it is given, reverts with
///         `size` bytes of data, or answers with `size` raw bytes of its choosing (the first word is `word`).
/// @custom:security-contact security@quartet.example
contract HostileCondition {
    /// @notice How `check` answers.
    enum Mode {
        True, // a well-formed `true`
        BurnGas, // an endless loop: every unit of gas is spent
        RevertWithData, // reverts with `size` bytes
        ReturnRaw // returns `size` bytes whose first word is `word`
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

/// @title HostileToken
/// @notice Test-only ERC-20 whose transfers, by mode, behave, burn all the gas they are given, or revert with
///         `revertSize` bytes of data (a hostile token's way to make an executor copy and log a huge reason).
/// @custom:security-contact security@quartet.example
contract HostileToken is ERC20 {
    /// @notice How transfers behave.
    enum Mode {
        Normal,
        BurnGas,
        RevertWithData
    }

    /// @notice The current mode.
    Mode public mode;
    /// @notice Bytes of revert data in `Mode.RevertWithData`.
    uint256 public revertSize;

    /// @notice Emitted when the behaviour changes.
    /// @param mode The mode.
    /// @param revertSize Bytes of revert data.
    event Configured(Mode mode, uint256 revertSize);

    /// @notice Deploys the token.
    /// @param name_ Token name (hostile metadata is part of the point).
    /// @param symbol_ Token symbol.
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice Mints `amount` to `to` (test token).
    /// @param to Recipient.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets the behaviour (test double: anyone may call it).
    /// @param mode_ The mode.
    /// @param revertSize_ Bytes of revert data.
    function configure(Mode mode_, uint256 revertSize_) external {
        mode = mode_;
        revertSize = revertSize_;
        emit Configured(mode_, revertSize_);
    }

    function _update(address from, address to, uint256 value) internal override {
        Mode current = mode;
        if (from != address(0) && current == Mode.BurnGas) {
            assembly {
                invalid()
            }
        }
        if (from != address(0) && current == Mode.RevertWithData) {
            uint256 bytesOut = revertSize;
            assembly {
                let ptr := mload(0x40)
                mstore(ptr, 0xdeadbeef00000000000000000000000000000000000000000000000000000000)
                mstore8(add(ptr, sub(bytesOut, 1)), 0x01)
                revert(ptr, bytesOut)
            }
        }
        super._update(from, to, value);
    }
}
