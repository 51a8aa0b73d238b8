// The built-in targets: the reference server (started by pid) passes every scenario at every level with no skip;
// Prism passes the schema level; a URL that cannot be reached is a configuration error within seconds.
import { describe, expect, it } from "vitest";
import { runConformance } from "../../conformance/run.ts";
import { ConfigError, UnreachableTargetError } from "../../conformance/vocabulary/config-error.ts";
import { loadScenarios } from "../../conformance/runner/scenario-loader.ts";
import { WORKLOAD_NAMES } from "../../src/contract/workloads.ts";
import { closedPort } from "./support/deviating-server.ts";
import { failures } from "./support/run.ts";

describe("the reference target", () => {
  it("passes every scenario at every level, with zero skips", async () => {
    const report = await runConformance({ target: "reference", strict: true, env: {} });
    expect(failures(report)).toEqual([]);
    expect(report.summary.skipped).toBe(0);
    expect(report.summary.failed).toBe(0);
    expect(report.level).toBe("all");
    // Every scenario in every workload it applies to (all three are served), grouped by workload.
    expect(report.workloads).toMatchObject({ asked: [...WORKLOAD_NAMES], judged: [...WORKLOAD_NAMES], notServed: [] });
    expect(report.scenarios.map((outcome) => `${outcome.workload}/${outcome.scenario}`)).toEqual(
      WORKLOAD_NAMES.flatMap((workload) =>
        loadScenarios()
          .filter((scenario) => scenario.workloads.includes(workload))
          .map((scenario) => `${workload}/${scenario.id}`),
      ),
    );
    expect(report.scenarios.some((outcome) => outcome.level === "behavior")).toBe(true);
    expect(report.target.kind).toBe("reference");
    expect(report.target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0$/);
    expect(report.tokenSource).toBe("dummy");
    expect(report.exitCode).toBe(0);
  });
});

describe("a configuration error after a local target was started", () => {
  it("stops the started server before the error is reported", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { execFileSync } = await import("node:child_process");
    const directory = mkdtempSync(join(tmpdir(), "scenarios-"));
    writeFileSync(join(directory, "broken.yaml"), "description: broken\nscenarios: []\n");
    await expect(runConformance({ target: "reference", scenariosDirectory: directory, env: {} })).rejects.toThrow(
      ConfigError,
    );
    const children = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.includes("reference/main"));
    expect(children).toEqual([]);
  });
});

describe("the mock target (Prism)", () => {
  it("runs the schema level only and passes it; behavior scenarios are named as not run", async () => {
    const report = await runConformance({ target: "mock", strict: true, env: {} });
    expect(failures(report)).toEqual([]);
    expect(report.level).toBe("schema");
    expect(report.scenarios.every((outcome) => outcome.level === "schema")).toBe(true);
    expect(report.workloads.judged).toEqual([...WORKLOAD_NAMES]);
    expect(report.notSelected?.count).toBe(
      WORKLOAD_NAMES.flatMap((workload) =>
        loadScenarios().filter((scenario) => scenario.level === "behavior" && scenario.workloads.includes(workload)),
      ).length,
    );
    // Prism's known deviations: an expected skip, with its reason, in each workload; and the shared activation
    // answered with an Exchange session in the other workloads.
    expect(
      report.expectedFailures.map((entry) => `${entry.workload} ${entry.scenario} › ${entry.step}: ${entry.check}`),
    ).toEqual([
      "onedrive activate-session › activate: odata-type",
      "sharepoint activate-session › activate: odata-type",
    ]);
    expect(report.results.filter((result) => result.status === "skipped" && result.check === null)).toEqual(
      WORKLOAD_NAMES.map((workload) =>
        expect.objectContaining({
          scenario: "patch-malformed-json",
          workload,
          step: null,
          check: null,
          message: expect.stringMatching(/^expected skip: Prism never answers/),
        }),
      ),
    );
    expect(report.exitCode).toBe(0);
  }, 60_000);

  it("skips behavior scenarios with a reason when --level asks for them", async () => {
    const report = await runConformance({
      target: "mock",
      level: "behavior",
      grep: "^patch-(add-only|one-item)$",
      workloads: ["onedrive"],
      env: {},
    });
    expect(report.results).toEqual([
      {
        scenario: "patch-add-only",
        workload: "onedrive",
        step: null,
        check: null,
        status: "skipped",
        message: "the mock target (Prism) holds no state; behavior scenarios need --target reference or a URL",
        source: null,
      },
      {
        scenario: "patch-one-item",
        workload: "onedrive",
        step: null,
        check: null,
        status: "skipped",
        message: "the mock target (Prism) holds no state; behavior scenarios need --target reference or a URL",
        source: null,
      },
    ]);
  }, 60_000);
});

