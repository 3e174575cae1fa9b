import { zeroAddress, type Address, type Hex } from "viem";

import { decodeTokenUri, type ProfileMetadata } from "../lib/tokenUri";
import { logs, read, type Chain } from "./chain";

export interface Pass {
  passId: bigint;
  price: bigint;
  sold: number;
  maxSupply: number;
  royaltyBps: number;
  token: { symbol: string; decimals: number };
}

export interface Coin {
  address: Address;
  symbol: string;
  supply: bigint;
  reserve: bigint;
  creatorFeeBps: number;
  token: { symbol: string; decimals: number };
}

export interface Profile {
  tokenId: bigint;
  handle: string;
  owner: Address;
  metadata: ProfileMetadata | undefined;
  metadataError?: string;
  verified: boolean;
  /** The EAS attestation in force: its UID, the verifier who attested and its expiry. */
  verification: { uid: Hex; attester: Address; expiry: bigint };
  passes: Pass[];
  coin: Coin | undefined;
}

async function paymentToken(chain: Chain, address: Address) {
  if (address === zeroAddress) return { symbol: "ETH", decimals: 18 };
  const [symbol, decimals] = await Promise.all([
    read<string>(chain, "ERC20", address, "symbol"),
    read<number>(chain, "ERC20", address, "decimals"),
  ]);
  return { symbol, decimals: Number(decimals) };
}

/** Every profile (ProfileCreated events) with its card, verification, passes and coin. */
export async function loadProfiles(chain: Chain): Promise<Profile[]> {
  const { profileNFT, creatorPasses, creatorCoins } = chain.config.addresses;
  const [created, passEvents] = await Promise.all([
    logs(chain, "ProfileNFT", profileNFT, "ProfileCreated"),
    logs(chain, "CreatorPasses", creatorPasses, "PassCreated"),
  ]);
  return Promise.all(
    created.map(async (e): Promise<Profile> => {
      const tokenId = e.args.tokenId as bigint;
      const [owner, uri, verified, verification, coinAddress] = await Promise.all([
        read<Address>(chain, "ProfileNFT", profileNFT, "ownerOf", [tokenId]),
        read<string>(chain, "ProfileNFT", profileNFT, "tokenURI", [tokenId]),
        read<boolean>(chain, "ProfileNFT", profileNFT, "isVerified", [tokenId]),
        read<{ uid: Hex; attester: Address; expiry: bigint }>(chain, "ProfileNFT", profileNFT, "verificationOf", [
          tokenId,
        ]),
        read<Address>(chain, "CreatorCoins", creatorCoins, "coinOf", [tokenId]),
      ]);
      let metadata: ProfileMetadata | undefined;
      let metadataError: string | undefined;
      try {
        metadata = decodeTokenUri(uri);
      } catch (error) {
        metadataError = (error as Error).message;
      }
      const passes = await Promise.all(
        passEvents
          .filter((p) => p.args.profileId === tokenId)
          .map(async (p): Promise<Pass> => {
            const passId = p.args.passId as bigint;
            const pass = await read<{
              paymentToken: Address;
              maxSupply: number;
              sold: number;
              price: bigint;
              royaltyBps: number;
            }>(chain, "CreatorPasses", creatorPasses, "passOf", [passId]);
            return {
              passId,
              price: pass.price,
              sold: Number(pass.sold),
              maxSupply: Number(pass.maxSupply),
              royaltyBps: Number(pass.royaltyBps),
              token: await paymentToken(chain, pass.paymentToken),
            };
          }),
      );
      let coin: Coin | undefined;
      if (coinAddress !== zeroAddress) {
        const [info, symbol] = await Promise.all([
          read<{ paymentToken: Address; creatorFeeBps: number; supply: bigint; reserve: bigint }>(
            chain,
            "CreatorCoins",
            creatorCoins,
            "coinInfo",
            [coinAddress],
          ),
          read<string>(chain, "ERC20", coinAddress, "symbol"),
        ]);
        coin = {
          address: coinAddress,
          symbol,
          supply: info.supply,
          reserve: info.reserve,
          creatorFeeBps: Number(info.creatorFeeBps),
          token: await paymentToken(chain, info.paymentToken),
        };
      }
      return {
        tokenId,
        handle: String(e.args.handle),
        owner,
        metadata,
        metadataError,
        verified,
        verification,
        passes,
        coin,
      };
    }),
  );
}
