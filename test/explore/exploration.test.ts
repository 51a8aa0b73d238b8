// Generative conformance: a short exploration (fixed seed, a few seconds) passes the reference server, is
// deterministic under its seed, finds a mutant's deviation and prints it as a scenario that the normal runner
// replays with the same verdict (and that the reference passes), and is gated like the scenarios.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXPLORATION_MUTANTS } from "../../conformance/mutants/index.ts";
import { junitReport } from "../../conformance/report/junit-report.ts";
import { runConformance } from "../../conformance/run.ts";
import { loadScenarios } from "../../conformance/runner/scenario-loader.ts";
import {
  DOCS_SILENT_SERVER,
  startDeviatingServer,
  type DeviatingServer,
} from "../conformance/support/deviating-server.ts";
import { runAgainst } from "../conformance/support/run.ts";

const NO_SCENARIOS = "^$";
let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("exploration against the reference server", () => {
  it("passes, is bounded by its runs, and makes the same sequences for the same seed", async () => {
    const first = await runConformance({
      target: "reference",
      strict: true,
      grep: NO_SCENARIOS,
      // One workload: the determinism asked of a seed, not the spread over workloads.
      workloads: ["exchange"],
      explore: { runs: 12, seed: 7 },
    });
    const second = await runConformance({
      target: "reference",
      strict: true,
      grep: NO_SCENARIOS,
      // One workload: the determinism asked of a seed, not the spread over workloads.
      workloads: ["exchange"],
      explore: { runs: 12, seed: 7 },
    });
    expect(first.exitCode).toBe(0);
    expect(first.exploration).toMatchObject({ status: "passed", seed: 7, runs: 12, sequences: 12 });
    expect(first.exploration?.steps).toBeGreaterThan(12);
    expect(first.results).toEqual([
      expect.objectContaining({ scenario: "exploration", check: "model", status: "passed" }),
    ]);
    expect(second.exploration?.stepsByKind).toEqual(first.exploration?.stepsByKind);
    expect(second.exploration?.steps).toBe(first.exploration?.steps);
    // Coverage counts what the exploration sent: no "no PATCH was sent" for an exploration-only run.
    expect(first.coverage.judgedSteps.updateExchangeRestoreSession).toBeGreaterThan(0);
    expect(first.coverage.gaps).toEqual([]);
  });

  it("stops at the request budget and says so", async () => {
    const report = await runConformance({
      target: "reference",
      grep: NO_SCENARIOS,
      explore: { runs: 500, seed: 3, maxRequests: 60 },
    });
    expect(report.exploration?.stoppedBy).toBe("requests");
    expect(report.exploration?.sequences).toBeLessThan(500);
    // The sequence in flight finishes its step and its cleanup deletes: a few requests over the bound at most.
    expect(report.exploration?.requests).toBeLessThan(60 + 40);
  });
});

describe("exploration and the contract's own decisions", () => {
  it("a server differing only where the docs are silent passes with advisories and fails --strict", async () => {
    server = await startDeviatingServer(DOCS_SILENT_SERVER);
    const lenient = await runAgainst(server.baseUrl, {
      strict: false,
      grep: NO_SCENARIOS,
      explore: { runs: 40, seed: 5 },
    });
    expect(lenient.exitCode).toBe(0);
    expect(lenient.exploration?.status).toBe("passed");
    const advisories = lenient.results.filter((row) => row.status === "advisory");
    expect(advisories.length).toBeGreaterThan(0);
    expect(advisories.every((row) => row.source === "E23" && row.check === "status-code")).toBe(true);
    const strict = await runAgainst(server.baseUrl, {
      strict: true,
      grep: NO_SCENARIOS,
      explore: { runs: 40, seed: 5 },
    });
    expect(strict.exitCode).toBe(1);
    expect(strict.exploration?.failure?.failures.map((row) => `${row.check} (${row.source})`)).toEqual([
      "status-code (E23)",
    ]);
  });
});

describe("a deviation found by exploration", () => {
  it("is shrunk and printed as a scenario the normal runner replays with the same verdict", async () => {
    const variant = EXPLORATION_MUTANTS.find((candidate) => candidate.id === "patch-answer-stale-count");
    server = await startDeviatingServer({ behavior: variant?.behavior ?? {} });
    const report = await runAgainst(server.baseUrl, { grep: NO_SCENARIOS, explore: { runs: 30, seed: 20261129 } });
    const failure = report.exploration?.failure;
    expect(report.exitCode).toBe(1);
    expect(failure?.failures[0]).toMatchObject({ scenario: failure?.scenario, check: "body" });
    expect(failure?.failures[0]?.message).toMatch(
      /restoreSessionArtifactCount(\/total)?: received .*\d.*, (expected|but step [\w-]+ reported) .*\d/,
    );
    expect(failure?.shrunkSteps).toBeLessThanOrEqual(failure?.originalSteps ?? 0);
    expect(failure?.sources).toContain("graph-session-resource");
    const junit = junitReport(report);
    expect(junit).toContain(`<testsuite name="${failure?.scenario}"`);
    expect(junit).toMatch(/<system-out>\$schema: conformance\/scenario\.schema\.json/);

    const directory = mkdtempSync(join(tmpdir(), "explored-"));
    try {
      writeFileSync(join(directory, `${failure?.scenario}.yaml`), failure?.yaml ?? "");
      const [scenario] = loadScenarios(directory);
      expect(scenario?.id).toBe(failure?.scenario);
      const replay = await runAgainst(server.baseUrl, { scenariosDirectory: directory });
      const replayed = replay.results
        .filter((row) => row.status === "failed")
        .map((row) => `${row.step}: ${row.check}`);
      expect(replayed).toEqual(failure?.failures.map((row) => `${row.step}: ${row.check}`));
      const reference = await runConformance({ target: "reference", strict: true, scenariosDirectory: directory });
      expect(reference.summary.failed).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("gating", () => {
  it("is skipped against a URL without --allow-writes, and nothing but the run's reachability probe reaches the server", async () => {
    server = await startDeviatingServer();
    const report = await runConformance({
      target: server.baseUrl,
      token: "exploration-test-token-7c1f",
      env: {},
      grep: NO_SCENARIOS,
      explore: { runs: 5, seed: 1 },
    });
    expect(report.exploration).toMatchObject({ status: "skipped", reason: expect.stringMatching(/--allow-writes/) });
    expect(report.results).toEqual([expect.objectContaining({ scenario: "exploration", status: "skipped" })]);
    expect(server.requests.filter((request) => request.method !== "GET")).toEqual([]);
  });

  it("sends activate only with --allow-activate against a URL", async () => {
    server = await startDeviatingServer();
    const report = await runAgainst(server.baseUrl, {
      allowActivate: false,
      grep: NO_SCENARIOS,
      explore: { runs: 25, seed: 5 },
    });
    expect(report.exploration?.status).toBe("passed");
    expect(server.requests.filter((request) => request.operationId === "activateRestoreSession")).toEqual([]);
    expect(server.reference.store.sessions()).toEqual([]);
  });

  it("is skipped on the mock, which holds no state", async () => {
    const report = await runConformance({ target: "mock", grep: NO_SCENARIOS, explore: { runs: 5, seed: 1 } });
    expect(report.exploration).toMatchObject({ status: "skipped", reason: expect.stringMatching(/stateful target/) });
  });
});
