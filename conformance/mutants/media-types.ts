// Mutants that label or encode JSON answers wrongly.
import { PATCH, rewriteAnswers } from "./hooks.ts";
import { mutant, type ServerVariant } from "./server-variant.ts";

export const MEDIA_TYPE_MUTANTS: readonly ServerVariant[] = [
  mutant("json-with-byte-order-mark", "JSON answers start with a UTF-8 byte order mark (EF BB BF)", {
    transformResponse: (_ctx, response) =>
      response.body === undefined
        ? response
        : { ...response, body: undefined, rawBody: `\uFEFF${JSON.stringify(response.body)}` },
  }),
  mutant("json-labelled-text-plain", "JSON answers are labelled Content-Type text/plain", {
    responseContentType: "text/plain; charset=utf-8",
  }),
  mutant("json-charset-latin1", "JSON answers are labelled charset=iso-8859-1", {
    responseContentType: "application/json; charset=iso-8859-1",
  }),
  mutant("patch-answer-without-content-type", "the PATCH answer has no Content-Type header", {
    transformResponse: rewriteAnswers({ operationId: PATCH, status: 200 }, (response) => {
      const { "content-type": _dropped, ...headers } = response.headers;
      return { ...response, headers };
    }),
  }),
];
