// What a check sees and returns. A check looks at one step's answer (and, for `state`, reads the session back);
// it returns null when it does not apply, so the report holds a row only for what was actually checked.
import type { OperationInfo } from "../../src/contract/operations.ts";
import type { Expectation, IdList, Scenario, Step } from "../runner/model.ts";
import type { ArtifactListing, StepResponse } from "../runner/pages.ts";

export type Verdict = { status: "passed"; message?: string } | { status: "failed"; message: string } | null;

export interface CheckContext {
  scenario: Scenario;
  step: Step;
  operation: OperationInfo;
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
}

export interface Check {
  /** The name in reports, e.g. `response-schema`. */
  name: string;
  /** One line: the property checked. */
  description: string;
  /** Whether the verdict depends on the step's expectation (evaluated per reading when there are several). */
  usesExpectation: boolean;
  run(context: CheckContext): Verdict | Promise<Verdict>;
}

export const passed = (message?: string): Verdict => (message === undefined ? { status: "passed" } : { status: "passed", message });
export const failed = (message: string): Verdict => ({ status: "failed", message });

/** A JSON value shown in a message: quoted and cut to a readable length. */
export function shown(value: unknown, max = 80): string {
  const text = value === undefined ? "nothing" : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `page 2 (of 3): ` for later pages of a multi-page step, nothing for a single answer. */
export function pagePrefix(index: number, count: number): string {
  return count > 1 ? `page ${index + 1} of ${count}: ` : "";
}
