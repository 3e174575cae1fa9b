// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC1155Holder} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Holder.sol";

import {ICreatorCoins} from "../social/interfaces/ICreatorCoins.sol";
import {ICreatorPasses} from "../social/interfaces/ICreatorPasses.sol";
import {IProfileNFT} from "../social/interfaces/IProfileNFT.sol";

/// @title SocialActorMock
/// @notice Test-only contract account acting on the Social protocol: a creator that rejects ETH (it has no `receive`),
///         and a buyer that can try to re-enter `buy` when it receives a pass.
/// @custom:security-contact security@quartet.example
contract SocialActorMock is ERC1155Holder {
    ICreatorPasses private immutable _PASSES;
    bool private _reenter;

    /// @notice Deploys the actor.
    /// @param passes The CreatorPasses contract it uses.
    constructor(ICreatorPasses passes) {
        _PASSES = passes;
    }

    /// @notice Mints a profile owned by this contract.
    /// @param profiles The ProfileNFT.
    /// @param handle The handle.
    /// @param metadata The metadata.
    /// @return tokenId The profile.
    function mintProfile(
        IProfileNFT profiles,
        string calldata handle,
        IProfileNFT.ProfileMetadata calldata metadata
    ) external returns (uint256 tokenId) {
        return profiles.mint(handle, metadata);
    }

    /// @notice Creates an ETH pass for this contract's profile.
    /// @param profileId The profile.
    /// @param price The price in wei.
    /// @param maxSupply The supply.
    /// @return passId The pass.
    function createPass(uint256 profileId, uint128 price, uint48 maxSupply) external returns (uint256 passId) {
        return _PASSES.createPass(profileId, price, address(0), maxSupply, 0);
    }

    /// @notice Withdraws this contract's ETH credit to `recipient`.
    /// @param recipient Where to send it.
    /// @return amount The amount.
    function withdrawTo(address recipient) external returns (uint256 amount) {
        return _PASSES.withdrawTo(address(0), recipient);
    }

    /// @notice Withdraws this contract's ETH credit to itself (fails: it rejects ETH).
    /// @return amount The amount.
    function withdraw() external returns (uint256 amount) {
        return _PASSES.withdraw();
    }

    /// @notice Withdraws this contract's creator-coin fee credit in `token` to itself (fails for ETH: it rejects ETH).
    /// @param coins The CreatorCoins market.
    /// @param token The token (address(0): ETH).
    /// @return amount The amount.
    function withdrawCoinFees(ICreatorCoins coins, address token) external returns (uint256 amount) {
        return coins.withdraw(token);
    }

    /// @notice Withdraws this contract's creator-coin fee credit in `token` to `recipient`.
    /// @param coins The CreatorCoins market.
    /// @param token The token (address(0): ETH).
    /// @param recipient Where to send it.
    /// @return amount The amount.
    function withdrawCoinFeesTo(
        ICreatorCoins coins,
        address token,
        address recipient
    ) external returns (uint256 amount) {
        return coins.withdrawTo(token, recipient);
    }

    /// @notice Buys a pass with ETH sent along; when `reenter` is set, tries to buy again from the ERC-1155 callback.
    /// @param passId The pass.
    /// @param reenter Whether to re-enter `buy` on receipt.
    function buy(uint256 passId, bool reenter) external payable {
        _reenter = reenter;
        _PASSES.buy{value: msg.value}(passId, 1, msg.value);
    }

    /// @notice ERC-1155 receipt hook; re-enters `buy` when asked to.
    /// @param operator The operator.
    /// @param from The sender.
    /// @param id The pass.
    /// @param value The amount.
    /// @param data Extra data.
    /// @return selector This function's selector.
    function onERC1155Received(
        address operator,
        address from,
        uint256 id,
        uint256 value,
        bytes memory data
    ) public override returns (bytes4 selector) {
        if (_reenter) {
            _reenter = false;
            _PASSES.buy(id, 1, type(uint256).max);
        }
        return super.onERC1155Received(operator, from, id, value, data);
    }
}
