// Each misbehaving server is the reference server with exactly one deviation; the runner must name exactly the
// scenario, step and check that catch it — and nothing else.
import { afterEach, describe, expect, it } from "vitest";
import type { ReferenceResponse, ResponseContext } from "../../conformance/reference/context.ts";
import { formatSummary } from "../../conformance/report/console.ts";
import { junitReport } from "../../conformance/report/junit-report.ts";
import {
  DOCS_SILENT_SERVER,
  rewriteBody,
  startFaultProxy,
  startDeviatingServer,
  type FaultProxy,
  type DeviatingServer,
  type DeviationOptions,
} from "./support/deviating-server.ts";
import { failureMessage, failures, runAgainst } from "./support/run.ts";

const FAILED_ITEM = "@Core.DataModificationException";
const DELTA = "mailboxRestoreArtifacts@delta";

let mutant: DeviatingServer | undefined;
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await mutant?.close();
  proxy = undefined;
  mutant = undefined;
});

async function start(options: DeviationOptions): Promise<DeviatingServer> {
  mutant = await startDeviatingServer(options);
  return mutant;
}

const onOperation =
  (operationId: string, rewrite: (response: ReferenceResponse) => ReferenceResponse | Promise<ReferenceResponse>) =>
  (ctx: ResponseContext, response: ReferenceResponse) =>
    ctx.operationId === operationId ? rewrite(response) : response;

