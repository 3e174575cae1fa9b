/**
 * The Foundry binaries of the npm platform packages (@foundry-rs/<tool>-<os>-<arch>), run directly: the
 * `node_modules/.bin/<tool>` launcher of @foundry-rs/<tool> 1.7.1 exits 0 even when the tool fails, which would turn
 * a failing campaign or mutant green, and its PID is not the tool's.
 */
export function foundryBinary(tool: "anvil" | "cast" | "forge"): string {
  const arch = ({ x64: "amd64", arm64: "arm64" } as Record<string, string>)[process.arch] ?? process.arch;
  const exe = process.platform === "win32" ? `${tool}.exe` : tool;
  return require.resolve(`@foundry-rs/${tool}-${process.platform}-${arch}/bin/${exe}`);
}
