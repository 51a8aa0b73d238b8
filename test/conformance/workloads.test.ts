// The suite judges the restore-session family workload by workload: --workload chooses them (a URL run without it
// is the Exchange run it always was), a workload the target does not serve is reported as not served, the checks
// take every name from the workload (delta key, types), each assertion cites its workload's page (or the
// contract's decision where SharePoint's page contradicts its siblings), and the reports group by workload.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convert } from "xmlbuilder2";
import { afterEach, describe, expect, it } from "vitest";
import type { ReferenceResponse, ResponseContext } from "../../conformance/reference/context.ts";
import { formatSummary } from "../../conformance/report/console.ts";
import { jsonReport } from "../../conformance/report/json-report.ts";
import { junitReport } from "../../conformance/report/junit-report.ts";
import { WORKLOADS } from "../../src/contract/workloads.ts";
import { startDeviatingServer, type DeviatingServer } from "./support/deviating-server.ts";
import { failures, runAgainst } from "./support/run.ts";

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A transform that rewrites the 2xx JSON answers of one operation. */
function rewriting(operationId: string, rewrite: (body: Record<string, unknown>) => Record<string, unknown>) {
  return (ctx: ResponseContext, response: ReferenceResponse): ReferenceResponse =>
    ctx.operationId === operationId && response.status < 300 && response.body !== undefined
      ? { ...response, body: rewrite(structuredClone(response.body) as Record<string, unknown>) }
      : response;
}

/** `workload scenario › step: check` of every row with `status`, sorted. */
function rows(report: Awaited<ReturnType<typeof runAgainst>>, status: string): string[] {
  return report.results
    .filter((result) => result.status === status)
    .map((result) => `${result.workload} ${result.scenario} › ${result.step ?? "-"}: ${result.check ?? "-"}`)
    .sort();
}

describe("which workloads a run judges", () => {
  it("a URL run without --workload is the Exchange run: no probe, no request to another workload's collection", async () => {
    server = await startDeviatingServer();
    const report = await runAgainst(server.baseUrl, { grep: "^patch-one-item$" });
    expect(report.workloads).toEqual({
      asked: ["exchange"],
      judged: ["exchange"],
      notServed: [],
      byDefault: true,
    });
    // The reachability probe of a URL target (no token) comes first, as always; then the scenario itself.
    const authorized = server.requests.filter((request) => request.authorization !== undefined);
    expect(authorized[0]).toMatchObject({ method: "POST", operationId: "createExchangeRestoreSession" });
    expect(server.requests.every((request) => request.path.startsWith("/solutions/backupRestore/exchange"))).toBe(true);
    // Its JSON rows are today's: no workload member.
    const document = JSON.parse(jsonReport(report)) as { results: Array<Record<string, unknown>> };
    expect(document.results.every((row) => !("workload" in row))).toBe(true);
  });

  it("--workload names the workloads; each is probed with a GET on its collection first", async () => {
    server = await startDeviatingServer();
    const report = await runAgainst(server.baseUrl, { grep: "^patch-one-item$", workloads: ["onedrive,sharepoint"] });
    expect(report.exitCode).toBe(0);
    expect(report.workloads.judged).toEqual(["onedrive", "sharepoint"]);
    // After the reachability probe of a URL target (no token): a GET on each collection asked for.
    expect(
      server.requests
        .filter((request) => request.authorization !== undefined)
        .slice(0, 2)
        .map((request) => `${request.method} ${request.path}`)
        .sort(),
    ).toEqual([`GET ${WORKLOADS.onedrive.collectionPath}`, `GET ${WORKLOADS.sharepoint.collectionPath}`]);
    expect(report.scenarios.map((outcome) => `${outcome.workload} ${outcome.scenario}`)).toEqual([
      "onedrive patch-one-item",
      "sharepoint patch-one-item",
    ]);
    expect(server.requests.some((request) => request.operationId === "updateOneDriveForBusinessRestoreSession")).toBe(
      true,
    );
    expect(server.requests.some((request) => request.operationId === "updateExchangeRestoreSession")).toBe(false);
  });

  it("a workload the target does not serve (404 on its collection) is reported as not served, not as failures", async () => {
    server = await startDeviatingServer({ behavior: { served: ["sharepoint"] } });
    const report = await runAgainst(server.baseUrl, {
      grep: "^(patch-one-item|session-in-its-own-collection)$",
      workloads: ["all"],
    });
    expect(report.exitCode).toBe(0);
    expect(failures(report)).toEqual([]);
    expect(report.workloads.judged).toEqual(["sharepoint"]);
    expect(report.workloads.notServed).toEqual([
      {
        workload: "exchange",
        reason: "GET /solutions/backupRestore/exchangeRestoreSessions answered 404: the target has no such collection",
      },
      {
        workload: "onedrive",
        reason:
          "GET /solutions/backupRestore/oneDriveForBusinessRestoreSessions answered 404: the target has no such collection",
      },
    ]);
    // One workload judged: the cross-workload scenario has no other workload to look in, so it does not run.
    expect(report.scenarios.map((outcome) => `${outcome.workload} ${outcome.scenario}`)).toEqual([
      "sharepoint patch-one-item",
    ]);
    const summary = formatSummary(report, false).join("\n");
    expect(summary).toContain("coverage: workload sharepoint (not served: exchange, onedrive) · ");
    expect(summary).toContain(
      "  OneDrive for Business (onedrive): not served — GET /solutions/backupRestore/oneDriveForBusinessRestoreSessions answered 404",
    );
    expect(summary).toContain("Verdict: every required check passed.");
  });

  it("a target that serves none of the workloads asked for is no verdict (exit 2), saying why", async () => {
    server = await startDeviatingServer({ behavior: { served: ["exchange"] } });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-one-item$", workloads: ["onedrive"] });
    expect(report.exitCode).toBe(2);
    expect(report.incomplete).toBe(
      "the target serves none of the workloads asked for (onedrive: GET /solutions/backupRestore/oneDriveForBusinessRestoreSessions answered 404: the target has no such collection)",
    );
    expect(report.scenarios).toEqual([]);
  });

  it("an unknown workload is a configuration error before anything starts", async () => {
    await expect(runAgainst("http://127.0.0.1:9/v1.0", { workloads: ["exchange,teams"] })).rejects.toThrow(
      '--workload "teams" is not a workload; the workloads are exchange, onedrive, sharepoint (or all)',
    );
  });
});

