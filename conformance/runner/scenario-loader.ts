// Loads the scenario files: YAML parsed, validated against scenario.schema.json, then checked for what a schema
// cannot say (unique ids, known examples, path parameters, outputs used before they exist), in every workload a
// scenario applies to. A scenario is loaded once as a template; scenario-for-workload.ts makes it run per workload.
import { readdirSync, readFileSync, type Stats, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parseDocument } from "yaml";
import { operation } from "../../src/contract/operations.ts";
import { operationOf, WORKLOAD_NAMES, type WorkloadName } from "../../src/contract/workloads.ts";
import { ConfigError } from "../vocabulary/config-error.ts";
import { ExpressionError, expressionsIn, poolEntriesNeeded, type Expression } from "../vocabulary/expressions.ts";
import { locateConformanceData } from "../vocabulary/conformance-data.ts";
import {
  isReadings,
  type Expectation,
  type Readings,
  type ScenarioTemplate,
  type Step,
  SESSION_PATH_PARAMETER,
  type TemplateStep,
} from "../vocabulary/scenario.ts";
import { contractExample } from "./request-builder.ts";
import {
  exampleRestorePoints,
  exampleWorkloads,
  stepExample,
  stepOperationId,
  stepPath,
} from "./scenario-for-workload.ts";
import { readingRegistry } from "../vocabulary/reading-registry.ts";
import { sourceRegistry } from "../vocabulary/source-registry.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** A scenario as a file holds it, before the checks that need the contract. */
type RawScenario = Omit<ScenarioTemplate, "file" | "needs" | "workloads" | "crossWorkload">;

let validator: ValidateFunction | undefined;

export function scenarioSchemaValidator(): ValidateFunction {
  if (validator) return validator;
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  validator = ajv.compile(JSON.parse(readFileSync(locateConformanceData("scenario.schema.json"), "utf8")) as object);
  return validator;
}

export function defaultScenariosDirectory(): string {
  return locateConformanceData("scenarios");
}

function describeSchemaErrors(errors: ErrorObject[]): string {
  // The recursive body schema reports every failed branch; the deepest errors are the informative ones.
  const shown = errors
    .filter((error) => error.keyword !== "if" && error.keyword !== "anyOf" && error.keyword !== "oneOf")
    .slice(0, 5)
    .map(
      (error) =>
        `${error.instancePath || "(root)"}: ${error.message ?? error.keyword}${error.keyword === "additionalProperties" ? ` "${String(error.params.additionalProperty)}"` : ""}`,
    );
  return (
    shown.length ? shown : errors.slice(0, 3).map((error) => `${error.instancePath || "(root)"}: ${error.message}`)
  ).join("; ");
}

/** Parses and schema-validates one file; throws ConfigError naming the file, line and JSON pointer. */
export function parseScenarioFile(path: string, text: string): { description: string; scenarios: RawScenario[] } {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    throw new ConfigError(`${path}: not valid YAML: ${error?.message ?? "parse error"}`);
  }
  const data = document.toJS({ maxAliasCount: 100 }) as unknown;
  const validate = scenarioSchemaValidator();
  if (!validate(data))
    throw new ConfigError(
      `${path}: does not match scenario.schema.json: ${describeSchemaErrors(validate.errors ?? [])}`,
    );
  return data as { description: string; scenarios: RawScenario[] };
}

/** Every value of a step that may hold expressions (what it sends, expects and outputs). */
export function stepValues(step: TemplateStep | Step): unknown[] {
  const expects = isReadings(step.expect) ? step.expect.anyOf : [step.expect];
  return [step.path, step.query, step.headers, step.body, step.rawBody, step.delta, expects, step.outputs];
}

