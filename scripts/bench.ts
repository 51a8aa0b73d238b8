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
//     default, against the critical path and the ideal time; the default run (scenarios and the default
//     exploration) there, and the exploration alone at concurrency 1 and at the default (scripts/bench/remote.ts).
//   - exploration: steps/s against the reference, and the median time to the first failure on five mutants.
// Bounded (about eight minutes, most of it the runs at concurrency 1 against the slow target). Not a test: it prints
// figures and exits 0 (1 only if a run itself failed). Every figure is declared in scripts/bench/rows.ts;
// `--markdown FILE` also writes them with the command, date, commit and machine (`npm run figures -- bench` writes
// docs/figures/bench.md that way).
import { execFile } from "node:child_process";
import { PerformanceObserver } from "node:perf_hooks";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Bench } from "tinybench";
import { runConformance } from "../conformance/run.ts";
import { DEFAULT_CONCURRENCY } from "../conformance/run/run-options.ts";
import type { RunReport } from "../conformance/report/run-report.ts";
import { validateResponseBody } from "../src/contract/validators.ts";
import { benchBodies } from "./bench/bodies.ts";
import {
  EXPLORATION_BENCH,
  explorationThroughput,
  REPRESENTATIVE_MUTANTS,
  timesToFirstFailure,
} from "./bench/exploration.ts";
import { timeFetch } from "./bench/fetch-timer.ts";
import { benchMarkdown, type MeasuredFigure } from "./bench/markdown.ts";
import { profile } from "./bench/profile.ts";
import { measureRemote } from "./bench/remote.ts";
import {
  BENCH_SECTIONS,
  type BenchSection,
  benchRow,
  REMOTE_LATENCY_MS,
  SEED_PATCH_LOAD,
  SEQUENTIAL,
} from "./bench/rows.ts";
import { currentProvenance } from "./figures/provenance.ts";
import { measureSeedPatch } from "./load-reference.ts";
import { repoRoot } from "./repo-root.ts";

const figures: MeasuredFigure[] = [];
const problems: string[] = [];
const profileLines: string[] = [];

function ms(value: number, digits = 0): string {
  return `${value.toFixed(digits)} ms`;
}

let printedSection: BenchSection | undefined;

/** Records the figure declared as `id` in scripts/bench/rows.ts (and prints it, under its section's title). */
function record(id: string, value: string, ok?: boolean): void {
  const { section, row } = benchRow(id);
  if (figures.some((figure) => figure.id === id)) throw new Error(`bench: the figure "${id}" was recorded twice`);
  figures.push({ id, value, ...(ok === undefined ? {} : { ok }) });
  if (section !== printedSection) process.stdout.write(`${section.title}\n`);
  printedSection = section;
  const verdict = ok === undefined ? "" : ok ? "OK" : "MISSED";
  process.stdout.write(
    `  ${row.name.padEnd(52)} ${value.padEnd(28)} ${row.target ? `target ${row.target}`.padEnd(20) : "".padEnd(20)} ${verdict}\n`,
  );
}

