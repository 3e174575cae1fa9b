// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICreatorCoins} from "../social/interfaces/ICreatorCoins.sol";

// A test double that must call the market with arbitrary calldata from its receive hook and bubble reverts as-is.
// solhint-disable avoid-low-level-calls, no-inline-assembly, no-complex-fallback

/// @title CoinTraderMock
/// @notice Test-only contract account of the CreatorCoins market (a buyer, a seller, a creator or the treasury): it
///         can reject ETH, or re-enter the market once from its `receive` (a refund, proceeds, fees) with a call set
///         in advance, and records what the re-entry got.
/// @custom:security-contact security@quartet.example
contract CoinTraderMock {
    /// @notice The ETH sent to this contract was refused (`acceptEth` is false).
    error EthRefused(uint256 amount);

    ICreatorCoins private immutable _COINS;
    bytes private _reentry;

    /// @notice Whether `receive` takes ETH.
    bool public acceptEth = true;
    /// @notice Whether the re-entrant call went through.
    bool public reentered;
    /// @notice The revert data of the re-entrant call, if it reverted.
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

    /// @notice Sets the call `receive` makes to the market the next time ETH arrives (empty: none).
    /// @param data The calldata.
    function setReentry(bytes calldata data) external {
        _reentry = data;
    }

    /// @notice Calls the market with `data` and the ETH sent along, bubbling up its revert.
    /// @param data The calldata.
    /// @return result What the market returned.
    function act(bytes calldata data) external payable returns (bytes memory result) {
        bool ok;
        (ok, result) = address(_COINS).call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }

    /// @notice Takes ETH when `acceptEth`; makes the re-entrant call once when one is set.
    receive() external payable {
        if (!acceptEth) revert EthRefused(msg.value);
        bytes memory data = _reentry;
        if (data.length == 0) return;
        delete _reentry;
        (bool ok, bytes memory result) = address(_COINS).call(data);
        if (ok) reentered = true;
        else reentryError = result;
    }
}
