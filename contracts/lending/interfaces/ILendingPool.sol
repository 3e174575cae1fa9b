// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";

import {IInterestRateModel} from "./IInterestRateModel.sol";
import {IPriceOracle} from "../../oracles/interfaces/IPriceOracle.sol";

/// @title ILendingPool
/// @notice Quartet's overcollateralized multi-asset lending pool. Suppliers earn interest; borrowers borrow against
///         the assets they enabled as collateral; anyone may liquidate an account whose health factor is below 1.
/// @dev Rules that keep every account liquidatable and every insolvency written off:
///      - Collateral is opt-in per account and asset: one's own supply (of an asset with a liquidation threshold)
///        enables it unless one switched it off with `setCollateral(asset, false)`; a supply on someone's behalf
///        never does, and never stops their own supply from doing so. Health checks,
///        liquidations and write-offs visit only an account's collateral and debts.
///      - A broken feed (`IPriceOracle.tryPrice` not ok) is contained: such collateral counts as zero and cannot be
///        seized until the feed works; such a debt blocks the account's borrows, collateral withdrawals and
///        collateral switch-offs (`DebtPriceUnavailable`), never repay or supply.
///      - Sequencer down: no borrow, no liquidation. Grace period after it restarts: no borrow, and liquidation only
///        below `FULL_LIQUIDATION_HEALTH_FACTOR`.
///      - A liquidation may take the seized collateral as supply shares, which needs no idle liquidity.
///      - When a liquidation leaves an account's collateral worth less than `DUST_COLLATERAL_VALUE` (every collateral
///        feed working), all its remaining debt is written off in that transaction, reserves first (`BadDebtRealized`).
///      - Repaying exactly `debtBalance` clears the debt; the interest the virtual shares accrued (a few wei) leaves
///        the books with the last borrower, borne by reserves first.
/// @dev Units: token amounts ("assets") in the token's own decimals; values in USD wads; rates per second in wads;
///      risk parameters in basis points. Health factor = Σ(collateral value × liquidation threshold) / debt value.
/// @custom:security-contact security@quartet.example
interface ILendingPool is IERC3156FlashLender {
    /// @notice Governance-set risk parameters of one asset.
    /// @param rateModel Interest rate model of the reserve.
    /// @param ltvBps Share of the asset's value that may be borrowed against (borrow limit).
    /// @param liquidationThresholdBps Share of the asset's value that counts in the health factor; above ltvBps.
    /// @param liquidationBonusBps Extra collateral a liquidator receives, over the value repaid.
    /// @param reserveFactorBps Share of interest that goes to the protocol's reserves.
    /// @param borrowEnabled Whether the asset may be borrowed.
    /// @param supplyCap Maximum total supply in token units; 0 = no cap.
    /// @param borrowCap Maximum total borrows in token units; 0 = no cap.
    struct AssetConfig {
        IInterestRateModel rateModel;
        uint16 ltvBps;
        uint16 liquidationThresholdBps;
        uint16 liquidationBonusBps;
        uint16 reserveFactorBps;
        bool borrowEnabled;
        uint128 supplyCap;
        uint128 borrowCap;
    }

    /// @notice A reserve's totals and interest state, accrued to the current block.
    struct ReserveData {
        uint256 totalSupplyAssets;
        uint256 totalSupplyShares;
        uint256 totalBorrowAssets;
        uint256 totalBorrowShares;
        uint256 reserves;
        uint256 borrowRatePerSecond;
        uint256 lastUpdate;
        uint8 decimals;
        uint8 pausedFlags;
    }

    /// @notice An asset's isolation-mode settings (Aave v3's isolation mode).
    /// @param isolated Collateral only on its own: an account that uses it may enable no other collateral and borrow
    ///        only assets flagged `borrowableInIsolation`, within `debtCeiling`.
    /// @param borrowableInIsolation Accounts in isolation may borrow it (meant for USD stablecoins: the ceiling counts
    ///        debt at face value, one token = one dollar).
    /// @param debtCeiling For an isolated asset: the most debt (18-decimal face value) all accounts together may owe
    ///        against it; 0 lets nobody borrow against it.
    /// @param isolatedDebt The debt borrowed against it, at face value: raised by borrows in isolation, lowered by
    ///        every repayment (a liquidation's and a write-off's too), never below zero.
    struct Isolation {
        bool isolated;
        bool borrowableInIsolation;
        uint128 debtCeiling;
        uint128 isolatedDebt;
    }

