// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title GasGriefToken
/// @notice Test-only hostile token that burns all the gas it is given on transfers — always, or only in
///         transactions that pay for gas (so a simulation at gas price 0 sees a well-behaved token) — to check that
///         a keeper cannot be made to waste its batches on it.
/// @custom:security-contact security@quartet.example
contract GasGriefToken is ERC20 {
    /// @notice When transfers burn all their gas.
    enum Mode {
        Off, // never: a normal token
        WhenGasPriced, // only when tx.gasprice != 0, i.e. not in a gas-free eth_call
        Always // on every transfer
    }

    /// @notice The current mode.
    Mode public mode;

    /// @notice Emitted when the mode changes.
    /// @param mode The new mode.
    event ModeSet(Mode mode);

    /// @notice Deploys the token.
    constructor() ERC20("Gas Grief", "GRIEF") {}

    /// @notice Mints `amount` to `to` (test token).
    /// @param to Recipient.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets when transfers burn their gas (test double: anyone may call it).
    /// @param mode_ The mode.
    function setMode(Mode mode_) external {
        mode = mode_;
        emit ModeSet(mode_);
    }

    function _update(address from, address to, uint256 value) internal override {
        Mode current = mode;
        if (from != address(0) && (current == Mode.Always || (current == Mode.WhenGasPriced && tx.gasprice != 0))) {
            // INVALID consumes every unit of gas left in this frame: the test double's whole purpose.
            // solhint-disable-next-line no-inline-assembly
            assembly {
                invalid()
            }
        }
        super._update(from, to, value);
    }
}
