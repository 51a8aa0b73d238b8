// The shapes of scenario data (conformance/scenario.schema.json) as the runner, the checks and the exploration read
// them. A file is written once for the whole family: its steps name abstract operations (`operation: updateSession`)
// and `$workload.…` names, and each template (ScenarioTemplate) runs as one Scenario per workload, whose steps name
// that workload's operationIds (runner/scenario-for-workload.ts).
import type { DestinationType } from "../../src/contract/wire-names.ts";
import {
  type OperationRole,
  operationOf,
  type Workload,
  type WorkloadName,
  WORKLOADS,
} from "../../src/contract/workloads.ts";

export type Level = "schema" | "behavior";
/** A level a run asks for: one of them, or all. */
export type LevelOption = Level | "all";
export type SafetyTag = "writes" | "activates";

/** The scenario vocabulary's operations, each resolved in a workload to that workload's operationId. */
export const SCENARIO_OPERATIONS = Object.freeze({
  createSession: "create",
  listSessions: "list",
  getSession: "get",
  updateSession: "update",
  deleteSession: "delete",
  listArtifacts: "listArtifacts",
  activateSession: "activate",
} as const satisfies Record<string, OperationRole>);
export type ScenarioOperation = keyof typeof SCENARIO_OPERATIONS;

/** The path parameter that names the session in a step with an abstract `operation`. */
export const SESSION_PATH_PARAMETER = "session";

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

/** A step as it runs: one contract operation of one workload. */
export interface Step {
  id: string;
  description?: string;
  /** The contract operation (a workload's own, or the shared activation). */
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

/** A scenario as it runs: its steps in one workload (the cross-workload steps in the others). */
export interface Scenario {
  id: string;
  description: string;
  comment?: string;
  level: Level;
  tags: SafetyTag[];
  specification?: Array<Record<string, string>>;
  steps: Step[];
  /** The workload it runs in (undefined: the workload of the run environment, e.g. an explored sequence). */
  workload?: WorkloadName;
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

/** A contract example per workload, or one example (its delta or artifacts key tells the workload it fits). */
export type BodyExample = string | Partial<Record<WorkloadName, string>>;

/**
 * A step as a scenario file writes it: an abstract `operation` (with the session as `path.session`), or a concrete
 * `operationId` (with the operation's own path parameters), which ties the scenario to that operation's workload.
 */
export interface TemplateStep extends Omit<Step, "operationId" | "bodyExample"> {
  operation?: ScenarioOperation;
  operationId?: string;
  /** `other`: the step runs once in each other workload the run judges (the scenario needs two or more). */
  workload?: "other";
  bodyExample?: BodyExample;
}

/** A scenario as a file writes it, once for every workload it applies to. */
export interface ScenarioTemplate extends Omit<Scenario, "steps" | "workload"> {
  steps: TemplateStep[];
  /** The workloads it runs in: every one, unless a concrete operationId or an example ties it to fewer. */
  workloads: readonly WorkloadName[];
  /** It has steps that run in the other workloads (`workload: other`): it runs only when two or more are judged. */
  crossWorkload: boolean;
}

/** The workload a step's operation belongs to; `fallback` (the run's) for the shared activation. */
export function workloadOfOperation(operationId: string, fallback: Workload): Workload {
  const name = operationOf(operationId)?.workload;
  return name === undefined ? fallback : WORKLOADS[name];
}

/** What a step's operation does (`update`, `listArtifacts`, …), whatever its workload. */
export function roleOf(operationId: string): OperationRole | undefined {
  return operationOf(operationId)?.role;
}
