// json-body: where the contract documents a JSON body (and on every error), the body is well-formed UTF-8 JSON;
// where it documents none (204), there is no body.
import type { OperationInfo } from "../../src/contract/operations.ts";
import { failed, pagePrefix, passed, type Check } from "./check.ts";

function documentedResponse(operation: OperationInfo, status: number) {
  return operation.responses.get(String(status)) ?? operation.responses.get(`${String(status)[0]}XX`);
}

export const jsonBody: Check = {
  name: "json-body",
  description: "documented JSON bodies and error bodies are well-formed UTF-8 JSON; a 204 has no body",
  usesExpectation: false,
  source: "graph-json",
  run({ response, operation }) {
    const { pages } = response;
    let applies = false;
    for (const [index, page] of pages.entries()) {
      const status = page.exchange.status ?? 0;
      const documented = documentedResponse(operation, status);
      const size = page.exchange.bytes?.length ?? 0;
      const prefix = pagePrefix(index, pages.length);
      if (documented && !documented.schemaRef) {
        applies = true;
        if (size > 0)
          return failed(
            `${prefix}a ${status} answer has a ${size}-byte body; the contract documents none`,
            status === 204 ? "rfc9110-204" : "graph-json",
          );
        continue;
      }
      if (!documented?.schemaRef && status < 400) continue;
      applies = true;
      if (page.decoded.kind === "empty")
        return failed(`${prefix}a ${status} answer has no body; the contract documents a JSON body`);
      if (page.decoded.kind === "invalid") return failed(`${prefix}${page.decoded.message}`, "rfc8259-utf8");
    }
    return applies ? passed() : null;
  },
};
