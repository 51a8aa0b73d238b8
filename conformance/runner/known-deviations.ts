// Known deviations per target (conformance/expectations/<target>.yaml or --expectations FILE), kept out of the
// scenarios as WPT and the OpenID suite do: an expected failure is reported as such and does not fail the run; an
// expected failure that does not happen fails the run ("expected failure did not happen"); an expected skip is
// not run. An entry may name the workload it concerns; without one it concerns the scenario in every workload.
import { existsSync } from "node:fs";
import { isWorkloadName, WORKLOAD_NAMES, type WorkloadName } from "../../src/contract/workloads.ts";
import { CHECKS } from "../checks/index.ts";
import { ConfigError } from "../vocabulary/config-error.ts";
import { locateConformanceData, readDataFile } from "../vocabulary/conformance-data.ts";
import type { ScenarioTemplate } from "../vocabulary/scenario.ts";
import { type CheckResult, EXPLORATION_SCENARIO, REPORT_ONLY_CHECKS } from "../vocabulary/check-result.ts";

export interface KnownDeviation {
  scenario: string;
  /** Only in this workload (default: every workload the scenario runs in). */
  workload?: WorkloadName;
  step?: string;
  check: string;
  expected: "failure" | "skip";
  reason: string;
}

export interface ExpectedFailure {
  scenario: string;
  workload?: WorkloadName;
  step: string | null;
  check: string | null;
  reason: string;
  message: string;
}

/** The bundled expectations file of a target (`mock`, `reference`, `graph`), if there is one. */
export function defaultKnownDeviationsFile(targetName: string): string | undefined {
  try {
    const path = locateConformanceData(`expectations/${targetName}.yaml`);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads and validates an expectations file against what it may name: the scenarios (and their steps), the
 * exploration (`scenario: exploration`, any step), the registered checks and the report-only checks (`readings`,
 * `model`).
 */
export function loadKnownDeviations(path: string, scenarios: readonly ScenarioTemplate[]): KnownDeviation[] {
  const entries = readDataFile<{ expectations: KnownDeviation[] }>(
    path,
    "expectations.schema.json",
    "expectations file",
  ).expectations;
  const checkNames = new Set([...CHECKS.map((check) => check.name), ...REPORT_ONLY_CHECKS]);
  for (const [index, entry] of entries.entries()) {
    const where = `expectations file ${path}, entry ${index}`;
    if (entry.workload !== undefined && !isWorkloadName(entry.workload))
      throw new ConfigError(`${where}: no workload ${entry.workload} (known: ${WORKLOAD_NAMES.join(", ")})`);
    if (entry.scenario === EXPLORATION_SCENARIO) {
      if (entry.check !== "*" && !checkNames.has(entry.check))
        throw new ConfigError(`${where}: no check ${entry.check} (known: ${[...checkNames].join(", ")})`);
      continue;
    }
    const scenario = scenarios.find((candidate) => candidate.id === entry.scenario);
    if (!scenario) throw new ConfigError(`${where}: no scenario ${entry.scenario}`);
    // A step that runs in the other workloads has one id per workload there (`<id>-<workload>`).
    const stepIds = scenario.steps.flatMap((step) =>
      step.workload === "other" ? WORKLOAD_NAMES.map((name) => `${step.id}-${name}`) : [step.id],
    );
    if (entry.workload !== undefined && !scenario.workloads.includes(entry.workload))
      throw new ConfigError(`${where}: scenario ${entry.scenario} does not run in ${entry.workload}`);
    if (entry.step !== undefined && !stepIds.includes(entry.step)) {
      throw new ConfigError(`${where}: scenario ${entry.scenario} has no step ${entry.step}`);
    }
    if (entry.check !== "*" && !checkNames.has(entry.check)) {
      throw new ConfigError(`${where}: no check ${entry.check} (known: ${[...checkNames].join(", ")})`);
    }
  }
  return entries;
}

/** Whether an entry concerns a scenario in a workload (an entry without a workload concerns every one). */
function concerns(entry: KnownDeviation, scenarioId: string, workload: WorkloadName | undefined): boolean {
  return entry.scenario === scenarioId && (entry.workload === undefined || entry.workload === workload);
}

/** The reason a whole scenario is not run by expectation (in `workload`), if any. */
export function expectedScenarioSkip(
  deviations: readonly KnownDeviation[],
  scenarioId: string,
  workload?: WorkloadName,
): string | undefined {
  return deviations.find(
    (entry) =>
      concerns(entry, scenarioId, workload) &&
      entry.expected === "skip" &&
      entry.step === undefined &&
      entry.check === "*",
  )?.reason;
}

/** Whether an entry names a row of the scenario it was given for (a shrunk exploration failure's rows carry the id
 *  of the printed scenario, yet an `exploration` entry covers them). */
function matches(entry: KnownDeviation, result: CheckResult): boolean {
  return (
    (entry.step === undefined || entry.step === result.step) &&
    (entry.check === "*" || entry.check === result.check) &&
    result.check !== null
  );
}

/** Applies the deviations to a scenario's results; returns the adjusted rows and the expected failures that happened. */
export function applyKnownDeviations(
  deviations: readonly KnownDeviation[],
  scenarioId: string,
  results: readonly CheckResult[],
  workload?: WorkloadName,
): { results: CheckResult[]; expectedFailures: ExpectedFailure[] } {
  const adjusted = results.map((result) => ({ ...result }));
  const expectedFailures: ExpectedFailure[] = [];
  const inWorkload = workload === undefined ? {} : { workload };
  for (const entry of deviations) {
    if (!concerns(entry, scenarioId, workload)) continue;
    if (entry.expected === "skip") {
      if (entry.step === undefined && entry.check === "*") continue;
      for (const result of adjusted) {
        if (matches(entry, result)) {
          result.message = `expected skip (${entry.reason})${result.message ? `; the check said: ${result.message}` : ""}`;
          result.status = "skipped";
        }
      }
      continue;
    }
    // A known deviation covers an advisory as well as a failure: the entry says the target deviates there.
    const failures = adjusted.filter(
      (result) => matches(entry, result) && (result.status === "failed" || result.status === "advisory"),
    );
    if (failures.length === 0) {
      adjusted.push({
        scenario: scenarioId,
        ...inWorkload,
        step: entry.step ?? null,
        check: entry.check,
        status: "failed",
        message: `expected failure did not happen: ${entry.reason}`,
        source: null,
      });
      continue;
    }
    for (const result of failures) {
      expectedFailures.push({
        scenario: scenarioId,
        ...inWorkload,
        step: result.step,
        check: result.check,
        reason: entry.reason,
        message: result.message,
      });
      result.status = "skipped";
      result.message = `expected failure (${entry.reason}): ${result.message}`;
    }
  }
  return { results: adjusted, expectedFailures };
}
