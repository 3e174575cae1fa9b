import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, zeroPadValue, type BaseContract, type ParamType } from "ethers";

import { accessManagerRoleMembers, timelockRoleMembers } from "../../scripts/lib/access";
import { ROLES, TIMELOCK_ROLES, type RoleName } from "../../scripts/lib/roles";
import { customErrorName, deployQuartet, quartetRestrictedFunctions, type Quartet } from "../fixtures";
import { localParameters } from "../governance/fixtures";

const ROLE_NAMES = Object.keys(ROLES) as RoleName[];
const roleName = (id: bigint): RoleName => ROLE_NAMES.find((name) => ROLES[name] === id) as RoleName;

/** Who must hold each AccessManager role right after deployment ("nobody": governance appoints them later). */
const EXPECTED_HOLDERS: Record<RoleName, "token timelock" | "citizens timelock" | "nobody"> = {
  ADMIN: "token timelock",
  GUARDIAN: "nobody",
  RISK: "token timelock",
  VERIFIER: "nobody",
  TREASURY: "token timelock",
  CITIZENS: "citizens timelock",
};

async function holderAddresses(q: Quartet, holder: (typeof EXPECTED_HOLDERS)[RoleName]): Promise<string[]> {
  if (holder === "token timelock") return [await q.timelock.getAddress()];
  if (holder === "citizens timelock") return [await q.citizensTimelock.getAddress()];
  return [];
}

/** A well-formed value of any ABI type, so that every function of a contract can be called with something. */
function sampleValue(param: ParamType, account: string): unknown {
  if (param.isArray()) {
    const length = param.arrayLength > 0 ? param.arrayLength : 0;
    return Array.from({ length }, () => sampleValue(param.arrayChildren, account));
  }
  if (param.isTuple()) return param.components.map((component) => sampleValue(component, account));
  if (param.baseType === "address") return account;
  if (param.baseType === "bool") return false;
  if (param.baseType === "string") return "";
  if (param.baseType === "bytes") return "0x";
  if (param.baseType.startsWith("bytes")) return zeroPadValue("0x", Number(param.baseType.slice("bytes".length)));
  return 0n; // uintN, intN
}

/**
 * Calls every state-changing function of `contract` from `caller` (eth_call) and returns the names of those that
 * revert AccessManagedUnauthorized: the contract's restricted functions, found without trusting any list.
 */
async function functionsDenyingOutsiders(contract: BaseContract, caller: string): Promise<string[]> {
  const denied: string[] = [];
  const to = await contract.getAddress();
  const fragments: { name: string; inputs: readonly ParamType[]; constant: boolean; format(): string }[] = [];
  contract.interface.forEachFunction((fn) => fragments.push(fn));
  for (const fn of fragments.filter((f) => !f.constant)) {
    const data = contract.interface.encodeFunctionData(
      fn.format(),
      fn.inputs.map((input) => sampleValue(input, caller)),
    );
    try {
      await ethers.provider.call({ from: caller, to, data });
    } catch (error) {
      if (customErrorName(error, contract) === "AccessManagedUnauthorized") denied.push(fn.name);
    }
  }
  return denied;
}

