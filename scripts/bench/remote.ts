// The suite against a remote-like target: the reference server started with `--latency MS` (every request answered
// after MS), as a URL target with writes and activation allowed, at concurrency 1 and at the runner's default for a
// URL. The scenarios alone (--no-explore): requests per scenario are counted at concurrency 1 (one scenario at a
// time), which gives the critical path (the longest scenario's requests × latency) and the ideal time at the default
// concurrency: max(critical path, requests × latency / concurrency). Then the default run (the scenarios and the
// default exploration beside them in the pool), and an exploration alone at concurrency 1 and at the default with
// the same seed: its speed-up, and whether both found the same (the same sequences, steps and failure).
import { fileURLToPath } from "node:url";
import { comparableReport } from "../../conformance/report/comparable-report.ts";
import { runConformance } from "../../conformance/run.ts";
import { DEFAULT_CONCURRENCY } from "../../conformance/run/run-options.ts";
import type { RunReport } from "../../conformance/report/run-report.ts";
import type { RunOptions } from "../../conformance/run/run-options.ts";
import { startServer } from "../../conformance/targets/process.ts";
import { timeFetch } from "./fetch-timer.ts";

/** The exploration the bench times at both concurrencies (sequences, seed; the time bound out of the way). */
export const REMOTE_EXPLORATION = { runs: 24, seed: 20261129, maxSeconds: 900 } as const;

export interface ExplorationTiming {
  wallMs: number;
  /** What the run found, comparable across concurrencies: the outcome, sequences, steps by kind, the failure. */
  found: string;
}

export interface RemoteFigures {
  latencyMs: number;
  scenarios: number;
  requests: number;
  /** The scenario with the most requests, and how many. */
  longest: { scenario: string; requests: number };
  serial: { concurrency: 1; wallMs: number; failed: number };
  pooled: { concurrency: number; wallMs: number; failed: number };
  criticalPathMs: number;
  idealMs: number;
  sameReport: boolean;
  /** The default run with writes allowed (scenarios and the default exploration) at the default concurrency. */
  defaultRun: { wallMs: number; failed: number; sequences: number; requests: number };
  exploration: { serial: ExplorationTiming; pooled: ExplorationTiming };
}

const MAIN = fileURLToPath(new URL("../../conformance/reference/main.ts", import.meta.url));

const BENCH_SEED = 20261129;

async function timedRun(
  baseUrl: string,
  concurrency: number,
  onStart?: (id: string) => void,
  onDone?: (id: string) => void,
  more: Partial<RunOptions> = { explore: false },
): Promise<{ report: RunReport; wallMs: number }> {
  const started = performance.now();
  const report = await runConformance({
    target: baseUrl,
    token: "bench-token",
    env: {},
    allowWrites: true,
    allowActivate: true,
    concurrency,
    // The same seed for every run: the report states it, and two runs compared must be the same run.
    seed: BENCH_SEED,
    ...more,
    ...(onStart ? { onScenarioStart: (scenario) => onStart(scenario.id) } : {}),
    ...(onDone ? { onScenarioDone: (scenario) => onDone(scenario.id) } : {}),
  });
  return { report, wallMs: performance.now() - started };
}

function explorationTiming(run: { report: RunReport; wallMs: number }): ExplorationTiming {
  const exploration = run.report.exploration;
  return {
    wallMs: run.wallMs,
    found: JSON.stringify({
      status: exploration?.status,
      sequences: exploration?.sequences,
      steps: exploration?.steps,
      stepsByKind: exploration?.stepsByKind,
      failure: exploration?.failure?.yaml ?? null,
    }),
  };
}

export async function measureRemote(latencyMs: number): Promise<RemoteFigures> {
  const server = await startServer({
    name: "the reference server",
    command: process.execPath,
    args: [MAIN, "--port", "0", "--quiet", "--latency", String(latencyMs)],
    ready: /^(http:\/\/127\.0\.0\.1:\d+\/v1\.0)\r?$/m,
    toBaseUrl: (match) => match[1] as string,
  });
  const timer = timeFetch();
  try {
    const perScenario = new Map<string, number>();
    let before = 0;
    const serial = await timedRun(
      server.baseUrl,
      1,
      () => (before = timer.calls),
      (id) => perScenario.set(id, timer.calls - before),
    );
    const requests = [...perScenario.values()].reduce((sum, count) => sum + count, 0);
    const [scenario, most] = [...perScenario].reduce((best, entry) => (entry[1] > best[1] ? entry : best), ["", 0] as [
      string,
      number,
    ]);
    const concurrency = DEFAULT_CONCURRENCY.url;
    const pooled = await timedRun(server.baseUrl, concurrency);
    const criticalPathMs = most * latencyMs;
    const defaultRun = await timedRun(server.baseUrl, concurrency, undefined, undefined, {});
    const exploring = { grep: "^$", explore: REMOTE_EXPLORATION };
    const exploredSerial = await timedRun(server.baseUrl, 1, undefined, undefined, exploring);
    const exploredPooled = await timedRun(server.baseUrl, concurrency, undefined, undefined, exploring);
    return {
      latencyMs,
      scenarios: serial.report.scenarios.length,
      requests,
      longest: { scenario, requests: most },
      serial: { concurrency: 1, wallMs: serial.wallMs, failed: serial.report.summary.failed },
      pooled: { concurrency, wallMs: pooled.wallMs, failed: pooled.report.summary.failed },
      criticalPathMs,
      idealMs: Math.max(criticalPathMs, (requests * latencyMs) / concurrency),
      sameReport: JSON.stringify(comparableReport(serial.report)) === JSON.stringify(comparableReport(pooled.report)),
      defaultRun: {
        wallMs: defaultRun.wallMs,
        failed: defaultRun.report.summary.failed,
        sequences: defaultRun.report.exploration?.sequences ?? 0,
        requests: defaultRun.report.exploration?.requests ?? 0,
      },
      exploration: { serial: explorationTiming(exploredSerial), pooled: explorationTiming(exploredPooled) },
    };
  } finally {
    timer.restore();
    await server.stop();
  }
}
