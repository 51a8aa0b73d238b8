// The Graph error envelope. Codes and messages of documented errors come from the contract's own examples
// (spec/components/examples/Error*.yaml), so the server says exactly what the documentation says, plus a detail.
import { loadOpenApiDocument } from "../../src/contract/document.ts";
import type { ReferenceResponse, RequestInfo } from "./context.ts";

/** The documented error examples the server answers with (names of components.examples). */
export type DocumentedError =
  | "ErrorAccessDenied"
  | "ErrorDifferentRestoreDestinationType"
  | "ErrorDuplicateArtifactInListCreate"
  | "ErrorDuplicateArtifactInListPatch"
  | "ErrorIncompleteArtifactDeletion"
  | "ErrorInvalidArtifactRequest"
  | "ErrorInvalidAuthenticationToken"
  | "ErrorInvalidPatchRequest"
  | "ErrorInvalidPathType"
  | "ErrorInvalidRestorePoint"
  | "ErrorInvalidRestoreSessionId"
  | "ErrorRequestTooLarge"
  | "ErrorRestoreArtifactsLimitBreachedCreate"
  | "ErrorRestoreArtifactsLimitBreachedPatch"
  | "ErrorRestoreSessionActionNotAllowedActivate"
  | "ErrorRestoreSessionActionNotAllowedDelete"
  | "ErrorRestoreSessionActionNotAllowedPatch"
  | "ErrorRestoreSessionNotFound"
  | "ErrorServiceUnavailable"
  | "ErrorTooManyActiveRestoreSessions"
  | "ErrorTooManyRequests"
  | "ErrorUnsupportedMediaType";

export interface ErrorText {
  code: string;
  message: string;
}

const cache = new Map<DocumentedError, ErrorText>();

/** Code and message of a documented error example. */
export function documentedError(name: DocumentedError): ErrorText {
  let text = cache.get(name);
  if (!text) {
    const example = loadOpenApiDocument().components.examples?.[name] as
      | { value?: { error?: { code?: unknown; message?: unknown } } }
      | undefined;
    const error = example?.value?.error;
    if (typeof error?.code !== "string" || typeof error.message !== "string") {
      throw new Error(`the contract has no error example "${name}" with a code and a message`);
    }
    text = { code: error.code, message: error.message };
    cache.set(name, text);
  }
  return text;
}

/** Graph's innerError date: seconds precision, no zone designator (`2024-09-10T12:01:03`). */
function innerErrorDate(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/**
 * A whole-request error in the Graph envelope. `error` is a documented example (its message is kept verbatim and
 * `detail` appended) or an ad-hoc code for situations the docs do not cover (unknown path, bad `$top`, …).
 */
export function graphError(
  request: RequestInfo,
  status: number,
  error: DocumentedError | ErrorText,
  detail?: string,
  headers: Record<string, string> = {},
): ReferenceResponse {
  const text = typeof error === "string" ? documentedError(error) : error;
  return {
    status,
    headers,
    body: {
      error: {
        code: text.code,
        message: detail ? `${text.message} ${detail}` : text.message,
        innerError: {
          date: innerErrorDate(request.receivedAt),
          "request-id": request.requestId,
          "client-request-id": request.clientRequestId ?? request.requestId,
        },
      },
    },
  };
}
