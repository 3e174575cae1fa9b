// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title MockTBill
/// @notice Test-only tokenized treasury bill: 6 decimals and transfers restricted to an allowlist, as permissioned
///         real-world-asset tokens are (the issuer's transfer agent keeps the list). The issuer mints to allowlisted
///         holders. Deployed on local chains and testnets only, beside a mock NAV feed.
/// @custom:security-contact security@quartet.example
contract MockTBill is ERC20, Ownable {
    /// @notice Who may send and receive the token.
    mapping(address account => bool) public allowed;

    /// @notice Emitted when the issuer adds an account to the allowlist or removes it.
    /// @param account The holder.
    /// @param isAllowed Whether it may hold and move the token.
    event AllowlistSet(address indexed account, bool isAllowed);

    /// @notice Thrown when a transfer, mint or burn involves an account off the allowlist.
    /// @param account The account that is not allowlisted.
    error NotAllowlisted(address account);

    /// @notice Deploys the token with `issuer` as its owner (allowlisted).
    /// @param issuer Manages the allowlist and mints.
    constructor(address issuer) ERC20("Tokenized T-Bill (Quartet test)", "TBILL") Ownable(issuer) {
        allowed[issuer] = true;
        emit AllowlistSet(issuer, true);
    }

    /// @notice Adds `account` to the allowlist or removes it (issuer only).
    /// @param account The holder.
    /// @param isAllowed Whether it may hold and move the token.
    function setAllowed(address account, bool isAllowed) external onlyOwner {
        allowed[account] = isAllowed;
        emit AllowlistSet(account, isAllowed);
    }

    /// @notice Mints `amount` to an allowlisted `to` (issuer only).
    /// @param to Recipient.
    /// @param amount Amount in token units (6 decimals).
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @dev Both ends of every movement must be allowlisted (the zero address of a mint or burn excepted).
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && !allowed[from]) revert NotAllowlisted(from);
        if (to != address(0) && !allowed[to]) revert NotAllowlisted(to);
        super._update(from, to, value);
    }
}