/** Every source an expectation names (its own, per part, per body assertion), each known to sources.yaml. */
function checkSources(expectation: Expectation, at: string): void {
  const registry = sourceRegistry();
  const named = [
    expectation.source,
    ...Object.values(expectation.sources ?? {}),
    ...(expectation.body ?? []).flatMap((assertion) => assertion.source ?? []),
  ];
  for (const id of named) {
    if (!registry.has(id))
      throw new ConfigError(`${at}: names source "${id}", which conformance/sources.yaml does not list`);
  }
}

/** The readings a step offers, each declared in conformance/readings.yaml; an alternative without its own source
 *  takes the reading's. */
function takeReadingSources(expect: Readings, at: string): void {
  const registry = readingRegistry();
  const seen = new Set<string>();
  for (const alternative of expect.anyOf) {
    const reading = (() => {
      try {
        return registry.reading(expect.question, alternative.reading ?? "");
      } catch (error) {
        throw new ConfigError(`${at}: ${(error as Error).message}`);
      }
    })();
    if (seen.has(reading.key)) throw new ConfigError(`${at}: offers the reading ${reading.id} twice`);
    seen.add(reading.key);
    alternative.source ??= reading.source;
  }
}

/** What a scenario sends decides what it must be tagged: anything but GET writes, activation activates. */
function checkSafetyTags(raw: RawScenario, operationId: string, method: string, at: string): void {
  const tags = raw.tags ?? [];
  if (method !== "get" && !tags.includes("writes")) {
    throw new ConfigError(
      `${at}: sends ${method.toUpperCase()} (${operationId}), so the scenario must be tagged writes (a read-only run sends only GET)`,
    );
  }
  if (operationOf(operationId)?.role === "activate" && !tags.includes("activates")) {
    throw new ConfigError(`${at}: activates a session, so the scenario must be tagged activates`);
  }
}

/** The workloads a scenario can run in: those of its concrete operations and of its examples (all by default). */
function applicableWorkloads(raw: RawScenario, where: string): WorkloadName[] {
  let workloads: WorkloadName[] = [...WORKLOAD_NAMES];
  const narrow = (to: readonly WorkloadName[], because: string) => {
    const left = workloads.filter((name) => to.includes(name));
    if (left.length === 0)
      throw new ConfigError(`${where}: ${because} fits none of the workloads its other steps run in`);
    workloads = left;
  };
  for (const step of raw.steps) {
    const at = `${where}, step ${step.id}`;
    if (step.operationId !== undefined) {
      const found = operationOf(step.operationId);
      if (!found) {
        try {
          operation(step.operationId);
        } catch (error) {
          throw new ConfigError(`${at}: ${(error as Error).message}`);
        }
        throw new ConfigError(`${at}: ${step.operationId} belongs to no workload of src/contract/workloads.ts`);
      }
      if (found.workload !== undefined) narrow([found.workload], `operationId ${step.operationId}`);
    }
    if (step.bodyExample !== undefined) {
      const names = typeof step.bodyExample === "string" ? [step.bodyExample] : Object.values(step.bodyExample);
      for (const name of names) {
        if (name === undefined || contractExample(name) === undefined)
          throw new ConfigError(`${at}: the contract has no example named ${name}`);
      }
      narrow(exampleWorkloads(step.bodyExample), `bodyExample ${JSON.stringify(step.bodyExample)}`);
    }
  }
  return workloads;
}

