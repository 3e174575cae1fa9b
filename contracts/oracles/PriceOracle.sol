// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

import {IPriceOracle} from "./interfaces/IPriceOracle.sol";
import {SequencerLib} from "./libraries/SequencerLib.sol";

/// @title PriceOracle
/// @notice Chainlink adapter: one USD feed per asset, normalized to a wad, with per-feed staleness and an optional
///         L2 sequencer-uptime check (Chainlink's L2 Sequencer Uptime Feed: answer 0 = up, 1 = down).
/// @custom:security-contact security@quartet.example
contract PriceOracle is IPriceOracle, AccessManaged {
    /// @inheritdoc IPriceOracle
    address public immutable sequencerUptimeFeed;
    /// @inheritdoc IPriceOracle
    uint256 public immutable gracePeriod;

    /// @notice Highest price the oracle reports ($1e18 per whole token): above it an answer is invalid, so that no
    ///         value a pool computes from it can overflow.
    uint256 public constant MAX_PRICE_WAD = 1e36;
    // Gas a feed read may use: a Chainlink proxy and aggregator need ~20k; a feed that burns more is broken.
    uint256 private constant _FEED_GAS = 200_000;

    mapping(address asset => FeedConfig) private _feeds;

    /// @dev A feed answer's verdict.
    enum Answer {
        Usable,
        Invalid,
        Stale
    }

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
        if (asset == address(0) || feed == address(0)) revert InvalidFeedAddress(asset, feed);
        if (heartbeat == 0) revert InvalidHeartbeat();
        uint8 feedDecimals = AggregatorV3Interface(feed).decimals();
        if (feedDecimals > 18) revert UnsupportedFeedDecimals(feedDecimals);
        _feeds[asset] = FeedConfig({feed: feed, heartbeat: heartbeat, decimals: feedDecimals});
        emit FeedSet(asset, feed, heartbeat);
    }

    /// @inheritdoc IPriceOracle
    function price(address asset) external view returns (uint256 usdWad) {
        (SequencerStatus status, uint256 upSince) = sequencerStatus();
        if (status == SequencerStatus.Down) revert SequencerDown();
        if (status == SequencerStatus.GracePeriod) revert GracePeriodNotOver(upSince, gracePeriod);
        FeedConfig memory config = _feeds[asset];
        if (config.feed == address(0)) revert FeedNotSet(asset);

        (uint80 roundId, int256 answer, , uint256 updatedAt, uint80 answeredInRound) = AggregatorV3Interface(
            config.feed
        ).latestRoundData();
        uint256 scale = 10 ** (18 - config.decimals);
        Answer verdict = _judge(config.heartbeat, scale, roundId, answer, updatedAt, answeredInRound);
        if (verdict == Answer.Invalid) revert InvalidPrice(config.feed, answer);
        if (verdict == Answer.Stale) revert StalePrice(config.feed, updatedAt, config.heartbeat);
        return uint256(answer) * scale;
    }

    /// @inheritdoc IPriceOracle
    function tryPrice(address asset) external view returns (bool ok, uint256 usdWad) {
        FeedConfig memory config = _feeds[asset];
        address feed = config.feed;
        if (feed == address(0)) return (false, 0);
        bytes4 selector = AggregatorV3Interface.latestRoundData.selector;
        bool success;
        uint256 size;
        uint256 roundId;
        int256 answer;
        uint256 updatedAt;
        uint256 answeredInRound;
        // A low-level call that copies at most the five words it reads: a feed that reverts, returns too little or
        // returns a flood of data is a broken feed, not a reason for the caller to revert. (OpenZeppelin's
        // LowLevelCall reads at most two words back; a round is five.)
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            success := staticcall(_FEED_GAS, feed, ptr, 4, ptr, 160)
            size := returndatasize()
            roundId := mload(ptr)
            answer := mload(add(ptr, 32))
            updatedAt := mload(add(ptr, 96))
            answeredInRound := mload(add(ptr, 128))
        }
        if (!success || size < 160) return (false, 0);
        uint256 scale = 10 ** (18 - config.decimals);
        if (_judge(config.heartbeat, scale, roundId, answer, updatedAt, answeredInRound) != Answer.Usable) {
            return (false, 0);
        }
        return (true, uint256(answer) * scale);
    }

    /// @inheritdoc IPriceOracle
    function sequencerStatus() public view returns (SequencerStatus status, uint256 upSince) {
        return SequencerLib.status(sequencerUptimeFeed, gracePeriod);
    }

    /// @inheritdoc IPriceOracle
    function feedOf(address asset) external view returns (FeedConfig memory) {
        return _feeds[asset];
    }

    /// @dev An answer of zero or below, above MAX_PRICE_WAD, or of a round that never completed, is not a price; a
    ///      timestamp older than the heartbeat or from the future is not a current one.
    function _judge(
        uint256 heartbeat,
        uint256 scale,
        uint256 roundId,
        int256 answer,
        uint256 updatedAt,
        uint256 answeredInRound
    ) private view returns (Answer) {
        if (answer <= 0 || updatedAt == 0 || answeredInRound < roundId) return Answer.Invalid;
        if (uint256(answer) > MAX_PRICE_WAD / scale) return Answer.Invalid;
        if (updatedAt > block.timestamp || block.timestamp - updatedAt > heartbeat) return Answer.Stale;
        return Answer.Usable;
    }
}
