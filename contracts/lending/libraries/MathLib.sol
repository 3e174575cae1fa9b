// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @dev 1.0 as an 18-decimal fixed-point number.
uint256 constant WAD = 1e18;
/// @dev 100% in basis points.
uint256 constant BPS = 10_000;

/// @title MathLib
/// @notice Fixed-point helpers whose names say their rounding direction.
/// @custom:security-contact security@quartet.example
library MathLib {
    /// @dev x * y / WAD, rounded down.
    function wMulDown(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, y, WAD);
    }

    /// @dev x * y / WAD, rounded up.
    function wMulUp(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, y, WAD, Math.Rounding.Ceil);
    }

    /// @dev x * WAD / y, rounded down.
    function wDivDown(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, WAD, y);
    }

    /// @dev x * y / d, rounded down.
    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return Math.mulDiv(x, y, d);
    }

    /// @dev x * y / d, rounded up.
    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return Math.mulDiv(x, y, d, Math.Rounding.Ceil);
    }

    /// @dev x * bps / BPS, rounded down.
    function bpsMulDown(uint256 x, uint256 bps) internal pure returns (uint256) {
        return Math.mulDiv(x, bps, BPS);
    }

    /// @dev x * bps / BPS, rounded up.
    function bpsMulUp(uint256 x, uint256 bps) internal pure returns (uint256) {
        return Math.mulDiv(x, bps, BPS, Math.Rounding.Ceil);
    }

    /// @dev e^(x*n) - 1 by its first three Taylor terms, for a rate x per second over n seconds. It
    ///      under-approximates continuous compounding slightly; being a polynomial, it never overflows for
    ///      rates and periods the interest model allows (≤ 1000%/yr over ≤ 100 years).
    function wTaylorCompounded(uint256 x, uint256 n) internal pure returns (uint256) {
        uint256 firstTerm = x * n;
        uint256 secondTerm = mulDivDown(firstTerm, firstTerm, 2 * WAD);
        uint256 thirdTerm = mulDivDown(secondTerm, firstTerm, 3 * WAD);
        return firstTerm + secondTerm + thirdTerm;
    }
}