function checkScenario(raw: RawScenario, file: string): ScenarioTemplate {
  const where = `${file}: scenario ${raw.id}`;
  const stepIds = new Set<string>();
  const producedOutputs = new Map<string, Set<string>>();
  const expressions: Expression[] = [];
  const restorePoints: string[] = [];
  const workloads = applicableWorkloads(raw, where);
  const crossWorkload = raw.steps.some((step) => step.workload === "other");
  for (const step of raw.steps) {
    const at = `${where}, step ${step.id}`;
    if (stepIds.has(step.id)) throw new ConfigError(`${at}: step id used twice`);
    if (step.workload === "other" && step.operation === undefined)
      throw new ConfigError(`${at}: workload: other needs an abstract operation (operation:, not operationId:)`);
    if (step.workload === "other" && step.outputs !== undefined)
      throw new ConfigError(`${at}: a step that runs in the other workloads declares no outputs`);
    if (step.operation !== undefined && step.path !== undefined) {
      const unknown = Object.keys(step.path).filter((name) => name !== SESSION_PATH_PARAMETER);
      if (unknown.length)
        throw new ConfigError(
          `${at}: ${step.operation} names the session as path.${SESSION_PATH_PARAMETER}, not ${unknown.join(", ")}`,
        );
    }
    // The same checks in every workload the step runs in: one workload's operation cannot differ from another's.
    const stepWorkloads = step.workload === "other" ? WORKLOAD_NAMES : workloads;
    for (const workload of stepWorkloads)
      checkStepIn(raw, step, workload, `${at}${step.operation === undefined ? "" : ` (${workload})`}`);
    for (const workload of workloads) {
      const example = stepExample(step.bodyExample, workload);
      if (example !== undefined) restorePoints.push(...exampleRestorePoints(contractExample(example)));
    }
    if (isReadings(step.expect)) takeReadingSources(step.expect, at);
    for (const [index, expectation] of (isReadings(step.expect) ? step.expect.anyOf : [step.expect]).entries()) {
      checkSources(expectation, isReadings(step.expect) ? `${at}, reading ${index}` : at);
    }
    let stepExpressions: Expression[];
    try {
      stepExpressions = stepValues(step).flatMap(expressionsIn);
    } catch (error) {
      if (error instanceof ExpressionError) throw new ConfigError(`${at}: ${error.message}`);
      throw error;
    }
    for (const expression of stepExpressions) {
      if (expression.kind !== "step") continue;
      if (!producedOutputs.get(expression.step)?.has(expression.output)) {
        throw new ConfigError(
          `${at}: uses $steps.${expression.step}.outputs.${expression.output}, which no earlier step declares`,
        );
      }
    }
    expressions.push(...stepExpressions);
    stepIds.add(step.id);
    producedOutputs.set(step.id, new Set(Object.keys(step.outputs ?? {})));
  }
  return {
    ...raw,
    tags: raw.tags ?? [],
    file,
    needs: { poolEntries: poolEntriesNeeded(expressions), restorePoints: [...new Set(restorePoints)] },
    workloads,
    crossWorkload,
  };
}

