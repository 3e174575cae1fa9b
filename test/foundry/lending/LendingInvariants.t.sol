// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {MockV3Aggregator} from "@chainlink/contracts/src/v0.8/tests/MockV3Aggregator.sol";

import {ILendingPool} from "../../../contracts/lending/interfaces/ILendingPool.sol";
import {IInterestRateModel} from "../../../contracts/lending/interfaces/IInterestRateModel.sol";
import {InterestRateModel} from "../../../contracts/lending/InterestRateModel.sol";
import {LendingPool} from "../../../contracts/lending/LendingPool.sol";
import {PriceOracle} from "../../../contracts/oracles/PriceOracle.sol";
import {MockERC20} from "../../../contracts/mocks/MockERC20.sol";
import {QuartetInvariantTest} from "../lib/QuartetInvariantTest.sol";
import {console} from "../lib/Vm.sol";
import {LendingHandler} from "./LendingHandler.sol";

/// @title LendingSuite (LendingInvariants below runs it)
/// @notice The lending pool's invariants, checked by forge after every call of every random history that
///         LendingHandler drives (npm run fuzz: deep; npm run fuzz:ci: short). Real PriceOracle, InterestRateModels
///         and LendingPool behind a real AccessManager; mock tokens and Chainlink feeds.
abstract contract LendingSuite is QuartetInvariantTest {
    uint256 internal constant N_USERS = 5;
    uint256 internal constant N_ASSETS = 3;
    uint256 internal constant WAD = 1e18;
    // SharesMathLib's virtual offset.
    uint256 internal constant VIRTUAL_SHARES = 1e6;

    /// @notice Raised by a simulation that succeeded, to undo its effects.
    error Simulated();

    LendingPool internal pool;
    LendingHandler internal handler;
    MockERC20[N_ASSETS] internal tokens;
    address[N_USERS] internal users;

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        AccessManager manager = new AccessManager(address(this));
        PriceOracle oracle = new PriceOracle(address(manager), address(0), 3600);
        pool = new LendingPool(address(manager), oracle);
        // The deployment's two curves (deploy/modules/Lending.ts): 4%/60% kink 90%, 7%/300% kink 45% (APR).
        IInterestRateModel stable = new InterestRateModel(0, 1268391679, 19025875190, 0.9e18);
        IInterestRateModel volatile_ = new InterestRateModel(0, 2219685438, 95129375951, 0.45e18);

        MockV3Aggregator[N_ASSETS] memory feeds;
        tokens[0] = new MockERC20("USD Coin", "USDC", 6);
        tokens[1] = new MockERC20("Wrapped BTC", "WBTC", 8);
        tokens[2] = new MockERC20("Wrapped Ether", "WETH", 18);
        feeds[0] = new MockV3Aggregator(8, 1e8);
        feeds[1] = new MockV3Aggregator(8, 60_000e8);
        feeds[2] = new MockV3Aggregator(8, 3_000e8);
        // deploy/modules/markets.ts's risk parameters.
        uint16[4][N_ASSETS] memory risk = [
            [uint16(8000), 8500, 500, 1000],
            [uint16(7000), 7500, 1000, 2000],
            [uint16(8000), 8250, 500, 1500]
        ];
        for (uint256 i; i < N_ASSETS; ++i) {
            oracle.setFeed(address(tokens[i]), address(feeds[i]), 1 days);
            pool.listAsset(
                address(tokens[i]),
                ILendingPool.AssetConfig({
                    rateModel: i == 0 ? stable : volatile_,
                    ltvBps: risk[i][0],
                    liquidationThresholdBps: risk[i][1],
                    liquidationBonusBps: risk[i][2],
                    reserveFactorBps: risk[i][3],
                    borrowEnabled: true,
                    supplyCap: 0,
                    borrowCap: 0
                })
            );
        }
        pool.setFlashLoanFee(9);

        for (uint256 u; u < N_USERS; ++u) {
            users[u] = vm.addr(0xA11CE + u);
            for (uint256 i; i < N_ASSETS; ++i) {
                tokens[i].mint(users[u], 1e12 * 10 ** tokens[i].decimals());
                vm.prank(users[u]);
                tokens[i].approve(address(pool), type(uint256).max);
            }
        }
        handler = new LendingHandler(pool, tokens, feeds, users);

        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = LendingHandler.supply.selector;
        selectors[1] = LendingHandler.withdraw.selector;
        selectors[2] = LendingHandler.borrow.selector;
        selectors[3] = LendingHandler.repay.selector;
        selectors[4] = LendingHandler.liquidate.selector;
        selectors[5] = LendingHandler.setCollateral.selector;
        selectors[6] = LendingHandler.flashLoan.selector;
        selectors[7] = LendingHandler.donate.selector;
        selectors[8] = LendingHandler.movePrice.selector;
        selectors[9] = LendingHandler.elapse.selector;
        _target(address(handler), selectors);
    }

    // ───────── invariants ─────────

    /// @notice Σ user shares = the reserve's total shares, for supply and for borrow, in every market.
    function check_totalsEqualSumOfPositions() public view {
        for (uint256 i; i < N_ASSETS; ++i) {
            ILendingPool.ReserveData memory r = pool.reserveData(address(tokens[i]));
            (uint256 supplyShares, uint256 borrowShares) = (0, 0);
            for (uint256 u; u < N_USERS; ++u) {
                (uint256 s, uint256 b) = pool.position(address(tokens[i]), users[u]);
                supplyShares += s;
                borrowShares += b;
            }
            assertEq(supplyShares, r.totalSupplyShares, "sum of supply shares = totalSupplyShares");
            assertEq(borrowShares, r.totalBorrowShares, "sum of borrow shares = totalBorrowShares");
        }
    }

    /// @notice balance + borrows = supply + reserves + donations + dust, 0 ≤ dust ≤ one wei per repayment or
    ///         liquidation; hence solvency: balance + borrows ≥ supply + reserves − the suppliers' bad debt.
    function check_accountingIdentity() public view {
        for (uint256 i; i < N_ASSETS; ++i) {
            ILendingPool.ReserveData memory r = pool.reserveData(address(tokens[i]));
            uint256 held = tokens[i].balanceOf(address(pool)) + r.totalBorrowAssets;
            uint256 owed = r.totalSupplyAssets + r.reserves;
            assertGe(held + handler.suppliersLoss(i), owed, "balance + borrows >= supply + reserves - bad debt");
            assertGe(held, owed + handler.donated(i), "balance + borrows >= supply + reserves + donations");
            assertLe(held - owed - handler.donated(i), handler.roundings(), "rounding dust <= one wei per repayment");
        }
    }

    /// @notice Tokens only move between the pool and the accounts that act: the pool holds exactly what nobody
    ///         else (of the users and the flash borrower) holds.
    function check_tokenFlow() public view {
        for (uint256 i; i < N_ASSETS; ++i) {
            uint256 outside = tokens[i].balanceOf(address(handler.flashBorrower()));
            for (uint256 u; u < N_USERS; ++u) outside += tokens[i].balanceOf(users[u]);
            assertEq(
                tokens[i].balanceOf(address(pool)),
                tokens[i].totalSupply() - outside,
                "pool balance = token flow"
            );
        }
    }

    /// @notice The bitmap tells the truth: borrowing bit ⇔ borrow shares; collateral bit ⇒ supply shares.
    function check_configBitmap() public view {
        for (uint256 u; u < N_USERS; ++u) {
            uint256 config = pool.userConfig(users[u]);
            for (uint256 i; i < N_ASSETS; ++i) {
                (uint256 s, uint256 b) = pool.position(address(tokens[i]), users[u]);
                assertTrue(((config >> (2 * i + 1)) & 1 == 1) == (b != 0), "borrowing bit <=> borrow shares");
                if ((config >> (2 * i)) & 1 == 1) assertTrue(s != 0, "collateral bit without supply");
            }
        }
    }

    /// @notice No account keeps debt once its last collateral is gone.
    function check_noDebtWithoutCollateral() public view {
        for (uint256 u; u < N_USERS; ++u) {
            if (_debtMarket(users[u]) == type(uint256).max) continue;
            assertTrue(_collateralMarket(users[u]) != type(uint256).max, "debt without collateral");
        }
    }

    /// @notice Every account with a health factor below 1 is liquidatable by a funded liquidator (into shares, so
    ///         the collateral market's idle liquidity does not matter).
    function check_unhealthyAreLiquidatable() public {
        for (uint256 u; u < N_USERS; ++u) {
            uint256 d = _debtMarket(users[u]);
            if (d == type(uint256).max || pool.healthFactor(users[u]) >= WAD) continue;
            uint256 c = _collateralMarket(users[u]);
            address liquidator = users[(u + 1) % N_USERS];
            try this.simulateLiquidation(users[u], address(tokens[d]), address(tokens[c]), liquidator) {
                revert("unreachable");
            } catch (bytes memory err) {
                _expectSimulated(err, "an unhealthy account could not be liquidated: ");
            }
        }
    }

    /// @notice Repaying exactly the displayed debt always works, and so does repaying `max`, by a third party.
    function check_repayDisplayedDebt() public {
        for (uint256 u; u < N_USERS; ++u) {
            for (uint256 i; i < N_ASSETS; ++i) {
                uint256 shown = pool.debtBalance(address(tokens[i]), users[u]);
                if (shown == 0) continue;
                address payer = users[(u + 2) % N_USERS];
                for (uint256 k; k < 2; ++k) {
                    uint256 amount = k == 0 ? shown : type(uint256).max;
                    try this.simulateRepay(address(tokens[i]), amount, users[u], payer) {
                        revert("unreachable");
                    } catch (bytes memory err) {
                        _expectSimulated(err, "repaying the displayed debt failed: ");
                    }
                }
            }
        }
    }

    /// @notice Nobody withdraws more than its supply balance (what it supplied plus interest) at the time, an exact
    ///         withdrawal pays exactly the amount; own actions leave the actor within its borrow limit; only
    ///         accounts below health factor 1 are liquidated.
    function check_handlerGhosts() public view {
        assertEq(handler.overWithdrawals(), 0, "withdrawals above the supply balance");
        assertEq(handler.inexactWithdrawals(), 0, "withdrawals that paid another amount than asked");
        assertEq(handler.unhealthyAfterOwnAction(), 0, "own actions that left debt above the borrow limit");
        assertEq(handler.healthyLiquidated(), 0, "liquidations of healthy accounts");
        assertEq(handler.orphanWriteOffsWithBorrowers(), 0, "nobody's debt written off while the market has borrowers");
        assertEq(handler.supplyIndexFalls(), 0, "supply assets per share fell without bad debt");
        assertEq(handler.debtIndexFalls(), 0, "debt per borrow share fell beyond rounding");
        assertEq(handler.wrongCollateralFlags(), 0, "collateral flags other than the owner chose");
        assertEq(handler.wrongRepayments(), 0, "repayments that paid or burnt other than expected");
        assertEq(
            handler.wrongShares(),
            0,
            "shares moved other than the formula, or ZeroShares refused with shares due"
        );
    }

    /// @notice Every revert in the history was a refusal the pool documents for that situation.
    function check_noUnexpectedRevert() public view {
        if (handler.unexpectedReverts() != 0) {
            revert(
                string.concat(
                    "unexpected revert in ",
                    handler.lastUnexpectedWhere(),
                    ": ",
                    vm.toString(handler.lastUnexpected())
                )
            );
        }
    }

    /// @notice Prints what the campaign reached (forge test -vv shows it).
    function afterInvariant() public view {
        string[13] memory names = [
            "supply",
            "withdraw",
            "borrow",
            "repay",
            "liquidate",
            "setCollateral",
            "flashLoan",
            "donate",
            "movePrice",
            "elapse",
            "badDebtRealized",
            "",
            ""
        ];
        for (uint256 k; k < 11; ++k) {
            bytes32 key = keccak256(bytes(names[k]));
            console.log(string.concat(names[k], " calls"), handler.calls(key));
            console.log(string.concat(names[k], " ok"), handler.successes(key));
        }
    }

    // ───────── simulations (always revert, to leave no trace) ─────────

    function simulateLiquidation(address borrower, address debt, address collateral, address liquidator) external {
        vm.prank(liquidator);
        pool.liquidate(borrower, debt, collateral, type(uint256).max, liquidator, true);
        revert Simulated();
    }

    function simulateRepay(address asset, uint256 amount, address onBehalf, address payer) external {
        vm.prank(payer);
        pool.repay(asset, amount, onBehalf);
        revert Simulated();
    }

    function _expectSimulated(bytes memory err, string memory what) internal pure {
        if (err.length == 4 && bytes4(err) == Simulated.selector) return;
        revert(string.concat(what, vm.toString(err)));
    }

    function _debtMarket(address account) internal view returns (uint256) {
        for (uint256 i; i < N_ASSETS; ++i) {
            (, uint256 b) = pool.position(address(tokens[i]), account);
            if (b != 0) return i;
        }
        return type(uint256).max;
    }

    function _collateralMarket(address account) internal view returns (uint256) {
        uint256 config = pool.userConfig(account);
        for (uint256 i; i < N_ASSETS; ++i) {
            (uint256 s, ) = pool.position(address(tokens[i]), account);
            if ((config >> (2 * i)) & 1 == 1 && s != 0) return i;
        }
        return type(uint256).max;
    }
}

