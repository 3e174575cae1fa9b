import { expect } from "chai";
import { ignition } from "hardhat";
import { loadFixture, mine, takeSnapshot, time } from "@nomicfoundation/hardhat-network-helpers";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { id } from "ethers";
import fc from "fast-check";

import { typed } from "../../scripts/lib/contracts";
import { IdentityGovernorMock__factory } from "../../typechain-types";
import { verificationRequestData } from "../../scripts/lib/social";
import { ONE_YEAR, claim, deploySocial, mintProfile, verifyProfile } from "./fixtures";

const VOTING_DELAY = 3600n;
const VOTING_PERIOD = 7n * 24n * 3600n;
const QUORUM_PERCENT = 50n;
enum Support {
  Against,
  For,
}

const GovernorModule = buildModule("IdentityGovernor", (m) => {
  const governor = m.contract("IdentityGovernorMock", [
    m.getParameter<string>("token"),
    VOTING_DELAY,
    VOTING_PERIOD,
    QUORUM_PERCENT,
  ]);
  return { governor };
});

/** Alice holds two profiles, Bob and Carol one each; nobody is verified yet. */
async function deployWithProfiles() {
  const fixture = await loadFixture(deploySocial);
  const { profileNFT, alice, bob, carol } = fixture;
  const profiles = {
    alice: await mintProfile(profileNFT, alice, "alice"),
    aliceToo: await mintProfile(profileNFT, alice, "alice_too"),
    bob: await mintProfile(profileNFT, bob, "bob"),
    carol: await mintProfile(profileNFT, carol, "carol"),
  };
  return { ...fixture, profiles };
}

async function deployWithGovernor() {
  const fixture = await loadFixture(deployWithProfiles);
  const { profileNFT, verifier, alice, bob, profiles } = fixture;
  await verifyProfile(profileNFT, verifier, profiles.alice, alice);
  await verifyProfile(profileNFT, verifier, profiles.aliceToo, alice);
  await verifyProfile(profileNFT, verifier, profiles.bob, bob);
  const { governor: deployed } = await ignition.deploy(GovernorModule, {
    parameters: { IdentityGovernor: { token: await profileNFT.getAddress() } },
  });
  const governor = await typed(IdentityGovernorMock__factory, deployed);
  return { ...fixture, governor };
}

/** Votes at the current time, read as the past votes of the last mined second. */
async function pastTotal(profileNFT: Awaited<ReturnType<typeof deploySocial>>["profileNFT"]): Promise<bigint> {
  await mine(1, { interval: 1 });
  return profileNFT.getPastTotalSupply(BigInt(await time.latest()) - 1n);
}

