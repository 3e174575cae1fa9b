// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ILendingPool} from "./interfaces/ILendingPool.sol";
import {IInterestRateModel} from "./interfaces/IInterestRateModel.sol";
import {IPriceOracle} from "../oracles/interfaces/IPriceOracle.sol";
import {MathLib, WAD} from "./libraries/MathLib.sol";
import {SharesMathLib} from "./libraries/SharesMathLib.sol";

/// @title LendingPool
/// @notice Overcollateralized multi-asset lending: one contract, several reserves, positions held as shares of each
///         reserve's totals. Restricted functions are guarded by the protocol's AccessManager.
/// @dev Accounting invariant per reserve: idle tokens + totalBorrowAssets = totalSupplyAssets + reserves (donations
///      only add idle tokens). Interest uses the rate stored at the last touch (Compound/Aave style), so any
///      account's position can be valued without calling the rate model.
/// @custom:security-contact security@quartet.example
contract LendingPool is ILendingPool, AccessManaged, ReentrancyGuardTransient {
    using MathLib for uint256;
    using SharesMathLib for uint256;
    using SafeCast for uint256;
    using SafeERC20 for IERC20;

    /// @notice Pause flag for supply.
    uint8 public constant PAUSE_SUPPLY = 1;
    /// @notice Pause flag for borrow.
    uint8 public constant PAUSE_BORROW = 2;
    /// @notice Maximum number of listed assets: two bits each in a user's 256-bit asset bitmap.
    uint256 public constant MAX_ASSETS = 128;
    /// @notice Maximum liquidation bonus (20%).
    uint256 public constant MAX_LIQUIDATION_BONUS_BPS = 2_000;
    /// @notice Maximum reserve factor (50%).
    uint256 public constant MAX_RESERVE_FACTOR_BPS = 5_000;
    /// @notice Share of a debt one liquidation may repay while the position is only mildly unhealthy.
    uint256 public constant CLOSE_FACTOR_BPS = 5_000;
    /// @notice Below this health factor a liquidation may repay the whole debt.
    uint256 public constant FULL_LIQUIDATION_HEALTH_FACTOR = 0.95e18;
    /// @notice A debt worth less than this (USD wad) after a partial liquidation is dust: it may be repaid in full.
    uint256 public constant DUST_DEBT_VALUE = 100e18;

    uint256 private constant _BPS = 10_000;
    // Bit 2i of a user's bitmap: supplies asset i; bit 2i + 1: borrows asset i.
    uint256 private constant _SUPPLY_BITS = 0x5555555555555555555555555555555555555555555555555555555555555555;
    uint256 private constant _BORROW_BITS = _SUPPLY_BITS << 1;
    // An asset index no asset has: "no asset at hand" for _accountValues.
    uint256 private constant _NONE = type(uint256).max;

    /// @inheritdoc ILendingPool
    IPriceOracle public immutable oracle;

    /// @dev Five slots, laid out so that one operation touches as few as possible.
    struct Reserve {
        // slot 0: configuration (listed ⇔ rateModel != 0)
        IInterestRateModel rateModel;
        uint16 ltvBps;
        uint16 liquidationThresholdBps;
        uint16 liquidationBonusBps;
        uint16 reserveFactorBps;
        bool borrowEnabled;
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

    /// @dev An account's values in USD wads, and the prices of the assets the caller named (zero if not priced).
    struct AccountValues {
        uint256 collateralValue;
        uint256 borrowLimit;
        uint256 thresholdValue;
        uint256 debtValue;
        uint256 priceA;
        uint256 priceB;
    }

    mapping(address asset => Reserve) private _reserves;
    // index → asset; a mapping rather than an array so that health checks skip the length read.
    mapping(uint256 index => address asset) private _assetAt;
    uint256 private _assetCount;
    mapping(address asset => mapping(address user => Position)) private _positions;
    mapping(address user => uint256 bitmap) private _userAssets;

    /// @notice Deploys the pool.
    /// @param authority The protocol's AccessManager.
    /// @param oracle_ The price oracle for every listed asset.
    constructor(address authority, IPriceOracle oracle_) AccessManaged(authority) {
        if (address(oracle_) == address(0)) revert ZeroAddress();
        oracle = oracle_;
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
        if (decimals > 36) revert UnsupportedDecimals(decimals);
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
        emit ReservesCollected(asset, to, amount);
        IERC20(asset).safeTransfer(to, amount);
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
        uint256 cap = r.supplyCap;
        if (cap != 0 && newTotalAssets > cap) revert SupplyCapExceeded(asset, cap);
        uint256 totalShares = r.totalSupplyShares;
        shares = amount.toSharesDown(totalAssets, totalShares);
        if (shares == 0) revert ZeroShares();

        r.totalSupplyAssets = newTotalAssets.toUint128();
        r.totalSupplyShares = (totalShares + shares).toUint128();
        Position storage p = _positions[asset][onBehalfOf];
        p.supplyShares = (p.supplyShares + shares).toUint128();
        _setBit(onBehalfOf, 2 * uint256(r.index));
        _updateRate(r);

        emit Supply(asset, msg.sender, onBehalfOf, amount, shares);
        _pullExact(asset, msg.sender, amount);
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
        if (userShares == shares) _clearBit(msg.sender, 2 * uint256(r.index));
        _updateRate(r);
        if (_userAssets[msg.sender] & _BORROW_BITS != 0) _requireWithinBorrowLimit(msg.sender, r.index, asset);

        emit Withdraw(asset, msg.sender, to, withdrawn, shares);
        IERC20(asset).safeTransfer(to, withdrawn);
    }

    /// @inheritdoc ILendingPool
    function borrow(address asset, uint256 amount, address to) external nonReentrant returns (uint256 shares) {
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        Reserve storage r = _listed(asset);
        if (!r.borrowEnabled) revert BorrowDisabled(asset);
        if (r.pausedFlags & PAUSE_BORROW != 0) revert OperationPaused(asset, PAUSE_BORROW);
        _accrue(r, asset);

        uint256 totalAssets = r.totalBorrowAssets;
        uint256 newTotalAssets = totalAssets + amount;
        uint256 cap = r.borrowCap;
        if (cap != 0 && newTotalAssets > cap) revert BorrowCapExceeded(asset, cap);
        _requireLiquidity(asset, r, amount);
        uint256 totalShares = r.totalBorrowShares;
        shares = amount.toSharesUp(totalAssets, totalShares);

        r.totalBorrowAssets = newTotalAssets.toUint128();
        r.totalBorrowShares = (totalShares + shares).toUint128();
        Position storage p = _positions[asset][msg.sender];
        p.borrowShares = (p.borrowShares + shares).toUint128();
        _setBit(msg.sender, 2 * uint256(r.index) + 1);
        _updateRate(r);
        _requireWithinBorrowLimit(msg.sender, r.index, asset);

        emit Borrow(asset, msg.sender, to, amount, shares);
        IERC20(asset).safeTransfer(to, amount);
    }

    /// @inheritdoc ILendingPool
    function repay(address asset, uint256 amount, address onBehalfOf) external nonReentrant returns (uint256 repaid) {
        if (amount == 0) revert ZeroAmount();
        Reserve storage r = _listed(asset);
        _accrue(r, asset);

        Position storage p = _positions[asset][onBehalfOf];
        uint256 debtShares = p.borrowShares;
        if (debtShares == 0) revert NoDebt(asset, onBehalfOf);
        uint256 shares;
        (repaid, shares) = _repayShares(r, debtShares, amount);

        _burnDebt(r, p, onBehalfOf, repaid, shares, debtShares);
        _updateRate(r);

        emit Repay(asset, msg.sender, onBehalfOf, repaid, shares);
        _pullExact(asset, msg.sender, repaid);
    }

    /// @inheritdoc ILendingPool
    function liquidate(
        address borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repayAmount,
        address receiver
    ) external nonReentrant returns (uint256 seized) {
        if (repayAmount == 0) revert ZeroAmount();
        if (receiver == address(0)) revert ZeroAddress();
        uint256 repaid;
        (repaid, seized) = _executeLiquidation(borrower, debtAsset, collateralAsset, repayAmount);
        emit Liquidate(borrower, msg.sender, debtAsset, collateralAsset, repaid, seized, receiver);
        _pullExact(debtAsset, msg.sender, repaid);
        IERC20(collateralAsset).safeTransfer(receiver, seized);
    }

    // ───────────────────────────── views ─────────────────────────────

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
        return uint256(r.borrowRatePerSecond).wMulDown(utilization).mulDivDown(_BPS - r.reserveFactorBps, _BPS);
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
                borrowEnabled: r.borrowEnabled,
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

    // ───────────────────────────── internals ─────────────────────────────

    function _listed(address asset) private view returns (Reserve storage r) {
        r = _reserves[asset];
        if (address(r.rateModel) == address(0)) revert AssetNotListed(asset);
    }

    function _validateConfig(AssetConfig calldata config) private view {
        if (address(config.rateModel).code.length == 0) revert InvalidRateModel(address(config.rateModel));
        uint256 ltv = config.ltvBps;
        uint256 threshold = config.liquidationThresholdBps;
        uint256 bonus = config.liquidationBonusBps;
        // A collateral's LTV sits strictly below its threshold so a fresh max borrow is not instantly liquidatable.
        if (ltv >= threshold && !(ltv == 0 && threshold == 0)) revert InvalidLtv(ltv, threshold);
        if (bonus > MAX_LIQUIDATION_BONUS_BPS) revert InvalidLiquidationBonus(bonus);
        // Seizing threshold × (1 + bonus) of the value must leave the position better off, not worse.
        if (threshold * (_BPS + bonus) >= _BPS * _BPS) revert InvalidLiquidationThreshold(threshold, bonus);
        if (config.reserveFactorBps > MAX_RESERVE_FACTOR_BPS) revert InvalidReserveFactor(config.reserveFactorBps);
    }

    function _writeConfig(Reserve storage r, AssetConfig calldata config) private {
        r.rateModel = config.rateModel;
        r.ltvBps = config.ltvBps;
        r.liquidationThresholdBps = config.liquidationThresholdBps;
        r.liquidationBonusBps = config.liquidationBonusBps;
        r.reserveFactorBps = config.reserveFactorBps;
        r.borrowEnabled = config.borrowEnabled;
        r.supplyCap = config.supplyCap;
        r.borrowCap = config.borrowCap;
    }

    function _checkPauseFlags(uint8 flags) private pure {
        if (flags == 0 || flags > (PAUSE_SUPPLY | PAUSE_BORROW)) revert InvalidPauseFlags(flags);
    }

    /// @dev Interest over the time since the last touch at the stored rate: rounded up for borrowers (the pool never
    ///      under-charges), and the reserve factor's share rounded down (suppliers keep the dust).
    function _pendingInterest(Reserve storage r) private view returns (uint256 interest, uint256 toReserves) {
        uint256 elapsed = block.timestamp - r.lastUpdate;
        uint256 rate = r.borrowRatePerSecond;
        if (elapsed == 0 || rate == 0) return (0, 0);
        uint256 borrowAssets = r.totalBorrowAssets;
        if (borrowAssets == 0) return (0, 0);
        interest = borrowAssets.wMulUp(MathLib.wTaylorCompounded(rate, elapsed));
        toReserves = interest.mulDivDown(r.reserveFactorBps, _BPS);
    }

    function _accrue(Reserve storage r, address asset) private {
        if (r.lastUpdate == block.timestamp) return;
        (uint256 interest, uint256 toReserves) = _pendingInterest(r);
        if (interest != 0) {
            r.totalBorrowAssets = (uint256(r.totalBorrowAssets) + interest).toUint128();
            r.totalSupplyAssets = (uint256(r.totalSupplyAssets) + interest - toReserves).toUint128();
            r.reserves = (uint256(r.reserves) + toReserves).toUint128();
            emit AccrueInterest(asset, r.borrowRatePerSecond, interest, toReserves);
        }
        r.lastUpdate = uint40(block.timestamp);
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

    function _updateRate(Reserve storage r) private {
        uint256 utilization = _utilization(r.totalSupplyAssets, r.totalBorrowAssets);
        r.borrowRatePerSecond = r.rateModel.borrowRatePerSecond(utilization).toUint88();
    }

    function _requireLiquidity(address asset, Reserve storage r, uint256 amount) private view {
        uint256 supplyAssets = r.totalSupplyAssets;
        uint256 borrowAssets = r.totalBorrowAssets;
        uint256 available = supplyAssets > borrowAssets ? supplyAssets - borrowAssets : 0;
        if (amount > available) revert InsufficientLiquidity(asset, available, amount);
    }

    /// @dev What a repayment of up to `amount` pays and burns: everything owed when it covers the debt, otherwise
    ///      shares rounded down (the borrower never gets more debt cleared than paid for).
    function _repayShares(
        Reserve storage r,
        uint256 debtShares,
        uint256 amount
    ) private view returns (uint256 repaid, uint256 shares) {
        uint256 borrowAssets = r.totalBorrowAssets;
        uint256 borrowShares = r.totalBorrowShares;
        uint256 debt = debtShares.toAssetsUp(borrowAssets, borrowShares);
        // The last borrower out also pays the few wei of interest that accrued on the virtual shares, so no debt
        // without an owner is left behind to lock suppliers' liquidity.
        if (debtShares == borrowShares && borrowAssets > debt) debt = borrowAssets;
        if (amount >= debt) return (debt, debtShares);
        shares = amount.toSharesDown(borrowAssets, borrowShares);
        if (shares == 0) revert ZeroShares();
        return (amount, shares);
    }

    function _burnDebt(
        Reserve storage r,
        Position storage p,
        address account,
        uint256 repaid,
        uint256 shares,
        uint256 debtShares
    ) private {
        uint256 borrowAssets = r.totalBorrowAssets;
        // A full repayment rounds up and may exceed the total by a wei of rounding: floor at zero.
        r.totalBorrowAssets = uint128(borrowAssets > repaid ? borrowAssets - repaid : 0);
        r.totalBorrowShares = uint128(r.totalBorrowShares - shares);
        p.borrowShares = uint128(debtShares - shares);
        if (debtShares == shares) _clearBit(account, 2 * uint256(r.index) + 1);
    }

    /// @dev Close factor, bonus and the cap by the collateral held. Seized amounts round down and a repayment
    ///      re-derived from capped collateral rounds up: rounding never favours the liquidator. `pricesAndUnits` is
    ///      (price, 10 ** decimals) of the debt asset, then of the collateral asset.
    function _liquidationAmounts(
        uint256 debt,
        uint256 repayAmount,
        uint256 collateral,
        uint256 healthFactorWad,
        uint256 bonusBps,
        uint256[4] memory pricesAndUnits
    ) private pure returns (uint256 repaid, uint256 seized) {
        uint256 maxRepay = debt;
        if (
            healthFactorWad >= FULL_LIQUIDATION_HEALTH_FACTOR &&
            debt.mulDivDown(pricesAndUnits[0], pricesAndUnits[1]) > 2 * DUST_DEBT_VALUE
        ) {
            maxRepay = debt.mulDivDown(CLOSE_FACTOR_BPS, _BPS);
        }
        repaid = repayAmount < maxRepay ? repayAmount : maxRepay;
        (repaid, seized) = _seizure(repaid, collateral, _BPS + bonusBps, pricesAndUnits);
    }

    function _seizure(
        uint256 repaid,
        uint256 collateral,
        uint256 bonusFactor,
        uint256[4] memory pricesAndUnits
    ) private pure returns (uint256, uint256 seized) {
        (uint256 debtPrice, uint256 debtUnit) = (pricesAndUnits[0], pricesAndUnits[1]);
        (uint256 collateralPrice, uint256 collateralUnit) = (pricesAndUnits[2], pricesAndUnits[3]);
        uint256 seizedValue = repaid.mulDivDown(debtPrice * bonusFactor, debtUnit * _BPS);
        seized = seizedValue.mulDivDown(collateralUnit, collateralPrice);
        if (seized > collateral) {
            seized = collateral;
            uint256 collateralValue = collateral.mulDivUp(collateralPrice, collateralUnit);
            uint256 cappedRepay = collateralValue.mulDivUp(debtUnit * _BPS, debtPrice * bonusFactor);
            if (cappedRepay < repaid) repaid = cappedRepay;
        }
        return (repaid, seized);
    }

    /// @dev All of a liquidation's effects; the caller moves the tokens afterwards.
    function _executeLiquidation(
        address borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repayAmount
    ) private returns (uint256 repaid, uint256 seized) {
        Reserve storage d = _listed(debtAsset);
        Reserve storage c = _listed(collateralAsset);
        _accrue(d, debtAsset);
        _accrue(c, collateralAsset);
        bool seizeAll;
        (repaid, seized, seizeAll) = _quoteLiquidation(borrower, debtAsset, collateralAsset, repayAmount);

        // Debt side first: when both assets are the same, the repayment is liquidity for the seizure.
        Position storage debtPosition = _positions[debtAsset][borrower];
        uint256 debtShares = debtPosition.borrowShares;
        uint256 repaidShares;
        (repaid, repaidShares) = _repayShares(d, debtShares, repaid);
        _burnDebt(d, debtPosition, borrower, repaid, repaidShares, debtShares);
        _seizeCollateral(c, collateralAsset, borrower, seized, seizeAll);

        _updateRate(d);
        _updateRate(c);
        // No collateral left anywhere: what is still owed can never be repaid by liquidation. Write it off now so
        // it stops accruing and suppliers see the loss at once instead of the last one out bearing it.
        if (_userAssets[borrower] & _SUPPLY_BITS == 0) _realizeBadDebt(borrower);
    }

    /// @dev Checks that the borrower can be liquidated and prices the liquidation (reserves already accrued).
    function _quoteLiquidation(
        address borrower,
        address debtAsset,
        address collateralAsset,
        uint256 repayAmount
    ) private view returns (uint256 repaid, uint256 seized, bool seizeAll) {
        uint256 debtShares = _positions[debtAsset][borrower].borrowShares;
        if (debtShares == 0) revert NoDebt(debtAsset, borrower);
        uint256 collateralShares = _positions[collateralAsset][borrower].supplyShares;
        if (collateralShares == 0) revert NoCollateral(collateralAsset, borrower);

        Reserve storage d = _reserves[debtAsset];
        Reserve storage c = _reserves[collateralAsset];
        AccountValues memory v = _accountValues(borrower, d.index, debtAsset, c.index, collateralAsset);
        uint256 healthFactorWad = _healthFactor(v);
        if (healthFactorWad >= WAD) revert HealthyPosition(healthFactorWad);

        // The health check priced the debt (it is owed, so its borrow bit is set and priceA is never zero) and, unless
        // it has no liquidation weight, the collateral; the same asset on both sides was priced once, as the first.
        uint256 collateralPrice = collateralAsset == debtAsset ? v.priceA : v.priceB;
        if (collateralPrice == 0) collateralPrice = oracle.price(collateralAsset);
        uint256 collateral = collateralShares.toAssetsDown(c.totalSupplyAssets, c.totalSupplyShares);
        (repaid, seized) = _liquidationAmounts(
            debtShares.toAssetsUp(d.totalBorrowAssets, d.totalBorrowShares),
            repayAmount,
            collateral,
            healthFactorWad,
            c.liquidationBonusBps,
            [v.priceA, 10 ** d.decimals, collateralPrice, 10 ** c.decimals]
        );
        seizeAll = seized == collateral;
    }

    function _seizeCollateral(
        Reserve storage c,
        address collateralAsset,
        address borrower,
        uint256 seized,
        bool all
    ) private {
        Position storage p = _positions[collateralAsset][borrower];
        uint256 totalAssets = c.totalSupplyAssets;
        uint256 totalShares = c.totalSupplyShares;
        uint256 userShares = p.supplyShares;
        // Shares burned round up, capped by what the borrower holds.
        uint256 shares = all ? userShares : seized.toSharesUp(totalAssets, totalShares);
        if (shares > userShares) shares = userShares;
        _requireLiquidity(collateralAsset, c, seized);
        c.totalSupplyAssets = uint128(totalAssets - seized);
        c.totalSupplyShares = uint128(totalShares - shares);
        p.supplyShares = uint128(userShares - shares);
        if (userShares == shares) _clearBit(borrower, 2 * uint256(c.index));
    }

    function _realizeBadDebt(address borrower) private {
        uint256 borrowing = _userAssets[borrower] & _BORROW_BITS;
        for (uint256 i; borrowing != 0; ++i) {
            if ((borrowing >> (2 * i + 1)) & 1 == 0) continue;
            borrowing &= ~(uint256(1) << (2 * i + 1));
            address asset = _assetAt[i];
            Reserve storage r = _reserves[asset];
            _accrue(r, asset);
            Position storage p = _positions[asset][borrower];
            uint256 shares = p.borrowShares;
            uint256 borrowAssets = r.totalBorrowAssets;
            uint256 borrowShares = r.totalBorrowShares;
            // The last borrower's write-off takes the virtual shares' dust with it (see _repayShares).
            uint256 loss = shares == borrowShares ? borrowAssets : shares.toAssetsUp(borrowAssets, borrowShares);
            if (loss > borrowAssets) loss = borrowAssets;
            uint256 reserves = r.reserves;
            uint256 fromReserves = loss < reserves ? loss : reserves;
            uint256 supplyAssets = r.totalSupplyAssets;
            uint256 fromSuppliers = loss - fromReserves;

            r.reserves = uint128(reserves - fromReserves);
            r.totalSupplyAssets = uint128(supplyAssets > fromSuppliers ? supplyAssets - fromSuppliers : 0);
            r.totalBorrowAssets = uint128(borrowAssets - loss);
            r.totalBorrowShares = uint128(borrowShares - shares);
            p.borrowShares = 0;
            _clearBit(borrower, 2 * i + 1);
            _updateRate(r);
            emit BadDebtRealized(asset, borrower, loss, fromReserves);
        }
    }

    /// @dev Values every asset the user touches. Collateral rounds down and debt rounds up, so the pool never
    ///      overestimates an account's health. The caller names up to two assets it already has at hand (index and
    ///      address, or `_NONE`): the loop takes those from here instead of storage and reports their prices, so a
    ///      liquidation prices each asset once. Each index must be `_reserves[asset].index` of the address beside it.
    function _accountValues(
        address user,
        uint256 indexA,
        address assetA,
        uint256 indexB,
        address assetB
    ) private view returns (AccountValues memory v) {
        uint256 bitmap = _userAssets[user];
        for (uint256 i; bitmap != 0; ++i) {
            uint256 bits = bitmap & 3;
            bitmap >>= 2;
            if (bits == 0) continue;
            address asset = i == indexA ? assetA : (i == indexB ? assetB : _assetAt[i]);
            uint256 price = _addAssetValue(v, asset, _positions[asset][user]);
            if (i == indexA) v.priceA = price;
            else if (i == indexB) v.priceB = price;
        }
    }

    /// @dev Adds one asset's collateral and debt to `v` and returns the price it used (zero when it needed none).
    ///      Reads only the totals the position needs: a debt-only asset never loads its supply totals.
    function _addAssetValue(
        AccountValues memory v,
        address asset,
        Position memory p
    ) private view returns (uint256 price) {
        Reserve storage r = _reserves[asset];
        // Supply of an asset with no collateral weight needs no price (and no working feed).
        bool counts = p.supplyShares != 0 && r.liquidationThresholdBps != 0;
        if (!counts && p.borrowShares == 0) return 0;
        price = oracle.price(asset);
        uint256 unit = 10 ** r.decimals;
        (uint256 interest, uint256 toReserves) = _pendingInterest(r);
        if (counts) {
            uint256 supplyAssets = uint256(r.totalSupplyAssets) + interest - toReserves;
            uint256 value = uint256(p.supplyShares).toAssetsDown(supplyAssets, r.totalSupplyShares).mulDivDown(
                price,
                unit
            );
            v.collateralValue += value;
            v.borrowLimit += value.mulDivDown(r.ltvBps, _BPS);
            v.thresholdValue += value.mulDivDown(r.liquidationThresholdBps, _BPS);
        }
        if (p.borrowShares != 0) {
            uint256 borrowAssets = uint256(r.totalBorrowAssets) + interest;
            v.debtValue += uint256(p.borrowShares).toAssetsUp(borrowAssets, r.totalBorrowShares).mulDivUp(price, unit);
        }
    }

    function _healthFactor(AccountValues memory v) private pure returns (uint256) {
        if (v.debtValue == 0) return type(uint256).max;
        return v.thresholdValue.wDivDown(v.debtValue);
    }

    function _requireWithinBorrowLimit(address user, uint256 index, address asset) private view {
        AccountValues memory v = _accountValues(user, index, asset, _NONE, address(0));
        if (v.debtValue > v.borrowLimit) revert InsufficientCollateral(v.borrowLimit, v.debtValue);
    }

    function _setBit(address user, uint256 bit) private {
        uint256 bitmap = _userAssets[user];
        uint256 mask = uint256(1) << bit;
        if (bitmap & mask == 0) _userAssets[user] = bitmap | mask;
    }

    function _clearBit(address user, uint256 bit) private {
        _userAssets[user] &= ~(uint256(1) << bit);
    }

    /// @dev Pulls exactly `amount`: fee-on-transfer tokens are rejected, so the pool never credits what it did not
    ///      receive.
    function _pullExact(address asset, address from, uint256 amount) private {
        IERC20 token = IERC20(asset);
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert TransferAmountMismatch(amount, received);
    }
}
