// Known deviations per target (conformance/expectations/<target>.yaml or --expectations FILE), kept out of the
// scenarios as WPT and the OpenID suite do: an expected failure is reported as such and does not fail the run; an
// expected failure that does not happen fails the run ("expected failure did not happen"); an expected skip is
// not run.
import { existsSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { CHECKS } from "../checks/index.ts";
import { ConfigError } from "../vocabulary/config-error.ts";
import { locateConformanceData } from "../vocabulary/conformance-data.ts";
import type { CheckResult, Scenario } from "../vocabulary/scenario.ts";

export interface KnownDeviation {
  scenario: string;
  step?: string;
  check: string;
  expected: "failure" | "skip";
  reason: string;
}

export interface ExpectedFailure {
  scenario: string;
  step: string | null;
  check: string | null;
  reason: string;
  message: string;
}

/** The bundled expectations file of a target (`mock`, `reference`, `graph`), if there is one. */
export function defaultExpectationsFile(targetName: string): string | undefined {
  try {
    const path = locateConformanceData(`expectations/${targetName}.yaml`);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Reads and validates an expectations file against the scenarios it refers to. */
export function loadExpectations(path: string, scenarios: readonly Scenario[]): KnownDeviation[] {
  let data: unknown;
  try {
    data = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`expectations file ${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(
    JSON.parse(readFileSync(locateConformanceData("expectations.schema.json"), "utf8")) as object,
  );
  if (!validate(data)) {
    const errors = (validate.errors ?? [])
      .slice(0, 3)
      .map((error) => `${error.instancePath || "(root)"}: ${error.message}`);
    throw new ConfigError(`expectations file ${path} does not match expectations.schema.json: ${errors.join("; ")}`);
  }
  const entries = (data as { expectations: KnownDeviation[] }).expectations;
  const checkNames = new Set(CHECKS.map((check) => check.name));
  for (const [index, entry] of entries.entries()) {
    const where = `expectations file ${path}, entry ${index}`;
    const scenario = scenarios.find((candidate) => candidate.id === entry.scenario);
    if (!scenario) throw new ConfigError(`${where}: no scenario ${entry.scenario}`);
    if (entry.step !== undefined && !scenario.steps.some((step) => step.id === entry.step)) {
      throw new ConfigError(`${where}: scenario ${entry.scenario} has no step ${entry.step}`);
    }
    if (entry.check !== "*" && !checkNames.has(entry.check)) {
      throw new ConfigError(`${where}: no check ${entry.check} (known: ${[...checkNames].join(", ")})`);
    }
  }
  return entries;
}

/** The reason a whole scenario is not run by expectation, if any. */
export function expectedScenarioSkip(deviations: readonly KnownDeviation[], scenarioId: string): string | undefined {
  return deviations.find(
    (entry) =>
      entry.scenario === scenarioId && entry.expected === "skip" && entry.step === undefined && entry.check === "*",
  )?.reason;
}

function matches(entry: KnownDeviation, result: CheckResult): boolean {
  return (
    entry.scenario === result.scenario &&
    (entry.step === undefined || entry.step === result.step) &&
    (entry.check === "*" || entry.check === result.check) &&
    result.check !== null
  );
}

/** Applies the deviations to a scenario's results; returns the adjusted rows and the expected failures that happened. */
export function applyExpectations(
  deviations: readonly KnownDeviation[],
  scenarioId: string,
  results: readonly CheckResult[],
): { results: CheckResult[]; expectedFailures: ExpectedFailure[] } {
  const adjusted = results.map((result) => ({ ...result }));
  const expectedFailures: ExpectedFailure[] = [];
  for (const entry of deviations) {
    if (entry.scenario !== scenarioId) continue;
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