    /// @notice Emitted when governance changes an asset's isolation-mode settings.
    /// @param asset The listed token.
    /// @param isolated Whether it is isolated collateral.
    /// @param borrowableInIsolation Whether accounts in isolation may borrow it.
    /// @param debtCeiling The debt ceiling (18-decimal face value) of an isolated asset.
    event IsolationSet(address indexed asset, bool isolated, bool borrowableInIsolation, uint256 debtCeiling);

    /// @notice Emitted when the debt counted against an isolated asset's ceiling changes.
    /// @param isolatedAsset The isolated collateral.
    /// @param isolatedDebt The new total (18-decimal face value).
    event IsolatedDebtUpdated(address indexed isolatedAsset, uint256 isolatedDebt);

    /// @notice Emitted when governance lists a new asset.
    /// @param asset The token.
    /// @param index Its position in `assets()` and in users' bitmaps.
    /// @param config Its initial risk parameters.
    event AssetListed(address indexed asset, uint256 index, AssetConfig config);
    /// @notice Emitted when an asset's risk parameters change.
    /// @param asset The token.
    /// @param config The new parameters.
    event AssetConfigUpdated(address indexed asset, AssetConfig config);
    /// @notice Emitted when supply and/or borrow of an asset is paused.
    /// @param asset The token.
    /// @param flags The pause flags now set (PAUSE_SUPPLY = 1, PAUSE_BORROW = 2).
    event AssetPaused(address indexed asset, uint8 flags);
    /// @notice Emitted when the admin lifts pause flags.
    /// @param asset The token.
    /// @param flags The pause flags still set.
    event AssetUnpaused(address indexed asset, uint8 flags);
    /// @notice Emitted when an account enables or disables an asset as collateral (also on the automatic enable of a
    ///         first own supply, and the disable when a position is emptied).
    /// @param account The account.
    /// @param asset The asset.
    /// @param enabled Whether it now counts as collateral.
    event CollateralSet(address indexed account, address indexed asset, bool enabled);
    /// @notice Emitted on an ERC-3156 flash loan, once it is repaid.
    /// @param receiver The borrower contract whose `onFlashLoan` ran.
    /// @param initiator Who called `flashLoan`.
    /// @param asset The token lent.
    /// @param amount Amount lent.
    /// @param fee Fee paid on top, added to the asset's reserves.
    event FlashLoan(
        address indexed receiver,
        address indexed initiator,
        address indexed asset,
        uint256 amount,
        uint256 fee
    );
    /// @notice Emitted when governance sets the flash-loan fee.
    /// @param feeBps The fee, in basis points of the amount lent.
    event FlashLoanFeeSet(uint256 feeBps);
    /// @notice Emitted when the protocol's reserves of an asset are sent to `to`.
    /// @param asset The token.
    /// @param to Recipient (the treasury).
    /// @param amount Amount sent.
    event ReservesCollected(address indexed asset, address indexed to, uint256 amount);
    /// @notice Emitted when interest accrues to a reserve.
    /// @param asset The token.
    /// @param borrowRatePerSecond The rate that applied over the period.
    /// @param interest Interest added to total borrows.
    /// @param toReserves Part of the interest that went to the protocol's reserves.
    event AccrueInterest(address indexed asset, uint256 borrowRatePerSecond, uint256 interest, uint256 toReserves);
    /// @notice Emitted on supply.
    /// @param asset The token.
    /// @param caller Who paid.
    /// @param onBehalfOf Whose position was credited.
    /// @param assets Amount supplied.
    /// @param shares Supply shares minted.
    event Supply(
        address indexed asset,
        address indexed caller,
        address indexed onBehalfOf,
        uint256 assets,
        uint256 shares
    );
    /// @notice Emitted on withdrawal.
    /// @param asset The token.
    /// @param account Whose position was debited.
    /// @param to Recipient of the tokens.
    /// @param assets Amount withdrawn.
    /// @param shares Supply shares burned.
    event Withdraw(address indexed asset, address indexed account, address indexed to, uint256 assets, uint256 shares);
    /// @notice Emitted on borrow.
    /// @param asset The token.
    /// @param account Who owes the debt.
    /// @param to Recipient of the tokens.
    /// @param assets Amount borrowed.
    /// @param shares Borrow shares minted.
    event Borrow(address indexed asset, address indexed account, address indexed to, uint256 assets, uint256 shares);
    /// @notice Emitted on repayment.
    /// @param asset The token.
    /// @param caller Who paid.
    /// @param onBehalfOf Whose debt was reduced.
    /// @param assets Amount repaid.
    /// @param shares Borrow shares burned.
    event Repay(
        address indexed asset,
        address indexed caller,
        address indexed onBehalfOf,
        uint256 assets,
        uint256 shares
    );
    /// @notice Emitted on liquidation.
    /// @param borrower The liquidated account.
    /// @param liquidator Who repaid.
    /// @param debtAsset The repaid asset.
    /// @param collateralAsset The seized asset.
    /// @param repaidAssets Debt repaid.
    /// @param seizedAssets Collateral seized for `receiver`.
    /// @param receiver Recipient of the seized collateral.
    /// @param receivedShares Whether `receiver` got supply shares instead of tokens.
    event Liquidate(
        address indexed borrower,
        address indexed liquidator,
        address indexed debtAsset,
        address collateralAsset,
        uint256 repaidAssets,
        uint256 seizedAssets,
        address receiver,
        bool receivedShares
    );
    /// @notice Emitted when debt left on an account with no collateral is written off against the reserve, and with
    ///         `borrower` zero when the last borrower of a market leaves the virtual shares' interest (a few wei) behind.
    /// @param asset The debt asset.
    /// @param borrower The account (zero: nobody's debt).
    /// @param assets Debt written off.
    /// @param coveredByReserves Part absorbed by the protocol's reserves; the rest is borne by suppliers.
    event BadDebtRealized(address indexed asset, address indexed borrower, uint256 assets, uint256 coveredByReserves);

