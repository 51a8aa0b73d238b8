// The scenarios on the run's bounded pool (steps in order inside each, outcomes in selection order whatever the
// concurrency), and what every run around steps ends with, for a scenario and the exploration alike: the target's
// known deviations applied to its rows, its checks counted, its outcome, its readings and its throttling.
import { WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
import type { CheckCounts, ScenarioOutcome } from "../report/run-report.ts";
import { isConsequence, markConsequences } from "../runner/consequences.ts";
import { applyKnownDeviations, type ExpectedFailure } from "../runner/known-deviations.ts";
import { runOrdered } from "../runner/ordered-pool.ts";
import type { ReadingNote, ThrottleRecord } from "../runner/run-environment.ts";
import { runScenario } from "../runner/run-step.ts";
import { TENANT_CONDITION } from "../runner/tenant-condition.ts";
import { type CheckResult, skippedRow } from "../vocabulary/check-result.ts";
import type { Level, Scenario, Step } from "../vocabulary/scenario.ts";
import type { RunContext, StepRecords } from "./run-context.ts";
import { scenarioSkipReason } from "./scenario-selection.ts";

export interface ScenarioRun {
  outcome: ScenarioOutcome;
  results: CheckResult[];
  expectedFailures: ExpectedFailure[];
  readings: ReadingNote[];
  throttled: ThrottleRecord[];
}

/** The message of a step that the run's stop left out or cut short (runner/run-step.ts). */
const STOPPED_STEP = /^not (run|finished): the run stopped /;

export function countChecks(results: readonly CheckResult[]): CheckCounts {
  const causes = results.filter((result) => !isConsequence(result));
  return {
    passed: results.filter((result) => result.status === "passed").length,
    failed: causes.filter((result) => result.status === "failed").length,
    advisories: causes.filter((result) => result.status === "advisory").length,
    skipped: results.filter((result) => result.status === "skipped").length,
    consequences: results.length - causes.length,
  };
}

/** What a run around steps is: a scenario in a workload, or an exploration. */
export interface RunIdentity {
  id: string;
  description: string;
  level: Level;
  /** The workload it ran in; its rows and outcome carry it. */
  workload?: WorkloadName;
  /** The id its known deviations are filed under (default: `id`). */
  deviationsId?: string;
}

/** The rows of a run, each marked with the run's workload. */
function inWorkload(rows: readonly CheckResult[], workload: WorkloadName | undefined): CheckResult[] {
  return workload === undefined ? [...rows] : rows.map((row) => ({ ...row, workload }));
}

/** A scenario (or the exploration) that did not run: one skipped row with the reason. */
export function skippedRun(
  run: RunIdentity,
  reason: string,
  records: StepRecords = { readings: [], throttled: [] },
): ScenarioRun {
  const workload = run.workload === undefined ? {} : { workload: run.workload };
  return {
    outcome: {
      scenario: run.id,
      ...workload,
      description: run.description,
      level: run.level,
      status: "skipped",
      reason,
      durationMs: 0,
      checks: { passed: 0, failed: 0, advisories: 0, skipped: 1, consequences: 0 },
    },
    results: inWorkload([skippedRow(run.id, reason)], run.workload),
    expectedFailures: [],
    ...records,
  };
}

/**
 * The end of a run around steps: the known deviations of `deviationsId` applied to the rows, the checks counted,
 * the outcome (failed on a failed row; skipped when nothing was judged for `skipped`'s reason or a stop cut it
 * short; passed otherwise).
 */
export function concludeRun(
  context: RunContext,
  run: RunIdentity & { steps?: readonly Step[] },
  rows: readonly CheckResult[],
  records: StepRecords,
  durationMs: number,
  skipped?: string,
): ScenarioRun {
  const applied = applyKnownDeviations(
    context.deviations,
    run.deviationsId ?? run.id,
    inWorkload(rows, run.workload),
    run.workload,
  );
  const results = markConsequences(applied.results, run.steps);
  const checks = countChecks(results);
  const cutShort = results.some((result) => result.status === "skipped" && STOPPED_STEP.test(result.message));
  const unmet = results.find(
    (result) => result.status === "skipped" && result.message.startsWith(TENANT_CONDITION),
  )?.message;
  const reason =
    checks.failed > 0
      ? undefined
      : (skipped ?? (cutShort ? `cut short: the run stopped (${context.stopped()})` : unmet));
  return {
    outcome: {
      scenario: run.id,
      ...(run.workload === undefined ? {} : { workload: run.workload }),
      description: run.description,
      level: run.level,
      status: checks.failed > 0 ? "failed" : reason !== undefined ? "skipped" : "passed",
      ...(reason === undefined ? {} : { reason }),
      durationMs,
      checks,
    },
    results,
    expectedFailures: applied.expectedFailures,
    ...records,
  };
}

async function runOne(scenario: Scenario, context: RunContext): Promise<ScenarioRun> {
  const reason = scenarioSkipReason(scenario, {
    target: context.target,
    allowWrites: Boolean(context.options.allowWrites),
    allowActivate: Boolean(context.options.allowActivate),
    pool: context.pool,
    deviations: context.deviations,
  });
  if (reason) return skippedRun(scenario, reason);
  if (context.stop.stopped) return skippedRun(scenario, `not run: the run stopped (${context.stopped()})`);
  const started = performance.now();
  const records: StepRecords = { readings: [], throttled: [] };
  let rows: CheckResult[];
  try {
    context.options.onScenarioStart?.(scenario);
    rows = await runScenario(scenario, context.environment(records, WORKLOADS[scenario.workload ?? "exchange"]));
  } catch (error) {
    context.stop.stop({ kind: "error", message: `scenario ${scenario.id}: ${(error as Error).message}` });
    rows = [
      {
        scenario: scenario.id,
        step: null,
        check: null,
        status: "failed",
        message: `internal error of the runner: ${(error as Error).stack ?? String(error)}`,
        source: null,
      },
    ];
  }
  context.notify(() => context.options.onScenarioDone?.(scenario));
  return concludeRun(context, scenario, rows, records, performance.now() - started);
}

/**
 * Every selected scenario on the run's pool, each outcome announced in selection order, and `alongside` (the
 * exploration's parts) in the same pool, started first: they are the longest tasks, and the scenarios fill the
 * pool around them.
 */
export async function runScenarios<A>(
  selected: readonly Scenario[],
  context: RunContext,
  alongside: ReadonlyArray<() => Promise<A>> = [],
): Promise<{ runs: ScenarioRun[]; alongside: A[] }> {
  type Task = { scenario: Scenario } | { part: () => Promise<A> };
  const tasks: Task[] = [...selected.map((scenario) => ({ scenario })), ...alongside.map((part) => ({ part }))];
  const startOrder = [...alongside.map((_, index) => selected.length + index), ...selected.map((_, index) => index)];
  const results = await runOrdered<Task, ScenarioRun | A>(
    tasks,
    (task) => ("scenario" in task ? runOne(task.scenario, context) : task.part()),
    {
      concurrency: context.concurrency,
      startOrder,
      onResult: (result, index) => {
        if (index < selected.length)
          context.notify(() =>
            context.options.onScenarioEnd?.((result as ScenarioRun).outcome, context.stop.reason?.kind),
          );
      },
    },
  );
  return {
    runs: results.slice(0, selected.length) as ScenarioRun[],
    alongside: results.slice(selected.length) as A[],
  };
}
