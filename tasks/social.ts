import { scope, types } from "hardhat/config";
import { getAddress, isAddress, toUtf8Bytes, ZeroAddress, ZeroHash } from "ethers";

import { parseAddress, parseAmount } from "../scripts/lib/args";
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
      if (verified) verifiedText = `yes, until ${formatTimestamp(verification.expiry)} (by ${verification.attester})`;
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
          [
            "attestation",
            verification.uid === ZeroHash ? "—" : `${verification.uid} (EAS ${await q.profileNFT.eas()})`,
          ],
          ["token id", hexId(tokenId)],
          ["passes", passes.length === 0 ? "none" : passes.join(", ")],
        ]),
      );
    }),
  );

social
  .task("verify", "Attest on EAS as a VERIFIER that the profile's owner is verified until the expiry")
  .addParam("handle", "the profile to verify")
  .addOptionalParam("expiryDays", "days the verification lasts", 30, types.int)
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ handle: string; expiryDays: number; from: number }>(async (args, hre) => {
      if (!Number.isInteger(args.expiryDays) || args.expiryDays < 1 || args.expiryDays > 3650) {
        throw new UserError(`--expiry-days must be a whole number of days from 1 to 3650 (got ${args.expiryDays}).`);
      }
      const { connectAs } = await quartetLib();
      const { attestedUid, verificationRequestData } = await import("../scripts/lib/social");
      const { IEAS__factory } = await import("../typechain-types");
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
      // The attestation replaces the one in force (whatever its expiry); ProfileNFT is the schema's resolver.
      const eas = IEAS__factory.connect(await q.profileNFT.eas(), signer);
      const schema = await q.profileNFT.verificationSchema();
      const data = verificationRequestData({ tokenId, handle, recipient: owner, expiry });
      const receipt = await mined(eas.attest({ schema, data }));
      console.log(`Verified @${handle} (owner ${owner}) until ${formatTimestamp(expiry)}: ${describeTx(receipt)}`);
      console.log(`attestation ${attestedUid(receipt, eas)} on EAS ${await eas.getAddress()}`);
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

/** The coin of a handle's profile, with its payment token, or a one-line UserError. */
async function coinOfHandle(q: Quartet, input: string) {
  const profile = await profileOf(q, input);
  const address = await q.creatorCoins.coinOf(profile.tokenId);
  if (address === ZeroAddress) {
    throw new UserError(
      `@${profile.handle} has launched no coin: its owner can, once verified, with \`social launch-coin --handle ${profile.handle} …\`.`,
    );
  }
  const info = await q.creatorCoins.coinInfo(address);
  const coin = q.erc20(address);
  const payment = await paymentToken(q, info.paymentToken);
  return { ...profile, address, coin, symbol: await coin.symbol(), info, payment };
}

/** Whole coins (18 decimals) from a flag; parseAmount refuses zero. */
function coinAmount(input: string, flag: string, symbol: string): bigint {
  return parseAmount(input, 18, { flag, symbol });
}

/** Ten minutes from the chain's latest block: the deadline the coin trades are sent with. */
async function coinDeadline(hre: {
  ethers: { provider: { getBlock(tag: string): Promise<{ timestamp: number } | null> } };
}) {
  const block = await hre.ethers.provider.getBlock("latest");
  return BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000)) + 600n;
}

