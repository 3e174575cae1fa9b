// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @title QuartetToken
/// @notice Quartet's governance token (QRT): ERC-20 with EIP-2612 permit and ERC-5805 votes on a timestamp
///         clock. The whole supply is minted once, at deployment, to a distribution address; there is no owner
///         and no mint function.
/// @dev Votes count only once delegated (self-delegation included). The timestamp clock (ERC-6372
///      `mode=timestamp`) makes every governance period a number of seconds on any L2.
/// @custom:security-contact security@quartet.example
contract QuartetToken is ERC20, ERC20Permit, ERC20Votes {
    /// @dev The whole supply, minted in the constructor and never changed (no mint or burn function exists).
    uint256 private immutable _INITIAL_SUPPLY;
    /// @dev The timestamp of the constructor's mint: the supply is 0 before it and `_INITIAL_SUPPLY` from it on.
    uint48 private immutable _MINTED_AT;

    /// @notice Deploys the token and mints the whole supply.
    /// @param distribution The address that receives the initial supply (treasury, distributor or deployer).
    /// @param initialSupply The fixed supply, in token units (18 decimals).
    constructor(address distribution, uint256 initialSupply) ERC20("Quartet", "QRT") ERC20Permit("Quartet") {
        _mint(distribution, initialSupply);
        _INITIAL_SUPPLY = initialSupply;
        _MINTED_AT = clock();
    }

    /// @inheritdoc Votes
    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    /// @inheritdoc Votes
    function CLOCK_MODE() public pure override returns (string memory) {
        // solhint-disable-previous-line func-name-mixedcase
        return "mode=timestamp";
    }

    /// @inheritdoc Votes
    /// @dev The supply is fixed at construction, so the past supply is read from immutables instead of the
    ///      total-supply checkpoints (which hold the same single value): every governor quorum check is ~4k gas
    ///      cheaper. Reverts `ERC5805FutureLookup` for the current or a future timepoint, like `Votes`.
    function getPastTotalSupply(uint256 timepoint) public view override returns (uint256) {
        return _validateTimepoint(timepoint) < _MINTED_AT ? 0 : _INITIAL_SUPPLY;
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @dev Moves voting units along with balances.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
