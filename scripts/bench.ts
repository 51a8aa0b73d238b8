// npm run bench: the conformance suite's speed on this machine, each figure next to its target.
//   - suite wall time against the reference server (the CLI end to end, and in-process: start-up vs run, cold
//     and warm) and against Prism;
//   - the runner's own overhead as a ratio to the time spent waiting on the server (globalThis.fetch is wrapped:
//     time inside fetch until the body is read, against the run's total), with a CPU profile of where the
//     runner's own time goes. These runs are at concurrency 1: the ratio needs one request at a time (with
//     several in flight, the time inside fetch overlaps and exceeds the wall time);
//   - ajv validation of a 50-item PATCH answer and of a 10 000-artifact list page (tinybench: mean and p99);
//   - the reference server's throughput for the seed PATCH (scripts/load-reference.ts);
//   - the suite against a remote-like target (the reference at --latency 200) at concurrency 1 and at the
//     default, against the critical path and the ideal time (scripts/bench/remote.ts).
//   - exploration: steps/s against the reference, and the median time to the first failure on five mutants.
// Bounded (about two minutes, most of it the run at concurrency 1 against the slow target). Not a test: it prints
// figures and exits 0 (1 only if a run itself failed).
import { execFile } from "node:child_process";
import { PerformanceObserver } from "node:perf_hooks";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bench } from "tinybench";
import { runConformance } from "../conformance/run.ts";
import { DEFAULT_CONCURRENCY } from "../conformance/run/run-options.ts";
import type { RunReport } from "../conformance/report/run-report.ts";
import { validateResponseBody } from "../src/contract/validators.ts";
import { benchBodies } from "./bench/bodies.ts";
import { explorationThroughput, REPRESENTATIVE_MUTANTS, timesToFirstFailure } from "./bench/exploration.ts";
import { timeFetch } from "./bench/fetch-timer.ts";
import { profile } from "./bench/profile.ts";
import { measureRemote } from "./bench/remote.ts";
import { measureSeedPatch } from "./load-reference.ts";
import { repoRoot } from "./repo-root.ts";

interface Figure {
  name: string;
  value: string;
  target?: string;
  ok?: boolean;
}

const figures: Figure[] = [];
const problems: string[] = [];

function ms(value: number, digits = 0): string {
  return `${value.toFixed(digits)} ms`;
}

function record(figure: Figure): void {
  figures.push(figure);
  const verdict = figure.ok === undefined ? "" : figure.ok ? "OK" : "MISSED";
  process.stdout.write(
    `  ${figure.name.padEnd(52)} ${figure.value.padEnd(28)} ${figure.target ? `target ${figure.target}`.padEnd(20) : "".padEnd(20)} ${verdict}\n`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function cliWallMs(): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), "bench-"));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["conformance/cli.ts", "--target", "reference", "--report-json", join(directory, "report.json")],
      { cwd: repoRoot, timeout: 60_000, env: { ...process.env, CI: "1", NO_COLOR: "1" } },
      (error, stdout) => {
        const wall = performance.now() - started;
        rmSync(directory, { recursive: true, force: true });
        if (error)
          reject(
            new Error(`the CLI against the reference failed (${error.message.split("\n")[0]}): ${stdout.slice(-400)}`),
          );
        else resolve(wall);
      },
    );
  });
}

interface TimedRun {
  report: RunReport;
  /** The run without starting the target (loading scenarios, every request and check, cleanup, stop). */
  runMs: number;
  waitedMs: number;
  requests: number;
  /** Stopping the server the run started (target lifecycle, like start-up: not runner work per step). */
  stopMs: number;
  /** Garbage collection pauses after the target was up. */
  gcMs: number;
}

/** One request at a time, so that time inside fetch and the runner's own time add up to the run's. */
const SEQUENTIAL = 1;

