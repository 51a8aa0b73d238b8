// createRestoreClient: openapi-fetch over the generated paths, with auth, request ids, body vetting and retries.
import createClient, { type Client, type FetchResponse, type MaybeOptionalInit } from "openapi-fetch";
import { authMiddleware } from "./auth.ts";
import { requestIdMiddleware } from "./request-id.ts";
import { DEFAULT_MAX_RESPONSE_BYTES, responseBodyMiddleware } from "./response-body.ts";
import { checkedRetryOptions, retryMiddleware, type RetryOptions } from "./retry.ts";
import { tokenProvider, type TokenSource } from "./token.ts";
import type { DeltaRequest, RestorePaths } from "./types.ts";
import { DEFAULT_TIMEOUT_MS, transportFetch, type FetchFunction } from "./transport.ts";

export interface RestoreClientOptions {
  /** The Graph base URL including the version, e.g. `https://graph.microsoft.com/v1.0` (or a mock's URL); no query or fragment. */
  baseUrl: string;
  /** A bearer token, a function returning one (sync or async, called per call), or an `@azure/identity` credential. */
  token: TokenSource;
  /** Scopes asked of a credential. Default `https://graph.microsoft.com/.default`. */
  scopes?: string | string[];
  /** The fetch to send requests with (default `globalThis.fetch`). */
  fetch?: FetchFunction;
  /**
   * Retries of 429/503/504 answers, honouring Retry-After; `false` disables them. Default 4 attempts and at
   * most 60 s of waiting per call. Note that a 504 may come after the service applied a PATCH: its retry can then
   * meet per-item failures or `DuplicateArtifactInList` for what the first attempt already did.
   */
  retry?: Partial<RetryOptions> | false;
  /** Time limit per attempt, for the answer and its body, in milliseconds. Default 100 000. */
  timeoutMs?: number;
  /**
   * The largest answer body read, in bytes; a larger one throws {@link GraphResponseTooLargeError} without being
   * buffered. Default 16 MiB (an artifact page of 999 entries is about 0.6 MB).
   */
  maxResponseBytes?: number;
  /** Extra headers sent with every request (e.g. `Prefer`). */
  headers?: Record<string, string>;
}

type SessionPath = "/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}";
type DeltaPatchInit = MaybeOptionalInit<RestorePaths[SessionPath], "patch"> & { body: DeltaRequest };

/**
 * An openapi-fetch client typed by the contract: `client.PATCH(path, { params, body })` checks the body, including
 * what the generated types let through (an empty delta, a restore point given as both `id` and `@odata.id`).
 * openapi-fetch turns tuple types into plain arrays, so PATCH states its body type once more, as given.
 */
export type RestoreClient = Omit<Client<RestorePaths, "application/json">, "PATCH"> & {
  /** The delta update: `PATCH /solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}`. */
  PATCH<Init extends DeltaPatchInit>(
    url: SessionPath,
    init: Init & { [key: string]: unknown },
  ): Promise<FetchResponse<RestorePaths[SessionPath]["patch"], Init, "application/json">>;
};

function checkedBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== "string" || !URL.canParse(baseUrl)) {
    throw new TypeError(
      `baseUrl must be an absolute URL such as https://graph.microsoft.com/v1.0, got ${JSON.stringify(baseUrl) ?? String(baseUrl)}`,
    );
  }
  const url = new URL(baseUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new TypeError(`baseUrl must be http(s), got ${url.protocol}`);
  // Paths are appended to the base URL: after a query or fragment they would land inside it. The value is not
  // shown, as a query may hold a signature or a key.
  if (url.search || url.hash || /[?#]/.test(baseUrl)) {
    throw new TypeError(
      `baseUrl must not have a query string (?…) or fragment (#…), got ${url.origin}${url.pathname} followed by one; give the API's base URL, e.g. https://graph.microsoft.com/v1.0, and send credentials with the token option`,
    );
  }
  return baseUrl;
}

/**
 * A typed client for the restore-session API.
 *
 * ```ts
 * const client = createRestoreClient({ baseUrl: "https://graph.microsoft.com/v1.0", token: credential });
 * const { data, error } = await client.PATCH("/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}", {
 *   params: { path: { exchangeRestoreSessionId } },
 *   body: deltaBody([addArtifact(restorePointId, "inPlace")]),
 * });
 * ```
 *
 * Every request carries `Authorization: Bearer …` and a `client-request-id` (the same on retries). Throttled
 * answers are retried within the `retry` bounds; when the bounds are reached the last answer is returned (its
 * {@link GraphRequestError} says why retrying stopped). A body that echoes the token is redacted, a 2xx body that
 * is not JSON throws {@link GraphRequestError}, a body over `maxResponseBytes` throws
 * {@link GraphResponseTooLargeError}, and network failures or timeouts throw {@link GraphTransportError}.
 */
export function createRestoreClient(options: RestoreClientOptions): RestoreClient {
  const baseUrl = checkedBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new RangeError(`timeoutMs must be a positive number, got ${String(timeoutMs)}`);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
    throw new RangeError(
      `maxResponseBytes must be a positive integer number of bytes, got ${String(maxResponseBytes)}`,
    );
  }
  const retry = checkedRetryOptions(options.retry);
  const auth = authMiddleware(tokenProvider(options.token, options.scopes));
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const client = createClient<RestorePaths, "application/json">({
    baseUrl,
    fetch: transportFetch(baseFetch, timeoutMs),
    headers: options.headers,
  });
  // onRequest runs in this order and onResponse in reverse: the retry middleware clones the finished request and
  // settles the answer before the body is vetted.
  client.use(
    requestIdMiddleware(),
    responseBodyMiddleware({ timeoutMs, maxResponseBytes, tokenSentWith: auth.tokenSentWith }),
    auth,
    retryMiddleware(retry),
  );
  return client;
}
