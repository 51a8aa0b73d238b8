// The conformance run, in-process: its seams in order, each in run/ — the options checked (run-options.ts), the
// target opened while the suite is selected (run-target.ts, scenario-selection.ts), the workloads it serves found
// (workload-selection.ts) and the suite made for each (scenario-selection.ts), the scenarios on a bounded pool
// (scenario-runs.ts) with the exploration's parts in the same pool (exploration-run.ts), every created session
// deleted and the target stopped however the run ends (run-cleanup.ts), and one report that reads the same at any concurrency
// (report-assembly.ts). The CLI (cli.ts) only parses flags and writes reports.
import type { RunReport } from "./report/run-report.ts";
import { watchStops } from "./runner/run-stop.ts";
import { createRunContext } from "./run/run-context.ts";
import { cleanUpAndStop } from "./run/run-cleanup.ts";
import { DEFAULT_TIME_LIMIT_MS, type RunOptions, validateRunOptions } from "./run/run-options.ts";
import { openRunTarget } from "./run/run-target.ts";
import { type ExplorationRun, planExplorationRun } from "./run/exploration-run.ts";
import { assembleReport } from "./run/report-assembly.ts";
import { type ScenarioRun, runScenarios } from "./run/scenario-runs.ts";
import { selectSuite, suiteInWorkloads } from "./run/scenario-selection.ts";
import { askedWorkloads, judgedWorkloads, type WorkloadScope } from "./run/workload-selection.ts";

/** Runs the suite. Throws ConfigError / UnreachableTargetError (exit 2) before any verdict; otherwise reports. */
export async function runConformance(options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const { level: askedLevel, timeoutMs } = validateRunOptions(options);
  const seed =
    options.seed ?? (options.explore ? options.explore.seed : undefined) ?? Math.floor(Math.random() * 2 ** 31);
  const { stop, dispose } = watchStops(options.signal, options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS, started);
  try {
    const opened = await openRunTarget(options, timeoutMs, (kind) => selectSuite(options, kind, askedLevel));
    const context = createRunContext(
      options,
      {
        target: opened.target,
        token: opened.token.token,
        pool: opened.pool,
        deviations: opened.prepared.deviations,
        redact: opened.redact,
      },
      { started, timeoutMs, stop },
    );
    const asked = askedWorkloads(options.workloads, opened.target.kind);
    let workloads: WorkloadScope = { ...asked, judged: [], notServed: [] };
    let suite: ReturnType<typeof suiteInWorkloads> = { scenarios: [], notSelected: 0 };
    let runs: ScenarioRun[] = [];
    let explored: ExplorationRun | undefined;
    let end: Awaited<ReturnType<typeof cleanUpAndStop>> | undefined;
    try {
      workloads = await judgedWorkloads(asked, opened.target, opened.token.token, context.http);
      suite = suiteInWorkloads(opened.prepared, workloads.judged);
      const exploring = planExplorationRun(context, seed, workloads.judged);
      const pooled = await runScenarios(suite.scenarios, context, exploring?.parts ?? []);
      runs = pooled.runs;
      explored = exploring?.finish(pooled.alongside);
    } finally {
      end = await cleanUpAndStop(context);
    }
    return assembleReport(
      context,
      opened,
      { ...suite, workloads },
      explored ? [...runs, explored.run] : runs,
      explored?.report,
      end,
      started,
      seed,
    );
  } finally {
    dispose();
  }
}
