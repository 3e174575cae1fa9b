// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";

/// @title ICreatorPasses
/// @notice Creator passes: ERC-1155 tiers a profile's owner sells for ETH or an ERC-20, with ERC-2981 royalties.
/// @dev Revenue follows the profile: the creator is `ProfileNFT.ownerOf(profileId)` at each sale (and the royalty
///      receiver at each `royaltyInfo` call), so after a profile transfer its new owner earns from its passes.
///      Payments are pulled: a sale credits the creator and the protocol; nobody's address can block a buyer.
///      The protocol fee rounds up (the protocol's favour); creator share + fee always equals the price paid.
///      ERC-20s that deliver less or more than the amount asked for (fee-on-transfer, rebasing) are rejected.
/// @custom:security-contact security@quartet.example
interface ICreatorPasses is IERC1155, IERC2981 {
    /// @notice A pass tier.
    /// @param profileId The creator's profile; its current owner receives revenue and royalties.
    /// @param paymentToken The ERC-20 it sells for, or address(0) for ETH.
    /// @param maxSupply How many may ever be sold (at least 1).
    /// @param sold How many were sold.
    /// @param price Price of one pass, in the payment token's units (wei for ETH).
    /// @param royaltyBps ERC-2981 royalty on secondary sales, in basis points (at most 1,000 = 10%).
    struct Pass {
        uint256 profileId;
        address paymentToken;
        uint48 maxSupply;
        uint48 sold;
        uint128 price;
        uint16 royaltyBps;
    }

    /// @notice Thrown when a pass id was never created.
    /// @param passId The pass id.
    error PassNotFound(uint256 passId);

    /// @notice Thrown when someone other than the profile's owner creates a pass for it.
    /// @param profileId The profile.
    /// @param caller The caller.
    error NotProfileOwner(uint256 profileId, address caller);

    /// @notice Thrown when a pass's royalty is above the cap.
    /// @param royaltyBps The royalty asked for.
    /// @param maxRoyaltyBps The cap (1,000 = 10%).
    error RoyaltyTooHigh(uint256 royaltyBps, uint256 maxRoyaltyBps);

    /// @notice Thrown when a pass is created with a maximum supply of zero.
    error ZeroMaxSupply();

    /// @notice Thrown when a payment token is neither address(0) (ETH) nor a contract.
    /// @param token The payment token.
    error InvalidPaymentToken(address token);

    /// @notice Thrown when buying zero passes.
    error ZeroQuantity();

    /// @notice Thrown when a tier has fewer passes left than requested.
    /// @param passId The pass.
    /// @param remaining Passes left.
    /// @param requested Passes requested.
    error SoldOut(uint256 passId, uint256 remaining, uint256 requested);

    /// @notice Thrown when the total price is above the buyer's limit.
    /// @param totalPrice Price × quantity.
    /// @param maxTotalPrice The buyer's limit.
    error TotalPriceAboveMax(uint256 totalPrice, uint256 maxTotalPrice);

    /// @notice Thrown when the ETH sent does not cover an ETH-priced purchase.
    /// @param totalPrice Price × quantity.
    /// @param paid `msg.value`.
    error InsufficientPayment(uint256 totalPrice, uint256 paid);

    /// @notice Thrown when ETH is sent with an ERC-20-priced purchase.
    /// @param value `msg.value`.
    error UnexpectedEth(uint256 value);

    /// @notice Thrown when sending ETH to a recipient fails.
    /// @param recipient The recipient.
    /// @param amount The amount in wei.
    error EthTransferFailed(address recipient, uint256 amount);

    /// @notice Thrown when withdrawing with no credit.
    /// @param account The account.
    /// @param token The token (address(0) for ETH).
    error NothingToWithdraw(address account, address token);

    /// @notice Thrown when a payout recipient (withdrawal target or treasury) is the zero address.
    error ZeroRecipient();

