// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

import {IPriceOracle} from "../interfaces/IPriceOracle.sol";

/// @title SequencerLib
/// @notice Reads Chainlink's L2 sequencer-uptime feed (answer 0 = up, 1 = down; startedAt = since when). One reading
///         for the oracle's `price` and for the lending pool's sentinel, which caches the oracle's (immutable) feed
///         and grace period so that a borrow or a liquidation reads the feed directly.
/// @custom:security-contact security@quartet.example
library SequencerLib {
    /// @dev Up with `upSince` zero without a feed. A feed never initialised counts as down; a start time within the
    ///      grace period, or in the future, as the grace period.
    function status(
        address feed,
        uint256 gracePeriod
    ) internal view returns (IPriceOracle.SequencerStatus, uint256 upSince) {
        if (feed == address(0)) return (IPriceOracle.SequencerStatus.Up, 0);
        (, int256 answer, uint256 startedAt, , ) = AggregatorV3Interface(feed).latestRoundData();
        if (answer != 0 || startedAt == 0) return (IPriceOracle.SequencerStatus.Down, 0);
        if (startedAt > block.timestamp || block.timestamp - startedAt <= gracePeriod) {
            return (IPriceOracle.SequencerStatus.GracePeriod, startedAt);
        }
        return (IPriceOracle.SequencerStatus.Up, startedAt);
    }
}
