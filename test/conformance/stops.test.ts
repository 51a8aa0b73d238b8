// Every way a run can stop ends the same way, tested on the CLI as CI systems run it (a child process) against an
// in-process reference server whose sessions are counted afterwards: SIGTERM and SIGHUP (as `timeout`, CI
// cancellation and container stops send them), a create answered after --timeout-ms, a second signal, the time
// limit, a target that throttles forever, and report paths that cannot be written.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { OperationId, ReferenceResponse, ResponseContext } from "../../conformance/reference/context.ts";
import { readReport, runCli, signalWhen } from "./support/cli.ts";
import { runAgainst, TOKEN } from "./support/run.ts";
import { startDeviatingServer, type DeviatingServer } from "./support/deviating-server.ts";

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function reportPath(): string {
  return join(mkdtempSync(join(tmpdir(), "conformance-stops-")), "report.json");
}

/** Answers `operationId` after `ms` (forever when undefined); the server has already acted on the request. */
function answerLate(operationId: OperationId | "*", ms: number | undefined) {
  return (ctx: ResponseContext, response: ReferenceResponse): ReferenceResponse | Promise<ReferenceResponse> => {
    if (operationId !== "*" && ctx.operationId !== operationId) return response;
    return new Promise((resolve) => {
      if (ms !== undefined) setTimeout(() => resolve(response), ms);
    });
  };
}

function createsAnswered(mutant: DeviatingServer): number {
  return mutant.requests.filter(
    (request) => request.operationId === "createExchangeRestoreSession" && request.status === 201,
  ).length;
}

const WRITERS = "^patch-(one-item|add-only|remove-only)$";

