// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

// A test double whose whole purpose is hostile low-level behaviour: burning every unit of gas, or reverting with
// arbitrary amounts of data.
// solhint-disable no-inline-assembly

/// @title HostileToken
/// @notice Test-only ERC-20 whose transfers, by mode, behave, burn all the gas they are given, or revert with
///         `revertSize` bytes of data (a hostile token's way to make an executor copy and log a huge reason).
/// @custom:security-contact security@quartet.example
contract HostileToken is ERC20 {
    /// @notice How transfers behave.
    enum Mode {
        Normal,
        BurnGas,
        RevertWithData,
        ForgeLogs // transfers work, and emit an IntentExecuted look-alike for `forgedHash`
    }

    /// @notice The current mode.
    Mode public mode;
    /// @notice Bytes of revert data in `Mode.RevertWithData`.
    uint256 public revertSize;

    /// @notice The intent hash that `Mode.ForgeLogs` claims was executed.
    bytes32 public forgedHash;

    /// @notice The executor's event signature, emitted by this token to fool keepers that believe any log.
    /// @param intentHash The forged intent hash.
    /// @param owner Forged.
    /// @param executor Forged.
    /// @param amount Forged.
    /// @param fee Forged.
    /// @param run Forged.
    event IntentExecuted(
        bytes32 indexed intentHash,
        address indexed owner,
        address indexed executor,
        uint256 amount,
        uint256 fee,
        uint256 run
    );

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

    /// @notice Sets the intent hash that forged logs name (test double: anyone may call it).
    /// @param hash The hash.
    function setForgedHash(bytes32 hash) external {
        forgedHash = hash;
        emit Configured(mode, revertSize);
    }

    function _update(address from, address to, uint256 value) internal override {
        Mode current = mode;
        if (from != address(0) && current == Mode.ForgeLogs) emit IntentExecuted(forgedHash, from, to, value, 0, 1);
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
