import { expect } from "chai";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";

const ROOT = path.join(__dirname, "..", "..");
const HARDHAT_CLI = path.join(ROOT, "node_modules", "hardhat", "internal", "cli", "cli.js");

/** The real CLI, on a machine without a display (where Hardhat prints stack traces by default). */
function hardhat(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [HARDHAT_CLI, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      DISPLAY: undefined,
      WAYLAND_DISPLAY: undefined,
      DEPLOYER_PRIVATE_KEY: undefined,
      HARDHAT_VAR_DEPLOYER_PRIVATE_KEY: undefined,
      HARDHAT_NETWORK: undefined,
      XDG_CONFIG_HOME: path.join(os.tmpdir(), "quartet-empty-config"),
      ...env,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  // CI=true turns Hardhat's colours on; the assertions read the plain text.
  const plain = (text: string) => stripVTControlCharacters(text).trim();
  return { status: result.status, stdout: plain(result.stdout), stderr: plain(result.stderr) };
}

describe("The Hardhat CLI's mistakes: one line, no stack trace, exit code 1", function () {
  this.timeout(120_000);

  it("an unknown network lists the valid names", function () {
    expect(hardhat(["--network", "opsepolia", "lending", "markets"])).to.deep.equal({
      status: 1,
      stdout: "",
      stderr:
        'Error: Unknown network "opsepolia" (did you mean opSepolia?): use --network with one of hardhat, localhost, opSepolia, baseSepolia, arbitrumSepolia, scrollSepolia, lineaSepolia.',
    });
  });

  it("a missing flag names it and the help command", function () {
    expect(hardhat(["lending", "supply", "--asset", "WETH"])).to.deep.equal({
      status: 1,
      stdout: "",
      stderr:
        "Error: lending supply needs --amount, amount in token units, e.g. 100 or 0.5 (`npx hardhat help lending supply` lists its flags).",
    });
  });

  it("the deploy reports a node that is down, with the URL, before compiling anything", function () {
    const started = Date.now();
    const result = hardhat(["--network", "localhost", "quartet", "deploy"], {
      LOCALHOST_RPC_URL: "http://127.0.0.1:9",
    });
    expect(result).to.deep.equal({
      status: 1,
      stdout: "",
      stderr:
        "Error: Cannot reach localhost at http://127.0.0.1:9: start a node with `npm run node` in another terminal (or point LOCALHOST_RPC_URL at yours).",
    });
    // Hardhat's startup only: no compile ran (a compile prints to stdout, which stayed empty).
    expect(Date.now() - started).to.be.lessThan(60_000);
  });

  it("a task facing a node that is down says the same", function () {
    expect(
      hardhat(["--network", "localhost", "lending", "markets"], { LOCALHOST_RPC_URL: "http://127.0.0.1:9" }),
    ).to.deep.equal({
      status: 1,
      stdout: "",
      stderr:
        "Error: Cannot reach localhost at http://127.0.0.1:9: start a node with `npm run node` in another terminal (or point LOCALHOST_RPC_URL at yours).",
    });
  });

  it("--show-stack-traces keeps Hardhat's own report", function () {
    const { status, stderr } = hardhat(["--show-stack-traces", "lending", "supply", "--asset", "WETH"]);
    expect(status).to.equal(1);
    expect(stderr).to.match(/^Error HH306: /);
    expect(stderr.split("\n").length).to.be.greaterThan(1);
  });
});
