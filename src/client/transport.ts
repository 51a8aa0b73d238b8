// The fetch under openapi-fetch: a time limit per attempt, and network failures turned into GraphTransportError.
import { urlWithoutQuery } from "./call-record.ts";
import { AttemptDeadline } from "./deadline.ts";
import { GraphTransportError } from "./errors.ts";

export type FetchFunction = (request: Request) => Promise<Response>;

/** Graph SDKs give up on a request after 100 s; so does this client by default. */
export const DEFAULT_TIMEOUT_MS = 100_000;

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "TimeoutError";
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const inner = cause instanceof Error ? cause : error instanceof Error ? error : undefined;
  if (!inner) return String(error);
  const code = (inner as { code?: unknown }).code;
  return typeof code === "string" && !inner.message.includes(code) ? `${inner.message} (${code})` : inner.message;
}

/** Describes why an exchange failed, naming the call (never its headers). */
export function transportError(
  error: unknown,
  method: string,
  url: string,
  timeoutMs: number,
  phase: "response" | "body",
): GraphTransportError {
  const target = `${method} ${urlWithoutQuery(url)}`;
  if (isTimeout(error)) {
    const what = phase === "response" ? "no response" : "the response body was not complete";
    return new GraphTransportError(`${target}: ${what} within ${timeoutMs} ms`, {
      method,
      url: urlWithoutQuery(url),
      timedOut: true,
    });
  }
  const what = phase === "response" ? "request failed" : "connection failed while reading the response body";
  return new GraphTransportError(`${target}: ${what}: ${causeOf(error)}`, {
    method,
    url: urlWithoutQuery(url),
    timedOut: false,
    cause: error,
  });
}

/** Wraps `base` so each attempt gets `timeoutMs` (for the answer and its body) and failures read clearly. */
export function transportFetch(base: FetchFunction, timeoutMs: number): FetchFunction {
  return async (request) => {
    const deadline = new AttemptDeadline(timeoutMs, request.signal);
    try {
      return deadline.guard(await deadline.race(base(new Request(request, { signal: deadline.signal }))));
    } catch (error) {
      deadline.clear();
      if (request.signal.aborted) throw error; // the caller cancelled: not a transport failure
      throw transportError(error, request.method, request.url, timeoutMs, "response");
    }
  };
}
