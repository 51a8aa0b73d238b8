// The CLI as users run it (a child process): help and listing, exit codes 0/1/2/130, report files, plain output
// under CI, the token absent from the console, and Ctrl-C cleaning up before it exits.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ReferenceResponse, ResponseContext } from "../../conformance/reference/context.ts";
import { runCli } from "./support/cli.ts";
import { closedPort, startDeviatingServer, type DeviatingServer } from "./support/deviating-server.ts";
import { TOKEN } from "./support/run.ts";

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("help and listing", () => {
  it("--help documents every flag, the targets and the exit codes", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const flag of [
      "--target",
      "--token",
      "--restore-points",
      "--restore-point",
      "--allow-writes",
      "--no-explore",
      "--allow-activate",
      "--strict",
      "--require-coverage",
      "--level",
      "--report-json",
      "--junit",
      "--timeout-ms",
      "--grep",
      "--expectations",
      "--scenarios",
      "--list",
      "--help",
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toMatch(/Exit codes: 0 every required check passed; 1 a conformance failure/);
    expect(stdout).toContain("GRAPH_TOKEN");
  });

  it("--list prints id, level, tags and description, filtered by --grep and --level", async () => {
    const { code, stdout } = await runCli(["--list", "--grep", "^seed-patch", "--level", "behavior"]);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toEqual([
      "id                           level     tags    workloads  description",
      'seed-patch-applied           behavior  writes  all        a seed-shaped delta with {"id"} references adds four, removes two and fails only the absent id',
      'seed-patch-applied-odata-id  behavior  writes  all        a seed-shaped delta with {"@odata.id"} references adds four, removes two and fails only the absent id',
      "2 scenario(s)",
    ]);
  });

  it("--list names the workloads each scenario runs in, and --workload keeps those that run in one", async () => {
    const { code, stdout } = await runCli([
      "--list",
      "--grep",
      "^(seed-patch|seed-patch-odata-id|session-in-its-own-collection)$",
    ]);
    expect(code).toBe(0);
    const rows = stdout.trim().split("\n");
    expect(rows.find((row) => row.startsWith("seed-patch "))).toMatch(/ all {8}/);
    // The Chinese page's example names Exchange's delta key: that scenario runs in Exchange only.
    expect(rows.find((row) => row.startsWith("seed-patch-odata-id "))).toMatch(/ exchange /);
    expect(rows.find((row) => row.startsWith("session-in-its-own-collection "))).toMatch(/ all \(\+others\) /);
    const onedrive = await runCli(["--list", "--workload", "onedrive", "--grep", "^seed-patch"]);
    expect(onedrive.stdout).not.toMatch(/^seed-patch-odata-id /m);
    expect(onedrive.stdout).toMatch(/^seed-patch /m);
  });

  it("a usage error is exit 2", async () => {
    expect((await runCli(["--level", "sometimes"])).code).toBe(2);
    const badWorkload = await runCli(["--list", "--workload", "teams"]);
    expect(badWorkload.code).toBe(2);
    expect(badWorkload.stderr).toMatch(
      /--workload "teams" is not a workload; the workloads are exchange, onedrive, sharepoint \(or all\)/,
    );
    expect((await runCli(["--no-such-flag"])).code).toBe(2);
    const badGrep = await runCli(["--list", "--grep", "("]);
    expect(badGrep.code).toBe(2);
    expect(badGrep.stderr).toMatch(/--grep "\(" is not a regular expression/);
  });
});

