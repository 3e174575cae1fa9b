// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ILendingPool} from "./interfaces/ILendingPool.sol";
import {IInterestRateModel} from "./interfaces/IInterestRateModel.sol";
import {IPriceOracle} from "../oracles/interfaces/IPriceOracle.sol";
import {SequencerLib} from "../oracles/libraries/SequencerLib.sol";
import {ExactTransferLib} from "../utils/ExactTransferLib.sol";
import {LiquidationLib} from "./libraries/LiquidationLib.sol";
import {MathLib, WAD, BPS} from "./libraries/MathLib.sol";
import {SharesMathLib} from "./libraries/SharesMathLib.sol";
import {UserConfigLib} from "./libraries/UserConfigLib.sol";

/// @title LendingPool
/// @notice Overcollateralized multi-asset lending: one contract, several reserves, positions held as shares of each
///         reserve's totals. Collateral is opt-in per account and asset; health checks visit only an account's
///         collateral and debts; a broken feed affects only what must price that asset; an unhealthy account can be
///         liquidated into supply shares when the collateral market has no idle tokens; debt left without collateral
///         is written off in the same transaction. Restricted functions are guarded by the protocol's AccessManager.
/// @dev Accounting invariant per reserve: idle tokens + totalBorrowAssets = totalSupplyAssets + reserves (donations
///      only add idle tokens). Interest uses the rate stored at the last touch (Compound/Aave style), so any
///      account's position can be valued without calling the rate model.
/// @custom:security-contact security@quartet.example
contract LendingPool is ILendingPool, AccessManaged, ReentrancyGuardTransient {
    using MathLib for uint256;
    using SharesMathLib for uint256;
    using SafeCast for uint256;
    using SafeERC20 for IERC20;
    using ExactTransferLib for IERC20;
    using UserConfigLib for uint256;

    /// @notice Pause flag for supply.
    uint8 public constant PAUSE_SUPPLY = 1;
    /// @notice Pause flag for borrow.
    uint8 public constant PAUSE_BORROW = 2;
    /// @notice Maximum number of listed assets: two bits each in a user's 256-bit configuration, whose top pair
    ///         holds account flags (isolation mode).
    uint256 public constant MAX_ASSETS = 127;
    /// @notice Maximum token decimals: shares are uint128 with a 1e6 virtual offset, which holds 3.4e14 whole tokens
    ///         at 18 decimals and a thousand times fewer for every three decimals more.
    uint8 public constant MAX_DECIMALS = 18;
    /// @notice Maximum liquidation bonus (20%).
    uint256 public constant MAX_LIQUIDATION_BONUS_BPS = 2_000;
    /// @notice Maximum reserve factor (50%).
    uint256 public constant MAX_RESERVE_FACTOR_BPS = 5_000;
    /// @notice Share of a debt one liquidation may repay while the position is only mildly unhealthy.
    uint256 public constant CLOSE_FACTOR_BPS = LiquidationLib.CLOSE_FACTOR_BPS;
    /// @notice Below this health factor a liquidation may repay the whole debt (and, during the sequencer's grace
    ///         period, only such accounts may be liquidated).
    uint256 public constant FULL_LIQUIDATION_HEALTH_FACTOR = LiquidationLib.FULL_LIQUIDATION_HEALTH_FACTOR;
    /// @notice A debt worth at most twice this (USD wad) may be repaid in full by one liquidation.
    uint256 public constant DUST_DEBT_VALUE = LiquidationLib.DUST_DEBT_VALUE;
    /// @notice Collateral worth less than this in all (USD wad, every collateral feed working) after a liquidation
    ///         backs nothing: the account's remaining debt is written off in that transaction.
    uint256 public constant DUST_COLLATERAL_VALUE = 1e18;
    /// @notice Highest flash-loan fee governance may set (1%).
    uint256 public constant MAX_FLASH_LOAN_FEE_BPS = 100;
    /// @notice Highest borrow rate the pool stores, whatever a rate model answers (1,000% a year).
    uint256 public constant MAX_BORROW_RATE_PER_SECOND = (10 * WAD) / 365 days;

    // ERC-3156: what a flash borrower's onFlashLoan returns when it accepts the loan.
    bytes32 private constant _FLASH_LOAN_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");
    // An asset index no asset has: "no asset at hand" for _accountValues.
    uint256 private constant _NONE = type(uint256).max;
    // Reserve.options bits.
    uint8 private constant _BORROW_ENABLED = 1;
    uint8 private constant _SUPPLY_CAPPED = 2;
    uint8 private constant _BORROW_CAPPED = 4;
    uint8 private constant _ISOLATED = 8;
    uint8 private constant _BORROWABLE_IN_ISOLATION = 16;
    uint8 private constant _ISOLATION_OPTIONS = _ISOLATED | _BORROWABLE_IN_ISOLATION;

    /// @inheritdoc ILendingPool
    IPriceOracle public immutable oracle;
    // The oracle's sequencer-uptime feed and grace period (immutable there too), read here without a call.
    address private immutable _SEQUENCER_FEED;
    uint256 private immutable _GRACE_PERIOD;

    /// @dev Five slots, laid out so that one operation touches as few as possible.
    struct Reserve {
        // slot 0: configuration (listed ⇔ rateModel != 0)
        IInterestRateModel rateModel;
        uint16 ltvBps;
        uint16 liquidationThresholdBps;
        uint16 liquidationBonusBps;
        uint16 reserveFactorBps;
        // _BORROW_ENABLED, and whether a cap is set (so that uncapped markets never read slot 1).
        uint8 options;
        uint8 pausedFlags;
        uint8 decimals;
        uint8 index;
        // slot 1
        uint128 supplyCap;
        uint128 borrowCap;
        // slot 2
        uint128 totalSupplyAssets;
        uint128 totalSupplyShares;
        // slot 3
        uint128 totalBorrowAssets;
        uint128 totalBorrowShares;
        // slot 4
        uint128 reserves;
        uint88 borrowRatePerSecond;
        uint40 lastUpdate;
    }

    struct Position {
        uint128 supplyShares;
        uint128 borrowShares;
    }

    /// @dev An isolated asset's ceiling and the debt counted against it, both at 18-decimal face value.
    struct IsolationState {
        uint128 debtCeiling;
        uint128 isolatedDebt;
    }

    /// @dev An account's values in USD wads over its collateral and debts, and what the caller asked about the assets
    ///      it named (A, B): their prices (zero when not priced) and B's collateral value.
    struct AccountValues {
        uint256 collateralValue;
        uint256 borrowLimit;
        uint256 thresholdValue;
        uint256 debtValue;
        uint256 priceA;
        uint256 priceB;
        uint256 collateralValueB;
        // A's borrow shares if A is borrowed, B's supply shares if B is collateral (zero otherwise).
        uint256 debtSharesA;
        uint256 collateralSharesB;
        // A debt whose feed is broken (zero if none): its value is missing from debtValue.
        address unpricedDebt;
        // Some collateral's feed is broken: it counts as zero in the values above.
        bool unpricedCollateral;
    }

    mapping(address asset => Reserve) private _reserves;
    // index → asset; a mapping rather than an array so that health checks skip the length read.
    mapping(uint256 index => address asset) private _assetAt;
    uint256 private _assetCount;
    mapping(address asset => mapping(address user => Position)) private _positions;
    // Two bits per asset: collateral, borrowing (UserConfigLib).
    mapping(address user => uint256 config) private _userConfig;
    // Bit i: the user switched asset i off as collateral (setCollateral(false)); its own supplies then no longer
    // enable it. Whatever others credit to an account (a supply on behalf, shares from a liquidation) sets nothing.
    mapping(address user => uint256 bits) private _collateralOptOut;
    uint16 private _flashLoanFeeBps;
    mapping(address asset => IsolationState) private _isolation;
    // The isolated collateral of an account whose isolation flag (UserConfigLib.ISOLATED) is set; read only then.
    mapping(address user => address asset) private _isolatedCollateral;

    /// @notice Deploys the pool.
    /// @param authority The protocol's AccessManager.
    /// @param oracle_ The price oracle for every listed asset.
    constructor(address authority, IPriceOracle oracle_) AccessManaged(authority) {
        if (address(oracle_) == address(0)) revert ZeroAddress();
        oracle = oracle_;
        _SEQUENCER_FEED = oracle_.sequencerUptimeFeed();
        _GRACE_PERIOD = oracle_.gracePeriod();
    }

    // ───────────────────────────── governance ─────────────────────────────

    /// @inheritdoc ILendingPool
    function listAsset(address asset, AssetConfig calldata config) external restricted {
        if (asset == address(0)) revert ZeroAddress();
        Reserve storage r = _reserves[asset];
        if (address(r.rateModel) != address(0)) revert AssetAlreadyListed(asset);
        uint256 index = _assetCount;
        if (index == MAX_ASSETS) revert TooManyAssets(MAX_ASSETS);
        _validateConfig(config);
        uint8 decimals = IERC20Metadata(asset).decimals();
        if (decimals > MAX_DECIMALS) revert UnsupportedDecimals(decimals);
        oracle.price(asset); // reverts unless the asset is priced: never list what cannot be valued

        _writeConfig(r, config);
        r.decimals = decimals;
        r.index = uint8(index);
        r.lastUpdate = uint40(block.timestamp);
        _assetAt[index] = asset;
        _assetCount = index + 1;
        _updateRate(r);
        emit AssetListed(asset, index, config);
    }

    /// @inheritdoc ILendingPool
    function setAssetConfig(address asset, AssetConfig calldata config) external restricted {
        Reserve storage r = _listed(asset);
        _validateConfig(config);
        // A threshold of zero on a live collateral would make its holders liquidatable at once (and, with no bonus,
        // leave their debt stuck): delist by LTV 0 first, and zero the threshold once nobody supplies it (Aave v3).
        if (config.liquidationThresholdBps == 0 && r.liquidationThresholdBps != 0 && r.totalSupplyShares != 0) {
            revert CollateralStillSupplied(asset, r.totalSupplyShares);
        }
        _accrue(r, asset);
        _writeConfig(r, config);
        _updateRate(r);
        emit AssetConfigUpdated(asset, config);
    }

    /// @inheritdoc ILendingPool
    function pauseAsset(address asset, uint8 flags) external restricted {
        _checkPauseFlags(flags);
        Reserve storage r = _listed(asset);
        uint8 paused = r.pausedFlags | flags;
        r.pausedFlags = paused;
        emit AssetPaused(asset, paused);
    }

    /// @inheritdoc ILendingPool
    function unpauseAsset(address asset, uint8 flags) external restricted {
        _checkPauseFlags(flags);
        Reserve storage r = _listed(asset);
        uint8 paused = r.pausedFlags & ~flags;
        r.pausedFlags = paused;
        emit AssetUnpaused(asset, paused);
    }

    /// @inheritdoc ILendingPool
    function collectReserves(address asset, address to) external restricted nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        Reserve storage r = _listed(asset);
        _accrue(r, asset);
        uint256 reserves = r.reserves;
        // Reserves may be partly lent out; only idle tokens can leave, and never more than the pool holds.
        uint256 claims = uint256(r.totalSupplyAssets) + reserves;
        uint256 borrowed = r.totalBorrowAssets;
        uint256 idle = claims > borrowed ? claims - borrowed : 0;
        uint256 balance = IERC20(asset).balanceOf(address(this));
        if (balance < idle) idle = balance;
        amount = reserves < idle ? reserves : idle;
        r.reserves = uint128(reserves - amount);
        _updateRateUnlessUnborrowed(r); // the accrual moved utilization
        emit ReservesCollected(asset, to, amount);
        IERC20(asset).safeTransfer(to, amount);
    }

    /// @inheritdoc ILendingPool
    function setIsolation(
        address asset,
        bool isolated,
        bool borrowableInIsolation,
        uint128 debtCeiling
    ) external restricted {
        Reserve storage r = _listed(asset);
        uint8 options = r.options;
        IsolationState storage state = _isolation[asset];
        if (isolated && options & _ISOLATED == 0) {
            // Existing suppliers may hold it beside other collateral: isolation is for a market that starts with it.
            if (r.totalSupplyShares != 0) revert IsolationWithSuppliers(asset, r.totalSupplyShares);
            // With no supplier, no account owes against it: a count left from an earlier isolation is stale.
            if (state.isolatedDebt != 0) {
                state.isolatedDebt = 0;
                emit IsolatedDebtUpdated(asset, 0);
            }
        }
        r.options =
            (options & ~_ISOLATION_OPTIONS) |
            (isolated ? _ISOLATED : 0) |
            (borrowableInIsolation ? _BORROWABLE_IN_ISOLATION : 0);
        state.debtCeiling = debtCeiling;
        emit IsolationSet(asset, isolated, borrowableInIsolation, debtCeiling);
    }

    /// @inheritdoc ILendingPool
    function setFlashLoanFee(uint16 feeBps) external restricted {
        if (feeBps > MAX_FLASH_LOAN_FEE_BPS) revert InvalidFlashLoanFee(feeBps);
        _flashLoanFeeBps = feeBps;
        emit FlashLoanFeeSet(feeBps);
    }

    // ───────────────────────────── users ─────────────────────────────

    /// @inheritdoc ILendingPool
    function supply(address asset, uint256 amount, address onBehalfOf) external nonReentrant returns (uint256 shares) {
        if (amount == 0) revert ZeroAmount();
        if (onBehalfOf == address(0)) revert ZeroAddress();
        Reserve storage r = _listed(asset);
        if (r.pausedFlags & PAUSE_SUPPLY != 0) revert OperationPaused(asset, PAUSE_SUPPLY);
        _accrue(r, asset);

        uint256 totalAssets = r.totalSupplyAssets;
        uint256 newTotalAssets = totalAssets + amount;
        if (r.options & _SUPPLY_CAPPED != 0 && newTotalAssets > r.supplyCap) {
            revert SupplyCapExceeded(asset, r.supplyCap);
        }
        uint256 totalShares = r.totalSupplyShares;
        shares = amount.toSharesDown(totalAssets, totalShares);
        if (shares == 0) revert ZeroShares();

        r.totalSupplyAssets = newTotalAssets.toUint128();
        r.totalSupplyShares = (totalShares + shares).toUint128();
        Position storage p = _positions[asset][onBehalfOf];
        p.supplyShares = (uint256(p.supplyShares) + shares).toUint128();
        // One's own supply enables the asset as collateral (if it can be one) unless one switched it off; a supply
        // on someone's behalf never changes which of their assets are collateral, so it cannot add work or feeds to
        // their health checks, nor (by crediting dust first) stop their own supply from counting.
        if (onBehalfOf == msg.sender && r.liquidationThresholdBps != 0) _enableOwnSupply(r, asset);
        _updateRateUnlessUnborrowed(r);

        emit Supply(asset, msg.sender, onBehalfOf, amount, shares);
        IERC20(asset).pullExact(msg.sender, amount);
    }

    /// @inheritdoc ILendingPool
    function withdraw(address asset, uint256 amount, address to) external nonReentrant returns (uint256 withdrawn) {
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        Reserve storage r = _listed(asset);
        _accrue(r, asset);

        uint256 totalAssets = r.totalSupplyAssets;
        uint256 totalShares = r.totalSupplyShares;
        Position storage p = _positions[asset][msg.sender];
        uint256 userShares = p.supplyShares;
        uint256 shares;
        if (amount == type(uint256).max) {
            shares = userShares;
            withdrawn = shares.toAssetsDown(totalAssets, totalShares);
        } else {
            shares = amount.toSharesUp(totalAssets, totalShares);
            withdrawn = amount;
        }
        if (shares == 0) revert ZeroShares();
        if (shares > userShares) revert InsufficientSupply(userShares.toAssetsDown(totalAssets, totalShares), amount);
        _requireLiquidity(asset, r, withdrawn);

        r.totalSupplyAssets = uint128(totalAssets - withdrawn);
        r.totalSupplyShares = uint128(totalShares - shares);
        p.supplyShares = uint128(userShares - shares);
        uint256 config = _userConfig[msg.sender];
        uint256 index = r.index;
        if (config.isCollateral(index)) {
            if (userShares == shares) _setCollateral(msg.sender, r, asset, false);
            // Only collateral backs debt: withdrawing anything else needs no price at all.
            if (config.isBorrowingAny()) _requireWithinBorrowLimit(msg.sender, index, asset);
        }
        _updateRateUnlessUnborrowed(r);

        emit Withdraw(asset, msg.sender, to, withdrawn, shares);
        IERC20(asset).safeTransfer(to, withdrawn);
    }

    /// @inheritdoc ILendingPool
    function borrow(address asset, uint256 amount, address to) external nonReentrant returns (uint256 shares) {
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        Reserve storage r = _listed(asset);
        _requireLending(r, asset);
        uint8 options = r.options;
        _requireSequencerUpForBorrow();
        _accrue(r, asset);

        uint256 totalAssets = r.totalBorrowAssets;
        uint256 newTotalAssets = totalAssets + amount;
        if (options & _BORROW_CAPPED != 0 && newTotalAssets > r.borrowCap) {
            revert BorrowCapExceeded(asset, r.borrowCap);
        }
        _requireLiquidity(asset, r, amount);
        uint256 totalShares = r.totalBorrowShares;
        shares = amount.toSharesUp(totalAssets, totalShares);

        r.totalBorrowAssets = newTotalAssets.toUint128();
        r.totalBorrowShares = (totalShares + shares).toUint128();
        Position storage p = _positions[asset][msg.sender];
        p.borrowShares = (p.borrowShares + shares).toUint128();
        uint256 index = r.index;
        uint256 config = _userConfig[msg.sender];
        if (!config.isBorrowing(index)) _userConfig[msg.sender] = config.withBorrowing(index, true);
        if (config.isIsolated()) _borrowInIsolation(config, asset, options, r.decimals, amount);
        _updateRate(r);
        _requireWithinBorrowLimit(msg.sender, index, asset);

        emit Borrow(asset, msg.sender, to, amount, shares);
        IERC20(asset).safeTransfer(to, amount);
    }

    /// @inheritdoc ILendingPool
    function repay(address asset, uint256 amount, address onBehalfOf) external nonReentrant returns (uint256 repaid) {
        if (amount == 0) revert ZeroAmount();
        Reserve storage r = _listed(asset);
        _accrue(r, asset);

        Position storage p = _positions[asset][onBehalfOf];
        if (p.borrowShares == 0) revert NoDebt(asset, onBehalfOf);
        (uint256 paid, uint256 shares, uint256 orphaned) = _repayDebt(r, p, onBehalfOf, amount);
        repaid = paid;
        if (orphaned != 0) _writeOffOrphaned(r, asset, orphaned);
        _updateRate(r);

        emit Repay(asset, msg.sender, onBehalfOf, repaid, shares);
        IERC20(asset).pullExact(msg.sender, repaid);
    }

    /// @inheritdoc ILendingPool
    function setCollateral(address asset, bool enabled) external nonReentrant {
        Reserve storage r = _listed(asset);
        uint256 index = r.index;
        uint256 config = _userConfig[msg.sender];
        if (config.isCollateral(index) == enabled) return;
        if (enabled) {
            if (r.liquidationThresholdBps == 0) revert CollateralNotAccepted(asset);
            if (_positions[asset][msg.sender].supplyShares == 0) revert NoSupply(asset, msg.sender);
            if (r.options & _ISOLATED != 0) {
                if (config & UserConfigLib.ASSETS_MASK != 0) revert IsolationNotAlone(asset, config);
            } else if (config.isIsolated()) {
                address isolatedAsset = _isolatedAssetOf(config, msg.sender);
                if (isolatedAsset != address(0) && !_mayLeaveIsolation(config, isolatedAsset)) {
                    revert InIsolation(isolatedAsset, asset);
                }
            }
            _collateralOptOut[msg.sender] &= ~(uint256(1) << index);
            _setCollateral(msg.sender, r, asset, true);
        } else {
            _collateralOptOut[msg.sender] |= uint256(1) << index;
            _setCollateral(msg.sender, r, asset, false);
            if (config.isBorrowingAny()) _requireWithinBorrowLimit(msg.sender, index, asset);
        }
    }

    /// @inheritdoc ILendingPool
    function liquidate(
        address borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repayAmount,
        address receiver,
        bool receiveShares
    ) external nonReentrant returns (uint256 seized) {
        if (repayAmount == 0) revert ZeroAmount();
        if (receiver == address(0)) revert ZeroAddress();
        // Shares seized and credited back to the borrower would stay its supply while the write-off check counts
        // them gone.
        if (receiveShares && receiver == borrower) revert ReceiverIsBorrower(borrower);
        uint256 repaid;
        (repaid, seized) = _executeLiquidation(
            borrower,
            debtAsset,
            collateralAsset,
            repayAmount,
            receiver,
            receiveShares
        );
        emit Liquidate(borrower, msg.sender, debtAsset, collateralAsset, repaid, seized, receiver, receiveShares);
        if (repaid != 0) IERC20(debtAsset).pullExact(msg.sender, repaid);
        if (!receiveShares && seized != 0) IERC20(collateralAsset).safeTransfer(receiver, seized);
    }

    /// @inheritdoc IERC3156FlashLender
    /// @dev Any listed asset; `receiver` must return `keccak256("ERC3156FlashBorrower.onFlashLoan")` from
    ///      `onFlashLoan` and have approved `amount + fee`. Not behind the reentrancy guard, on purpose: the callback may use the pool (supply, borrow, repay,
    ///      liquidate — a liquidator with no capital borrows the debt asset here). Each of those runs its own checks
    ///      against the pool's accounting, which never reads its token balance, so the loan in flight changes nothing
    ///      they see; the only balance read is the exact-pull's delta of one transfer. The loan itself takes at most
    ///      the idle liquidity, and repayment plus fee is pulled, balance-checked, before the fee joins the reserves.
    function flashLoan(
        IERC3156FlashBorrower receiver,
        address token,
        uint256 amount,
        bytes calldata data
    ) external returns (bool) {
        if (amount == 0) revert ZeroAmount();
        Reserve storage r = _listed(token);
        // A flash loan lends the market's cash like a borrow: not of an asset governance does not lend (the T-bill),
        // nor while the guardian has paused borrowing, so the emergency brake stops flash capital too.
        _requireLending(r, token);
        _accrue(r, token);
        uint256 supplyAssets = r.totalSupplyAssets;
        uint256 borrowAssets = r.totalBorrowAssets;
        uint256 available = supplyAssets > borrowAssets ? supplyAssets - borrowAssets : 0;
        if (amount > available) revert InsufficientLiquidity(token, available, amount);
        uint256 fee = amount.bpsMulUp(_flashLoanFeeBps);

        IERC20(token).safeTransfer(address(receiver), amount);
        bytes32 returned = receiver.onFlashLoan(msg.sender, token, amount, fee, data);
        if (returned != _FLASH_LOAN_SUCCESS) revert FlashLoanCallbackFailed(returned);
        IERC20(token).pullExact(address(receiver), amount + fee);
        if (fee != 0) r.reserves = (uint256(r.reserves) + fee).toUint128();
        emit FlashLoan(address(receiver), msg.sender, token, amount, fee);
        return true;
    }

    /// @dev Reverts unless the market lends: borrowing enabled and not paused.
    function _requireLending(Reserve storage r, address asset) private view {
        if (r.options & _BORROW_ENABLED == 0) revert BorrowDisabled(asset);
        if (r.pausedFlags & PAUSE_BORROW != 0) revert OperationPaused(asset, PAUSE_BORROW);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IERC3156FlashLender
    function maxFlashLoan(address token) external view returns (uint256) {
        Reserve storage r = _reserves[token];
        if (address(r.rateModel) == address(0)) return 0;
        if (r.options & _BORROW_ENABLED == 0 || r.pausedFlags & PAUSE_BORROW != 0) return 0; // flashLoan would refuse
        (uint256 supplyAssets, , uint256 borrowAssets, , ) = _expectedTotals(r);
        return supplyAssets > borrowAssets ? supplyAssets - borrowAssets : 0;
    }

    /// @inheritdoc IERC3156FlashLender
    function flashFee(address token, uint256 amount) external view returns (uint256) {
        _listed(token);
        return amount.bpsMulUp(_flashLoanFeeBps);
    }

    /// @inheritdoc ILendingPool
    function flashLoanFeeBps() external view returns (uint256) {
        return _flashLoanFeeBps;
    }

    /// @inheritdoc ILendingPool
    function accountData(
        address user
    ) external view returns (uint256 collateralValue, uint256 debtValue, uint256 borrowLimit, uint256 healthFactorWad) {
        AccountValues memory v = _accountValues(user, _NONE, address(0), _NONE, address(0));
        return (v.collateralValue, v.debtValue, v.borrowLimit, _healthFactor(v));
    }

    /// @inheritdoc ILendingPool
    function healthFactor(address user) external view returns (uint256) {
        return _healthFactor(_accountValues(user, _NONE, address(0), _NONE, address(0)));
    }

    /// @inheritdoc ILendingPool
    function isolation(address asset) external view returns (Isolation memory) {
        uint8 options = _listed(asset).options;
        IsolationState memory state = _isolation[asset];
        return
            Isolation({
                isolated: options & _ISOLATED != 0,
                borrowableInIsolation: options & _BORROWABLE_IN_ISOLATION != 0,
                debtCeiling: state.debtCeiling,
                isolatedDebt: state.isolatedDebt
            });
    }

    /// @inheritdoc ILendingPool
    function isolatedCollateralOf(address user) external view returns (address) {
        return _isolatedAssetOf(_userConfig[user], user);
    }

    /// @inheritdoc ILendingPool
    function isCollateral(address asset, address user) external view returns (bool) {
        return _userConfig[user].isCollateral(_listed(asset).index);
    }

    /// @inheritdoc ILendingPool
    function userConfig(address user) external view returns (uint256) {
        return _userConfig[user];
    }

    /// @inheritdoc ILendingPool
    function supplyBalance(address asset, address user) external view returns (uint256) {
        (uint256 supplyAssets, uint256 supplyShares, , , ) = _expectedTotals(_listed(asset));
        return uint256(_positions[asset][user].supplyShares).toAssetsDown(supplyAssets, supplyShares);
    }

    /// @inheritdoc ILendingPool
    function debtBalance(address asset, address user) external view returns (uint256) {
        (, , uint256 borrowAssets, uint256 borrowShares, ) = _expectedTotals(_listed(asset));
        return uint256(_positions[asset][user].borrowShares).toAssetsUp(borrowAssets, borrowShares);
    }

    /// @inheritdoc ILendingPool
    function utilizationWad(address asset) external view returns (uint256) {
        (uint256 supplyAssets, , uint256 borrowAssets, , ) = _expectedTotals(_listed(asset));
        return _utilization(supplyAssets, borrowAssets);
    }

    /// @inheritdoc ILendingPool
    function borrowRatePerSecond(address asset) external view returns (uint256) {
        return _listed(asset).borrowRatePerSecond;
    }

    /// @inheritdoc ILendingPool
    function supplyRatePerSecond(address asset) external view returns (uint256) {
        Reserve storage r = _listed(asset);
        (uint256 supplyAssets, , uint256 borrowAssets, , ) = _expectedTotals(r);
        uint256 utilization = _utilization(supplyAssets, borrowAssets);
        if (utilization > WAD) utilization = WAD;
        return uint256(r.borrowRatePerSecond).wMulDown(utilization).bpsMulDown(BPS - r.reserveFactorBps);
    }

    /// @inheritdoc ILendingPool
    function assets() external view returns (address[] memory list) {
        uint256 count = _assetCount;
        list = new address[](count);
        for (uint256 i; i < count; ++i) list[i] = _assetAt[i];
    }

    /// @inheritdoc ILendingPool
    function assetConfig(address asset) external view returns (AssetConfig memory) {
        Reserve storage r = _listed(asset);
        return
            AssetConfig({
                rateModel: r.rateModel,
                ltvBps: r.ltvBps,
                liquidationThresholdBps: r.liquidationThresholdBps,
                liquidationBonusBps: r.liquidationBonusBps,
                reserveFactorBps: r.reserveFactorBps,
                borrowEnabled: r.options & _BORROW_ENABLED != 0,
                supplyCap: r.supplyCap,
                borrowCap: r.borrowCap
            });
    }

    /// @inheritdoc ILendingPool
    function reserveData(address asset) external view returns (ReserveData memory data) {
        Reserve storage r = _listed(asset);
        (
            data.totalSupplyAssets,
            data.totalSupplyShares,
            data.totalBorrowAssets,
            data.totalBorrowShares,
            data.reserves
        ) = _expectedTotals(r);
        data.borrowRatePerSecond = r.borrowRatePerSecond;
        data.lastUpdate = block.timestamp;
        data.decimals = r.decimals;
        data.pausedFlags = r.pausedFlags;
    }

    /// @inheritdoc ILendingPool
    function position(address asset, address user) external view returns (uint256 supplyShares, uint256 borrowShares) {
        Position storage p = _positions[asset][user];
        return (p.supplyShares, p.borrowShares);
    }

    // ───────────────────────────── internals: configuration ─────────────────────────────

    function _listed(address asset) private view returns (Reserve storage r) {
        r = _reserves[asset];
        if (address(r.rateModel) == address(0)) revert AssetNotListed(asset);
    }

    /// @dev The bounds under which every guarantee of the pool holds (see test/lending/config-space.test.ts).
    function _validateConfig(AssetConfig calldata config) private view {
        if (address(config.rateModel).code.length == 0) revert InvalidRateModel(address(config.rateModel));
        uint256 ltv = config.ltvBps;
        uint256 threshold = config.liquidationThresholdBps;
        uint256 bonus = config.liquidationBonusBps;
        // A collateral's LTV sits strictly below its threshold so a fresh max borrow is not instantly liquidatable.
        if (ltv >= threshold && !(ltv == 0 && threshold == 0)) revert InvalidLtv(ltv, threshold);
        // No bonus, no liquidator: a collateral must pay one. Above the maximum, seizures eat the account.
        if (bonus > MAX_LIQUIDATION_BONUS_BPS || (threshold != 0 && bonus == 0)) revert InvalidLiquidationBonus(bonus);
        // threshold × (1 + bonus) below the full-liquidation health factor: every liquidation allowed while the
        // account is above that factor raises its health, and below it the liquidator may close the account out.
        if (threshold * (BPS + bonus) >= FULL_LIQUIDATION_HEALTH_FACTOR.mulDivDown(BPS * BPS, WAD)) {
            revert InvalidLiquidationThreshold(threshold, bonus);
        }
        if (config.reserveFactorBps > MAX_RESERVE_FACTOR_BPS) revert InvalidReserveFactor(config.reserveFactorBps);
    }

    function _writeConfig(Reserve storage r, AssetConfig calldata config) private {
        r.rateModel = config.rateModel;
        r.ltvBps = config.ltvBps;
        r.liquidationThresholdBps = config.liquidationThresholdBps;
        r.liquidationBonusBps = config.liquidationBonusBps;
        r.reserveFactorBps = config.reserveFactorBps;
        r.options =
            (r.options & _ISOLATION_OPTIONS) |
            (config.borrowEnabled ? _BORROW_ENABLED : 0) |
            (config.supplyCap != 0 ? _SUPPLY_CAPPED : 0) |
            (config.borrowCap != 0 ? _BORROW_CAPPED : 0);
        r.supplyCap = config.supplyCap;
        r.borrowCap = config.borrowCap;
    }

    function _checkPauseFlags(uint8 flags) private pure {
        if (flags == 0 || flags > (PAUSE_SUPPLY | PAUSE_BORROW)) revert InvalidPauseFlags(flags);
    }

    // ───────────────────────────── internals: interest ─────────────────────────────

    /// @dev Interest over the time since the last touch at the stored rate: rounded up for borrowers (the pool never
    ///      under-charges), and the reserve factor's share rounded down (suppliers keep the dust).
    function _pendingInterest(Reserve storage r) private view returns (uint256 interest, uint256 toReserves) {
        uint256 elapsed = block.timestamp - r.lastUpdate;
        uint256 rate = r.borrowRatePerSecond;
        if (elapsed == 0 || rate == 0) return (0, 0);
        uint256 borrowAssets = r.totalBorrowAssets;
        if (borrowAssets == 0) return (0, 0);
        interest = borrowAssets.wMulUp(MathLib.wTaylorCompounded(rate, elapsed));
        toReserves = interest.bpsMulDown(r.reserveFactorBps);
    }

    /// @dev Adds the pending interest to the totals. Without interest (no rate, no borrows) nothing is written: the
    ///      clock may stay behind, because nothing accrues until the rate or the borrows change, and both change only
    ///      through `_updateRate`, which restarts the clock.
    function _accrue(Reserve storage r, address asset) private {
        uint256 lastUpdate = r.lastUpdate;
        if (lastUpdate == block.timestamp) return;
        uint256 rate = r.borrowRatePerSecond;
        if (rate == 0) return;
        uint256 borrowAssets = r.totalBorrowAssets;
        if (borrowAssets == 0) return;
        // As _pendingInterest, from values already loaded.
        uint256 interest = borrowAssets.wMulUp(MathLib.wTaylorCompounded(rate, block.timestamp - lastUpdate));
        uint256 toReserves = interest.bpsMulDown(r.reserveFactorBps);
        r.totalBorrowAssets = (borrowAssets + interest).toUint128();
        r.totalSupplyAssets = (uint256(r.totalSupplyAssets) + interest - toReserves).toUint128();
        r.reserves = (uint256(r.reserves) + toReserves).toUint128();
        r.lastUpdate = uint40(block.timestamp);
        emit AccrueInterest(asset, rate, interest, toReserves);
    }

    /// @dev Totals as `_accrue` would leave them now, without writing.
    function _expectedTotals(
        Reserve storage r
    )
        private
        view
        returns (
            uint256 supplyAssets,
            uint256 supplyShares,
            uint256 borrowAssets,
            uint256 borrowShares,
            uint256 reserves
        )
    {
        (uint256 interest, uint256 toReserves) = _pendingInterest(r);
        supplyAssets = uint256(r.totalSupplyAssets) + interest - toReserves;
        supplyShares = r.totalSupplyShares;
        borrowAssets = uint256(r.totalBorrowAssets) + interest;
        borrowShares = r.totalBorrowShares;
        reserves = uint256(r.reserves) + toReserves;
    }

    function _utilization(uint256 supplyAssets, uint256 borrowAssets) private pure returns (uint256) {
        return supplyAssets == 0 ? 0 : borrowAssets.wDivDown(supplyAssets);
    }

    /// @dev `_updateRate` after an operation that moved only supply totals: a reserve nobody borrows stays at
    ///      utilization zero, where its stored rate already is (every change of borrows ends in `_updateRate`), so
    ///      collateral-only markets skip the rate model's call. With shares moved between accounts, the totals do not
    ///      change at all and the caller skips even this.
    function _updateRateUnlessUnborrowed(Reserve storage r) private {
        if (r.totalBorrowAssets != 0) _updateRate(r);
    }

    /// @dev Stores the model's rate for the current utilization, clamped so that no model can make accrual (and with
    ///      it repayment) overflow.
    function _updateRate(Reserve storage r) private {
        uint256 rate = r.rateModel.borrowRatePerSecond(_utilization(r.totalSupplyAssets, r.totalBorrowAssets));
        r.borrowRatePerSecond = uint88(rate < MAX_BORROW_RATE_PER_SECOND ? rate : MAX_BORROW_RATE_PER_SECOND);
        // Interest is due from now at the new rate (the caller accrued up to now first).
        r.lastUpdate = uint40(block.timestamp);
    }

    // ───────────────────────────── internals: positions ─────────────────────────────

    function _requireLiquidity(address asset, Reserve storage r, uint256 amount) private view {
        uint256 supplyAssets = r.totalSupplyAssets;
        uint256 borrowAssets = r.totalBorrowAssets;
        uint256 available = supplyAssets > borrowAssets ? supplyAssets - borrowAssets : 0;
        if (amount > available) revert InsufficientLiquidity(asset, available, amount);
    }

    /// @dev Repays up to `amount` of `account`'s debt: exactly what `debtBalance` shows when it covers the debt (every
    ///      share burned), otherwise shares rounded down (the borrower never gets more debt cleared than paid for;
    ///      below the debt, `amount` ≤ debt − 1 < debtShares × price, so fewer shares than held). When the last borrow
    ///      shares go, what is left of the total is the interest the virtual shares accrued (a few wei) that nobody
    ///      owes: it is returned as `orphaned` for the caller to write off, so no ownerless debt stays on the books.
    function _repayDebt(
        Reserve storage r,
        Position storage p,
        address account,
        uint256 amount
    ) private returns (uint256 repaid, uint256 shares, uint256 orphaned) {
        uint256 debtShares = p.borrowShares;
        uint256 borrowAssets = r.totalBorrowAssets;
        uint256 borrowShares = r.totalBorrowShares;
        {
            uint256 debt = debtShares.toAssetsUp(borrowAssets, borrowShares);
            if (amount >= debt) {
                (repaid, shares) = (debt, debtShares);
            } else {
                shares = amount.toSharesDown(borrowAssets, borrowShares);
                if (shares == 0) revert ZeroShares();
                repaid = amount;
            }
        }
        borrowShares -= shares;
        // Debts round up, so their sum may exceed the total by a few wei: floor at zero.
        borrowAssets = borrowAssets > repaid ? borrowAssets - repaid : 0;
        if (borrowShares == 0) (orphaned, borrowAssets) = (borrowAssets, 0);
        r.totalBorrowAssets = uint128(borrowAssets);
        r.totalBorrowShares = uint128(borrowShares);
        p.borrowShares = uint128(debtShares - shares);
        if (debtShares == shares) _userConfig[account] = _userConfig[account].withBorrowing(r.index, false);
        // Whatever the asset's flags now: one borrowable in isolation when it was borrowed still counts.
        _repayInIsolation(account, repaid, r.decimals);
    }

    /// @dev Takes `loss` out of the reserve's claims: the protocol's reserves first, then the suppliers.
    function _absorbLoss(Reserve storage r, uint256 loss) private returns (uint256 fromReserves) {
        uint256 reserves = r.reserves;
        fromReserves = loss < reserves ? loss : reserves;
        uint256 fromSuppliers = loss - fromReserves;
        uint256 supplyAssets = r.totalSupplyAssets;
        r.reserves = uint128(reserves - fromReserves);
        r.totalSupplyAssets = uint128(supplyAssets > fromSuppliers ? supplyAssets - fromSuppliers : 0);
    }

    /// @dev The virtual shares' interest that the last borrower left behind, written off as a debt of nobody.
    function _writeOffOrphaned(Reserve storage r, address asset, uint256 orphaned) private {
        emit BadDebtRealized(asset, address(0), orphaned, _absorbLoss(r, orphaned));
    }

    /// @dev Enables `asset` as the caller's collateral on its own supply, unless it is already, the caller opted out,
    ///      or isolation mode forbids it (an isolated asset beside anything else, anything else beside one): then the
    ///      supply simply does not count, as in Aave.
    function _enableOwnSupply(Reserve storage r, address asset) private {
        uint256 index = r.index;
        uint256 config = _userConfig[msg.sender];
        if (config.isCollateral(index)) return;
        if ((_collateralOptOut[msg.sender] >> index) & 1 != 0) return;
        if (r.options & _ISOLATED != 0) {
            if (config & UserConfigLib.ASSETS_MASK != 0) return;
        } else if (config.isIsolated()) {
            address isolatedAsset = _isolatedAssetOf(config, msg.sender);
            if (isolatedAsset != address(0) && !_mayLeaveIsolation(config, isolatedAsset)) return;
        }
        _setCollateral(msg.sender, r, asset, true);
    }

    /// @dev Sets the collateral bit. Enabling an isolated asset enters isolation mode (the callers checked that the
    ///      account has nothing else); enabling any other asset leaves it (the callers checked that it may).
    ///      Disabling the isolated asset leaves isolation only without debt: debt left after a seizure still counts
    ///      against the ceiling until it is repaid or written off.
    function _setCollateral(address user, Reserve storage r, address asset, bool enabled) private {
        uint256 config = _userConfig[user].withCollateral(r.index, enabled);
        if (enabled) {
            bool isolated = r.options & _ISOLATED != 0;
            if (isolated) _isolatedCollateral[user] = asset;
            config = config.withIsolated(isolated);
        } else if (config.isIsolated() && !config.isBorrowingAny() && _isolatedCollateral[user] == asset) {
            config = config.withIsolated(false);
        }
        _userConfig[user] = config;
        emit CollateralSet(user, asset, enabled);
    }

    // ───────────────────────────── internals: isolation mode ─────────────────────────────

    /// @dev The isolated asset whose ceiling counts the account's debt: zero unless the flag is set and the asset is
    ///      still isolated (governance lifting isolation frees its accounts).
    function _isolatedAssetOf(uint256 config, address user) private view returns (address isolatedAsset) {
        if (!config.isIsolated()) return address(0);
        isolatedAsset = _isolatedCollateral[user];
        if (_reserves[isolatedAsset].options & _ISOLATED == 0) return address(0);
    }

    /// @dev An account leaves isolation (to enable other collateral) only with its isolated collateral switched off
    ///      and no debt left.
    function _mayLeaveIsolation(uint256 config, address isolatedAsset) private view returns (bool) {
        return !config.isBorrowingAny() && !config.isCollateral(_reserves[isolatedAsset].index);
    }

    /// @dev A borrow by an account whose flag is set: only assets borrowable in isolation, within the ceiling.
    function _borrowInIsolation(
        uint256 config,
        address asset,
        uint8 options,
        uint256 decimals,
        uint256 amount
    ) private {
        address isolatedAsset = _isolatedAssetOf(config, msg.sender);
        if (isolatedAsset == address(0)) return;
        if (options & _BORROWABLE_IN_ISOLATION == 0) revert NotBorrowableInIsolation(asset, isolatedAsset);
        IsolationState storage state = _isolation[isolatedAsset];
        uint256 debt = state.isolatedDebt + amount * 10 ** (18 - decimals);
        uint256 ceiling = state.debtCeiling;
        if (debt > ceiling) revert DebtCeilingExceeded(isolatedAsset, ceiling, debt);
        state.isolatedDebt = uint128(debt);
        emit IsolatedDebtUpdated(isolatedAsset, debt);
    }

    /// @dev A repayment (a liquidation's and a write-off's too) of an account in isolation lowers the debt counted
    ///      against its isolated asset, at face value and never below zero.
    function _repayInIsolation(address account, uint256 repaid, uint256 decimals) private {
        address isolatedAsset = _isolatedAssetOf(_userConfig[account], account);
        if (isolatedAsset == address(0)) return;
        IsolationState storage state = _isolation[isolatedAsset];
        uint256 debt = state.isolatedDebt;
        uint256 face = repaid * 10 ** (18 - decimals);
        debt = debt > face ? debt - face : 0;
        state.isolatedDebt = uint128(debt);
        emit IsolatedDebtUpdated(isolatedAsset, debt);
    }

    // ───────────────────────────── internals: liquidation ─────────────────────────────

    /// @dev All of a liquidation's effects; the caller moves the tokens afterwards.
    function _executeLiquidation(
        address borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repayAmount,
        address receiver,
        bool receiveShares
    ) private returns (uint256 repaid, uint256 seized) {
        (IPriceOracle.SequencerStatus status, ) = SequencerLib.status(_SEQUENCER_FEED, _GRACE_PERIOD);
        if (status == IPriceOracle.SequencerStatus.Down) revert SequencerDown();
        Reserve storage d = _listed(debtAsset);
        Reserve storage c = _listed(collateralAsset);
        _accrue(d, debtAsset);
        _accrue(c, collateralAsset);

        Quote memory q = _quoteLiquidation(borrower, debtAsset, collateralAsset, repayAmount, d, c);
        if (status == IPriceOracle.SequencerStatus.GracePeriod && q.healthFactorWad >= FULL_LIQUIDATION_HEALTH_FACTOR) {
            revert LiquidationGracePeriod(q.healthFactorWad, FULL_LIQUIDATION_HEALTH_FACTOR);
        }
        (repaid, seized) = (q.repaid, q.seized);

        // Debt side first: when both assets are the same, the repayment is liquidity for the seizure.
        uint256 orphaned;
        if (repaid != 0) (repaid, orphaned) = _repayForBorrower(d, debtAsset, borrower, repaid);
        _seizeCollateral(c, collateralAsset, borrower, seized, q.collateral, receiver, receiveShares);
        if (orphaned != 0) _writeOffOrphaned(d, debtAsset, orphaned);

        _updateRate(d);
        // Accrual and the seizure moved only c's supply side: a reserve nobody borrows keeps its rate.
        if (collateralAsset != debtAsset) _updateRateUnlessUnborrowed(c);
        // What backs the debt now. A broken collateral feed never triggers a write-off: that collateral is still
        // there, it is only unpriced.
        if (!q.unpricedCollateral) {
            uint256 remaining =
                q.otherCollateralValue +
                    (q.collateral - seized).mulDivDown(q.prices.collateralPrice, q.prices.collateralUnit);
            if (remaining < DUST_COLLATERAL_VALUE) _realizeBadDebt(borrower);
        }
    }

    /// @dev The debt side of a liquidation (its own frame: the liquidation's stack is full).
    function _repayForBorrower(
        Reserve storage d,
        address debtAsset,
        address borrower,
        uint256 amount
    ) private returns (uint256 repaid, uint256 orphaned) {
        (repaid, , orphaned) = _repayDebt(d, _positions[debtAsset][borrower], borrower, amount);
    }

    /// @dev A priced liquidation, before any state changes.
    struct Quote {
        uint256 repaid;
        uint256 seized;
        uint256 collateral;
        uint256 healthFactorWad;
        uint256 otherCollateralValue;
        bool unpricedCollateral;
        LiquidationLib.Prices prices;
    }

    /// @dev Checks that the borrower can be liquidated and prices the liquidation (reserves already accrued).
    function _quoteLiquidation(
        address borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repayAmount,
        Reserve storage d,
        Reserve storage c
    ) private view returns (Quote memory q) {
        AccountValues memory v = _accountValues(borrower, d.index, debtAsset, c.index, collateralAsset);
        if (v.debtSharesA == 0) revert NoDebt(debtAsset, borrower);
        // Only what the borrower pledged can be seized; a supply it never enabled backs nothing.
        if (v.collateralSharesB == 0) revert NoCollateral(collateralAsset, borrower);
        q.healthFactorWad = _healthFactor(v);
        if (q.healthFactorWad >= WAD) revert HealthyPosition(q.healthFactorWad);
        // The health check priced both assets (the debt is owed, the collateral enabled) unless their feeds are broken.
        if (v.priceA == 0) revert DebtPriceUnavailable(debtAsset);
        if (v.priceB == 0) revert CollateralPriceUnavailable(collateralAsset);

        q.prices = LiquidationLib.Prices({
            debtPrice: v.priceA,
            debtUnit: 10 ** d.decimals,
            collateralPrice: v.priceB,
            collateralUnit: 10 ** c.decimals
        });
        q.collateral = v.collateralSharesB.toAssetsDown(c.totalSupplyAssets, c.totalSupplyShares);
        (q.repaid, q.seized) = LiquidationLib.amounts(
            v.debtSharesA.toAssetsUp(d.totalBorrowAssets, d.totalBorrowShares),
            repayAmount,
            q.collateral,
            q.healthFactorWad,
            c.liquidationBonusBps,
            q.prices
        );
        q.otherCollateralValue = v.collateralValue - v.collateralValueB;
        q.unpricedCollateral = v.unpricedCollateral;
    }

    /// @dev Takes `seized` of the borrower's collateral: burned (the caller sends the tokens, which needs idle
    ///      liquidity) or moved as supply shares to `receiver`, which needs none. Shares leaving the borrower round
    ///      up when burned and the shares credited round down, so neither way favours the liquidator.
    function _seizeCollateral(
        Reserve storage c,
        address collateralAsset,
        address borrower,
        uint256 seized,
        uint256 collateral,
        address receiver,
        bool receiveShares
    ) private {
        Position storage p = _positions[collateralAsset][borrower];
        uint256 totalAssets = c.totalSupplyAssets;
        uint256 totalShares = c.totalSupplyShares;
        uint256 userShares = p.supplyShares;
        uint256 shares;
        if (seized == collateral) shares = userShares;
        else if (receiveShares) shares = seized.toSharesDown(totalAssets, totalShares);
        else shares = seized.toSharesUp(totalAssets, totalShares);
        if (shares > userShares) shares = userShares;

        p.supplyShares = uint128(userShares - shares);
        if (userShares == shares) _setCollateral(borrower, c, collateralAsset, false);
        if (receiveShares) {
            Position storage r = _positions[collateralAsset][receiver];
            r.supplyShares = (uint256(r.supplyShares) + shares).toUint128();
        } else {
            uint256 borrowed = c.totalBorrowAssets;
            uint256 available = totalAssets > borrowed ? totalAssets - borrowed : 0;
            if (seized > available) revert InsufficientLiquidity(collateralAsset, available, seized);
            c.totalSupplyAssets = uint128(totalAssets - seized);
            c.totalSupplyShares = uint128(totalShares - shares);
        }
    }

    /// @dev Writes off every debt of `borrower` (called once its collateral is gone): reserves first, then suppliers.
    ///      Walks only the assets the borrower itself borrows.
    function _realizeBadDebt(address borrower) private {
        uint256 borrowing = _userConfig[borrower] & UserConfigLib.BORROWING_MASK;
        for (uint256 i; borrowing != 0; ++i) {
            if (!borrowing.isBorrowing(i)) continue;
            borrowing = borrowing.withBorrowing(i, false);
            address asset = _assetAt[i];
            Reserve storage r = _reserves[asset];
            _accrue(r, asset);
            (uint256 debt, , uint256 orphaned) = _repayDebt(
                r,
                _positions[asset][borrower],
                borrower,
                type(uint256).max
            );
            uint256 loss = debt + orphaned;
            uint256 fromReserves = _absorbLoss(r, loss);
            _updateRate(r);
            emit BadDebtRealized(asset, borrower, loss, fromReserves);
        }
    }

    // ───────────────────────────── internals: health ─────────────────────────────

    /// @dev Values the account's collateral and debts. Collateral rounds down and debt rounds up, so the pool never
    ///      overestimates an account's health. A collateral whose feed is broken counts as zero; a debt whose feed is
    ///      broken is left out and named in `unpricedDebt`. The caller names up to two assets it already has at hand
    ///      (index and address, or `_NONE`): the loop takes those from here instead of storage and reports their
    ///      prices, so a liquidation prices each asset once. Each index must be `_reserves[asset].index` of the
    ///      address beside it.
    function _accountValues(
        address user,
        uint256 indexA,
        address assetA,
        uint256 indexB,
        address assetB
    ) private view returns (AccountValues memory v) {
        uint256 config = _userConfig[user] & UserConfigLib.ASSETS_MASK;
        for (uint256 i; config != 0; ++i) {
            uint256 bits = config & 3;
            config >>= 2;
            if (bits == 0) continue;
            address asset = i == indexA ? assetA : (i == indexB ? assetB : _assetAt[i]);
            Position memory p = _positions[asset][user];
            (uint256 price, uint256 collateralValue) = _addAssetValue(v, asset, p, bits);
            if (i == indexA) {
                v.priceA = price;
                if (bits & 2 != 0) v.debtSharesA = p.borrowShares;
            }
            if (i == indexB) {
                (v.priceB, v.collateralValueB) = (price, collateralValue);
                if (bits & 1 != 0) v.collateralSharesB = p.supplyShares;
            }
        }
    }

    /// @dev Adds one asset's collateral (bit 0 of `bits`) and debt (bit 1) to `v`; returns the price it used (zero
    ///      when broken) and the collateral's value. Reads only the totals the position needs.
    function _addAssetValue(
        AccountValues memory v,
        address asset,
        Position memory p,
        uint256 bits
    ) private view returns (uint256 price, uint256 collateralValue) {
        bool ok;
        (ok, price) = oracle.tryPrice(asset);
        if (!ok) {
            if (bits & 1 != 0) v.unpricedCollateral = true;
            if (bits & 2 != 0 && v.unpricedDebt == address(0)) v.unpricedDebt = asset;
            return (0, 0);
        }
        Reserve storage r = _reserves[asset];
        uint256 unit = 10 ** r.decimals;
        (uint256 interest, uint256 toReserves) = _pendingInterest(r);
        if (bits & 1 != 0) {
            collateralValue = uint256(p.supplyShares)
                .toAssetsDown(uint256(r.totalSupplyAssets) + interest - toReserves, r.totalSupplyShares)
                .mulDivDown(price, unit);
            v.collateralValue += collateralValue;
            v.borrowLimit += collateralValue.bpsMulDown(r.ltvBps);
            v.thresholdValue += collateralValue.bpsMulDown(r.liquidationThresholdBps);
        }
        if (bits & 2 != 0) {
            v.debtValue += uint256(p.borrowShares)
                .toAssetsUp(uint256(r.totalBorrowAssets) + interest, r.totalBorrowShares)
                .mulDivUp(price, unit);
        }
    }

    function _healthFactor(AccountValues memory v) private pure returns (uint256) {
        if (v.debtValue == 0) return type(uint256).max;
        return v.thresholdValue.wDivDown(v.debtValue);
    }

    /// @dev After a borrow, a withdrawal of collateral or a collateral switched off: every debt priced, and within the
    ///      borrow limit of the collateral that is priced.
    function _requireWithinBorrowLimit(address user, uint256 index, address asset) private view {
        AccountValues memory v = _accountValues(user, index, asset, _NONE, address(0));
        if (v.unpricedDebt != address(0)) revert DebtPriceUnavailable(v.unpricedDebt);
        if (v.debtValue > v.borrowLimit) revert InsufficientCollateral(v.borrowLimit, v.debtValue);
    }

    /// @dev New debt needs trusted prices: none while the sequencer is down or within its grace period.
    function _requireSequencerUpForBorrow() private view {
        (IPriceOracle.SequencerStatus status, uint256 upSince) = SequencerLib.status(_SEQUENCER_FEED, _GRACE_PERIOD);
        if (status == IPriceOracle.SequencerStatus.Down) revert SequencerDown();
        if (status == IPriceOracle.SequencerStatus.GracePeriod) revert GracePeriodNotOver(upSince, _GRACE_PERIOD);
    }
}