async function timedRun(target: "reference" | "mock", concurrency = SEQUENTIAL): Promise<TimedRun> {
  const timer = timeFetch();
  const pauses: Array<{ startTime: number; duration: number }> = [];
  const observer = new PerformanceObserver((list) => pauses.push(...list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  const started = performance.now();
  try {
    const report = await runConformance({ target, env: {}, concurrency });
    if (report.summary.failed > 0)
      problems.push(`the suite failed ${report.summary.failed} check(s) against ${target}`);
    await new Promise((resolve) => setImmediate(resolve));
    const up = started + report.target.startupMs;
    const gcMs = pauses.filter((pause) => pause.startTime >= up).reduce((sum, pause) => sum + pause.duration, 0);
    return {
      report,
      runMs: report.durationMs - report.target.startupMs,
      stopMs: report.target.stopMs,
      waitedMs: timer.waitedMs,
      requests: timer.calls,
      gcMs,
    };
  } finally {
    observer.disconnect();
    timer.restore();
  }
}

/** Run time outside fetch, the target's start-up and stop excluded. */
function outsideMs(run: TimedRun): number {
  return run.runMs - run.stopMs - run.waitedMs;
}

function overhead(run: TimedRun): number {
  return outsideMs(run) / run.waitedMs;
}

async function suiteFigures(): Promise<void> {
  process.stdout.write(
    `Suite against the reference server (in-process runs at concurrency ${SEQUENTIAL} unless said otherwise)\n`,
  );
  const cli = await cliWallMs();
  record({
    name: "CLI end to end (node start, server start, run, stop)",
    value: ms(cli),
    target: "< 1500 ms",
    ok: cli < 1500,
  });

  const cold = await timedRun("reference");
  const { report } = cold;
  record({ name: "in-process, server start-up", value: ms(report.target.startupMs) });
  record({
    name: "in-process, run (cold: first run in the process)",
    value: `${ms(cold.runMs)} (${report.scenarios.length} scenarios, ${cold.requests} requests)`,
    target: "< 1500 ms",
    ok: cold.runMs < 1500,
  });
  const warm: TimedRun[] = [];
  for (let index = 0; index < 3; index++) warm.push(await timedRun("reference"));
  const warmRun = median(warm.map((run) => run.runMs));
  record({ name: "in-process, run (warm: median of 3)", value: ms(warmRun) });
  const pooled = await timedRun("reference", DEFAULT_CONCURRENCY.reference);
  record({
    name: `in-process, run (warm) at the default concurrency ${DEFAULT_CONCURRENCY.reference}`,
    value: ms(pooled.runMs),
  });
  record({
    name: "in-process, server stop (included in the runs above)",
    value: ms(median(warm.map((run) => run.stopMs))),
  });

  process.stdout.write(
    "Runner overhead (run time outside fetch, server start and stop excluded, as a ratio to time inside fetch until the body is read)\n",
  );
  record({
    name: "cold run",
    value: `${(overhead(cold) * 100).toFixed(1)} % (${ms(outsideMs(cold))} / ${ms(cold.waitedMs)})`,
    target: "<= 10 %",
    ok: overhead(cold) <= 0.1,
  });
  const warmOverhead = median(warm.map(overhead));
  const typical = warm.find((run) => overhead(run) === warmOverhead) ?? (warm[0] as TimedRun);
  record({
    name: "warm runs (median of 3)",
    value: `${(warmOverhead * 100).toFixed(1)} % (${ms(outsideMs(typical))} / ${ms(typical.waitedMs)})`,
    target: "<= 10 %",
    ok: warmOverhead <= 0.1,
  });

  record({
    name: "garbage collection during the warm run",
    value: `${ms(typical.gcMs, 1)} of the ${ms(outsideMs(typical))} outside fetch`,
  });
  record({
    name: "per request (warm): runner work vs waiting",
    value: `${ms(outsideMs(typical) / typical.requests, 3)} vs ${ms(typical.waitedMs / typical.requests, 3)}`,
  });

  const runs = 3;
  const profiled = await profile(async () => {
    for (let index = 0; index < runs; index++)
      await runConformance({ target: "reference", env: {}, concurrency: SEQUENTIAL });
  });
  const busy = profiled.summary.categories.filter(
    (entry) => !entry.category.startsWith("idle") && entry.category !== "the profiler itself",
  );
  const busyMs = busy.reduce((sum, entry) => sum + entry.ms, 0);
  process.stdout.write(
    `  where the CPU time of a warm run goes (V8 profile of ${runs} runs, per run; ${ms(busyMs / runs)} busy, start-up included):\n`,
  );
  for (const entry of busy.slice(0, 14))
    process.stdout.write(`    ${ms(entry.ms / runs, 1).padStart(10)}  ${entry.category}\n`);
}

async function prismFigures(): Promise<void> {
  process.stdout.write(`Suite against Prism (the mock target: schema level only; concurrency ${SEQUENTIAL})\n`);
  const run = await timedRun("mock");
  record({ name: "Prism start-up", value: ms(run.report.target.startupMs) });
  record({
    name: "run",
    value: `${ms(run.runMs)} (${run.report.scenarios.length} scenarios, ${run.requests} requests)`,
  });
  record({ name: "runner overhead against Prism", value: `${(overhead(run) * 100).toFixed(1)} %` });
}

async function validationFigures(): Promise<void> {
  process.stdout.write("ajv validation (validateResponseBody, tinybench: 1 s per body after 300 ms warm-up)\n");
  const bodies = await benchBodies();
  const cases = [
    {
      name: "50-item PATCH answer",
      operationId: "updateExchangeRestoreSession",
      body: bodies.patchAnswer50,
      targetMs: 0.2,
    },
    {
      name: "10 000-artifact list page",
      operationId: "listMailboxRestoreArtifacts",
      body: bodies.artifactPage10k,
      targetMs: 20,
    },
  ];
  const bench = new Bench({ time: 1000, warmupTime: 300 });
  for (const entry of cases) {
    const validation = validateResponseBody(entry.operationId, 200, entry.body);
    if (validation.kind !== "checked" || validation.violations.length > 0)
      throw new Error(`the ${entry.name} does not validate: ${JSON.stringify(validation).slice(0, 300)}`);
    bench.add(entry.name, () => {
      validateResponseBody(entry.operationId, 200, entry.body);
    });
  }
  await bench.run();
  for (const entry of cases) {
    const result = bench.getTask(entry.name)?.result;
    if (!result || !("latency" in result)) throw new Error(`tinybench measured nothing for ${entry.name}`);
    const latency = result.latency;
    const digits = entry.targetMs < 1 ? 3 : 2;
    record({
      name: `${entry.name} (mean; p99 ${ms(latency.p99, digits)}, ${latency.samplesCount} runs)`,
      value: ms(latency.mean, digits),
      target: `< ${entry.targetMs} ms`,
      ok: latency.mean < entry.targetMs,
    });
  }
}

async function explorationFigures(): Promise<void> {
  const runs = 40;
  process.stdout.write(
    `Exploration (--explore, ${runs} sequences, seed 20261129; the run starts the reference server)\n`,
  );
  const throughput = await explorationThroughput(runs, 20261129);
  const seconds = throughput.ms / 1000;
  record({
    name: "throughput against the reference",
    value: `${(throughput.steps / seconds).toFixed(0)} steps/s, ${(throughput.requests / seconds).toFixed(0)} requests/s`,
  });
  record({
    name: "exploration run",
    value: `${ms(throughput.ms)} (${throughput.sequences} sequences, ${throughput.steps} steps, ${throughput.requests} requests)`,
  });
  const seeds = [1, 2, 3, 4, 5];
  process.stdout.write(
    `  time to the first failure (median of seeds ${seeds.join(", ")}; at most ${runs} sequences each, shrinking excluded):\n`,
  );
  for (const id of REPRESENTATIVE_MUTANTS) {
    const times = await timesToFirstFailure(id, seeds, runs);
    const found = times.filter((time): time is number => time !== undefined);
    record({
      name: `  ${id}`,
      value: found.length
        ? `${ms(median(found))} (found with ${found.length} of ${seeds.length} seeds)`
        : `not found in ${runs} sequences`,
    });
  }
}

async function throughputFigures(): Promise<void> {
  process.stdout.write("Reference server, seed PATCH (in-process, 8 in flight, at most 2000 requests or 5 s)\n");
  const load = await measureSeedPatch({ requests: 2000, maxDurationMs: 5000, concurrency: 8 });
  if (load.failures > 0) problems.push(`${load.failures} seed PATCH(es) failed`);
  record({ name: "throughput", value: `${load.requestsPerSecond.toFixed(0)} requests/s (${load.requests} measured)` });
  record({ name: "latency", value: `p50 ${ms(load.p50Ms, 2)}, p99 ${ms(load.p99Ms, 2)}` });
}

const REMOTE_LATENCY_MS = 200;

function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

async function remoteFigures(): Promise<void> {
  process.stdout.write(
    `Suite against a remote-like target (the reference at --latency ${REMOTE_LATENCY_MS}, as a URL, writes and activation allowed)\n`,
  );
  const remote = await measureRemote(REMOTE_LATENCY_MS);
  for (const run of [remote.serial, remote.pooled])
    if (run.failed > 0)
      problems.push(
        `the suite failed ${run.failed} check(s) at concurrency ${run.concurrency} against the slow reference`,
      );
  const serialMs = remote.requests * remote.latencyMs;
  record({ name: "requests (scenarios)", value: `${remote.requests} (${remote.scenarios})` });
  record({ name: "all requests one after another (requests × latency)", value: ms(serialMs) });
  record({
    name: "critical path (longest scenario's requests × latency)",
    value: `${ms(remote.criticalPathMs)} (${remote.longest.scenario}: ${remote.longest.requests} requests)`,
  });
  record({
    name: `ideal at concurrency ${remote.pooled.concurrency}: max(critical path, serial / ${remote.pooled.concurrency})`,
    value: ms(remote.idealMs),
  });
  record({
    name: "concurrency 1: wall time (ratio to requests × latency)",
    value: `${ms(remote.serial.wallMs)} (${ratio(remote.serial.wallMs / serialMs)})`,
  });
  record({
    name: `concurrency ${remote.pooled.concurrency} (default for a URL): wall time`,
    value: `${ms(remote.pooled.wallMs)} (${ratio(remote.pooled.wallMs / remote.idealMs)} ideal)`,
    target: "< 15000 ms, ≤ 1.5× ideal",
    ok: remote.pooled.wallMs < 15_000 && remote.pooled.wallMs <= 1.5 * remote.idealMs,
  });
  record({ name: "speed-up over concurrency 1", value: ratio(remote.serial.wallMs / remote.pooled.wallMs) });
  record({
    name: "same report at both concurrencies (timings, ids aside)",
    value: remote.sameReport ? "yes" : "no",
    target: "yes",
    ok: remote.sameReport,
  });
}

const started = performance.now();
process.stdout.write(`Bench on Node ${process.version}, ${(await import("node:os")).availableParallelism()} core(s)\n`);
try {
  await suiteFigures();
  await prismFigures();
  await validationFigures();
  await throughputFigures();
  await remoteFigures();
  await explorationFigures();
} catch (error) {
  problems.push((error as Error).message);
}
const missed = figures.filter((figure) => figure.ok === false);
process.stdout.write(
  `\n${figures.filter((figure) => figure.ok).length} target(s) met, ${missed.length} missed${missed.length ? `: ${missed.map((figure) => figure.name).join("; ")}` : ""}; bench took ${ms(performance.now() - started)}\n`,
);
for (const problem of problems) process.stdout.write(`problem: ${problem}\n`);
process.exitCode = problems.length > 0 ? 1 : 0;
