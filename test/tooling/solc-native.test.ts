import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const STAND_IN = path.join(ROOT, "scripts", "solc-native.js");

/** Runs the stand-in exactly as forge does: as an executable, arguments on the command line, input on stdin. */
function solcNative(args: string[], input = "") {
  const r = spawnSync(STAND_IN, args, { cwd: ROOT, input, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function standardJson(sources: Record<string, { content: string }>) {
  return JSON.stringify({
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  });
}

// The npm solc standing in for a native binary so forge compiles offline (foundry.toml's `solc`).
describe("scripts/solc-native.js (forge's solc stand-in)", function () {
  this.timeout(60_000);

  it("answers --version with the native binary's version line, matching the npm solc Hardhat pins", function () {
    const { status, stdout } = solcNative(["--version"]);
    expect(status).to.equal(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "solc", "package.json"), "utf8")) as {
      version: string;
    };
    // forge parses this line with a semver regex; the Emscripten suffix of solc-js must not leak into it.
    const line = stdout.split("\n").find((l) => l.startsWith("Version: "));
    expect(line).to.match(new RegExp(`^Version: ${pkg.version.replace(/\./g, "\\.")}\\+commit\\.[0-9a-f]{8}$`));
  });

  it("compiles --standard-json from stdin and returns bytecode and ABI on stdout", function () {
    const input = standardJson({
      "A.sol": {
        content: "pragma solidity 0.8.30; contract A { function f() external pure returns (uint256) { return 7; } }",
      },
    });
    const { status, stdout } = solcNative(["--standard-json", "--allow-paths", ROOT], input);
    expect(status).to.equal(0);
    const out = JSON.parse(stdout) as {
      errors?: { severity: string }[];
      contracts: Record<string, Record<string, { abi: { name: string }[]; evm: { bytecode: { object: string } } }>>;
    };
    expect((out.errors ?? []).filter((e) => e.severity === "error")).to.deep.equal([]);
    expect(out.contracts["A.sol"].A.abi.map((f) => f.name)).to.deep.equal(["f"]);
    expect(out.contracts["A.sol"].A.evm.bytecode.object).to.match(/^6080/);
  });

  it("reports compiler errors in the JSON (exit 0), as native solc does, so forge prints them", function () {
    const input = standardJson({
      "B.sol": { content: "pragma solidity 0.8.30; contract B { function f() { x = 1; } }" },
    });
    const { status, stdout } = solcNative(["--standard-json"], input);
    expect(status).to.equal(0);
    const out = JSON.parse(stdout) as { errors: { severity: string }[] };
    expect(out.errors.some((e) => e.severity === "error")).to.equal(true);
  });

  it("answers input that is not JSON with a JSONError object instead of a stack trace", function () {
    const { status, stdout, stderr } = solcNative(["--standard-json"], "not json");
    expect(status).to.equal(0);
    expect(stderr).to.equal("");
    expect((JSON.parse(stdout) as { errors: { type: string }[] }).errors[0].type).to.equal("JSONError");
  });

  it("reads an import missing from the input only from under --base-path / --include-path, never outside", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "solc-native-"));
    fs.writeFileSync(path.join(dir, "Lib.sol"), "pragma solidity 0.8.30; library Lib { }");
    const importer = (p: string) => ({
      "Main.sol": { content: `pragma solidity 0.8.30; import "${p}"; contract Main { }` },
    });
    const ok = solcNative(["--standard-json", "--base-path", dir], standardJson(importer("Lib.sol")));
    const okOut = JSON.parse(ok.stdout) as { errors?: { severity: string }[]; contracts: Record<string, unknown> };
    expect((okOut.errors ?? []).filter((e) => e.severity === "error")).to.deep.equal([]);
    expect(Object.keys(okOut.contracts)).to.include("Lib.sol");

    const escape = solcNative(["--standard-json", "--base-path", dir], standardJson(importer("../../etc/hostname")));
    const escOut = JSON.parse(escape.stdout) as { errors: { severity: string; message: string }[] };
    expect(escOut.errors.some((e) => e.severity === "error" && /not found/i.test(e.message))).to.equal(true);
  });

  it("refuses any other mode with one usage line and exit 2", function () {
    for (const args of [[], ["--bin", "A.sol"], ["--standard-json", "--base-path"]]) {
      const { status, stderr } = solcNative(args);
      expect(status, args.join(" ")).to.equal(2);
      expect(stderr.trim().split("\n")).to.have.length(1);
      expect(stderr).to.match(/^solc-native: .*usage: /);
    }
  });
});
