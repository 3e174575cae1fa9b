// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ILendingPool} from "../../../contracts/lending/interfaces/ILendingPool.sol";
import {LendingPool} from "../../../contracts/lending/LendingPool.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {FlashBorrowerMock} from "../../../contracts/mocks/FlashBorrowerMock.sol";
import {HandlerBase, Vm} from "../lib/QuartetInvariantTest.sol";

/// @title LendingHandler
/// @notice Drives the real LendingPool through random histories: five accounts (the last one a liquidator by
///         habit, though anyone may liquidate) on three markets (6, 8 and 18 decimals) supply (also on someone's
///         behalf), withdraw, borrow, repay (also someone else's debt), liquidate (for tokens or shares), switch
///         collateral, take flash loans and donate tokens, while prices move (crashes included: bad debt) and time
///         passes. Ghost variables record what the pool must account for.
contract LendingHandler is HandlerBase {
    uint256 internal constant N_USERS = 5;
    uint256 internal constant N_ASSETS = 3;
    uint256 internal constant BPS = 10_000;

    bytes32 internal constant BAD_DEBT_TOPIC = keccak256("BadDebtRealized(address,address,uint256,uint256)");

    LendingPool public immutable pool;
    FlashBorrowerMock public immutable flashBorrower;
    MockERC20[N_ASSETS] internal _tokens;
    MockV3Aggregator[N_ASSETS] internal _feeds;
    int256[N_ASSETS] internal _initialAnswers;
    address[N_USERS] internal _users;

    // ───────── ghost variables ─────────
    /// @notice Tokens sent straight to the pool, per market.
    uint256[N_ASSETS] public donated;
    /// @notice Bad debt the suppliers bore (BadDebtRealized: assets − coveredByReserves), per market.
    uint256[N_ASSETS] public suppliersLoss;
    /// @notice Successful full-or-partial repayments and liquidations: each may leave one wei of rounding.
    uint256 public roundings;
    /// @notice Tokens each account put in as supply (by itself or for it by others), per market.
    mapping(address user => uint256[N_ASSETS]) internal _supplied;
    /// @notice Tokens each account withdrew, per market.
    mapping(address user => uint256[N_ASSETS]) internal _withdrawn;
    /// @notice Withdrawals that returned more than the account's supply balance just before.
    uint256 public overWithdrawals;
    /// @notice Withdrawals of an exact amount that did not return that amount.
    uint256 public inexactWithdrawals;
    /// @notice Successful borrows/withdrawals/collateral switches that left the actor above its borrow limit.
    uint256 public unhealthyAfterOwnAction;
    /// @notice Liquidations of an account that was healthy (health factor ≥ 1) just before.
    uint256 public healthyLiquidated;
    /// @notice Write-offs of "nobody's" debt (BadDebtRealized with borrower 0) while the market still had borrowers.
    uint256 public orphanWriteOffsWithBorrowers;
    /// @notice Actions after which a market's debt per borrow share fell by more than rounding.
    uint256 public debtIndexFalls;
    /// @notice Actions after which a market's supply assets per share fell without a bad debt in that market.
    uint256 public supplyIndexFalls;
    /// @notice Supplies, withdrawals and borrows that moved another number of shares than the formula gives (assets
    ///         × (shares + 1e6) ÷ (assets + 1), rounded against the account), that moved none, or that were refused
    ///         ZeroShares although the formula gives shares. Without it, a pool refusing every supply with ZeroShares
    ///         (a refusal the campaign accepts from dust) would pass every other invariant.
    uint256 public wrongShares;
    /// @notice Collateral switches and supplies that left an asset's collateral flag other than the owner chose: a
    ///         switch sets it as asked; an own supply turns it on unless the owner switched it off (and not back on)
    ///         since; a supply on someone's behalf leaves it as it was.
    uint256 public wrongCollateralFlags;
    /// @notice Repayments that took another amount than the displayed debt (at or above it) or the amount (below it),
    ///         reported another, or burnt other shares than those (all of them, or the shares the amount buys).
    uint256 public wrongRepayments;
    /// @dev Who switched which asset off as collateral (and not back on): their own supplies must not re-enable it.
    mapping(address user => bool[N_ASSETS]) internal _optedOut;

    uint256[2][N_ASSETS] internal _indexBefore; // [supply assets + 1, supply shares + 1e6] per market
    uint256[2][N_ASSETS] internal _debtBefore; // [borrow assets + 1, borrow shares + 1e6] per market

    mapping(bytes32 action => uint256) public calls;
    mapping(bytes32 action => uint256) public successes;

    constructor(
        LendingPool pool_,
        MockERC20[N_ASSETS] memory tokens_,
        MockV3Aggregator[N_ASSETS] memory feeds_,
        address[N_USERS] memory users_
    ) {
        pool = pool_;
        _tokens = tokens_;
        _feeds = feeds_;
        _users = users_;
        flashBorrower = new FlashBorrowerMock(pool_);
        for (uint256 i; i < N_ASSETS; ++i) {
            _initialAnswers[i] = feeds_[i].latestAnswer();
            flashBorrower.approveLender(address(tokens_[i]));
        }
    }

    // ───────── views for the invariants ─────────

    function token(uint256 i) external view returns (MockERC20) {
        return _tokens[i];
    }

    function user(uint256 u) external view returns (address) {
        return _users[u];
    }

    function supplied(address u, uint256 i) external view returns (uint256) {
        return _supplied[u][i];
    }

    function withdrawn(address u, uint256 i) external view returns (uint256) {
        return _withdrawn[u][i];
    }

    // ───────── actions ─────────

    function supply(uint256 actorSeed, uint256 assetSeed, uint256 amountSeed, uint256 beneficiarySeed) external {
        (address actor, uint256 i) = (_pick(actorSeed), assetSeed % N_ASSETS);
        // One in eight beneficiaries is someone else: supply on behalf.
        address onBehalf = beneficiarySeed % 8 == 0 ? _pick(beneficiarySeed >> 8) : actor;
        uint256 amount = _size(i, amountSeed);
        ILendingPool.ReserveData memory r = pool.reserveData(address(_tokens[i]));
        uint256 expected = _shares(amount, r.totalSupplyAssets, r.totalSupplyShares, Math.Rounding.Floor);
        (uint256 sharesBefore, ) = pool.position(address(_tokens[i]), onBehalf);
        bool flagBefore = pool.isCollateral(address(_tokens[i]), onBehalf);
        _begin("supply");
        vm.prank(actor);
        try pool.supply(address(_tokens[i]), amount, onBehalf) returns (uint256 shares) {
            (uint256 sharesAfter, ) = pool.position(address(_tokens[i]), onBehalf);
            _checkShares(expected, shares, sharesAfter - sharesBefore);
            bool flag = pool.isCollateral(address(_tokens[i]), onBehalf);
            if (flag != (onBehalf == actor ? !_optedOut[actor][i] : flagBefore)) ++wrongCollateralFlags;
            _supplied[onBehalf][i] += amount;
            _ok("supply");
        } catch (bytes memory err) {
            _checkZeroShares(err, expected);
            _refused("supply", err);
        }
        _end();
    }

    function withdraw(uint256 actorSeed, uint256 assetSeed, uint256 portionSeed) external {
        (address actor, uint256 i) = (_pick(actorSeed), assetSeed % N_ASSETS);
        // Mostly someone who has something to withdraw.
        actor = _mostlyOneWho(_hasSupply, actor, actorSeed, actorSeed, i);
        uint256 balance = pool.supplyBalance(address(_tokens[i]), actor);
        uint256 amount = _portion(balance, portionSeed);
        uint256 before = _tokens[i].balanceOf(actor);
        (uint256 debt0, uint256 limit0) = _values(actor);
        ILendingPool.ReserveData memory r = pool.reserveData(address(_tokens[i]));
        (uint256 sharesBefore, ) = pool.position(address(_tokens[i]), actor);
        // All of one's shares for the max sentinel, else the shares of `amount`, rounded up.
        uint256 expected =
            amount == type(uint256).max
                ? sharesBefore
                : _shares(amount, r.totalSupplyAssets, r.totalSupplyShares, Math.Rounding.Ceil);
        _begin("withdraw");
        vm.prank(actor);
        try pool.withdraw(address(_tokens[i]), amount, actor) returns (uint256 got) {
            (uint256 sharesAfter, ) = pool.position(address(_tokens[i]), actor);
            _checkShares(expected, expected, sharesBefore - sharesAfter);
            uint256 received = _tokens[i].balanceOf(actor) - before;
            if (received > balance || got != received) ++overWithdrawals;
            if (amount != type(uint256).max && received != amount) ++inexactWithdrawals;
            _withdrawn[actor][i] += received;
            _checkOwnHealth(actor, debt0, limit0);
            _ok("withdraw");
        } catch (bytes memory err) {
            _checkZeroShares(err, expected);
            _refused("withdraw", err);
        }
        _end();
    }

    function borrow(uint256 actorSeed, uint256 assetSeed, uint256 portionSeed) external {
        (address actor, uint256 i) = (_pick(actorSeed), assetSeed % N_ASSETS);
        // Mostly someone with a borrow limit.
        actor = _mostlyOneWho(_hasBorrowLimit, actor, actorSeed, actorSeed, i);
        uint256 amount = _borrowAmount(actor, i, portionSeed);
        (uint256 debt0, uint256 limit0) = _values(actor);
        ILendingPool.ReserveData memory r = pool.reserveData(address(_tokens[i]));
        uint256 expected = _shares(amount, r.totalBorrowAssets, r.totalBorrowShares, Math.Rounding.Ceil);
        (, uint256 sharesBefore) = pool.position(address(_tokens[i]), actor);
        _begin("borrow");
        vm.prank(actor);
        try pool.borrow(address(_tokens[i]), amount, actor) returns (uint256 shares) {
            (, uint256 sharesAfter) = pool.position(address(_tokens[i]), actor);
            _checkShares(expected, shares, sharesAfter - sharesBefore);
            _checkOwnHealth(actor, debt0, limit0);
            _ok("borrow");
        } catch (bytes memory err) {
            _refused("borrow", err);
        }
        _end();
    }

    /// @dev A portion of the actor's remaining borrow capacity in market `i`, up to 110% of it (so the limit is
    ///      attacked too); at least 1 wei.
    function _borrowAmount(address actor, uint256 i, uint256 portionSeed) internal view returns (uint256 amount) {
        (, uint256 debtValue, uint256 limit, ) = pool.accountData(actor);
        uint256 roomUsd = limit > debtValue ? limit - debtValue : 0;
        uint256 bps =
            portionSeed % 2 == 0 ? _bound(portionSeed >> 1, 9_000, 10_100) : _bound(portionSeed >> 1, 1, 11_000);
        amount = _tokensForUsd(i, (roomUsd * bps) / BPS);
        if (amount == 0) amount = 1;
    }

    function repay(uint256 payerSeed, uint256 assetSeed, uint256 portionSeed, uint256 borrowerSeed) external {
        (address payer, uint256 i) = (_pick(payerSeed), assetSeed % N_ASSETS);
        // One in four repayments pays someone else's debt.
        address onBehalf = borrowerSeed % 4 == 0 ? _pick(borrowerSeed >> 8) : payer;
        // Mostly a debt that exists: the payer's own, else the next account's that owes in this market.
        onBehalf = _mostlyOneWho(_hasDebt, onBehalf, payerSeed, borrowerSeed, i);
        uint256 amount = _portion(pool.debtBalance(address(_tokens[i]), onBehalf), portionSeed);
        Repayment memory expected = _expectRepayment(i, payer, onBehalf, amount);
        _begin("repay");
        vm.prank(payer);
        try pool.repay(address(_tokens[i]), amount, onBehalf) returns (uint256 repaid) {
            _checkRepayment(expected, i, payer, onBehalf, repaid);
            ++roundings;
            _ok("repay");
        } catch (bytes memory err) {
            _refused("repay", err);
        }
        _end();
    }

    function liquidate(
        uint256 liquidatorSeed,
        uint256 borrowerSeed,
        uint256 assetsSeed,
        uint256 portionSeed,
        bool receiveShares
    ) external {
        address borrower = _pick(borrowerSeed);
        (uint256 d, uint256 c) = (assetsSeed % N_ASSETS, (assetsSeed >> 8) % N_ASSETS);
        // Three times in four, aim at an account that is really liquidatable, on markets it really uses.
        if (borrowerSeed % 4 != 0) (borrower, d, c) = _findUnhealthy(borrowerSeed, borrower, d, c);
        address liquidator = _pick(liquidatorSeed);
        if (liquidator == borrower) liquidator = _users[N_USERS - 1] == borrower ? _users[0] : _users[N_USERS - 1];
        uint256 debt = pool.debtBalance(address(_tokens[d]), borrower);
        uint256 amount = _portion(debt, portionSeed);
        uint256 hfBefore = pool.healthFactor(borrower);
        _begin("liquidate");
        vm.prank(liquidator);
        try pool.liquidate(borrower, address(_tokens[d]), address(_tokens[c]), amount, liquidator, receiveShares) {
            if (hfBefore >= 1e18) ++healthyLiquidated;
            ++roundings;
            _ok("liquidate");
        } catch (bytes memory err) {
            _refused("liquidate", err);
        }
        _end();
    }

    function setCollateral(uint256 actorSeed, uint256 assetSeed, bool enabled) external {
        (address actor, uint256 i) = (_pick(actorSeed), assetSeed % N_ASSETS);
        (uint256 debt0, uint256 limit0) = _values(actor);
        bool flagBefore = pool.isCollateral(address(_tokens[i]), actor);
        _begin("setCollateral");
        vm.prank(actor);
        try pool.setCollateral(address(_tokens[i]), enabled) {
            if (pool.isCollateral(address(_tokens[i]), actor) != enabled) ++wrongCollateralFlags;
            // Asking for the flag one already has changes nothing, the opt-out included.
            if (flagBefore != enabled) _optedOut[actor][i] = !enabled;
            _checkOwnHealth(actor, debt0, limit0);
            _ok("setCollateral");
        } catch (bytes memory err) {
            _refused("setCollateral", err);
        }
        _end();
    }

    function flashLoan(uint256 assetSeed, uint256 portionSeed) external {
        uint256 i = assetSeed % N_ASSETS;
        MockERC20 t = _tokens[i];
        uint256 idle = t.balanceOf(address(pool));
        uint256 amount = _bound(portionSeed, 1, idle + 1); // idle + 1: one wei more than there is
        uint256 fee = (amount * pool.flashLoanFeeBps() + BPS - 1) / BPS;
        t.mint(address(flashBorrower), fee);
        _begin("flashLoan");
        try flashBorrower.borrow(address(t), amount, "") {
            _ok("flashLoan");
        } catch (bytes memory err) {
            _refused("flashLoan", err);
        }
        _end();
    }

    function donate(uint256 assetSeed, uint256 amountSeed) external {
        uint256 i = assetSeed % N_ASSETS;
        uint256 amount = _size(i, amountSeed) / 100 + 1;
        _calls("donate");
        _tokens[i].mint(address(pool), amount);
        donated[i] += amount;
        _ok("donate");
    }

    /// @notice Moves one price by −90% … +60%, never below one feed unit.
    function movePrice(uint256 assetSeed, uint256 moveSeed) external {
        uint256 i = assetSeed % N_ASSETS;
        int256 answer = _feeds[i].latestAnswer();
        int256 bps = int256(_bound(moveSeed, 1_000, 16_000));
        int256 next = (answer * bps) / int256(BPS);
        // Keep prices within 1/1000 … 10x of where they started, so positions stay in a range the pool prices.
        int256 floor = _initialAnswers[i] / 1000;
        int256 cap = _initialAnswers[i] * 10;
        if (next < floor) next = floor;
        if (next > cap) next = cap;
        if (next < 1) next = 1;
        _calls("movePrice");
        _feeds[i].updateAnswer(next);
        _ok("movePrice");
    }

    /// @notice Lets 1 second … 30 days pass; the feeds report again (a keeper would), so prices stay fresh.
    function elapse(uint256 secondsSeed) external {
        uint256 dt = _bound(secondsSeed, 1, 30 days);
        _calls("elapse");
        vm.warp(vm.getBlockTimestamp() + dt);
        vm.roll(block.number + 1);
        for (uint256 i; i < N_ASSETS; ++i) _feeds[i].updateAnswer(_feeds[i].latestAnswer());
        _ok("elapse");
    }

    // ───────── helpers ─────────

    function _findUnhealthy(
        uint256 seed,
        address borrower,
        uint256 d,
        uint256 c
    ) internal view returns (address, uint256, uint256) {
        for (uint256 k; k < N_USERS; ++k) {
            address candidate = _pick((seed % N_USERS) + k);
            if (pool.healthFactor(candidate) >= 1e18) continue;
            (bool found, uint256 debtAt, uint256 collateralAt) = _marketsOf(candidate, seed % N_ASSETS);
            if (found) return (candidate, debtAt, collateralAt);
        }
        return (borrower, d, c);
    }

    /// @dev The first borrowed market and the first collateral market of `account`, searching from `start`.
    function _marketsOf(address account, uint256 start) internal view returns (bool found, uint256 d, uint256 c) {
        uint256 config = pool.userConfig(account);
        bool hasCollateral;
        for (uint256 j; j < N_ASSETS; ++j) {
            uint256 i = (start + j) % N_ASSETS;
            if (!found && (config >> (2 * i + 1)) & 1 == 1) (d, found) = (i, true);
            if (!hasCollateral && (config >> (2 * i)) & 1 == 1) (c, hasCollateral) = (i, true);
        }
    }

    /// @dev `first`, unless it cannot act in market `i` and `gate` says to look (seven times in eight): then the next
    ///      account after `from`'s that can, or, when none can, `from`'s own (unchecked; the call is refused). A
    ///      campaign of random accounts mostly hits accounts with nothing to withdraw, borrow against or repay.
    function _mostlyOneWho(
        function(address, uint256) internal view returns (bool) canAct,
        address first,
        uint256 gate,
        uint256 from,
        uint256 i
    ) internal view returns (address account) {
        account = first;
        for (uint256 k; k < N_USERS && gate % 8 != 0; ++k) {
            if (canAct(account, i)) break;
            account = _pick((from % N_USERS) + k + 1);
        }
    }

    function _hasSupply(address account, uint256 i) internal view returns (bool) {
        return pool.supplyBalance(address(_tokens[i]), account) != 0;
    }

    function _hasBorrowLimit(address account, uint256) internal view returns (bool) {
        (, , uint256 limit, ) = pool.accountData(account);
        return limit != 0;
    }

    function _hasDebt(address account, uint256 i) internal view returns (bool) {
        return pool.debtBalance(address(_tokens[i]), account) != 0;
    }

    function _pick(uint256 seed) internal view returns (address) {
        return _users[seed % N_USERS];
    }

    /// @dev A supply size: mostly $1 … $1M worth, one in sixteen a dust amount of 1 … 1000 wei.
    function _size(uint256 i, uint256 seed) internal view returns (uint256) {
        if (seed % 16 == 0) return _bound(seed >> 4, 1, 1000);
        uint256 usd = _bound(seed >> 4, 1, 1_000_000);
        uint256 amount = _tokensForUsd(i, usd * 1e18);
        return amount == 0 ? 1 : amount;
    }

    /// @dev A portion of `whole`: the max sentinel one time in five, else 1 bps … 100% (never 0), or 1 wei more.
    function _portion(uint256 whole, uint256 seed) internal pure returns (uint256) {
        if (seed % 5 == 0) return type(uint256).max;
        if (seed % 7 == 0) return whole + 1;
        uint256 part = (whole * _bound(seed >> 8, 1, BPS)) / BPS;
        return part == 0 ? 1 : part;
    }

    /// @dev Tokens of market `i` worth `usdWad` at the oracle's price.
    function _tokensForUsd(uint256 i, uint256 usdWad) internal view returns (uint256) {
        uint256 price = pool.oracle().price(address(_tokens[i]));
        return (usdWad * (10 ** _tokens[i].decimals())) / price;
    }

    /// @dev What a repayment must do, from the state before it: pay `paid` (the whole displayed debt for an amount at
    ///      or above it, else the amount) and burn `burnt` of the borrower's shares (all of them, else the shares the
    ///      amount buys, rounded down).
    struct Repayment {
        uint256 paid;
        uint256 burnt;
        uint256 shares;
        uint256 payerBalance;
    }

    function _expectRepayment(
        uint256 i,
        address payer,
        address onBehalf,
        uint256 amount
    ) internal view returns (Repayment memory e) {
        uint256 debt = pool.debtBalance(address(_tokens[i]), onBehalf);
        ILendingPool.ReserveData memory r = pool.reserveData(address(_tokens[i]));
        (, e.shares) = pool.position(address(_tokens[i]), onBehalf);
        (e.paid, e.burnt) =
            amount >= debt
                ? (debt, e.shares)
                : (amount, _shares(amount, r.totalBorrowAssets, r.totalBorrowShares, Math.Rounding.Floor));
        e.payerBalance = _tokens[i].balanceOf(payer);
    }

    /// @dev The payer paid exactly what was expected (and the pool says so) and the borrower lost exactly those shares.
    function _checkRepayment(Repayment memory e, uint256 i, address payer, address onBehalf, uint256 repaid) internal {
        (, uint256 sharesAfter) = pool.position(address(_tokens[i]), onBehalf);
        uint256 paid = e.payerBalance - _tokens[i].balanceOf(payer);
        if (paid != e.paid || repaid != paid || e.shares - sharesAfter != e.burnt) ++wrongRepayments;
    }

    /// @dev The shares of `assets` in a market of `totalAssets` and `totalShares`, with the pool's virtual offset
    ///      (1 asset, 1e6 shares) — the test's own formula, not the pool's library.
    function _shares(
        uint256 assets,
        uint256 totalAssets,
        uint256 totalShares,
        Math.Rounding rounding
    ) internal pure returns (uint256) {
        return Math.mulDiv(assets, totalShares + 1e6, totalAssets + 1, rounding);
    }

    /// @dev A successful action moved exactly the expected shares (as returned and on the position), and some.
    function _checkShares(uint256 expected, uint256 returned, uint256 moved) internal {
        if (expected == 0 || returned != expected || moved != expected) ++wrongShares;
    }

    /// @dev ZeroShares is the refusal of an amount worth less than one share, and only of that.
    function _checkZeroShares(bytes memory err, uint256 expected) internal {
        if (_selector(err) == ILendingPool.ZeroShares.selector && expected != 0) ++wrongShares;
    }

    /// @dev An own action that lowered the borrow limit or raised the debt must leave debt ≤ limit. (An account
    ///      already above its limit after a price move may still do what changes neither, e.g. withdraw a supply
    ///      that is not collateral.)
    function _checkOwnHealth(address actor, uint256 debtBefore, uint256 limitBefore) internal {
        (, uint256 debtValue, uint256 limit, ) = pool.accountData(actor);
        if (debtValue > limit && (limit < limitBefore || debtValue > debtBefore)) ++unhealthyAfterOwnAction;
    }

    function _values(address actor) internal view returns (uint256 debtValue, uint256 limit) {
        (, debtValue, limit, ) = pool.accountData(actor);
    }

    /// @dev The refusals a correct pool gives to a random history; anything else is a finding.
    function _refused(string memory action, bytes memory err) internal {
        bytes4 sel = _selector(err);
        if (
            sel == ILendingPool.InsufficientCollateral.selector ||
            sel == ILendingPool.InsufficientLiquidity.selector ||
            sel == ILendingPool.InsufficientSupply.selector ||
            sel == ILendingPool.HealthyPosition.selector ||
            sel == ILendingPool.NoDebt.selector ||
            sel == ILendingPool.NoCollateral.selector ||
            sel == ILendingPool.NoSupply.selector ||
            sel == ILendingPool.ZeroShares.selector
        ) return;
        _unexpected(action, err);
    }

    function _begin(string memory action) internal {
        _calls(action);
        for (uint256 i; i < N_ASSETS; ++i) {
            ILendingPool.ReserveData memory r = pool.reserveData(address(_tokens[i]));
            _indexBefore[i] = [r.totalSupplyAssets + 1, r.totalSupplyShares + 1e6];
            _debtBefore[i] = [r.totalBorrowAssets + 1, r.totalBorrowShares + 1e6];
        }
        vm.recordLogs();
    }

    /// @dev Supply per share never falls except by a bad debt in that market; debt per share never falls by more
    ///      than the rounding of one operation (as test/invariants/lending.invariants.test.ts).
    function _checkIndices(bool[N_ASSETS] memory badDebtIn) internal {
        for (uint256 i; i < N_ASSETS; ++i) {
            ILendingPool.ReserveData memory r = pool.reserveData(address(_tokens[i]));
            (uint256 a0, uint256 s0) = (_indexBefore[i][0], _indexBefore[i][1]);
            (uint256 a1, uint256 s1) = (r.totalSupplyAssets + 1, r.totalSupplyShares + 1e6);
            if (!badDebtIn[i] && a1 * s0 < a0 * s1) ++supplyIndexFalls;
            if (r.totalBorrowShares != 0) {
                (uint256 b0, uint256 t0) = (_debtBefore[i][0], _debtBefore[i][1]);
                (uint256 b1, uint256 t1) = (r.totalBorrowAssets + 1, r.totalBorrowShares + 1e6);
                if (b1 * t0 + b0 + t0 < b0 * t1) ++debtIndexFalls;
            }
        }
    }

    /// @dev Books every bad debt the action realized.
    function _end() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool[N_ASSETS] memory badDebtIn;
        for (uint256 k; k < logs.length; ++k) {
            if (logs[k].emitter != address(pool) || logs[k].topics[0] != BAD_DEBT_TOPIC) continue;
            address asset = address(uint160(uint256(logs[k].topics[1])));
            (uint256 assets_, uint256 covered) = abi.decode(logs[k].data, (uint256, uint256));
            for (uint256 i; i < N_ASSETS; ++i) {
                if (address(_tokens[i]) == asset)
                    (suppliersLoss[i], badDebtIn[i]) = (suppliersLoss[i] + assets_ - covered, true);
            }
            if (logs[k].topics[2] == bytes32(0) && pool.reserveData(asset).totalBorrowShares != 0) {
                ++orphanWriteOffsWithBorrowers;
            }
            _calls("badDebtRealized");
        }
        _checkIndices(badDebtIn);
    }

    function _calls(string memory action) internal {
        ++calls[keccak256(bytes(action))];
    }

    function _ok(string memory action) internal {
        ++successes[keccak256(bytes(action))];
    }
}
