import { expect } from "chai";
import fc from "fast-check";
import { assertProperty } from "../fixtures";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("assertProperty", function () {
  // The first run is quick; the time limit falls inside the second, which fast-check gives up on and returns.
  const settings = { numRuns: 5, interruptAfterTimeLimit: 250, markInterruptAsFailure: false } as const;
  const slowRun = (done: { started: number; finished: number }) =>
    fc.asyncProperty(fc.nat(), async () => {
      done.started += 1;
      await sleep(done.started === 1 ? 1 : 800);
      done.finished += 1;
    });

  it("returns only once the run the time limit interrupted has finished", async function () {
    const done = { started: 0, finished: 0 };
    await assertProperty(slowRun(done), settings);
    expect(done.started).to.equal(2);
    expect(done.finished).to.equal(2);
  });

  it("is needed: fc.assert alone returns with that run still going", async function () {
    const done = { started: 0, finished: 0 };
    await fc.assert(slowRun(done), settings);
    expect(done.started).to.equal(2);
    expect(done.finished).to.equal(1);
    await sleep(900);
    expect(done.finished).to.equal(2);
  });

  it("still reports a failing property, after its run", async function () {
    await expect(
      assertProperty(
        fc.asyncProperty(fc.nat(), async (n) => {
          expect(n).to.be.below(0);
        }),
        { numRuns: 3 },
      ),
    ).to.be.rejectedWith("Property failed");
  });
});
