// The run's report from what its seams produced: rows and outcomes in selection order (grouped by workload), the
// sources the rows name, the readings the server took (grouped, in words), the workloads judged and not served,
// coverage, the hint that leads it, the exit code, everything redacted of the run's secrets.
import type { ExplorationReport } from "../explore/exploration.ts";
import { namesWorkloads, type ReadingSummary, type RunReport } from "../report/run-report.ts";
import { measureCoverage, unmetRequirement } from "../runner/coverage.ts";
import { runHints } from "../runner/run-hints.ts";
import type { ReadingNote } from "../runner/run-environment.ts";
import { describeStop } from "../runner/run-stop.ts";
import type { CheckResult } from "../vocabulary/check-result.ts";
import { readingRegistry } from "../vocabulary/reading-registry.ts";
import { redactDeep } from "../vocabulary/redaction.ts";
import type { Scenario } from "../vocabulary/scenario.ts";
import { sourceRegistry } from "../vocabulary/source-registry.ts";
import type { RunContext } from "./run-context.ts";
import { explorationMode } from "./run-options.ts";
import type { RunEnd } from "./run-cleanup.ts";
import type { RunTarget } from "./run-target.ts";
import { MOCK_STATELESS, type SelectedSuite } from "./scenario-selection.ts";
import { countChecks, type ScenarioRun } from "./scenario-runs.ts";
import type { WorkloadScope } from "./workload-selection.ts";

/**
 * The readings taken, one entry per reading with every step that showed it (ids resolved to their words), each
 * step named with its workload when `namesWorkloads`.
 */
export function summarizeReadings(notes: readonly ReadingNote[], namesWorkloads = false): ReadingSummary[] {
  const registry = readingRegistry();
  const grouped = new Map<string, ReadingSummary>();
  for (const note of notes) {
    const reading = registry.reading(note.question, note.reading);
    const entry = grouped.get(reading.id) ?? {
      id: reading.id,
      question: reading.question.text,
      reading: reading.text,
      where: [],
    };
    const scenario = namesWorkloads && note.workload ? `${note.scenario} [${note.workload}]` : note.scenario;
    entry.where.push(`${scenario} › ${note.step}`);
    grouped.set(reading.id, entry);
  }
  return [...grouped.values()];
}

function sourcesNamed(results: readonly CheckResult[]): RunReport["sources"] {
  const registry = sourceRegistry();
  const ids = [...new Set(results.flatMap((result) => (result.source === null ? [] : [result.source])))].sort();
  return Object.fromEntries(
    ids.map((id) => {
      const { id: _id, ...source } = registry.get(id);
      return [id, source];
    }),
  );
}

export function assembleReport(
  context: RunContext,
  opened: RunTarget<SelectedSuite>,
  suite: { scenarios: readonly Scenario[]; notSelected: number; workloads: WorkloadScope },
  runs: readonly ScenarioRun[],
  exploration: ExplorationReport | undefined,
  end: RunEnd,
  started: number,
  seed: number,
): RunReport {
  const { options, target, stop } = context;
  const { level } = opened.prepared;
  const { scenarios: selected, notSelected, workloads } = suite;
  const results = runs.flatMap((entry) => entry.results);
  const summary = countChecks(results);
  const outcomes = runs.map((entry) => entry.outcome);
  const mode = explorationMode(options, target);
  const coverage = measureCoverage(
    selected,
    outcomes,
    results,
    notSelected,
    exploration?.stepsByOperation,
    { asked: workloads.asked, judged: workloads.judged, notServed: workloads.notServed },
    {
      ...(exploration ? { explored: exploration.status } : {}),
      ...("notRun" in mode ? { notRun: mode.notRun } : {}),
    },
  );
  const restorePoints: RunReport["restorePoints"] = { count: opened.pool.length, source: opened.poolSource };
  const hints = runHints(results, selected, restorePoints);
  const incomplete = stop.stopped ? undefined : unmetRequirement(coverage, options.requireCoverage);
  const report: RunReport = {
    seed,
    summary,
    results,
    strict: context.strict,
    sources: sourcesNamed(results),
    target: {
      name: target.name,
      kind: target.kind,
      baseUrl: target.baseUrl,
      startupMs: Math.round(target.startupMs),
      stopMs: Math.round(end.stopMs),
    },
    level,
    workloads: { ...coverage.workloads, byDefault: workloads.byDefault },
    scenarios: outcomes,
    notSelected: notSelected > 0 ? { count: notSelected, reason: MOCK_STATELESS } : undefined,
    expectedFailures: runs.flatMap((entry) => entry.expectedFailures),
    readings: summarizeReadings(
      runs.flatMap((entry) => entry.readings),
      namesWorkloads({ workloads: { ...coverage.workloads, byDefault: workloads.byDefault } }),
    ),
    throttled: runs.flatMap((entry) => entry.throttled),
    throttling: { concurrency: context.concurrency, ...context.throttle.stats() },
    cleanup: end.cleanup,
    restorePoints,
    tokenSource: opened.token.source,
    interrupted: stop.stopped,
    stopped: stop.reason
      ? {
          kind: stop.reason.kind,
          reason: describeStop(stop.reason),
          ...(stop.reason.kind === "signal" ? { signal: stop.reason.signal } : {}),
          ...(stop.reason.kind === "not-graph" ? { seen: stop.reason.seen } : {}),
        }
      : undefined,
    durationMs: Math.round(performance.now() - started),
    coverage,
    hints,
    incomplete,
    exitCode: summary.failed > 0 ? 1 : incomplete ? 2 : 0,
    ...(exploration ? { exploration } : {}),
    redact: opened.redact,
  };
  const { redact: _ignored, ...data } = report;
  return { ...redactDeep(data, opened.redact), redact: opened.redact };
}
