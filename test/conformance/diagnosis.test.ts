// One obvious cause, not a page of failures: a target that is not Graph at all (a web server, a wrong base path, an
// unrelated service) stops the run with a diagnosis; a scenario's later failures are reported as consequences of
// its first (counted apart, shown under their cause, never filed under an unrelated source); and a token that lacks
// the permission gets a hint naming it — in the console, the JSON report and JUnit alike.
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { convert } from "xmlbuilder2";
import { formatSummary } from "../../conformance/report/console.ts";
import { jsonReport } from "../../conformance/report/json-report.ts";
import { junitReport } from "../../conformance/report/junit-report.ts";
import { markConsequences } from "../../conformance/runner/consequences.ts";
import { classifyAnswer } from "../../conformance/runner/target-diagnosis.ts";
import { scenarioForWorkload } from "../../conformance/runner/scenario-for-workload.ts";
import { loadScenarios } from "../../conformance/runner/scenario-loader.ts";
import type { CheckResult } from "../../conformance/vocabulary/check-result.ts";
import type { Scenario } from "../../conformance/vocabulary/scenario.ts";
import { startDeviatingServer, type DeviatingServer } from "./support/deviating-server.ts";
import { readReport, runCli } from "./support/cli.ts";
import { runAgainst } from "./support/run.ts";

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const summaryOf = (report: Parameters<typeof formatSummary>[0]) => formatSummary(report, false).join("\n");

interface JsonRow {
  scenario: string;
  step: string | null;
  check: string | null;
  status: string;
  source: string | null;
  consequenceOf?: { step: string; check: string };
}

type Testcase = Record<string, unknown> & {
  "@name": string;
  failure?: { "@message": string; "#"?: string };
  skipped?: { "@message": string };
};

function testcases(xml: string, scenario: string): Testcase[] {
  const parsed = convert(xml, { format: "object" }) as {
    testsuites: {
      testsuite: Array<{ "@name": string; testcase: Testcase[] }> | { "@name": string; testcase: Testcase[] };
    };
  };
  const suites = [parsed.testsuites.testsuite].flat();
  return [suites.find((suite) => suite["@name"] === scenario)?.testcase ?? []].flat();
}

/** The run's first PATCH fails (500) before the server applies anything: what later steps see follows from it. */
const FIRST_PATCH_FAILS = {
  faults: [{ error: "IncompleteArtifactDeletion" as const, operationId: "updateExchangeRestoreSession" as const }],
};

interface Foreign {
  baseUrl: string;
  close(): Promise<void>;
}

