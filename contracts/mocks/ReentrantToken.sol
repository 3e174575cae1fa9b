// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

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
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory reason) = target.call(_payload); // any calldata: that is the test double's job
            if (!ok) {
                // solhint-disable-next-line no-inline-assembly
                assembly ("memory-safe") {
                    // bubble the callee's revert data unchanged
                    revert(add(reason, 32), mload(reason))
                }
            }
        }
        super._update(from, to, value);
    }
}