describe("the checks take every name from the workload", () => {
  it("a OneDrive answer under Exchange's delta key fails the schema and delta-results in OneDrive only", async () => {
    server = await startDeviatingServer({
      transform: rewriting(WORKLOADS.onedrive.operationIds.update, (body) => {
        const { [WORKLOADS.onedrive.deltaKey]: entries, ...rest } = body;
        return { ...rest, [WORKLOADS.exchange.deltaKey]: entries };
      }),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-add-only$", workloads: ["all"] });
    expect(rows(report, "failed")).toEqual([
      "onedrive patch-add-only › patch: delta-results",
      "onedrive patch-add-only › patch: response-schema",
    ]);
    expect(report.results.find((row) => row.workload === "onedrive" && row.check === "delta-results")?.message).toBe(
      "the answer has no driveRestoreArtifacts@delta array",
    );
  });

  it("another workload's @odata.type on a session or an artifact fails odata-type; the docs' spelling of a type passes", async () => {
    server = await startDeviatingServer({
      transform: (ctx, response) => {
        if (ctx.operationId === WORKLOADS.onedrive.operationIds.get && response.status === 200)
          return {
            ...response,
            body: { ...(response.body as object), "@odata.type": "#microsoft.graph.exchangeRestoreSession" },
          };
        if (ctx.operationId === WORKLOADS.sharepoint.operationIds.get && response.status === 200)
          return {
            ...response,
            body: { ...(response.body as object), "@odata.type": "#microsoft.graph.sharepointRestoreSession" },
          };
        return response;
      },
    });
    const report = await runAgainst(server.baseUrl, { grep: "^session-lifecycle$", workloads: ["all"] });
    expect(rows(report, "failed")).toEqual(["onedrive session-lifecycle › get: odata-type"]);
    const failed = report.results.find((row) => row.status === "failed");
    expect(failed?.source).toBe("odata-entity-type");
    expect(failed?.message).toBe(
      '/@odata.type: received "#microsoft.graph.exchangeRestoreSession", expected #microsoft.graph.oneDriveForBusinessRestoreSession (the OneDrive for Business workload\'s type)',
    );
    expect(
      report.results.find((row) => row.workload === "sharepoint" && row.step === "get" && row.check === "odata-type")
        ?.status,
    ).toBe("passed");
  });
});

describe("each assertion cites its workload's source", () => {
  it("an entry no request item explains fails in OneDrive (its page) and is an advisory in SharePoint (E37)", async () => {
    const extra = {
      id: "00000000-0000-4000-8000-0000000000aa",
      restorePoint: { id: "7b014d8c-71fe-4d00-a01a-31850bc5b32c" },
      destinationType: "new",
      status: "added",
    };
    server = await startDeviatingServer({
      transform: (ctx, response) => {
        const workload = ctx.workload;
        if (!workload || ctx.operationId !== workload.operationIds.update || response.status !== 200) return response;
        const body = response.body as Record<string, unknown[]>;
        return { ...response, body: { ...body, [workload.deltaKey]: [...(body[workload.deltaKey] ?? []), extra] } };
      },
    });
    const report = await runAgainst(server.baseUrl, {
      grep: "^patch-add-only$",
      workloads: ["onedrive", "sharepoint"],
      strict: false,
    });
    const deltaRow = (workload: string) =>
      report.results.find((row) => row.workload === workload && row.step === "patch" && row.check === "delta-results");
    expect(deltaRow("onedrive")).toMatchObject({ status: "failed", source: "onedrive-update-answer-items" });
    expect(deltaRow("sharepoint")).toMatchObject({ status: "advisory", source: "E37" });
    expect(deltaRow("sharepoint")?.message).toMatch(/names no item of the request$/);
    expect(report.sources["onedrive-update-answer-items"]?.url).toMatch(/onedriveforbusinessrestoresession-update/);
    // Rows of other assertions cite the workload's own page too.
    const created = (workload: string) =>
      report.results.find((row) => row.workload === workload && row.step === "create" && row.check === "status-code");
    expect(created("onedrive")?.source).toBe("onedrive-create-empty");
    expect(created("sharepoint")?.source).toBe("sharepoint-create-empty");
  });

  it("a SharePoint session created activating is an advisory (E42), a OneDrive one a failure", async () => {
    server = await startDeviatingServer({
      transform: (ctx, response) =>
        ctx.workload && ctx.operationId === ctx.workload.operationIds.create && response.status === 201
          ? { ...response, body: { ...(response.body as object), status: "activating" } }
          : response,
    });
    const report = await runAgainst(server.baseUrl, {
      grep: "^session-created-as-draft$",
      workloads: ["onedrive,sharepoint"],
      strict: false,
    });
    const bodyRow = (workload: string) =>
      report.results.find((row) => row.workload === workload && row.step === "create" && row.check === "body");
    expect(bodyRow("onedrive")).toMatchObject({ status: "failed", source: "onedrive-create-draft" });
    expect(bodyRow("sharepoint")).toMatchObject({ status: "advisory", source: "E42" });
  });
});

describe("the reports group results by workload", () => {
  it("console, JSON and JUnit name each row's workload when the run judges more than Exchange", async () => {
    server = await startDeviatingServer({
      transform: rewriting(WORKLOADS.sharepoint.operationIds.update, (body) => ({
        ...body,
        "@odata.type": "#microsoft.graph.driveRestoreArtifact",
      })),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-one-item$", workloads: ["all"] });
    expect(rows(report, "failed")).toEqual(["sharepoint patch-one-item › patch: odata-type"]);

    const summary = formatSummary(report, false).join("\n");
    expect(summary).toContain("coverage: workloads exchange, onedrive, sharepoint · ");
    expect(summary).toMatch(
      / {2}Exchange \(exchange\): 1 scenarios: 1 passed, 0 failed, 0 skipped · PATCH judged in 1 step\n/,
    );
    expect(summary).toContain(
      "Failures (1), by workload and check:\n  SharePoint (1)\n    odata-type (1)\n      patch-one-item [sharepoint] › patch: odata-type:",
    );

    const document = JSON.parse(jsonReport(report)) as {
      results: Array<Record<string, unknown>>;
      workloads: { judged: string[] };
    };
    expect(document.workloads.judged).toEqual(["exchange", "onedrive", "sharepoint"]);
    for (const row of document.results)
      expect(Object.keys(row)).toEqual(["scenario", "step", "check", "status", "message", "source", "workload"]);

    const parsed = convert(junitReport(report), { format: "object" }) as {
      testsuites: { testsuite: Array<{ "@name": string; testcase: Array<Record<string, string>> }> };
    };
    const suites = parsed.testsuites.testsuite;
    expect(suites.map((suite) => suite["@name"])).toEqual([
      "patch-one-item [exchange]",
      "patch-one-item [onedrive]",
      "patch-one-item [sharepoint]",
    ]);
    expect(suites[1]?.testcase[0]?.["@classname"]).toBe("onedrive.patch-one-item");
  });
});

describe("known deviations per workload", () => {
  it("an entry naming a workload applies to that workload's run of the scenario only", async () => {
    server = await startDeviatingServer({
      behavior: { workloads: { onedrive: { responseContentType: "text/html" } } },
    });
    const path = join(mkdtempSync(join(tmpdir(), "conformance-expectations-")), "target.yaml");
    writeFileSync(
      path,
      [
        "description: OneDrive answers text/html",
        "expectations:",
        "  - { scenario: patch-one-item, workload: onedrive, check: content-type, expected: failure, reason: html }",
      ].join("\n"),
    );
    const report = await runAgainst(server.baseUrl, {
      grep: "^patch-one-item$",
      workloads: ["exchange,onedrive"],
      expectationsFile: path,
    });
    expect(failures(report)).toEqual([]);
    expect(new Set(report.expectedFailures.map((entry) => entry.workload))).toEqual(new Set(["onedrive"]));
    const wrong = join(mkdtempSync(join(tmpdir(), "conformance-expectations-")), "target.yaml");
    writeFileSync(
      wrong,
      [
        "description: wrong",
        "expectations:",
        "  - { scenario: seed-patch-odata-id, workload: onedrive, check: '*', expected: skip, reason: x }",
      ].join("\n"),
    );
    await expect(runAgainst(server.baseUrl, { expectationsFile: wrong })).rejects.toThrow(
      /scenario seed-patch-odata-id does not run in onedrive/,
    );
  });
});
