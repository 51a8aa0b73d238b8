// The time limit of one attempt, for the answer and its whole body. Enforced by a timer that rejects what is
// pending and cancels the body stream, not only by an AbortSignal: once fetch has resolved, nothing holds the
// Request undici links the signal through, and a garbage collection while the body is still streaming drops the
// link (a stalled body would then hang for ever).

export class AttemptDeadline {
  readonly #controller = new AbortController();
  readonly #expired: Promise<never>;
  #timer: NodeJS.Timeout | undefined;

  constructor(timeoutMs: number, outer: AbortSignal) {
    this.#expired = new Promise<never>((_, reject) => {
      this.#timer = setTimeout(() => {
        const timeout = new DOMException(`no complete answer within ${timeoutMs} ms`, "TimeoutError");
        this.#controller.abort(timeout);
        reject(timeout);
      }, timeoutMs);
    });
    this.#expired.catch(() => undefined);
    this.#timer?.unref();
    if (outer.aborted) this.#controller.abort(outer.reason);
    else
      outer.addEventListener("abort", () => this.#controller.abort(outer.reason), {
        once: true,
        signal: this.#controller.signal,
      });
  }

  /** For fetch: aborts at the deadline or when the caller's signal aborts. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** `promise`, or a TimeoutError at the deadline, whichever comes first. */
  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.#expired]);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }

  /** The same answer, its body failing with a TimeoutError (and the connection closed) at the deadline. */
  guard(response: Response): Response {
    if (response.body === null) {
      this.clear();
      return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await this.race(reader.read());
        } catch (error) {
          this.clear();
          await reader.cancel(error).catch(() => undefined);
          throw error;
        }
        if (chunk.done) {
          this.clear();
          controller.close();
        } else {
          controller.enqueue(chunk.value);
        }
      },
      cancel: (reason) => {
        this.clear();
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }
}
