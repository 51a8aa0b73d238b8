// The reports users script against: the JSON report's contract shape, JUnit XML, the console summary — and the
// token never appearing in any of them, even when a server echoes it back.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convert } from "xmlbuilder2";
import type { ReferenceResponse, ResponseContext } from "../../conformance/reference/context.ts";
import { createProgress, formatSummary } from "../../conformance/report/console.ts";
import { jsonReport } from "../../conformance/report/json-report.ts";
import { junitReport } from "../../conformance/report/junit-report.ts";
import type { RunReport } from "../../conformance/report/run-report.ts";
import { startDeviatingServer, type DeviatingServer } from "./support/deviating-server.ts";
import { runAgainst, TOKEN } from "./support/run.ts";

/** A server that leaks the caller's credentials into its answers (and deviates, so the leaks reach messages). */
function echoToken(ctx: ResponseContext, response: ReferenceResponse): ReferenceResponse {
  const authorization = String(ctx.request.headers.authorization ?? "");
  if (ctx.operationId === "getExchangeRestoreSession" && response.status === 404) {
    return {
      ...response,
      status: 400,
      body: {
        error: { code: "Leaky", message: `rejected ${authorization} (token ${authorization.replace(/^Bearer /, "")})` },
      },
    };
  }
  if (ctx.operationId === "createExchangeRestoreSession" && response.status === 201) {
    return {
      ...response,
      body: { ...(response.body as object), status: `draft ${authorization.replace(/^Bearer /, "")}` },
    };
  }
  return response;
}

let server: DeviatingServer;
let report: RunReport;
beforeAll(async () => {
  server = await startDeviatingServer({ transform: echoToken });
  report = await runAgainst(server.baseUrl, {
    grep: "^(unknown-session|session-created-as-draft|patch-over-limit|session-lifecycle|auth-required)$",
    restorePoints: ["rp-1", "rp-2", "rp-3"],
  });
});
afterAll(async () => {
  await server.close();
});

describe("the JSON report", () => {
  it("is exactly {summary: {passed, failed, skipped, advisories, consequences}, results: [{scenario, step, check, status, message, source, consequenceOf?}]} first", () => {
    const document = JSON.parse(jsonReport(report)) as Record<string, unknown>;
    expect(Object.keys(document).slice(0, 2)).toEqual(["summary", "results"]);
    const summary = document.summary as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(["passed", "failed", "skipped", "advisories", "consequences"]);
    const results = document.results as Array<Record<string, unknown>>;
    expect(results.length).toBeGreaterThan(20);
    for (const result of results) {
      const keys = ["scenario", "step", "check", "status", "message", "source"];
      expect(Object.keys(result)).toEqual(result.consequenceOf ? [...keys, "consequenceOf"] : keys);
      expect(["passed", "failed", "advisory", "skipped"]).toContain(result.status);
      // Every row that checked something names where its assertion comes from, and the report explains the id.
      if (result.check !== null)
        expect(
          (document.sources as Record<string, unknown>)[result.source as string],
          JSON.stringify(result),
        ).toBeDefined();
      expect(typeof result.scenario).toBe("string");
      expect(typeof result.message).toBe("string");
    }
    const causes = results.filter((result) => result.consequenceOf === undefined);
    for (const status of ["passed", "skipped"] as const) {
      expect(summary[status]).toBe(results.filter((result) => result.status === status).length);
    }
    expect(summary.failed).toBe(causes.filter((result) => result.status === "failed").length);
    expect(summary.advisories).toBe(causes.filter((result) => result.status === "advisory").length);
    expect(summary.consequences).toBe(results.length - causes.length);
    expect(summary.failed).toBeGreaterThan(0);
    expect(summary.skipped).toBe(1);
  });

  it("names the skip and its reason, and the failures with what was received", () => {
    const document = JSON.parse(jsonReport(report)) as { results: Array<Record<string, unknown>> };
    expect(document.results).toContainEqual({
      scenario: "patch-over-limit",
      step: null,
      check: null,
      status: "skipped",
      message: "needs 51 restore points, 3 given (--restore-points)",
      source: null,
    });
    expect(document.results).toContainEqual(
      expect.objectContaining({
        scenario: "unknown-session",
        step: "get",
        check: "status-code",
        status: "failed",
        message: expect.stringMatching(
          /^received 400 \(error\.code "Leaky": rejected Bearer \[REDACTED\] \(token \[REDACTED\]\)\), expected 404$/,
        ),
      }),
    );
  });
});

