// Coverage is part of the verdict: a run says what ran and what did not, a run that checked nothing is no pass,
// --require-coverage makes a partial run exit 2, and a run whose additions the target refuses for unknown restore
// points leads with a hint naming --restore-points.
import { afterEach, describe, expect, it } from "vitest";
import { formatSummary } from "../../conformance/report/console.ts";
import { runConformance } from "../../conformance/run.ts";
import { startDeviatingServer, type DeviatingServer } from "./support/deviating-server.ts";
import { runAgainst } from "./support/run.ts";

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const summaryOf = (report: Parameters<typeof formatSummary>[0]) => formatSummary(report, false).join("\n");

describe("coverage in the verdict", () => {
  it("a run in which every scenario was skipped is no verdict: exit code 2, and the summary says why", async () => {
    const report = await runConformance({
      target: "mock",
      level: "behavior",
      grep: "^patch-(add-only|one-item)$",
      env: {},
    });
    expect(report.exitCode).toBe(2);
    expect(report.incomplete).toBe("the run checked nothing (every scenario was skipped)");
    expect(report.coverage.judgedChecks).toBe(0);
    expect(summaryOf(report)).toContain("No verdict: the run checked nothing (every scenario was skipped).");
    expect(summaryOf(report)).not.toContain("Verdict: every required check passed");
  }, 60_000);

  it("a read-only run against a URL passes but says on the verdict line that no PATCH was sent and which scenarios did not run", async () => {
    server = await startDeviatingServer();
    // The run's own default: a read-only run does not explore, and says so.
    const report = await runAgainst(server.baseUrl, { allowWrites: false, allowActivate: false, explore: undefined });
    expect(report.exitCode).toBe(0);
    expect(report.exploration).toBeUndefined();
    expect(report.coverage.judgedSteps.updateExchangeRestoreSession).toBeUndefined();
    expect(report.coverage.levels.behavior.ran).toBe(2);
    expect(report.coverage.gaps).toEqual([
      `${report.coverage.levels.behavior.selected - 2} of ${report.coverage.levels.behavior.selected} behavior scenarios did not run`,
      "no PATCH (the delta update) was sent",
    ]);
    expect(report.coverage.skippedBy.map((group) => group.reason).sort()).toEqual([
      "activates a session (on a tenant, a real restore); pass --allow-activate to run it",
      "writes to the target; pass --allow-writes to run it",
    ]);
    const summary = summaryOf(report);
    expect(summary).toMatch(
      /coverage: workload exchange · schema 2 of \d+ ran · behavior 2 of \d+ ran · exploration not run: a read-only run \(with --allow-writes a run explores by default\) · PATCH judged in 0 steps/,
    );
    expect(summary).toMatch(
      /Verdict: every required check passed\. Partial run: \d+ of \d+ behavior scenarios did not run; no PATCH \(the delta update\) was sent\./,
    );
  });

  it("--require-coverage makes a partial run exit 2 and names what is missing; a full run meets it", async () => {
    server = await startDeviatingServer();
    const readOnly = await runAgainst(server.baseUrl, {
      allowWrites: false,
      allowActivate: false,
      requireCoverage: "patch",
    });
    expect(readOnly.exitCode).toBe(2);
    expect(readOnly.incomplete).toBe("--require-coverage patch: no PATCH (the delta update) was judged");
    const withoutActivation = await runAgainst(server.baseUrl, { allowActivate: false, requireCoverage: "behavior" });
    expect(withoutActivation.exitCode).toBe(2);
    expect(withoutActivation.incomplete).toBe("--require-coverage behavior: 3 behavior scenario(s) did not run");
    const patchOnly = await runAgainst(server.baseUrl, { allowActivate: false, requireCoverage: "patch" });
    expect(patchOnly.exitCode).toBe(0);
    const full = await runAgainst(server.baseUrl, { requireCoverage: "all" });
    expect(full.exitCode).toBe(0);
    expect(full.coverage.gaps).toEqual([]);
    expect(summaryOf(full)).toMatch(/Verdict: every required check passed\.$/m);
  });

  it("when most failures name InvalidRestorePoint, the report leads with a hint naming --restore-points", async () => {
    server = await startDeviatingServer({ restorePoints: ["rp-known-1", "rp-known-2"] });
    const report = await runAgainst(server.baseUrl, {
      grep: "^(patch-add-only|patch-mixed|patch-one-item|patch-remove-only|session-lifecycle)$",
    });
    expect(report.exitCode).toBe(1);
    expect(report.hints).toHaveLength(1);
    expect(report.hints[0]).toMatch(
      /^\d+ of the \d+ failing steps name InvalidRestorePoint: the target does not seem to know the 135 restore points this run added \(reference server defaults\)\. Give the ids it knows with --restore-points FILE\|ID,…/,
    );
    const summary = summaryOf(report);
    expect(summary.indexOf("Hint: ")).toBeLessThan(summary.indexOf("Failures ("));
    const healthy = await runAgainst(server.baseUrl, {
      grep: "^patch-one-item$",
      restorePoints: ["rp-known-1", "rp-known-2"],
    });
    expect(healthy.hints).toEqual([]);
  });
});

describe("coverage per workload", () => {
  it("a workload judged without a single PATCH is named on the verdict line, and --require-coverage patch exits 2", async () => {
    server = await startDeviatingServer();
    // The only scenario selected is one whose example ties it to Exchange: OneDrive is judged, but no PATCH is sent.
    const report = await runAgainst(server.baseUrl, {
      grep: "^seed-patch-odata-id$",
      workloads: ["exchange,onedrive"],
      requireCoverage: "patch",
    });
    expect(report.coverage.workloads.judged).toEqual(["exchange", "onedrive"]);
    expect(report.coverage.gaps).toEqual(["no PATCH (the delta update) was judged in onedrive"]);
    expect(report.incomplete).toBe("--require-coverage patch: no PATCH (the delta update) was judged in onedrive");
    expect(report.exitCode).toBe(2);
    expect(summaryOf(report)).toContain("Partial run: no PATCH (the delta update) was judged in onedrive.");
  });
});
