// What a run covered: which workloads were judged (and which the target does not serve), which scenarios ran and
// which were skipped (by level and by reason), which operations were actually judged, and whether the centre of
// the contract — the delta PATCH — was among them in every workload judged. A run that checked nothing is not a
// pass, and a CI gate can ask for more (--require-coverage).
import { WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
import { roleOf, type Level, type Scenario } from "../vocabulary/scenario.ts";
import type { CheckResult } from "../vocabulary/check-result.ts";

export const COVERAGE_REQUIREMENTS = ["patch", "behavior", "all"] as const;
export type CoverageRequirement = (typeof COVERAGE_REQUIREMENTS)[number];

export interface LevelCoverage {
  selected: number;
  ran: number;
  skipped: number;
}

/** The workloads of a run: asked for, judged (asked and served), and not served (404 on the collection). */
export interface WorkloadCoverage {
  asked: WorkloadName[];
  judged: WorkloadName[];
  notServed: Array<{ workload: WorkloadName; reason: string }>;
}

export interface Coverage {
  workloads: WorkloadCoverage;
  /** Scenarios per level: selected for the run (after --grep/--level), ran, skipped. */
  levels: Record<Level, LevelCoverage>;
  /** Skipped scenarios grouped by reason. */
  skippedBy: Array<{ reason: string; scenarios: string[] }>;
  /** Behavior scenarios not selected at all because the target cannot run them (the mock). */
  notSelected: number;
  /** Steps judged per operationId (a step counts when at least one check judged its answer). */
  judgedSteps: Record<string, number>;
  /** Rows that judged something (passed, failed or advisory). */
  judgedChecks: number;
  /** Checks of a step that could not be made for a reason of the runner's own (a bound it reached): skipped rows. */
  notChecked: number;
  /** Steps the exploration sent (each judged like a scenario's), when it ran. */
  exploredSteps: number;
  /** Why the run did not explore (off, read-only, the mock), in words; absent when it explored. */
  explorationNotRun?: string;
  /** What the run did not cover, in words, for the verdict line ("no PATCH was sent"). */
  gaps: string[];
}

/** Steps judged of the delta PATCH, in every workload or in one. */
export function patchesJudged(judgedSteps: Readonly<Record<string, number>>, workload?: WorkloadName): number {
  return Object.entries(judgedSteps)
    .filter(([operationId]) =>
      workload === undefined
        ? roleOf(operationId) === "update"
        : operationId === WORKLOADS[workload].operationIds.update,
    )
    .reduce((sum, [, count]) => sum + count, 0);
}

function judgedStepsPerOperation(
  scenarios: readonly Scenario[],
  results: readonly CheckResult[],
): Record<string, number> {
  const key = (workload: string | undefined, scenario: string, step: string | null) =>
    `${workload ?? ""}\u0000${scenario}\u0000${step}`;
  const judged = new Set(
    results
      .filter((result) => result.check !== null && result.status !== "skipped")
      .map((result) => key(result.workload, result.scenario, result.step)),
  );
  const counts: Record<string, number> = {};
  for (const scenario of scenarios) {
    for (const step of scenario.steps) {
      if (judged.has(key(scenario.workload, scenario.id, step.id)))
        counts[step.operationId] = (counts[step.operationId] ?? 0) + 1;
    }
  }
  return counts;
}

export function measureCoverage(
  selected: readonly Scenario[],
  outcomes: ReadonlyArray<{ scenario: string; status: "passed" | "failed" | "skipped"; reason?: string }>,
  results: readonly CheckResult[],
  notSelected: number,
  exploredStepsByOperation: Readonly<Record<string, number>> = {},
  workloads: WorkloadCoverage = { asked: ["exchange"], judged: ["exchange"], notServed: [] },
  exploration: { explored?: string; notRun?: string } = {},
): Coverage {
  const levelOf = new Map(selected.map((scenario) => [scenario.id, scenario.level]));
  const levels: Record<Level, LevelCoverage> = {
    schema: { selected: 0, ran: 0, skipped: 0 },
    behavior: { selected: 0, ran: 0, skipped: 0 },
  };
  const reasons = new Map<string, string[]>();
  for (const scenario of selected) levels[scenario.level].selected++;
  for (const outcome of outcomes) {
    const level = levelOf.get(outcome.scenario);
    if (!level) continue;
    if (outcome.status === "skipped") {
      levels[level].skipped++;
      const reason = outcome.reason ?? "skipped";
      reasons.set(reason, [...(reasons.get(reason) ?? []), outcome.scenario]);
    } else {
      levels[level].ran++;
    }
  }
  const judgedSteps = judgedStepsPerOperation(selected, results);
  let exploredSteps = 0;
  for (const [operationId, count] of Object.entries(exploredStepsByOperation)) {
    exploredSteps += count;
    judgedSteps[operationId] = (judgedSteps[operationId] ?? 0) + count;
  }
  const judgedChecks = results.filter((result) => result.check !== null && result.status !== "skipped").length;
  const notChecked = results.filter((result) => result.check !== null && result.status === "skipped").length;
  const gaps: string[] = [];
  if (workloads.judged.length === 0) gaps.push("the target serves none of the workloads asked for");
  else if (judgedChecks === 0) gaps.push("nothing was checked");
  else {
    const behaviorMissed = levels.behavior.selected - levels.behavior.ran + notSelected;
    if (levels.behavior.ran === 0 && behaviorMissed > 0 && exploredSteps === 0)
      gaps.push(`no behavior scenario ran (${behaviorMissed} not run)`);
    else if (behaviorMissed > 0)
      gaps.push(`${behaviorMissed} of ${levels.behavior.selected + notSelected} behavior scenarios did not run`);
    if (patchesJudged(judgedSteps) === 0) gaps.push("no PATCH (the delta update) was sent");
    else {
      const without = workloads.judged.filter((workload) => patchesJudged(judgedSteps, workload) === 0);
      if (without.length > 0) gaps.push(`no PATCH (the delta update) was judged in ${without.join(", ")}`);
    }
  }
  return {
    workloads,
    levels,
    skippedBy: [...reasons.entries()].map(([reason, scenarios]) => ({ reason, scenarios })),
    notSelected,
    judgedSteps,
    judgedChecks,
    notChecked,
    exploredSteps,
    ...(exploration.explored === undefined && exploration.notRun !== undefined
      ? { explorationNotRun: exploration.notRun }
      : {}),
    gaps,
  };
}

/** Why the run falls short of what --require-coverage asks, or undefined when it does not. */
export function unmetRequirement(coverage: Coverage, requirement: CoverageRequirement | undefined): string | undefined {
  if (coverage.workloads.judged.length === 0)
    return `the target serves none of the workloads asked for (${coverage.workloads.notServed.map((entry) => `${entry.workload}: ${entry.reason}`).join("; ")})`;
  if (coverage.judgedChecks === 0) return "the run checked nothing (every scenario was skipped)";
  if (requirement === undefined) return undefined;
  const without = coverage.workloads.judged.filter((workload) => patchesJudged(coverage.judgedSteps, workload) === 0);
  if (without.length > 0)
    return `--require-coverage ${requirement}: no PATCH (the delta update) was judged${coverage.workloads.judged.length > 1 ? ` in ${without.join(", ")}` : ""}`;
  if (requirement === "patch") return undefined;
  const behaviorMissed = coverage.levels.behavior.selected - coverage.levels.behavior.ran + coverage.notSelected;
  if (behaviorMissed > 0)
    return `--require-coverage ${requirement}: ${behaviorMissed} behavior scenario(s) did not run`;
  if (requirement === "all") {
    // A skip the target's expectations file declares is a known deviation, not a gap in the run.
    const unexpected = coverage.skippedBy
      .filter((group) => !group.reason.startsWith("expected skip"))
      .flatMap((group) => group.scenarios);
    if (unexpected.length > 0)
      return `--require-coverage all: ${unexpected.length} scenario(s) did not run (${unexpected.slice(0, 5).join(", ")}${unexpected.length > 5 ? ", …" : ""})`;
  }
  return undefined;
}
