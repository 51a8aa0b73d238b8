// The whole conformance suite, run again and again against ONE reference server (its default behaviour, writes
// and activation allowed): sessions pile up and activated ones must complete for the next runs to pass.
// `npm run soak:reference -- [--runs N]` (default 100). Prints each failing run and the totals; exit 1 when any
// run failed. soakReference() is importable.
import { Command } from "commander";
import { integerFlag } from "../conformance/flags/integer-flag.ts";
import { fileURLToPath } from "node:url";
import { startReferenceServer, type ReferenceServerOptions } from "../conformance/reference/server.ts";
import { runConformance } from "../conformance/run.ts";
import type { RunOptions } from "../conformance/run/run-options.ts";

export interface SoakOptions {
  runs?: number;
  /** Options of the one server (default: its defaults). */
  server?: ReferenceServerOptions;
  /** Options of every run besides target, token and the two permissions (e.g. `grep`). */
  run?: Partial<RunOptions>;
  /** Called after each run (tests advance a pinned clock here). */
  afterRun?: (index: number) => void;
}

export interface SoakResult {
  runs: number;
  passedRuns: number;
  /** `run N: scenario › step: check: message` (or `run N: scenario: skipped: why`) of the first run that did not
   *  pass, if any. */
  firstFailures: string[];
  durationMs: number;
  sessionsOnServer: number;
}

export async function soakReference(options: SoakOptions = {}): Promise<SoakResult> {
  const runs = options.runs ?? 100;
  const server = await startReferenceServer(options.server);
  const started = performance.now();
  let passedRuns = 0;
  let firstFailures: string[] = [];
  try {
    for (let index = 0; index < runs; index++) {
      const report = await runConformance({
        target: server.baseUrl,
        token: "soak-token",
        allowWrites: true,
        allowActivate: true,
        env: {},
        // The scenarios again and again (a run with writes allowed would also explore by default).
        explore: false,
        ...options.run,
      });
      // A run passes when every scenario ran and passed: one skipped because the server refused (its activation
      // capacity full, say) did not pass, whatever the exit code.
      const skipped = report.scenarios.filter((outcome) => outcome.status === "skipped");
      if (report.exitCode === 0 && skipped.length === 0) passedRuns++;
      else if (firstFailures.length === 0) {
        firstFailures = [
          ...report.results
            .filter((result) => result.status === "failed")
            .map(
              (result) =>
                `run ${index + 1}: ${result.scenario} › ${result.step ?? "-"}: ${result.check ?? "-"}: ${result.message}`,
            ),
          ...skipped.map((outcome) => `run ${index + 1}: ${outcome.scenario}: skipped: ${outcome.reason ?? ""}`),
        ];
      }
      options.afterRun?.(index);
    }
    return {
      runs,
      passedRuns,
      firstFailures,
      durationMs: performance.now() - started,
      sessionsOnServer: server.store.sessions().length,
    };
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const options = new Command()
    .name("soak:reference")
    .description("Runs the whole conformance suite N times against one reference server.")
    .option("--runs <n>", "how many runs", integerFlag("--runs", 1), 100)
    .parse()
    .opts<{ runs: number }>();
  const result = await soakReference({ runs: options.runs });
  for (const line of result.firstFailures.slice(0, 20)) console.log(line);
  console.log(
    `${result.passedRuns} of ${result.runs} runs passed against one reference server in ${(result.durationMs / 1000).toFixed(1)} s ` +
      `(${(result.durationMs / result.runs).toFixed(0)} ms per run); ${result.sessionsOnServer} sessions left on it (activated ones cannot be deleted)`,
  );
  process.exitCode = result.passedRuns === result.runs ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
