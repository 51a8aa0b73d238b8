// The conformance CLI against servers that break HTTP itself: each run must end in bounded time with exit code 1
// (the target answered its probe, so it is reachable: a conformance failure, not a configuration error), a failed
// check whose message names the problem, no internal error, and the token nowhere in its output. A server that
// answers nothing but redirects is no Graph API at all: that run stops with exit 2 and says so.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/repo-root.ts";
import {
  MISBEHAVIOURS,
  recordingAnswer,
  redirectTo,
  startBadServer,
  throttleStorm,
  type BadServer,
  type Misbehaviour,
} from "./support/bad-servers.ts";

const TOKEN = "bad-server-secret-token-8e1f27c4";
const TIMEOUT_MS = 500;
/**
 * --timeout-ms for the 10.5 MB bodies. The runner promises to stop reading at 10 MB whatever the time; it does not
 * promise to read 10 MB in 500 ms, which a loaded machine cannot. With this deadline the cap, not the clock, ends
 * the read, and the run still ends within the deadline the runner was given.
 */
const HUGE_BODY_TIMEOUT_MS = 20_000;
/** Node's start, the probe and the report, on top of a request's deadline (a loaded 2-core machine). */
const RUN_OVERHEAD_MS = 15_000;
/** One authorized request: POST create with 51 artifacts (a single-step scenario). */
const ONE_STEP = "^session-create-over-limit$";

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  report: {
    summary: { passed: number; failed: number; skipped: number };
    results: Array<{ scenario: string; step: string | null; check: string | null; status: string; message: string }>;
  };
}

let directory: string;
const servers: BadServer[] = [];

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), "bad-servers-"));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function serve(misbehave: Misbehaviour, host?: string): Promise<BadServer> {
  const server = await startBadServer(misbehave, host);
  servers.push(server);
  return server;
}

function runCli(baseUrl: string, name: string, options: { grep?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const { grep = ONE_STEP, timeoutMs = TIMEOUT_MS } = options;
  const reportFile = join(directory, `${name}.json`);
  const args = [
    "conformance/cli.ts",
    "--target",
    baseUrl,
    "--token",
    TOKEN,
    "--allow-writes",
    "--no-explore",
    "--timeout-ms",
    String(timeoutMs),
    "--grep",
    grep,
    "--report-json",
    reportFile,
  ];
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: repoRoot, timeout: 60_000, maxBuffer: 4 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", CI: "1" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        let report: CliRun["report"] = { summary: { passed: 0, failed: 0, skipped: 0 }, results: [] };
        try {
          report = JSON.parse(readFileSync(reportFile, "utf8")) as CliRun["report"];
        } catch {
          // no report: the assertions below say so
        }
        resolve({ code, stdout, stderr, wallMs: performance.now() - started, report });
      },
    );
  });
}

function failedRows(run: CliRun) {
  return run.report.results.filter((row) => row.status === "failed");
}

/** The common verdict: exit 1, a failed `check` on the step whose message matches, no crash, no token. */
function expectFailure(run: CliRun, check: string, message: RegExp, maxWallMs: number): void {
  expect(run.stderr, run.stderr).not.toMatch(/internal error|TypeError|Unhandled/);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
  const rows = failedRows(run);
  expect(rows.map((row) => `${row.scenario} › ${row.step}: ${row.check}`)).toContain(
    `session-create-over-limit › create: ${check}`,
  );
  expect(rows.find((row) => row.check === check)?.message).toMatch(message);
  expect(`${run.stdout}${run.stderr}${JSON.stringify(run.report)}`).not.toContain(TOKEN);
  expect(run.wallMs).toBeLessThan(maxWallMs);
}