social
  .task("launch-coin", "Launch your verified profile's creator coin, sold on a bonding curve")
  .addParam("handle", "your verified profile's handle")
  .addParam("name", 'the coin\'s name, e.g. "Alice Coin"')
  .addParam("symbol", "the coin's symbol, e.g. ALICE")
  .addOptionalParam("token", "what it is bought with: ETH or USDC", "ETH")
  .addParam("basePrice", "price of the first whole coin, in --token units")
  .addParam("slope", "how much the price rises per whole coin sold, in --token units")
  .addOptionalParam("creatorFeeBps", "your fee on every buy and sell, in basis points (at most 500)", 300, types.int)
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{
      handle: string;
      name: string;
      symbol: string;
      token: string;
      basePrice: string;
      slope: string;
      creatorFeeBps: number;
      from: number;
    }>(async (args, hre) => {
      const { connectAs } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const profile = await profileOf(q, args.handle);
      if (profile.owner !== signer.address) {
        throw new UserError(`@${profile.handle} belongs to ${profile.owner}, not ${signer.address}.`);
      }
      if (!(await q.profileNFT.isVerified(profile.tokenId))) {
        throw new UserError(
          `@${profile.handle} is not verified: only verified profiles launch coins (a VERIFIER runs \`social verify --handle ${profile.handle}\`).`,
        );
      }
      const existing = await q.creatorCoins.coinOf(profile.tokenId);
      if (existing !== ZeroAddress)
        throw new UserError(`@${profile.handle} has launched its coin already: ${existing}.`);
      if (!Number.isInteger(args.creatorFeeBps) || args.creatorFeeBps < 0 || args.creatorFeeBps > 500) {
        throw new UserError(`--creator-fee-bps must be a whole number from 0 to 500 (5%) (got ${args.creatorFeeBps}).`);
      }
      const payment = await paymentToken(q, args.token);
      if (payment.address !== ZeroAddress && payment.address !== (await q.creatorCoins.usdc())) {
        throw new UserError(
          `Creator coins are priced in ETH or USDC only: use --token ETH or --token USDC (got ${args.token}).`,
        );
      }
      const base = parseAmount(args.basePrice, payment.decimals, { flag: "--base-price", symbol: payment.symbol });
      const slope = parseAmount(args.slope, payment.decimals, { flag: "--slope", symbol: payment.symbol });
      if (base === 0n && slope === 0n)
        throw new UserError("--base-price and --slope cannot both be 0: the price would never move.");
      for (const [flag, value] of [
        ["--base-price", base],
        ["--slope", slope],
      ] as const) {
        if (value >= 2n ** 80n)
          throw new UserError(
            `${flag} is too large (at most ${formatAmount(2n ** 80n - 1n, payment.decimals)} ${payment.symbol}).`,
          );
      }
      const receipt = await mined(
        q.creatorCoins.launchCoin(
          profile.tokenId,
          args.name,
          args.symbol,
          payment.address,
          base,
          slope,
          args.creatorFeeBps,
        ),
      );
      const coin = await q.creatorCoins.coinOf(profile.tokenId);
      console.log(`Launched @${profile.handle}'s coin ${args.symbol} at ${coin}: ${describeTx(receipt)}`);
      console.log(
        `Price: ${formatAmount(base, payment.decimals)} ${payment.symbol} for the first coin, +${formatAmount(slope, payment.decimals)} ${payment.symbol} per coin sold; creator fee ${formatBps(BigInt(args.creatorFeeBps))}.`,
      );
    }),
  );

social
  .task("buy-coin", "Buy a creator's coin on its bonding curve (approves the token first when it sells for an ERC-20)")
  .addParam("handle", "the creator's handle")
  .addParam("amount", "how many coins, e.g. 10 or 0.5")
  .addOptionalParam("maxCost", "the most you accept to pay, fees included (default: the current quote)")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ handle: string; amount: string; maxCost?: string; from: number }>(async (args, hre) => {
      const { connectAs } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const c = await coinOfHandle(q, args.handle);
      const amount = coinAmount(args.amount, "--amount", c.symbol);
      const cap = await q.creatorCoins.MAX_SUPPLY();
      if (c.info.supply + amount > cap) {
        throw new UserError(`Only ${formatAmount(cap - c.info.supply, 18)} ${c.symbol} can still be minted.`);
      }
      const [cost] = await q.creatorCoins.quoteBuy(c.address, amount);
      const maxCost =
        args.maxCost === undefined
          ? cost
          : parseAmount(args.maxCost, c.payment.decimals, { flag: "--max-cost", symbol: c.payment.symbol });
      if (cost > maxCost) {
        throw new UserError(
          `${args.amount} ${c.symbol} cost ${formatAmount(cost, c.payment.decimals)} ${c.payment.symbol} now, above --max-cost ${args.maxCost}.`,
        );
      }
      const isEth = c.payment.address === ZeroAddress;
      const balance = isEth
        ? await hre.ethers.provider.getBalance(signer.address)
        : await q.erc20(c.payment.address).balanceOf(signer.address);
      if (balance < cost) {
        throw new UserError(
          `${signer.address} holds ${formatAmount(balance, c.payment.decimals)} ${c.payment.symbol}, less than the ${formatAmount(cost, c.payment.decimals)} ${args.amount} ${c.symbol} cost.`,
        );
      }
      if (!isEth) {
        const approval = await approveIfNeeded(q.erc20(c.payment.address), signer.address, q.book.creatorCoins, cost);
        if (approval !== undefined) console.log(`Approved the coin market: ${describeTx(approval)}`);
      }
      const receipt = await mined(
        q.creatorCoins.buy(c.address, amount, maxCost, await coinDeadline(hre), { value: isEth ? cost : 0n }),
      );
      console.log(
        `Bought ${formatAmount(amount, 18)} ${c.symbol} (@${c.handle}) for ${formatAmount(cost, c.payment.decimals)} ${c.payment.symbol}: ${describeTx(receipt)}`,
      );
      console.log(`Holding: ${formatAmount(await c.coin.balanceOf(signer.address), 18)} ${c.symbol}`);
    }),
  );

