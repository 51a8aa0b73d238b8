// The shapes of scenario data (conformance/scenario.schema.json) as the runner, the checks and the exploration read
// them.

export type Level = "schema" | "behavior";
/** A level a run asks for: one of them, or all. */
export type LevelOption = Level | "all";
export type SafetyTag = "writes" | "activates";
import type { DestinationType } from "../../src/contract/wire-names.ts";

/** An id-list field: an expression (`"$pool[0:4]"`) or a list of them, flattened. */
export type IdList = string | string[];

export type ResponseCodeRule = number | { min: number; max: number };

export interface FailedItemExpectation {
  artifactId?: string;
  restorePoint?: string;
  failedOperation?: string[];
  responseCode?: ResponseCodeRule;
}

export interface DeltaExpectation {
  added?: IdList;
  destinationType?: DestinationType;
  removed?: IdList;
  failed?: FailedItemExpectation[];
}

export interface StateExpectation {
  session?: string;
  restorePoints: IdList;
}

/** A body assertion; `source` overrides the expectation's for this one assertion. */
export type Assertion = { pointer: string; source?: string } & (
  | { equals: unknown }
  | { equalsIfPresent: unknown }
  /** Another representation read at the same time (`$steps.…` expression): equal when both report a value. */
  | { agrees: string }
  /** The array entry matching `where` exists and agrees with `with` (expressions) on what both report. */
  | { entryAgrees: { where: Record<string, unknown>; with: Record<string, string> } }
  | { oneOf: unknown[] }
  | { absent: true }
  | { present: true }
  | { length: number }
  | { includes: Record<string, unknown> }
  | { excludes: Record<string, unknown> }
);

/** The parts of an expectation that can name their own source (else the expectation's `source` applies). */
export type AssertionPart = "status" | "errorCode" | "body" | "delta" | "state";

export interface Expectation {
  /** Where every assertion of this expectation comes from: an id of conformance/sources.yaml. */
  source: string;
  /** Per-part sources where a part rests on something else than `source`. */
  sources?: Partial<Record<AssertionPart, string>>;
  status: number | number[];
  errorCode?: string;
  body?: Assertion[];
  delta?: DeltaExpectation;
  state?: StateExpectation;
  /** In a Readings alternative: the reading's id within the question (conformance/readings.yaml). */
  reading?: string;
}

export interface Readings {
  /** A question id of conformance/readings.yaml; each alternative names one of its readings. */
  question: string;
  anyOf: Expectation[];
  /** Whether the reading the server takes first holds for the rest of the scenario (default true). */
  hold?: boolean;
}

export type OutputSource = string | { artifactIdsFor: IdList };

export interface Step {
  id: string;
  description?: string;
  operationId: string;
  path?: Record<string, string>;
  query?: Record<string, string | number>;
  headers?: Record<string, string>;
  auth?: "bearer" | "none";
  body?: unknown;
  bodyExample?: string;
  rawBody?: string;
  delta?: unknown[];
  pages?: "first" | "all";
  expect: Expectation | Readings;
  outputs?: Record<string, OutputSource>;
}

export interface Scenario {
  id: string;
  description: string;
  comment?: string;
  level: Level;
  tags: SafetyTag[];
  specification?: Array<Record<string, string>>;
  steps: Step[];
  /** The file it came from, relative to the scenarios directory. */
  file: string;
  /** What the run must provide for the scenario to run at all. */
  needs: {
    /** Restore-point pool entries the expressions index. */
    poolEntries: number;
    /** Restore-point ids a verbatim example body names; they must be in the pool. */
    restorePoints: string[];
  };
}

export function isReadings(expect: Expectation | Readings): expect is Readings {
  return "anyOf" in expect;
}

/** The source an expectation names for one of its parts. */
export function expectationSource(expectation: Expectation, part: AssertionPart): string {
  return expectation.sources?.[part] ?? expectation.source;
}
