// The data tables of request/response bodies (invalid-bodies.yaml, valid-bodies.yaml): loading, and the small
// `$repeat` construct that writes long arrays without long files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import {
  validateRequestBody,
  validateResponseBody,
  validateSchema,
  type Violation,
} from "../../src/contract/validators.ts";

/** Where a body is checked: a named schema, or an operation's request or response (by status). */
export interface BodyTarget {
  schema?: string;
  operationId?: string;
  direction?: "request" | "response";
  status?: number;
}

export interface BodyCase extends BodyTarget {
  description: string;
  body: unknown;
}

export interface InvalidBodyCase extends BodyCase {
  expect: { instancePath: string; keyword: string; property?: string };
}

/**
 * Expands `{"$repeat": {"count": N, "item": X}}` array elements into N copies of X, where `{i}` in any string of X
 * becomes the copy's 1-based index (so repeated items stay distinct).
 */
export function expandRepeats(value: unknown, index?: number): unknown {
  if (typeof value === "string") return index === undefined ? value : value.replaceAll("{i}", String(index));
  if (Array.isArray(value)) {
    return value.flatMap((element: unknown) => {
      const repeat = (element as { $repeat?: { count: number; item: unknown } } | null)?.$repeat;
      if (repeat === undefined) return [expandRepeats(element, index)];
      if (!Number.isInteger(repeat.count) || repeat.count < 0)
        throw new Error(`$repeat.count must be a natural number: ${repeat.count}`);
      return Array.from({ length: repeat.count }, (_, n) => expandRepeats(repeat.item, n + 1));
    });
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, expandRepeats(member, index)]));
  }
  return value;
}

export function loadCases<T extends BodyCase>(file: string): T[] {
  const cases = parse(readFileSync(join(import.meta.dirname, file), "utf8")) as T[];
  return cases.map((bodyCase) => ({ ...bodyCase, body: expandRepeats(bodyCase.body) }));
}

/** A readable name for where a case is checked. */
export function targetName(target: BodyTarget): string {
  if (target.schema) return target.schema;
  return `${target.operationId} ${target.direction}${target.direction === "response" ? ` ${target.status}` : ""}`;
}

/** Validates a case's body where it belongs; throws when the table names an undocumented place. */
export function violationsOf(bodyCase: BodyCase): Violation[] {
  if (bodyCase.schema) return validateSchema(bodyCase.schema, bodyCase.body);
  if (!bodyCase.operationId) throw new Error(`case "${bodyCase.description}" names neither a schema nor an operation`);
  if (bodyCase.direction === "request") return validateRequestBody(bodyCase.operationId, bodyCase.body);
  if (bodyCase.direction !== "response" || bodyCase.status === undefined) {
    throw new Error(`case "${bodyCase.description}": direction must be request, or response with a status`);
  }
  const result = validateResponseBody(bodyCase.operationId, bodyCase.status, bodyCase.body);
  if (result.kind !== "checked")
    throw new Error(`case "${bodyCase.description}": ${targetName(bodyCase)} has no body schema (${result.kind})`);
  return result.violations;
}