describe("the JUnit report", () => {
  it("has a testsuite per scenario and a testcase per step × check, with failure and skipped elements", () => {
    const xml = junitReport(report);
    const parsed = convert(xml, { format: "object" }) as {
      testsuites: Record<string, unknown> & { testsuite: Array<Record<string, unknown>> };
    };
    const suites = parsed.testsuites.testsuite;
    expect(parsed.testsuites["@tests"]).toBe(String(report.results.length));
    expect(parsed.testsuites["@failures"]).toBe(String(report.summary.failed));
    expect(suites.map((suite) => suite["@name"])).toEqual(report.scenarios.map((outcome) => outcome.scenario));
    const unknown = suites.find((suite) => suite["@name"] === "unknown-session") as {
      testcase: Array<Record<string, unknown>>;
    };
    const failed = unknown.testcase.find((testcase) => testcase["@name"] === "get › status-code") as {
      failure: Record<string, string>;
    };
    expect(failed.failure["@type"]).toBe("status-code");
    expect(failed.failure["@message"]).toMatch(/^received 400/);
    const skippedSuite = suites.find((suite) => suite["@name"] === "patch-over-limit") as {
      testcase: Record<string, unknown>;
    };
    expect(skippedSuite.testcase["@name"]).toBe("(scenario)");
    expect(skippedSuite.testcase.skipped).toEqual({
      "@message": "needs 51 restore points, 3 given (--restore-points)",
    });
  });
});

describe("JUnit times", () => {
  it("each testcase carries the time its step and check took, adding up to its scenario's", async () => {
    const slow = await startDeviatingServer({
      transform: (ctx, response) =>
        ctx.operationId === "getExchangeRestoreSession"
          ? new Promise((resolve) => setTimeout(() => resolve(response), 150))
          : response,
    });
    try {
      const timed = await runAgainst(slow.baseUrl, { grep: "^unknown-session$" });
      const parsed = convert(junitReport(timed), { format: "object" }) as {
        testsuites: { testsuite: { "@time": string; testcase: Array<Record<string, string>> } };
      };
      const suite = parsed.testsuites.testsuite;
      const times = new Map(suite.testcase.map((testcase) => [testcase["@name"], Number(testcase["@time"])]));
      // The step's request (150 ms) is on its first row; its other checks took their own (short) time.
      expect(times.get("get › transport")).toBeGreaterThanOrEqual(0.15);
      expect(times.get("get › status-code")).toBeLessThan(0.05);
      expect(times.get("list-artifacts › transport")).toBeGreaterThan(0);
      const total = [...times.values()].reduce((sum, time) => sum + time, 0);
      expect(total).toBeGreaterThanOrEqual(0.15);
      expect(total).toBeLessThanOrEqual(Number(suite["@time"]) + 0.01);
    } finally {
      await slow.close();
    }
  });
});

describe("the console", () => {
  it("prints plain progress lines and a summary grouping every failure by check", () => {
    let text = "";
    const progress = createProgress({
      write: (chunk) => (text += chunk),
      interactive: false,
      color: false,
      redact: report.redact,
    });
    for (const outcome of report.scenarios) progress.end(outcome);
    text += formatSummary(report, false).map(report.redact).join("\n");
    expect(text).toMatch(/^FAIL unknown-session \(\d+ of \d+ checks failed, \d+ ms\)$/m);
    expect(text).toMatch(/^SKIP patch-over-limit: needs 51 restore points, 3 given \(--restore-points\)$/m);
    expect(text).toMatch(/^PASS auth-required \(\d+ checks, \d+ ms\)$/m);
    expect(text).toContain("Failures (");
    expect(text).toMatch(/^ {2}status-code \(\d+\)$/m);
    expect(text).toMatch(/^ {4}unknown-session › get: status-code: received 400/m);
    expect(text).toMatch(/^ {2}needs 51 restore points, 3 given \(--restore-points\):\n {4}patch-over-limit$/m);
    expect(text).not.toContain("\x1b[");
  });

  it("rewrites one line in place on an interactive terminal, in colour", () => {
    let text = "";
    const progress = createProgress({
      write: (chunk) => (text += chunk),
      interactive: true,
      color: true,
      redact: report.redact,
    });
    progress.end(report.scenarios[0] as RunReport["scenarios"][number]);
    expect(text.startsWith("\r\x1b[2K")).toBe(true);
    expect(text).toContain("\x1b[");
  });
});

