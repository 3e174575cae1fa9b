import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture, Future, IgnitionModule, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

import { ROLES, selectors } from "../../scripts/lib/roles";
import Access from "./Access";
import CitizensHouse from "./CitizensHouse";
import Governance, { VOTING_REWARDS_DEFAULTS } from "./Governance";
import { handOverAccessToTimelock } from "./GovernedAccess";
import Intents from "./Intents";
import Lending from "./Lending";
import { listMarkets, listRwaMarket } from "./markets";
import Social from "./Social";
import { wireSwapAdapter } from "./swap";
import TestTokens from "./TestTokens";

/**
 * Every protocol, wired: the shared AccessManager guards Lending, Intents' neighbours and Social; the token house's
 * timelock becomes its admin (and the treasury); the Citizens' House timelock gets the CITIZENS role, which may
 * appoint verifiers and set the pass protocol fee. The deployer ends holding no role anywhere.
 *
 * `configure` futures (e.g. listing local markets with the deployer's temporary RISK role) run before the handover.
 * `rewardToken` is what VotingRewards pays voters of either house in (the treasury funds each epoch).
 */
export function wireQuartet(
  m: IgnitionModuleBuilder,
  { configure = [], rewardToken }: { configure?: (Future | IgnitionModule)[]; rewardToken: ContractFuture<string> },
) {
  const { accessManager } = m.useModule(Access);
  const lending = m.useModule(Lending);
  const intents = m.useModule(Intents);
  const social = m.useModule(Social);
  const governance = m.useModule(Governance);
  const citizens = m.useModule(CitizensHouse);
  const deployer = m.getAccount(0);

  // The treasury is the token house's timelock: reserves and pass fees go there.
  const treasuryGrant = m.call(accessManager, "grantRole", [ROLES.TREASURY, deployer, 0], {
    id: "GrantTreasuryToDeployer",
  });
  const setTreasury = m.call(social.creatorPasses, "setTreasury", [governance.timelock], { after: [treasuryGrant] });
  const setCoinTreasury = m.call(social.creatorCoins, "setTreasury", [governance.timelock], {
    id: "CreatorCoins_SetTreasury",
    after: [treasuryGrant],
  });

  // The Citizens' House: verifiers are appointed by people, not by token holders; so is the pass protocol fee.
  const citizensFee = m.call(
    accessManager,
    "setTargetFunctionRole",
    [social.creatorPasses, selectors("setProtocolFee(uint16)"), ROLES.CITIZENS],
    { id: "CitizensSetProtocolFee", after: [Social] },
  );
  const verifierAdmin = m.call(accessManager, "setRoleAdmin", [ROLES.VERIFIER, ROLES.CITIZENS], {
    id: "CitizensAdministerVerifiers",
  });
  const citizensRole = m.call(accessManager, "grantRole", [ROLES.CITIZENS, citizens.citizensTimelock, 0], {
    id: "GrantCitizensToCitizensTimelock",
  });
  // Rewards for voting, one contract per house: the treasury (TREASURY) funds epochs and reclaims unused ones,
  // ADMIN caps the per-epoch budget.
  const rewardsOf = (id: string, governor: ContractFuture<string>, capParameter: string) =>
    m.contract(
      "VotingRewards",
      [
        accessManager,
        governor,
        rewardToken,
        m.getParameter("rewardsEpochLength", VOTING_REWARDS_DEFAULTS.epochLength),
        m.getParameter("rewardsSettlementPeriod", VOTING_REWARDS_DEFAULTS.settlementPeriod),
        m.getParameter(capParameter, VOTING_REWARDS_DEFAULTS.epochBudgetCap),
      ],
      { id },
    );
  const tokenHouseRewards = rewardsOf("TokenHouseRewards", governance.governor, "tokenHouseRewardsCap");
  const citizensRewards = rewardsOf("CitizensRewards", citizens.citizensGovernor, "citizensRewardsCap");
  // Each governor lets its VotingRewards mark claimed votes in their receipts (the deployer names it once;
  // governance may replace it later).
  const rewardsWiring = (
    [
      [governance.governor, tokenHouseRewards, "TokenHouse"],
      [citizens.citizensGovernor, citizensRewards, "Citizens"],
    ] as const
  ).map(([governor, rewards, house]) =>
    m.call(governor, "initializeVotingRewards", [rewards], { id: `WireRewards${house}` }),
  );
  const rewardsRoles = [tokenHouseRewards, citizensRewards].map((rewards, i) =>
    m.call(
      accessManager,
      "setTargetFunctionRole",
      [rewards, selectors("fund(uint256,uint256)", "reclaim(uint256,address)"), ROLES.TREASURY],
      { id: `RewardsTreasury${i === 0 ? "TokenHouse" : "Citizens"}` },
    ),
  );

  const labels = (Object.entries(ROLES) as [string, bigint][])
    .filter(([, id]) => id !== ROLES.ADMIN)
    .map(([name, id]) => m.call(accessManager, "labelRole", [id, name], { id: `Label${name}` }));

  const { renounceAdmin } = handOverAccessToTimelock(m, {
    accessManager,
    timelock: governance.timelock,
    after: [
      setTreasury,
      setCoinTreasury,
      citizensFee,
      verifierAdmin,
      citizensRole,
      ...rewardsRoles,
      ...rewardsWiring,
      ...labels,
      Lending,
      Intents,
      Social,
      ...configure,
    ],
  });

  return {
    ...lending,
    ...intents,
    ...social,
    ...governance,
    ...citizens,
    tokenHouseRewards,
    citizensRewards,
    renounceAdmin,
  };
}

