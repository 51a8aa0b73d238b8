// One row of a report, and the names of rows that no registered check produces: the report-only checks and the
// exploration's scenario. An expectations file can name each of them like any check or scenario.

import type { WorkloadName } from "../../src/contract/workloads.ts";

/** `advisory`: a failed assertion that rests only on the contract's own decision (the docs are silent); it does
 *  not fail the run unless --strict. */
export type ResultStatus = "passed" | "failed" | "advisory" | "skipped";

/** One row of the report: a check of a step, or a whole scenario (step and check null) when it was skipped. */
export interface CheckResult {
  scenario: string;
  /** The workload the scenario ran in (set when the run concludes it). */
  workload?: WorkloadName;
  step: string | null;
  check: string | null;
  status: ResultStatus;
  message: string;
  /** Where the assertion comes from (an id of conformance/sources.yaml); null for a row that checked nothing. */
  source: string | null;
  /** Milliseconds this row took: the check's own judging, and for a step's first row the rest of the step (its
   *  requests), so that a step's rows add up to the step (JUnit's testcase times). */
  durationMs?: number;
  /** Set when the row is a consequence of the scenario's first failure (an earlier step): that step and check. */
  consequenceOf?: { step: string; check: string };
}

/** The scenario id of the exploration's rows (a shrunk failure's rows carry the id of its printed scenario). */
export const EXPLORATION_SCENARIO = "exploration";

/** The row a scenario gets when a later step shows another reading than the one the server took (ERRATA E34). */
export const READINGS_CHECK = "readings";
/** The exploration's summary row, and its failure when the exploration itself could not run a sequence. */
export const MODEL_CHECK = "model";
/** Checks that are no registered check but name rows of the report. */
export const REPORT_ONLY_CHECKS: readonly string[] = [READINGS_CHECK, MODEL_CHECK];

/** A row that checked nothing: a scenario (or a step, when given) not run, and why. */
export function skippedRow(scenario: string, message: string, step: string | null = null): CheckResult {
  return { scenario, step, check: null, status: "skipped", message, source: null };
}