function printProfileLine(line: string): void {
  profileLines.push(line);
  process.stdout.write(`  ${line}\n`);
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
  const cli = await cliWallMs();
  record("cli", ms(cli), cli < 1500);

  const cold = await timedRun("reference");
  const { report } = cold;
  record("startup", ms(report.target.startupMs));
  record(
    "cold",
    `${ms(cold.runMs)} (${report.scenarios.length} scenarios, ${cold.requests} requests)`,
    cold.runMs < 1500,
  );
  const warm: TimedRun[] = [];
  for (let index = 0; index < 3; index++) warm.push(await timedRun("reference"));
  const warmRun = median(warm.map((run) => run.runMs));
  record("warm", ms(warmRun));
  const pooled = await timedRun("reference", DEFAULT_CONCURRENCY.reference);
  record("pooled", ms(pooled.runMs));
  record("stop", ms(median(warm.map((run) => run.stopMs))));

  record(
    "overhead-cold",
    `${(overhead(cold) * 100).toFixed(1)} % (${ms(outsideMs(cold))} / ${ms(cold.waitedMs)})`,
    overhead(cold) <= 0.1,
  );
  const warmOverhead = median(warm.map(overhead));
  const typical = warm.find((run) => overhead(run) === warmOverhead) ?? (warm[0] as TimedRun);
  record(
    "overhead-warm",
    `${(warmOverhead * 100).toFixed(1)} % (${ms(outsideMs(typical))} / ${ms(typical.waitedMs)})`,
    warmOverhead <= 0.1,
  );
  record("gc", `${ms(typical.gcMs, 1)} of the ${ms(outsideMs(typical))} outside fetch`);
  record(
    "per-request",
    `${ms(outsideMs(typical) / typical.requests, 3)} vs ${ms(typical.waitedMs / typical.requests, 3)}`,
  );

  const runs = 3;
  const profiled = await profile(async () => {
    for (let index = 0; index < runs; index++)
      await runConformance({ target: "reference", env: {}, concurrency: SEQUENTIAL });
  });
  const busy = profiled.summary.categories.filter(
    (entry) => !entry.category.startsWith("idle") && entry.category !== "the profiler itself",
  );
  const busyMs = busy.reduce((sum, entry) => sum + entry.ms, 0);
  printProfileLine(
    `where the CPU time of a warm run goes (V8 profile of ${runs} runs, per run; ${ms(busyMs / runs)} busy, start-up included):`,
  );
  for (const entry of busy.slice(0, 14))
    printProfileLine(`  ${ms(entry.ms / runs, 1).padStart(10)}  ${entry.category}`);
}

async function prismFigures(): Promise<void> {
  const run = await timedRun("mock");
  record("prism-startup", ms(run.report.target.startupMs));
  record("prism-run", `${ms(run.runMs)} (${run.report.scenarios.length} scenarios, ${run.requests} requests)`);
  record("prism-overhead", `${(overhead(run) * 100).toFixed(1)} %`);
}