    /// @notice A live collateral's liquidation threshold cannot go to zero while anybody supplies it (its holders
    ///         would be liquidatable at once); set its LTV to zero and wait for the suppliers to leave.
    /// @param asset The collateral.
    /// @param totalSupplyShares The supply shares still outstanding.
    error CollateralStillSupplied(address asset, uint256 totalSupplyShares);

    /// @notice Thrown when an asset is not listed.
    /// @param asset The asset.
    error AssetNotListed(address asset);
    /// @notice Thrown when listing an asset twice.
    /// @param asset The asset.
    error AssetAlreadyListed(address asset);
    /// @notice Thrown when the pool already lists the maximum number of assets.
    /// @param max The maximum.
    error TooManyAssets(uint256 max);
    /// @notice Thrown when an asset's decimals are above `MAX_DECIMALS`.
    /// @param decimals The token's decimals.
    error UnsupportedDecimals(uint8 decimals);
    /// @notice Thrown when the loan-to-value is not below the liquidation threshold (or both are not zero).
    /// @param ltvBps The rejected LTV.
    /// @param liquidationThresholdBps The threshold.
    error InvalidLtv(uint256 ltvBps, uint256 liquidationThresholdBps);
    /// @notice Thrown when threshold × (1 + bonus) reaches 100%: liquidations would make positions worse.
    /// @param liquidationThresholdBps The threshold.
    /// @param liquidationBonusBps The bonus.
    error InvalidLiquidationThreshold(uint256 liquidationThresholdBps, uint256 liquidationBonusBps);
    /// @notice Thrown when the liquidation bonus is above the maximum.
    /// @param liquidationBonusBps The rejected bonus.
    error InvalidLiquidationBonus(uint256 liquidationBonusBps);
    /// @notice Thrown when the reserve factor is above the maximum.
    /// @param reserveFactorBps The rejected factor.
    error InvalidReserveFactor(uint256 reserveFactorBps);
    /// @notice Thrown when the rate model is not a contract.
    /// @param rateModel The rejected model.
    error InvalidRateModel(address rateModel);
    /// @notice Thrown when pause flags name no known operation.
    /// @param flags The rejected flags.
    error InvalidPauseFlags(uint8 flags);
    /// @notice Thrown on a zero amount.
    error ZeroAmount();
    /// @notice Thrown on a zero address where an account is needed.
    error ZeroAddress();
    /// @notice Thrown when an amount is too small to mint or burn a single share.
    error ZeroShares();
    /// @notice Thrown when the operation is paused for the asset.
    /// @param asset The asset.
    /// @param flag The pause flag that blocks it.
    error OperationPaused(address asset, uint8 flag);
    /// @notice Thrown when borrowing an asset that governance has not enabled for borrowing.
    /// @param asset The asset.
    error BorrowDisabled(address asset);
    /// @notice Thrown when a supply would take the total above the cap.
    /// @param asset The asset.
    /// @param cap The supply cap.
    error SupplyCapExceeded(address asset, uint256 cap);
    /// @notice Thrown when a borrow would take the total above the cap.
    /// @param asset The asset.
    /// @param cap The borrow cap.
    error BorrowCapExceeded(address asset, uint256 cap);
    /// @notice Thrown when withdrawing more than the caller has supplied.
    /// @param supplied What the caller could withdraw.
    /// @param requested Amount asked for.
    error InsufficientSupply(uint256 supplied, uint256 requested);
    /// @notice Thrown when the reserve does not hold enough idle tokens.
    /// @param asset The asset.
    /// @param available Idle liquidity.
    /// @param requested Amount asked for.
    error InsufficientLiquidity(address asset, uint256 available, uint256 requested);
    /// @notice Thrown when a borrow or withdrawal would leave debt above the borrow limit.
    /// @param borrowLimit The account's borrow limit after the operation, USD wad.
    /// @param debtValue The account's debt after the operation, USD wad.
    error InsufficientCollateral(uint256 borrowLimit, uint256 debtValue);
    /// @notice Thrown when liquidating an account whose health factor is at least 1.
    /// @param healthFactorWad The account's health factor.
    error HealthyPosition(uint256 healthFactorWad);
    /// @notice Thrown when repaying or liquidating an account that owes nothing in the asset.
    /// @param asset The asset.
    /// @param account The account.
    error NoDebt(address asset, address account);
    /// @notice Thrown when seizing an asset the borrower has not supplied or not enabled as collateral.
    /// @param asset The asset.
    /// @param account The borrower.
    error NoCollateral(address asset, address account);
    /// @notice Thrown when a liquidation would credit the seized shares to the borrower itself.
    /// @param borrower The borrower.
    error ReceiverIsBorrower(address borrower);
    /// @notice Thrown when enabling as collateral an asset with a zero liquidation threshold.
    /// @param asset The asset.
    error CollateralNotAccepted(address asset);
    /// @notice Thrown when enabling as collateral an asset the caller has not supplied.
    /// @param asset The asset.
    /// @param account The caller.
    error NoSupply(address asset, address account);
    /// @notice Thrown when an operation needs the price of a debt whose feed is broken (borrow, collateral withdrawal
    ///         or switch-off, or liquidating that debt).
    /// @param asset The debt asset.
    error DebtPriceUnavailable(address asset);
    /// @notice Thrown when seizing a collateral whose feed is broken: it cannot be seized until the feed works.
    /// @param asset The collateral asset.
    error CollateralPriceUnavailable(address asset);
    /// @notice Thrown when borrowing or liquidating while the L2 sequencer is down.
    error SequencerDown();
    /// @notice Thrown when borrowing within the grace period after the sequencer came back up.
    /// @param upSince When it came back up.
    /// @param gracePeriod The grace period, in seconds.
    error GracePeriodNotOver(uint256 upSince, uint256 gracePeriod);
    /// @notice Thrown when a flash borrower's `onFlashLoan` does not return ERC-3156's success value.
    /// @param returned What it returned.
    error FlashLoanCallbackFailed(bytes32 returned);
    /// @notice Thrown when setting a flash-loan fee above `MAX_FLASH_LOAN_FEE_BPS`.
    /// @param feeBps The rejected fee.
    error InvalidFlashLoanFee(uint256 feeBps);
    /// @notice Thrown when liquidating, within the sequencer's grace period, an account that is not deeply unhealthy.
    /// @param healthFactorWad The account's health factor.
    /// @param requiredBelowWad The health factor it must be below (`FULL_LIQUIDATION_HEALTH_FACTOR`).
    error LiquidationGracePeriod(uint256 healthFactorWad, uint256 requiredBelowWad);
    /// @notice Thrown when an asset is made isolated while someone supplies it (their accounts may mix collateral).
    /// @param asset The token.
    /// @param totalSupplyShares The supply shares outstanding.
    error IsolationWithSuppliers(address asset, uint256 totalSupplyShares);
    /// @notice Thrown when enabling isolated collateral beside other collateral, or while owing debt.
    /// @param isolatedAsset The isolated collateral asked for.
    /// @param userConfig The account's bitmap (its collateral and debts).
    error IsolationNotAlone(address isolatedAsset, uint256 userConfig);
    /// @notice Thrown when an account in isolation enables another collateral.
    /// @param isolatedAsset The isolated collateral that the account uses (or still owes debt against).
    /// @param asset The collateral asked for.
    error InIsolation(address isolatedAsset, address asset);
    /// @notice Thrown when an account in isolation borrows an asset not flagged `borrowableInIsolation`.
    /// @param asset The asset asked for.
    /// @param isolatedAsset The account's isolated collateral.
    error NotBorrowableInIsolation(address asset, address isolatedAsset);
    /// @notice Thrown when a borrow in isolation would take the isolated asset's debt above its ceiling.
    /// @param isolatedAsset The account's isolated collateral.
    /// @param debtCeiling Its ceiling (18-decimal face value).
    /// @param isolatedDebt The debt against it the borrow would leave.
    error DebtCeilingExceeded(address isolatedAsset, uint256 debtCeiling, uint256 isolatedDebt);

