// The exploration as one more run around steps: the same environment, readings, throttling, cleanup and known
// deviations as a scenario (an expectations file names it `scenario: exploration`). A run with writes allowed on a
// stateful target explores by default within DEFAULT_EXPLORATION (--explore asks for it with its own budget,
// --no-explore turns it off); its independently seeded parts run in the run's pool beside the scenarios, each part
// in one of the workloads the run judges (in turn, so that a seed explores the same workloads at any concurrency).
import { WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
import {
  type ExplorationReport,
  type ExploreOptions,
  explorationBlocked,
  planExploration,
  skippedExploration,
} from "../explore/exploration.ts";
import type { PartResult } from "../explore/exploration-part.ts";
import { EXPLORATION_SCENARIO } from "../vocabulary/check-result.ts";
import type { RunContext, StepRecords } from "./run-context.ts";
import { DEFAULT_EXPLORE_ACTIVATIONS, explorationMode } from "./run-options.ts";
import { concludeRun, type ScenarioRun } from "./scenario-runs.ts";

export interface ExplorationRun {
  run: ScenarioRun;
  report: ExplorationReport;
}

export interface ExplorationSchedule {
  /** The parts, to run in the run's pool (each once, in any order). */
  parts: Array<() => Promise<PartResult>>;
  /** The exploration's report and rows once every part has run. */
  finish(results: readonly PartResult[]): ExplorationRun;
}

/** The exploration of this run in the `judged` workloads as parts for the pool, or undefined when it does not explore. */
export function planExplorationRun(
  context: RunContext,
  seed: number,
  judged: readonly WorkloadName[],
): ExplorationSchedule | undefined {
  const { options, target } = context;
  const mode = explorationMode(options, target);
  if ("notRun" in mode || context.stop.stopped) return undefined;
  const started = performance.now();
  const records: StepRecords = { readings: [], throttled: [] };
  const explore: ExploreOptions = {
    ...mode.explore,
    seed: mode.explore.seed ?? seed,
    mayActivate: !target.guarded || Boolean(options.allowActivate),
    ...(mode.explore.activations === undefined && target.guarded ? { activations: DEFAULT_EXPLORE_ACTIVATIONS } : {}),
  };
  const conclude = (explored: ReturnType<typeof skippedExploration>): ExplorationRun => {
    const report = explored.report;
    const workload = report.failure?.workload ?? (report.workloads.length === 1 ? report.workloads[0] : undefined);
    const run = concludeRun(
      context,
      {
        id: report.failure?.scenario ?? EXPLORATION_SCENARIO,
        description: `generative exploration (seed ${report.seed})`,
        level: "behavior",
        deviationsId: EXPLORATION_SCENARIO,
        ...(workload ? { workload } : {}),
      },
      explored.rows,
      records,
      performance.now() - started,
      report.status === "skipped" ? report.reason : undefined,
    );
    context.notify(() => options.onScenarioEnd?.(run.outcome, context.stop.reason?.kind));
    return { run, report };
  };
  const blocked =
    explorationBlocked(target, Boolean(options.allowWrites)) ??
    (judged.length === 0 ? "the target serves none of the workloads asked for" : undefined);
  if (blocked) return { parts: [], finish: () => conclude(skippedExploration(blocked, explore)) };
  const plan = planExploration(
    judged.map((name) => context.environment(records, WORKLOADS[name])),
    explore,
  );
  return { parts: plan.parts, finish: (results) => conclude(plan.conclude(results)) };
}
