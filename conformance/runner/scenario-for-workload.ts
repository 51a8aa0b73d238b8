// One scenario file, every workload: a template's abstract operations resolved to a workload's operationIds (the
// workload registry), the session path parameter renamed to the operation's own, the example for that workload
// chosen, each expectation citing that workload's page (sources.yaml `workloads`), and the cross-workload steps
// repeated in each other workload the run judges.
import { operation } from "../../src/contract/operations.ts";
import { restorePointIdOf, type RestorePointRef } from "../../src/contract/restore-point.ts";
import { WORKLOAD_NAMES, WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
import {
  type BodyExample,
  type Expectation,
  isReadings,
  type Readings,
  SCENARIO_OPERATIONS,
  type Scenario,
  type ScenarioTemplate,
  SESSION_PATH_PARAMETER,
  type Step,
  type TemplateStep,
} from "../vocabulary/scenario.ts";
import { sourceRegistry } from "../vocabulary/source-registry.ts";
import { contractExample } from "./request-builder.ts";

/** The operationId a template step names in `workload`: its own, or its abstract operation's in that workload. */
export function stepOperationId(step: TemplateStep, workload: WorkloadName): string {
  if (step.operationId !== undefined) return step.operationId;
  if (step.operation === undefined) throw new Error(`step ${step.id} names neither operation nor operationId`);
  return WORKLOADS[workload].operationIds[SCENARIO_OPERATIONS[step.operation]];
}

/** The parameter that names the session in an operation's path, if it has one. */
function sessionParameterOf(operationId: string): string | undefined {
  return /\{([^}]+)\}/.exec(operation(operationId).pathTemplate)?.[1];
}

/** A template step's path parameters under the operation's own names (`session` becomes e.g. `restoreSessionBaseId`). */
export function stepPath(step: TemplateStep, operationId: string): Record<string, string> | undefined {
  if (step.operation === undefined || step.path === undefined) return step.path;
  const { [SESSION_PATH_PARAMETER]: session, ...rest } = step.path;
  const parameter = sessionParameterOf(operationId);
  return session === undefined || parameter === undefined ? rest : { ...rest, [parameter]: session };
}

/** The workload whose keys an example's body uses (undefined for a body that fits every workload, such as `{}`). */
export function exampleWorkload(value: unknown): WorkloadName | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  return WORKLOAD_NAMES.find((name) => WORKLOADS[name].deltaKey in value || WORKLOADS[name].artifactsKey in value);
}

/** The contract example a step sends in `workload`, if it sends one there. */
export function stepExample(example: BodyExample | undefined, workload: WorkloadName): string | undefined {
  if (example === undefined) return undefined;
  if (typeof example === "string") return example;
  return example[workload];
}

/** The workloads an example (one, or one per workload) can be sent in. */
export function exampleWorkloads(example: BodyExample): WorkloadName[] {
  if (typeof example !== "string") return WORKLOAD_NAMES.filter((name) => example[name] !== undefined);
  const fits = exampleWorkload(contractExample(example));
  return fits === undefined ? [...WORKLOAD_NAMES] : [fits];
}

/** The restore-point ids a verbatim create or PATCH example names (its additions, in any workload's keys). */
export function exampleRestorePoints(value: unknown): string[] {
  if (!value || typeof value !== "object") return [];
  const body = value as Record<string, unknown>;
  const items = WORKLOAD_NAMES.flatMap((name) => [body[WORKLOADS[name].deltaKey], body[WORKLOADS[name].artifactsKey]]);
  return items
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .map((item) => restorePointIdOf((item as { restorePoint?: RestorePointRef }).restorePoint))
    .filter((id): id is string => id !== undefined);
}

function expectationIn(expectation: Expectation, workload: WorkloadName): Expectation {
  const registry = sourceRegistry();
  const cite = (id: string) => registry.inWorkload(id, workload);
  return {
    ...expectation,
    source: cite(expectation.source),
    ...(expectation.sources
      ? {
          sources: Object.fromEntries(
            Object.entries(expectation.sources).map(([part, id]) => [part, cite(id as string)]),
          ),
        }
      : {}),
    ...(expectation.body
      ? {
          body: expectation.body.map((assertion) =>
            assertion.source === undefined ? assertion : { ...assertion, source: cite(assertion.source) },
          ),
        }
      : {}),
  };
}

/** An expectation (or the readings a step offers) citing `workload`'s own sources (sources.yaml `workloads`). */
export function expectIn(expect: Expectation | Readings, workload: WorkloadName): Expectation | Readings {
  return isReadings(expect)
    ? { ...expect, anyOf: expect.anyOf.map((alternative) => expectationIn(alternative, workload)) }
    : expectationIn(expect, workload);
}

/** A template step as it runs in `workload`, with the id it has there. */
function stepIn(step: TemplateStep, workload: WorkloadName, id: string): Step {
  const { operation: _operation, operationId: _operationId, workload: _other, bodyExample, path, ...rest } = step;
  const operationId = stepOperationId(step, workload);
  const resolvedPath = stepPath(step, operationId);
  const example = stepExample(bodyExample, workload);
  return {
    ...structuredClone(rest),
    id,
    operationId,
    ...(resolvedPath === undefined ? {} : { path: resolvedPath }),
    ...(example === undefined ? {} : { bodyExample: example }),
    expect: expectIn(rest.expect, workload),
  };
}

/**
 * The scenario a template is in `workload`, when it runs there: undefined when the template does not apply to the
 * workload, or needs other workloads (`workload: other` steps) and the run judges none besides this one. `judged`
 * is the run's judged workloads, in registry order; each `workload: other` step runs once per other one, its id
 * suffixed with that workload's name.
 */
export function scenarioForWorkload(
  template: ScenarioTemplate,
  workload: WorkloadName,
  judged: readonly WorkloadName[],
): Scenario | undefined {
  if (!template.workloads.includes(workload)) return undefined;
  const others = judged.filter((name) => name !== workload);
  if (template.crossWorkload && others.length === 0) return undefined;
  const steps = template.steps.flatMap((step) =>
    step.workload === "other"
      ? others.map((other) => stepIn(step, other, `${step.id}-${other}`))
      : [stepIn(step, workload, step.id)],
  );
  const restorePoints = steps.flatMap((step) =>
    step.bodyExample === undefined ? [] : exampleRestorePoints(contractExample(step.bodyExample)),
  );
  const { workloads: _workloads, crossWorkload: _crossWorkload, steps: _steps, ...rest } = template;
  return {
    ...structuredClone(rest),
    steps,
    workload,
    needs: { poolEntries: template.needs.poolEntries, restorePoints: [...new Set(restorePoints)] },
  };
}