    /// @notice Lists a new asset with its risk parameters (restricted: governance).
    /// @dev The oracle must already price the asset.
    /// @param asset The ERC-20 token.
    /// @param config Its risk parameters.
    function listAsset(address asset, AssetConfig calldata config) external;

    /// @notice Replaces an asset's risk parameters (restricted: governance). Interest is accrued first, so a new
    ///         rate model or reserve factor applies only from now on.
    /// @param asset The listed token.
    /// @param config The new parameters.
    function setAssetConfig(address asset, AssetConfig calldata config) external;

    /// @notice Pauses supply and/or borrow of an asset (restricted: guardian). Only adds flags; repay, withdraw and
    ///         liquidate are never paused.
    /// @param asset The listed token.
    /// @param flags PAUSE_SUPPLY (1) and/or PAUSE_BORROW (2).
    function pauseAsset(address asset, uint8 flags) external;

    /// @notice Lifts pause flags (restricted: admin, never the guardian).
    /// @param asset The listed token.
    /// @param flags The flags to clear.
    function unpauseAsset(address asset, uint8 flags) external;

    /// @notice Sends the protocol's accrued reserves of an asset to `to` (restricted: treasury).
    /// @param asset The listed token.
    /// @param to Recipient.
    /// @return amount Amount sent (bounded by idle liquidity).
    function collectReserves(address asset, address to) external returns (uint256 amount);

