import type { BaseContract, ContractRunner, Interface } from "ethers";

/** A typechain factory's static `connect`. */
interface TypedFactory<T> {
  connect(address: string, runner?: ContractRunner | null): T;
}

/**
 * Ignition returns plain ethers contracts; this gives back the typechain-typed one at the same address,
 * connected to the same runner, so scripts and tests get full typing without casts.
 */
export async function typed<T>(factory: TypedFactory<T>, contract: BaseContract): Promise<T> {
  return factory.connect(await contract.getAddress(), contract.runner);
}

/**
 * The one deployment table: every contract the Quartet modules deploy, by the name the modules return it under (and
 * the address book and proposal files use), with its typechain factory and, for the contracts a deployed chain's
 * address book holds, its Ignition future id. Tasks, the error decoder, the test fixtures, the demo and the bench all
 * type their contracts through it. Plain strings here: typechain-types only exists after a compile, so the factories
 * themselves load lazily (`loadFactories`).
 */
export const DEPLOYMENT = {
  accessManager: { factory: "AccessManager__factory", futureId: "Access#AccessManager" },
  oracle: { factory: "PriceOracle__factory", futureId: "Lending#PriceOracle" },
  pool: { factory: "LendingPool__factory", futureId: "Lending#LendingPool" },
  stableRateModel: { factory: "InterestRateModel__factory", futureId: "Lending#StableRateModel" },
  volatileRateModel: { factory: "InterestRateModel__factory", futureId: "Lending#VolatileRateModel" },
  executor: { factory: "IntentExecutor__factory", futureId: "Intents#IntentExecutor" },
  priceCondition: { factory: "PriceCondition__factory", futureId: "Intents#PriceCondition" },
  healthFactorCondition: { factory: "HealthFactorCondition__factory", futureId: "Intents#HealthFactorCondition" },
  profileNFT: { factory: "ProfileNFT__factory", futureId: "Social#ProfileNFT" },
  creatorPasses: { factory: "CreatorPasses__factory", futureId: "Social#CreatorPasses" },
  creatorCoins: { factory: "CreatorCoins__factory", futureId: "Social#CreatorCoins" },
  metadataRenderer: { factory: "MetadataRenderer__factory", futureId: undefined },
  token: { factory: "QuartetToken__factory", futureId: "Governance#QuartetToken" },
  timelock: { factory: "TimelockController__factory", futureId: "Governance#Timelock" },
  governor: { factory: "QuartetGovernor__factory", futureId: "Governance#Governor" },
  guardianVeto: { factory: "TimelockGuardian__factory", futureId: "Governance#TimelockGuardian" },
  citizensTimelock: { factory: "TimelockController__factory", futureId: "CitizensHouse#Timelock" },
  citizensGovernor: { factory: "QuartetGovernor__factory", futureId: "CitizensHouse#Governor" },
  // Deployed by the Quartet / LocalQuartet module itself, so their ids carry that module's name.
  tokenHouseRewards: { factory: "VotingRewards__factory", futureId: undefined },
  citizensRewards: { factory: "VotingRewards__factory", futureId: undefined },
  usdc: { factory: "MockERC20__factory", futureId: "TestTokens#USDC" },
  wbtc: { factory: "MockERC20__factory", futureId: "TestTokens#WBTC" },
  weth: { factory: "MockERC20__factory", futureId: "TestTokens#WETH" },
  tbill: { factory: "MockTBill__factory", futureId: "TestTokens#TBILL" },
  // Local mock feeds: deployed by the Local* modules only, so not in a testnet's address book.
  usdcFeed: { factory: "MockV3Aggregator__factory", futureId: undefined },
  wbtcFeed: { factory: "MockV3Aggregator__factory", futureId: undefined },
  wethFeed: { factory: "MockV3Aggregator__factory", futureId: undefined },
  // The T-bill's NAV feed: a mock everywhere (LocalMocks#TBILLNavFeed, Quartet#TBILLNavFeedMock on testnets).
  tbillNavFeed: { factory: "MockV3Aggregator__factory", futureId: undefined },
} as const;

export type DeployedName = keyof typeof DEPLOYMENT;

/**
 * The typechain factories of the table, imported one by one (the typechain-types index loads every factory with its
 * bytecode, which costs a task seconds of startup).
 */