/** What depends on the operation a step runs in `workload`: safety tags, path parameters, body, delta, pages. */
function checkStepIn(raw: RawScenario, step: TemplateStep, workload: WorkloadName, at: string): void {
  const operationId = stepOperationId(step, workload);
  const info = (() => {
    try {
      return operation(operationId);
    } catch (error) {
      throw new ConfigError(`${at}: ${(error as Error).message}`);
    }
  })();
  const role = operationOf(operationId)?.role;
  checkSafetyTags(raw, operationId, info.method, at);
  const templateParameters = [...info.pathTemplate.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  const given = Object.keys(stepPath(step, operationId) ?? {});
  const name = (parameter: string) => (step.operation === undefined ? parameter : SESSION_PATH_PARAMETER);
  const missing = templateParameters.filter((parameter) => !given.includes(parameter));
  const unknown = given.filter((parameter) => !templateParameters.includes(parameter));
  const what = step.operation ?? operationId;
  if (missing.length) throw new ConfigError(`${at}: ${what} needs path parameter(s) ${missing.map(name).join(", ")}`);
  if (unknown.length) throw new ConfigError(`${at}: ${what} has no path parameter(s) ${unknown.map(name).join(", ")}`);
  const hasBody =
    step.body !== undefined || step.bodyExample !== undefined || step.rawBody !== undefined || step.delta !== undefined;
  if (hasBody && !info.requestSchemaRef) throw new ConfigError(`${at}: ${what} takes no request body`);
  if (step.delta !== undefined && role !== "update")
    throw new ConfigError(`${at}: delta is the body of the delta PATCH (updateSession) only`);
  if (step.pages !== undefined && role !== "list" && role !== "listArtifacts")
    throw new ConfigError(`${at}: pages applies to list operations only`);
}

/** Every scenario of every `*.yaml` file in the directory (sorted by file name, then as written). */
/** Checked scenarios per file, reused while the file's text is unchanged (YAML parsing dominates a warm run). */
const parsedFiles = new Map<string, { text: string; scenarios: ScenarioTemplate[] }>();

function scenariosOfFile(path: string, file: string): ScenarioTemplate[] {
  const text = readFileSync(path, "utf8");
  const cached = parsedFiles.get(path);
  if (cached?.text === text) return structuredClone(cached.scenarios);
  const scenarios = parseScenarioFile(file, text).scenarios.map((raw) => checkScenario(raw, file));
  parsedFiles.set(path, { text, scenarios });
  return structuredClone(scenarios);
}

const MAX_SCENARIO_FILE_BYTES = 4 * 1024 * 1024;

/** The `*.yaml` files of a directory, at any depth, sorted. */
function scenarioFilesIn(directory: string, what: string): string[] {
  let files: string[];
  try {
    files = readdirSync(directory, { recursive: true, encoding: "utf8" })
      .filter((name) => /\.ya?ml$/.test(name))
      .sort();
  } catch (error) {
    throw new ConfigError(`cannot read ${what} ${directory}: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new ConfigError(`no scenario files (*.yaml) in ${directory}`);
  return files;
}

/** Scenarios of files (`path`, and `file` as messages name it), each id used once across all of them. */
function collectScenarios(files: ReadonlyArray<{ path: string; file: string }>): ScenarioTemplate[] {
  const scenarios: ScenarioTemplate[] = [];
  const seen = new Map<string, string>();
  for (const { path, file } of files) {
    for (const scenario of scenariosOfFile(path, file)) {
      const other = seen.get(scenario.id);
      if (other) throw new ConfigError(`${file}: scenario id ${scenario.id} is already used in ${other}`);
      seen.set(scenario.id, file);
      scenarios.push(scenario);
    }
  }
  return scenarios;
}

/** Every scenario of the suite's own directory (or `directory`). */
export function loadScenarios(directory = defaultScenariosDirectory()): ScenarioTemplate[] {
  return collectScenarios(
    scenarioFilesIn(directory, "the scenarios directory").map((name) => ({
      path: join(directory, name),
      file: relative(directory, join(directory, name)),
    })),
  );
}

/**
 * The scenarios of files and directories given on the command line (--scenarios, repeatable), in the order given
 * (a directory's files sorted): the same parsing, schema and checks as the suite's own, each file named as given.
 */
export function loadScenarioPaths(paths: readonly string[]): ScenarioTemplate[] {
  const files: Array<{ path: string; file: string }> = [];
  for (const given of paths) {
    if (given.trim() === "") throw new ConfigError("--scenarios needs a file or directory");
    let stats: Stats;
    try {
      stats = statSync(given);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(
        `--scenarios ${given}: ${code === "ENOENT" ? "no such file or directory" : (error as Error).message}`,
      );
    }
    const names = stats.isDirectory() ? scenarioFilesIn(given, "the --scenarios directory") : [""];
    for (const name of names) {
      const path = resolve(given, name);
      const file = name ? join(given, name) : given;
      const fileStats = name ? statSync(path) : stats;
      // Not a device or a pipe (it would never end), and not more text than a scenario file can be.
      if (!fileStats.isFile()) throw new ConfigError(`--scenarios ${file}: not a regular file`);
      if (fileStats.size > MAX_SCENARIO_FILE_BYTES)
        throw new ConfigError(`--scenarios ${file}: ${fileStats.size} bytes, more than a scenario file may be (4 MiB)`);
      files.push({ path, file });
    }
  }
  return collectScenarios(files);
}
