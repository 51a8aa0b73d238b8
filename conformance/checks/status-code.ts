// status-code: the status is one the contract documents for the operation, and the one the step expects.
import type { HttpExchange } from "../transport/http-exchange.ts";
import { clip, type Redact } from "../vocabulary/redaction.ts";
import { expectationSource } from "../vocabulary/scenario.ts";
import { failed, pagePrefix, type Check } from "./check.ts";

function graphErrorHint(body: unknown, redact: Redact): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!error || typeof error.code !== "string") return "";
  const message = typeof error.message === "string" ? `: ${clip(error.message, 120, redact)}` : "";
  return ` (error.code ${clip(JSON.stringify(error.code), 120, redact)}${message})`;
}

function throttleHint(exchange: HttpExchange): string {
  return exchange.throttleGaveUp ? ` (throttled, not retried further: ${exchange.throttleGaveUp})` : "";
}

function redirectHint(exchange: HttpExchange): string {
  const status = exchange.status ?? 0;
  const location = exchange.headers?.get("location");
  return status >= 300 && status < 400
    ? ` (a redirect${location ? ` to ${location}` : ""}; the runner never follows redirects)`
    : "";
}

/** What a failed status-code row's message says the step received: `received 403 (error.code "accessDenied"…`. */
const RECEIVED = /\breceived (\d{3})(?: \(error\.code "((?:[^"\\]|\\.)*)")?/;

/** The status (and Graph error code) a status-code row's message says the step received, when it says so. */
export function receivedAnswer(message: string): { status: number; errorCode?: string } | undefined {
  const match = RECEIVED.exec(message);
  if (!match) return undefined;
  return { status: Number(match[1]), ...(match[2] === undefined ? {} : { errorCode: match[2] }) };
}

export const statusCode: Check = {
  name: "status-code",
  description: "the status is documented for the operation and is the one the step expects",
  usesExpectation: true,
  run({ response, operation, expectation, redact }) {
    const [first, ...rest] = response.pages;
    if (!first || first.exchange.status === undefined) return null;
    const status = first.exchange.status;
    const documented = [...operation.responses.keys()];
    const isDocumented = operation.responses.has(String(status)) || operation.responses.has(`${String(status)[0]}XX`);
    const expected = Array.isArray(expectation.status) ? expectation.status : [expectation.status];
    const body = first.decoded.kind === "json" ? first.decoded.value : undefined;
    const hints = `${graphErrorHint(body, redact)}${throttleHint(first.exchange)}${redirectHint(first.exchange)}`;
    const source = expectationSource(expectation, "status");
    if (!expected.includes(status)) {
      return failed(
        `received ${status}${hints}, expected ${expected.join(" or ")}${isDocumented ? "" : `; ${status} is not documented for ${operation.operationId} (documented: ${documented.join(", ")})`}`,
        source,
      );
    }
    if (!isDocumented)
      return failed(
        `received ${status}, which is not documented for ${operation.operationId} (documented: ${documented.join(", ")})`,
        source,
      );
    for (const [offset, page] of rest.entries()) {
      if (page.exchange.status !== 200) {
        return failed(
          `${pagePrefix(offset + 1, response.pages.length)}received ${page.exchange.status}${throttleHint(page.exchange)} for @odata.nextLink ${page.url}, expected 200`,
          "graph-paging",
        );
      }
    }
    return {
      status: "passed",
      message: response.pages.length > 1 ? `${status}, then 200 on ${rest.length} more page(s)` : String(status),
      source,
    };
  },
};
