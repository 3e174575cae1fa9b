// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICreatorCoins} from "../social/interfaces/ICreatorCoins.sol";

/// @title CoinTraderMock
/// @notice Test-only contract account trading creator coins in ETH: it can reject ETH, or re-enter the market's
///         `sell` from its `receive` (a buy's refund or a sell's proceeds) and record what the re-entry got.
/// @custom:security-contact security@quartet.example
contract CoinTraderMock {
    /// @notice The ETH sent to this contract was refused (`acceptEth` is false).
    error EthRefused(uint256 amount);

    ICreatorCoins private immutable _COINS;
    address private _coin;
    bool private _reenter;

    /// @notice Whether `receive` takes ETH.
    bool public acceptEth = true;
    /// @notice Whether the re-entrant `sell` went through.
    bool public reentered;
    /// @notice The revert data of the re-entrant `sell`, if it reverted.
    bytes public reentryError;

    /// @notice Deploys the trader.
    /// @param coins The CreatorCoins market.
    constructor(ICreatorCoins coins) {
        _COINS = coins;
    }

    /// @notice Sets whether `receive` takes ETH.
    /// @param accept True to take it.
    function setAcceptEth(bool accept) external {
        acceptEth = accept;
    }

    /// @notice Buys `amount` of `coin` with the ETH sent along; with `reenter`, sells 1 wei back from the refund.
    /// @param coin The coin.
    /// @param amount The amount.
    /// @param reenter Whether to re-enter `sell` when ETH arrives.
    /// @return cost What the buy cost.
    function buy(address coin, uint256 amount, bool reenter) external payable returns (uint256 cost) {
        (_coin, _reenter) = (coin, reenter);
        return _COINS.buy{value: msg.value}(coin, amount, msg.value, type(uint256).max);
    }

    /// @notice Sells `amount` of `coin`; with `reenter`, sells 1 wei more when the proceeds arrive.
    /// @param coin The coin.
    /// @param amount The amount.
    /// @param reenter Whether to re-enter `sell` when ETH arrives.
    /// @return proceeds What the sale paid.
    function sell(address coin, uint256 amount, bool reenter) external returns (uint256 proceeds) {
        (_coin, _reenter) = (coin, reenter);
        return _COINS.sell(coin, amount, 0, type(uint256).max);
    }

    /// @notice Takes ETH when `acceptEth`; re-enters `sell` once when asked to.
    receive() external payable {
        if (!acceptEth) revert EthRefused(msg.value);
        if (_reenter) {
            _reenter = false;
            try _COINS.sell(_coin, 1, 0, type(uint256).max) {
                reentered = true;
            } catch (bytes memory reason) {
                reentryError = reason;
            }
        }
    }
}