async function validationFigures(): Promise<void> {
  const bodies = await benchBodies();
  const cases = [
    {
      id: "ajv-patch-50",
      name: "50-item PATCH answer",
      operationId: "updateExchangeRestoreSession",
      body: bodies.patchAnswer50,
      targetMs: 0.2,
    },
    {
      id: "ajv-page-10k",
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
    record(
      entry.id,
      `${ms(latency.mean, digits)} (p99 ${ms(latency.p99, digits)}, ${latency.samplesCount} runs)`,
      latency.mean < entry.targetMs,
    );
  }
}

async function explorationFigures(): Promise<void> {
  const { runs, seed, firstFailureSeeds: seeds } = EXPLORATION_BENCH;
  const throughput = await explorationThroughput(runs, seed);
  const seconds = throughput.ms / 1000;
  record(
    "explore-throughput",
    `${(throughput.steps / seconds).toFixed(0)} steps/s, ${(throughput.requests / seconds).toFixed(0)} requests/s`,
  );
  record(
    "explore-run",
    `${ms(throughput.ms)} (${throughput.sequences} sequences, ${throughput.steps} steps, ${throughput.requests} requests)`,
  );
  for (const id of REPRESENTATIVE_MUTANTS) {
    const times = await timesToFirstFailure(id, seeds, runs);
    const found = times.filter((time): time is number => time !== undefined);
    record(
      `first-failure-${id}`,
      found.length
        ? `${ms(median(found))} (found with ${found.length} of ${seeds.length} seeds)`
        : `not found in ${runs} sequences`,
    );
  }
}

async function throughputFigures(): Promise<void> {
  const load = await measureSeedPatch(SEED_PATCH_LOAD);
  if (load.failures > 0) problems.push(`${load.failures} seed PATCH(es) failed`);
  record("load-throughput", `${load.requestsPerSecond.toFixed(0)} requests/s (${load.requests} measured)`);
  record("load-latency", `p50 ${ms(load.p50Ms, 2)}, p99 ${ms(load.p99Ms, 2)}`);
}

function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

async function remoteFigures(): Promise<void> {
  const remote = await measureRemote(REMOTE_LATENCY_MS);
  for (const run of [remote.serial, remote.pooled])
    if (run.failed > 0)
      problems.push(
        `the suite failed ${run.failed} check(s) at concurrency ${run.concurrency} against the slow reference`,
      );
  const serialMs = remote.requests * remote.latencyMs;
  record("remote-requests", `${remote.requests} (${remote.scenarios})`);
  record("remote-serial-sum", ms(serialMs));
  record(
    "remote-critical-path",
    `${ms(remote.criticalPathMs)} (${remote.longest.scenario}: ${remote.longest.requests} requests)`,
  );
  record("remote-ideal", ms(remote.idealMs));
  record("remote-serial", `${ms(remote.serial.wallMs)} (${ratio(remote.serial.wallMs / serialMs)})`);
  record(
    "remote-pooled",
    `${ms(remote.pooled.wallMs)} (${ratio(remote.pooled.wallMs / remote.idealMs)} ideal)`,
    remote.pooled.wallMs < 15_000 && remote.pooled.wallMs <= 1.5 * remote.idealMs,
  );
  record("remote-speed-up", ratio(remote.serial.wallMs / remote.pooled.wallMs));
  record("remote-same-report", remote.sameReport ? "yes" : "no", remote.sameReport);
  if (remote.defaultRun.failed > 0)
    problems.push(`the default run failed ${remote.defaultRun.failed} check(s) against the slow reference`);
  record(
    "remote-default-run",
    `${ms(remote.defaultRun.wallMs)} (${remote.defaultRun.sequences} sequences, ${remote.defaultRun.requests} exploration requests)`,
    remote.defaultRun.wallMs < 60_000,
  );
  const { serial, pooled } = remote.exploration;
  record("remote-explore-serial", ms(serial.wallMs));
  record("remote-explore-pooled", ms(pooled.wallMs));
  record("remote-explore-speed-up", ratio(serial.wallMs / pooled.wallMs), serial.wallMs / pooled.wallMs >= 5);
  record("remote-explore-same", serial.found === pooled.found ? "yes" : "no", serial.found === pooled.found);
}

function markdownOption(): string | undefined {
  try {
    const { values } = parseArgs({ options: { markdown: { type: "string" } }, strict: true, allowPositionals: false });
    return values.markdown;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message} (the one option is --markdown FILE)\n`);
    process.exit(2);
  }
}

const markdown = markdownOption();
const provenance = currentProvenance(
  `npm run bench${markdown === undefined ? "" : ` -- --markdown ${relative(repoRoot, resolve(markdown))}`}`,
);
const started = performance.now();
process.stdout.write(`Bench on Node ${process.version}, ${availableParallelism()} core(s)\n`);
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
const measured = new Set(figures.map((figure) => figure.id));
for (const row of BENCH_SECTIONS.flatMap((section) => section.rows))
  if (!measured.has(row.id)) problems.push(`the figure "${row.name}" was not measured`);
const met = figures.filter((figure) => figure.ok === true).length;
const missed = figures.filter((figure) => figure.ok === false).map((figure) => benchRow(figure.id).row.name);
const summary = `${met} target(s) met, ${missed.length} missed${missed.length ? `: ${missed.join("; ")}` : ""}; bench took ${ms(performance.now() - started)}`;
process.stdout.write(`\n${summary}\n`);
for (const problem of problems) process.stdout.write(`problem: ${problem}\n`);
if (markdown !== undefined) {
  mkdirSync(dirname(resolve(markdown)), { recursive: true });
  writeFileSync(markdown, benchMarkdown({ provenance, figures, profile: profileLines, summary, problems }));
  process.stdout.write(`written: ${markdown}\n`);
}
process.exitCode = problems.length > 0 ? 1 : 0;
