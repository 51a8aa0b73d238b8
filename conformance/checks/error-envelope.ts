// error-envelope: every 4xx/5xx body is the Graph error envelope {"error": {"code", "message", …}}, whether or not
// the contract documents that status for the operation.
import { validateSchema } from "../../src/contract/validators.ts";
import { describeViolations } from "./response-schema.ts";
import { failed, pagePrefix, passed, type Check } from "./check.ts";

export const errorEnvelope: Check = {
  name: "error-envelope",
  description: "every 4xx/5xx body is the Graph error envelope",
  usesExpectation: false,
  source: "graph-errors-envelope",
  run({ response, redact }) {
    const { pages } = response;
    let checked = 0;
    for (const [index, page] of pages.entries()) {
      if ((page.exchange.status ?? 0) < 400 || page.decoded.kind !== "json") continue;
      checked++;
      const violations = validateSchema("GraphErrorResponse", page.decoded.value);
      if (violations.length > 0) {
        return failed(
          `${pagePrefix(index, pages.length)}a ${page.exchange.status} body is not the Graph error envelope: ${describeViolations(violations, page.decoded.value, redact)}`,
        );
      }
    }
    return checked > 0 ? passed() : null;
  },
};