    /// @notice Thrown when the protocol fee is set above the cap.
    /// @param feeBps The fee asked for.
    /// @param maxFeeBps The cap (1,000 = 10%).
    error ProtocolFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);

    /// @notice Emitted when a pass tier is created.
    /// @param passId The new pass id.
    /// @param profileId The creator's profile.
    /// @param creator The profile's owner who created it.
    /// @param pass The tier.
    event PassCreated(uint256 indexed passId, uint256 indexed profileId, address indexed creator, Pass pass);

    /// @notice Emitted when passes are sold.
    /// @param passId The pass.
    /// @param buyer Who paid and received them.
    /// @param creator The profile's owner credited.
    /// @param quantity Passes sold.
    /// @param totalPrice Amount paid (excess ETH refunded is not included).
    /// @param protocolFee The part of `totalPrice` credited to the protocol.
    event PassPurchased(
        uint256 indexed passId,
        address indexed buyer,
        address indexed creator,
        uint256 quantity,
        uint256 totalPrice,
        uint256 protocolFee
    );

    /// @notice Emitted when an account withdraws its credit.
    /// @param account Whose credit.
    /// @param token The token (address(0) for ETH).
    /// @param recipient Who received it.
    /// @param amount The amount.
    event Withdrawn(address indexed account, address indexed token, address indexed recipient, uint256 amount);

    /// @notice Emitted when protocol fees are sent to the treasury.
    /// @param token The token (address(0) for ETH).
    /// @param treasury The treasury.
    /// @param amount The amount.
    event ProtocolFeesCollected(address indexed token, address indexed treasury, uint256 amount);

    /// @notice Emitted when the protocol fee changes.
    /// @param previousFeeBps The previous fee.
    /// @param feeBps The new fee.
    event ProtocolFeeSet(uint256 previousFeeBps, uint256 feeBps);

    /// @notice Emitted when the treasury changes.
    /// @param previousTreasury The previous treasury.
    /// @param treasury The new treasury.
    event TreasurySet(address indexed previousTreasury, address indexed treasury);

    /// @notice Sets the protocol fee on future sales.
    /// @dev Restricted by the AccessManager; the Social module maps it to the TREASURY role.
    /// @param feeBps The fee in basis points, at most 1,000 (10%).
    function setProtocolFee(uint16 feeBps) external;

    /// @notice Sets where collected protocol fees go (including those accrued before).
    /// @dev Restricted by the AccessManager; the Social module maps it to the TREASURY role.
    /// @param treasury The new treasury, not zero.
    function setTreasury(address treasury) external;

    /// @notice Creates a pass tier for a profile the caller owns.
    /// @param profileId The caller's profile.
    /// @param price Price of one pass (wei for ETH, token units otherwise); zero makes a free pass.
    /// @param paymentToken An ERC-20, or address(0) for ETH.
    /// @param maxSupply How many may ever be sold, at least 1.
    /// @param royaltyBps ERC-2981 royalty in basis points, at most 1,000 (10%).
    /// @return passId The new pass id (sequential from 1).
    function createPass(
        uint256 profileId,
        uint128 price,
        address paymentToken,
        uint48 maxSupply,
        uint16 royaltyBps
    ) external returns (uint256 passId);

    /// @notice Buys `quantity` passes for the caller, paying at most `maxTotalPrice`.
    /// @dev ETH: send at least the total; the excess is refunded. ERC-20: approve the total first and send no ETH.
    /// @param passId The pass.
    /// @param quantity How many, at least 1.
    /// @param maxTotalPrice The most the caller accepts to pay in total (protects against a changed price).
    /// @return totalPrice The amount paid.
    function buy(uint256 passId, uint256 quantity, uint256 maxTotalPrice) external payable returns (uint256 totalPrice);

    /// @notice Withdraws the caller's whole ETH credit to the caller.
    /// @return amount The amount withdrawn.
    function withdraw() external returns (uint256 amount);

    /// @notice Withdraws the caller's whole credit in `token` (address(0) for ETH) to the caller.
    /// @param token The token.
    /// @return amount The amount withdrawn.
    function withdraw(address token) external returns (uint256 amount);

    /// @notice Withdraws the caller's whole credit in `token` (address(0) for ETH) to `recipient`, for creators whose
    ///         own address cannot receive it.
    /// @param token The token.
    /// @param recipient Where to send it, not zero.
    /// @return amount The amount withdrawn.
    function withdrawTo(address token, address recipient) external returns (uint256 amount);

    /// @notice Sends the protocol fees accrued in `token` to the treasury; anyone may call it.
    /// @param token The token (address(0) for ETH).
    /// @return amount The amount sent.
    function collectProtocolFees(address token) external returns (uint256 amount);

    /// @notice A pass tier.
    /// @param passId The pass.
    /// @return pass The tier (reverts `PassNotFound` if it does not exist).
    function passOf(uint256 passId) external view returns (Pass memory pass);

    /// @notice How many pass tiers exist; ids run from 1 to this number.
    /// @return count The number of tiers.
    function passCount() external view returns (uint256 count);

    /// @notice Token gating: whether `account` holds at least one `passId`.
    /// @param account The account.
    /// @param passId The pass.
    /// @return holds True when its balance is not zero.
    function hasPass(address account, uint256 passId) external view returns (bool holds);

    /// @notice An account's withdrawable credit.
    /// @param account The account.
    /// @param token The token (address(0) for ETH).
    /// @return amount The credit.
    function creditOf(address account, address token) external view returns (uint256 amount);

    /// @notice Protocol fees accrued and not yet collected.
    /// @param token The token (address(0) for ETH).
    /// @return amount The fees.
    function protocolFees(address token) external view returns (uint256 amount);

    /// @notice The protocol fee on sales, in basis points.
    /// @return feeBps The fee.
    function protocolFeeBps() external view returns (uint256 feeBps);

    /// @notice Where collected protocol fees go.
    /// @return treasury The treasury.
    function treasury() external view returns (address treasury);

    /// @notice The profile registry whose owners create passes.
    /// @return profiles The ProfileNFT.
    function profileNFT() external view returns (address profiles);
}
