// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ExactTransferLib} from "../utils/ExactTransferLib.sol";
import {CreatorCoin} from "./CreatorCoin.sol";
import {ICreatorCoins} from "./interfaces/ICreatorCoins.sol";
import {IProfileNFT} from "./interfaces/IProfileNFT.sol";

/// @title CreatorCoins
/// @notice The creator-coin market: verified profiles launch an ERC-20 sold on a linear bonding curve, with a
///         reserve that always covers every sell, bounded creator and protocol fees, and pull payments.
/// @dev See {ICreatorCoins} for the curve, the rounding and the fees.
/// @custom:security-contact security@quartet.example
contract CreatorCoins is ICreatorCoins, AccessManaged, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using ExactTransferLib for IERC20;

    /// @notice Highest creator fee, in basis points (5 %).
    uint256 public constant MAX_CREATOR_FEE_BPS = 500;
    /// @notice Highest protocol fee, in basis points (1 %).
    uint256 public constant MAX_PROTOCOL_FEE_BPS = 100;
    /// @notice Most coin wei a coin may have in circulation (one billion coins).
    uint256 public constant MAX_SUPPLY = 1e27;

    uint256 private constant _BPS = 10_000;
    uint256 private constant _WAD = 1e18;

    struct Stored {
        address paymentToken;
        uint16 creatorFeeBps;
        bool launched;
        uint80 basePrice;
        uint80 slope;
        uint96 supply;
        uint256 reserve;
        uint256 profileId;
    }

    IProfileNFT private immutable _PROFILES;
    address private immutable _USDC;

    mapping(address coin => Stored) private _coins;
    mapping(uint256 profileId => address coin) private _coinOf;
    mapping(address account => mapping(address token => uint256 amount)) private _credits;
    mapping(address token => uint256 amount) private _protocolFees;
    address private _treasury;
    uint16 private _protocolFeeBps;

    /// @notice Deploys the market.
    /// @param profiles The ProfileNFT whose verified owners launch coins.
    /// @param accessManager The AccessManager restricting the fee and treasury setters.
    /// @param initialTreasury Where protocol fees go, not zero.
    /// @param initialProtocolFeeBps The protocol fee, at most 100 (1 %).
    /// @param usdcToken The USDC coins may be priced in (the other payment asset is ETH); a contract.
    constructor(
        IProfileNFT profiles,
        address accessManager,
        address initialTreasury,
        uint16 initialProtocolFeeBps,
        address usdcToken
    ) AccessManaged(accessManager) {
        if (usdcToken.code.length == 0) revert CoinInvalidPaymentToken(usdcToken);
        _PROFILES = profiles;
        _USDC = usdcToken;
        _setTreasury(initialTreasury);
        _setProtocolFee(initialProtocolFeeBps);
    }

    /// @inheritdoc ICreatorCoins
    function setProtocolFee(uint16 feeBps) external override restricted {
        _setProtocolFee(feeBps);
    }

    /// @inheritdoc ICreatorCoins
    function setTreasury(address newTreasury) external override restricted {
        _setTreasury(newTreasury);
    }

    /// @inheritdoc ICreatorCoins
    function launchCoin(
        uint256 profileId,
        string calldata name,
        string calldata symbol,
        address paymentToken,
        uint80 basePrice,
        uint80 slope,
        uint16 creatorFeeBps
    ) external override returns (address coin) {
        address caller = msg.sender;
        if (_PROFILES.ownerOf(profileId) != caller) revert CoinNotProfileOwner(profileId, caller);
        if (!_PROFILES.isVerified(profileId)) revert CoinProfileNotVerified(profileId);
        address existing = _coinOf[profileId];
        if (existing != address(0)) revert CoinAlreadyLaunched(profileId, existing);
        if (creatorFeeBps > MAX_CREATOR_FEE_BPS) revert CreatorFeeTooHigh(creatorFeeBps, MAX_CREATOR_FEE_BPS);
        if (basePrice == 0 && slope == 0) revert CoinFlatCurve();
        if (paymentToken != address(0) && paymentToken != _USDC) {
            revert CoinPaymentTokenNotAllowed(paymentToken, _USDC);
        }

        coin = address(new CreatorCoin(name, symbol, profileId));
        _coinOf[profileId] = coin;
        _coins[coin] = Stored({
            paymentToken: paymentToken,
            creatorFeeBps: creatorFeeBps,
            launched: true,
            basePrice: basePrice,
            slope: slope,
            supply: 0,
            reserve: 0,
            profileId: profileId
        });
        emit CoinLaunched(coin, profileId, caller, coinInfo(coin));
    }

    /// @inheritdoc ICreatorCoins
    function buy(
        address coin,
        uint256 amount,
        uint256 maxCost,
        uint256 deadline
    ) external payable override nonReentrant returns (uint256 cost) {
        _checkTrade(amount, deadline);
        Stored storage c = _stored(coin);
        address token = c.paymentToken;
        (uint256 newSupply, uint256 curveCost, uint256 creatorFee, uint256 protocolFee) = _buyQuote(c, amount);
        cost = curveCost + creatorFee + protocolFee;
        if (cost > maxCost) revert CoinCostAboveMax(cost, maxCost);
        if (token == address(0)) {
            if (msg.value < cost) revert CoinInsufficientPayment(cost, msg.value);
        } else if (msg.value != 0) {
            revert CoinUnexpectedEth(msg.value);
        }

        address creator = _PROFILES.ownerOf(c.profileId);
        c.supply = uint96(newSupply); // ≤ MAX_SUPPLY < 2^96
        c.reserve += curveCost;
        if (creatorFee != 0) _credits[creator][token] += creatorFee;
        if (protocolFee != 0) _protocolFees[token] += protocolFee;
        emit CoinBought(coin, msg.sender, amount, curveCost, creatorFee, protocolFee);

        if (token != address(0)) IERC20(token).pullExact(msg.sender, cost);
        CreatorCoin(coin).mint(msg.sender, amount);
        if (msg.value > cost) _sendEth(msg.sender, msg.value - cost);
    }

    /// @inheritdoc ICreatorCoins
    function sell(
        address coin,
        uint256 amount,
        uint256 minProceeds,
        uint256 deadline
    ) external override nonReentrant returns (uint256 proceeds) {
        _checkTrade(amount, deadline);
        Stored storage c = _stored(coin);
        uint256 supply = c.supply;
        if (amount > supply) revert CoinSellExceedsSupply(amount, supply);
        (uint256 base, uint256 slope) = (c.basePrice, c.slope);
        uint256 curveProceeds = _value(base, slope, supply) - _value(base, slope, supply - amount);
        (uint256 creatorFee, uint256 protocolFee) = _sellFees(curveProceeds, c.creatorFeeBps);
        proceeds = curveProceeds - creatorFee - protocolFee;
        if (proceeds < minProceeds) revert CoinProceedsBelowMin(proceeds, minProceeds);

        address token = c.paymentToken;
        address creator = _PROFILES.ownerOf(c.profileId);
        c.supply = uint96(supply - amount);
        c.reserve -= curveProceeds; // the reserve is R(supply) ≥ R(supply) − R(supply − amount)
        if (creatorFee != 0) _credits[creator][token] += creatorFee;
        if (protocolFee != 0) _protocolFees[token] += protocolFee;
        emit CoinSold(coin, msg.sender, amount, curveProceeds, creatorFee, protocolFee);

        CreatorCoin(coin).burn(msg.sender, amount);
        if (proceeds != 0) _send(token, msg.sender, proceeds);
    }

    /// @inheritdoc ICreatorCoins
    function withdraw(address token) external override nonReentrant returns (uint256 amount) {
        return _withdraw(token, msg.sender);
    }

    /// @inheritdoc ICreatorCoins
    function withdrawTo(address token, address recipient) external override nonReentrant returns (uint256 amount) {
        if (recipient == address(0)) revert CoinZeroRecipient();
        return _withdraw(token, recipient);
    }

    /// @inheritdoc ICreatorCoins
    function collectProtocolFees(address token) external override nonReentrant returns (uint256 amount) {
        amount = _protocolFees[token];
        if (amount == 0) revert CoinNothingToWithdraw(address(this), token);
        _protocolFees[token] = 0;
        address to = _treasury;
        emit CoinProtocolFeesCollected(token, to, amount);
        _send(token, to, amount);
    }

    /// @inheritdoc ICreatorCoins
    function quoteBuy(address coin, uint256 amount) external view override returns (uint256 cost, uint256 curveCost) {
        (, uint256 curve, uint256 creatorFee, uint256 protocolFee) = _buyQuote(_stored(coin), amount);
        return (curve + creatorFee + protocolFee, curve);
    }

    /// @inheritdoc ICreatorCoins
    function quoteSell(
        address coin,
        uint256 amount
    ) external view override returns (uint256 proceeds, uint256 curveProceeds) {
        Stored storage c = _stored(coin);
        uint256 supply = c.supply;
        if (amount > supply) revert CoinSellExceedsSupply(amount, supply);
        curveProceeds = _value(c.basePrice, c.slope, supply) - _value(c.basePrice, c.slope, supply - amount);
        (uint256 creatorFee, uint256 protocolFee) = _sellFees(curveProceeds, c.creatorFeeBps);
        proceeds = curveProceeds - creatorFee - protocolFee;
    }

    /// @inheritdoc ICreatorCoins
    function curveValue(address coin, uint256 supply) external view override returns (uint256 value) {
        Stored storage c = _stored(coin);
        if (supply > MAX_SUPPLY) revert CoinSupplyCapExceeded(supply, MAX_SUPPLY);
        return _value(c.basePrice, c.slope, supply);
    }

    /// @inheritdoc ICreatorCoins
    function coinInfo(address coin) public view override returns (CoinInfo memory info) {
        Stored storage c = _stored(coin);
        return
            CoinInfo({
                profileId: c.profileId,
                paymentToken: c.paymentToken,
                creatorFeeBps: c.creatorFeeBps,
                basePrice: c.basePrice,
                slope: c.slope,
                supply: c.supply,
                reserve: c.reserve
            });
    }

    /// @inheritdoc ICreatorCoins
    function coinOf(uint256 profileId) external view override returns (address coin) {
        return _coinOf[profileId];
    }

    /// @inheritdoc ICreatorCoins
    function creditOf(address account, address token) external view override returns (uint256 amount) {
        return _credits[account][token];
    }

    /// @inheritdoc ICreatorCoins
    function protocolFees(address token) external view override returns (uint256 amount) {
        return _protocolFees[token];
    }

    /// @inheritdoc ICreatorCoins
    function protocolFeeBps() external view override returns (uint256 feeBps) {
        return _protocolFeeBps;
    }

    /// @inheritdoc ICreatorCoins
    function treasury() external view override returns (address) {
        return _treasury;
    }

    /// @inheritdoc ICreatorCoins
    function usdc() external view override returns (address token) {
        return _USDC;
    }

    /// @dev Reverts for a zero amount or a passed deadline.
    function _checkTrade(uint256 amount, uint256 deadline) private view {
        if (block.timestamp > deadline) revert CoinDeadlinePassed(deadline, block.timestamp);
        if (amount == 0) revert CoinZeroAmount();
    }

    /// @dev A launched coin's storage; reverts `UnknownCoin` otherwise.
    function _stored(address coin) private view returns (Stored storage c) {
        c = _coins[coin];
        if (!c.launched) revert UnknownCoin(coin);
    }

    /// @dev A buy of `amount` now: the new supply (within the cap), the curve cost and the fees, each rounded up.
    function _buyQuote(
        Stored storage c,
        uint256 amount
    ) private view returns (uint256 newSupply, uint256 curveCost, uint256 creatorFee, uint256 protocolFee) {
        uint256 supply = c.supply;
        newSupply = supply + amount;
        if (newSupply > MAX_SUPPLY) revert CoinSupplyCapExceeded(newSupply, MAX_SUPPLY);
        (uint256 base, uint256 slope) = (c.basePrice, c.slope);
        curveCost = _value(base, slope, newSupply) - _value(base, slope, supply);
        creatorFee = Math.mulDiv(curveCost, c.creatorFeeBps, _BPS, Math.Rounding.Ceil);
        protocolFee = Math.mulDiv(curveCost, _protocolFeeBps, _BPS, Math.Rounding.Ceil);
    }

    /// @dev A sell's fees, each rounded up, together never above the curve proceeds.
    function _sellFees(
        uint256 curveProceeds,
        uint256 creatorFeeBps
    ) private view returns (uint256 creatorFee, uint256 protocolFee) {
        protocolFee = Math.min(Math.mulDiv(curveProceeds, _protocolFeeBps, _BPS, Math.Rounding.Ceil), curveProceeds);
        creatorFee = Math.min(
            Math.mulDiv(curveProceeds, creatorFeeBps, _BPS, Math.Rounding.Ceil),
            curveProceeds - protocolFee
        );
    }

    /// @dev R(s) = ⌈base·s / 1e18⌉ + ⌈slope·s² / 2e36⌉: non-decreasing in s, 0 at 0. slope·s < 2^80 · 2^90.
    function _value(uint256 base, uint256 slope, uint256 s) private pure returns (uint256) {
        return
            Math.mulDiv(base, s, _WAD, Math.Rounding.Ceil) +
            Math.mulDiv(slope * s, s, 2 * _WAD * _WAD, Math.Rounding.Ceil);
    }

    /// @dev Sets the protocol fee within its cap.
    function _setProtocolFee(uint16 feeBps) private {
        if (feeBps > MAX_PROTOCOL_FEE_BPS) revert CoinProtocolFeeTooHigh(feeBps, MAX_PROTOCOL_FEE_BPS);
        emit CoinProtocolFeeSet(_protocolFeeBps, feeBps);
        _protocolFeeBps = feeBps;
    }

    /// @dev Sets a non-zero treasury.
    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert CoinZeroTreasury();
        emit CoinTreasurySet(_treasury, newTreasury);
        _treasury = newTreasury;
    }

    /// @dev Pays out the caller's whole credit in `token` to `recipient`.
    function _withdraw(address token, address recipient) private returns (uint256 amount) {
        amount = _credits[msg.sender][token];
        if (amount == 0) revert CoinNothingToWithdraw(msg.sender, token);
        _credits[msg.sender][token] = 0;
        emit CoinCreditWithdrawn(msg.sender, token, recipient, amount);
        _send(token, recipient, amount);
    }

    /// @dev Sends ETH (address(0)) or an ERC-20.
    function _send(address token, address to, uint256 amount) private {
        if (token == address(0)) _sendEth(to, amount);
        else IERC20(token).safeTransfer(to, amount);
    }

    /// @dev Sends ETH; reverts `CoinEthTransferFailed` if the recipient rejects it.
    function _sendEth(address to, uint256 amount) private {
        if (!LowLevelCall.callNoReturn(to, amount, "")) revert CoinEthTransferFailed(to, amount);
    }
}
