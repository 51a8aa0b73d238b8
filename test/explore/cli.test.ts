// The exploration flags as users run them (a child process): --explore against a mutant exits 1 and prints the
// shrunk sequence as a scenario with its seed; the exploration flags without --explore are a usage error.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { EXPLORATION_MUTANTS } from "../../conformance/mutants/index.ts";
import { runCli } from "../conformance/support/cli.ts";
import { startDeviatingServer, type DeviatingServer } from "../conformance/support/deviating-server.ts";

const CLI = fileURLToPath(new URL("../../conformance/cli.ts", import.meta.url));

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("--explore on the command line", () => {
  it("exits 1 against a mutant, printing the shrunk sequence as a scenario with its seed, and writes it to the JSON report", async () => {
    const { transformResponse, ...behavior } =
      EXPLORATION_MUTANTS.find((variant) => variant.id === "create-answer-count-zero")?.behavior ?? {};
    server = await startDeviatingServer({ behavior, ...(transformResponse ? { transform: transformResponse } : {}) });
    const directory = mkdtempSync(join(tmpdir(), "explore-cli-"));
    try {
      const report = join(directory, "report.json");
      const outcome = await runCli([
        "--target",
        server.baseUrl,
        "--token",
        "exploration-cli-token-2d9e",
        "--allow-writes",
        "--grep",
        "^$",
        "--explore",
        "--runs",
        "20",
        "--seed",
        "11",
        "--report-json",
        report,
      ]);
      expect(outcome.code, outcome.stderr).toBe(1);
      expect(outcome.stdout).toMatch(/Exploration \(seed 11\)/);
      // The message prints the command that replays the file from anywhere (not a path inside the package).
      expect(outcome.stdout).toContain(
        `Shortest failing sequence, as a scenario (save it as explored-seed-11.yaml and replay it: npm run conformance -- --target ${server.baseUrl} --token "$TOKEN" --allow-writes --no-explore --scenarios explored-seed-11.yaml):`,
      );
      expect(outcome.stdout).toMatch(/ {4}\$schema: conformance\/scenario\.schema\.json/);
      const json = JSON.parse(readFileSync(report, "utf8")) as {
        exploration: { seed: number; failure: { yaml: string; scenario: string } };
      };
      expect(json.exploration.seed).toBe(11);
      expect(json.exploration.failure.yaml).toMatch(/id: explored-seed-11/);
      // Replayed as printed, from a directory of its own: the same failure, and only that scenario.
      const saved = join(directory, "explored-seed-11.yaml");
      writeFileSync(saved, json.exploration.failure.yaml);
      const replay = await runCli([
        "--target",
        server.baseUrl,
        "--token",
        "exploration-cli-token-2d9e",
        "--allow-writes",
        "--no-explore",
        "--scenarios",
        saved,
      ]);
      expect(replay.code, replay.stderr).toBe(1);
      expect(replay.stdout).toMatch(/^FAIL explored-seed-11 /m);
      expect(replay.stdout).toMatch(/· 1 scenarios in /);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("refuses the exploration flags on a run that does not explore (exit 2, naming them)", () => {
    const readOnly = spawnSync(process.execPath, [CLI, "--target", "reference", "--runs", "5", "--seed", "3"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, CI: "1" },
    });
    expect(readOnly.status).toBe(2);
    expect(readOnly.stderr).toMatch(
      /--runs only apply when the run explores \(--explore, or by default with --allow-writes\)/,
    );
    const off = spawnSync(
      process.execPath,
      [CLI, "--target", "reference", "--allow-writes", "--no-explore", "--explore-activations", "2"],
      { encoding: "utf8", env: { PATH: process.env.PATH, CI: "1" } },
    );
    expect(off.status).toBe(2);
    expect(off.stderr).toMatch(/--explore-activations only apply when the run explores/);
  });

  it("documents the exploration flags and their defaults in --help", () => {
    const outcome = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });
    for (const flag of [
      "--explore",
      "--runs <n>",
      "--seed <n>",
      "--explore-commands <n>",
      "--explore-requests <n>",
      "--explore-seconds <n>",
      "--explore-shrinks <n>",
      "--no-explore",
      "--explore-activations <n>",
    ]) {
      expect(outcome.stdout).toContain(flag);
    }
    expect(outcome.stdout).toMatch(/sequences to generate \(default 50\)/);
    // The default exploration's budget and the activation bound are stated.
    expect(outcome.stdout).toMatch(/explores by default: 48\s+sequences, at most 50 s/);
    expect(outcome.stdout).toMatch(/--explore-activations times \(default 1: each is a real restore on a tenant\)/);
  });
});
