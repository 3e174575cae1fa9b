import { getAddress, Interface, isAddress, isError, parseEther, type FunctionFragment } from "ethers";

import { UserError } from "./errors";
import type { ProposalAction } from "./governance";

/**
 * A proposal written as a small JSON file (see deploy/proposals/ and the README's `dao propose`):
 *
 * ```json
 * { "description": "…",
 *   "calls": [{ "target": "pool", "function": "setAssetConfig", "args": ["@weth", ["@volatileRateModel", 8100, …]] }] }
 * ```
 *
 * `target` is an address-book name (`pool`, `oracle`, `accessManager`, …) or an address; `function` is a name the
 * target's ABI knows or a full signature (`setAssetConfig(address,(address,uint16,…))`); `args` are the ABI values
 * (numbers as JSON numbers or decimal strings, structs as arrays), where any string `"@name"` is replaced by that
 * address-book entry's address; `value` (optional) is ETH sent with the call, in ether.
 */
export interface ProposalFile {
  description: string;
  calls: ProposalFileCall[];
}

export interface ProposalFileCall {
  target: string;
  function: string;
  args?: unknown[];
  value?: string;
}

/** A contract a proposal may name: its address and, when Quartet knows it, its ABI. */
export interface KnownContract {
  address: string;
  iface?: Interface;
}

/** Each call, ready for the governor, with a readable label ("pool.setAssetConfig"). */
export interface ResolvedProposal {
  description: string;
  actions: ProposalAction[];
  labels: string[];
}

function fail(where: string, message: string): never {
  throw new UserError(`${where}: ${message}`);
}

/** Replaces every `"@name"` string (at any depth) with the address of that address-book entry. */
function substitute(value: unknown, contracts: Record<string, KnownContract>, where: string): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, contracts, where));
  if (typeof value === "string" && value.startsWith("@")) {
    const name = value.slice(1);
    const found = Object.entries(contracts).find(([key]) => key.toLowerCase() === name.toLowerCase());
    if (found === undefined) fail(where, `"${value}" names no contract (known: ${Object.keys(contracts).join(", ")})`);
    return found[1].address;
  }
  return value;
}

function resolveTarget(target: string, contracts: Record<string, KnownContract>, where: string) {
  const byName = Object.entries(contracts).find(([key]) => key.toLowerCase() === target.toLowerCase());
  if (byName !== undefined) return { name: byName[0], ...byName[1] };
  if (isAddress(target)) {
    const address = getAddress(target);
    const byAddress = Object.entries(contracts).find(([, c]) => c.address.toLowerCase() === address.toLowerCase());
    return byAddress !== undefined ? { name: byAddress[0], ...byAddress[1] } : { name: address, address };
  }
  return fail(
    where,
    `target "${target}" is neither an address nor a contract name (${Object.keys(contracts).join(", ")})`,
  );
}

function resolveFunction(
  fn: string,
  target: { name: string; iface?: Interface },
  where: string,
): { iface: Interface; fragment: FunctionFragment } {
  const iface = target.iface;
  if (fn.includes("(")) {
    const known = iface?.getFunction(fn);
    if (iface !== undefined && known !== null && known !== undefined) return { iface, fragment: known };
    try {
      const own = new Interface([`function ${fn}`]);
      return { iface: own, fragment: own.getFunction(fn.slice(0, fn.indexOf("("))) as FunctionFragment };
    } catch {
      return fail(where, `"${fn}" is not a valid function signature`);
    }
  }
  if (iface === undefined)
    fail(where, `"${fn}" needs a full signature like ${fn}(address,uint256): ${target.name}'s ABI is unknown`);
  let fragment: FunctionFragment | null;
  try {
    fragment = iface.getFunction(fn);
  } catch {
    const overloads = iface.fragments
      .filter((f): f is FunctionFragment => f.type === "function" && (f as FunctionFragment).name === fn)
      .map((f) => f.format("sighash"));
    return fail(where, `"${fn}" is overloaded: write one of ${overloads.join(", ")}`);
  }
  if (fragment === null) fail(where, `${target.name} has no function "${fn}"`);
  return { iface, fragment };
}

/** Validates a parsed proposal file and encodes its calls; every mistake is a UserError naming the call. */
export function resolveProposal(file: unknown, contracts: Record<string, KnownContract>): ResolvedProposal {
  const root = file as Partial<ProposalFile> | null;
  if (root === null || typeof root !== "object" || Array.isArray(root)) fail("proposal", "expected a JSON object");
  if (typeof root.description !== "string" || root.description.trim() === "") {
    fail("proposal", `"description" must be a non-empty string`);
  }
  if (!Array.isArray(root.calls) || root.calls.length === 0) fail("proposal", `"calls" must be a non-empty array`);
  const actions: ProposalAction[] = [];
  const labels: string[] = [];
  root.calls.forEach((call: Partial<ProposalFileCall>, i) => {
    const where = `calls[${i}]`;
    if (call === null || typeof call !== "object") fail(where, "expected an object");
    if (typeof call.target !== "string") fail(where, `"target" must be a contract name or an address`);
    if (typeof call.function !== "string" || call.function === "")
      fail(where, `"function" must be a name or signature`);
    const args = call.args ?? [];
    if (!Array.isArray(args)) fail(where, `"args" must be an array`);
    const target = resolveTarget(call.target, contracts, where);
    const { iface, fragment } = resolveFunction(call.function, target, where);
    if (args.length !== fragment.inputs.length) {
      fail(
        where,
        `${fragment.format("sighash")} takes ${fragment.inputs.length} argument(s), "args" has ${args.length}`,
      );
    }
    let data: string;
    try {
      data = iface.encodeFunctionData(fragment, substitute(args, contracts, where) as unknown[]);
    } catch (error) {
      const reason = isError(error, "INVALID_ARGUMENT") ? error.shortMessage : (error as Error).message.split("\n")[0];
      return fail(where, `cannot encode ${fragment.format("sighash")}: ${reason}`);
    }
    let value = 0n;
    if (call.value !== undefined) {
      try {
        value = parseEther(String(call.value));
      } catch {
        fail(where, `"value" must be an amount of ether like "0.1"`);
      }
    }
    actions.push({ target: target.address, value, data });
    labels.push(`${target.name}.${fragment.name}`);
  });
  return { description: root.description.trim(), actions, labels };
}
