// Mutants whose error answers break the Graph error envelope, its code, or the Retry-After of a 429.
import { errorCodeOf, isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import { ERROR_STATUSES, errorMessageOf, failsFirstCall, PATCH, rewriteAnswers, rewriteBodies } from "./hooks.ts";
import { mutant, type ServerVariant } from "./server-variant.ts";

export const ERROR_ANSWER_MUTANTS: readonly ServerVariant[] = [
  mutant("not-found-generic-code", "an unknown session's error code is NotFound instead of RestoreSessionNotFound", {
    transformResponse: rewriteBodies({ status: 404 }, (body) =>
      errorCodeOf(body) === "RestoreSessionNotFound"
        ? { error: { ...(body.error as JsonObject), code: "NotFound" } }
        : body,
    ),
  }),
  mutant(
    "limit-generic-code",
    "51 delta items are refused with code BadRequest instead of RestoreArtifactsLimitBreached",
    {
      transformResponse: rewriteBodies({ operationId: PATCH, status: 400 }, (body) =>
        errorCodeOf(body) === "RestoreArtifactsLimitBreached"
          ? { error: { ...(body.error as JsonObject), code: "BadRequest" } }
          : body,
      ),
    },
  ),
  mutant("error-without-envelope", 'error bodies are {"code", "message"} without the {"error": …} envelope', {
    transformResponse: rewriteBodies({ status: ERROR_STATUSES }, (body) => (isObject(body.error) ? body.error : body)),
  }),
  mutant("error-plain-text", "error answers are a text/plain sentence instead of the JSON envelope", {
    transformResponse: rewriteAnswers({ status: ERROR_STATUSES }, (response) => ({
      status: response.status,
      headers: { ...response.headers, "content-type": "text/plain; charset=utf-8" },
      rawBody: `${errorCodeOf(response.body) ?? "Error"}: ${errorMessageOf(response.body) ?? "the request failed"}`,
    })),
  }),
  mutant("error-without-message", "error envelopes omit error.message", {
    transformResponse: rewriteBodies({ status: ERROR_STATUSES }, (body) => {
      if (!isObject(body.error)) return body;
      const { message: _dropped, ...error } = body.error;
      return { ...body, error };
    }),
  }),
  mutant("errors-as-problem-json", "errors are RFC 7807 application/problem+json instead of the Graph envelope", {
    transformResponse: rewriteAnswers({ status: ERROR_STATUSES }, (response) => ({
      status: response.status,
      headers: { ...response.headers, "content-type": "application/problem+json" },
      body: {
        type: "about:blank",
        title: errorCodeOf(response.body) ?? "Error",
        status: response.status,
        detail: errorMessageOf(response.body) ?? "",
      },
    })),
  }),
  mutant("throttle-without-retry-after", "the first PATCH is throttled with 429 and no Retry-After header", {
    handlers: { [PATCH]: failsFirstCall(429, "ErrorTooManyRequests") },
  }),
];