describe("the runner against bad servers", () => {
  it("a server that never answers: the step fails after --timeout-ms", async () => {
    const server = await serve(MISBEHAVIOURS.hang);
    const run = await runCli(server.baseUrl, "hang");
    expectFailure(
      run,
      "transport",
      new RegExp(`POST .*/exchangeRestoreSessions: no answer within ${TIMEOUT_MS} ms \\(--timeout-ms\\)`),
      15_000,
    );
    expect(failedRows(run)).toHaveLength(1);
  });

  it("a server that drips the body a byte every 200 ms: the step fails once the deadline passes", async () => {
    const server = await serve(MISBEHAVIOURS.drip);
    const run = await runCli(server.baseUrl, "drip");
    expectFailure(run, "transport", new RegExp(`the body was not complete after ${TIMEOUT_MS} ms`), 15_000);
  });

  it("a connection reset in the middle of the body: the answer is reported truncated", async () => {
    const server = await serve(MISBEHAVIOURS["reset-mid-body"]);
    const run = await runCli(server.baseUrl, "reset");
    expectFailure(
      run,
      "transport",
      /the answer \(201\) ended before its body was complete \(content-length 2000\)/,
      15_000,
    );
  });

  it(
    "a 10.5 MB body with its Content-Length: refused before it is read",
    async () => {
      const server = await serve(MISBEHAVIOURS["huge-body-declared"]);
      const run = await runCli(server.baseUrl, "huge-declared", { timeoutMs: HUGE_BODY_TIMEOUT_MS });
      expectFailure(
        run,
        "transport",
        /the body declares 11010048 bytes \(content-length\), more than the 10 MB the runner reads/,
        HUGE_BODY_TIMEOUT_MS + RUN_OVERHEAD_MS,
      );
    },
    HUGE_BODY_TIMEOUT_MS + 2 * RUN_OVERHEAD_MS,
  );

  it(
    "a 10.5 MB body streamed without a Content-Length: reading stops at the cap",
    async () => {
      const server = await serve(MISBEHAVIOURS["huge-body-chunked"]);
      const run = await runCli(server.baseUrl, "huge-chunked", { timeoutMs: HUGE_BODY_TIMEOUT_MS });
      expectFailure(
        run,
        "transport",
        /the body exceeds 10 MB; the runner stopped reading it/,
        HUGE_BODY_TIMEOUT_MS + RUN_OVERHEAD_MS,
      );
    },
    HUGE_BODY_TIMEOUT_MS + 2 * RUN_OVERHEAD_MS,
  );

  it("JSON that is not UTF-8: the offset of the first bad byte is named", async () => {
    const server = await serve(MISBEHAVIOURS["non-utf8"]);
    const run = await runCli(server.baseUrl, "non-utf8");
    expectFailure(run, "json-body", /the body is not valid UTF-8 \(first bad byte at offset 10\)/, 15_000);
  });

  it("gzip bytes without Content-Encoding: named as undeclared gzip", async () => {
    const server = await serve(MISBEHAVIOURS["gzip-undeclared"]);
    const run = await runCli(server.baseUrl, "gzip");
    expectFailure(
      run,
      "json-body",
      /the body is gzip data \(starts 1f 8b\) without a Content-Encoding: gzip header/,
      15_000,
    );
  });

  it("a 429 storm with Retry-After: 0: retried within the bound, then the step fails naming the throttling", async () => {
    const server = await serve(throttleStorm(0));
    const run = await runCli(server.baseUrl, "storm-0");
    expectFailure(
      run,
      "status-code",
      /received 429 \(error\.code "TooManyRequests".*\) \(throttled, not retried further: still 429 after 4 attempts\), expected 413/,
      15_000,
    );
    const creates = server.requests.filter((request) => request.method === "POST");
    expect(creates).toHaveLength(4);
  });

  it("a 429 storm with Retry-After: 1: the waits are honoured (3 × 1 s) and bounded", async () => {
    const server = await serve(throttleStorm(1));
    const run = await runCli(server.baseUrl, "storm-1");
    expectFailure(run, "status-code", /still 429 after 4 attempts/, 20_000);
    expect(run.wallMs).toBeGreaterThanOrEqual(3000);
    const transport = run.report.results.find((row) => row.check === "transport" && row.step === "create");
    expect(transport?.message).toMatch(/throttled: 3 retries after 429, waited 3\.0 s as Retry-After asked/);
  });

  it("a server silent from the first request (the probe too) counts as unreachable: exit 2, quickly", async () => {
    const server = await startBadServer(MISBEHAVIOURS.hang, "127.0.0.1", { answerProbe: false });
    servers.push(server);
    const run = await runCli(server.baseUrl, "hang-probe");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `the target http://127\\.0\\.0\\.1:${server.port}/v1\\.0 cannot be reached: no answer within ${TIMEOUT_MS} ms`,
      ),
    );
    expect(run.wallMs).toBeLessThan(10_000);
  });

  it("a 302 to another host: not followed, the token never reaches that host; every answer a redirect stops the run", async () => {
    const elsewhere = await serve(recordingAnswer(), "127.0.0.2");
    const server = await serve(redirectTo(`http://127.0.0.2:${elsewhere.port}`));
    const run = await runCli(server.baseUrl, "redirect", { grep: "^unknown-session(-writes)?$" });
    // Four answers, all redirects: the target is not answering as Graph here (exit 2, with the reason).
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(2);
    expect(run.stderr).toMatch(
      /stopped: the target does not answer like Microsoft Graph: every answer \(4\) was a redirect; likely cause: the target redirects every request, and the runner never follows redirects/,
    );
    const rows = failedRows(run);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows.filter((candidate) => candidate.check === "status-code")) {
      expect(row.message).toMatch(
        new RegExp(
          `received 302 \\(a redirect to http://127\\.0\\.0\\.2:${elsewhere.port}/v1\\.0/solutions/backupRestore/.*; the runner never follows redirects\\), expected 404`,
        ),
      );
    }
    // Every step reached the first server with the token, and nothing at all reached the other host.
    expect(
      server.requests.filter((request) => request.authorization === `Bearer ${TOKEN}`).length,
    ).toBeGreaterThanOrEqual(4);
    expect(elsewhere.requests).toEqual([]);
    expect(`${run.stdout}${run.stderr}${JSON.stringify(run.report)}`).not.toContain(TOKEN);
  });
});
