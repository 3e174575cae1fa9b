// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICreatorCoins
/// @notice Creator coins: a verified profile launches one ERC-20 coin, minted on buys and burned on sells along a
///         linear bonding curve against ETH or an ERC-20 (USDC). The curve's reserve always pays every sell back.
/// @dev The curve's value of a supply `s` (coin wei) is `R(s) = ⌈basePrice·s / 1e18⌉ + ⌈slope·s² / 2e36⌉`
///      (payment-token units; prices are per whole coin, the slope per whole coin of supply). A buy of `a` at supply
///      `s` costs `R(s+a) − R(s)` into the reserve, a sell pays `R(s) − R(s−a)` out of it, so the reserve is exactly
///      `R(supply)`: what selling the whole supply back pays. Buying in pieces costs the same as at once, and buying
///      then selling returns at most what was paid (fees aside, exactly). On top, a creator fee (set at launch, at
///      most 5 %) and a protocol fee (governance, at most 1 %), each rounded up, are added to a buy and taken from a
///      sell, and credited for withdrawal (pull): the creator's to whoever owns the profile at the trade.
/// @custom:security-contact security@quartet.example
interface ICreatorCoins {
    /// @notice A launched coin's curve and payment.
    struct CoinInfo {
        uint256 profileId;
        address paymentToken; // address(0): ETH
        uint16 creatorFeeBps;
        uint80 basePrice;
        uint80 slope;
        uint96 supply;
        uint256 reserve;
    }

    /// @notice Thrown when someone other than the profile's owner launches its coin.
    /// @param profileId The profile.
    /// @param caller The caller.
    error CoinNotProfileOwner(uint256 profileId, address caller);

    /// @notice Thrown when launching a coin for a profile that is not verified.
    /// @param profileId The profile.
    error CoinProfileNotVerified(uint256 profileId);

    /// @notice Thrown when a profile launches a second coin.
    /// @param profileId The profile.
    /// @param coin Its coin.
    error CoinAlreadyLaunched(uint256 profileId, address coin);