describe("ProfileNFT identity votes", function () {
  it("use a timestamp clock (ERC-6372)", async function () {
    const { profileNFT } = await loadFixture(deployWithProfiles);
    expect(await profileNFT.CLOCK_MODE()).to.equal("mode=timestamp");
    const latest = BigInt(await time.latest());
    expect(await profileNFT.clock()).to.be.within(latest, latest + 1n);
  });

  it("give a verified person one vote without a delegation transaction (self-delegation)", async function () {
    const { profileNFT, eas, verifier, alice, profiles } = await loadFixture(deployWithProfiles);
    const schema = await profileNFT.verificationSchema();
    const data = verificationRequestData(await claim(profiles.alice, alice));
    await expect(eas.connect(verifier).attest({ schema, data }))
      .to.emit(profileNFT, "DelegateChanged")
      .withArgs(alice.address, "0x0000000000000000000000000000000000000000", alice.address)
      .and.to.emit(profileNFT, "DelegateVotesChanged")
      .withArgs(alice.address, 0n, 1n);
    expect(await profileNFT.getVotes(alice.address)).to.equal(1n);
    expect(await profileNFT.delegates(alice.address)).to.equal(alice.address);
    expect(await pastTotal(profileNFT)).to.equal(1n);
  });

  it("count one vote however many verified profiles an account holds", async function () {
    const { profileNFT, verifier, alice, profiles } = await loadFixture(deployWithProfiles);
    await verifyProfile(profileNFT, verifier, profiles.alice, alice);
    await verifyProfile(profileNFT, verifier, profiles.aliceToo, alice);
    expect(await profileNFT.verifiedProfileCount(alice.address)).to.equal(2n);
    expect(await profileNFT.getVotes(alice.address)).to.equal(1n);
    expect(await pastTotal(profileNFT)).to.equal(1n);
  });

  it("give no vote for holding unverified profiles", async function () {
    const { profileNFT, bob } = await loadFixture(deployWithProfiles);
    await profileNFT.connect(bob).delegate(bob.address);
    expect(await profileNFT.getVotes(bob.address)).to.equal(0n);
    expect(await pastTotal(profileNFT)).to.equal(0n);
  });

  it("keep the unit while one verified profile remains and remove it with the last", async function () {
    const { profileNFT, verifier, alice, profiles } = await loadFixture(deployWithProfiles);
    await verifyProfile(profileNFT, verifier, profiles.alice, alice);
    await verifyProfile(profileNFT, verifier, profiles.aliceToo, alice);
    await profileNFT.connect(verifier).revokeVerification(profiles.alice);
    expect(await profileNFT.getVotes(alice.address)).to.equal(1n);
    await expect(profileNFT.connect(verifier).revokeVerification(profiles.aliceToo))
      .to.emit(profileNFT, "DelegateVotesChanged")
      .withArgs(alice.address, 1n, 0n);
    expect(await profileNFT.getVotes(alice.address)).to.equal(0n);
    expect(await pastTotal(profileNFT)).to.equal(0n);
  });

  it("move the unit to a delegate, and out of it when the delegator loses verification", async function () {
    const { profileNFT, verifier, alice, bob, profiles } = await loadFixture(deployWithProfiles);
    await verifyProfile(profileNFT, verifier, profiles.alice, alice);
    await verifyProfile(profileNFT, verifier, profiles.bob, bob);
    await profileNFT.connect(alice).delegate(bob.address);
    expect(await profileNFT.getVotes(bob.address)).to.equal(2n);
    expect(await profileNFT.getVotes(alice.address)).to.equal(0n);
    expect(await pastTotal(profileNFT)).to.equal(2n);

    await profileNFT.connect(verifier).revokeVerification(profiles.alice);
    expect(await profileNFT.getVotes(bob.address)).to.equal(1n);
    expect(await pastTotal(profileNFT)).to.equal(1n);
  });

  it("respect a delegation chosen before verification", async function () {
    const { profileNFT, verifier, alice, bob, profiles } = await loadFixture(deployWithProfiles);
    await profileNFT.connect(alice).delegate(bob.address);
    await verifyProfile(profileNFT, verifier, profiles.alice, alice);
    expect(await profileNFT.delegates(alice.address)).to.equal(bob.address);
    expect(await profileNFT.getVotes(bob.address)).to.equal(1n);
    expect(await profileNFT.getVotes(alice.address)).to.equal(0n);
  });

  it("leave the previous owner on a transfer of its only verified profile, and give the new owner none", async function () {
    const { profileNFT, verifier, alice, carol, profiles } = await loadFixture(deployWithProfiles);
    await verifyProfile(profileNFT, verifier, profiles.alice, alice);
    await profileNFT.connect(carol).delegate(carol.address);
    await expect(profileNFT.connect(alice).transferFrom(alice.address, carol.address, profiles.alice))
      .to.emit(profileNFT, "DelegateVotesChanged")
      .withArgs(alice.address, 1n, 0n);
    expect(await profileNFT.getVotes(alice.address)).to.equal(0n);
    expect(await profileNFT.getVotes(carol.address)).to.equal(0n);
    expect(await pastTotal(profileNFT)).to.equal(0n);
  });

  it("keep an expired verification's unit until someone calls expireVerification", async function () {
    const { profileNFT, verifier, alice, outsider, profiles } = await loadFixture(deployWithProfiles);
    const { expiry } = await verifyProfile(profileNFT, verifier, profiles.alice, alice);
    await time.increaseTo(expiry + 10n);
    expect(await profileNFT.isVerified(profiles.alice)).to.be.false;
    expect(await profileNFT.getVotes(alice.address)).to.equal(1n);

    await profileNFT.connect(outsider).expireVerification(profiles.alice);
    const expiredAt = BigInt(await time.latest());
    expect(await profileNFT.getVotes(alice.address)).to.equal(0n);
    await mine(1, { interval: 1 });
    expect(await profileNFT.getPastVotes(alice.address, expiredAt - 1n)).to.equal(1n);
    expect(await profileNFT.getPastVotes(alice.address, expiredAt)).to.equal(0n);
  });

  it("keep total supply equal to the number of verified persons and votes equal to delegated units (property)", async function () {
    const { profileNFT, verifier, alice, bob, carol } = await loadFixture(deployWithProfiles);
    const people = [alice, bob, carol];
    // Six profiles, two per person, owned as minted.
    const handles = ["m_a0", "m_a1", "m_b0", "m_b1", "m_c0", "m_c1"];
    const ids: bigint[] = [];
    for (const [i, handle] of handles.entries()) ids.push(await mintProfile(profileNFT, people[i >> 1], handle));
    const operation = fc.oneof(
      fc.record({ kind: fc.constant("verify" as const), profile: fc.nat(5) }),
      fc.record({ kind: fc.constant("revoke" as const), profile: fc.nat(5) }),
      fc.record({ kind: fc.constant("transfer" as const), profile: fc.nat(5), to: fc.nat(2) }),
      fc.record({ kind: fc.constant("delegate" as const), from: fc.nat(2), to: fc.nat(2) }),
    );
    let renewal = 0n;

    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 10 }), async (operations) => {
        const snapshot = await takeSnapshot();
        try {
          const owner = handles.map((_, i) => i >> 1);
          const verified = handles.map(() => false);
          const delegateOf: (number | null)[] = [null, null, null];
          for (const op of operations) {
            if (op.kind === "verify") {
              renewal += 1n;
              const holder = people[owner[op.profile]];
              await verifyProfile(profileNFT, verifier, ids[op.profile], holder, {
                expiry: BigInt(await time.latest()) + ONE_YEAR + renewal,
              });
              const holderIndex = owner[op.profile];
              const hadUnit = verified.some((v, i) => v && owner[i] === holderIndex);
              if (!hadUnit && delegateOf[holderIndex] === null) delegateOf[holderIndex] = holderIndex;
              verified[op.profile] = true;
            } else if (op.kind === "revoke") {
              if (!verified[op.profile]) continue;
              await profileNFT.connect(verifier).revokeVerification(ids[op.profile]);
              verified[op.profile] = false;
            } else if (op.kind === "transfer") {
              const from = people[owner[op.profile]];
              await profileNFT.connect(from).transferFrom(from.address, people[op.to].address, ids[op.profile]);
              if (owner[op.profile] !== op.to) verified[op.profile] = false;
              owner[op.profile] = op.to;
            } else {
              await profileNFT.connect(people[op.from]).delegate(people[op.to].address);
              delegateOf[op.from] = op.to;
            }
          }
          const hasUnit = people.map((_, p) => verified.some((v, i) => v && owner[i] === p));
          expect(await pastTotal(profileNFT)).to.equal(BigInt(hasUnit.filter(Boolean).length));
          for (const [p, person] of people.entries()) {
            const expected = hasUnit.filter((unit, q) => unit && delegateOf[q] === p).length;
            expect(await profileNFT.getVotes(person.address), `votes of person ${p}`).to.equal(BigInt(expected));
          }
        } finally {
          await snapshot.restore();
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("IdentityGovernorMock over ProfileNFT votes", function () {
  async function propose(governor: Awaited<ReturnType<typeof deployWithGovernor>>["governor"], description: string) {
    const [targets, values, calldatas] = [[await governor.getAddress()], [0n], ["0x"]];
    await governor.propose(targets, values, calldatas, description);
    const proposalId = await governor.hashProposal(targets, values, calldatas, id(description));
    return { proposalId, snapshot: await governor.proposalSnapshot(proposalId) };
  }

  it("shares the token's timestamp clock", async function () {
    const { governor, profileNFT } = await loadFixture(deployWithGovernor);
    expect(await governor.CLOCK_MODE()).to.equal(await profileNFT.CLOCK_MODE());
    expect(await governor.clock()).to.equal(await profileNFT.clock());
  });

  it("counts one verified person as one vote, whatever the number of verified profiles", async function () {
    const { governor, alice, bob, carol } = await loadFixture(deployWithGovernor);
    const { proposalId, snapshot } = await propose(governor, "one person, one vote");
    await time.increaseTo(snapshot + 1n);
    await expect(governor.connect(alice).castVote(proposalId, Support.For))
      .to.emit(governor, "VoteCast")
      .withArgs(alice.address, proposalId, Support.For, 1n, "");
    await governor.connect(bob).castVote(proposalId, Support.For);
    // Carol holds a profile that is not verified: her vote weighs nothing.
    await expect(governor.connect(carol).castVote(proposalId, Support.Against))
      .to.emit(governor, "VoteCast")
      .withArgs(carol.address, proposalId, Support.Against, 0n, "");
    const [against, forVotes] = await governor.proposalVotes(proposalId);
    expect([against, forVotes]).to.deep.equal([0n, 2n]);
  });

  it("gives no vote to a person who loses verification before the snapshot", async function () {
    const { governor, profileNFT, verifier, bob, profiles } = await loadFixture(deployWithGovernor);
    const { proposalId, snapshot } = await propose(governor, "revoked before the snapshot");
    await profileNFT.connect(verifier).revokeVerification(profiles.bob);
    await time.increaseTo(snapshot + 1n);
    await expect(governor.connect(bob).castVote(proposalId, Support.For))
      .to.emit(governor, "VoteCast")
      .withArgs(bob.address, proposalId, Support.For, 0n, "");
    expect((await governor.proposalVotes(proposalId))[1]).to.equal(0n);
  });

  it("keeps the vote of a person who loses verification after the snapshot", async function () {
    const { governor, profileNFT, verifier, bob, profiles } = await loadFixture(deployWithGovernor);
    const { proposalId, snapshot } = await propose(governor, "revoked after the snapshot");
    await time.increaseTo(snapshot + 1n);
    await profileNFT.connect(verifier).revokeVerification(profiles.bob);
    await expect(governor.connect(bob).castVote(proposalId, Support.For))
      .to.emit(governor, "VoteCast")
      .withArgs(bob.address, proposalId, Support.For, 1n, "");
  });

  it("fixes quorum from the verified persons at the snapshot", async function () {
    const { governor, profileNFT, verifier, carol, alice, profiles } = await loadFixture(deployWithGovernor);
    const { proposalId, snapshot } = await propose(governor, "quorum of verified persons");
    await time.increaseTo(snapshot + 1n);
    // Verified after the snapshot: counts for neither the quorum nor the vote.
    await verifyProfile(profileNFT, verifier, profiles.carol, carol);
    expect(await governor.quorum(snapshot)).to.equal(1n); // 50% of 2 persons
    await governor.connect(alice).castVote(proposalId, Support.For);
    await time.increaseTo(snapshot + VOTING_PERIOD + 1n);
    expect(await governor.state(proposalId)).to.equal(4n); // Succeeded
  });
});
