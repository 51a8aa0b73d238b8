// response-schema: a success body matches the schema the contract documents for its status (ajv, compiled once
// from the bundled spec), timestamps and enums included. Error bodies are the error-envelope check's.
import { validateResponseBody, type Violation } from "../../src/contract/validators.ts";
import { readPointer } from "../runner/expressions.ts";
import { failed, pagePrefix, passed, shown, type Check } from "./types.ts";

const MAX_SHOWN = 8;
const ERROR_SCHEMA = "GraphErrorResponse";

/** `/pointer: message (received X)` for each violation, at most MAX_SHOWN of them. */
export function describeViolations(violations: readonly Violation[], body: unknown): string {
  const ordered = [...violations].sort((a, b) => a.instancePath.localeCompare(b.instancePath, "en", { numeric: true }));
  const lines = ordered.slice(0, MAX_SHOWN).map((violation) => {
    const received = violation.keyword === "required" || violation.keyword === "additionalProperties" ? "" : ` (received ${shown(readPointer(body, violation.instancePath))})`;
    return `${violation.instancePath || "(root)"}: ${violation.message}${received}`;
  });
  if (violations.length > MAX_SHOWN) lines.push(`… and ${violations.length - MAX_SHOWN} more`);
  return lines.join("; ");
}

export const responseSchema: Check = {
  name: "response-schema",
  description: "a success body matches the schema documented for its status",
  usesExpectation: false,
  run({ response, operation }) {
    const { pages } = response;
    let checked = 0;
    for (const [index, page] of pages.entries()) {
      const status = page.exchange.status;
      if (status === undefined || page.decoded.kind !== "json") continue;
      const validation = validateResponseBody(operation.operationId, status, page.decoded.value);
      if (validation.kind !== "checked" || validation.schema === ERROR_SCHEMA) continue;
      checked++;
      if (validation.violations.length > 0) {
        return failed(`${pagePrefix(index, pages.length)}${describeViolations(validation.violations, page.decoded.value)}`);
      }
    }
    return checked > 0 ? passed() : null;
  },
};