describe("Quartet deployment (LocalQuartet with deploy/parameters/local.json)", function () {
  describe("AccessManager roles", function () {
    for (const name of ROLE_NAMES) {
      const holder = EXPECTED_HOLDERS[name] === "nobody" ? "nobody" : `the ${EXPECTED_HOLDERS[name]} only`;
      it(`${name} (${ROLES[name]}) is held by ${holder}, per the grant and revoke events and hasRole`, async function () {
        const q = await loadFixture(deployQuartet);
        const expected = await holderAddresses(q, EXPECTED_HOLDERS[name]);
        expect([...(await accessManagerRoleMembers(q.accessManager, ROLES[name]))]).to.deep.equal(expected);
        for (const holder of expected) {
          const { isMember, executionDelay } = await q.accessManager.hasRole(ROLES[name], holder);
          expect(isMember).to.be.true;
          expect(executionDelay).to.equal(0n);
        }
      });
    }

    it("leaves no EOA in any role: not the deployer, not any other signer", async function () {
      const q = await loadFixture(deployQuartet);
      expect(q.signers[0].address).to.equal(q.deployer.address);
      for (const role of Object.values(ROLES)) {
        for (const signer of q.signers) {
          expect((await q.accessManager.hasRole(role, signer.address)).isMember, `${signer.address} in ${role}`).to.be
            .false;
        }
      }
    });

    it("had the deployer in ADMIN, RISK and TREASURY during configuration, and every one was renounced", async function () {
      const { accessManager, deployer } = await loadFixture(deployQuartet);
      for (const role of [ROLES.ADMIN, ROLES.RISK, ROLES.TREASURY]) {
        const granted = await accessManager.queryFilter(accessManager.filters.RoleGranted(role, deployer.address));
        const revoked = await accessManager.queryFilter(accessManager.filters.RoleRevoked(role, deployer.address));
        expect(granted, roleName(role)).to.have.lengthOf(1);
        expect(revoked, roleName(role)).to.have.lengthOf(1);
        expect(revoked[0].blockNumber).to.be.greaterThan(granted[0].blockNumber);
      }
      // ADMIN goes last: nothing could be configured after it.
      const [lastRevoke] = (await accessManager.queryFilter(accessManager.filters.RoleRevoked())).slice(-1);
      expect(lastRevoke.args.roleId).to.equal(ROLES.ADMIN);
      expect(lastRevoke.args.account).to.equal(deployer.address);
    });

    it("has only contracts as role holders", async function () {
      const q = await loadFixture(deployQuartet);
      for (const role of Object.values(ROLES)) {
        for (const member of await accessManagerRoleMembers(q.accessManager, role)) {
          expect(await ethers.provider.getCode(member), `${member} in ${roleName(role)}`).not.to.equal("0x");
        }
      }
    });

    it("makes CITIZENS the admin of VERIFIER and ADMIN the admin and guardian of every other role", async function () {
      const { accessManager } = await loadFixture(deployQuartet);
      for (const role of Object.values(ROLES)) {
        const admin = role === ROLES.VERIFIER ? ROLES.CITIZENS : ROLES.ADMIN;
        expect(await accessManager.getRoleAdmin(role), roleName(role)).to.equal(admin);
        expect(await accessManager.getRoleGuardian(role), roleName(role)).to.equal(ROLES.ADMIN);
        expect(await accessManager.getRoleGrantDelay(role), roleName(role)).to.equal(0n);
      }
    });

    it("delays a new ADMIN by adminGrantDelay once the AccessManager's minSetback has passed, no other role", async function () {
      const { accessManager } = await loadFixture(deployQuartet);
      const parameters = await localParameters();
      const delay = BigInt(parameters.LocalQuartet.adminGrantDelay as number);
      expect(delay).to.be.greaterThan(0n);
      await time.increase(await accessManager.minSetback());
      for (const role of Object.values(ROLES)) {
        expect(await accessManager.getRoleGrantDelay(role), roleName(role)).to.equal(role === ROLES.ADMIN ? delay : 0n);
      }
    });

    it("labels every role but ADMIN with its name", async function () {
      const { accessManager } = await loadFixture(deployQuartet);
      const labels = await accessManager.queryFilter(accessManager.filters.RoleLabel());
      expect(labels.map((e) => [e.args.roleId, e.args.label])).to.have.deep.members(
        ROLE_NAMES.filter((name) => name !== "ADMIN").map((name) => [ROLES[name], name]),
      );
    });
  });

  describe("restricted functions", function () {
    it("requires the specified role for each restricted function", async function () {
      const q = await loadFixture(deployQuartet);
      const functions = await quartetRestrictedFunctions(q);
      expect(functions).to.have.lengthOf(21);
      for (const fn of functions) {
        expect(await q.accessManager.getTargetFunctionRole(fn.target, fn.selector), fn.name).to.equal(fn.role);
      }
    });

    it("leaves no restricted function out: every other state-changing function is open to outsiders", async function () {
      const q = await loadFixture(deployQuartet);
      const specified = (await quartetRestrictedFunctions(q)).map((fn) => fn.name);
      const managed = {
        LendingPool: q.pool,
        PriceOracle: q.oracle,
        IntentExecutor: q.executor,
        ProfileNFT: q.profileNFT,
        CreatorPasses: q.creatorPasses,
        CreatorCoins: q.creatorCoins,
        TimelockGuardian: q.guardianVeto,
        TokenHouseRewards: q.tokenHouseRewards,
        CitizensRewards: q.citizensRewards,
      };
      const found: string[] = [];
      for (const [name, contract] of Object.entries(managed)) {
        for (const fn of await functionsDenyingOutsiders(contract, q.mallory.address)) found.push(`${name}.${fn}`);
      }
      // setAuthority answers to the AccessManager itself (its ADMIN-only updateAuthority), never to a role.
      const moves = Object.keys(managed).map((name) => `${name}.setAuthority`);
      expect(found).to.have.members([...specified, ...moves]);
    });

    it("guards the lending, oracle and social contracts with the one AccessManager, none closed", async function () {
      const q = await loadFixture(deployQuartet);
      const manager = await q.accessManager.getAddress();
      for (const contract of [q.pool, q.oracle, q.executor, q.profileNFT, q.creatorPasses, q.creatorCoins]) {
        expect(await contract.authority()).to.equal(manager);
        expect(await q.accessManager.isTargetClosed(contract)).to.be.false;
      }
    });
  });

  for (const house of ["token house", "Citizens' House"] as const) {
    describe(`${house} timelock`, function () {
      async function houseOf() {
        const q = await loadFixture(deployQuartet);
        const parameters = await localParameters();
        return house === "token house"
          ? {
              q,
              timelock: q.timelock,
              governor: q.governor,
              name: "Quartet Governor",
              votes: await q.token.getAddress(),
              minDelay: BigInt(parameters.Governance.timelockMinDelay as number),
              threshold: BigInt(parameters.Governance.proposalThreshold as bigint),
            }
          : {
              q,
              timelock: q.citizensTimelock,
              governor: q.citizensGovernor,
              name: "Quartet Citizens' House",
              votes: await q.profileNFT.getAddress(),
              minDelay: BigInt(parameters.CitizensHouse.timelockMinDelay as number),
              threshold: BigInt(parameters.CitizensHouse.proposalThreshold as number),
            };
      }

      it("administers itself only: neither the deployer nor any EOA holds DEFAULT_ADMIN_ROLE", async function () {
        const { q, timelock } = await houseOf();
        expect([...(await timelockRoleMembers(timelock, TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE))]).to.deep.equal([
          await timelock.getAddress(),
        ]);
        for (const role of Object.values(TIMELOCK_ROLES)) {
          expect(await timelock.hasRole(role, q.deployer.address)).to.be.false;
        }
      });

      it("has its governor as the only proposer, the governor and the guardian's veto as cancellers, an open executor role", async function () {
        const { q, timelock, governor } = await houseOf();
        const governorAddress = await governor.getAddress();
        expect([...(await timelockRoleMembers(timelock, TIMELOCK_ROLES.PROPOSER_ROLE))]).to.deep.equal([
          governorAddress,
        ]);
        expect([...(await timelockRoleMembers(timelock, TIMELOCK_ROLES.CANCELLER_ROLE))]).to.have.members([
          governorAddress,
          await q.guardianVeto.getAddress(),
        ]);
        expect([...(await timelockRoleMembers(timelock, TIMELOCK_ROLES.EXECUTOR_ROLE))]).to.deep.equal([ZeroAddress]);
      });

      it("waits the local minimum delay and serves a governor with the right name, votes and threshold", async function () {
        const { timelock, governor, name, votes, minDelay, threshold } = await houseOf();
        expect(await timelock.getMinDelay()).to.equal(minDelay);
        expect(await governor.name()).to.equal(name);
        expect(await governor.token()).to.equal(votes);
        expect(await governor.timelock()).to.equal(await timelock.getAddress());
        expect(await governor.proposalThreshold()).to.equal(threshold);
      });
    });
  }

  describe("treasury and markets", function () {
    it("sends creator-pass protocol fees to the token house's timelock", async function () {
      const { creatorPasses, timelock } = await loadFixture(deployQuartet);
      expect(await creatorPasses.treasury()).to.equal(await timelock.getAddress());
      expect(await creatorPasses.protocolFeeBps()).to.equal(250n);
    });

    it("sends creator-coin protocol fees (1 %) to the token house's timelock too", async function () {
      const { creatorCoins, timelock } = await loadFixture(deployQuartet);
      expect(await creatorCoins.treasury()).to.equal(await timelock.getAddress());
      expect(await creatorCoins.protocolFeeBps()).to.equal(100n);
    });

    it("lists USDC, WBTC, WETH and the isolated T-bill, with USDC borrowable against it", async function () {
      const { pool, usdc, wbtc, weth, tbill } = await loadFixture(deployQuartet);
      expect(await pool.assets()).to.deep.equal(
        await Promise.all([usdc, wbtc, weth, tbill].map((token) => token.getAddress())),
      );
      expect((await pool.isolation(tbill)).isolated).to.equal(true);
      expect((await pool.isolation(usdc)).borrowableInIsolation).to.equal(true);
      expect(await tbill.allowed(pool)).to.equal(true);
    });
  });
});