    /// @notice Thrown when a creator fee above the cap is asked for.
    /// @param feeBps The fee asked for.
    /// @param maxFeeBps The cap (500: 5 %).
    error CreatorFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);

    /// @notice Thrown when governance sets a protocol fee above the cap.
    /// @param feeBps The fee.
    /// @param maxFeeBps The cap (100: 1 %).
    error CoinProtocolFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);

    /// @notice Thrown when a curve whose price never moves (base price and slope both zero) is launched.
    error CoinFlatCurve();

    /// @notice Thrown at deployment when the USDC address is not a contract.
    /// @param token The address given.
    error CoinInvalidPaymentToken(address token);

    /// @notice Thrown when a coin would be priced in anything but ETH (zero) or the market's USDC.
    /// @param token The payment token asked for.
    /// @param allowedToken The market's USDC, the only ERC-20 allowed.
    error CoinPaymentTokenNotAllowed(address token, address allowedToken);

    /// @notice Thrown for an address that is not a coin of this market.
    /// @param coin The address.
    error UnknownCoin(address coin);

    /// @notice Thrown when buying or selling zero.
    error CoinZeroAmount();

    /// @notice Thrown when a trade is mined after its deadline.
    /// @param deadline The trade's deadline.
    /// @param timestamp The block's timestamp.
    error CoinDeadlinePassed(uint256 deadline, uint256 timestamp);

    /// @notice Thrown when a buy would cost more than the buyer's bound.
    /// @param cost The cost, fees included.
    /// @param maxCost The bound.
    error CoinCostAboveMax(uint256 cost, uint256 maxCost);

    /// @notice Thrown when a sell would pay less than the seller's bound.
    /// @param proceeds The proceeds, fees deducted.
    /// @param minProceeds The bound.
    error CoinProceedsBelowMin(uint256 proceeds, uint256 minProceeds);

    /// @notice Thrown when a buy would take the supply above the cap.
    /// @param supply The supply it would reach.
    /// @param maxSupply The cap.
    error CoinSupplyCapExceeded(uint256 supply, uint256 maxSupply);

    /// @notice Thrown when selling more than the supply.
    /// @param amount The amount.
    /// @param supply The supply.
    error CoinSellExceedsSupply(uint256 amount, uint256 supply);

    /// @notice Thrown when an ETH buy sends less than its cost.
    /// @param required The cost.
    /// @param sent The ETH sent.
    error CoinInsufficientPayment(uint256 required, uint256 sent);

    /// @notice Thrown when ETH is sent to a trade paid in an ERC-20 (or to a sell).
    /// @param value The ETH sent.
    error CoinUnexpectedEth(uint256 value);

    /// @notice Thrown when withdrawing a zero credit.
    /// @param account The account.
    /// @param token The token.
    error CoinNothingToWithdraw(address account, address token);

    /// @notice Thrown when ETH cannot be delivered.
    /// @param to The recipient.
    /// @param amount The amount.
    error CoinEthTransferFailed(address to, uint256 amount);

    /// @notice Thrown when the treasury would be the zero address.
    error CoinZeroTreasury();
    /// @notice Thrown when a credit is withdrawn to the zero address.
    error CoinZeroRecipient();

    /// @notice Emitted when a profile launches its coin.
    /// @param coin The ERC-20.
    /// @param profileId The profile.
    /// @param creator The profile's owner.
    /// @param info The curve and payment (supply and reserve zero).
    event CoinLaunched(address indexed coin, uint256 indexed profileId, address indexed creator, CoinInfo info);

    /// @notice Emitted on a buy.
    /// @param coin The coin.
    /// @param buyer The buyer (and recipient).
    /// @param amount Coins minted.
    /// @param curveCost What went into the reserve.
    /// @param creatorFee The creator's fee.
    /// @param protocolFee The protocol's fee.
    event CoinBought(
        address indexed coin,
        address indexed buyer,
        uint256 amount,
        uint256 curveCost,
        uint256 creatorFee,
        uint256 protocolFee
    );

    /// @notice Emitted on a sell.
    /// @param coin The coin.
    /// @param seller The seller (and recipient).
    /// @param amount Coins burned.
    /// @param curveProceeds What left the reserve.
    /// @param creatorFee The creator's fee, deducted.
    /// @param protocolFee The protocol's fee, deducted.
    event CoinSold(
        address indexed coin,
        address indexed seller,
        uint256 amount,
        uint256 curveProceeds,
        uint256 creatorFee,
        uint256 protocolFee
    );

    /// @notice Emitted when an account withdraws its credit.
    /// @param account The account.
    /// @param token The token (address(0): ETH).
    /// @param recipient Where it went.
    /// @param amount The amount.
    event CoinCreditWithdrawn(address indexed account, address indexed token, address recipient, uint256 amount);

    /// @notice Emitted when protocol fees go to the treasury.
    /// @param token The token.
    /// @param treasury The treasury.
    /// @param amount The amount.
    event CoinProtocolFeesCollected(address indexed token, address indexed treasury, uint256 amount);

    /// @notice Emitted when the protocol fee changes.
    /// @param oldFeeBps The previous fee.
    /// @param newFeeBps The new fee.
    event CoinProtocolFeeSet(uint256 oldFeeBps, uint256 newFeeBps);

    /// @notice Emitted when the treasury changes.
    /// @param oldTreasury The previous treasury.
    /// @param newTreasury The new treasury.
    event CoinTreasurySet(address oldTreasury, address newTreasury);

    /// @notice Launches the coin of a verified profile; only its owner, once per profile.
    /// @param profileId The profile.
    /// @param name The ERC-20 name.
    /// @param symbol The ERC-20 symbol.
    /// @param paymentToken address(0) for ETH, else the market's USDC (`usdc()`); anything else reverts
    ///        `CoinPaymentTokenNotAllowed`.
    /// @param basePrice The price of the first whole coin, in payment units.
    /// @param slope How much the price rises per whole coin of supply, in payment units.
    /// @param creatorFeeBps The creator's fee on every trade, at most 500 (5 %).
    /// @return coin The new ERC-20.
    function launchCoin(
        uint256 profileId,
        string calldata name,
        string calldata symbol,
        address paymentToken,
        uint80 basePrice,
        uint80 slope,
        uint16 creatorFeeBps
    ) external returns (address coin);

    /// @notice Buys `amount` coin wei, paying the curve cost plus fees (in ETH: send at least that, the rest is
    ///         refunded; in an ERC-20: approved beforehand).
    /// @param coin The coin.
    /// @param amount Coin wei to mint to the caller.
    /// @param maxCost The most the caller pays, fees included.
    /// @param deadline The last timestamp the trade may be mined at.
    /// @return cost What the caller paid.
    function buy(
        address coin,
        uint256 amount,
        uint256 maxCost,
        uint256 deadline
    ) external payable returns (uint256 cost);

    /// @notice Sells `amount` of the caller's coin wei back to the curve.
    /// @param coin The coin.
    /// @param amount Coin wei to burn from the caller.
    /// @param minProceeds The least the caller accepts, fees deducted.
    /// @param deadline The last timestamp the trade may be mined at.
    /// @return proceeds What the caller received.
    function sell(
        address coin,
        uint256 amount,
        uint256 minProceeds,
        uint256 deadline
    ) external returns (uint256 proceeds);

    /// @notice Pays the caller its whole fee credit in `token` (address(0): ETH).
    /// @param token The token.
    /// @return amount The amount paid.
    function withdraw(address token) external returns (uint256 amount);

    /// @notice Pays the caller's whole fee credit in `token` (address(0): ETH) to `recipient`: a creator whose own
    ///         address cannot take ETH (a contract without `receive`) or the token (a blocklist) still gets paid.
    /// @param token The token.
    /// @param recipient Where the credit goes (not the zero address: `CoinZeroRecipient`).
    /// @return amount The amount paid.
    function withdrawTo(address token, address recipient) external returns (uint256 amount);

    /// @notice Sends the protocol fees in `token` to the treasury; anyone.
    /// @param token The token.
    /// @return amount The amount sent.
    function collectProtocolFees(address token) external returns (uint256 amount);

    /// @notice Sets the protocol fee; restricted (TREASURY).
    /// @param feeBps At most 100 (1 %).
    function setProtocolFee(uint16 feeBps) external;

    /// @notice Sets where protocol fees go; restricted (TREASURY).
    /// @param newTreasury Not zero.
    function setTreasury(address newTreasury) external;

    /// @notice What buying `amount` now costs.
    /// @param coin The coin.
    /// @param amount Coin wei.
    /// @return cost The total, fees included.
    /// @return curveCost The part that goes into the reserve.
    function quoteBuy(address coin, uint256 amount) external view returns (uint256 cost, uint256 curveCost);

    /// @notice What selling `amount` now pays.
    /// @param coin The coin.
    /// @param amount Coin wei.
    /// @return proceeds The total, fees deducted.
    /// @return curveProceeds The part that leaves the reserve.
    function quoteSell(address coin, uint256 amount) external view returns (uint256 proceeds, uint256 curveProceeds);

    /// @notice The curve's value `R(supply)` of a coin at any supply.
    /// @param coin The coin.
    /// @param supply Coin wei.
    /// @return value Payment units.
    function curveValue(address coin, uint256 supply) external view returns (uint256 value);

    /// @notice A coin's curve, supply and reserve.
    /// @param coin The coin.
    /// @return info Its CoinInfo.
    function coinInfo(address coin) external view returns (CoinInfo memory info);

    /// @notice The coin of a profile.
    /// @param profileId The profile.
    /// @return coin Its coin (zero: none).
    function coinOf(uint256 profileId) external view returns (address coin);

    /// @notice An account's fee credit.
    /// @param account The account.
    /// @param token The token.
    /// @return amount Withdrawable.
    function creditOf(address account, address token) external view returns (uint256 amount);

    /// @notice Protocol fees not yet collected.
    /// @param token The token.
    /// @return amount Collectable.
    function protocolFees(address token) external view returns (uint256 amount);

    /// @notice The protocol fee.
    /// @return feeBps In basis points.
    function protocolFeeBps() external view returns (uint256 feeBps);

    /// @notice Where protocol fees go.
    /// @return The treasury.
    function treasury() external view returns (address);

    /// @notice The one ERC-20 coins may be priced in besides ETH, fixed at deployment.
    /// @return token The USDC contract.
    function usdc() external view returns (address token);
}
