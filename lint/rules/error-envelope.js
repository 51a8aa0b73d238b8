// Every 4xx/5xx response carries the Microsoft Graph error envelope (`{"error": {"code", "message", …}}`), by
// reference to the one named schema, so clients and the conformance checks can rely on `error.code`.
import { follow, mediaTypesOf, oncePerLocation, operationName, responsesOf } from "./navigate.js";

const ERROR_STATUS = /^([45][0-9X]{2}|default)$/;

/** The component a $ref names: the last segment of its JSON pointer, else its file name without extension. */
function referencedName(ref) {
  const [file, fragment] = ref.split("#");
  const segment = fragment ? fragment.split("/").pop() : file.split("/").pop();
  return decodeURIComponent(segment ?? "").replace(/\.(ya?ml|json)$/, "");
}

/** @param {{ schemaName?: string }} [options] */
export function ErrorEnvelope(options = {}) {
  const schemaName = options.schemaName ?? "GraphErrorResponse";
  const firstTime = oncePerLocation();
  return {
    Operation: {
      enter(operation, ctx) {
        const name = operationName(operation, ctx);
        for (const response of responsesOf(operation, ctx)) {
          if (!ERROR_STATUS.test(response.status) || !response.node) continue;
          const mediaTypes = mediaTypesOf(response);
          if (mediaTypes.length === 0) {
            if (firstTime(response.location)) {
              ctx.report({
                message: `${name}: response ${response.status} has no body; Graph errors carry the ${schemaName} envelope.`,
                location: response.location,
              });
            }
            continue;
          }
          for (const { mediaType, node, location } of mediaTypes) {
            const schemaLocation = location.child(["schema"]);
            const { refs } = follow(ctx, node?.schema, schemaLocation);
            if (refs.some((ref) => referencedName(ref) === schemaName) || !firstTime(schemaLocation)) continue;
            ctx.report({
              message: `${name}: response ${response.status} (${mediaType}) must use the Graph error envelope: \`$ref\` to ${schemaName}${refs.length > 0 ? `, not ${refs.at(-1)}` : ""}.`,
              location: node?.schema ? schemaLocation : location.key(),
            });
          }
        }
      },
    },
  };
}
