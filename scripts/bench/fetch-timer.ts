// Measures how long the runner waits on the server: globalThis.fetch is wrapped so each exchange is timed from
// the call until its body stream ends (read to the end or cancelled). The body is passed through as a stream,
// so the runner reads it exactly as it would the original.
export interface FetchTimer {
  /** Milliseconds from each fetch call until its body ended, summed. */
  readonly waitedMs: number;
  readonly calls: number;
  reset(): void;
  restore(): void;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function timeFetch(): FetchTimer {
  const original = globalThis.fetch;
  let waitedMs = 0;
  let calls = 0;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const started = performance.now();
    calls++;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      waitedMs += performance.now() - started;
    };
    let response: Response;
    try {
      response = await original(input, init);
    } catch (error) {
      finish();
      throw error;
    }
    if (!response.body || NULL_BODY_STATUSES.has(response.status)) {
      finish();
      return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            finish();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          finish();
          controller.error(error);
        }
      },
      cancel(reason) {
        finish();
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return {
    get waitedMs() {
      return waitedMs;
    },
    get calls() {
      return calls;
    },
    reset() {
      waitedMs = 0;
      calls = 0;
    },
    restore() {
      globalThis.fetch = original;
    },
  };
}
