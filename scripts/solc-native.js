#!/usr/bin/env node
/*
 * A stand-in for a native `solc` binary, backed by the npm `solc` package (solc-js), so forge builds offline with
 * the same compiler Hardhat uses (tasks/solc.ts). foundry.toml points `solc` at this file.
 *
 * It answers the two things forge asks a solc binary:
 *   solc --version                     -> "solc, the solidity compiler commandline interface\nVersion: 0.8.30+commit..."
 *   solc --standard-json [flags] < in  -> the standard-JSON output on stdout
 * Other flags forge passes (--allow-paths, --base-path, --include-path) only widen where imports may be read from;
 * forge already inlines every source, so the import callback is a fallback that reads files under those roots.
 */
"use strict";
/* global process */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS: forge executes this file directly with node */

const fs = require("node:fs");
const path = require("node:path");

const USAGE = "usage: solc-native.js --version | --standard-json [--base-path P] [--include-path P] < input.json";

function loadSolc() {
  return require("solc");
}

/** "0.8.30+commit.73712a01.Emscripten.clang" -> "0.8.30+commit.73712a01" (the native binary's spelling). */
function nativeVersion(solcJsVersion) {
  return solcJsVersion.replace(/\.Emscripten.*$/, "");
}

function parseArgs(argv) {
  const opts = { mode: undefined, roots: [process.cwd()] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--version") opts.mode = "version";
    else if (a === "--standard-json") opts.mode = "standard-json";
    else if (a === "--base-path" || a === "--include-path" || a === "--allow-paths") {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      for (const p of v.split(",")) if (p !== "") opts.roots.push(path.resolve(p));
    } else if (a.startsWith("--") && a.includes("=")) {
      const [k, v] = a.split(/=(.*)/s);
      if (k === "--base-path" || k === "--include-path" || k === "--allow-paths")
        for (const p of v.split(",")) if (p !== "") opts.roots.push(path.resolve(p));
    }
    // Anything else (e.g. a lone "-") is accepted and ignored: standard JSON carries all settings.
  }
  return opts;
}

/** Reads an import under one of the allowed roots; never outside them. */
function importCallback(roots) {
  return (importPath) => {
    for (const root of roots) {
      const full = path.resolve(root, importPath);
      if (!full.startsWith(root + path.sep) && full !== root) continue;
      if (fs.existsSync(full)) return { contents: fs.readFileSync(full, "utf8") };
    }
    return { error: `File not found under ${roots.join(", ")}: ${importPath}` };
  };
}

function main(argv, stdin, out) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    out.err(`solc-native: ${e.message}. ${USAGE}`);
    return 2;
  }
  const solc = loadSolc();
  if (opts.mode === "version") {
    out.log(`solc, the solidity compiler commandline interface\nVersion: ${nativeVersion(solc.version())}`);
    return 0;
  }
  if (opts.mode !== "standard-json") {
    out.err(`solc-native: only --version and --standard-json are supported. ${USAGE}`);
    return 2;
  }
  const input = stdin();
  try {
    JSON.parse(input);
  } catch {
    // Same contract as native solc: a JSON error object on stdout, exit 0.
    out.log(
      JSON.stringify({
        errors: [
          {
            type: "JSONError",
            component: "general",
            severity: "error",
            message: "Input is not valid JSON",
            formattedMessage: "Input is not valid JSON",
          },
        ],
      }),
    );
    return 0;
  }
  out.log(solc.compile(input, { import: importCallback(opts.roots) }));
  return 0;
}

module.exports = { main, nativeVersion, parseArgs, importCallback };

if (require.main === module) {
  const code = main(process.argv.slice(2), () => fs.readFileSync(0, "utf8"), {
    log: (s) => process.stdout.write(s + "\n"),
    err: (s) => process.stderr.write(s + "\n"),
  });
  process.exitCode = code;
}
