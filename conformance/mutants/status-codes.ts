// Mutants that answer with the wrong status: a success as another success, an error as another error.
import { errorCodeOf, type JsonObject } from "../../src/contract/wire-names.ts";
import { errorMessageOf, PATCH, rewriteAnswers } from "./hooks.ts";
import { mutant, type ServerVariant } from "./server-variant.ts";
import { EXCHANGE } from "../../src/contract/wire-names.ts";

export const STATUS_CODE_MUTANTS: readonly ServerVariant[] = [
  mutant("patch-answers-201", "PATCH answers 201 Created instead of 200", {
    transformResponse: rewriteAnswers({ operationId: PATCH, status: 200 }, (response) => ({
      ...response,
      status: 201,
    })),
  }),
  mutant("patch-answers-204", "PATCH applies the delta but answers 204 No Content, without the per-item results", {
    transformResponse: rewriteAnswers({ operationId: PATCH, status: 200 }, (response) => {
      const { "content-type": _dropped, ...headers } = response.headers;
      return { status: 204, headers };
    }),
  }),
  mutant("create-answers-200", "creating a session answers 200 instead of 201", {
    transformResponse: rewriteAnswers({ operationId: EXCHANGE.operations.create, status: 201 }, (response) => ({
      ...response,
      status: 200,
    })),
  }),
  mutant("delete-answers-200", "DELETE answers 200 instead of 204", {
    transformResponse: rewriteAnswers({ operationId: EXCHANGE.operations.delete, status: 204 }, (response) => ({
      ...response,
      status: 200,
    })),
  }),
  mutant("unknown-session-400", "an unknown or deleted session is answered 400 instead of 404", {
    transformResponse: rewriteAnswers({ status: 404 }, (response) =>
      errorCodeOf(response.body) === "RestoreSessionNotFound" ? { ...response, status: 400 } : response,
    ),
  }),
  mutant("locked-session-404", "changing a session that left draft is answered 404 instead of 403", {
    transformResponse: rewriteAnswers({ status: 403 }, (response) =>
      errorCodeOf(response.body) === "RestoreSessionActionNotAllowed" ? { ...response, status: 404 } : response,
    ),
  }),
  mutant("malformed-json-500", "a request body that is not JSON gets 500 instead of 400", {
    transformResponse: rewriteAnswers({ status: 400 }, (response) =>
      errorMessageOf(response.body)?.includes("The body is not valid JSON")
        ? {
            ...response,
            status: 500,
            body: { error: { code: "InternalServerError", message: "Unexpected token in JSON." } },
          }
        : response,
    ),
  }),
  mutant(
    "invalid-session-id-404",
    "a malformed session id (empty, too long) is answered 404 RestoreSessionNotFound instead of 400 InvalidRestoreSessionId",
    {
      transformResponse: rewriteAnswers({ status: 400 }, (response) =>
        errorCodeOf(response.body) === "InvalidRestoreSessionId"
          ? {
              ...response,
              status: 404,
              body: {
                error: { ...((response.body as JsonObject).error as JsonObject), code: "RestoreSessionNotFound" },
              },
            }
          : response,
      ),
    },
    "a scenario that sends a session id the docs call invalid (whitespace only, e.g. `%20`, or an encoded control character) to get, PATCH, delete, list artifacts and activate, expecting 400 with errorCode InvalidRestoreSessionId (components/responses/InvalidRestoreSessionId.yaml)",
  ),
];
