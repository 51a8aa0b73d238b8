// Against a URL the runner only writes when allowed, only activates when allowed, needs enough restore points,
// applies the target's known deviations, and deletes every session it created — also after a failure.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { variantById } from "../../conformance/mutants/index.ts";
import { startReferenceServer } from "../../conformance/reference/server.ts";
import { ConfigError } from "../../conformance/vocabulary/config-error.ts";
import { startFaultProxy, startDeviatingServer, type DeviatingServer } from "./support/deviating-server.ts";
import { failures, runAgainst } from "./support/run.ts";

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function expectationsFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "conformance-expectations-")), "target.yaml");
  writeFileSync(path, yaml);
  return path;
}

describe("safety against a URL target", () => {
  it("without --allow-writes only GET requests reach the target, not even writes expected to be refused", async () => {
    server = await startDeviatingServer();
    const seen: string[] = [];
    const proxy = await startFaultProxy(server.baseUrl, (method, path) => {
      seen.push(`${method} ${path}`);
      return "forward";
    });
    try {
      const report = await runAgainst(proxy.baseUrl, { allowWrites: false, allowActivate: false });
      const skipped = report.results.filter((result) => result.status === "skipped");
      expect(skipped.length).toBeGreaterThan(30);
      for (const row of skipped) {
        expect(row.message).toMatch(
          /^(writes to the target; pass --allow-writes to run it|activates a session \(on a tenant, a real restore\); pass --allow-activate to run it)$/,
        );
      }
      expect(
        report.scenarios
          .filter((outcome) => outcome.status !== "skipped")
          .map((outcome) => outcome.scenario)
          .sort(),
      ).toEqual(["auth-required", "invalid-session-id", "session-list-invalid-top", "unknown-session"]);
      expect(failures(report)).toEqual([]);
      expect(seen.length).toBeGreaterThan(10);
      expect(seen.filter((request) => !request.startsWith("GET "))).toEqual([]);
      expect(server.reference.store.sessions()).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it("with --allow-writes but not --allow-activate, nothing is sent to /activate and activating scenarios are named as skipped", async () => {
    server = await startDeviatingServer();
    const seen: string[] = [];
    const proxy = await startFaultProxy(server.baseUrl, (method, path) => {
      seen.push(`${method} ${path}`);
      return "forward";
    });
    try {
      const report = await runAgainst(proxy.baseUrl, { allowActivate: false });
      const reason = "activates a session (on a tenant, a real restore); pass --allow-activate to run it";
      expect(
        report.results
          .filter((result) => result.status === "skipped")
          .map((result) => `${result.scenario}: ${result.message}`),
      ).toEqual(
        [
          "activate-session",
          "activated-session-is-locked",
          "auth-required-activate",
          "unknown-session-activate",
          "invalid-session-id-activate",
        ].map((id) => `${id}: ${reason}`),
      );
      expect(seen.some((request) => request.startsWith("PATCH "))).toBe(true);
      expect(seen.filter((request) => /\/activate(\?|$)/.test(request))).toEqual([]);
      expect(server.reference.store.sessions().filter((session) => session.activatedAt !== null)).toEqual([]);
      expect(failures(report)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it("a scenario needing more restore points than given is skipped with that reason", async () => {
    server = await startDeviatingServer();
    const pool = [
      "1b014d8c-71fe-4d00-a01a-31850bc5b32c",
      "2b014d8c-71fe-4d00-a01a-31850bc5b32c",
      "3b014d8c-71fe-4d00-a01a-31850bc5b32c",
    ];
    const report = await runAgainst(server.baseUrl, {
      restorePoints: pool,
      grep: "^(patch-fifty-items|patch-over-limit|patch-add-only|seed-patch)$",
    });
    expect(report.results.filter((result) => result.status === "skipped")).toEqual([
      {
        scenario: "patch-fifty-items",
        workload: "exchange",
        step: null,
        check: null,
        status: "skipped",
        message: "needs 50 restore points, 3 given (--restore-points)",
        source: null,
      },
      {
        scenario: "patch-over-limit",
        workload: "exchange",
        step: null,
        check: null,
        status: "skipped",
        message: "needs 51 restore points, 3 given (--restore-points)",
        source: null,
      },
      {
        scenario: "seed-patch",
        workload: "exchange",
        step: null,
        check: null,
        status: "skipped",
        message:
          "sends a published example naming restore point(s) 4b014d8c-71fe-4d00-a01a-31850bc5b32c, which are not among the --restore-points ids",
        source: null,
      },
    ]);
    expect(report.scenarios.find((outcome) => outcome.scenario === "patch-add-only")?.status).toBe("passed");
  });

  it("every session the run created is deleted at the end, also when a scenario's own delete failed", async () => {
    server = await startDeviatingServer({
      faults: [{ error: "IncompleteArtifactDeletion", operationId: "deleteExchangeRestoreSession", times: 1 }],
    });
    const report = await runAgainst(server.baseUrl, { grep: "^(patch-add-only|patch-one-item)$" });
    // The two scenarios run at once, so either one's delete may be the one the fault hits.
    expect(failures(report)).toHaveLength(1);
    expect(failures(report)[0]).toMatch(/^patch-(add-only|one-item) › delete: status-code$/);
    expect(report.cleanup.deleted).toHaveLength(1);
    expect(report.cleanup.leftBehind).toEqual([]);
    expect(server.reference.store.sessions()).toEqual([]);
  });

  it("an activated session, which cannot be deleted, is reported as left behind with the reason", async () => {
    server = await startDeviatingServer();
    const report = await runAgainst(server.baseUrl, { grep: "^activate-session$" });
    expect(failures(report)).toEqual([]);
    expect(report.cleanup.leftBehind).toEqual([
      { id: expect.any(String), reason: "403: it is no longer a draft (activated), so it cannot be deleted" },
    ]);
  });
});

describe("expectations (known deviations of a target)", () => {
  it("an expected failure that happens is reported as expected and does not fail the run", async () => {
    server = await startDeviatingServer({ behavior: { responseContentType: "text/html" } });
    const file = expectationsFile(
      [
        "description: html everywhere",
        "expectations:",
        "  - { scenario: patch-one-item, check: content-type, expected: failure, reason: this server answers text/html }",
      ].join("\n"),
    );
    const report = await runAgainst(server.baseUrl, { grep: "^patch-one-item$", expectationsFile: file });
    expect(failures(report)).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.expectedFailures.map((entry) => `${entry.step}: ${entry.check}`)).toEqual([
      "create: content-type",
      "patch: content-type",
    ]);
    expect(report.results.find((result) => result.step === "patch" && result.check === "content-type")).toEqual({
      scenario: "patch-one-item",
      workload: "exchange",
      step: "patch",
      check: "content-type",
      status: "skipped",
      message:
        'expected failure (this server answers text/html): received Content-Type "text/html"; the contract answers application/json (parameters such as odata.metadata are allowed)',
      source: "graph-json",
      durationMs: expect.any(Number),
    });
  });

  it("an expected failure that does not happen fails the run", async () => {
    server = await startDeviatingServer();
    const file = expectationsFile(
      [
        "description: stale",
        "expectations:",
        "  - { scenario: patch-one-item, step: patch, check: state, expected: failure, reason: said to lose writes }",
      ].join("\n"),
    );
    const report = await runAgainst(server.baseUrl, { grep: "^patch-one-item$", expectationsFile: file });
    expect(failures(report)).toEqual(["patch-one-item › patch: state"]);
    expect(report.results.at(-1)).toEqual({
      scenario: "patch-one-item",
      workload: "exchange",
      step: "patch",
      check: "state",
      status: "failed",
      message: "expected failure did not happen: said to lose writes",
      source: null,
    });
    expect(report.exitCode).toBe(1);
  });

  it("an expected skip of a whole scenario is not run; an entry naming nothing is a configuration error", async () => {
    server = await startDeviatingServer();
    const skip = expectationsFile(
      [
        "description: skip",
        "expectations:",
        "  - { scenario: patch-one-item, check: '*', expected: skip, reason: not supported here }",
      ].join("\n"),
    );
    const report = await runAgainst(server.baseUrl, { grep: "^patch-one-item$", expectationsFile: skip });
    expect(report.results).toEqual([
      {
        scenario: "patch-one-item",
        workload: "exchange",
        step: null,
        check: null,
        status: "skipped",
        message: "expected skip: not supported here",
        source: null,
      },
    ]);
    expect(server.requests.filter((request) => request.authorization !== undefined)).toEqual([]);

    const unknown = expectationsFile(
      [
        "description: typo",
        "expectations:",
        "  - { scenario: patch-one-itme, check: state, expected: failure, reason: typo }",
      ].join("\n"),
    );
    await expect(runAgainst(server.baseUrl, { expectationsFile: unknown })).rejects.toThrow(
      new ConfigError(`expectations file ${unknown}, entry 0: no scenario patch-one-itme`),
    );
    const badCheck = expectationsFile(
      [
        "description: typo",
        "expectations:",
        "  - { scenario: patch-one-item, check: schema, expected: failure, reason: typo }",
      ].join("\n"),
    );
    await expect(runAgainst(server.baseUrl, { expectationsFile: badCheck })).rejects.toThrow(
      /entry 0: no check schema \(known: transport, retry-after, status-code, /,
    );
    const badShape = expectationsFile(
      [
        "description: shape",
        "expectations:",
        "  - { scenario: patch-one-item, check: state, expected: maybe, reason: x }",
      ].join("\n"),
    );
    await expect(runAgainst(server.baseUrl, { expectationsFile: badShape })).rejects.toThrow(
      /does not match expectations\.schema\.json: \/expectations\/0\/expected: must be equal to one of the allowed values/,
    );
  });

  it("names the exploration and the report-only checks like any scenario and check", async () => {
    const mutant = variantById("create-answer-count-zero");
    const reference = await startReferenceServer({ behavior: mutant.behavior });
    try {
      const explore = { runs: 10, seed: 3, maxShrinks: 5 };
      const strict = await runAgainst(reference.baseUrl, { grep: "^session-lifecycle$", explore });
      expect(failures(strict).length).toBeGreaterThan(0);
      expect(failures(strict).every((failure) => failure.endsWith(": body"))).toBe(true);

      const known = expectationsFile(
        [
          "description: a target whose create answer miscounts",
          "expectations:",
          "  - { scenario: exploration, check: body, expected: failure, reason: the create answer says 0 artifacts }",
          "  - { scenario: patch-readd-held-restore-point, check: readings, expected: skip, reason: report-only row }",
        ].join("\n"),
      );
      const report = await runAgainst(reference.baseUrl, {
        grep: "^session-lifecycle$",
        explore,
        expectationsFile: known,
      });
      expect(failures(report)).toEqual([]);
      expect(report.expectedFailures.map((entry) => [entry.scenario, entry.check])).toEqual([["exploration", "body"]]);
      expect(report.exitCode).toBe(0);

      const stale = expectationsFile(
        [
          "description: a stale entry",
          "expectations:",
          "  - { scenario: exploration, check: model, expected: failure, reason: fixed long ago }",
        ].join("\n"),
      );
      const staleReport = await runAgainst(reference.baseUrl, {
        grep: "^session-lifecycle$",
        explore,
        expectationsFile: stale,
      });
      expect(staleReport.results.filter((row) => row.status === "failed").map((row) => row.message)).toContain(
        "expected failure did not happen: fixed long ago",
      );
    } finally {
      await reference.close();
    }
  });
});
