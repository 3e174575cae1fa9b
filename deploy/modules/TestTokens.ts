import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Test tokens with open minting (anyone may `mint`): the markets' assets on local chains and testnets, where no
 * canonical USDC/WBTC/WETH with Chainlink feeds exists. Never used on a mainnet.
 */
export default buildModule("TestTokens", (m) => {
  const usdc = m.contract("MockERC20", ["USD Coin (Quartet test)", "USDC", 6], { id: "USDC" });
  const wbtc = m.contract("MockERC20", ["Wrapped Bitcoin (Quartet test)", "WBTC", 8], { id: "WBTC" });
  const weth = m.contract("MockERC20", ["Wrapped Ether (Quartet test)", "WETH", 18], { id: "WETH" });
  // A permissioned tokenized T-bill (6 decimals, allowlisted transfers): the deployer is its issuer.
  const tbill = m.contract("MockTBill", [m.getAccount(0)], { id: "TBILL" });
  return { usdc, wbtc, weth, tbill };
});
