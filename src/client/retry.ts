// Middleware: re-sends a throttled call (429, 503, 504) after the wait the service asks for (Retry-After, seconds
// or HTTP-date), bounded in attempts and in total waiting. A sent Request cannot be sent again (its body is
// consumed), so onRequest keeps a clone of the finished request and every retry sends a fresh clone of it:
// the body is byte-identical and so is every header, `client-request-id` included.
import type { Middleware } from "openapi-fetch";
import { recordCall, urlWithoutQuery } from "./call-record.ts";
import { parseRetryAfter } from "../http/retry-after.ts";

export interface RetryOptions {
  /** Sends per call, the first included (1 disables retries). Default 4. */
  maxAttempts: number;
  /** Total milliseconds the client may wait between attempts of one call. Default 60 000. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, maxTotalWaitMs: 60_000 };

/** Throttling (429), unavailable (503) and gateway timeout (504). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

/** The wait when the service names none: 1 s, 2 s, 4 s, … capped at 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 30_000);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}

export function checkedRetryOptions(options: Partial<RetryOptions> | false | undefined): RetryOptions {
  if (options === false) return { maxAttempts: 1, maxTotalWaitMs: 0 };
  const merged = { ...DEFAULT_RETRY, ...options };
  if (!Number.isInteger(merged.maxAttempts) || merged.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer ≥ 1, got ${String(merged.maxAttempts)}`);
  }
  if (!Number.isFinite(merged.maxTotalWaitMs) || merged.maxTotalWaitMs < 0) {
    throw new RangeError(`retry.maxTotalWaitMs must be a finite number ≥ 0, got ${String(merged.maxTotalWaitMs)}`);
  }
  return merged;
}

/**
 * Register it after every middleware that changes the request (its onRequest must see the final request), so
 * that its onResponse runs first and the others see only the final answer.
 */
export function retryMiddleware(options: RetryOptions): Middleware {
  const pending = new WeakMap<Request, Request>();
  return {
    onRequest({ request }) {
      pending.set(request, request.clone());
      return undefined;
    },
    async onResponse({ request, response, options: { fetch } }) {
      let spare = pending.get(request);
      pending.delete(request);
      let current = response;
      let attempts = 1;
      let waitedMs = 0;
      let stoppedBecause: string | undefined;
      while (spare && RETRYABLE_STATUSES.has(current.status)) {
        if (attempts >= options.maxAttempts) {
          stoppedBecause = options.maxAttempts > 1 ? `gave up after ${attempts} attempts` : undefined;
          break;
        }
        const asked = parseRetryAfter(current.headers.get("retry-after"));
        const delay = asked ?? backoffMs(attempts);
        if (waitedMs + delay > options.maxTotalWaitMs) {
          const budget = seconds(options.maxTotalWaitMs - waitedMs);
          stoppedBecause = `${asked === undefined ? "backoff" : "Retry-After"} of ${seconds(delay)} exceeds the remaining retry budget of ${budget}; ${attempts} attempt${attempts > 1 ? "s" : ""} made`;
          break;
        }
        await current.body?.cancel();
        await sleep(delay, request.signal);
        waitedMs += delay;
        const attempt = spare;
        spare = attempt.clone();
        current = await fetch(attempt);
        attempts += 1;
      }
      recordCall(current, {
        method: request.method,
        url: urlWithoutQuery(request.url),
        clientRequestId: request.headers.get("client-request-id") ?? undefined,
        attempts,
        waitedMs,
        stoppedBecause,
      });
      return current === response ? undefined : current;
    },
  };
}
