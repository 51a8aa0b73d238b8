// What every seam of one run shares once the target is open: the HTTP options with the run's shared throttling and
// stop, the sessions it creates, the known deviations, and the environment each scenario (and the exploration)
// runs its steps in. Data flows down from here; nothing returns to the orchestrator but each seam's result.
import { randomUUID } from "node:crypto";
import type { Workload } from "../../src/contract/workloads.ts";
import type { KnownDeviation } from "../runner/known-deviations.ts";
import type { ReadingNote, RunEnvironment, ThrottleRecord } from "../runner/run-environment.ts";
import { describeStop, type RunStop } from "../runner/run-stop.ts";
import { SessionTracker } from "../runner/session-tracker.ts";
import { TargetDiagnosis } from "../runner/target-diagnosis.ts";
import type { Target } from "../targets/index.ts";
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RETRY,
  type HttpOptions,
  type RetryPolicy,
} from "../transport/http-exchange.ts";
import { SharedThrottle } from "../transport/shared-throttle.ts";
import type { Redact } from "../vocabulary/redaction.ts";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_THROTTLE_BUDGET_MS,
  DEFAULT_TIME_LIMIT_MS,
  type RunOptions,
} from "./run-options.ts";

/** Where one scenario's (or the exploration's) steps report the readings they saw and the throttling they met. */
export interface StepRecords {
  readings: ReadingNote[];
  throttled: ThrottleRecord[];
}

export interface RunContext {
  options: RunOptions;
  target: Target;
  token: string;
  pool: readonly string[];
  strict: boolean;
  /** Scenarios (and cleanup deletes) at once. */
  concurrency: number;
  retry: RetryPolicy;
  http: HttpOptions;
  throttle: SharedThrottle;
  stop: RunStop;
  sessions: SessionTracker;
  deviations: readonly KnownDeviation[];
  /** The environment for one scenario's (or an exploration's) steps in `workload`; they record into `records`. */
  environment(records: StepRecords, workload: Workload): RunEnvironment;
  /** Why the run stopped (one sentence), or undefined while it runs. */
  stopped(): string | undefined;
  /** Runs a progress callback; one that throws stops the run (the runner failing), it does not crash it. */
  notify(callback: () => void): void;
}

export function createRunContext(
  options: RunOptions,
  opened: {
    target: Target;
    token: string;
    pool: readonly string[];
    deviations: readonly KnownDeviation[];
    redact: Redact;
  },
  run: { started: number; timeoutMs: number; stop: RunStop },
): RunContext {
  const { target, token, pool } = opened;
  const { stop } = run;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY[target.kind];
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const limitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const budgetMs = options.throttleBudgetMs ?? DEFAULT_THROTTLE_BUDGET_MS;
  const throttle = new SharedThrottle({ maxWindow: concurrency, budgetMs, deadline: run.started + limitMs });
  const http: HttpOptions = {
    timeoutMs: run.timeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    retry,
    stop: stop.signal,
    throttle,
    redact: opened.redact,
    onRunBound: (bound, detail) =>
      stop.stop(
        bound === "time-limit"
          ? { kind: "time-limit", limitMs, detail }
          : { kind: "throttle-budget", budgetMs, detail },
      ),
  };
  // A target that is not Graph at all stops the run after a few answers instead of failing every check.
  const diagnosis = new TargetDiagnosis(target.baseUrl, opened.redact, (mismatch) =>
    stop.stop({ kind: "not-graph", ...mismatch }),
  );
  http.onAnswer = (answer) => diagnosis.observe(answer);
  const sessions = options.sessions ?? new SessionTracker();
  const absentIds = new Map<string, string>();
  const stopped = () => (stop.reason ? describeStop(stop.reason) : undefined);
  const strict = options.strict ?? false;
  return {
    options,
    target,
    token,
    pool,
    strict,
    concurrency,
    retry,
    http,
    throttle,
    stop,
    sessions,
    deviations: opened.deviations,
    environment: (records, workload) => ({
      baseUrl: target.baseUrl,
      workload,
      origin: target.origin,
      token,
      pool,
      http,
      absent: (name) => {
        let id = absentIds.get(name);
        if (!id) {
          id = randomUUID();
          absentIds.set(name, id);
        }
        return id;
      },
      sessions,
      strict,
      onReading: (note) => records.readings.push(note),
      onThrottle: (record) => records.throttled.push(record),
      stopped,
    }),
    stopped,
    notify: (callback) => {
      try {
        callback();
      } catch (error) {
        stop.stop({ kind: "error", message: `a progress callback failed: ${(error as Error).message}` });
      }
    },
  };
}
