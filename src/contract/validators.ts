// JSON Schema validation against the bundled contract: ajv (2020-12 + formats), every schema compiled once.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { loadOpenApiDocument } from "./document.ts";
import { operation } from "./operations.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const SCHEMAS_ID = "https://exchange-restore-contract.local/schemas.json";

/** One way a JSON value departs from the contract, located by JSON pointer. */
export interface Violation {
  /** JSON pointer into the validated value ("" for the root). */
  instancePath: string;
  /** JSON pointer into the schema that rejected it. */
  schemaPath: string;
  keyword: string;
  message: string;
  /** For `required`: the property that is missing. */
  missingProperty?: string;
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    validateFormats: true,
  });
  addFormats(ajv);
  // OpenAPI refs point at #/components/schemas/X; expose the same schemas as $defs of one schema document.
  const schemas = JSON.parse(
    JSON.stringify(loadOpenApiDocument().components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/'),
  ) as Record<string, unknown>;
  ajv.addSchema({ $id: SCHEMAS_ID, $defs: schemas });
  return ajv;
}

function schemaName(ref: string): string {
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
  if (!match?.[1]) throw new Error(`not a component schema ref: ${ref}`);
  return match[1];
}

/** The compiled validator of `components.schemas[name]`. */
export function validatorFor(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    const ajvInstance = instance();
    validate = ajvInstance.getSchema(`${SCHEMAS_ID}#/$defs/${name}`);
    if (!validate) throw new Error(`the contract has no schema named "${name}"`);
    compiled.set(name, validate);
  }
  return validate;
}

/** The errors without repeats: a branch built with allOf can state one requirement twice (both parts require `id`). */
function distinctErrors(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.instancePath}\u0000${error.keyword}\u0000${JSON.stringify(error.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** How far a value is from matching a branch: missing or forbidden keys weigh more; a wrong type rules it out. */
function distance(errors: ErrorObject[]): number {
  if (errors.some((error) => error.keyword === "type" && error.instancePath === "")) return Number.MAX_SAFE_INTEGER;
  return distinctErrors(errors).reduce(
    (sum, error) => sum + (error.keyword === "required" || error.keyword === "false schema" ? 2 : 1),
    0,
  );
}

function depth(errors: ErrorObject[]): number {
  return Math.max(0, ...errors.map((error) => error.instancePath.split("/").length));
}

const branchValidators = new Map<string, ValidateFunction>();

function branchValidator(branch: unknown): ValidateFunction {
  const key = JSON.stringify(branch);
  let validate = branchValidators.get(key);
  if (!validate) {
    const ref = (branch as { $ref?: string }).$ref;
    validate = instance().compile(ref ? { $ref: `${SCHEMAS_ID}${ref}` } : (branch as object));
    branchValidators.set(key, validate);
  }
  return validate;
}

/**
 * Picks the errors worth showing. ajv reports every branch of a failed `oneOf`/`anyOf`; re-check the value
 * against each branch and keep the errors of the closest one, so "both add and remove keys" or a malformed
 * timestamp reads as one precise complaint instead of a list from every alternative.
 */
export function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const composites = errors
    .filter(
      (error) =>
        (error.keyword === "oneOf" || error.keyword === "anyOf") && !Array.isArray(error.params.passingSchemas),
    )
    .sort((a, b) => a.instancePath.length - b.instancePath.length);
  const composite = composites[0];
  if (!composite) return errors.filter((error) => error.keyword !== "if");
  const base = composite.instancePath;
  const outside = errors.filter(
    (error) => error.keyword !== "if" && error.instancePath !== base && !error.instancePath.startsWith(`${base}/`),
  );
  let best: ErrorObject[] | undefined;
  for (const branch of composite.schema as unknown[]) {
    const validate = branchValidator(branch);
    if (validate(composite.data)) continue;
    const candidate = relevantErrors(validate.errors ?? []);
    if (
      !best ||
      distance(candidate) < distance(best) ||
      (distance(candidate) === distance(best) && depth(candidate) > depth(best))
    ) {
      best = candidate;
    }
  }
  const located = (best ?? [composite]).map((error) =>
    error === composite ? error : { ...error, instancePath: `${base}${error.instancePath}` },
  );
  return [...relevantErrors(outside), ...located];
}

function toViolation(error: ErrorObject): Violation {
  const detail =
    error.keyword === "additionalProperties"
      ? `has unknown property "${String(error.params.additionalProperty)}"`
      : error.keyword === "false schema"
        ? "must not be present"
        : error.keyword === "enum"
          ? `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`
          : (error.message ?? error.keyword);
  const violation: Violation = {
    instancePath: error.instancePath,
    schemaPath: error.schemaPath.replace(/^.*#\/\$defs\//, "#/components/schemas/"),
    keyword: error.keyword,
    message: detail,
  };
  if (error.keyword === "required") violation.missingProperty = String(error.params.missingProperty);
  return violation;
}

/** Validates `value` against `components.schemas[name]`; an empty list means it conforms. */
export function validateSchema(name: string, value: unknown): Violation[] {
  const validate = validatorFor(name);
  if (validate(value)) return [];
  return distinctErrors(relevantErrors(validate.errors ?? [])).map(toViolation);
}

/** Validates a request body of an operation; throws if the operation takes no JSON body. */
export function validateRequestBody(operationId: string, body: unknown): Violation[] {
  const ref = operation(operationId).requestSchemaRef;
  if (!ref) throw new Error(`${operationId} documents no JSON request body`);
  return validateSchema(schemaName(ref), body);
}

export type ResponseValidation =
  | { kind: "undocumented-status"; documented: string[] }
  | { kind: "no-body-documented" }
  | { kind: "checked"; schema: string; violations: Violation[] };

/** Validates a response body of an operation for its status code. */
export function validateResponseBody(operationId: string, status: number, body: unknown): ResponseValidation {
  const info = operation(operationId);
  const documented = info.responses.get(String(status)) ?? info.responses.get(`${String(status)[0]}XX`);
  if (!documented) return { kind: "undocumented-status", documented: [...info.responses.keys()] };
  if (!documented.schemaRef) return { kind: "no-body-documented" };
  const schema = schemaName(documented.schemaRef);
  return { kind: "checked", schema, violations: validateSchema(schema, body) };
}

/** `"/a/b: message"` lines, for error messages and reports. */
export function formatViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.instancePath || "(root)"}: ${v.message}`).join("\n");
}
