// Every request body and every response body an operation documents shows at least one example: the examples are
// the documentation readers copy from, the bodies Prism serves, and the fixtures the spec tests validate.
import { mediaTypesOf, oncePerLocation, operationName, requestBodyOf, responsesOf } from "./navigate.js";

function hasExample(mediaType) {
  if (mediaType === null || typeof mediaType !== "object") return false;
  if (mediaType.example !== undefined) return true;
  const examples = mediaType.examples;
  return examples !== null && typeof examples === "object" && Object.keys(examples).length > 0;
}

export function OperationExamples() {
  const firstTime = oncePerLocation();
  return {
    Operation: {
      enter(operation, ctx) {
        const name = operationName(operation, ctx);
        const bodies = [];
        const request = requestBodyOf(operation, ctx);
        if (request?.node) bodies.push({ what: "request body", resolved: request });
        for (const response of responsesOf(operation, ctx)) {
          if (response.node) bodies.push({ what: `response ${response.status}`, resolved: response });
        }
        for (const { what, resolved } of bodies) {
          for (const { mediaType, node, location } of mediaTypesOf(resolved)) {
            if (hasExample(node) || !firstTime(location)) continue;
            ctx.report({
              message: `${name}: the ${what} (${mediaType}) has no example; add \`examples\` (or \`example\`).`,
              location: location.key(),
            });
          }
        }
      },
    },
  };
}