export async function loadFactories() {
  const [
    { AccessManager__factory },
    { TimelockController__factory },
    { PriceOracle__factory },
    { LendingPool__factory },
    { InterestRateModel__factory },
    { IntentExecutor__factory },
    { PriceCondition__factory },
    { HealthFactorCondition__factory },
    { ProfileNFT__factory },
    { CreatorPasses__factory },
    { CreatorCoins__factory },
    { MetadataRenderer__factory },
    { QuartetToken__factory },
    { QuartetGovernor__factory },
    { VotingRewards__factory },
    { TimelockGuardian__factory },
    { MockERC20__factory },
    { MockTBill__factory },
    { MockV3Aggregator__factory },
  ] = await Promise.all([
    import("../../typechain-types/factories/@openzeppelin/contracts/access/manager/AccessManager__factory"),
    import("../../typechain-types/factories/@openzeppelin/contracts/governance/TimelockController__factory"),
    import("../../typechain-types/factories/contracts/oracles/PriceOracle__factory"),
    import("../../typechain-types/factories/contracts/lending/LendingPool__factory"),
    import("../../typechain-types/factories/contracts/lending/InterestRateModel__factory"),
    import("../../typechain-types/factories/contracts/intents/IntentExecutor__factory"),
    import("../../typechain-types/factories/contracts/intents/conditions/PriceCondition__factory"),
    import("../../typechain-types/factories/contracts/intents/conditions/HealthFactorCondition__factory"),
    import("../../typechain-types/factories/contracts/social/ProfileNFT__factory"),
    import("../../typechain-types/factories/contracts/social/CreatorPasses__factory"),
    import("../../typechain-types/factories/contracts/social/CreatorCoins__factory"),
    import("../../typechain-types/factories/contracts/social/libraries/MetadataRenderer__factory"),
    import("../../typechain-types/factories/contracts/governance/QuartetToken__factory"),
    import("../../typechain-types/factories/contracts/governance/QuartetGovernor__factory"),
    import("../../typechain-types/factories/contracts/governance/VotingRewards__factory"),
    import("../../typechain-types/factories/contracts/governance/TimelockGuardian__factory"),
    import("../../typechain-types/factories/contracts/mocks/MockERC20__factory"),
    import("../../typechain-types/factories/contracts/mocks/MockTBill__factory"),
    import("../../typechain-types/factories/@chainlink/contracts/src/v0.8/tests/MockV3Aggregator__factory"),
  ]);
  return {
    AccessManager__factory,
    TimelockController__factory,
    PriceOracle__factory,
    LendingPool__factory,
    InterestRateModel__factory,
    IntentExecutor__factory,
    PriceCondition__factory,
    HealthFactorCondition__factory,
    ProfileNFT__factory,
    CreatorPasses__factory,
    CreatorCoins__factory,
    MetadataRenderer__factory,
    QuartetToken__factory,
    QuartetGovernor__factory,
    VotingRewards__factory,
    TimelockGuardian__factory,
    MockERC20__factory,
    MockTBill__factory,
    MockV3Aggregator__factory,
  };
}

export type Factories = Awaited<ReturnType<typeof loadFactories>>;

/** The typechain contract type of a table entry, e.g. `DeployedContract<"pool">` is `LendingPool`. */
export type DeployedContract<N extends DeployedName> = ReturnType<
  Factories[(typeof DEPLOYMENT)[N]["factory"]]["connect"]
>;

/** Every table entry `contracts` holds (e.g. an Ignition deployment's result), typed through the table. */
export async function typedDeployment<D extends Partial<Record<DeployedName, BaseContract>>>(
  contracts: D,
): Promise<{ [K in keyof D & DeployedName]: DeployedContract<K> }> {
  const factories = await loadFactories();
  const out: Record<string, unknown> = {};
  for (const [name, contract] of Object.entries(contracts) as [DeployedName, BaseContract][]) {
    if (DEPLOYMENT[name] === undefined) continue;
    const factory = factories[DEPLOYMENT[name].factory] as TypedFactory<unknown>;
    out[name] = factory.connect(await contract.getAddress(), contract.runner);
  }
  return out as { [K in keyof D & DeployedName]: DeployedContract<K> };
}

/** Each contract's address by its name: an address book, e.g. for `nameAddresses` (decoded errors name them). */
export async function addressesOf(contracts: Record<string, BaseContract>): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.entries(contracts).map(async ([name, c]) => [name, await c.getAddress()]));
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The interface of every contract in the table, once each: what the error decoder parses reverts with. */
export async function deploymentInterfaces(): Promise<Interface[]> {
  const factories = await loadFactories();
  const names = [...new Set(Object.values(DEPLOYMENT).map((entry) => entry.factory))];
  return names.map((name) => factories[name].createInterface() as Interface);
}
