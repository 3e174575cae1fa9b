import { scope, types } from "hardhat/config";
import { getAddress, isAddress, toUtf8Bytes, ZeroAddress } from "ethers";

import { parseAmount } from "../scripts/lib/args";
import { UserError } from "../scripts/lib/errors";
import { formatAmount, formatBps, formatTimestamp, summary } from "../scripts/lib/format";
import { ROLES } from "../scripts/lib/roles";
import { HANDLE_PATTERN, handleToTokenId } from "../scripts/lib/social";
import { approveIfNeeded, describeTx, findEvent, mined } from "../scripts/lib/tx";
import type { Quartet } from "../scripts/lib/quartet";
import { runAction } from "./run";

// Every action imports scripts/lib/quartet lazily: it loads typechain-types, which does not exist before a compile.
const quartetLib = () => import("../scripts/lib/quartet");

const FROM_HELP = "index of the signing account (0 = the first)";

/** IProfileNFT metadata bounds, in UTF-8 bytes. */
const MAX_BYTES = { "--name": 64, "--bio": 280, "--avatar": 256 } as const;

/** The accent colour of a profile minted without --color. */
const DEFAULT_COLOR = "#6366f1";

/** How many attestation nonces `social verify` checks per round trip when looking for the next free one. */
const NONCE_BATCH = 32n;

const social = scope("social", "Profiles with handles, verification and creator passes");

function checkedHandle(input: string): string {
  const handle = input.startsWith("@") ? input.slice(1) : input;
  if (!HANDLE_PATTERN.test(handle)) {
    throw new UserError(
      `--handle "${input}" is not a valid handle: 3 to 32 characters of a-z, 0-9 and _, not starting with _ (e.g. alice_01).`,
    );
  }
  return handle;
}

/** "#6366f1" or "6366f1" → "0x6366f1" (bytes3). */
function parseColor(input: string): string {
  const hex = input.startsWith("#") ? input.slice(1) : input;
  if (!/^[0-9a-fA-F]{6}$/.test(hex)) throw new UserError(`--color must be a hex colour like #6366f1 (got "${input}").`);
  return `0x${hex.toLowerCase()}`;
}

function checkedText(flag: keyof typeof MAX_BYTES, value: string): string {
  const bytes = toUtf8Bytes(value).length;
  if (bytes > MAX_BYTES[flag]) throw new UserError(`${flag} is ${bytes} bytes long; the most is ${MAX_BYTES[flag]}.`);
  return value;
}

/** The profile of a registered handle, or a one-line UserError. */
async function profileOf(q: Quartet, input: string) {
  const handle = checkedHandle(input);
  const tokenId = await q.profileNFT.tokenIdOf(handle);
  if (tokenId === 0n)
    throw new UserError(`No profile @${handle}: mint it with \`social mint --handle ${handle} --name …\`.`);
  return { handle, tokenId, owner: await q.profileNFT.ownerOf(tokenId) };
}

function hexId(tokenId: bigint): string {
  return `0x${tokenId.toString(16).padStart(64, "0")}`;
}

social
  .task("mint", "Mint a profile with a handle and on-chain metadata")
  .addParam("handle", "3–32 characters of a-z, 0-9 and _, not starting with _")
  .addParam("name", "display name (at most 64 bytes)")
  .addOptionalParam("bio", "short bio (at most 280 bytes)", "")
  .addOptionalParam("avatar", "avatar URI (at most 256 bytes)", "")
  .addOptionalParam("color", "accent colour, e.g. #6366f1", DEFAULT_COLOR)
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ handle: string; name: string; bio: string; avatar: string; color: string; from: number }>(
      async (args, hre) => {
        const handle = checkedHandle(args.handle);
        const metadata = {
          displayName: checkedText("--name", args.name),
          bio: checkedText("--bio", args.bio),
          avatarURI: checkedText("--avatar", args.avatar),
          accentColor: parseColor(args.color),
        };
        const { connectAs } = await quartetLib();
        const { quartet: q } = await connectAs(hre, args.from);
        const existing = await q.profileNFT.tokenIdOf(handle);
        if (existing !== 0n) {
          throw new UserError(
            `@${handle} is taken (owner ${await q.profileNFT.ownerOf(existing)}): pick another handle.`,
          );
        }
        const receipt = await mined(q.profileNFT.mint(handle, metadata));
        const owner = findEvent(receipt, q.profileNFT.interface, "ProfileCreated").owner as string;
        console.log(`Minted @${handle} to ${owner}: ${describeTx(receipt)}`);
        console.log(`Token id: ${hexId(handleToTokenId(handle))} (the handle's bytes)`);
      },
    ),
  );