describe("a URL target", () => {
  it("that refuses connections is an UnreachableTargetError within seconds", async () => {
    const port = await closedPort();
    const started = performance.now();
    await expect(
      runConformance({ target: `http://127.0.0.1:${port}/v1.0`, token: "t0ken-for-test", env: {} }),
    ).rejects.toThrow(
      new UnreachableTargetError(
        `the target http://127.0.0.1:${port}/v1.0 cannot be reached: connection refused by 127.0.0.1:${port}`,
      ),
    );
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("whose host does not resolve is an UnreachableTargetError", async () => {
    await expect(
      runConformance({ target: "http://conformance-target.invalid/v1.0", token: "t0ken-for-test", env: {} }),
    ).rejects.toThrow(
      /^the target http:\/\/conformance-target\.invalid\/v1\.0 cannot be reached: host conformance-target\.invalid not found \(DNS: E[A-Z_]+\)$/,
    );
  });

  it("needs a token", async () => {
    await expect(runConformance({ target: "http://127.0.0.1:9/v1.0", env: {} })).rejects.toThrow(
      new ConfigError(
        "no token: pass --token, set GRAPH_TOKEN, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET",
      ),
    );
    await expect(
      runConformance({ target: "http://127.0.0.1:9/v1.0", env: { AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c" } }),
    ).rejects.toThrow(/\(only AZURE_TENANT_ID, AZURE_CLIENT_ID set\)$/);
  });

  it("gets a client-credentials token through @azure/identity, and a failure says so without the secret", async () => {
    const secret = "client-secret-value-for-test-42";
    const attempt = runConformance({
      target: "http://127.0.0.1:9/v1.0",
      env: {
        AZURE_TENANT_ID: "00000000-0000-4000-8000-000000000001",
        AZURE_CLIENT_ID: "00000000-0000-4000-8000-000000000002",
        AZURE_CLIENT_SECRET: secret,
      },
    });
    const error = await attempt.then(
      () => new Error("the run started without a token"),
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(
      /^could not get a token for https:\/\/graph\.microsoft\.com\/\.default with AZURE_TENANT_ID\/AZURE_CLIENT_ID\/AZURE_CLIENT_SECRET: /,
    );
    expect(error.message).not.toContain(secret);
  }, 30_000);

  it("a --grep that selects nothing is a configuration error, not an empty green run", async () => {
    await expect(runConformance({ target: "reference", grep: "^no-such-scenario$", env: {} })).rejects.toThrow(
      new ConfigError('no scenario matches --grep "^no-such-scenario$" at level all (see --list)'),
    );
  });

  it("rejects what is not an http(s) base URL, and graph writes without the tenant's restore points", async () => {
    await expect(runConformance({ target: "ftp://example.com/v1.0", token: "x" })).rejects.toThrow(
      new ConfigError("--target ftp://example.com/v1.0: only http and https URLs are supported"),
    );
    await expect(runConformance({ target: "not a target", token: "x" })).rejects.toThrow(
      /is neither mock, reference, graph nor an http\(s\) URL/,
    );
    await expect(runConformance({ target: "graph", token: "x", allowWrites: true })).rejects.toThrow(
      /pass the tenant's restore-point ids with --restore-points/,
    );
  });

  it.each([
    [
      "https://h.example/v1.0?sig=s3cr3t&sv=1",
      "--target https://h.example/v1.0?…: give the base URL without a query or fragment",
    ],
    ["https://h.example/v1.0?", "--target https://h.example/v1.0?…: give the base URL without a query or fragment"],
    [
      "https://h.example/v1.0#code=s3cr3t",
      "--target https://h.example/v1.0#…: give the base URL without a query or fragment",
    ],
    ["ftp://h.example/v1.0?token=s3cr3t", "--target ftp://h.example/v1.0?…: only http and https URLs are supported"],
    [
      "127.0.0.1:1/v1.0?code=s3cr3t",
      '--target "127.0.0.1:1/v1.0?…" is neither mock, reference, graph nor an http(s) URL',
    ],
    ["https://me:s3cr3t@h.example/v1.0", "--target: give credentials with --token, not in the URL"],
  ])("a --target with a secret in it (%s) is refused without showing the secret", async (target, message) => {
    const error = await runConformance({ target, token: "x" }).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message.startsWith(message)).toBe(true);
    expect(error?.message).not.toContain("s3cr3t");
  });
});
