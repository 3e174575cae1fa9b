// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title MockERC1271Wallet
/// @notice Test-only smart wallet: accepts a hash its owner EOA signed, or (by mode) answers a wrong value or
///         reverts; `setWork` makes every check burn gas like an expensive multisig verification.
/// @custom:security-contact security@quartet.example
contract MockERC1271Wallet is IERC1271 {
    /// @notice How `isValidSignature` answers.
    enum Mode {
        Valid, // the ERC-1271 magic value when the owner signed the hash, 0xffffffff otherwise
        WrongValue, // always a value that is not the magic value
        Reverts, // always reverts
        IgnoresTrailingBytes // as Valid, reading only the first 65 bytes (Safe-style): anyone can pad a signature
    }

    /// @notice The EOA whose signatures the wallet accepts.
    address public immutable owner;
    /// @notice The current answering mode.
    Mode public mode;
    /// @notice Rounds of hashing each check performs before answering.
    uint256 public work;

    /// @notice Emitted when the owner changes the mode.
    /// @param mode The new mode.
    event ModeSet(Mode mode);
    /// @notice Emitted when the owner changes the work per check.
    /// @param work Rounds of hashing.
    event WorkSet(uint256 work);

    /// @notice Thrown when someone other than the owner manages the wallet.
    /// @param caller The caller.
    error NotWalletOwner(address caller);
    /// @notice Thrown by `isValidSignature` in `Mode.Reverts`.
    error WalletRejects();

    /// @notice Deploys a wallet for `owner_`.
    /// @param owner_ The EOA that signs for the wallet.
    constructor(address owner_) {
        owner = owner_;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotWalletOwner(msg.sender);
        _;
    }

    /// @notice Sets how the wallet answers signature checks.
    /// @param mode_ The mode.
    function setMode(Mode mode_) external onlyOwner {
        mode = mode_;
        emit ModeSet(mode_);
    }

    /// @notice Sets how many rounds of hashing each check burns.
    /// @param work_ Rounds.
    function setWork(uint256 work_) external onlyOwner {
        work = work_;
        emit WorkSet(work_);
    }

    /// @notice Approves `spender` for the wallet's `token`.
    /// @param token The token.
    /// @param spender The spender.
    /// @param amount The allowance.
    function approve(IERC20 token, address spender, uint256 amount) external onlyOwner {
        token.approve(spender, amount);
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        bytes32 acc = hash;
        for (uint256 i; i < work; ++i) acc = keccak256(abi.encode(acc)); // gas to burn, result unused
        Mode current = mode;
        if (current == Mode.Reverts) revert WalletRejects();
        if (current == Mode.WrongValue) return 0xdeadbeef;
        bytes calldata read =
            current == Mode.IgnoresTrailingBytes && signature.length > 65 ? signature[:65] : signature;
        (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecover(hash, read);
        bool ok = err == ECDSA.RecoverError.NoError && signer == owner;
        return ok ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}