social
  .task("profile", "A profile's owner, metadata, verification and token id")
  .addParam("handle", "the profile's handle")
  .setAction(
    runAction<{ handle: string }>(async (args, hre) => {
      const { connectQuartet } = await quartetLib();
      const q = await connectQuartet(hre);
      const { handle, tokenId, owner } = await profileOf(q, args.handle);
      const { firstDeploymentBlock } = await import("../scripts/lib/addresses");
      const { scanLogs } = await import("../scripts/lib/logs");
      const [metadata, verified, verification, created] = await Promise.all([
        q.profileNFT.metadataOf(tokenId),
        q.profileNFT.isVerified(tokenId),
        q.profileNFT.verificationOf(tokenId),
        scanLogs(hre.ethers.provider, await firstDeploymentBlock(hre), (from, to) =>
          q.creatorPasses.queryFilter(q.creatorPasses.filters.PassCreated(undefined, tokenId), from, to),
        ),
      ]);
      const passes = created.map((e) => `#${e.args.passId}`);
      let verifiedText = "no";
      if (verified) verifiedText = `yes, until ${formatTimestamp(verification.expiry)} (by ${verification.verifier})`;
      else if (verification.expiry !== 0n) verifiedText = `expired ${formatTimestamp(verification.expiry)}`;
      console.log(
        summary([
          ["handle", `@${handle}`],
          ["owner", owner],
          ["display name", metadata.displayName],
          ["bio", metadata.bio === "" ? "—" : metadata.bio],
          ["avatar", metadata.avatarURI === "" ? "—" : metadata.avatarURI],
          ["accent colour", `#${metadata.accentColor.slice(2)}`],
          ["verified", verifiedText],
          ["token id", hexId(tokenId)],
          ["passes", passes.length === 0 ? "none" : passes.join(", ")],
        ]),
      );
    }),
  );

social
  .task("verify", "Sign an attestation as a VERIFIER and submit it: the profile is verified until the expiry")
  .addParam("handle", "the profile to verify")
  .addOptionalParam("expiryDays", "days the verification lasts", 30, types.int)
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ handle: string; expiryDays: number; from: number }>(async (args, hre) => {
      if (!Number.isInteger(args.expiryDays) || args.expiryDays < 1 || args.expiryDays > 3650) {
        throw new UserError(`--expiry-days must be a whole number of days from 1 to 3650 (got ${args.expiryDays}).`);
      }
      const { connectAs } = await quartetLib();
      const { signAttestation } = await import("../scripts/lib/social");
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const { handle, tokenId, owner } = await profileOf(q, args.handle);
      const [isVerifier] = await q.accessManager.hasRole(ROLES.VERIFIER, signer.address);
      if (!isVerifier) {
        throw new UserError(
          `${signer.address} does not hold the VERIFIER role: the Citizens' House appoints verifiers (or use --from with a verifier's account).`,
        );
      }
      const latest = await hre.ethers.provider.getBlock("latest");
      const expiry = BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000)) + BigInt(args.expiryDays) * 86_400n;
      const current = await q.profileNFT.verificationOf(tokenId);
      if (current.expiry >= expiry) {
        throw new UserError(
          `@${handle} is verified until ${formatTimestamp(current.expiry)} already: a renewal must last longer (raise --expiry-days).`,
        );
      }
      // The verifier's next unused nonce (nonces are a bitmap per verifier: sequential ones share storage words).
      let nonce = -1n;
      for (let start = 0n; nonce < 0n; start += NONCE_BATCH) {
        const candidates = Array.from({ length: Number(NONCE_BATCH) }, (_, i) => start + BigInt(i));
        const used = await Promise.all(candidates.map((n) => q.profileNFT.attestationNonceUsed(signer.address, n)));
        const free = used.indexOf(false);
        if (free !== -1) nonce = candidates[free];
      }
      const attestation = { verifier: signer.address, tokenId, holder: owner, expiry, nonce };
      const signature = await signAttestation(signer, q.profileNFT, attestation);
      const receipt = await mined(q.profileNFT.verify(tokenId, attestation, signature));
      console.log(`Verified @${handle} (owner ${owner}) until ${formatTimestamp(expiry)}: ${describeTx(receipt)}`);
    }),
  );

social
  .task("create-pass", "Create a creator pass tier for a profile you own")
  .addParam("handle", "your profile's handle")
  .addParam("price", "price of one pass, e.g. 10 (in --token units)")
  .addOptionalParam("token", "ETH, USDC, WBTC, WETH or an ERC-20 address", "ETH")
  .addParam("maxSupply", "how many passes may ever be sold", undefined, types.int)
  .addOptionalParam("royaltyBps", "ERC-2981 royalty on resales, in basis points (at most 1000)", 0, types.int)
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ handle: string; price: string; token: string; maxSupply: number; royaltyBps: number; from: number }>(
      async (args, hre) => {
        if (!Number.isInteger(args.maxSupply) || args.maxSupply < 1 || args.maxSupply > 2 ** 48 - 1) {
          throw new UserError(`--max-supply must be a whole number of at least 1 (got ${args.maxSupply}).`);
        }
        if (!Number.isInteger(args.royaltyBps) || args.royaltyBps < 0 || args.royaltyBps > 1000) {
          throw new UserError(`--royalty-bps must be from 0 to 1000 (10%) (got ${args.royaltyBps}).`);
        }
        const { connectAs } = await quartetLib();
        const { quartet: q, signer } = await connectAs(hre, args.from);
        const { handle, tokenId, owner } = await profileOf(q, args.handle);
        if (owner !== signer.address) {
          throw new UserError(
            `@${handle} belongs to ${owner}, not ${signer.address}: use --from with the owner's account.`,
          );
        }
        const payment = await paymentToken(q, args.token);
        // A free pass is allowed: a membership that costs nothing but is still capped and transferable.
        const price = parseAmount(args.price, payment.decimals, {
          flag: "--price",
          symbol: payment.symbol,
          allowZero: true,
        });
        const receipt = await mined(
          q.creatorPasses.createPass(tokenId, price, payment.address, args.maxSupply, args.royaltyBps),
        );
        const passId = findEvent(receipt, q.creatorPasses.interface, "PassCreated").passId as bigint;
        console.log(
          `Created pass #${passId} for @${handle}: ${formatAmount(price, payment.decimals)} ${payment.symbol} each, ` +
            `${args.maxSupply} at most, royalty ${formatBps(args.royaltyBps)}: ${describeTx(receipt)}`,
        );
      },
    ),
  );

