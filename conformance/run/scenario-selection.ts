// Which scenarios a run selects (the suite's own or --scenarios files, then --grep, --level), each in every workload
// the run judges, and why a selected one is not run on this target: an expected skip, a stateless target, a write or
// an activation not allowed, too few restore points.
import type { WorkloadName } from "../../src/contract/workloads.ts";
import {
  defaultKnownDeviationsFile,
  expectedScenarioSkip,
  type KnownDeviation,
  loadKnownDeviations,
} from "../runner/known-deviations.ts";
import { scenarioForWorkload } from "../runner/scenario-for-workload.ts";
import { loadScenarioPaths, loadScenarios } from "../runner/scenario-loader.ts";
import type { TargetKind } from "../targets/index.ts";
import { ConfigError } from "../vocabulary/config-error.ts";
import type { LevelOption, Scenario, ScenarioTemplate } from "../vocabulary/scenario.ts";
import { explorationMode, type RunOptions } from "./run-options.ts";

export const MOCK_STATELESS =
  "the mock target (Prism) holds no state; behavior scenarios need --target reference or a URL";

/** The scenarios at `level` whose id or description matches `grep` (case-insensitive). */
export function selectScenarios<T extends Pick<Scenario, "id" | "description" | "level">>(
  all: readonly T[],
  options: { grep?: string; level: LevelOption },
): T[] {
  let pattern: RegExp | undefined;
  if (options.grep !== undefined) {
    try {
      pattern = new RegExp(options.grep, "i");
    } catch (error) {
      throw new ConfigError(
        `--grep ${JSON.stringify(options.grep)} is not a regular expression: ${(error as Error).message}`,
      );
    }
  }
  return all.filter(
    (scenario) =>
      (options.level === "all" || scenario.level === options.level) &&
      (!pattern || pattern.test(scenario.id) || pattern.test(scenario.description)),
  );
}

export interface SelectedSuite {
  level: LevelOption;
  /** The scenarios selected, as written (each runs in every judged workload it applies to). */
  selected: ScenarioTemplate[];
  /** Behavior scenarios left out because the target cannot run them and no --level asked for them. */
  notSelected: ScenarioTemplate[];
  deviations: KnownDeviation[];
}

/** The selected scenarios in each judged workload (grouped by workload, in registry order), and those left out. */
export function suiteInWorkloads(
  suite: SelectedSuite,
  judged: readonly WorkloadName[],
): { scenarios: Scenario[]; notSelected: number } {
  const instances = (templates: readonly ScenarioTemplate[]) =>
    judged.flatMap((workload) =>
      templates.flatMap((template) => scenarioForWorkload(template, workload, judged) ?? []),
    );
  return { scenarios: instances(suite.selected), notSelected: instances(suite.notSelected).length };
}

/** Loads the scenarios and the target's known deviations, and selects what the run asks for on this kind of target. */
export function selectSuite(options: RunOptions, kind: TargetKind, askedLevel: LevelOption | undefined): SelectedSuite {
  const spec = options.target ?? "mock";
  const stateful = kind !== "mock";
  const level: LevelOption = askedLevel ?? (stateful ? "all" : "schema");
  // --scenarios replaces the suite's own scenarios; an expectations file may still name those.
  const given = options.scenarioPaths?.length ? loadScenarioPaths(options.scenarioPaths) : undefined;
  const all = given ?? loadScenarios(options.scenariosDirectory);
  const selected = selectScenarios(all, { grep: options.grep, level });
  if (selected.length === 0 && "notRun" in explorationMode(options, { kind })) {
    throw new ConfigError(
      `no scenario matches${options.grep === undefined ? "" : ` --grep ${JSON.stringify(options.grep)}`} at level ${level} (see --list)`,
    );
  }
  const notSelected =
    askedLevel === undefined && !stateful ? selectScenarios(all, { grep: options.grep, level: "behavior" }) : [];
  const deviationsFile =
    options.expectationsFile ?? (kind === "url" && spec !== "graph" ? undefined : defaultKnownDeviationsFile(spec));
  const named = given ? [...loadScenarios(options.scenariosDirectory), ...given] : all;
  const deviations = deviationsFile ? loadKnownDeviations(deviationsFile, named) : [];
  return { level, selected, notSelected, deviations };
}

export interface SkipContext {
  target: { kind: TargetKind; stateful: boolean; guarded: boolean };
  allowWrites: boolean;
  allowActivate: boolean;
  pool: readonly string[];
  deviations: readonly KnownDeviation[];
}

/** Why a selected scenario is not run on this target, or undefined when it runs. */
export function scenarioSkipReason(scenario: Scenario, context: SkipContext): string | undefined {
  const { target, pool } = context;
  const expected = expectedScenarioSkip(context.deviations, scenario.id, scenario.workload);
  if (expected) return `expected skip: ${expected}`;
  if (scenario.level === "behavior" && !target.stateful) return MOCK_STATELESS;
  if (target.guarded && scenario.tags.includes("activates") && !context.allowActivate) {
    return "activates a session (on a tenant, a real restore); pass --allow-activate to run it";
  }
  if (target.guarded && scenario.tags.includes("writes") && !context.allowWrites)
    return "writes to the target; pass --allow-writes to run it";
  if (scenario.needs.poolEntries > pool.length) {
    return `needs ${scenario.needs.poolEntries} restore points, ${pool.length} given (--restore-points)`;
  }
  const absent = scenario.needs.restorePoints.filter((id) => !pool.includes(id));
  if (absent.length > 0) {
    return `sends a published example naming restore point(s) ${absent.join(", ")}, which are not among the --restore-points ids`;
  }
  return undefined;
}