    /// @notice Supplies `amount` of `asset`, credited to `onBehalfOf`; supplied assets earn interest. A first supply
    ///         for oneself of an asset with a liquidation threshold enables it as collateral; a supply on behalf of
    ///         someone else never changes their collateral.
    /// @param asset The listed token.
    /// @param amount Amount in token units, pulled from the caller (approve first).
    /// @param onBehalfOf Whose position is credited.
    /// @return shares Supply shares minted.
    function supply(address asset, uint256 amount, address onBehalfOf) external returns (uint256 shares);

    /// @notice Withdraws the caller's supplied `asset`; when it is collateral and the caller borrows, every debt must be
    ///         priced and the caller must stay within its borrow limit.
    /// @param asset The listed token.
    /// @param amount Amount in token units, or `type(uint256).max` for everything.
    /// @param to Recipient of the tokens.
    /// @return withdrawn Amount sent.
    function withdraw(address asset, uint256 amount, address to) external returns (uint256 withdrawn);

    /// @notice Borrows `amount` of `asset` against the caller's collateral; refused while the sequencer is down or in
    ///         its grace period, or while one of the caller's debts cannot be priced.
    /// @param asset A listed, borrow-enabled token.
    /// @param amount Amount in token units.
    /// @param to Recipient of the tokens.
    /// @return shares Borrow shares minted.
    function borrow(address asset, uint256 amount, address to) external returns (uint256 shares);

