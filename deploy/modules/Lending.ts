import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { ROLES, selectors } from "../../scripts/lib/roles";
import { aprToRatePerSecond } from "../../scripts/lib/units";
import AccessModule from "./Access";

/**
 * The lending core on any network: price oracle, two interest-rate curves and the pool, with every restricted
 * function mapped to its role in the AccessManager. Markets are listed by LocalLending (mocks) or by governance.
 *
 * The deployer receives the RISK role so that a deployment script can list the first markets; the Quartet
 * module revokes it when it hands everything to governance.
 */
export default buildModule("Lending", (m) => {
  const { accessManager } = m.useModule(AccessModule);
  const deployer = m.getAccount(0);

  const oracle = m.contract("PriceOracle", [
    accessManager,
    m.getParameter("sequencerUptimeFeed", "0x0000000000000000000000000000000000000000"),
    m.getParameter("sequencerGracePeriod", 3600n),
  ]);
  const pool = m.contract("LendingPool", [accessManager, oracle]);

  // Stablecoins: flat until 90% utilization, then steep; volatile assets: kink at 45%.
  const stableRateModel = m.contract(
    "InterestRateModel",
    [0n, aprToRatePerSecond(4), aprToRatePerSecond(60), 900_000_000_000_000_000n],
    { id: "StableRateModel" },
  );
  const volatileRateModel = m.contract(
    "InterestRateModel",
    [0n, aprToRatePerSecond(7), aprToRatePerSecond(300), 450_000_000_000_000_000n],
    { id: "VolatileRateModel" },
  );

  const roleCalls = [
    {
      id: "PoolRisk",
      target: pool,
      fns: [
        "listAsset(address,(address,uint16,uint16,uint16,uint16,bool,uint128,uint128))",
        "setAssetConfig(address,(address,uint16,uint16,uint16,uint16,bool,uint128,uint128))",
        "setFlashLoanFee(uint16)",
        "setIsolation(address,bool,bool,uint128)",
      ],
      role: ROLES.RISK,
    },
    { id: "PoolGuardian", target: pool, fns: ["pauseAsset(address,uint8)"], role: ROLES.GUARDIAN },
    { id: "PoolTreasury", target: pool, fns: ["collectReserves(address,address)"], role: ROLES.TREASURY },
    { id: "OracleRisk", target: oracle, fns: ["setFeed(address,address,uint32)"], role: ROLES.RISK },
  ];
  const roleSetups = roleCalls.map(({ id, target, fns, role }) =>
    m.call(accessManager, "setTargetFunctionRole", [target, selectors(...fns), role], { id }),
  );
  // unpauseAsset stays with ADMIN (AccessManager's default for unmapped functions): the guardian cannot un-pause.

  m.call(accessManager, "grantRole", [ROLES.RISK, deployer, 0], { id: "GrantRiskToDeployer", after: roleSetups });

  return { accessManager, oracle, pool, stableRateModel, volatileRateModel };
});
