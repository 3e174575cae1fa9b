// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IPriceOracle
/// @notice USD prices for Quartet's assets, read from Chainlink feeds with staleness and L2 sequencer-uptime checks.
/// @custom:security-contact security@quartet.example
interface IPriceOracle {
    /// @notice A feed registered for an asset.
    /// @param feed Chainlink AggregatorV3Interface (USD-denominated).
    /// @param heartbeat Maximum age of an answer, in seconds, before it counts as stale.
    /// @param decimals The feed's decimals, cached at registration.
    struct FeedConfig {
        address feed;
        uint32 heartbeat;
        uint8 decimals;
    }

    /// @notice The L2 sequencer as the lending pool's sentinel sees it (after Aave v3's PriceOracleSentinel).
    /// @dev `Up`: prices are trusted. `Down`: no borrowing and no liquidation. `GracePeriod`: back up less than the
    ///      grace period ago; no borrowing, and only deeply unhealthy accounts may be liquidated.
    enum SequencerStatus {
        Up,
        Down,
        GracePeriod
    }

    /// @notice Emitted when an asset's feed is set or replaced.
    /// @param asset The priced asset.
    /// @param feed The Chainlink feed.
    /// @param heartbeat Maximum answer age in seconds.
    event FeedSet(address indexed asset, address indexed feed, uint32 heartbeat);

    /// @notice Thrown when an asset has no feed.
    /// @param asset The asset asked about.
    error FeedNotSet(address asset);
    /// @notice Thrown when a feed answers zero, a negative price or one above MAX_PRICE_WAD, or reports an incomplete
    ///         round.
    /// @param feed The feed.
    /// @param answer The answer it gave.
    error InvalidPrice(address feed, int256 answer);
    /// @notice Thrown when a feed's answer is older than its heartbeat (or from the future).
    /// @param feed The feed.
    /// @param updatedAt When the answer was written.
    /// @param heartbeat The allowed age.
    error StalePrice(address feed, uint256 updatedAt, uint256 heartbeat);
    /// @notice Thrown when the L2 sequencer-uptime feed reports the sequencer down.
    error SequencerDown();
    /// @notice Thrown when the sequencer came back up less than the grace period ago.
    /// @param upSince When the sequencer came back up.
    /// @param gracePeriod The required wait, in seconds.
    error GracePeriodNotOver(uint256 upSince, uint256 gracePeriod);
    /// @notice Thrown when setting a feed with a zero asset or a zero feed address.
    /// @param asset The asset given.
    /// @param feed The feed given.
    error InvalidFeedAddress(address asset, address feed);
    /// @notice Thrown when setting a feed with a zero heartbeat.
    error InvalidHeartbeat();
    /// @notice Thrown when a feed has more than 18 decimals.
    /// @param decimals The feed's decimals.
    error UnsupportedFeedDecimals(uint8 decimals);

    /// @notice Sets or replaces the Chainlink feed of `asset` (restricted to the risk role).
    /// @param asset The asset to price.
    /// @param feed A USD-denominated Chainlink `AggregatorV3Interface`.
    /// @param heartbeat The feed's heartbeat in seconds; older answers revert `StalePrice`.
    function setFeed(address asset, address feed, uint32 heartbeat) external;

    /// @notice The USD price of one whole unit of `asset`, as a wad (1e18 = $1).
    /// @dev Reverts `SequencerDown`, `GracePeriodNotOver`, `FeedNotSet`, `InvalidPrice` or `StalePrice`.
    /// @param asset The asset.
    /// @return usdWad Price of 10**decimals(asset) units in USD, 18 decimals.
    function price(address asset) external view returns (uint256 usdWad);

    /// @notice The USD price of one whole unit of `asset` if its feed works, without reverting and without looking
    ///         at the sequencer (see `sequencerStatus`).
    /// @dev `ok` is false when the feed is not set, reverts, runs out of its 200k gas, answers zero or below or
    ///      above 1e36 (a wad), reports an incomplete round, or is stale or from the future; `usdWad` is then zero. The lending pool uses this so that one broken feed
    ///      affects only the operations that must price that asset.
    /// @param asset The asset.
    /// @return ok Whether the price can be trusted.
    /// @return usdWad Price of 10**decimals(asset) units in USD, 18 decimals (zero when not ok).
    function tryPrice(address asset) external view returns (bool ok, uint256 usdWad);

    /// @notice The L2 sequencer's status and since when it has been up.
    /// @dev `Up` with `upSince` zero on chains without a sequencer-uptime feed. A feed that was never initialised, or
    ///      whose start time lies in the future, counts as `Down` and `GracePeriod` respectively.
    /// @return status Up, Down or GracePeriod.
    /// @return upSince When the sequencer came back up (zero when down or without a feed).
    function sequencerStatus() external view returns (SequencerStatus status, uint256 upSince);

    /// @notice The feed registered for `asset` (zero feed when none).
    /// @param asset The asset.
    /// @return The feed configuration.
    function feedOf(address asset) external view returns (FeedConfig memory);

    /// @notice The L2 sequencer-uptime feed, or zero on chains without one.
    /// @return The feed address.
    function sequencerUptimeFeed() external view returns (address);

    /// @notice Seconds to wait after the sequencer comes back up before prices are trusted again.
    /// @return The grace period in seconds.
    function gracePeriod() external view returns (uint256);
}
