// Exploration as part of the default verdict (issue 20) and at a tenant's scale (issue 19): a run with writes
// allowed explores within the default budget and reports its seed; the same seed finds the same failure at
// concurrency 1 and at the default; a tenant holding 150 sessions, served one per page, fails nothing (the runner's
// own page bound is a check not made, never a failure); activations stay within --explore-activations.
import { afterEach, describe, expect, it } from "vitest";
import { MUTANTS } from "../../conformance/mutants/index.ts";
import { jsonReport } from "../../conformance/report/json-report.ts";
import { junitReport } from "../../conformance/report/junit-report.ts";
import { DEFAULT_EXPLORATION } from "../../conformance/run/run-options.ts";
import { ACTIVATE_OPERATION } from "../../src/contract/wire-names.ts";
import { type DeviatingServer, startDeviatingServer } from "../conformance/support/deviating-server.ts";
import { runAgainst } from "../conformance/support/run.ts";

const NO_SCENARIOS = "^$";
let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A mutant as startDeviatingServer takes it (its answer transform apart from its knobs). */
function deviationOf(id: string) {
  const variant = MUTANTS.find((candidate) => candidate.id === id);
  if (!variant) throw new Error(`no mutant ${id}`);
  const { transformResponse, ...behavior } = variant.behavior;
  return { behavior, ...(transformResponse ? { transform: transformResponse } : {}) };
}

describe("the default run", () => {
  it("explores when writes are allowed, within the default budget, and prints its seed in every report", async () => {
    server = await startDeviatingServer();
    const report = await runAgainst(server.baseUrl, {
      explore: undefined,
      strict: false,
      grep: NO_SCENARIOS,
      seed: 77,
    });
    expect(report.exploration).toMatchObject({ status: "passed", seed: 77, runs: DEFAULT_EXPLORATION.runs });
    expect(report.exploration?.sequences).toBe(DEFAULT_EXPLORATION.runs);
    expect(report.seed).toBe(77);
    expect(JSON.parse(jsonReport(report)).seed).toBe(77);
    expect(junitReport(report)).toContain('<property name="seed" value="77"/>');
    // Against a URL, one activation at most (each is a real restore on a tenant).
    expect(report.exploration?.activations).toEqual({ allowed: 1, sent: expect.any(Number) });
    expect(report.exploration?.activations.sent).toBeLessThanOrEqual(1);
    expect(
      server.requests.filter((request) => request.operationId === ACTIVATE_OPERATION && request.status === 200).length,
    ).toBeLessThanOrEqual(1);
  });

  it("finds the same failure for a seed at concurrency 1 and at the default", async () => {
    server = await startDeviatingServer(deviationOf("create-answer-count-zero"));
    const options = { grep: NO_SCENARIOS, seed: 11, explore: { runs: 32, maxShrinks: 20 } };
    const one = await runAgainst(server.baseUrl, { ...options, concurrency: 1 });
    const eight = await runAgainst(server.baseUrl, { ...options, concurrency: 8 });
    expect(one.exploration?.failure).toBeDefined();
    const comparable = (report: typeof one) => ({
      scenario: report.exploration?.failure?.scenario,
      step: report.exploration?.failure?.step,
      checks: report.exploration?.failure?.failures.map((row) => `${row.step}: ${row.check} (${row.source})`),
      yaml: report.exploration?.failure?.yaml,
    });
    expect(comparable(eight)).toEqual(comparable(one));
  });
});

describe("a tenant with many sessions", () => {
  it("holding 150 sessions served one per page: the scenarios and the exploration fail nothing", async () => {
    server = await startDeviatingServer({ behavior: { pageSize: 1 } });
    const now = new Date();
    for (let index = 0; index < 150; index++) server.reference.store.createSession(now, "exchange");
    const report = await runAgainst(server.baseUrl, { explore: { runs: 12, maxSeconds: 120 }, seed: 4 });
    expect(report.results.filter((row) => row.status === "failed")).toEqual([]);
    expect(report.exploration?.status).toBe("passed");
    // The session list is longer than the runner reads: those checks are not made, and the coverage line says so.
    const notMade = report.results.filter((row) => row.status === "skipped" && row.check !== null);
    expect(notMade.length).toBeGreaterThan(0);
    expect(
      notMade.every((row) => /not checked: the listing exceeded 100 pages, the runner's own bound/.test(row.message)),
    ).toBe(true);
    expect(report.coverage.notChecked).toBe(notMade.length);
  }, 120_000);
});
