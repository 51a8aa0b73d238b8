// The exploration under stops and timeouts (issue 22, "Reliability"): every session it may leave is known to the
// run's one session tracker (a create whose answer never came is named), a stop that lands mid-step is no verdict,
// and a time limit or a stop ends generation too, not only sending.
import { afterEach, describe, expect, it } from "vitest";
import { runConformance } from "../../conformance/run.ts";
import { SessionTracker } from "../../conformance/runner/session-tracker.ts";
import { EXCHANGE } from "../../src/contract/wire-names.ts";
import { type DeviatingServer, startDeviatingServer } from "../conformance/support/deviating-server.ts";
import { runAgainst } from "../conformance/support/run.ts";

const NO_SCENARIOS = "^$";
let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the exploration's sessions", () => {
  it("names a create whose answer timed out as possibly left behind, in the run's own cleanup", async () => {
    let creates = 0;
    server = await startDeviatingServer({
      transform: async (ctx, response) => {
        // The third create's answer comes too late: the session exists, its id never reaches the runner.
        if (ctx.operationId === EXCHANGE.operations.create && ++creates === 3) await pause(700);
        return response;
      },
    });
    const report = await runAgainst(server.baseUrl, {
      strict: false,
      timeoutMs: 300,
      grep: NO_SCENARIOS,
      // The timed-out step fails the sequence (a timeout is a failure); one shrink is enough here.
      explore: { runs: 6, seed: 4, parts: 1, maxShrinks: 1 },
    });
    expect(creates).toBeGreaterThanOrEqual(3);
    expect(report.cleanup.possiblyLeftBehind).toEqual([
      expect.objectContaining({
        scenario: "exploration",
        reason: expect.stringMatching(/timed out|no answer|timeout/i),
      }),
    ]);
  });

  it("are known to the run's tracker while the exploration runs, so a second signal can name them", async () => {
    const sessions = new SessionTracker();
    const seen: number[] = [];
    server = await startDeviatingServer({
      transform: (ctx, response) => {
        // What a second Ctrl-C would print, sampled at every PATCH the exploration sends.
        if (ctx.operationId === EXCHANGE.operations.update) seen.push(sessions.open().length);
        return response;
      },
    });
    // No activation: an activated session cannot be deleted, and this test is about the ones that can.
    await runAgainst(server.baseUrl, {
      sessions,
      grep: NO_SCENARIOS,
      allowActivate: false,
      explore: { runs: 8, seed: 2 },
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((count) => count > 0)).toBe(true);
    // Every session it created was deleted by its sequence, and the run's tracker knows that too.
    expect(sessions.open()).toEqual([]);
  });
});

describe("a stop", () => {
  it("that lands inside a step is no failure and prints no shortest failing sequence", async () => {
    const controller = new AbortController();
    let patches = 0;
    server = await startDeviatingServer({
      transform: async (ctx, response) => {
        if (ctx.operationId === EXCHANGE.operations.update && ++patches === 4) {
          // The stop arrives while this PATCH is being answered; its read-back is never sent.
          controller.abort("SIGINT");
          await pause(100);
        }
        return response;
      },
    });
    const report = await runAgainst(server.baseUrl, {
      signal: controller.signal,
      grep: NO_SCENARIOS,
      explore: { runs: 40, seed: 9 },
    });
    expect(patches).toBeGreaterThanOrEqual(4);
    expect(report.summary.failed).toBe(0);
    expect(report.exploration?.failure).toBeUndefined();
    expect(report.exploration?.status).not.toBe("failed");
    expect(report.exploration?.interrupted).toBeGreaterThanOrEqual(1);
    expect(report.stopped?.kind).toBe("signal");
  });

  it("by a 5 s time limit ends a 600 000-sequence exploration within 6 s", { timeout: 30_000 }, async () => {
    const started = performance.now();
    const report = await runConformance({
      target: "reference",
      grep: NO_SCENARIOS,
      timeLimitMs: 5000,
      explore: { runs: 600_000, seed: 1 },
    });
    const elapsed = performance.now() - started;
    expect(report.stopped?.kind).toBe("time-limit");
    expect(elapsed).toBeLessThan(6000 + report.target.startupMs + report.target.stopMs);
    expect(report.exploration?.sequences).toBeLessThan(600_000);
    expect(report.summary.failed).toBe(0);
  });
});
