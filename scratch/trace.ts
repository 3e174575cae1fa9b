import { ethers, ignition } from "hardhat";
import LocalQuartet from "../deploy/modules/LocalQuartet";
async function main() {
  const d: any = await ignition.deploy(LocalQuartet);
  const [, alice, bob, carol, dave, liquidator, erin] = await ethers.getSigners();
  const pool = await ethers.getContractAt("LendingPool", await d.pool.getAddress());
  const tok = async (x: any) => ethers.getContractAt("MockERC20", await x.getAddress());
  const usdc = await tok(d.usdc), wbtc = await tok(d.wbtc), weth = await tok(d.weth);
  const wbtcFeed = await ethers.getContractAt("MockV3Aggregator", await d.wbtcFeed.getAddress());
  for (const u of [alice, bob, carol, dave, liquidator, erin]) for (const t of [usdc, wbtc, weth]) { await t.mint(u, 10n ** 30n); await t.connect(u).approve(pool, ethers.MaxUint256); }
  const U = (x: bigint) => x * 10n ** 6n;
  await pool.connect(alice).supply(usdc, U(1_000_000n), alice);
  await pool.connect(bob).supply(weth, 100n * 10n ** 18n, bob);
  await pool.connect(bob).borrow(usdc, U(100_000n), bob);
  await pool.connect(dave).supply(wbtc, 10n ** 8n, dave);
  await pool.connect(dave).borrow(usdc, U(41_000n), dave);
  await wbtcFeed.updateAnswer(54_000n * 10n ** 8n);
  const which = process.env.OP ?? "liquidate";
  const tx = which === "liquidate" ? await pool.connect(liquidator).liquidate(dave, usdc, wbtc, U(10_000n), liquidator, false)
    : await pool.connect(carol).supply(weth, 10n * 10n ** 18n, carol).then(async () => pool.connect(carol).borrow(usdc, U(5000n), carol));
  const r = await tx.wait();
  const trace: any = await ethers.provider.send("debug_traceTransaction", [tx.hash, { disableStack: true, disableMemory: true, disableStorage: true }]);
  const by: Record<string, number> = {};
  const depthGas: Record<string, number> = {};
  for (const l of trace.structLogs) { by[l.op] = (by[l.op] ?? 0) + l.gasCost; }
  // CALL-family gasCost includes the callee's gas; subtract nothing, just report
  const rows = Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log("gasUsed", r!.gasUsed.toString(), "steps", trace.structLogs.length);
  for (const [k, v] of rows) console.log(k.padEnd(14), v);
  // per depth opcode totals excluding CALL costs
  const perDepth: Record<number, number> = {};
  for (const l of trace.structLogs) if (!["CALL","STATICCALL","DELEGATECALL"].includes(l.op)) perDepth[l.depth] = (perDepth[l.depth] ?? 0) + l.gasCost;
  console.log("per depth (no call ops)", perDepth);
  let sum = 0; const cheap: Record<string, number> = {};
  for (const l of trace.structLogs) if (l.depth === 1 && !["CALL","STATICCALL","SLOAD","SSTORE","LOG1","LOG2","LOG3","LOG4","TLOAD","TSTORE"].includes(l.op)) { sum += l.gasCost; }
  console.log("pool compute (depth1, excluding storage/calls/logs):", sum);
  const sl: Record<string, number> = {};
  for (const l of trace.structLogs) if (l.op === "SLOAD" || l.op === "SSTORE") { const k = `${l.depth} ${l.op} ${l.gasCost}`; sl[k] = (sl[k] ?? 0) + 1; }
  console.log(sl);
  const calls = trace.structLogs.filter((l: any) => ["CALL","STATICCALL"].includes(l.op)).map((l: any) => `${l.depth}:${l.op}`);
  console.log(calls.join(" "));
}
main();
