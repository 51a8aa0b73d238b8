// The exploration as one more run around steps: the same environment, readings, throttling, cleanup and known
// deviations as a scenario (an expectations file names it `scenario: exploration`), after the scenarios.
import {
  type ExplorationReport,
  explorationBlocked,
  runExploration,
  skippedExploration,
} from "../explore/exploration.ts";
import { EXPLORATION_SCENARIO } from "../vocabulary/check-result.ts";
import type { RunContext, StepRecords } from "./run-context.ts";
import { concludeRun, type ScenarioRun } from "./scenario-runs.ts";

export interface ExplorationRun {
  run: ScenarioRun;
  report: ExplorationReport;
}

/** Runs the exploration when the run asks for it and has not stopped; undefined otherwise. */
export async function exploreWithin(context: RunContext): Promise<ExplorationRun | undefined> {
  const { options, target } = context;
  if (!options.explore || context.stop.stopped) return undefined;
  const started = performance.now();
  const records: StepRecords = { readings: [], throttled: [] };
  const blocked = explorationBlocked(target, Boolean(options.allowWrites));
  const explored = blocked
    ? skippedExploration(blocked, options.explore)
    : await runExploration(context.environment(records), {
        ...options.explore,
        mayActivate: !target.guarded || Boolean(options.allowActivate),
      });
  const report = explored.report;
  const run = concludeRun(
    context,
    {
      id: report.failure?.scenario ?? EXPLORATION_SCENARIO,
      description: `generative exploration (seed ${report.seed})`,
      level: "behavior",
      deviationsId: EXPLORATION_SCENARIO,
    },
    explored.rows,
    records,
    performance.now() - started,
    report.status === "skipped" ? report.reason : undefined,
  );
  context.notify(() => options.onScenarioEnd?.(run.outcome));
  return { run, report };
}