    /// @notice Repays debt of `onBehalfOf`; never paused, never needs a price.
    /// @param asset The debt token.
    /// @param amount Amount in token units, capped at the debt; `type(uint256).max` repays all.
    /// @param onBehalfOf Whose debt is reduced.
    /// @return repaid Amount pulled from the caller.
    function repay(address asset, uint256 amount, address onBehalfOf) external returns (uint256 repaid);

    /// @notice Repays part of an unhealthy account's debt and seizes its collateral with a bonus. Up to 50% of the
    ///         debt in `debtAsset` may be repaid, or all of it when the health factor is below 0.95 or the debt is
    ///         dust. Collateral seized = repaid value × (1 + bonus), capped by what the borrower holds. When the
    ///         borrower's collateral is then worth less than `DUST_COLLATERAL_VALUE`, its remaining debt is realized
    ///         as bad debt.
    /// @param borrower The account with health factor below 1.
    /// @param debtAsset The asset repaid.
    /// @param collateralAsset The asset seized.
    /// @param repayAmount Maximum amount to repay; capped by the close factor and by the collateral.
    /// @param receiver Recipient of the seized collateral.
    /// @param receiveShares Credit `receiver` with supply shares of the collateral instead of tokens: works when the
    ///        collateral market has no idle tokens (the token path then reverts `InsufficientLiquidity` with what is
    ///        available). The shares are not enabled as the receiver's collateral.
    /// @return seized Collateral seized, in token units.
    function liquidate(
        address borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repayAmount,
        address receiver,
        bool receiveShares
    ) external returns (uint256 seized);

    /// @notice Sets an asset's isolation-mode settings (restricted: risk). An asset becomes isolated only while
    ///         nobody supplies it, so no account holds it beside other collateral; the debt already counted against
    ///         it stays (a lower ceiling only stops new borrows).
    /// @param asset The listed token.
    /// @param isolated Collateral only on its own, within `debtCeiling`.
    /// @param borrowableInIsolation Accounts in isolation may borrow it.
    /// @param debtCeiling The most debt (18-decimal face value) that may be borrowed against it while isolated.
    function setIsolation(address asset, bool isolated, bool borrowableInIsolation, uint128 debtCeiling) external;

    /// @notice An asset's isolation-mode settings and the debt counted against its ceiling.
    /// @param asset The listed token.
    /// @return The settings.
    function isolation(address asset) external view returns (Isolation memory);

    /// @notice The isolated collateral whose ceiling counts `user`'s debt, or zero when the account is not isolated.
    /// @param user The account.
    /// @return The isolated asset.
    function isolatedCollateralOf(address user) external view returns (address);

