// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title MockERC20
/// @notice Test-only ERC-20 with configurable decimals, EIP-2612 permit and open minting.
/// @dev Never deployed by non-local modules.
/// @custom:security-contact security@quartet.example
contract MockERC20 is ERC20, ERC20Permit {
    uint8 private immutable _DECIMALS;

    /// @notice Deploys a test token.
    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Token decimals (6, 8 and 18 are the cases the protocol is tested with).
    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) ERC20Permit(name_) {
        _DECIMALS = decimals_;
    }

    /// @notice Mints `amount` to `to`; anyone may call it (test token).
    /// @param to Recipient.
    /// @param amount Amount in token units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _DECIMALS;
    }
}