describe("a server with one deviation fails exactly where it deviates", () => {
  it("a string responseCode fails the response schema at the failed item's pointer", async () => {
    const server = await start({
      transform: rewriteBody("updateExchangeRestoreSession", 200, (body) => ({
        ...body,
        [DELTA]: (body[DELTA] as Record<string, Record<string, unknown>>[]).map((entry) =>
          entry[FAILED_ITEM]
            ? {
                ...entry,
                [FAILED_ITEM]: { ...entry[FAILED_ITEM], responseCode: String(entry[FAILED_ITEM].responseCode) },
              }
            : entry,
        ),
      })),
    });
    const report = await runAgainst(server.baseUrl);
    expect(failures(report)).toEqual(
      [
        "patch-remove-absent-schema › patch: response-schema",
        "patch-remove-absent › patch: delta-results",
        "patch-remove-absent › patch: response-schema",
        "patch-remove-foreign-artifact › patch-a: delta-results",
        "patch-remove-foreign-artifact › patch-a: response-schema",
        "seed-patch-applied-odata-id › patch: delta-results",
        "seed-patch-applied-odata-id › patch: response-schema",
        "seed-patch-applied › patch: delta-results",
        "seed-patch-applied › patch: response-schema",
        "seed-patch-odata-id › patch: response-schema",
        "seed-patch › patch: response-schema",
      ].sort(),
    );
    expect(failureMessage(report, "seed-patch", "patch", "response-schema")).toContain(
      '/mailboxRestoreArtifacts@delta/4/@Core.DataModificationException/responseCode: must be integer (received "409")',
    );
    expect(failureMessage(report, "seed-patch-applied", "patch", "delta-results")).toMatch(
      /\/mailboxRestoreArtifacts@delta\/4\/@Core\.DataModificationException\/responseCode: received "409" for removal of artifact [0-9a-f-]{36}, expected 400–499/,
    );
    expect(report.exitCode).toBe(1);
  });

  it("a byte order mark before the session's JSON fails byte-order-mark on that step only", async () => {
    const server = await start({
      transform: onOperation("getExchangeRestoreSession", (response) => ({
        ...response,
        body: undefined,
        rawBody: `\uFEFF${JSON.stringify(response.body)}`,
      })),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^session-lifecycle$" });
    expect(failures(report)).toEqual(["session-lifecycle › get: byte-order-mark"]);
    expect(failureMessage(report, "session-lifecycle", "get", "byte-order-mark")).toBe(
      "the 200 body starts with a UTF-8 byte order mark (EF BB BF); JSON sent over a network carries none",
    );
    expect(report.results.find((row) => row.check === "byte-order-mark" && row.status === "failed")?.source).toBe(
      "rfc8259-utf8",
    );
  });

  it("a wrong status (413 instead of 400 for 51 items) fails status-code only", async () => {
    const server = await start({
      transform: onOperation("updateExchangeRestoreSession", (response) =>
        (response.body as { error?: { code?: string } } | undefined)?.error?.code === "RestoreArtifactsLimitBreached"
          ? { ...response, status: 413 }
          : response,
      ),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-over-limit" });
    expect(failures(report)).toEqual(
      ["patch-over-limit-schema › patch: status-code", "patch-over-limit › patch: status-code"].sort(),
    );
    expect(failureMessage(report, "patch-over-limit", "patch", "status-code")).toMatch(
      /^received 413 \(error\.code "RestoreArtifactsLimitBreached": .*\), expected 400$/,
    );
  });

  it("a PATCH answer without mailboxRestoreArtifacts@delta fails the schema and the delta results", async () => {
    const server = await start({
      transform: rewriteBody("updateExchangeRestoreSession", 200, (body) => {
        delete body[DELTA];
        return body;
      }),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-(add-only|one-item)$" });
    expect(failures(report)).toEqual(
      [
        "patch-add-only › patch: delta-results",
        "patch-add-only › patch: response-schema",
        "patch-one-item › patch: delta-results",
        "patch-one-item › patch: response-schema",
      ].sort(),
    );
    expect(failureMessage(report, "patch-one-item", "patch", "response-schema")).toBe(
      "(root): must have required property 'mailboxRestoreArtifacts@delta'",
    );
    expect(failureMessage(report, "patch-one-item", "patch", "delta-results")).toBe(
      "the answer has no mailboxRestoreArtifacts@delta array",
    );
  });

  it("a wrong content type fails content-type on every answer with a body", async () => {
    const server = await start({ behavior: { responseContentType: "text/plain; charset=utf-8" } });
    const report = await runAgainst(server.baseUrl, { grep: "^session-lifecycle$" });
    expect(failures(report)).toEqual(
      [
        "session-lifecycle › create: content-type",
        "session-lifecycle › get: content-type",
        "session-lifecycle › list-artifacts: content-type",
        "session-lifecycle › list-sessions: content-type",
      ].sort(),
    );
    expect(failureMessage(report, "session-lifecycle", "get", "content-type")).toBe(
      'received Content-Type "text/plain; charset=utf-8"; the contract answers application/json (parameters such as odata.metadata are allowed)',
    );
  });

  it("a server that does not require a token fails every 401 step, and the write it allowed shows in the state", async () => {
    const server = await start({ behavior: { requireAuth: false } });
    const report = await runAgainst(server.baseUrl, { grep: "^auth-required" });
    expect(failures(report)).toEqual(
      [
        "auth-required-changes-nothing › delete-without-token: state",
        "auth-required-changes-nothing › delete-without-token: status-code",
        "auth-required-changes-nothing › delete: status-code",
        "auth-required-changes-nothing › patch-without-token: state",
        "auth-required-changes-nothing › patch-without-token: status-code",
        "auth-required-create › create: status-code",
        "auth-required-activate › activate: status-code",
        "auth-required-writes › delete: status-code",
        "auth-required › get: status-code",
        "auth-required › list-artifacts: status-code",
        "auth-required › list-sessions: status-code",
        "auth-required-writes › patch: status-code",
      ].sort(),
    );
    expect(failureMessage(report, "auth-required-create", "create", "status-code")).toBe("received 201, expected 401");
    expect(failureMessage(report, "auth-required-changes-nothing", "patch-without-token", "state")).toMatch(
      /lacks restore point\(s\) 1b014d8c-71fe-4d00-a01a-31850bc5b32c; holds unexpected restore point\(s\) 2b014d8c-71fe-4d00-a01a-31850bc5b32c/,
    );
  });

  it("a PATCH that answers correctly but does not persist fails the read-back", async () => {
    const server = await start({
      behavior: {
        handlers: { updateExchangeRestoreSession: (ctx, next) => next({ ...ctx, store: ctx.store.clone() }) },
      },
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-(add-only|empty-delta)$" });
    // The session's artifact count (read back by get) still says 0 as well.
    expect(failures(report)).toEqual(
      ["patch-add-only › get: body", "patch-add-only › patch: state", "patch-empty-delta › patch: state"].sort(),
    );
    expect(failureMessage(report, "patch-add-only", "get", "body")).toBe(
      "/restoreSessionArtifactCount/total: received 0, expected 3 (or no value: the property is optional and nullable)",
    );
    expect(failureMessage(report, "patch-add-only", "patch", "state")).toMatch(
      /^the read-back of session [0-9a-f-]{36} \(0 artifact\(s\) on 1 page\(s\)\) lacks restore point\(s\) 1b014d8c-71fe-4d00-a01a-31850bc5b32c, 2b014d8c-71fe-4d00-a01a-31850bc5b32c, 3b014d8c-71fe-4d00-a01a-31850bc5b32c; expected exactly 3: /,
    );
  });

  it("a request that hangs fails that step after --timeout-ms and the run goes on", async () => {
    const server = await start({
      transform: onOperation("getExchangeRestoreSession", () => new Promise<ReferenceResponse>(() => undefined)),
    });
    const started = performance.now();
    const report = await runAgainst(server.baseUrl, { grep: "^session-lifecycle$", timeoutMs: 300 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(failures(report)).toEqual(["session-lifecycle › get: transport"].sort());
    expect(failureMessage(report, "session-lifecycle", "get", "transport")).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/solutions\/backupRestore\/exchangeRestoreSessions\/[0-9a-f-]{36}: no answer within 300 ms \(--timeout-ms\)$/,
    );
    const later = report.results.filter((result) => result.step === "delete" || result.step === "list-sessions");
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((result) => result.status === "passed")).toBe(true);
  });

  it("a reset connection fails that step with a clear message and the run goes on", async () => {
    const server = await start({});
    proxy = await startFaultProxy(server.baseUrl, (method, path) =>
      method === "GET" && /exchangeRestoreSessions\/[^/?]+(\?|$)/.test(path) ? "reset" : "forward",
    );
    const report = await runAgainst(proxy.baseUrl, { grep: "^session-lifecycle$" });
    expect(failures(report)).toEqual(["session-lifecycle › get: transport"].sort());
    expect(failureMessage(report, "session-lifecycle", "get", "transport")).toMatch(
      /: the connection was closed before a complete answer \(/,
    );
    expect(
      report.results.filter((result) => result.step === "delete").every((result) => result.status === "passed"),
    ).toBe(true);
  });

  it("a 429 with Retry-After is retried: the step passes and the report says it was throttled", async () => {
    const server = await start({
      faults: [
        { error: "TooManyRequests", operationId: "updateExchangeRestoreSession", times: 1, retryAfterSeconds: 1 },
      ],
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-one-item$" });
    expect(failures(report)).toEqual([]);
    expect(report.throttled).toEqual([
      { scenario: "patch-one-item", step: "patch", retries: 1, waitedMs: 1000, statuses: [429] },
    ]);
    const transport = report.results.find((result) => result.step === "patch" && result.check === "transport");
    expect(transport?.message).toBe("throttled: 1 retry after 429, waited 1.0 s as Retry-After asked");
    expect(server.requests.filter((request) => request.operationId === "updateExchangeRestoreSession")).toHaveLength(2);
  });

  it("a 429 without Retry-After is retried after the default wait and fails retry-after", async () => {
    let throttledOnce = false;
    const server = await start({
      behavior: {
        handlers: {
          // Refused before anything is applied, as a throttled request is.
          updateExchangeRestoreSession: (ctx, next) => {
            if (throttledOnce) return next(ctx);
            throttledOnce = true;
            return { status: 429, headers: {}, body: { error: { code: "TooManyRequests", message: "slow down" } } };
          },
        },
      },
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-one-item$", retry: { defaultWaitMs: 50 } });
    expect(failures(report)).toEqual(["patch-one-item › patch: retry-after"]);
    expect(failureMessage(report, "patch-one-item", "patch", "retry-after")).toBe(
      "a 429 answer has no Retry-After header; the contract requires one (seconds or an HTTP-date)",
    );
    expect(report.results.find((result) => result.step === "patch" && result.check === "status-code")?.status).toBe(
      "passed",
    );
  });

  it("a Retry-After beyond the runner's limit is not waited for and the step fails saying why", async () => {
    const server = await start({
      faults: [
        { error: "ServiceUnavailable", operationId: "getExchangeRestoreSession", times: 1, retryAfterSeconds: 120 },
      ],
    });
    const report = await runAgainst(server.baseUrl, { grep: "^session-lifecycle$", retry: { maxWaitMs: 2000 } });
    expect(failures(report)).toEqual(["session-lifecycle › get: status-code"].sort());
    expect(failureMessage(report, "session-lifecycle", "get", "status-code")).toMatch(
      /^received 503 \(error\.code "ServiceUnavailable".*\) \(throttled, not retried further: Retry-After 120 asks for 120 s, more than the 2 s the runner waits\), expected 200$/,
    );
  });

  it("a garbage body fails json-body with the parser's complaint and an excerpt", async () => {
    const server = await start({
      transform: onOperation("getExchangeRestoreSession", (response) => ({
        ...response,
        body: undefined,
        rawBody: "<html>oops</html>",
      })),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^session-lifecycle$" });
    expect(failures(report)).toEqual(["session-lifecycle › get: json-body"].sort());
    expect(failureMessage(report, "session-lifecycle", "get", "json-body")).toMatch(
      /^the body is not JSON \(.*\): "<html>oops<\/html>"$/,
    );
  });

  it("a body in another encoding fails json-body naming the first bad byte", async () => {
    const latin1 = Buffer.from('{"id":"caf\u00e9","status":"draft"}', "latin1");
    const server = await start({
      transform: onOperation("getExchangeRestoreSession", (response) => ({
        ...response,
        body: undefined,
        rawBody: latin1,
      })),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^session-lifecycle$" });
    expect(failures(report)).toEqual(["session-lifecycle › get: json-body"].sort());
    expect(failureMessage(report, "session-lifecycle", "get", "json-body")).toBe(
      "the body is not valid UTF-8 (first bad byte at offset 10)",
    );
  });

  it("a redirect off the target is not followed and fails status-code", async () => {
    const server = await start({
      transform: onOperation("getExchangeRestoreSession", () => ({
        status: 302,
        headers: { location: "https://elsewhere.invalid/steal" },
      })),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^session-lifecycle$" });
    expect(failures(report)).toEqual(["session-lifecycle › get: status-code"].sort());
    expect(failureMessage(report, "session-lifecycle", "get", "status-code")).toBe(
      "received 302 (a redirect to https://elsewhere.invalid/steal; the runner never follows redirects), expected 200; 302 is not documented for getExchangeRestoreSession (documented: 200, 400, 401, 403, 404, 429, 503)",
    );
  });

  it("a body larger than the cap fails transport without being read", async () => {
    const server = await start({
      transform: onOperation("getExchangeRestoreSession", (response) => ({
        ...response,
        body: undefined,
        rawBody: JSON.stringify({ id: "x", status: "draft", pad: "x".repeat(200_000) }),
      })),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^session-lifecycle$", maxBodyBytes: 100_000 });
    expect(failures(report)).toEqual(["session-lifecycle › get: transport"].sort());
    expect(failureMessage(report, "session-lifecycle", "get", "transport")).toMatch(
      /: the body declares 200036 bytes \(content-length\), more than the 100000 bytes the runner reads$/,
    );
  });

  it("an @odata.nextLink off the target's origin is not followed and fails paging and state", async () => {
    const server = await start({
      transform: rewriteBody("listMailboxRestoreArtifacts", 200, (body) =>
        body["@odata.nextLink"] ? { ...body, "@odata.nextLink": "https://elsewhere.invalid/next" } : body,
      ),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^artifact-list-paging$" });
    expect(failures(report)).toEqual(
      [
        "artifact-list-paging › list-default: paging",
        "artifact-list-paging › list-default: state",
        "artifact-list-paging › list-top-7: paging",
        "artifact-list-paging › list-top-7: state",
      ].sort(),
    );
    expect(failureMessage(report, "artifact-list-paging", "list-top-7", "paging")).toMatch(
      /^page 1: @odata\.nextLink https:\/\/elsewhere\.invalid\/next leaves the target's origin http:\/\/127\.0\.0\.1:\d+; it was not followed$/,
    );
  });

  it("a page larger than $top fails paging", async () => {
    const server = await start({
      behavior: {
        handlers: {
          listMailboxRestoreArtifacts: (ctx, next) =>
            next({
              ...ctx,
              request: { ...ctx.request, url: new URL(ctx.request.url.href.replace(/%24top=7|\$top=7/, "$top=9")) },
            }),
        },
      },
    });
    const report = await runAgainst(server.baseUrl, { grep: "^artifact-list-paging$" });
    expect(failures(report)).toEqual(["artifact-list-paging › list-top-7: paging"].sort());
    expect(failureMessage(report, "artifact-list-paging", "list-top-7", "paging")).toMatch(
      /^page 1 has 9 items, more than the requested \$top=7; /,
    );
  });

  it("a malformed timestamp and an unknown enum member fail the response schema", async () => {
    const server = await start({
      transform: rewriteBody("getExchangeRestoreSession", 200, (body) => ({
        ...body,
        createdDateTime: "2023-03-30T12-01-03.45Z",
        restoreJobType: "sometimes",
      })),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^session-lifecycle$" });
    expect(failures(report)).toEqual(["session-lifecycle › get: response-schema"].sort());
    const message = failureMessage(report, "session-lifecycle", "get", "response-schema");
    expect(message).toContain('/createdDateTime: must match format "date-time" (received "2023-03-30T12-01-03.45Z")');
    expect(message).toContain(
      '/restoreJobType: must be one of "standard", "bulk", "unknownFutureValue", "granular" (received "sometimes")',
    );
  });

  it("an added entry missing from the PATCH answer fails delta-results by restore point", async () => {
    const server = await start({
      transform: rewriteBody("updateExchangeRestoreSession", 200, (body) => ({
        ...body,
        [DELTA]: (body[DELTA] as unknown[]).slice(1),
      })),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-add-only$" });
    expect(failures(report)).toEqual(["patch-add-only › patch: delta-results"].sort());
    expect(failureMessage(report, "patch-add-only", "patch", "delta-results")).toBe(
      "restore point 1b014d8c-71fe-4d00-a01a-31850bc5b32c: no entry, expected an added entry",
    );
  });

  it("a rejected request that is applied anyway fails the state check", async () => {
    const server = await start({
      behavior: { maxDeltaItems: 51 },
      transform: onOperation("updateExchangeRestoreSession", (response) =>
        response.status === 200 && (response.body as Record<string, unknown[]>)[DELTA]?.length === 51
          ? {
              status: 400,
              headers: response.headers,
              body: { error: { code: "RestoreArtifactsLimitBreached", message: "too many" } },
            }
          : response,
      ),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-over-limit$" });
    expect(failures(report)).toEqual(["patch-over-limit › patch: state"].sort());
    expect(failureMessage(report, "patch-over-limit", "patch", "state")).toMatch(
      /\(51 artifact\(s\) on 3 page\(s\)\) holds unexpected restore point\(s\) .* and 45 more; expected exactly no artifacts$/,
    );
  });

  it("an artifact list that reports another destinationType than the one added fails the state check", async () => {
    const server = await start({
      transform: rewriteBody("listMailboxRestoreArtifacts", 200, (body) => ({
        ...body,
        value: (body.value as Record<string, unknown>[]).map((artifact) => ({ ...artifact, destinationType: "new" })),
      })),
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-(mixed|add-only)$" });
    expect(failures(report)).toEqual(["patch-mixed › patch: state"]);
    expect(failureMessage(report, "patch-mixed", "patch", "state")).toMatch(
      /artifact "[0-9a-f-]{36}" \(\/value\/1\) for restore point 3b014d8c-71fe-4d00-a01a-31850bc5b32c has destinationType "new"; it was added as "inPlace"/,
    );
  });

  it("a PATCH applied to another session than the path names fails both sessions' state", async () => {
    const server = await start({
      behavior: {
        handlers: {
          updateExchangeRestoreSession: (ctx, next) => {
            const newest = ctx.store.sessions().at(-1);
            return next(newest ? { ...ctx, params: { ...ctx.params, exchangeRestoreSessionId: newest.id } } : ctx);
          },
        },
      },
    });
    const report = await runAgainst(server.baseUrl, { grep: "^patch-targets-its-session$" });
    expect(failures(report)).toEqual([
      "patch-targets-its-session › list-b: state",
      "patch-targets-its-session › patch-a: state",
    ]);
  });
});

describe("verdict precision: the contract's own decisions are advisories unless --strict", () => {
  it("a server differing only where the docs are silent passes the default run and sees each difference as an advisory", async () => {
    const server = await start(DOCS_SILENT_SERVER);
    const report = await runAgainst(server.baseUrl, { strict: false });
    expect(failures(report)).toEqual([]);
    expect(report.exitCode).toBe(0);
    const advisories = report.results.filter((result) => result.status === "advisory");
    expect(
      advisories.map((result) => `${result.scenario} › ${result.step}: ${result.check} (${result.source})`).sort(),
    ).toEqual(
      [
        "artifact-list-invalid-top › top-not-a-number: status-code (E23)",
        "artifact-list-invalid-top › top-too-large: status-code (E23)",
        "artifact-list-invalid-top › top-zero: status-code (E23)",
        "list-invalid-skiptoken › artifacts: status-code (E23)",
        "list-invalid-skiptoken › sessions: status-code (E23)",
        "session-list-invalid-top › top-not-a-number: status-code (E23)",
        "session-list-invalid-top › top-too-large: status-code (E23)",
        "session-list-invalid-top › top-zero: status-code (E23)",
      ].sort(),
    );
    expect(report.summary.advisories).toBe(8);
    expect(report.sources.E23).toEqual(
      expect.objectContaining({ kind: "contract", url: "spec/ERRATA.md#e23-responses-the-page-does-not-list" }),
    );
    const summary = formatSummary(report, false).join("\n");
    expect(summary).toContain(
      "Advisories (8): the server differs from the contract's own decisions where Microsoft's docs are silent.",
    );
    expect(summary).toMatch(/Verdict: every required check passed\. 8 advisories/);
    const junit = junitReport(report);
    expect(junit).toMatch(/<skipped message="advisory \(E23\): received 200, expected 400"/);
    expect(junit).not.toContain("<failure");
  });

  it("--strict fails the same server on exactly those assertions, each naming its ERRATA entry and link", async () => {
    const server = await start(DOCS_SILENT_SERVER);
    const report = await runAgainst(server.baseUrl, { strict: true });
    expect(report.exitCode).toBe(1);
    expect(report.summary.advisories).toBe(0);
    expect(
      report.results.filter((result) => result.status === "failed").every((result) => result.source === "E23"),
    ).toBe(true);
    expect(report.summary.failed).toBe(8);
    const summary = formatSummary(report, false).join("\n");
    expect(summary).toContain(
      "session-list-invalid-top › top-zero: status-code: received 200, expected 400 [contract decision E23: spec/ERRATA.md#e23-responses-the-page-does-not-list]",
    );
  });

  it("a failure the docs back fails the default run and its line names the Microsoft page", async () => {
    const server = await start({ behavior: { requireAuth: false } });
    const report = await runAgainst(server.baseUrl, { strict: false, grep: "^auth-required$" });
    expect(report.exitCode).toBe(1);
    expect(failures(report)).toEqual([
      "auth-required › get: status-code",
      "auth-required › list-artifacts: status-code",
      "auth-required › list-sessions: status-code",
    ]);
    expect(formatSummary(report, false).join("\n")).toContain(
      'auth-required › get: status-code: received 404 (error.code "RestoreSessionNotFound": Valid ID but session not found.',
    );
    expect(formatSummary(report, false).join("\n")).toContain(
      "[Microsoft docs: https://learn.microsoft.com/en-us/graph/errors#http-status-codes]",
    );
  });

  it("a response-schema violation is an advisory only where the contract tightened the docs (a null responseCode), not for a wrong type", async () => {
    const nullCode = await start({
      transform: rewriteBody("updateExchangeRestoreSession", 200, (body) => ({
        ...body,
        [DELTA]: (body[DELTA] as Record<string, Record<string, unknown>>[]).map((entry) =>
          entry[FAILED_ITEM] ? { ...entry, [FAILED_ITEM]: { ...entry[FAILED_ITEM], responseCode: null } } : entry,
        ),
      })),
    });
    const report = await runAgainst(nullCode.baseUrl, { strict: false, grep: "^seed-patch$" });
    expect(report.exitCode).toBe(0);
    expect(
      report.results
        .filter((result) => result.status === "advisory")
        .map((result) => `${result.step}: ${result.check} (${result.source})`),
    ).toEqual(["patch: response-schema (E14)"]);
  });
});