/** A server that is no Graph API: it answers every request with `answer(method)` (status, type, body). */
async function startForeign(answer: (method: string) => [number, string, string]): Promise<Foreign> {
  const server = createServer((request, response) => {
    request.resume();
    const [status, type, body] = answer(request.method ?? "GET");
    response.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const STATIC_SITE = (method: string): [number, string, string] =>
  method === "GET"
    ? [404, "text/html; charset=utf-8", "<!doctype html><title>404</title><h1>Not Found</h1>"]
    : [405, "text/html; charset=utf-8", "<!doctype html><title>405</title><h1>Method Not Allowed</h1>"];

describe("a target that is not Graph at all", () => {
  const foreign: Foreign[] = [];
  afterEach(async () => {
    await Promise.all(foreign.splice(0).map((server) => server.close()));
  });

  it("a static web server, read-only (a first try): exit 2 within 25 lines, each skip reason said once", async () => {
    const site = await startForeign(STATIC_SITE);
    foreign.push(site);
    const outcome = await runCli(["--target", site.baseUrl, "--token", "dev"]);
    const output = `${outcome.stdout}${outcome.stderr}`;
    expect(outcome.code, output).toBe(2);
    expect(output.trimEnd().split("\n").length, output).toBeLessThanOrEqual(25);
    // Some forty scenarios are skipped because writes are not allowed: one line says it, the first of them.
    expect(outcome.stdout.match(/^SKIP .*: writes to the target; pass --allow-writes to run it$/gm)).toHaveLength(1);
    expect(outcome.stdout).toContain("Likely cause: a web server answers, not the API");
  });

  it("a static web server: exit 2 within 25 lines naming what it saw and the base URL to give", async () => {
    const site = await startForeign(STATIC_SITE);
    foreign.push(site);
    const json = join(mkdtempSync(join(tmpdir(), "diagnosis-")), "report.json");
    const outcome = await runCli(["--target", site.baseUrl, "--token", "dev", "--allow-writes", "--report-json", json]);
    const output = `${outcome.stdout}${outcome.stderr}`;
    expect(outcome.code, output).toBe(2);
    expect(output.trimEnd().split("\n").length).toBeLessThanOrEqual(25);
    expect(outcome.stdout).toMatch(/^Not a Graph restore-session API\? The first 4 answers:$/m);
    expect(outcome.stdout).toMatch(/^ {2}(404|405) text\/html \((GET|POST|PATCH|DELETE) \/solutions\/backupRestore\//m);
    expect(outcome.stdout).toContain(
      "Likely cause: a web server answers, not the API — is the base URL right? It must be the Graph root ending in /v1.0",
    );
    expect(outcome.stdout).toContain(`${site.baseUrl} does not end in /v1.0`);
    expect(outcome.stdout).not.toContain("Failures (");
    expect(outcome.stderr).toMatch(
      /stopped: the target does not answer like Microsoft Graph: every answer \(4\) was a web page/,
    );
    const report = readReport(json);
    expect(report.stopped?.kind).toBe("not-graph");
    expect(report.interrupted).toBe(true);
  });

  it("a wrong base path on a Graph-like server (the collection 404s): exit 2, naming the collection", async () => {
    server = await startDeviatingServer();
    const wrong = server.baseUrl.replace(/\/v1\.0$/, "/beta");
    const report = await runAgainst(wrong);
    expect(report.stopped?.kind).toBe("not-graph");
    expect(report.stopped?.reason).toMatch(
      /every answer \(4\) was a 404 for the session collection; likely cause: the session collection does not exist under this base URL — is the base URL right\?.*\/beta does not end in \/v1\.0$/,
    );
    expect(report.stopped?.seen?.[0]).toMatch(
      /^404 for the session collection itself \((GET|POST) \/solutions\/backupRestore\/exchangeRestoreSessions\)$/,
    );
    expect(summaryOf(report).split("\n").length).toBeLessThanOrEqual(15);
  });

  it("an unrelated JSON service: exit 2, its errors are not Graph's", async () => {
    const service = await startForeign(() => [404, "application/json", '{"detail":"Not Found"}']);
    foreign.push(service);
    const report = await runAgainst(`${service.baseUrl}/v1.0`);
    expect(report.stopped?.kind).toBe("not-graph");
    expect(report.stopped?.reason).toMatch(/likely cause: the session collection does not exist under this base URL/);
    const other = await startForeign((method) =>
      method === "GET"
        ? [200, "application/json", '{"status":"ok"}']
        : [405, "application/json", '{"detail":"Method Not Allowed"}'],
    );
    foreign.push(other);
    const writes = await runAgainst(`${other.baseUrl}/v1.0`, { grep: "^(patch|session-create)-" });
    expect(writes.stopped?.reason).toMatch(/JSON that is not a Graph error; likely cause: another service answers/);
    expect(writes.stopped?.seen?.[0]).toMatch(/^405 \{"detail":"Method Not Allowed"\} \(POST /);
  });

  it("a Graph-like server answering 404 for unknown sessions (with or without an envelope) never trips it", async () => {
    server = await startDeviatingServer();
    const report = await runAgainst(server.baseUrl, { grep: "^(unknown-session|deleted-session|invalid-session-id)" });
    expect(report.stopped).toBeUndefined();
    expect(report.exitCode).toBe(0);
    await server.close();
    server = await startDeviatingServer({
      transform: (_ctx, response) =>
        response.status === 404
          ? { status: 404, headers: { "content-type": "text/plain" }, body: "Not Found" }
          : response,
    });
    const bare = await runAgainst(server.baseUrl, { grep: "^(unknown-session|deleted-session)" });
    expect(bare.stopped).toBeUndefined();
    expect(bare.exitCode).toBe(1);
  });

  it("classifies one answer: throttling, a 401 and an API's broken JSON say nothing; a success settles it", () => {
    const base = "http://h/v1.0";
    const answer = (method: string, path: string, status: number, type: string, body: string) => ({
      request: { method, url: `${base}${path}`, headers: {} },
      status,
      headers: new Headers(type ? { "content-type": type } : {}),
      bytes: Buffer.from(body),
    });
    const collection = "/solutions/backupRestore/exchangeRestoreSessions";
    const kind = (...args: Parameters<typeof answer>) => classifyAnswer(answer(...args), base).kind;
    expect(kind("GET", collection, 429, "application/json", '{"error":{"code":"TooManyRequests"}}')).toBe("neutral");
    expect(kind("GET", collection, 401, "application/json", '{"error":{"code":"InvalidAuthenticationToken"}}')).toBe(
      "neutral",
    );
    expect(kind("POST", collection, 201, "application/json", "\u001f\u008b garbage")).toBe("neutral");
    expect(kind("GET", `${collection}/x`, 404, "text/plain", "Not Found")).toBe("neutral");
    expect(kind("GET", `${collection}/x`, 404, "application/json", '{"error":{"code":"RestoreSessionNotFound"}}')).toBe(
      "neutral",
    );
    expect(kind("GET", collection, 404, "application/json", '{"error":{"code":"ResourceNotFound"}}')).toBe("foreign");
    expect(kind("GET", collection, 200, "text/html", "<html></html>")).toBe("foreign");
    expect(kind("GET", collection, 302, "", "")).toBe("foreign");
    expect(kind("GET", collection, 200, "application/json", '{"value":[]}')).toBe("graph");
    expect(kind("POST", collection, 400, "text/html", '{"error":{"code":"BadRequest"}}')).toBe("graph");
  });
});

describe("knock-on failures", () => {
  it("the first failure of a scenario is the cause; later ones are its consequences, in every output", async () => {
    server = await startDeviatingServer(FIRST_PATCH_FAILS);
    // Not strict: the knock-on state checks of the E29 steps would be advisories filed under E29.
    const report = await runAgainst(server.baseUrl, { grep: "^patch-malformed-applies-nothing$", strict: false });
    expect(report.exitCode).toBe(1);

    const json = JSON.parse(jsonReport(report)) as { summary: Record<string, number>; results: JsonRow[] };
    const problems = json.results.filter((row) => row.status === "failed" || row.status === "advisory");
    const causes = problems.filter((row) => row.consequenceOf === undefined);
    const consequences = problems.filter((row) => row.consequenceOf !== undefined);
    // The prepare PATCH failed (status-code, and what the 500 lacks); everything after follows from it.
    expect(new Set(causes.map((row) => row.step))).toEqual(new Set(["prepare"]));
    expect(consequences.length).toBeGreaterThanOrEqual(5);
    for (const row of consequences) expect(row.consequenceOf).toEqual({ step: "prepare", check: "status-code" });
    expect(consequences.map((row) => `${row.step} ${row.check} ${row.source}`)).toContain(
      "unannotated-delta-key state E29",
    );
    expect(json.summary.failed).toBe(causes.filter((row) => row.status === "failed").length);
    expect(json.summary.advisories).toBe(0);
    expect(json.summary.consequences).toBe(consequences.length);

    const summary = summaryOf(report);
    expect(summary).toMatch(
      new RegExp(
        `checks: \\d+ passed, ${json.summary.failed} failed, ${consequences.length} consequences of them, 0 advisories`,
      ),
    );
    expect(summary).toMatch(
      /^ {4}patch-malformed-applies-nothing › prepare: status-code: received 500 .*\n {6}then malformed-json: state: /m,
    );
    // Nothing is filed under E29: the state checks that failed because prepare did are under their cause.
    expect(summary).not.toContain("Advisories (");
    expect(summary).not.toContain("ERRATA E29");
    expect(summary).toMatch(
      new RegExp(
        `Verdict: ${json.summary.failed} check\\(s\\) failed \\(${consequences.length} later failures follow from them\\)\\.`,
      ),
    );

    const cases = testcases(junitReport(report), "patch-malformed-applies-nothing");
    const cause = cases.find((testcase) => testcase["@name"] === "prepare › status-code");
    expect(cause?.failure?.["#"]).toMatch(
      new RegExp(
        `later failures of this scenario that follow it \\(${consequences.length}\\):\\n {2}malformed-json › state: `,
      ),
    );
    const consequence = cases.find((testcase) => testcase["@name"] === "unannotated-delta-key › state");
    expect(consequence?.failure).toBeUndefined();
    expect(consequence?.skipped?.["@message"]).toMatch(/^consequence of prepare › status-code: /);
    expect(cases.filter((testcase) => testcase.failure)).toHaveLength(json.summary.failed as number);
  });

  it("a scenario whose only failure is its last step has no consequences", async () => {
    server = await startDeviatingServer(FIRST_PATCH_FAILS);
    const report = await runAgainst(server.baseUrl, { grep: "^patch-one-item$" });
    expect(report.summary.consequences).toBe(0);
    expect(report.results.filter((row) => row.consequenceOf)).toEqual([]);
  });
});

describe("which later failures are consequences", () => {
  const scenario = (id: string) =>
    scenarioForWorkload(
      loadScenarios().find((candidate) => candidate.id === id) as Parameters<typeof scenarioForWorkload>[0],
      "exchange",
      ["exchange"],
    ) as Scenario;
  const failedAt = (scenarioId: string, steps: string[], status: CheckResult["status"] = "failed"): CheckResult[] =>
    steps.map((step) => ({ scenario: scenarioId, step, check: "status-code", status, message: "x", source: "s" }));

  it("independent reads stay separate causes; a read of what a failed step produced, or anything after a failed write, follows it", () => {
    const bounds = scenario("list-top-bounds");
    const marked = markConsequences(
      failedAt("list-top-bounds", ["sessions-top-1", "sessions-top-999", "create", "artifacts-top-1", "delete"]),
      bounds.steps,
    );
    expect(
      marked.map((row) => `${row.step} ${row.consequenceOf ? `after ${row.consequenceOf.step}` : "cause"}`),
    ).toEqual([
      "sessions-top-1 cause",
      "sessions-top-999 cause",
      "create cause",
      "artifacts-top-1 after create",
      "delete after create",
    ]);
    const reads = markConsequences(
      failedAt("auth-required", ["list-sessions", "get", "list-artifacts"]),
      scenario("auth-required").steps,
    );
    expect(reads.filter((row) => row.consequenceOf)).toEqual([]);
  });

  it("an advisory after a failed write follows it; one before it, or without the scenario's steps, stays an advisory", () => {
    const lifecycle = scenario("session-lifecycle");
    const rows = [...failedAt("session-lifecycle", ["create"]), ...failedAt("session-lifecycle", ["get"], "advisory")];
    expect(markConsequences(rows, lifecycle.steps)[1]?.consequenceOf).toEqual({ step: "create", check: "status-code" });
    const advisoryFirst = [
      ...failedAt("session-lifecycle", ["create"], "advisory"),
      ...failedAt("session-lifecycle", ["get"]),
    ];
    expect(markConsequences(advisoryFirst, lifecycle.steps).some((row) => row.consequenceOf)).toBe(false);
    expect(markConsequences(rows, undefined).some((row) => row.consequenceOf)).toBe(false);
  });
});

describe("a token without the permission", () => {
  it("every failing step answered 403 accessDenied: the report leads with the permissions each operation needs", async () => {
    server = await startDeviatingServer({ faults: [{ error: "accessDenied", times: Infinity }] });
    const report = await runAgainst(server.baseUrl, { grep: "^(unknown-session|session-lifecycle)$" });
    expect(report.exitCode).toBe(1);
    expect(report.hints).toHaveLength(1);
    const hint = report.hints[0] as string;
    expect(hint).toMatch(
      /^\d+ of the \d+ failing steps were answered 403 \(accessDenied\): the token seems to lack the permission/,
    );
    expect(hint).toContain(
      "(getExchangeRestoreSession, listMailboxRestoreArtifacts, listExchangeRestoreSessions need BackupRestore-Restore.Read.All or BackupRestore-Restore.ReadWrite.All; createExchangeRestoreSession need BackupRestore-Restore.ReadWrite.All)",
    );
    const summary = summaryOf(report);
    expect(summary.indexOf(`Hint: ${hint}`)).toBeGreaterThan(0);
    expect(summary.indexOf("Hint: ")).toBeLessThan(summary.indexOf("Failures ("));
    expect((JSON.parse(jsonReport(report)) as { hints: string[] }).hints).toEqual([hint]);
    const failure = testcases(junitReport(report), "unknown-session").find((testcase) => testcase.failure);
    expect(failure?.failure?.["#"]).toContain(`hint: ${hint}`);
  });

  it("a documented 403 (RestoreSessionActionNotAllowed) is no permission problem", async () => {
    server = await startDeviatingServer({
      transform: (ctx, response) =>
        ctx.operationId === "getExchangeRestoreSession" || ctx.operationId === "listMailboxRestoreArtifacts"
          ? {
              status: 403,
              headers: { "content-type": "application/json" },
              body: { error: { code: "RestoreSessionActionNotAllowed", message: "Not a draft." } },
            }
          : response,
    });
    const report = await runAgainst(server.baseUrl, { grep: "^(unknown-session|session-lifecycle)$" });
    expect(report.exitCode).toBe(1);
    expect(report.hints).toEqual([]);
  });
});
