// One HTTP exchange with the target, made robust: a deadline per attempt (headers and body), a cap on the body
// size, no redirects followed, bounded retries of 429/503 that honour Retry-After (through the run's shared
// throttle when there is one), and every network failure turned into a specific message instead of an exception.
// Uses the global fetch (undici, keep-alive). Stopping the run never aborts a request already sent: it finishes
// within its timeout, so the run learns what it did (a create's session id above all).
import { readCappedBody } from "../../src/http/capped-body.ts";
import { parseRetryAfter } from "../../src/http/retry-after.ts";
import type { SharedThrottle } from "./shared-throttle.ts";

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RetryPolicy {
  /** Retries after a 429/503 (so at most maxRetries + 1 attempts). */
  maxRetries: number;
  /** A single Retry-After longer than this is not waited for. */
  maxWaitMs: number;
  /** Total waiting for one request. */
  maxTotalWaitMs: number;
  /** Wait when a 429/503 carries no usable Retry-After. */
  defaultWaitMs: number;
}

export interface HttpOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  retry: RetryPolicy;
  /** The run stopped: no new attempt starts and no retry waits; an attempt already sent finishes. */
  stop?: AbortSignal;
  /** The run's shared throttling: slots, pauses and the run's bounds on waiting. */
  throttle?: SharedThrottle;
  /** A run bound (time limit, throttling budget) refused a wait: the run must stop. */
  onRunBound?: (bound: "throttle-budget" | "time-limit", reason: string) => void;
  /** Each attempt, as it is sent. */
  onSend?: () => void;
  /** The request (or its retry) was not sent because the run stopped. */
  onNotSent?: (reason: string) => void;
  /** The run's redaction: text from the target goes through it before the runner shortens it for a message. */
  redact?: (text: string) => string;
  /** Every complete answer (throttled ones too), as it arrives: what the run learns of the target as a whole. */
  onAnswer?: (answer: AnsweredAttempt) => void;
}

/** One attempt that got a complete answer. */
export interface AnsweredAttempt {
  request: HttpRequest;
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 3,
  maxWaitMs: 60_000,
  maxTotalWaitMs: 120_000,
  defaultWaitMs: 1_000,
};
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export type TransportProblem =
  | "timeout"
  | "reset"
  | "refused"
  | "dns"
  | "truncated"
  | "too-large"
  | "aborted"
  | "network";

export interface ThrottleNote {
  status: number;
  retryAfter: string | null;
  waitedMs: number;
}

export interface HttpExchange {
  request: HttpRequest;
  /** Absent when no complete answer arrived (see failure). */
  status?: number;
  headers?: Headers;
  bytes?: Uint8Array;
  failure?: { kind: TransportProblem; message: string };
  /** 429/503 answers that were retried. */
  throttled: ThrottleNote[];
  /** Why the last 429/503 was not retried (attempts or waiting exhausted). */
  throttleGaveUp?: string;
  /** Set when the request, or its retry, was not sent because the run stopped (then failure says so too). */
  notSent?: boolean;
  durationMs: number;
}

function describeSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`
    : `${bytes} bytes`;
}

interface ErrorWithCause {
  name?: string;
  message?: string;
  code?: string;
  cause?: ErrorWithCause;
}

/** A fetch failure as a specific problem: refused, DNS, reset, timeout… */
export function classifyNetworkError(error: unknown, url: string): { kind: TransportProblem; message: string } {
  const outer = error as ErrorWithCause;
  const cause = outer.cause ?? outer;
  const code = cause.code ?? outer.code ?? "";
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  if (code === "ECONNREFUSED") return { kind: "refused", message: `connection refused by ${host}` };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") {
    return { kind: "dns", message: `host ${new URL(url).hostname} not found (DNS: ${code})` };
  }
  if (code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET" || code === "UND_ERR_CLOSED") {
    return {
      kind: "reset",
      message: `the connection was closed before a complete answer (${code}: ${cause.message ?? "socket closed"})`,
    };
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "ETIMEDOUT") {
    return { kind: "timeout", message: `no answer in time (${code})` };
  }
  const detail =
    cause.message && cause.message !== outer.message
      ? `${outer.message ?? "fetch failed"}: ${cause.message}`
      : (outer.message ?? String(error));
  return { kind: "network", message: `${detail}${code ? ` (${code})` : ""}` };
}

class BodyTooLarge extends Error {}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const body = await readCappedBody(response, maxBytes);
  if (body.ok) return body.bytes;
  if (body.reason === "declared") {
    throw new BodyTooLarge(
      `the body declares ${body.declaredBytes} bytes (content-length), more than the ${describeSize(maxBytes)} the runner reads`,
    );
  }
  throw new BodyTooLarge(`the body exceeds ${describeSize(maxBytes)}; the runner stopped reading it`);
}

type Attempt =
  | { ok: true; status: number; headers: Headers; bytes: Uint8Array }
  | { ok: false; kind: TransportProblem; message: string };

async function attempt(request: HttpRequest, options: HttpOptions): Promise<Attempt> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  let response: Response | undefined;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: controller.signal,
    });
    const bytes = await readCapped(response, options.maxBodyBytes);
    return { ok: true, status: response.status, headers: response.headers, bytes };
  } catch (error) {
    if (error instanceof BodyTooLarge) return { ok: false, kind: "too-large", message: error.message };
    if (timedOut) {
      const phase = response
        ? `the body was not complete after ${options.timeoutMs} ms`
        : `no answer within ${options.timeoutMs} ms`;
      return { ok: false, kind: "timeout", message: `${phase} (--timeout-ms)` };
    }
    const classified = classifyNetworkError(error, request.url);
    if (response) {
      const length = response.headers.get("content-length");
      return {
        ok: false,
        kind: "truncated",
        message: `the answer (${response.status}) ended before its body was complete${length ? ` (content-length ${length})` : ""}: ${classified.message}`,
      };
    }
    return { ok: false, ...classified };
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

const NOT_SENT = "not sent: the run stopped";
const noRelease = () => undefined;

/** Sends a request; a 429/503 is retried within the policy and the run's bounds, and noted. Never throws. */
export async function send(request: HttpRequest, options: HttpOptions): Promise<HttpExchange> {
  const started = performance.now();
  const throttled: ThrottleNote[] = [];
  const elapsed = () => performance.now() - started;
  const notSent = (): HttpExchange => {
    options.onNotSent?.(NOT_SENT);
    return {
      request,
      failure: { kind: "aborted", message: NOT_SENT },
      notSent: true,
      throttled,
      durationMs: elapsed(),
    };
  };
  let waitedTotal = 0;
  for (let attemptNumber = 0; ; attemptNumber++) {
    const retrying = attemptNumber > 0;
    if (options.stop?.aborted) return notSent();
    const release = options.throttle ? await options.throttle.acquire(retrying, options.stop) : noRelease;
    if (!release) return notSent();
    // Without a shared throttle a retry sleeps here; with one, acquire() waited for the pool's pause.
    const sentAt = performance.now();
    options.onSend?.();
    const result = await attempt(request, options);
    release();
    if (!result.ok) {
      return { request, failure: { kind: result.kind, message: result.message }, throttled, durationMs: elapsed() };
    }
    options.onAnswer?.({ request, status: result.status, headers: result.headers, bytes: result.bytes });
    const exchange: HttpExchange = {
      request,
      status: result.status,
      headers: result.headers,
      bytes: result.bytes,
      throttled,
      durationMs: 0,
    };
    if (result.status !== 429 && result.status !== 503) {
      options.throttle?.answered(sentAt);
      return { ...exchange, durationMs: elapsed() };
    }
    const retryAfter = result.headers.get("retry-after");
    const asked = parseRetryAfter(retryAfter);
    const wait = asked ?? options.retry.defaultWaitMs;
    let gaveUp: string | undefined;
    // A wait the runner refuses is not waited for by anyone: the answer narrows the pool but does not pause it.
    const refused = wait > options.retry.maxWaitMs;
    if (attemptNumber >= options.retry.maxRetries)
      gaveUp = `still ${result.status} after ${attemptNumber + 1} attempts`;
    else if (refused)
      gaveUp = `Retry-After ${retryAfter} asks for ${Math.ceil(wait / 1000)} s, more than the ${options.retry.maxWaitMs / 1000} s the runner waits`;
    else if (waitedTotal + wait > options.retry.maxTotalWaitMs)
      gaveUp = `waiting ${Math.ceil(wait / 1000)} s more would exceed ${options.retry.maxTotalWaitMs / 1000} s in total`;
    const pause = options.throttle?.throttled(sentAt, refused ? 0 : wait);
    if (pause && !pause.paused) {
      options.onRunBound?.(pause.bound, pause.reason);
      if (!gaveUp) {
        options.onNotSent?.(pause.reason);
        return { ...exchange, throttleGaveUp: pause.reason, notSent: true, durationMs: elapsed() };
      }
    }
    if (gaveUp) return { ...exchange, throttleGaveUp: gaveUp, durationMs: elapsed() };
    throttled.push({ status: result.status, retryAfter, waitedMs: wait });
    waitedTotal += wait;
    if (!options.throttle) await sleep(wait, options.stop);
  }
}

export type DecodedBody = { kind: "empty" } | { kind: "json"; value: unknown } | { kind: "invalid"; message: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Byte offset of the first invalid UTF-8 sequence (the first U+FFFD a lenient decode produces). */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const lenient = new TextDecoder("utf-8").decode(bytes);
  const index = lenient.indexOf("\uFFFD");
  return index < 0 ? -1 : Buffer.byteLength(lenient.slice(0, index), "utf8");
}

/** The body as JSON: empty, a value, or why it is not JSON (encoding, syntax), with a short excerpt (redacted
 *  before it is cut). */
export function decodeJsonBody(
  bytes: Uint8Array | undefined,
  redact: (text: string) => string = (text) => text,
): DecodedBody {
  if (!bytes || bytes.length === 0) return { kind: "empty" };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    return {
      kind: "invalid",
      message: `the body is gzip data (starts 1f 8b) without a Content-Encoding: gzip header (${bytes.length} bytes)`,
    };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    return {
      kind: "invalid",
      message: `the body is not valid UTF-8${offset >= 0 ? ` (first bad byte at offset ${offset})` : ""}`,
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return { kind: "invalid", message: `the body is only whitespace (${bytes.length} bytes)` };
  try {
    return { kind: "json", value: JSON.parse(text) };
  } catch (error) {
    const shown = redact(text);
    const excerpt = shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
    return {
      kind: "invalid",
      message: `the body is not JSON (${(error as Error).message.split("\n")[0]}): ${JSON.stringify(excerpt)}`,
    };
  }
}
