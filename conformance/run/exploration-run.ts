// The exploration as one more run around steps: the same environment, readings, throttling, cleanup and known
// deviations as a scenario (an expectations file names it `scenario: exploration`), after the scenarios. It explores
// one workload, given as the environment's `workload`.
import { WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
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

/**
 * The workloads the exploration can explore. Its commands still build Exchange requests (explore/commands/ take the
 * Exchange names from src/contract/wire-names.ts), so it explores Exchange only until they take the environment's
 * workload; a run judging other workloads says so instead of exploring Exchange under their name.
 */
export const EXPLORED_WORKLOADS: readonly WorkloadName[] = ["exchange"];

/** Why the exploration does not explore in this run's workloads, if it does not. */
function unexploredWorkloads(judged: readonly WorkloadName[]): string | undefined {
  if (judged.some((workload) => EXPLORED_WORKLOADS.includes(workload))) return undefined;
  return `the exploration explores ${EXPLORED_WORKLOADS.join(", ")} only so far, and this run judges ${judged.join(", ") || "no workload"}`;
}

/** Runs the exploration when the run asks for it and has not stopped; undefined otherwise. */
export async function exploreWithin(
  context: RunContext,
  judged: readonly WorkloadName[],
): Promise<ExplorationRun | undefined> {
  const { options, target } = context;
  if (!options.explore || context.stop.stopped) return undefined;
  const started = performance.now();
  const records: StepRecords = { readings: [], throttled: [] };
  const blocked = explorationBlocked(target, Boolean(options.allowWrites)) ?? unexploredWorkloads(judged);
  const workload = judged.find((name) => EXPLORED_WORKLOADS.includes(name)) ?? "exchange";
  const explored = blocked
    ? skippedExploration(blocked, options.explore)
    : await runExploration(context.environment(records, WORKLOADS[workload]), {
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
      ...(blocked ? {} : { workload }),
    },
    explored.rows,
    records,
    performance.now() - started,
    report.status === "skipped" ? report.reason : undefined,
  );
  context.notify(() => options.onScenarioEnd?.(run.outcome));
  return { run, report };
}