describe("a signal stops the run cleanly", () => {
  it.each([
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)(
    "%s: creates in flight finish, every session is deleted, the report is written, exit %i",
    async (signal, code) => {
      server = await startDeviatingServer({ transform: answerLate("createExchangeRestoreSession", 800) });
      const mutant = server;
      const json = reportPath();
      const outcome = await runCli(
        [
          "--target",
          mutant.baseUrl,
          "--token",
          TOKEN,
          "--allow-writes",
          "--no-explore",
          "--grep",
          WRITERS,
          "--report-json",
          json,
        ],
        {
          onSpawn: signalWhen(
            () => mutant.requests.some((request) => request.operationId === "createExchangeRestoreSession"),
            signal,
          ),
        },
      );
      expect(outcome.code, outcome.stderr).toBe(code);
      expect(outcome.stderr).toContain(`${signal}: stopping — requests already sent finish`);
      const report = readReport(json);
      expect(report.interrupted).toBe(true);
      expect(report.stopped).toEqual({ kind: "signal", reason: `interrupted by ${signal}`, signal });
      expect(createsAnswered(mutant)).toBeGreaterThan(0);
      expect(report.cleanup.deleted).toHaveLength(createsAnswered(mutant));
      expect(report.cleanup.possiblyLeftBehind).toEqual([]);
      expect(mutant.reference.store.sessions()).toEqual([]);
      expect(outcome.stdout).toContain(`Stopped early (interrupted by ${signal})`);
    },
  );

  it("a create that never answers is waited for up to --timeout-ms, then named as possibly left behind", async () => {
    server = await startDeviatingServer({ transform: answerLate("createExchangeRestoreSession", undefined) });
    const mutant = server;
    const json = reportPath();
    const before = new Date().toISOString();
    const outcome = await runCli(
      [
        "--target",
        mutant.baseUrl,
        "--token",
        TOKEN,
        "--allow-writes",
        "--no-explore",
        "--grep",
        "^patch-one-item$",
        "--timeout-ms",
        "1500",
        "--report-json",
        json,
      ],
      {
        onSpawn: signalWhen(() => mutant.requests.length > 0, "SIGTERM"),
      },
    );
    expect(outcome.code, outcome.stderr).toBe(143);
    expect(outcome.ms).toBeGreaterThanOrEqual(1500);
    const report = readReport(json);
    expect(report.cleanup.possiblyLeftBehind).toEqual([
      {
        scenario: "patch-one-item",
        step: "create",
        workload: "exchange",
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        reason: "no answer within 1500 ms (--timeout-ms)",
      },
    ]);
    expect((report.cleanup.possiblyLeftBehind[0]?.sentAt ?? "") >= before).toBe(true);
    expect(outcome.stdout).toMatch(
      /Possibly left behind: 1 create\(s\) got no usable answer.*\n {2}patch-one-item › create, sent \S+: no answer within 1500 ms/,
    );
    // And indeed the server holds the session the run never learned about.
    expect(mutant.reference.store.sessions()).toHaveLength(1);
  });

  it("a second signal quits at once, naming what may be left behind, and leaves no empty report", async () => {
    server = await startDeviatingServer({ transform: answerLate("createExchangeRestoreSession", undefined) });
    const mutant = server;
    let signals = 0;
    const json = reportPath();
    const junit = join(dirname(json), "junit.xml");
    writeFileSync(junit, "<previous/>");
    const outcome = await runCli(
      [
        "--target",
        mutant.baseUrl,
        "--token",
        TOKEN,
        "--allow-writes",
        "--no-explore",
        "--grep",
        "^patch-one-item$",
        "--timeout-ms",
        "30000",
        "--report-json",
        json,
        "--junit",
        junit,
      ],
      {
        onSpawn: (child) => {
          const poll = setInterval(() => {
            if (mutant.requests.length === 0 || child.exitCode !== null) return;
            child.kill("SIGINT");
            if (++signals === 2) clearInterval(poll);
          }, 300);
        },
      },
    );
    expect(outcome.code).toBe(130);
    expect(outcome.ms).toBeLessThan(15_000);
    expect(outcome.stderr).toContain("SIGINT again: quitting at once; these may be left on the target:");
    expect(outcome.stderr).toMatch(
      /a session possibly created by patch-one-item › create \(create sent \d{4}-\d\d-\d\dT\S+, no answer\)/,
    );
    // No report was written: none is there (not an empty one), and the previous one is untouched.
    expect(existsSync(json)).toBe(false);
    expect(readFileSync(junit, "utf8")).toBe("<previous/>");
    expect(readdirSync(dirname(json))).toEqual(["junit.xml"]);
  });

  it("SIGKILL mid-run leaves no empty report file", async () => {
    server = await startDeviatingServer({ transform: answerLate("createExchangeRestoreSession", undefined) });
    const mutant = server;
    const json = reportPath();
    const outcome = await runCli(
      [
        "--target",
        mutant.baseUrl,
        "--token",
        TOKEN,
        "--allow-writes",
        "--grep",
        "^patch-one-item$",
        "--report-json",
        json,
      ],
      { onSpawn: signalWhen(() => mutant.requests.length > 0, "SIGKILL") },
    );
    expect(outcome.code).toBeNull();
    expect(readdirSync(dirname(json))).toEqual([]);
  });
});

describe("an internal failure", () => {
  it("stops the run the same way: the scenarios in flight finish, sessions are deleted, the report says why", async () => {
    server = await startDeviatingServer({ transform: answerLate("createExchangeRestoreSession", 300) });
    const report = await runAgainst(server.baseUrl, {
      grep: WRITERS,
      onScenarioStart: (scenario) => {
        if (scenario.id === "patch-remove-only") throw new Error("progress display broke");
      },
    });
    expect(report.stopped).toEqual({
      kind: "error",
      reason: "internal error: scenario patch-remove-only: progress display broke",
    });
    expect(report.results).toContainEqual(
      expect.objectContaining({
        scenario: "patch-remove-only",
        status: "failed",
        message: expect.stringMatching(/^internal error of the runner: Error: progress display broke/),
      }),
    );
    expect(report.cleanup.deleted).toHaveLength(createsAnswered(server));
    expect(server.reference.store.sessions()).toEqual([]);
  });
});

describe("a create answered after --timeout-ms", () => {
  it("is named in the report as possibly left behind, with the time it was sent", async () => {
    server = await startDeviatingServer({ transform: answerLate("createExchangeRestoreSession", 1500) });
    const json = reportPath();
    const outcome = await runCli([
      "--target",
      server.baseUrl,
      "--token",
      TOKEN,
      "--allow-writes",
      "--no-explore",
      "--grep",
      "^patch-one-item$",
      "--timeout-ms",
      "500",
      "--report-json",
      json,
    ]);
    expect(outcome.code).toBe(1);
    const report = readReport(json);
    expect(report.cleanup.possiblyLeftBehind).toEqual([
      {
        scenario: "patch-one-item",
        step: "create",
        workload: "exchange",
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        reason: "no answer within 500 ms (--timeout-ms)",
      },
    ]);
    expect(report.stopped).toBeNull();
  });
});

describe("whole-run bounds", () => {
  it("--help states the bounds, the default concurrency per target and what each stop exits with", async () => {
    const outcome = await runCli(["--help"]);
    expect(outcome.code).toBe(0);
    const help = outcome.stdout.replace(/\s+/g, " ");
    expect(help).toContain("(default: 4 against mock, 8 against reference, 8 against graph or a URL)");
    expect(help).toMatch(/--time-limit <seconds> stop the whole run .* \(default: 1800\)/);
    expect(help).toMatch(/--throttle-budget <seconds> stop the run once throttling .* \(default: 300\)/);
    expect(help).toContain("130, 143, 129 stopped by SIGINT, SIGTERM, SIGHUP");
    expect(help).toContain("a create that got no answer is named as possibly left behind with the time it was sent");
  });

  it("--time-limit: past it the run stops cleanly, says why and exits 2", async () => {
    server = await startDeviatingServer({ transform: answerLate("*", 300) });
    const mutant = server;
    const json = reportPath();
    const outcome = await runCli([
      "--target",
      mutant.baseUrl,
      "--token",
      TOKEN,
      "--allow-writes",
      "--no-explore",
      "--grep",
      "^patch-",
      "--time-limit",
      "1",
      "--report-json",
      json,
    ]);
    expect(outcome.code, outcome.stdout).toBe(2);
    expect(outcome.stderr).toContain(
      "exchange-restore-conformance: stopped: the run's time limit of 1 s (--time-limit) was reached",
    );
    expect(outcome.ms).toBeLessThan(15_000);
    const report = readReport(json);
    expect(report.stopped?.kind).toBe("time-limit");
    expect(
      report.results.some((row) => row.message.startsWith("not run: the run stopped (the run's time limit of 1 s")),
    ).toBe(true);
    expect(report.cleanup.deleted).toHaveLength(createsAnswered(mutant));
    expect(mutant.reference.store.sessions()).toEqual([]);
  });

  it("--throttle-budget: a target answering 429 forever stops the run within the budget, exit 2", async () => {
    server = await startDeviatingServer({
      transform: (ctx, response) =>
        ctx.request.headers.authorization === undefined
          ? response
          : {
              ...response,
              status: 429,
              headers: { ...response.headers, "retry-after": "1" },
              body: { error: { code: "TooManyRequests", message: "slow down" } },
            },
    });
    const json = reportPath();
    const outcome = await runCli([
      "--target",
      server.baseUrl,
      "--token",
      TOKEN,
      "--grep",
      "^(unknown-session|invalid-session-id)$",
      "--throttle-budget",
      "2",
      "--report-json",
      json,
    ]);
    expect(outcome.code, outcome.stdout).toBe(2);
    expect(outcome.stderr).toMatch(
      /stopped: the target kept throttling past the run's throttling budget of 2 s \(--throttle-budget\): waiting 1\.0 s more would exceed/,
    );
    expect(outcome.ms).toBeLessThan(15_000);
    const report = readReport(json);
    expect(report.stopped?.kind).toBe("throttle-budget");
    expect(report.throttling.pausedMs).toBeGreaterThanOrEqual(1000);
    expect(report.throttling.pausedMs).toBeLessThanOrEqual(2000);
    expect(report.throttling.throttledAnswers).toBeGreaterThanOrEqual(3);
    expect(report.summary.failed).toBe(0);
  });
});

describe("report paths are checked before the first request", () => {
  const file = join(mkdtempSync(join(tmpdir(), "conformance-paths-")), "a-file");
  writeFileSync(file, "");
  const directory = mkdtempSync(join(tmpdir(), "conformance-paths-"));
  const fifo = join(directory, "no-reader.fifo");
  execFileSync("mkfifo", [fifo]);
  symlinkSync(join(directory, "report.json"), join(directory, "link-to-report"));
  it.each([
    [
      ["--report-json", "/proc/no-such-dir/sub/report.json"],
      /--report-json \/proc\/no-such-dir\/sub\/report\.json: cannot create the directory \/proc\/no-such-dir \(ENOENT/,
    ],
    [["--junit", "/proc/self/junit.xml"], /--junit \/proc\/self\/junit\.xml: cannot write this file \((ENOENT|EACCES)/],
    [["--junit", join(file, "junit.xml")], /--junit .*a-file\/junit\.xml: .*a-file exists and is not a directory/],
    [["--report-json", tmpdir()], /--report-json .*: cannot write this file \(EISDIR/],
    [
      ["--report-json", join(tmpdir(), "same.out"), "--junit", join(tmpdir(), "same.out")],
      /--report-json and --junit name the same file/,
    ],
    [
      ["--report-json", join(directory, "report.json"), "--junit", join(directory, "link-to-report")],
      /--report-json and --junit name the same file .*report\.json and .*link-to-report \(both .*report\.json\)/,
    ],
    [["--report-json", fifo], /--report-json .*no-reader\.fifo: is a named pipe \(FIFO\) with no reader/],
  ])("%j is refused with exit 2 before anything is sent", async (args, message) => {
    server = await startDeviatingServer();
    const outcome = await runCli(["--target", server.baseUrl, "--token", TOKEN, ...args]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(message);
    expect(outcome.ms).toBeLessThan(10_000);
    expect(server.requests).toEqual([]);
    // Refusing a path creates no file.
    expect(readdirSync(directory).sort()).toEqual(["link-to-report", "no-reader.fifo"]);
  });

  it("a pipe with a reader (/dev/stdout piped into another program) gets the report written into it", async () => {
    server = await startDeviatingServer();
    const cli = fileURLToPath(new URL("../../conformance/cli.ts", import.meta.url));
    const line = `"${process.execPath}" "${cli}" --target ${server.baseUrl} --token ${TOKEN} --grep '^unknown-session$' --report-json /dev/stdout | cat`;
    const { stdout } = await promisify(execFile)("sh", ["-c", line], { env: { PATH: process.env.PATH, CI: "1" } });
    expect(stdout).toMatch(/^ {2}"summary": \{$/m);
    expect(stdout).toMatch(/^Verdict: every required check passed\./m);
  });

  it("a report that cannot be written (a full device) still prints the verdict, then names the problem: exit 2", async () => {
    server = await startDeviatingServer();
    const json = reportPath();
    const outcome = await runCli([
      "--target",
      server.baseUrl,
      "--token",
      TOKEN,
      "--grep",
      "^unknown-session$",
      "--junit",
      "/dev/full",
      "--report-json",
      json,
    ]);
    expect(outcome.code, outcome.stderr).toBe(2);
    expect(outcome.stdout).toMatch(/Verdict: every required check passed\./);
    expect(outcome.stderr).toMatch(/--junit \/dev\/full: cannot write the report \(ENOSPC/);
    expect(readReport(json).summary.failed).toBe(0);
  });
});
