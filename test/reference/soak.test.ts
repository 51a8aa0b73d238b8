// The reference server passes its own suite run after run: activated sessions complete on the server's timeline
// and stop counting against the 25-active limit (with no timeline, the 13th run's activation answers 500, and its
// scenario is skipped from there: a run passes only when every scenario ran and passed).
// The activating scenarios only, 100 times against one server; its clock moves 100 ms per run on top of real
// time, which is faster than a whole run takes in-process (200–800 ms here). The whole suite 100 times in a row:
// `npm run soak:reference` (about 40–75 s on this 2-core machine).
import { describe, expect, it } from "vitest";
import { soakReference } from "../../scripts/soak-reference.ts";

const ACTIVATING = "^(activate-session|activated-session-is-locked)$";

function clockAdvancedPerRun(stepMs: number) {
  let offset = 0;
  return {
    clock: () => new Date(Date.now() + offset),
    advance: () => {
      offset += stepMs;
    },
  };
}

describe("one reference server, run after run", () => {
  it("passes the activating scenarios 100 times in a row with the default timeline", async () => {
    const time = clockAdvancedPerRun(100);
    const result = await soakReference({
      runs: 100,
      server: { behavior: { clock: time.clock } },
      run: { grep: ACTIVATING },
      afterRun: time.advance,
    });
    expect(result.firstFailures).toEqual([]);
    expect(result.passedRuns).toBe(100);
    expect(result.sessionsOnServer).toBe(200);
  });

  it("without a timeline, activations pile up and the 13th run cannot activate (what the timeline fixes)", async () => {
    const result = await soakReference({
      runs: 13,
      server: { behavior: { activeAfterMs: null, completedAfterMs: null } },
      run: { grep: ACTIVATING },
    });
    expect(result.passedRuns).toBe(12);
    // The tenant condition the error table documents: the scenario is skipped from its activate step on (E47).
    expect(result.firstFailures).toEqual([
      expect.stringMatching(
        /^run 13: (activate-session|activated-session-is-locked): skipped: not judged: the tenant could not take this step: .*\(500 TooManyActiveRestoreSessions/,
      ),
    ]);
  });
});
