// `@`-keys in schemas and examples are spelled exactly as OData and Graph spell them (see ../annotation-names.js).
import { checkAnnotationName } from "../annotation-names.js";

/** @param {{ extraAnnotations?: string[] }} [options] */
export function AnnotationSpelling(options = {}) {
  const extra = options.extraAnnotations ?? [];

  function reportName(ctx, name, location) {
    const problem = checkAnnotationName(name, extra);
    if (!problem) return;
    ctx.report({
      message: problem.message,
      location: location.key(),
      ...(problem.suggestion ? { suggest: [problem.suggestion] } : {}),
    });
  }

  /** Checks every member name in a JSON value (examples, defaults, consts), however deep. */
  function checkValue(ctx, value, location) {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        checkValue(ctx, item, location.child([index]));
      });
    } else if (value !== null && typeof value === "object") {
      for (const [key, member] of Object.entries(value)) {
        reportName(ctx, key, location.child([key]));
        checkValue(ctx, member, location.child([key]));
      }
    }
  }

  return {
    Schema: {
      enter(schema, ctx) {
        if (schema === null || typeof schema !== "object") return;
        for (const key of Object.keys(schema.properties ?? {}))
          reportName(ctx, key, ctx.location.child(["properties", key]));
        if (Array.isArray(schema.required)) {
          schema.required.forEach((key, index) => {
            if (typeof key === "string") reportName(ctx, key, ctx.location.child(["required", index]));
          });
        }
        for (const keyword of ["example", "examples", "default", "const"]) {
          if (schema[keyword] !== undefined) checkValue(ctx, schema[keyword], ctx.location.child([keyword]));
        }
      },
    },
    MediaType: {
      enter(mediaType, ctx) {
        if (mediaType?.example !== undefined) checkValue(ctx, mediaType.example, ctx.location.child(["example"]));
      },
    },
    Example: {
      enter(example, ctx) {
        if (example?.value !== undefined) checkValue(ctx, example.value, ctx.location.child(["value"]));
      },
    },
  };
}