social
  .task("buy-pass", "Buy creator passes (approves the token first when the pass sells for an ERC-20)")
  .addParam("passId", "the pass number", undefined, types.int)
  .addOptionalParam("quantity", "how many", 1, types.int)
  .addOptionalParam("maxTotalPrice", "the most you accept to pay in total (default: the current total)")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ passId: number; quantity: number; maxTotalPrice?: string; from: number }>(async (args, hre) => {
      if (!Number.isInteger(args.quantity) || args.quantity < 1) {
        throw new UserError(`--quantity must be a whole number of at least 1 (got ${args.quantity}).`);
      }
      const { connectAs } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const passCount = await q.creatorPasses.passCount();
      if (!Number.isInteger(args.passId) || args.passId < 1 || BigInt(args.passId) > passCount) {
        throw new UserError(`No pass #${args.passId}: passes are numbered 1 to ${passCount}.`);
      }
      const pass = await q.creatorPasses.passOf(args.passId);
      const remaining = pass.maxSupply - pass.sold;
      if (BigInt(args.quantity) > remaining) {
        throw new UserError(`Pass #${args.passId} has ${remaining} left, fewer than ${args.quantity}.`);
      }
      const payment = await paymentToken(q, pass.paymentToken);
      const total = pass.price * BigInt(args.quantity);
      const maxTotal =
        args.maxTotalPrice === undefined
          ? total
          : parseAmount(args.maxTotalPrice, payment.decimals, { flag: "--max-total-price", symbol: payment.symbol });
      if (total > maxTotal) {
        throw new UserError(
          `${args.quantity} of pass #${args.passId} cost ${formatAmount(total, payment.decimals)} ${payment.symbol}, above --max-total-price ${args.maxTotalPrice}.`,
        );
      }
      const balance =
        payment.address === ZeroAddress
          ? await hre.ethers.provider.getBalance(signer.address)
          : await q.erc20(payment.address).balanceOf(signer.address);
      if (balance < total) {
        throw new UserError(
          `${signer.address} holds ${formatAmount(balance, payment.decimals)} ${payment.symbol}, less than the ${formatAmount(total, payment.decimals)} the passes cost.`,
        );
      }
      if (payment.address !== ZeroAddress) {
        const approval = await approveIfNeeded(q.erc20(payment.address), signer.address, q.book.creatorPasses, total);
        if (approval !== undefined) console.log(`Approved the passes contract: ${describeTx(approval)}`);
      }
      const receipt = await mined(
        q.creatorPasses.buy(args.passId, args.quantity, maxTotal, {
          value: payment.address === ZeroAddress ? total : 0n,
        }),
      );
      const handle = await q.profileNFT.handleOf(pass.profileId);
      console.log(
        `Bought ${args.quantity} of pass #${args.passId} (@${handle}) for ${formatAmount(total, payment.decimals)} ${payment.symbol}: ${describeTx(receipt)}`,
      );
      console.log(`Passes held: ${await q.creatorPasses.balanceOf(signer.address, args.passId)}`);
    }),
  );

/** ETH (address 0), a Quartet test token by symbol, or any ERC-20 address, with its symbol and decimals. */
async function paymentToken(q: Quartet, input: string): Promise<{ address: string; symbol: string; decimals: number }> {
  const { resolveAsset } = await quartetLib();
  if (input.toUpperCase() === "ETH" || input === ZeroAddress)
    return { address: ZeroAddress, symbol: "ETH", decimals: 18 };
  const known = resolveAsset(q, input);
  const address =
    known !== undefined ? await known.token.getAddress() : isAddress(input) ? getAddress(input) : undefined;
  if (address === undefined)
    throw new UserError(`--token must be ETH, USDC, WBTC, WETH or an ERC-20 address (got "${input}").`);
  const token = q.erc20(address);
  try {
    const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals()]);
    return { address, symbol, decimals: Number(decimals) };
  } catch {
    throw new UserError(`--token ${input} does not answer symbol() and decimals(): is it an ERC-20 on this chain?`);
  }
}
