// response-schema: a success body matches the schema the contract documents for its status (ajv, compiled once
// from the bundled spec), timestamps and enums included. Error bodies are the error-envelope check's.
import { validateResponseBody, type Violation } from "../../src/contract/validators.ts";
import { readPointer } from "../vocabulary/expressions.ts";
import { SCHEMA_SOURCE, sourceRegistry } from "../vocabulary/source-registry.ts";
import type { Redact } from "../vocabulary/redaction.ts";
import { failedWith, pagePrefix, passed, shown, type Check, type Problem } from "./check.ts";

const MAX_SHOWN = 8;
const ERROR_SCHEMA = "GraphErrorResponse";

function describeViolation(violation: Violation, body: unknown, redact: Redact): string {
  const received =
    violation.keyword === "required" || violation.keyword === "additionalProperties"
      ? ""
      : ` (received ${shown(readPointer(body, violation.instancePath), redact)})`;
  return `${violation.instancePath || "(root)"}: ${violation.message}${received}`;
}

function byPointer(violations: readonly Violation[]): Violation[] {
  return [...violations].sort((a, b) => a.instancePath.localeCompare(b.instancePath, "en", { numeric: true }));
}

/** `/pointer: message (received X)` for each violation, at most MAX_SHOWN of them. */
export function describeViolations(violations: readonly Violation[], body: unknown, redact: Redact): string {
  const ordered = byPointer(violations);
  const lines = ordered.slice(0, MAX_SHOWN).map((violation) => describeViolation(violation, body, redact));
  if (violations.length > MAX_SHOWN) lines.push(`… and ${violations.length - MAX_SHOWN} more`);
  return lines.join("; ");
}

/** The JSON pointer a violation is about: the value itself, or the missing property of an object. */
function violatedPointer(violation: Violation): string {
  if (violation.missingProperty === undefined) return violation.instancePath;
  return `${violation.instancePath}/${violation.missingProperty.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** The keyword as sources.yaml's schemaDecisions name it: `type:null` for a null where a value is required. */
function decisionKeyword(violation: Violation, body: unknown): string {
  return violation.keyword === "type" && readPointer(body, violation.instancePath) === null
    ? "type:null"
    : violation.keyword;
}

/** The violations as problems, each docs-backed unless sources.yaml names a contract decision for it. */
function violationProblems(violations: readonly Violation[], body: unknown, prefix: string, redact: Redact): Problem[] {
  const registry = sourceRegistry();
  const sourceOf = (violation: Violation) =>
    registry.schemaDecision(violatedPointer(violation), decisionKeyword(violation, body));
  const ordered = byPointer(violations);
  const problems = ordered.slice(0, MAX_SHOWN).map((violation) => ({
    message: `${prefix}${describeViolation(violation, body, redact)}`,
    source: sourceOf(violation) ?? SCHEMA_SOURCE,
  }));
  // What is not shown still decides whether the row fails: a docs-backed violation past the cut counts.
  const hidden = ordered.slice(MAX_SHOWN);
  if (hidden.length > 0) {
    const docsBacked = hidden.some((violation) => sourceOf(violation) === undefined);
    problems.push({
      message: `… and ${hidden.length} more`,
      source: docsBacked ? SCHEMA_SOURCE : (problems[0]?.source ?? SCHEMA_SOURCE),
    });
  }
  return problems;
}

export const responseSchema: Check = {
  name: "response-schema",
  description: "a success body matches the schema documented for its status",
  usesExpectation: false,
  source: SCHEMA_SOURCE,
  run({ response, operation, redact }) {
    const { pages } = response;
    let checked = 0;
    for (const [index, page] of pages.entries()) {
      const status = page.exchange.status;
      if (status === undefined || page.decoded.kind !== "json") continue;
      const validation = validateResponseBody(operation.operationId, status, page.decoded.value);
      if (validation.kind !== "checked" || validation.schema === ERROR_SCHEMA) continue;
      checked++;
      if (validation.violations.length > 0) {
        return failedWith(
          violationProblems(validation.violations, page.decoded.value, pagePrefix(index, pages.length), redact),
        );
      }
    }
    return checked > 0 ? passed() : null;
  },
};