describe("the token", () => {
  it("never appears in the JSON report, the JUnit report or the console, though the server echoed it", () => {
    const console = formatSummary(report, false).map(report.redact).join("\n");
    const outputs = [jsonReport(report), junitReport(report), console];
    for (const output of outputs) {
      expect(output).not.toContain(TOKEN);
      expect(output).toContain("[REDACTED]");
    }
    // The leak itself was real: the server received and echoed the token.
    expect(server.requests.some((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("a 3-character token echoed bare (not after Bearer) is replaced too, wherever it appears", async () => {
    const short = "Zq7";
    const shortReport = await runAgainst(server.baseUrl, {
      token: short,
      grep: "^(unknown-session|session-created-as-draft)$",
    });
    const console = formatSummary(shortReport, false).map(shortReport.redact).join("\n");
    const leak = shortReport.results.find(
      (result) => result.scenario === "unknown-session" && result.check === "status-code",
    );
    expect(leak?.message).toMatch(/"Leaky": rejected Bearer \[REDACTED\] \(token \[REDACTED\]\)/);
    for (const output of [jsonReport(shortReport), junitReport(shortReport), console])
      expect(output).not.toContain(short);
    expect(server.requests.some((request) => request.authorization === `Bearer ${short}`)).toBe(true);
  });

  it("a 1200-character token the target echoes (cut short by the runner's messages) appears in no output", async () => {
    const long = `opaque-${randomBytes(900).toString("base64url").slice(0, 1193)}`;
    expect(long).toHaveLength(1200);
    // The token echoed bare (no "Bearer" before it) where the runner quotes the answer in a shortened form: an
    // error message (the status-code hint; the exploration's failure, so the shrunk scenario file) and, for the
    // scenarios' two creates (they run before the exploration), a body value (the body assertions).
    let creates = 0;
    const leaky = await startDeviatingServer({
      transform: (ctx, response) => {
        const bare = String(ctx.request.headers.authorization ?? "").replace(/^Bearer /, "");
        if (ctx.operationId === "listExchangeRestoreSessions")
          return { ...response, status: 400, body: { error: { code: "Leaky", message: `${bare} is not welcome` } } };
        if (ctx.operationId === "createExchangeRestoreSession" && response.status === 201 && ++creates <= 2)
          return { ...response, body: { ...(response.body as object), status: `draft ${bare}` } };
        return response;
      },
    });
    try {
      const longReport = await runAgainst(leaky.baseUrl, {
        token: long,
        grep: "^(session-created-as-draft|list-top-bounds)$",
        explore: { runs: 20, seed: 7 },
      });
      let printed = "";
      const progress = createProgress({
        write: (chunk) => (printed += chunk),
        interactive: false,
        color: false,
        redact: longReport.redact,
      });
      for (const outcome of longReport.scenarios) progress.end(outcome);
      printed += formatSummary(longReport, false).map(longReport.redact).join("\n");
      const shrunk = longReport.exploration?.failure?.yaml ?? "";
      const pieces = Array.from({ length: long.length - 19 }, (_, start) => long.slice(start, start + 20));
      for (const output of [jsonReport(longReport), junitReport(longReport), printed, shrunk]) {
        expect(output).toContain("[REDACTED]");
        expect(pieces.filter((piece) => output.includes(piece))).toEqual([]);
      }
      expect(leaky.requests.some((request) => request.authorization === `Bearer ${long}`)).toBe(true);
    } finally {
      await leaky.close();
    }
  });
});
