// Why a run stopped early. Every stop ends the same way (run.ts): no new step starts, requests already sent
// finish within --timeout-ms, every session the run created or may have created is deleted or named, and the
// report is written marked interrupted with this reason. The first reason wins.

export type StopReason =
  /** SIGINT, SIGTERM, SIGHUP (or "interrupt" when an AbortSignal gave no signal name). */
  | { kind: "signal"; signal: string }
  | { kind: "time-limit"; limitMs: number; detail?: string }
  | { kind: "throttle-budget"; budgetMs: number; detail: string }
  /** The runner itself failed (a bug): the run stops cleanly instead of crashing. */
  | { kind: "error"; message: string }
  /** The target does not answer like Graph at all (runner/target-diagnosis.ts): what was seen and the likely cause. */
  | { kind: "not-graph"; reason: string; seen: string[] };

const KINDS: ReadonlySet<string> = new Set(["signal", "time-limit", "throttle-budget", "error", "not-graph"]);

/** Whether an AbortSignal's reason is a StopReason (the CLI aborts with one for an internal error). */
export function isStopReason(value: unknown): value is StopReason {
  return typeof value === "object" && value !== null && KINDS.has(String((value as { kind?: unknown }).kind));
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

/** One sentence naming why the run stopped. */
export function describeStop(reason: StopReason): string {
  switch (reason.kind) {
    case "signal":
      return reason.signal === "interrupt" ? "interrupted" : `interrupted by ${reason.signal}`;
    case "time-limit":
      return `the run's time limit of ${seconds(reason.limitMs)} (--time-limit) was reached${reason.detail ? `: ${reason.detail}` : ""}`;
    case "throttle-budget":
      return `the target kept throttling past the run's throttling budget of ${seconds(reason.budgetMs)} (--throttle-budget): ${reason.detail}`;
    case "error":
      return `internal error: ${reason.message}`;
    case "not-graph":
      return reason.reason;
  }
}

export class RunStop {
  readonly #controller = new AbortController();
  #reason: StopReason | undefined;

  /** Fires when the run stops. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get reason(): StopReason | undefined {
    return this.#reason;
  }

  get stopped(): boolean {
    return this.#reason !== undefined;
  }

  stop(reason: StopReason): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#controller.abort(reason);
  }
}

/**
 * The stop machinery of one run: an external AbortSignal (a signal name as its reason is reported as that signal)
 * and the run's time limit. `dispose` removes the listener and the timer.
 */
export function watchStops(
  signal: AbortSignal | undefined,
  limitMs: number,
  started: number,
): { stop: RunStop; dispose: () => void } {
  const stop = new RunStop();
  const timer = setTimeout(
    () => stop.stop({ kind: "time-limit", limitMs }),
    Math.max(0, started + limitMs - performance.now()),
  );
  timer.unref();
  const onAbort = () => {
    const reason: unknown = signal?.reason;
    if (typeof reason === "string") stop.stop({ kind: "signal", signal: reason });
    else if (isStopReason(reason)) stop.stop(reason);
    else stop.stop({ kind: "signal", signal: "interrupt" });
  };
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  return {
    stop,
    dispose: () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    },
  };
}
