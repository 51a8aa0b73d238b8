// Scenarios run concurrently: the report reads the same at any concurrency (console, JSON, JUnit; timings and the
// pool's size aside), and a target that throttles every fourth request still passes, the waiting counted.
import { describe, expect, it } from "vitest";
import type { OperationId } from "../../conformance/reference/context.ts";
import { graphError } from "../../conformance/reference/graph-error.ts";
import { comparableReport, comparableText } from "../../conformance/report/comparable-report.ts";
import { createProgress, formatSummary } from "../../conformance/report/console.ts";
import { junitReport } from "../../conformance/report/junit-report.ts";
import { runConformance } from "../../conformance/run.ts";
import type { RunReport } from "../../conformance/report/run-report.ts";
import { failures, runAgainst } from "./support/run.ts";
import { startDeviatingServer } from "./support/deviating-server.ts";

async function runAt(concurrency: number): Promise<{ report: RunReport; console: string }> {
  let console = "";
  const progress = createProgress({
    write: (text) => (console += text),
    interactive: false,
    color: false,
    redact: (text) => text,
  });
  const report = await runConformance({
    target: "reference",
    env: {},
    seed: 5,
    concurrency,
    onScenarioStart: (scenario) => progress.start(scenario),
    onScenarioDone: (scenario) => progress.done(scenario),
    onScenarioEnd: (outcome) => progress.end(outcome),
  });
  return { report, console: console + formatSummary(report, false).join("\n") };
}

describe("the report at any concurrency", () => {
  it("is the same at concurrency 1 and 8 against the reference: console, JSON and JUnit", async () => {
    const one = await runAt(1);
    const eight = await runAt(8);
    expect(one.report.summary.failed).toBe(0);
    expect(one.report.scenarios.length).toBeGreaterThan(40);
    expect(eight.report.throttling.concurrency).toBe(8);
    expect(comparableText(eight.console)).toBe(comparableText(one.console));
    expect(comparableReport(eight.report)).toEqual(comparableReport(one.report));
    expect(comparableText(junitReport(eight.report))).toBe(comparableText(junitReport(one.report)));
  });
});

describe("live progress", () => {
  it("shows on a terminal which scenarios are running, while their lines come in selection order", () => {
    let text = "";
    const progress = createProgress({
      write: (chunk) => (text += chunk),
      interactive: true,
      color: false,
      redact: (line) => line,
    });
    const scenario = (id: string) => ({ id }) as Parameters<typeof progress.start>[0];
    const outcome = (id: string) => ({
      scenario: id,
      description: id,
      level: "behavior" as const,
      status: "passed" as const,
      durationMs: 5,
      checks: { passed: 3, failed: 0, advisories: 0, skipped: 0, consequences: 0 },
    });
    for (const id of ["alpha", "beta", "gamma", "delta", "epsilon"]) progress.start(scenario(id));
    expect(text.split("\r\x1b[2K").at(-1)).toBe("… alpha, beta, gamma +2");
    progress.done(scenario("beta"));
    expect(text.split("\r\x1b[2K").at(-1)).toBe("… alpha, gamma, delta +1");
    progress.done(scenario("alpha"));
    progress.end(outcome("alpha"));
    expect(text.split("\r\x1b[2K").slice(-2)).toEqual(["✓ alpha (3 checks, 5 ms)\n", "… gamma, delta, epsilon"]);
  });
});

const OPERATIONS: OperationId[] = [
  "createExchangeRestoreSession",
  "getExchangeRestoreSession",
  "listExchangeRestoreSessions",
  "updateExchangeRestoreSession",
  "deleteExchangeRestoreSession",
  "listMailboxRestoreArtifacts",
  "activateRestoreSession",
];

describe("a target that throttles every fourth request", () => {
  it("passes with 0 failures at the default concurrency, and the report counts the throttling and the waiting", async () => {
    // Throttled before the request is handled, as a real service does: nothing happens to a refused request.
    // The first two throttles ask for 1 s, later ones for 0 s, so the run stays short.
    let handled = 0;
    let throttles = 0;
    const throttleEveryFourth = Object.fromEntries(
      OPERATIONS.map((operationId) => [
        operationId,
        (
          ctx: Parameters<NonNullable<import("../../conformance/reference/context.ts").HandlerOverride>>[0],
          next: Parameters<NonNullable<import("../../conformance/reference/context.ts").HandlerOverride>>[1],
        ) => {
          if (++handled % 4 !== 0) return next(ctx);
          throttles++;
          return graphError(ctx.request, 429, { code: "TooManyRequests", message: "Too many requests." }, undefined, {
            "retry-after": throttles <= 2 ? "1" : "0",
          });
        },
      ]),
    );
    const server = await startDeviatingServer({ behavior: { handlers: throttleEveryFourth } });
    try {
      const report = await runAgainst(server.baseUrl);
      expect(
        failures(report),
        report.results
          .filter((row) => row.status === "failed")
          .map((row) => `${row.scenario} › ${row.step}: ${row.message}`)
          .join("\n"),
      ).toEqual([]);
      expect(report.throttling.concurrency).toBe(8);
      expect(report.throttling.throttledAnswers).toBe(throttles);
      expect(throttles).toBeGreaterThan(40);
      expect(report.throttling.pausedMs).toBeGreaterThanOrEqual(1000);
      expect(report.throttling.narrowestWindow).toBeLessThan(8);
      // Every throttled request of a step was retried and is in the step's record; the rest were cleanup DELETEs.
      const retried = report.throttled.reduce((sum, record) => sum + record.retries, 0);
      const cleanupDeletes = report.cleanup.deleted.length + report.cleanup.leftBehind.length;
      expect(retried).toBeGreaterThanOrEqual(throttles - cleanupDeletes);
      expect(retried).toBeLessThanOrEqual(throttles);
      expect(report.throttled.reduce((sum, record) => sum + record.waitedMs, 0)).toBe(2000);
      expect(formatSummary(report, false).join("\n")).toMatch(
        /Throttled: \d+ answer\(s\) 429\/503; the pool paused \d+\.\d s in total and narrowed from 8 to \d request\(s\) at once:/,
      );
    } finally {
      await server.close();
    }
  });
});
