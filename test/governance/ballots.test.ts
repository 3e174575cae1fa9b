import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { ballotFile, ballotsFor, loadBallots, newSalt, saveBallot, VoteType } from "../../scripts/lib/governance";

describe("the toolkit's ballots file (secret-ballot salts)", function () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quartet-ballots-"));
  const file = path.join(dir, "nested", "ballots.json");
  const governor = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  const voter = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lives outside the repository unless QUARTET_BALLOTS says otherwise", function () {
    const saved = process.env.QUARTET_BALLOTS;
    delete process.env.QUARTET_BALLOTS;
    expect(ballotFile()).to.equal(path.join(os.homedir(), ".quartet", "ballots.json"));
    expect(ballotFile().startsWith(process.cwd())).to.be.false;
    process.env.QUARTET_BALLOTS = file;
    expect(ballotFile()).to.equal(file);
    if (saved === undefined) delete process.env.QUARTET_BALLOTS;
    else process.env.QUARTET_BALLOTS = saved;
  });

  it("appends ballots to a file only its owner may read, and finds the voter's latest first", function () {
    expect(loadBallots(file)).to.deep.equal([]);
    const first = { chainId: "31337", governor, proposalId: "7", voter, support: VoteType.For, salt: newSalt() };
    const second = { ...first, support: VoteType.Against, salt: newSalt() };
    const other = { ...first, proposalId: "8" };
    for (const b of [first, other, second]) saveBallot(b, file);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    expect(loadBallots(file)).to.have.lengthOf(3);
    const found = ballotsFor(loadBallots(file), {
      chainId: 31337n,
      governor: governor.toLowerCase(),
      proposalId: 7n,
      voter,
    });
    expect(found).to.deep.equal([second, first]);
    expect(ballotsFor(loadBallots(file), { chainId: 1n, governor, proposalId: 7n, voter })).to.deep.equal([]);
  });

  it("rejects a file that is not JSON with one line saying what to do", function () {
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, "not json");
    expect(() => loadBallots(broken)).to.throw(
      `${broken} is not a ballots file (JSON): fix or move it, then try again.`,
    );
  });
});
