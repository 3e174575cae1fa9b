// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

import {IPriceOracle} from "./interfaces/IPriceOracle.sol";

/// @title PriceOracle
/// @notice Chainlink adapter: one USD feed per asset, normalized to a wad, with per-feed staleness and an optional
///         L2 sequencer-uptime check (Chainlink's L2 Sequencer Uptime Feed: answer 0 = up, 1 = down).
/// @custom:security-contact security@quartet.example
contract PriceOracle is IPriceOracle, AccessManaged {
    /// @inheritdoc IPriceOracle
    address public immutable sequencerUptimeFeed;
    /// @inheritdoc IPriceOracle
    uint256 public immutable gracePeriod;

    mapping(address asset => FeedConfig) private _feeds;

    /// @notice Deploys the oracle.
    /// @param authority The AccessManager that guards `setFeed`.
    /// @param sequencerUptimeFeed_ Chainlink L2 sequencer-uptime feed, or zero where the chain has none.
    /// @param gracePeriod_ Seconds after the sequencer comes back before prices are trusted (Chainlink suggests 3600).
    constructor(address authority, address sequencerUptimeFeed_, uint256 gracePeriod_) AccessManaged(authority) {
        sequencerUptimeFeed = sequencerUptimeFeed_;
        gracePeriod = gracePeriod_;
    }

    /// @inheritdoc IPriceOracle
    function setFeed(address asset, address feed, uint32 heartbeat) external restricted {
        if (asset == address(0) || feed == address(0) || heartbeat == 0) revert InvalidFeed();
        uint8 feedDecimals = AggregatorV3Interface(feed).decimals();
        if (feedDecimals > 18) revert InvalidFeed();
        _feeds[asset] = FeedConfig({feed: feed, heartbeat: heartbeat, decimals: feedDecimals});
        emit FeedSet(asset, feed, heartbeat);
    }

    /// @inheritdoc IPriceOracle
    function price(address asset) external view returns (uint256 usdWad) {
        _checkSequencer();
        FeedConfig memory config = _feeds[asset];
        if (config.feed == address(0)) revert FeedNotSet(asset);

        (uint80 roundId, int256 answer, , uint256 updatedAt, uint80 answeredInRound) = AggregatorV3Interface(
            config.feed
        ).latestRoundData();
        // An answer of zero or below, or a round that never completed, is not a price.
        if (answer <= 0 || updatedAt == 0 || answeredInRound < roundId) revert InvalidPrice(config.feed, answer);
        // A timestamp from the future is as untrustworthy as an old one.
        if (updatedAt > block.timestamp || block.timestamp - updatedAt > config.heartbeat) {
            revert StalePrice(config.feed, updatedAt, config.heartbeat);
        }
        return uint256(answer) * 10 ** (18 - config.decimals);
    }

    /// @inheritdoc IPriceOracle
    function feedOf(address asset) external view returns (FeedConfig memory) {
        return _feeds[asset];
    }

    /// @dev Chainlink's recipe: the sequencer must be up, and up for longer than the grace period, so that users
    ///      had time to react to prices that moved while it was down.
    function _checkSequencer() private view {
        if (sequencerUptimeFeed == address(0)) return;
        (, int256 status, uint256 startedAt, , ) = AggregatorV3Interface(sequencerUptimeFeed).latestRoundData();
        // startedAt == 0 means the feed has not been initialized on this chain yet: treat as down.
        if (status != 0 || startedAt == 0) revert SequencerDown();
        // A start time in the future is as untrustworthy as one within the grace period.
        if (startedAt > block.timestamp || block.timestamp - startedAt <= gracePeriod) {
            revert GracePeriodNotOver(startedAt, gracePeriod);
        }
    }
}