/**
 * The whole protocol on a testnet with Chainlink feeds: open-mint test tokens, the three markets priced by the real
 * feeds named in the parameters (module "Quartet": usdcUsdFeed, btcUsdFeed, ethUsdFeed; module "Lending":
 * sequencerUptimeFeed where Chainlink publishes one), every protocol wired and handed to governance.
 *
 * With `swap`, the intents' swap adapter over the network's official Uniswap v3 SwapRouter02 (parameter
 * "Quartet.uniswapSwapRouter02") is deployed and set before the handover; `quartet deploy` asks for it when the
 * network's parameters name a router, and says that it deploys without one otherwise.
 */
export function quartetModule({ swap }: { swap: boolean }) {
  return buildModule("Quartet", (m) => {
    const lending = m.useModule(Lending);
    const { usdc, wbtc, weth, tbill } = m.useModule(TestTokens);
    const feed = (name: string) => m.contractAt("AggregatorV3Interface", m.getParameter<string>(name), { id: name });
    const listings = listMarkets(m, lending, {
      USDC: { token: usdc, feed: feed("usdcUsdFeed") },
      WBTC: { token: wbtc, feed: feed("btcUsdFeed") },
      WETH: { token: weth, feed: feed("ethUsdFeed") },
    });
    // No public feed prices a test T-bill: a mock NAV feed (anyone may update it), named as such.
    const tbillNavFeed = m.contract("MockV3Aggregator", [8, 1_00000000n], { id: "TBILLNavFeedMock" });
    const rwa = listRwaMarket(m, lending, { token: tbill, feed: tbillNavFeed }, usdc, listings);
    const adapter = swap ? wireSwapAdapter(m, m.getParameter<string>("uniswapSwapRouter02")) : undefined;
    const { renounceAdmin: _renounceAdmin, ...contracts } = wireQuartet(m, {
      configure: [...listings, ...rwa, ...(adapter ? [adapter.setSwapAdapter] : [])],
      rewardToken: usdc,
    });
    return {
      usdc,
      wbtc,
      weth,
      tbill,
      tbillNavFeed,
      ...contracts,
      ...(adapter ? { swapAdapter: adapter.swapAdapter } : {}),
    };
  });
}

/** The testnet module without the swap adapter (see `quartetModule`). */
export default quartetModule({ swap: false });
