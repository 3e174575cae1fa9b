// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title MockERC1271Wallet
/// @notice Test-only ERC-1271 smart wallet: a signature is valid when its owner's key signed the hash.
/// @custom:security-contact security@quartet.example
contract MockERC1271Wallet is IERC1271 {
    address private immutable _OWNER;

    /// @notice Deploys a wallet controlled by `owner`.
    /// @param owner The EOA whose signatures the wallet accepts.
    constructor(address owner) {
        _OWNER = owner;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue) {
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(hash, signature);
        return
            err == ECDSA.RecoverError.NoError && recovered == _OWNER ? IERC1271.isValidSignature.selector : bytes4(0);
    }
}
