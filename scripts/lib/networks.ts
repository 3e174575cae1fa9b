/**
 * The networks Quartet knows, in one place: hardhat.config.ts builds its `networks`, `etherscan` and
 * `blockscout` sections from this table, and scripts use it to tell local chains from remote ones.
 *
 * This file must not import `hardhat`: the config imports it before the runtime exists.
 */

export interface RemoteNetwork {
  /** Hardhat network name, as in `--network <name>`. */
  name: string;
  chainId: number;
  /** Public RPC endpoint used when the `rpcUrlVar` hardhat var / env variable is not set. */
  defaultRpcUrl: string;
  /** `npx hardhat vars set <rpcUrlVar>` overrides the public RPC endpoint. */
  rpcUrlVar: string;
  /** OP-stack chains charge an L1 data fee read from the GasPriceOracle predeploy. */
  opStack: boolean;
  /** Etherscan-family explorer (one Etherscan API v2 key covers all of them). */
  etherscanBrowserUrl: string;
  /** Blockscout instance, where one exists. */
  blockscoutUrl?: string;
}

export const REMOTE_NETWORKS: readonly RemoteNetwork[] = [
  {
    name: "opSepolia",
    chainId: 11155420,
    defaultRpcUrl: "https://sepolia.optimism.io",
    rpcUrlVar: "OP_SEPOLIA_RPC_URL",
    opStack: true,
    etherscanBrowserUrl: "https://sepolia-optimism.etherscan.io",
    blockscoutUrl: "https://optimism-sepolia.blockscout.com",
  },
  {
    name: "baseSepolia",
    chainId: 84532,
    defaultRpcUrl: "https://sepolia.base.org",
    rpcUrlVar: "BASE_SEPOLIA_RPC_URL",
    opStack: true,
    etherscanBrowserUrl: "https://sepolia.basescan.org",
    blockscoutUrl: "https://base-sepolia.blockscout.com",
  },
  {
    name: "arbitrumSepolia",
    chainId: 421614,
    defaultRpcUrl: "https://sepolia-rollup.arbitrum.io/rpc",
    rpcUrlVar: "ARBITRUM_SEPOLIA_RPC_URL",
    opStack: false,
    etherscanBrowserUrl: "https://sepolia.arbiscan.io",
    blockscoutUrl: "https://arbitrum-sepolia.blockscout.com",
  },
  {
    name: "scrollSepolia",
    chainId: 534351,
    defaultRpcUrl: "https://sepolia-rpc.scroll.io",
    rpcUrlVar: "SCROLL_SEPOLIA_RPC_URL",
    opStack: false,
    etherscanBrowserUrl: "https://sepolia.scrollscan.com",
  },
  {
    name: "lineaSepolia",
    chainId: 59141,
    defaultRpcUrl: "https://rpc.sepolia.linea.build",
    rpcUrlVar: "LINEA_SEPOLIA_RPC_URL",
    opStack: false,
    etherscanBrowserUrl: "https://sepolia.lineascan.build",
  },
];

/** Chains where mocks are deployed and nothing costs real money. */
export const LOCAL_CHAIN_IDS: readonly number[] = [31337];

export const DEPLOYER_KEY_VAR = "DEPLOYER_PRIVATE_KEY";
export const ETHERSCAN_KEY_VAR = "ETHERSCAN_API_KEY";

export function remoteNetwork(name: string): RemoteNetwork | undefined {
  return REMOTE_NETWORKS.find((n) => n.name === name);
}

export function isLocalChain(chainId: number | bigint): boolean {
  return LOCAL_CHAIN_IDS.includes(Number(chainId));
}

export function isPrivateKey(value: string): boolean {
  return /^(0x)?[0-9a-fA-F]{64}$/.test(value);
}