    /// @notice Sets the flash-loan fee, in basis points of the amount lent, for every asset (restricted: risk).
    /// @param feeBps At most `MAX_FLASH_LOAN_FEE_BPS`; 0 (the default) makes flash loans free.
    function setFlashLoanFee(uint16 feeBps) external;

    /// @notice The flash-loan fee in basis points.
    /// @return The fee.
    function flashLoanFeeBps() external view returns (uint256);

    /// @notice Enables or disables one of the caller's supplied assets as collateral. Disabling is refused while it
    ///         would leave the caller's debt above its borrow limit or while a debt cannot be priced. No-op when
    ///         unchanged.
    /// @param asset A listed token; enabling needs a supply and a non-zero liquidation threshold.
    /// @param enabled Whether it should back the caller's debt.
    function setCollateral(address asset, bool enabled) external;

    /// @notice Whether `user` uses `asset` as collateral.
    /// @param asset The listed token.
    /// @param user The account.
    /// @return Whether it counts in the user's health.
    function isCollateral(address asset, address user) external view returns (bool);

    /// @notice A user's assets as a bitmap: bit 2i = asset i is collateral, bit 2i + 1 = asset i is borrowed; bit 254
    ///         = the account is in isolation mode (its debt counts against an isolated asset's ceiling).
    /// @param user The account.
    /// @return The bitmap.
    function userConfig(address user) external view returns (uint256);

    /// @notice An account's collateral value, debt value, borrow limit (USD wads) and health factor (wad). Collateral
    ///         with a broken feed counts as zero; a debt with a broken feed is left out.
    /// @param user The account.
    /// @return collateralValue Σ collateral value.
    /// @return debtValue Σ debt value.
    /// @return borrowLimit Σ collateral value × LTV.
    /// @return healthFactorWad Σ supplied value × threshold / debt; `type(uint256).max` without debt.
    function accountData(
        address user
    ) external view returns (uint256 collateralValue, uint256 debtValue, uint256 borrowLimit, uint256 healthFactorWad);

    /// @notice An account's health factor; below 1e18 it can be liquidated.
    /// @param user The account.
    /// @return The health factor as a wad (`type(uint256).max` without debt).
    function healthFactor(address user) external view returns (uint256);

    /// @notice What `user` could withdraw of `asset` (interest included, rounded down).
    /// @param asset The token.
    /// @param user The account.
    /// @return Amount in token units.
    function supplyBalance(address asset, address user) external view returns (uint256);

    /// @notice What `user` owes in `asset` (interest included, rounded up).
    /// @param asset The token.
    /// @param user The account.
    /// @return Amount in token units.
    function debtBalance(address asset, address user) external view returns (uint256);

    /// @notice Borrowed / supplied, as a wad.
    /// @param asset The token.
    /// @return The utilization.
    function utilizationWad(address asset) external view returns (uint256);

    /// @notice The current borrow rate per second (wad).
    /// @param asset The token.
    /// @return The rate.
    function borrowRatePerSecond(address asset) external view returns (uint256);

    /// @notice The current supply rate per second (wad): borrow rate × utilization × (1 − reserve factor).
    /// @param asset The token.
    /// @return The rate.
    function supplyRatePerSecond(address asset) external view returns (uint256);

    /// @notice Listed assets, in listing order.
    /// @return The tokens.
    function assets() external view returns (address[] memory);

    /// @notice An asset's risk parameters.
    /// @param asset The token.
    /// @return The configuration.
    function assetConfig(address asset) external view returns (AssetConfig memory);

    /// @notice An asset's totals and interest state, accrued to now.
    /// @param asset The token.
    /// @return The reserve data.
    function reserveData(address asset) external view returns (ReserveData memory);

    /// @notice A user's raw supply and borrow shares of `asset`.
    /// @param asset The token.
    /// @param user The account.
    /// @return supplyShares Supply shares.
    /// @return borrowShares Borrow shares.
    function position(address asset, address user) external view returns (uint256 supplyShares, uint256 borrowShares);

    /// @notice The oracle that prices every listed asset.
    /// @return The oracle.
    function oracle() external view returns (IPriceOracle);
}
