// What a check sees and returns. A check looks at one step's answer (and, for `state`, reads the session back);
// it returns null when it does not apply, so the report holds a row only for what was actually checked.
import type { OperationInfo } from "../../src/contract/operations.ts";
import type { Workload } from "../../src/contract/workloads.ts";
import type { Expectation, IdList, Scenario, Step } from "../vocabulary/scenario.ts";
import type { ArtifactListing, StepResponse } from "../vocabulary/step-response.ts";
import { clip, type Redact } from "../vocabulary/redaction.ts";
import { isAdvisorySource, type Problem } from "../vocabulary/source-registry.ts";

export type { Problem } from "../vocabulary/source-registry.ts";

/** `source`: where the assertion comes from (an id of conformance/sources.yaml), when the check decides it per
 *  answer; otherwise the check's own `source`, or the expectation's. */
export type Verdict =
  | { status: "passed"; message?: string; source?: string }
  | { status: "failed"; message: string; source?: string }
  /** Nothing could be judged for a reason of the runner's own (a bound it reached), never the server's. */
  | { status: "skipped"; message: string; source?: string }
  | null;

export interface CheckContext {
  scenario: Scenario;
  step: Step;
  operation: OperationInfo;
  /** The workload of the step's operation: its delta key, artifacts key, types and operations. */
  workload: Workload;
  response: StepResponse;
  /** The expectation being evaluated (one alternative when the step accepts several readings). */
  expectation: Expectation;
  /** Resolves expressions in scenario data ($pool, $steps, $absent, $response.body#). Throws ExpressionError. */
  resolve(value: unknown): unknown;
  resolveIds(list: IdList, what: string): string[];
  /** Restore point of each artifact id seen in any answer of this scenario (for lists that omit restorePoint). */
  knownArtifacts: ReadonlyMap<string, string>;
  /** The destinationType each restore point was added with to a session in this scenario (by restore-point id). */
  destinationsOf(sessionId: string): ReadonlyMap<string, string>;
  /** Reads every page of a session's artifact list (validated page by page). */
  readArtifacts(sessionId: string): Promise<ArtifactListing>;
  /** Records which of several conforming behaviours the server showed. */
  noteReading(question: string, reading: string): void;
  /** The run's redaction: text from the target goes through it before a message shortens it (`shown`). */
  redact: Redact;
}

export interface Check {
  /** The name in reports, e.g. `response-schema`. */
  name: string;
  /** One line: the property checked. */
  description: string;
  /** Whether the verdict depends on the step's expectation (evaluated per reading when there are several). */
  usesExpectation: boolean;
  /** Where the check's assertion comes from when it does not depend on the expectation (a sources.yaml id). */
  source?: string;
  run(context: CheckContext): Verdict | Promise<Verdict>;
}

export const passed = (message?: string): Verdict =>
  message === undefined ? { status: "passed" } : { status: "passed", message };
export const failed = (message: string, source?: string): Verdict =>
  source === undefined ? { status: "failed", message } : { status: "failed", message, source };

/** A check the runner could not make for a reason of its own (its page bound): a skipped row with the reason. */
export const notChecked = (reason: string): Verdict => ({ status: "skipped", message: reason });

/**
 * One verdict for several problems: it names the first problem that the docs, OData or HTTP back (so the row fails
 * the run), else the first contract decision (an advisory). When the problems rest on different kinds of source,
 * each advisory one is marked in the message.
 */
export function failedWith(problems: readonly Problem[]): Verdict {
  if (problems.length === 0) return null;
  const advisory = (problem: Problem) => isAdvisorySource(problem.source);
  const required = problems.find((problem) => !advisory(problem));
  const mixed = required !== undefined && problems.some(advisory);
  const message = problems
    .map((problem) =>
      mixed && advisory(problem) ? `${problem.message} (advisory: ${problem.source})` : problem.message,
    )
    .join("; ");
  return failed(message, (required ?? problems[0])?.source);
}

/** A JSON value shown in a message: quoted, redacted, and cut to a readable length. */
export function shown(value: unknown, redact: Redact, max = 80): string {
  return value === undefined ? "nothing" : clip(JSON.stringify(value), max, redact);
}

/** `page 2 (of 3): ` for later pages of a multi-page step, nothing for a single answer. */
export function pagePrefix(index: number, count: number): string {
  return count > 1 ? `page ${index + 1} of ${count}: ` : "";
}
