// The errors the client throws. None of them holds a request, its headers or a token (see auth.ts for redaction).
import type { GraphErrorResponse } from "./types.ts";
import { callRecordOf } from "./call-record.ts";
import { parseRetryAfter } from "../http/retry-after.ts";

/** Base class of every error this library throws. */
export class RestoreClientError extends Error {
  override name = "RestoreClientError";
}

const PREVIEW_CHARS = 200;

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > PREVIEW_CHARS ? `${oneLine.slice(0, PREVIEW_CHARS)}…` : oneLine;
}

function contentTypeOf(headers: Headers): string {
  return headers.get("content-type")?.split(";")[0]?.trim() || "no content type";
}

function isEnvelope(value: unknown): value is GraphErrorResponse {
  const error = (value as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown } | undefined;
  return (
    typeof error === "object" && error !== null && typeof error.code === "string" && typeof error.message === "string"
  );
}

function innerErrorField(envelope: GraphErrorResponse | undefined, name: string): string | undefined {
  const value = (envelope?.error.innerError as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : undefined;
}

export interface GraphRequestErrorDetails {
  status: number;
  method?: string;
  url?: string;
  code?: string;
  /** The service's own message (`error.message`), when the body was a Graph error envelope. */
  serviceMessage?: string;
  requestId?: string;
  clientRequestId?: string;
  retryAfterMs?: number;
  /** How many times the request was sent (1 when it was not retried). */
  attempts?: number;
  envelope?: GraphErrorResponse;
}

/**
 * A whole-request failure: a non-2xx answer (its Graph error envelope decoded into `code`, `serviceMessage`,
 * `requestId`), or an answer whose body is not the JSON the contract promises.
 */
export class GraphRequestError extends RestoreClientError {
  override name = "GraphRequestError";
  readonly status: number;
  readonly method: string | undefined;
  readonly url: string | undefined;
  /** `error.code` of the envelope, e.g. `RestoreSessionNotFound`; undefined when the body was not an envelope. */
  readonly code: string | undefined;
  readonly serviceMessage: string | undefined;
  /** Graph's `request-id` (response header, else `innerError["request-id"]`): quote it to Microsoft support. */
  readonly requestId: string | undefined;
  /** The `client-request-id` this client sent (the same on every retry of the call). */
  readonly clientRequestId: string | undefined;
  /** The wait the service asked for (Retry-After), on 429/503/504. */
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;
  readonly envelope: GraphErrorResponse | undefined;

  constructor(message: string, details: GraphRequestErrorDetails) {
    super(message);
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.code = details.code;
    this.serviceMessage = details.serviceMessage;
    this.requestId = details.requestId;
    this.clientRequestId = details.clientRequestId;
    this.retryAfterMs = details.retryAfterMs;
    this.attempts = details.attempts ?? 1;
    this.envelope = details.envelope;
  }

  /**
   * Builds the error for a non-2xx answer from openapi-fetch's `{ error, response }` (`error` is the parsed JSON
   * body, or the raw text when the body was not JSON).
   */
  static fromResponse(response: Response, body: unknown): GraphRequestError {
    const record = callRecordOf(response);
    const envelope = isEnvelope(body) ? body : undefined;
    const details: GraphRequestErrorDetails = {
      status: response.status,
      method: record?.method,
      url: record?.url ?? (response.url || undefined),
      code: envelope?.error.code,
      serviceMessage: envelope?.error.message,
      requestId: response.headers.get("request-id") ?? innerErrorField(envelope, "request-id"),
      clientRequestId:
        response.headers.get("client-request-id") ??
        innerErrorField(envelope, "client-request-id") ??
        record?.clientRequestId,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
      attempts: record?.attempts,
      envelope,
    };
    const where = details.method && details.url ? `${details.method} ${details.url} → ` : "";
    const tries = record?.stoppedBecause
      ? ` (retry: ${record.stoppedBecause})`
      : details.attempts && details.attempts > 1
        ? ` (after ${details.attempts} attempts)`
        : "";
    if (envelope) {
      const id = details.requestId ? ` [request-id ${details.requestId}]` : "";
      return new GraphRequestError(
        `${where}HTTP ${response.status} ${envelope.error.code}: ${envelope.error.message}${tries}${id}`,
        details,
      );
    }
    const got =
      body === undefined || body === ""
        ? "an empty body"
        : `${contentTypeOf(response.headers)}: ${preview(typeof body === "string" ? body : JSON.stringify(body))}`;
    return new GraphRequestError(
      `${where}HTTP ${response.status}${tries}: expected JSON error envelope, got ${got}`,
      details,
    );
  }

  /** A 2xx answer whose body is not JSON. */
  static notJson(response: Response, text: string): GraphRequestError {
    const record = callRecordOf(response);
    const where = record ? `${record.method} ${record.url} → ` : "";
    return new GraphRequestError(
      `${where}HTTP ${response.status}: expected a JSON body, got ${contentTypeOf(response.headers)}: ${preview(text)}`,
      {
        status: response.status,
        method: record?.method,
        url: record?.url,
        requestId: response.headers.get("request-id") ?? undefined,
        clientRequestId: record?.clientRequestId,
        attempts: record?.attempts,
      },
    );
  }
}

/** The request got no usable answer: connection refused or reset, DNS failure, or no answer within the timeout. */
export class GraphTransportError extends RestoreClientError {
  override name = "GraphTransportError";
  readonly method: string;
  readonly url: string;
  readonly timedOut: boolean;

  constructor(message: string, details: { method: string; url: string; timedOut: boolean; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.method = details.method;
    this.url = details.url;
    this.timedOut = details.timedOut;
  }
}

/** An answer larger than `maxResponseBytes`: refused without buffering it, naming the operation and the size. */
export class GraphResponseTooLargeError extends RestoreClientError {
  override name = "GraphResponseTooLargeError";
  readonly method: string;
  readonly url: string;
  /** The operation's path template, e.g. `/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}`. */
  readonly operation: string;
  readonly status: number;
  readonly limitBytes: number;
  /** The answer's Content-Length, when it declared one. */
  readonly declaredBytes: number | undefined;
  /** Bytes read before the client stopped (0 when the declared length was refused). */
  readonly receivedBytes: number;

  constructor(details: {
    method: string;
    url: string;
    operation: string;
    status: number;
    limitBytes: number;
    declaredBytes?: number;
    receivedBytes: number;
  }) {
    const size =
      details.declaredBytes !== undefined && details.receivedBytes === 0
        ? `its Content-Length is ${details.declaredBytes} bytes (${mebibytes(details.declaredBytes)}); nothing was read`
        : `more than ${details.limitBytes} bytes arrived; the client stopped reading after ${details.receivedBytes} bytes`;
    super(
      `${details.method} ${details.operation} (${details.url}) → HTTP ${details.status}: the answer is larger than maxResponseBytes (${mebibytes(details.limitBytes)}): ${size}`,
    );
    this.method = details.method;
    this.url = details.url;
    this.operation = details.operation;
    this.status = details.status;
    this.limitBytes = details.limitBytes;
    this.declaredBytes = details.declaredBytes;
    this.receivedBytes = details.receivedBytes;
  }
}

function mebibytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}

/** The token provider (function or credential) failed or returned something that is not a usable token. */
export class TokenProviderError extends RestoreClientError {
  override name = "TokenProviderError";
}

export type DeltaBodyProblem =
  | "empty"
  | "too-many-items"
  | "invalid-item"
  | "duplicate-restore-point"
  | "duplicate-artifact"
  | "duplicate-content-id";

/** A delta body the service would reject as a whole; thrown before anything is sent. */
export class DeltaBodyError extends RestoreClientError {
  override name = "DeltaBodyError";
  readonly problem: DeltaBodyProblem;
  /** Index of the offending item in `mailboxRestoreArtifacts@delta` (undefined for empty / too many). */
  readonly index: number | undefined;

  constructor(message: string, problem: DeltaBodyProblem, index?: number) {
    super(message);
    this.problem = problem;
    this.index = index;
  }
}

/** A PATCH answer that cannot be split: no delta array, or an entry that names neither artifact nor restore point. */
export class DeltaResultError extends RestoreClientError {
  override name = "DeltaResultError";
  readonly index: number | undefined;

  constructor(message: string, index?: number) {
    super(message);
    this.index = index;
  }
}

/** The data type of a successful call; `undefined` for an answer without a body (204). */
export type Unwrapped<Data> = [Exclude<Data, undefined>] extends [never] ? undefined : Exclude<Data, undefined>;

/**
 * The data of a successful openapi-fetch call, or a thrown {@link GraphRequestError} for a non-2xx answer.
 *
 * ```ts
 * const session = unwrap(await client.GET("/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}", …));
 * ```
 */
export function unwrap<Data>(result: { data?: Data; error?: unknown; response: Response }): Unwrapped<Data> {
  if (!result.response.ok) throw GraphRequestError.fromResponse(result.response, result.error);
  return result.data as Unwrapped<Data>;
}