social
  .task("sell-coin", "Sell a creator's coin back to its bonding curve")
  .addParam("handle", "the creator's handle")
  .addParam("amount", "how many coins, e.g. 10 or 0.5")
  .addOptionalParam("minProceeds", "the least you accept, fees deducted (default: the current quote)")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ handle: string; amount: string; minProceeds?: string; from: number }>(async (args, hre) => {
      const { connectAs } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const c = await coinOfHandle(q, args.handle);
      const amount = coinAmount(args.amount, "--amount", c.symbol);
      const held = await c.coin.balanceOf(signer.address);
      if (held < amount) {
        throw new UserError(`${signer.address} holds ${formatAmount(held, 18)} ${c.symbol}, less than ${args.amount}.`);
      }
      const [proceeds] = await q.creatorCoins.quoteSell(c.address, amount);
      const minProceeds =
        args.minProceeds === undefined
          ? proceeds
          : parseAmount(args.minProceeds, c.payment.decimals, { flag: "--min-proceeds", symbol: c.payment.symbol });
      if (proceeds < minProceeds) {
        throw new UserError(
          `${args.amount} ${c.symbol} pay ${formatAmount(proceeds, c.payment.decimals)} ${c.payment.symbol} now, below --min-proceeds ${args.minProceeds}.`,
        );
      }
      const receipt = await mined(q.creatorCoins.sell(c.address, amount, minProceeds, await coinDeadline(hre)));
      console.log(
        `Sold ${formatAmount(amount, 18)} ${c.symbol} (@${c.handle}) for ${formatAmount(proceeds, c.payment.decimals)} ${c.payment.symbol}: ${describeTx(receipt)}`,
      );
      console.log(`Holding: ${formatAmount(await c.coin.balanceOf(signer.address), 18)} ${c.symbol}`);
    }),
  );

social
  .task("withdraw", "Withdraw your creator revenue: pass sales and coin fees, in one token")
  .addOptionalParam("token", "ETH or an ERC-20 (USDC, or a creator coin's address)", "ETH")
  .addOptionalParam("to", "send it to this address instead of your own (one that can receive the token)")
  .addOptionalParam("from", FROM_HELP, 0, types.int)
  .setAction(
    runAction<{ token: string; to?: string; from: number }>(async (args, hre) => {
      const { connectAs } = await quartetLib();
      const { quartet: q, signer } = await connectAs(hre, args.from);
      const payment = await paymentToken(q, args.token);
      const to = args.to === undefined ? undefined : parseAddress(args.to, "--to");
      const [passes, coins] = await Promise.all([
        q.creatorPasses.creditOf(signer.address, payment.address),
        q.creatorCoins.creditOf(signer.address, payment.address),
      ]);
      if (passes === 0n && coins === 0n) {
        throw new UserError(`${signer.address} has no ${payment.symbol} to withdraw from passes or coins.`);
      }
      for (const [what, credit, send] of [
        [
          "pass sales",
          passes,
          () =>
            to === undefined
              ? q.creatorPasses["withdraw(address)"](payment.address)
              : q.creatorPasses.withdrawTo(payment.address, to),
        ],
        [
          "coin fees",
          coins,
          () =>
            to === undefined
              ? q.creatorCoins.withdraw(payment.address)
              : q.creatorCoins.withdrawTo(payment.address, to),
        ],
      ] as const) {
        if (credit === 0n) continue;
        const receipt = await mined(send());
        console.log(
          `Withdrew ${formatAmount(credit, payment.decimals)} ${payment.symbol} of ${what}${to === undefined ? "" : ` to ${to}`}: ${describeTx(receipt)}`,
        );
      }
    }),
  );
