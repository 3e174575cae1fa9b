// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice Test-only token that burns a fee on every transfer, like some deflationary tokens.
/// @custom:security-contact security@quartet.example
contract FeeOnTransferToken is ERC20 {
    /// @notice Fee taken on each transfer, in basis points.
    uint256 public immutable feeBps;

    /// @notice Deploys the token.
    /// @param feeBps_ Fee per transfer in basis points.
    constructor(uint256 feeBps_) ERC20("Fee Token", "FEE") {
        feeBps = feeBps_;
    }

    /// @notice Mints `amount` to `to` (test token).
    /// @param to Recipient.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = (value * feeBps) / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}

/// @title NoReturnToken
/// @notice Test-only USDT-style token: `transfer`, `transferFrom` and `approve` return nothing.
/// @custom:security-contact security@quartet.example
contract NoReturnToken {
    /// @notice Balances.
    mapping(address account => uint256) public balanceOf;
    /// @notice Allowances.
    mapping(address owner => mapping(address spender => uint256)) public allowance;
    /// @notice Decimals (USDT has 6).
    uint8 public constant decimals = 6;

    /// @notice Thrown when a balance or allowance is too low.
    error Insufficient();

    /// @notice Mints `amount` to `to` (test token).
    /// @param to Recipient.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    /// @notice Approves without returning a value.
    /// @param spender Spender.
    /// @param amount Allowance.
    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
    }

    /// @notice Transfers without returning a value.
    /// @param to Recipient.
    /// @param amount Amount.
    function transfer(address to, uint256 amount) external {
        _move(msg.sender, to, amount);
    }

    /// @notice Transfers from an allowance without returning a value.
    /// @param from Owner.
    /// @param to Recipient.
    /// @param amount Amount.
    function transferFrom(address from, address to, uint256 amount) external {
        if (allowance[from][msg.sender] < amount) revert Insufficient();
        allowance[from][msg.sender] -= amount;
        _move(from, to, amount);
    }

    function _move(address from, address to, uint256 amount) private {
        if (balanceOf[from] < amount) revert Insufficient();
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}

/// @title ReentrantToken
/// @notice Test-only token that, once armed, calls a target with given calldata from inside `transferFrom` and
///         `transfer`, to prove that reentrancy is blocked. The call's revert reason is bubbled up.
/// @custom:security-contact security@quartet.example
contract ReentrantToken is ERC20 {
    address private _target;
    bytes private _payload;

    /// @notice Deploys the token.
    constructor() ERC20("Reentrant", "REENTER") {}

    /// @notice Mints `amount` to `to` (test token).
    /// @param to Recipient.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the callback: the next transfer calls `target` with `payload`.
    /// @param target Contract to call back.
    /// @param payload Calldata.
    function arm(address target, bytes calldata payload) external {
        _target = target;
        _payload = payload;
    }

    function _update(address from, address to, uint256 value) internal override {
        address target = _target;
        if (target != address(0)) {
            _target = address(0);
            (bool ok, bytes memory reason) = target.call(_payload);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(reason, 32), mload(reason))
                }
            }
        }
        super._update(from, to, value);
    }
}