/// @title LendingInvariants
/// @notice The campaign: forge calls each invariant after every handler call.
contract LendingInvariants is LendingSuite {
    /// @dev Every run starts from live markets, through the handler (so its ghosts count them): users 0–3 each
    ///      supply $100k of one asset as collateral, user 4 supplies $1M of each, and users 0 and 1 borrow half of
    ///      their limit. From an empty pool, 40–50 random calls rarely lined up a collateral, a lender and a borrow:
    ///      the campaign reached no successful borrow, and a pool that never counted borrow shares passed.
    function setUp() public override {
        super.setUp();
        for (uint256 u; u < 4; ++u) handler.supply(u, u % N_ASSETS, _usdSeed(100_000), 1);
        for (uint256 i; i < N_ASSETS; ++i) handler.supply(4, i, _usdSeed(1_000_000), 1);
        // An odd portion seed picks 1 + (seed >> 1) % 11,000 bps of the room: 9,999 is 5,000 bps.
        for (uint256 u; u < 2; ++u) handler.borrow(u, (u + 1) % N_ASSETS, 9_999);
        assertEq(handler.successes(keccak256("borrow")), 2, "the seeded borrows");
    }

    /// @dev The amount seed for which the handler supplies `usd` dollars' worth (LendingHandler._size).
    function _usdSeed(uint256 usd) internal pure returns (uint256) {
        return ((usd - 1) << 4) | 1;
    }

    function invariant_totalsEqualSumOfPositions() public view {
        check_totalsEqualSumOfPositions();
    }

    function invariant_accountingIdentity() public view {
        check_accountingIdentity();
    }

    function invariant_tokenFlow() public view {
        check_tokenFlow();
    }

    function invariant_configBitmap() public view {
        check_configBitmap();
    }

    function invariant_noDebtWithoutCollateral() public view {
        check_noDebtWithoutCollateral();
    }

    function invariant_unhealthyAreLiquidatable() public {
        check_unhealthyAreLiquidatable();
    }

    function invariant_repayDisplayedDebt() public {
        check_repayDisplayedDebt();
    }

    function invariant_handlerGhosts() public view {
        check_handlerGhosts();
    }

    function invariant_noUnexpectedRevert() public view {
        check_noUnexpectedRevert();
    }
}
