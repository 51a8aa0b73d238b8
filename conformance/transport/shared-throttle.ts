// Throttling shared by every request of a run, so that a throttling target slows the whole pool, not one request.
//
// - Pause: a 429/503 pauses NEW requests on the whole pool until its Retry-After has passed (requests already sent
//   finish).
// - Retries go first and alone: a retry waits until no request is in flight, and nothing else starts until it is
//   answered — the retry probes whether the target accepts requests again, and two throttled requests never
//   compete for the target's next free slot.
// - Window (AIMD, as TCP does): at most `window` requests are in flight. A throttled answer halves the window (at
//   least 1), once per throttling episode: an answer to a request sent before the last halving does not halve it
//   again. Each `window` consecutive answers that are not throttled widen it by one, up to the run's concurrency;
//   only answers to requests sent after the last halving count, so the old window's answers cannot reopen it.
// - Bounds: the pool spends at most `budgetMs` paused in total, and never pauses past the run's deadline; a pause
//   that would do either is refused, and the caller stops the run instead of waiting.

export interface ThrottleBounds {
  /** Requests in flight at most (the run's concurrency). */
  maxWindow: number;
  /** Total time the pool may spend paused (the run's throttling budget). */
  budgetMs: number;
  /** No pause may end after this time (performance.now() clock); undefined: no deadline. */
  deadline?: number;
}

export interface ThrottleStats {
  /** 429/503 answers seen. */
  throttledAnswers: number;
  /** Wall-clock time the pool spent paused (overlapping pauses counted once). */
  pausedMs: number;
  /** The narrowest the window got (the run's concurrency when nothing was throttled). */
  narrowestWindow: number;
}

/** Whether the pool paused as asked, or why it would not (a run bound: the caller stops the run). */
export type PauseDecision =
  | { paused: true }
  | { paused: false; bound: "throttle-budget" | "time-limit"; reason: string };

export type Release = () => void;

interface Waiter {
  retry: boolean;
  grant: (release: Release | undefined) => void;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export class SharedThrottle {
  #bounds: ThrottleBounds;
  #window: number;
  #inFlight = 0;
  /** A retry is in flight alone. */
  #exclusive = false;
  #queue: Waiter[] = [];
  #pausedUntil = 0;
  #pausedMs = 0;
  #lastDecrease = -Infinity;
  #unthrottledSinceChange = 0;
  #timer: NodeJS.Timeout | undefined;
  #stats: ThrottleStats;

  constructor(bounds: ThrottleBounds) {
    if (!Number.isInteger(bounds.maxWindow) || bounds.maxWindow < 1)
      throw new Error(`maxWindow must be a positive integer, got ${bounds.maxWindow}`);
    this.#bounds = { ...bounds };
    this.#window = bounds.maxWindow;
    this.#stats = { throttledAnswers: 0, pausedMs: 0, narrowestWindow: bounds.maxWindow };
  }

  get window(): number {
    return this.#window;
  }

  stats(): ThrottleStats {
    return { ...this.#stats, pausedMs: Math.round(this.#pausedMs) };
  }

  /**
   * Waits for a slot: the pool is not paused and fewer than `window` requests are in flight. Resolves with the
   * slot's release, or undefined when `stop` fires first (the request is then not sent).
   */
  acquire(retry: boolean, stop?: AbortSignal): Promise<Release | undefined> {
    if (stop?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onStop = () => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        resolve(undefined);
      };
      const waiter: Waiter = {
        retry,
        grant: (release) => {
          stop?.removeEventListener("abort", onStop);
          resolve(release);
        },
      };
      stop?.addEventListener("abort", onStop, { once: true });
      if (retry) {
        const firstNew = this.#queue.findIndex((queued) => !queued.retry);
        this.#queue.splice(firstNew < 0 ? this.#queue.length : firstNew, 0, waiter);
      } else {
        this.#queue.push(waiter);
      }
      this.#pump();
    });
  }

  /** An answer that was not throttled, to a request sent at `sentAt`: counts towards widening the window. */
  answered(sentAt: number): void {
    if (this.#window >= this.#bounds.maxWindow || sentAt < this.#lastDecrease) return;
    this.#unthrottledSinceChange++;
    if (this.#unthrottledSinceChange >= this.#window) {
      this.#window++;
      this.#unthrottledSinceChange = 0;
      this.#pump();
    }
  }

  /** A 429/503 to a request sent at `sentAt` asking to wait `waitMs`: narrows the window and pauses the pool. */
  throttled(sentAt: number, waitMs: number): PauseDecision {
    this.#stats.throttledAnswers++;
    if (sentAt >= this.#lastDecrease) {
      this.#window = Math.max(1, Math.floor(this.#window / 2));
      this.#lastDecrease = performance.now();
      this.#stats.narrowestWindow = Math.min(this.#stats.narrowestWindow, this.#window);
    }
    this.#unthrottledSinceChange = 0;
    const now = performance.now();
    const until = now + waitMs;
    if (until <= this.#pausedUntil) return { paused: true };
    const added = until - Math.max(now, this.#pausedUntil);
    if (this.#bounds.deadline !== undefined && until > this.#bounds.deadline) {
      return {
        paused: false,
        bound: "time-limit",
        reason: `waiting ${seconds(waitMs)} as Retry-After asks would pass the run's time limit`,
      };
    }
    if (this.#pausedMs + added > this.#bounds.budgetMs) {
      return {
        paused: false,
        bound: "throttle-budget",
        reason: `waiting ${seconds(waitMs)} more would exceed the run's throttling budget of ${seconds(this.#bounds.budgetMs)} (already paused ${seconds(this.#pausedMs)})`,
      };
    }
    this.#pausedMs += added;
    this.#pausedUntil = until;
    return { paused: true };
  }

  /** After the run stopped: cleanup may still wait, at most `allowanceMs` more in total, and past the deadline. */
  allowCleanup(allowanceMs: number): void {
    this.#bounds = { maxWindow: this.#bounds.maxWindow, budgetMs: this.#pausedMs + allowanceMs };
  }

  #pump(): void {
    const now = performance.now();
    if (now < this.#pausedUntil) {
      if (this.#queue.length > 0 && !this.#timer) {
        this.#timer = setTimeout(
          () => {
            this.#timer = undefined;
            this.#pump();
          },
          Math.ceil(this.#pausedUntil - now),
        );
      }
      return;
    }
    while (this.#queue.length > 0 && !this.#exclusive) {
      const head = this.#queue[0] as Waiter;
      if (head.retry ? this.#inFlight > 0 : this.#inFlight >= this.#window) return;
      this.#queue.shift();
      this.#inFlight++;
      this.#exclusive = head.retry;
      let released = false;
      head.grant(() => {
        if (released) return;
        released = true;
        this.#inFlight--;
        if (head.retry) this.#exclusive = false;
        this.#pump();
      });
    }
  }
}
