/**
 * `npm run fuzz` (deep: 1,000 runs × depth 100 per invariant) and `npm run fuzz:ci` (64 × 50): the forge invariant
 * campaigns of test/foundry/, with the calls made and the time taken. The seed is printed; replay a failure with
 * `FUZZ_SEED=<seed> npm run fuzz -- --match-test <invariant>` (docs/testing.md).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";

import { foundryBinary } from "./lib/foundry";

const ROOT = path.join(__dirname, "..");
const FORGE = foundryBinary("forge");
const PROFILES = ["deep", "ci"] as const;

function main(): void {
  const [profile, ...extra] = process.argv.slice(2);
  if (!PROFILES.includes(profile as (typeof PROFILES)[number])) {
    console.error(`Usage: ts-node scripts/fuzz.ts <${PROFILES.join("|")}> [forge test flags]`);
    process.exit(2);
  }
  // CI replays the fixed seed of foundry.toml; the deep campaign explores a fresh one unless FUZZ_SEED is given.
  const seed =
    process.env.FUZZ_SEED ?? (profile === "deep" ? `0x${randomBytes(8).toString("hex")}` : "0x5175617274657421");
  if (!/^0x[0-9a-fA-F]+$/.test(seed)) {
    console.error(`FUZZ_SEED must be a hex number such as 0x5175617274657421, not "${seed}".`);
    process.exit(2);
  }
  console.log(`forge invariant campaign, profile ${profile}, seed ${seed}`);
  const started = Date.now();
  const child = spawn(FORGE, ["test", "--fuzz-seed", seed, ...extra], {
    cwd: ROOT,
    env: { ...process.env, FOUNDRY_PROFILE: profile },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let calls = 0;
  let invariants = 0;
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      const m = /^\[(PASS|FAIL)[^\]]*\] invariant_\w+\(\) \(runs: \d+, calls: (\d+)/.exec(line);
      if (m) {
        invariants += 1;
        calls += Number(m[2]);
      }
    }
  });
  child.on("error", (e) => {
    console.error(`Could not start forge (${e.message}): run npm install, which installs @foundry-rs/forge.`);
    process.exit(1);
  });
  child.on("close", (code) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `\n${invariants} invariants, ${calls.toLocaleString("en-US")} handler calls, ${seconds} s (seed ${seed}).`,
    );
    if (code !== 0) {
      console.log(`A failure above shows its call sequence; replay it with FUZZ_SEED=${seed} (docs/testing.md).`);
    }
    process.exit(code ?? 1);
  });
}

main();
