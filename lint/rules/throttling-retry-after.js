// 429 and 503 answers tell the client when to retry: the contract documents the Retry-After header on both, and the
// client's retry middleware and the conformance runner rely on it.
import { oncePerLocation, operationName, responsesOf } from "./navigate.js";

const THROTTLING = new Set(["429", "503"]);

export function ThrottlingRetryAfter() {
  const firstTime = oncePerLocation();
  return {
    Operation: {
      enter(operation, ctx) {
        for (const response of responsesOf(operation, ctx)) {
          if (!THROTTLING.has(response.status) || !response.node) continue;
          const headers = Object.keys(response.node.headers ?? {}).map((header) => header.toLowerCase());
          if (headers.includes("retry-after") || !firstTime(response.location)) continue;
          ctx.report({
            message: `${operationName(operation, ctx)}: response ${response.status} must document the Retry-After header.`,
            location: response.location,
          });
        }
      },
    },
  };
}
