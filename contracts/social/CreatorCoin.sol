// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title CreatorCoin
/// @notice A creator's ERC-20, minted and burned only by the CreatorCoins market along its bonding curve.
/// @custom:security-contact security@quartet.example
contract CreatorCoin is ERC20 {
    /// @notice Thrown when anyone but the market mints or burns.
    /// @param caller The caller.
    error CreatorCoinOnlyMarket(address caller);

    /// @notice The CreatorCoins market that deployed this coin.
    address public immutable MARKET;
    /// @notice The profile whose coin this is.
    uint256 public immutable PROFILE_ID;

    /// @notice Deployed by the market at launch.
    /// @param name_ The ERC-20 name.
    /// @param symbol_ The ERC-20 symbol.
    /// @param profileId The profile.
    constructor(string memory name_, string memory symbol_, uint256 profileId) ERC20(name_, symbol_) {
        MARKET = msg.sender;
        PROFILE_ID = profileId;
    }

    /// @notice Mints on a buy; only the market.
    /// @param to The buyer.
    /// @param amount Coin wei.
    function mint(address to, uint256 amount) external {
        if (msg.sender != MARKET) revert CreatorCoinOnlyMarket(msg.sender);
        _mint(to, amount);
    }

    /// @notice Burns on a sell; only the market, which burns only the seller's own coins.
    /// @param from The seller.
    /// @param amount Coin wei.
    function burn(address from, uint256 amount) external {
        if (msg.sender != MARKET) revert CreatorCoinOnlyMarket(msg.sender);
        _burn(from, amount);
    }
}
