// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC165} from "@openzeppelin/contracts/interfaces/IERC165.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ExactTransferLib} from "../utils/ExactTransferLib.sol";
import {ICreatorPasses} from "./interfaces/ICreatorPasses.sol";
import {IProfileNFT} from "./interfaces/IProfileNFT.sol";

/// @title CreatorPasses
/// @notice ERC-1155 creator passes sold by profile owners for ETH or an ERC-20, with pull payments, a capped protocol
///         fee and ERC-2981 royalties paid to whoever owns the profile.
/// @dev See {ICreatorPasses} for who is paid, rounding and the tokens accepted.
/// @custom:security-contact security@quartet.example
contract CreatorPasses is ICreatorPasses, ERC1155, AccessManaged, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using ExactTransferLib for IERC20;

    /// @notice Highest royalty a pass may carry, in basis points (10%).
    uint256 public constant MAX_ROYALTY_BPS = 1_000;
    /// @notice Highest protocol fee, in basis points (10%).
    uint256 public constant MAX_PROTOCOL_FEE_BPS = 1_000;

    uint256 private constant _BPS = 10_000;

    IProfileNFT private immutable _PROFILES;

    mapping(uint256 passId => Pass) private _passes;
    mapping(address account => mapping(address token => uint256 amount)) private _credits;
    mapping(address token => uint256 amount) private _protocolFees;
    address private _treasury;
    uint16 private _protocolFeeBps;
    uint256 private _passCount;

    /// @notice Deploys the pass market.
    /// @param profiles The ProfileNFT whose owners create passes.
    /// @param accessManager The AccessManager restricting the fee and treasury setters.
    /// @param initialTreasury Where protocol fees go, not zero.
    /// @param initialProtocolFeeBps The protocol fee, at most 1,000 (10%).
    constructor(
        IProfileNFT profiles,
        address accessManager,
        address initialTreasury,
        uint16 initialProtocolFeeBps
    ) ERC1155("") AccessManaged(accessManager) {
        _PROFILES = profiles;
        _setTreasury(initialTreasury);
        _setProtocolFee(initialProtocolFeeBps);
    }

    /// @inheritdoc ICreatorPasses
    function setProtocolFee(uint16 feeBps) external restricted {
        _setProtocolFee(feeBps);
    }

    /// @inheritdoc ICreatorPasses
    function setTreasury(address newTreasury) external restricted {
        _setTreasury(newTreasury);
    }

    /// @inheritdoc ICreatorPasses
    function createPass(
        uint256 profileId,
        uint128 price,
        address paymentToken,
        uint48 maxSupply,
        uint16 royaltyBps
    ) external returns (uint256 passId) {
        address caller = _msgSender();
        if (_PROFILES.ownerOf(profileId) != caller) revert NotProfileOwner(profileId, caller);
        if (royaltyBps > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(royaltyBps, MAX_ROYALTY_BPS);
        if (maxSupply == 0) revert ZeroMaxSupply();
        if (paymentToken != address(0) && paymentToken.code.length == 0) revert InvalidPaymentToken(paymentToken);

        passId = ++_passCount;
        Pass memory pass = Pass({
            profileId: profileId,
            paymentToken: paymentToken,
            maxSupply: maxSupply,
            sold: 0,
            price: price,
            royaltyBps: royaltyBps
        });
        _passes[passId] = pass;
        emit PassCreated(passId, profileId, caller, pass);
    }

    /// @inheritdoc ICreatorPasses
    function buy(
        uint256 passId,
        uint256 quantity,
        uint256 maxTotalPrice
    ) external payable nonReentrant returns (uint256 totalPrice) {
        Pass storage pass = _passes[passId];
        uint256 maxSupply = pass.maxSupply;
        if (maxSupply == 0) revert PassNotFound(passId);
        if (quantity == 0) revert ZeroQuantity();
        uint256 sold = pass.sold;
        if (quantity > maxSupply - sold) revert SoldOut(passId, maxSupply - sold, quantity);
        totalPrice = uint256(pass.price) * quantity; // < 2^128 · 2^48: cannot overflow
        if (totalPrice > maxTotalPrice) revert TotalPriceAboveMax(totalPrice, maxTotalPrice);
        address token = pass.paymentToken;
        if (token == address(0)) {
            if (msg.value < totalPrice) revert InsufficientPayment(totalPrice, msg.value);
        } else if (msg.value != 0) {
            revert UnexpectedEth(msg.value);
        }

        address buyer = _msgSender();
        address creator = _PROFILES.ownerOf(pass.profileId);
        uint256 fee = Math.mulDiv(totalPrice, _protocolFeeBps, _BPS, Math.Rounding.Ceil);
        pass.sold = uint48(sold + quantity);
        _credits[creator][token] += totalPrice - fee;
        if (fee != 0) _protocolFees[token] += fee;
        emit PassPurchased(passId, buyer, creator, quantity, totalPrice, fee);

        if (token != address(0)) IERC20(token).pullExact(buyer, totalPrice);
        _mint(buyer, passId, quantity, "");
        if (msg.value > totalPrice) _sendEth(buyer, msg.value - totalPrice);
    }

    /// @inheritdoc ICreatorPasses
    function withdraw() external nonReentrant returns (uint256 amount) {
        return _withdraw(address(0), _msgSender());
    }

    /// @inheritdoc ICreatorPasses
    function withdraw(address token) external nonReentrant returns (uint256 amount) {
        return _withdraw(token, _msgSender());
    }

    /// @inheritdoc ICreatorPasses
    function withdrawTo(address token, address recipient) external nonReentrant returns (uint256 amount) {
        if (recipient == address(0)) revert ZeroRecipient();
        return _withdraw(token, recipient);
    }

    /// @inheritdoc ICreatorPasses
    function collectProtocolFees(address token) external nonReentrant returns (uint256 amount) {
        amount = _protocolFees[token];
        if (amount == 0) revert NothingToWithdraw(address(this), token);
        _protocolFees[token] = 0;
        address to = _treasury;
        emit ProtocolFeesCollected(token, to, amount);
        _send(token, to, amount);
    }

    /// @inheritdoc IERC2981
    /// @dev The receiver is the profile's current owner; the amount rounds down and is at most 10% of `salePrice`.
    function royaltyInfo(
        uint256 tokenId,
        uint256 salePrice
    ) external view returns (address receiver, uint256 royaltyAmount) {
        Pass memory pass = passOf(tokenId);
        return (_PROFILES.ownerOf(pass.profileId), Math.mulDiv(salePrice, pass.royaltyBps, _BPS));
    }

    /// @inheritdoc ICreatorPasses
    function passCount() external view returns (uint256 count) {
        return _passCount;
    }

    /// @inheritdoc ICreatorPasses
    function hasPass(address account, uint256 passId) external view returns (bool holds) {
        return balanceOf(account, passId) != 0;
    }

    /// @inheritdoc ICreatorPasses
    function creditOf(address account, address token) external view returns (uint256 amount) {
        return _credits[account][token];
    }

    /// @inheritdoc ICreatorPasses
    function protocolFees(address token) external view returns (uint256 amount) {
        return _protocolFees[token];
    }

    /// @inheritdoc ICreatorPasses
    function protocolFeeBps() external view returns (uint256 feeBps) {
        return _protocolFeeBps;
    }

    /// @inheritdoc ICreatorPasses
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc ICreatorPasses
    function profileNFT() external view returns (address profiles) {
        return address(_PROFILES);
    }

    /// @inheritdoc ICreatorPasses
    function passOf(uint256 passId) public view returns (Pass memory pass) {
        pass = _passes[passId];
        if (pass.maxSupply == 0) revert PassNotFound(passId);
    }

    /// @notice On-chain ERC-1155 metadata of a pass: a `data:application/json;base64,` JSON naming its creator.
    /// @dev The handle is `[a-z0-9_]` only (ProfileNFT's rules), so it needs no escaping.
    /// @param id The pass.
    /// @return metadata The URI.
    function uri(uint256 id) public view override returns (string memory metadata) {
        Pass memory pass = passOf(id);
        string memory handle = _PROFILES.handleOf(pass.profileId);
        string memory passId = Strings.toString(id);
        // JSON markup: single-quoted literals keep its double quotes readable.
        // solhint-disable quotes, gas-small-strings
        string memory document = string.concat(
            '{"name":"@',
            handle,
            " pass #",
            passId,
            '","description":"A creator pass of @',
            handle,
            ' on Quartet Profiles.","attributes":[{"trait_type":"Creator","value":"@',
            handle,
            '"},{"trait_type":"Max supply","display_type":"number","value":',
            Strings.toString(pass.maxSupply),
            "}]}"
        );
        // solhint-enable quotes, gas-small-strings
        return string.concat("data:application/json;base64,", Base64.encode(bytes(document)));
    }

    /// @notice ERC-165: ERC-1155, ERC-1155 Metadata URI, ERC-2981 and ERC-165 itself.
    /// @param interfaceId The interface id.
    /// @return supported Whether it is implemented.
    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, IERC165) returns (bool supported) {
        return interfaceId == type(IERC2981).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev Sets the protocol fee within its cap.
    function _setProtocolFee(uint16 feeBps) private {
        if (feeBps > MAX_PROTOCOL_FEE_BPS) revert ProtocolFeeTooHigh(feeBps, MAX_PROTOCOL_FEE_BPS);
        emit ProtocolFeeSet(_protocolFeeBps, feeBps);
        _protocolFeeBps = feeBps;
    }

    /// @dev Sets a non-zero treasury.
    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert ZeroRecipient();
        emit TreasurySet(_treasury, newTreasury);
        _treasury = newTreasury;
    }

    /// @dev Pays out the caller's whole credit in `token` to `recipient`.
    function _withdraw(address token, address recipient) private returns (uint256 amount) {
        address account = _msgSender();
        amount = _credits[account][token];
        if (amount == 0) revert NothingToWithdraw(account, token);
        _credits[account][token] = 0;
        emit Withdrawn(account, token, recipient, amount);
        _send(token, recipient, amount);
    }

    /// @dev Sends ETH (token address(0)) or an ERC-20.
    function _send(address token, address to, uint256 amount) private {
        if (token == address(0)) _sendEth(to, amount);
        else IERC20(token).safeTransfer(to, amount);
    }

    /// @dev Sends ETH without copying return data; reverts `EthTransferFailed` if the recipient rejects it.
    function _sendEth(address to, uint256 amount) private {
        if (!LowLevelCall.callNoReturn(to, amount, "")) revert EthTransferFailed(to, amount);
    }
}
