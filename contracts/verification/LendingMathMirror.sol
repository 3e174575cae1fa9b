// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title LendingMathMirror
/// @notice The lending math of MathLib and SharesMathLib restated in plain checked Solidity (x * y / d), for the
///         SMTChecker, which cannot see inside OpenZeppelin's `Math.mulDiv` assembly. Each function equals its library
///         twin wherever its intermediate products fit in 256 bits; test/verification/mirror.test.ts fuzzes that
///         equality against the real libraries.
/// @dev Never deployed except by that test. Keep every formula in step with the libraries.
/// @custom:security-contact security@quartet.example
library LendingMathMirror {
    // The libraries' constants, restated rather than imported: importing MathLib drags OpenZeppelin's assembly into
    // every SMTChecker run (twice as slow). The mirror test checks that they are equal.

    /// @dev MathLib's WAD.
    uint256 internal constant WAD = 1e18;
    /// @dev SharesMathLib.VIRTUAL_SHARES.
    uint256 internal constant VIRTUAL_SHARES = 1e6;
    /// @dev SharesMathLib.VIRTUAL_ASSETS.
    uint256 internal constant VIRTUAL_ASSETS = 1;

    /// @dev A harness precondition: the checker explores only inputs that satisfy it. A bare `require`, because BMC
    ///      prunes paths on `require` but not on `if (...) revert E()` inside an inlined call, and does not model the
    ///      custom-error form `require(c, E())`.
    function assume(bool condition) internal pure {
        require(condition); /* an SMTChecker assumption (see @dev) */ // solhint-disable-line reason-string, gas-custom-errors
    }

    /// @dev Math.mulDiv(x, y, d): floor(x * y / d).
    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return (x * y) / d;
    }

    /// @dev Math.mulDiv(x, y, d, Ceil), which is floor(x * y / d) plus one when the division leaves a remainder, written
    ///      as the equal ceil(x * y / d) = floor((x * y + d - 1) / d): one division instead of a division and a branch,
    ///      which z3 reasons about far faster. Equal to the library wherever x * y + d - 1 fits in 256 bits.
    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return (x * y + (d - 1)) / d;
    }

    /// @dev MathLib.wMulDown.
    function wMulDown(uint256 x, uint256 y) internal pure returns (uint256) {
        return mulDivDown(x, y, WAD);
    }

    /// @dev MathLib.wMulUp.
    function wMulUp(uint256 x, uint256 y) internal pure returns (uint256) {
        return mulDivUp(x, y, WAD);
    }

    /// @dev MathLib.wDivDown.
    function wDivDown(uint256 x, uint256 y) internal pure returns (uint256) {
        return mulDivDown(x, WAD, y);
    }

    /// @dev MathLib.wTaylorCompounded.
    function wTaylorCompounded(uint256 x, uint256 n) internal pure returns (uint256) {
        uint256 firstTerm = x * n;
        uint256 secondTerm = mulDivDown(firstTerm, firstTerm, 2 * WAD);
        uint256 thirdTerm = mulDivDown(secondTerm, firstTerm, 3 * WAD);
        return firstTerm + secondTerm + thirdTerm;
    }

    /// @dev SharesMathLib.toSharesDown.
    function toSharesDown(uint256 assets, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return mulDivDown(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
    }

    /// @dev SharesMathLib.toAssetsDown.
    function toAssetsDown(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return mulDivDown(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
    }

    /// @dev SharesMathLib.toSharesUp.
    function toSharesUp(uint256 assets, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return mulDivUp(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
    }

    /// @dev SharesMathLib.toAssetsUp.
    function toAssetsUp(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return mulDivUp(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
    }
}
