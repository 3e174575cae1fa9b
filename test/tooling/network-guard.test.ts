import { expect } from "chai";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

const HARDHAT_CLI = path.join(__dirname, "..", "..", "node_modules", "hardhat", "internal", "cli", "cli.js");

function runHardhat(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [HARDHAT_CLI, ...args], {
    cwd: path.join(__dirname, "..", ".."),
    // A fresh config dir hides any key stored with `hardhat vars` on this machine.
    env: {
      ...process.env,
      DEPLOYER_PRIVATE_KEY: undefined,
      HARDHAT_VAR_DEPLOYER_PRIVATE_KEY: undefined,
      XDG_CONFIG_HOME: path.join(os.tmpdir(), "quartet-empty-config"),
      ...env,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

describe("Remote networks without a deployer key", function () {
  it("stop any task on opSepolia with one line naming the var to set", function () {
    const { status, stderr, stdout } = runHardhat(["--network", "opSepolia", "compile"], {});
    expect(status).to.equal(1);
    expect(stdout).to.equal("");
    expect(stderr).to.equal(
      "Error: No deployer key for opSepolia: run `npx hardhat vars set DEPLOYER_PRIVATE_KEY` (or export DEPLOYER_PRIVATE_KEY).",
    );
  });

  it("reject a malformed key on baseSepolia with one line", function () {
    const { status, stderr } = runHardhat(["--network", "baseSepolia", "compile"], {
      HARDHAT_VAR_DEPLOYER_PRIVATE_KEY: "0x1234",
    });
    expect(status).to.equal(1);
    expect(stderr).to.equal(
      "Error: DEPLOYER_PRIVATE_KEY is not a 32-byte hex private key: run `npx hardhat vars set DEPLOYER_PRIVATE_KEY` again.",
    );
  });

  it("leave local networks working", function () {
    const { status } = runHardhat(["--network", "hardhat", "compile", "--quiet"], {});
    expect(status).to.equal(0);
  });
});
