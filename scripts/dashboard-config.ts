/**
 * `npm run dashboard:config -- --chain <id> [--rpc <url>]`: writes app/public/quartet.json for a chain's deployment
 * (deploy/deployments/chain-<id>), so that `npm run dashboard` shows it read-only. The RPC defaults to the network's
 * public endpoint (scripts/lib/networks.ts); VITE_QUARTET_RPC_URL overrides it when the dashboard starts.
 */
import { DASHBOARD_CONFIG, dashboardConfig, writeDashboardConfig } from "./lib/dashboard";
import { REMOTE_NETWORKS } from "./lib/networks";

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

function main(): void {
  const chain = flag("chain");
  const chainId = Number(chain);
  if (chain === undefined || !Number.isSafeInteger(chainId) || chainId <= 0) {
    const known = REMOTE_NETWORKS.map((n) => `${n.chainId} (${n.name})`).join(", ");
    throw new Error(`--chain <id> is required: 31337 for the local node, or one of ${known}.`);
  }
  const network = REMOTE_NETWORKS.find((n) => n.chainId === chainId);
  const rpcUrl =
    flag("rpc") ??
    process.env.VITE_QUARTET_RPC_URL ??
    network?.defaultRpcUrl ??
    (chainId === 31337 ? "http://127.0.0.1:8545" : undefined);
  if (rpcUrl === undefined) throw new Error(`Chain ${chainId} is not a known network: pass --rpc <url>.`);
  writeDashboardConfig(dashboardConfig(chainId, rpcUrl));
  console.log(
    `Wrote ${DASHBOARD_CONFIG} for chain ${chainId} (RPC ${rpcUrl}); start the dashboard with \`npm run dashboard\`.`,
  );
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