describe("--scenarios FILE|DIR", () => {
  const directory = mkdtempSync(join(tmpdir(), "cli-scenarios-"));
  const scenario = (id: string) =>
    [
      "description: a team's own case",
      "scenarios:",
      `  - id: ${id}`,
      "    description: the session list is a JSON collection",
      "    level: schema",
      "    steps:",
      "      - id: list",
      "        operationId: listExchangeRestoreSessions",
      "        expect: { source: graph-list-sessions, status: 200 }",
      "",
    ].join("\n");
  writeFileSync(join(directory, "one.yaml"), scenario("team-list-one"));
  const nested = join(directory, "more");
  mkdirSync(nested);
  writeFileSync(join(nested, "two.yaml"), scenario("team-list-two"));
  writeFileSync(join(directory, "duplicate.yml"), scenario("team-list-one"));
  writeFileSync(join(directory, "bad.txt"), "scenarios: [{ id: x }]\n");

  it("runs files and directories from anywhere instead of the suite's own; --list shows them", async () => {
    const listed = await runCli(["--list", "--scenarios", join(directory, "one.yaml"), "--scenarios", nested]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^team-list-one +schema +- +exchange +the session list is a JSON collection$/m);
    expect(listed.stdout).toMatch(/^team-list-two /m);
    expect(listed.stdout).toMatch(/^2 scenario\(s\)$/m);
    server = await startDeviatingServer();
    const run = await runCli([
      "--target",
      server.baseUrl,
      "--token",
      TOKEN,
      "--scenarios",
      join(directory, "one.yaml"),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^PASS team-list-one /m);
    expect(run.stdout).toMatch(/· 1 scenarios in /);
  });

  it.each([
    [["no-such.yaml"], /--scenarios no-such\.yaml: no such file or directory/],
    [["/dev/zero"], /--scenarios \/dev\/zero: not a regular file/],
    [["DIR/bad.txt"], /bad\.txt: does not match scenario\.schema\.json: /],
    [["DIR/one.yaml", "DIR/duplicate.yml"], /duplicate\.yml: scenario id team-list-one is already used in .*one\.yaml/],
    [["DIR/more/two.yaml", "DIR/more/two.yaml"], /two\.yaml: scenario id team-list-two is already used in/],
  ])("%j is a usage error naming the file, as for the suite's own (exit 2)", async (paths, message) => {
    const args = paths.flatMap((path) => ["--scenarios", path.replace("DIR", directory)]);
    const outcome = await runCli(["--list", ...args]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(message);
  });
});

describe("--restore-points FILE|ID,ID,… and its alias --restore-point", () => {
  it("reads a file, a comma list and repeated flags into one list without duplicates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-cli-rp-"));
    const file = join(dir, "points.txt");
    writeFileSync(file, "# tenant A\nrp-a\n\nrp-b\n");
    const json = join(dir, "report.json");
    const outcome = await runCli([
      "--target",
      "reference",
      "--grep",
      "^patch-one-item$",
      "--report-json",
      json,
      "--restore-points",
      file,
      "--restore-point",
      "rp-c",
      "--restore-points",
      "rp-d, rp-a",
    ]);
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
    const report = JSON.parse(readFileSync(json, "utf8")) as { restorePoints: unknown };
    expect(report.restorePoints).toEqual({ count: 4, source: "--restore-points" });
  });

  it("takes 51 real-length ids as one comma list (2.7 kB) and runs the 50/51-item scenarios with them", async () => {
    const ids = Array.from(
      { length: 51 },
      (_, index) => `ffd2687a-f507-4a82-9dff-2fa78cfd${String(index).padStart(4, "0")}_1801645000_12_2`,
    );
    const json = join(mkdtempSync(join(tmpdir(), "conformance-cli-rp51-")), "report.json");
    const outcome = await runCli([
      "--target",
      "reference",
      "--grep",
      "^patch-(fifty-items|over-limit)$",
      "--report-json",
      json,
      "--restore-points",
      ids.join(","),
    ]);
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
    const report = JSON.parse(readFileSync(json, "utf8")) as { restorePoints: unknown; summary: { skipped: number } };
    expect(report.restorePoints).toEqual({ count: 51, source: "--restore-points" });
    expect(report.summary.skipped).toBe(0);
  });

  it.each([
    [["--restore-points", "missing/points.txt"], /^error: --restore-points: missing\/points\.txt: no such file/],
    [["--restore-point", "rp-1,,rp-2"], /^error: --restore-points: "rp-1,,rp-2": entry 2 of 3 is empty\n$/],
  ])("%j is a usage error (exit 2) that says what was wrong", async (args, message) => {
    const outcome = await runCli([...args, "--list"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(message);
    expect(outcome.stdout).toBe("");
  });

  it("a bad long list is reported in one short line, never echoed whole", async () => {
    const list = `${Array.from({ length: 51 }, (_, index) => `ffd2687a-f507-4a82-9dff-2fa78cfd${index}_1801645000_12_2`).join(",")},`;
    const outcome = await runCli(["--restore-points", list, "--list"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(
      /^error: --restore-points: ".+….+" \(\d+ characters\) holding 52 entries: entry 52 of 52 is empty\n$/,
    );
    expect(outcome.stderr.length).toBeLessThan(200);
  });

  it("a JSON object in a list file, or an endless device, is a usage error naming the file (exit 2, at once)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "conformance-cli-rp-object-")), "points.json");
    writeFileSync(file, '{"not": "an array"}');
    const object = await runCli(["--restore-points", file, "--list"]);
    expect(object.code).toBe(2);
    expect(object.stderr).toBe(
      `error: --restore-points: ${file}: expected a JSON array of restore-point ids, found a JSON object\n`,
    );
    const endless = await runCli(["--restore-points", "/dev/zero", "--list"]);
    expect(endless.code).toBe(2);
    expect(endless.stderr).toMatch(/\/dev\/zero is larger than 4 MiB/);
    expect(endless.ms).toBeLessThan(15_000);
  });

  it("--help states the rules, the size cap and every path sign, the backslash included", async () => {
    const { stdout } = await runCli(["--help"]);
    expect(stdout).toContain("a value with / or \\, ending in .json or .txt, or starting with . must name a file");
    expect(stdout).toMatch(/file of at most 4 MiB/);
    expect(stdout).toContain("A value with a comma is\nalways a list of ids");
  });
});

describe("secrets in a --target URL", () => {
  it("are printed nowhere: the run stops with exit 2 naming the URL without its query", async () => {
    const outcome = await runCli([
      "--target",
      "http://127.0.0.1:9/v1.0?code=s3cr3t-code&sig=s3cr3t-sig&token=s3cr3t-token",
      "--token",
      "t0k3n",
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe(
      "exchange-restore-conformance: --target http://127.0.0.1:9/v1.0?…: give the base URL without a query or fragment (credentials go in --token, not in the URL)\n",
    );
    expect(outcome.stdout).toBe("");
  });
});

describe("exit codes and reports", () => {
  it("0 when every check passes, with the JSON and JUnit reports written", async () => {
    server = await startDeviatingServer();
    const dir = mkdtempSync(join(tmpdir(), "conformance-cli-"));
    const json = join(dir, "out", "report.json");
    const junit = join(dir, "out", "junit.xml");
    const restorePoints = [
      "1b014d8c-71fe-4d00-a01a-31850bc5b32c",
      "2b014d8c-71fe-4d00-a01a-31850bc5b32c",
      "3b014d8c-71fe-4d00-a01a-31850bc5b32c",
    ];
    const outcome = await runCli([
      "--target",
      server.baseUrl,
      "--token",
      TOKEN,
      "--allow-writes",
      "--no-explore",
      "--grep",
      "^patch-(one-item|add-only|fifty-items)$",
      ...restorePoints.flatMap((id) => ["--restore-point", id]),
      "--report-json",
      json,
      "--junit",
      junit,
    ]);
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^PASS patch-add-only \(\d+ checks, \d+ ms\)$/m);
    expect(outcome.stdout).toContain("Verdict: every required check passed.");
    const report = JSON.parse(readFileSync(json, "utf8")) as {
      summary: { passed: number; failed: number; skipped: number };
      restorePoints: unknown;
    };
    expect(report.summary.failed).toBe(0);
    expect(report.summary.skipped).toBe(1);
    expect(report.restorePoints).toEqual({ count: 3, source: "--restore-points" });
    expect(outcome.stdout).toMatch(/^SKIP patch-fifty-items: needs 50 restore points, 3 given \(--restore-points\)$/m);
    expect(report.summary.passed).toBeGreaterThan(20);
    expect(readFileSync(junit, "utf8")).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="exchange-restore-conformance"/,
    );
  });

  it("1 on a conformance failure, the failure printed grouped by check, and the echoed token redacted", async () => {
    server = await startDeviatingServer({
      transform: (ctx: ResponseContext, response: ReferenceResponse) =>
        ctx.operationId === "getExchangeRestoreSession" && response.status === 404
          ? {
              ...response,
              status: 400,
              body: { error: { code: "Leaky", message: `denied for ${String(ctx.request.headers.authorization)}` } },
            }
          : response,
    });
    const outcome = await runCli(["--target", server.baseUrl, "--grep", "^unknown-session$"], {
      env: { GRAPH_TOKEN: TOKEN },
    });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/^FAIL unknown-session \(2 of \d+ checks failed, \d+ ms\)$/m);
    expect(outcome.stdout).toContain(
      '    unknown-session › get: status-code: received 400 (error.code "Leaky": denied for Bearer [REDACTED]), expected 404',
    );
    expect(outcome.stdout).toContain(
      '    unknown-session › get: error-code: /error/code: received "Leaky", expected "RestoreSessionNotFound"',
    );
    expect(outcome.stdout + outcome.stderr).not.toContain(TOKEN);
    expect(outcome.stdout).not.toContain("\x1b[");
  });

  it("2 within seconds when the target cannot be reached", async () => {
    const port = await closedPort();
    const outcome = await runCli(["--target", `http://127.0.0.1:${port}/v1.0`, "--token", TOKEN]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe(
      `exchange-restore-conformance: the target http://127.0.0.1:${port}/v1.0 cannot be reached: connection refused by 127.0.0.1:${port}\n`,
    );
    expect(outcome.ms).toBeLessThan(5000);
  });

  it("130 on Ctrl-C: the create in flight finishes, so the session it made is known and deleted", async () => {
    // The server makes the session at once and answers a second later: Ctrl-C arrives in between.
    server = await startDeviatingServer({
      transform: (ctx: ResponseContext, response: ReferenceResponse) =>
        ctx.operationId === "createExchangeRestoreSession"
          ? new Promise<ReferenceResponse>((resolve) => setTimeout(() => resolve(response), 1000))
          : response,
    });
    const mutant = server;
    const json = join(mkdtempSync(join(tmpdir(), "conformance-cli-")), "report.json");
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
        "20000",
        "--report-json",
        json,
      ],
      {
        onSpawn: (child) => {
          const poll = setInterval(() => {
            if (mutant.requests.some((request) => request.operationId === "createExchangeRestoreSession")) {
              clearInterval(poll);
              child.kill("SIGINT");
            }
          }, 10);
        },
      },
    );
    expect(outcome.code).toBe(130);
    expect(outcome.ms).toBeLessThan(10_000);
    expect(outcome.stderr).toContain(
      "SIGINT: stopping — requests already sent finish (at most --timeout-ms), then the sessions this run created are deleted",
    );
    const report = JSON.parse(readFileSync(json, "utf8")) as {
      interrupted: boolean;
      results: Array<{ step: string | null; check: string | null; status: string; message: string }>;
    };
    expect(report.interrupted).toBe(true);
    const createRows = report.results.filter((row) => row.step === "create");
    expect(createRows.length).toBeGreaterThan(3);
    expect(createRows.every((row) => row.status === "passed")).toBe(true);
    expect(report.results.filter((row) => row.step !== "create")).toEqual([
      {
        scenario: "patch-one-item",
        step: "patch",
        check: null,
        status: "skipped",
        message: "not run: the run stopped (interrupted by SIGINT)",
        source: null,
      },
      {
        scenario: "patch-one-item",
        step: "delete",
        check: null,
        status: "skipped",
        message: "not run: the run stopped (interrupted by SIGINT)",
        source: null,
      },
    ]);
    expect(outcome.stdout).toMatch(/^SKIP patch-one-item: cut short: the run stopped \(interrupted by SIGINT\)$/m);
    expect(outcome.stdout).toContain("Cleanup: deleted 1 session(s) the run created.");
    expect(outcome.stdout).toContain(
      "Stopped early (interrupted by SIGINT): the verdict covers only the scenarios that ran.",
    );
    expect(mutant.reference.store.sessions()).toEqual([]);
  });
});
