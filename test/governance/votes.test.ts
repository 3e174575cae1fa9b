import { ignition } from "hardhat";

import SocialModule from "../../deploy/modules/Social";
import { typed } from "../../scripts/lib/contracts";
import { ROLES } from "../../scripts/lib/roles";
import { ProfileNFT__factory, AccessManager__factory } from "../../typechain-types";
import { mintProfile, verifyProfile } from "../social/fixtures";
import { deployTokenHouse } from "./fixtures";
import { shouldBehaveLikeVotes, type VotesSubject } from "./votes.behaviour";

const QRT = 10n ** 18n;

/** QuartetToken: mallory receives 1,000 QRT (delegated to nobody until she chooses). */
async function tokenVotes(): Promise<VotesSubject> {
  const h = await deployTokenHouse();
  const [delegatee, relayer] = (await (await import("hardhat")).ethers.getSigners()).slice(7);
  const giveUnits = async (account: VotesSubject["holder"]) => {
    await h.token.connect(h.deployer).transfer(account.address, 1_000n * QRT);
    return 1_000n * QRT;
  };
  await giveUnits(h.mallory);
  return {
    votes: h.token,
    holder: h.mallory,
    delegatee,
    relayer,
    units: 1_000n * QRT,
    growsSupply: false,
    giveUnits,
  };
}

/** ProfileNFT identity votes: one unit for a verified person, self-delegated on verification. */
async function identityVotes(): Promise<VotesSubject> {
  const { ethers } = await import("hardhat");
  const [deployer, holder, delegatee, verifier, relayer] = (await ethers.getSigners()).slice(10);
  const social = await ignition.deploy(SocialModule, {
    parameters: { Social: { treasury: deployer.address, protocolFeeBps: 250n } },
  });
  const accessManager = await typed(AccessManager__factory, social.accessManager);
  const profileNFT = await typed(ProfileNFT__factory, social.profileNFT);
  await accessManager.grantRole(ROLES.VERIFIER, verifier.address, 0);
  let n = 0;
  const giveUnits = async (account: VotesSubject["holder"]) => {
    const tokenId = await mintProfile(profileNFT, account, `person_${n++}`);
    await verifyProfile(profileNFT, verifier, tokenId, account);
    return 1n;
  };
  await giveUnits(holder);
  return { votes: profileNFT, holder, delegatee, relayer, units: 1n, growsSupply: true, giveUnits };
}

describe("Votes sources (shared behaviour after OpenZeppelin's Votes.behavior.js)", function () {
  describe("QuartetToken", function () {
    shouldBehaveLikeVotes(tokenVotes);
  });

  describe("ProfileNFT identity votes", function () {
    shouldBehaveLikeVotes(identityVotes);
  });
});
