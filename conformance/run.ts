// The conformance run, in-process: select scenarios, start or probe the target, run the scenarios concurrently on
// a bounded pool through the registered checks (steps in order, shared throttling), apply the target's known
// deviations, delete every session the run created (also after a failure, a signal or a run bound), and return
// one report that reads the same at any concurrency. The CLI (cli.ts) only parses flags and writes reports.
import { randomUUID } from "node:crypto";
import { operations } from "../src/contract/operations.ts";
import { validatorFor } from "../src/contract/validators.ts";
import {
  explorationBlocked,
  runExploration,
  skippedExploration,
  type ExplorationReport,
  type ExploreOptions,
} from "./explore/exploration.ts";
import { defaultRestorePoints } from "./reference/restore-points.ts";
import {
  measureCoverage,
  restorePointHint,
  unmetRequirement,
  type Coverage,
  type CoverageRequirement,
} from "./runner/coverage.ts";
import { ConfigError } from "./vocabulary/config-error.ts";
import { runScenario, type ReadingNote, type RunEnvironment, type ThrottleRecord } from "./runner/run-step.ts";
import {
  applyExpectations,
  defaultExpectationsFile,
  expectedScenarioSkip,
  loadExpectations,
  type ExpectedFailure,
  type KnownDeviation,
} from "./runner/known-deviations.ts";
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RETRY,
  send,
  type HttpOptions,
  type RetryPolicy,
} from "./transport/http-exchange.ts";
import type { CheckResult, Level, Scenario } from "./vocabulary/scenario.ts";
import { createRedactor, redactDeep, type Redact } from "./vocabulary/redaction.ts";
import { loadScenarios } from "./runner/scenario-loader.ts";
import { runOrdered } from "./runner/ordered-pool.ts";
import { SessionTracker, type PossiblyCreated } from "./runner/session-tracker.ts";
import { describeStop, isStopReason, RunStop, type StopReason } from "./runner/run-stop.ts";
import { sourceRegistry, type Source } from "./vocabulary/source-registry.ts";
import { SharedThrottle, type ThrottleStats } from "./transport/shared-throttle.ts";
import { openTarget, targetUrl, type Target, type TargetKind } from "./targets/index.ts";
import { resolveToken } from "./targets/token.ts";

export type LevelOption = Level | "all";

export interface RunOptions {
  /** `mock` (default), `reference`, `graph` or a base URL. */
  target?: string;
  token?: string;
  /** Restore-point ids to add (default: the reference server's). */
  restorePoints?: string[];
  allowWrites?: boolean;
  allowActivate?: boolean;
  /** Failures that rest only on the contract's own decisions (the docs are silent) fail the run too; without it
   *  they are advisories. */
  strict?: boolean;
  /** A run that covers less exits 2: `patch` (a delta PATCH was judged), `behavior` (every behavior scenario ran),
   *  `all` (every selected scenario ran, but for expected skips). A run that checked nothing always exits 2. */
  requireCoverage?: CoverageRequirement;
  /** Default: every level the target supports (schema for mock, all otherwise). */
  level?: LevelOption;
  /** Per request (default 10000). */
  timeoutMs?: number;
  /** Only scenarios whose id or description matches (case-insensitive regular expression). */
  grep?: string;
  /** Known deviations (default: conformance/expectations/<target>.yaml for mock, reference and graph). */
  expectationsFile?: string;
  /** Environment for the token (GRAPH_TOKEN, AZURE_*); default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Stops the run: no new step starts, requests already sent finish within timeoutMs, created sessions are deleted,
   * the target is stopped. An abort reason that is a signal name ("SIGTERM") is reported as such.
   */
  signal?: AbortSignal;
  /** Scenarios run at once (default: DEFAULT_CONCURRENCY for the target kind). */
  concurrency?: number;
  /** The whole run, in milliseconds (default DEFAULT_TIME_LIMIT_MS): past it the run stops. */
  timeLimitMs?: number;
  /** Total time the run may spend paused by throttling (default DEFAULT_THROTTLE_BUDGET_MS): past it the run stops. */
  throttleBudgetMs?: number;
  /** Records the sessions the run creates (pass one to name them yourself if the process must exit at once). */
  sessions?: SessionTracker;
  /** Scenario directory (tests). */
  scenariosDirectory?: string;
  maxBodyBytes?: number;
  retry?: Partial<RetryPolicy>;
  /** Progress: a scenario started; one finished (in completion order); each outcome in selection order. */
  onScenarioStart?: (scenario: Scenario) => void;
  onScenarioDone?: (scenario: Scenario) => void;
  onScenarioEnd?: (outcome: ScenarioOutcome) => void;
  /** Generative exploration after the scenarios (--explore); its scenarios run too unless --grep/--level deselect them. */
  explore?: Omit<ExploreOptions, "mayActivate">;
}

export interface ScenarioOutcome {
  scenario: string;
  description: string;
  level: Level;
  status: "passed" | "failed" | "skipped";
  /** For a skipped scenario: why. */
  reason?: string;
  durationMs: number;
  checks: { passed: number; failed: number; advisories: number; skipped: number };
}

export interface ReadingSummary {
  question: string;
  reading: string;
  where: string[];
}

export interface RunReport {
  /** `advisories`: failed assertions that rest only on the contract's own decisions (not counted in `failed`). */
  summary: { passed: number; failed: number; advisories: number; skipped: number };
  results: CheckResult[];
  /** Whether contract decisions failed the run (--strict) or were advisories. */
  strict: boolean;
  /** Every source a row of the report names, by id: kind, title and link. */
  sources: Record<string, Omit<Source, "id">>;
  /** `startupMs`/`stopMs`: starting and stopping a server the run started (0 for a URL target's stop). */
  target: { name: string; kind: TargetKind; baseUrl: string; startupMs: number; stopMs: number };
  level: LevelOption;
  scenarios: ScenarioOutcome[];
  /** Behavior scenarios left out because the target cannot run them and no --level asked for them. */
  notSelected: { count: number; reason: string } | undefined;
  expectedFailures: ExpectedFailure[];
  readings: ReadingSummary[];
  throttled: ThrottleRecord[];
  /** The pool: its size, and what throttling did to it. */
  throttling: ThrottleStats & { concurrency: number };
  /** possiblyLeftBehind: creates whose answer never came (a session may exist whose id the run never learned). */
  cleanup: {
    deleted: string[];
    leftBehind: Array<{ id: string; reason: string }>;
    possiblyLeftBehind: PossiblyCreated[];
  };
  restorePoints: { count: number; source: "--restore-points" | "reference server defaults" };
  tokenSource: string;
  /** The run stopped early (a signal, a run bound, an internal error); `stopped` says why. */
  interrupted: boolean;
  /** `signal`: the signal's name when one stopped it. */
  stopped: { kind: StopReason["kind"]; reason: string; signal?: string } | undefined;
  durationMs: number;
  /** What ran and what did not, and what the run left uncovered. */
  coverage: Coverage;
  /** Advice that leads the report (e.g. the target does not know the run's restore points). */
  hints: string[];
  /** Why the run is no verdict (nothing checked, or --require-coverage not met): exit code 2. */
  incomplete: string | undefined;
  /** 0 no required check failed; 1 a required check failed; 2 the run is no verdict (see `incomplete`). */
  exitCode: 0 | 1 | 2;
  /** The generative exploration, when --explore asked for it. */
  exploration?: ExplorationReport;
  /** The run's redaction, for anything the caller prints besides the report. */
  redact: Redact;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Scenarios at once, per target kind: Prism gains little past a few; a remote target is bounded by shared throttling. */
export const DEFAULT_CONCURRENCY: Readonly<Record<TargetKind, number>> = { mock: 4, reference: 8, url: 8 };
export const MAX_CONCURRENCY = 64;
export const DEFAULT_TIME_LIMIT_MS = 30 * 60_000;
export const DEFAULT_THROTTLE_BUDGET_MS = 5 * 60_000;
const MOCK_STATELESS = "the mock target (Prism) holds no state; behavior scenarios need --target reference or a URL";

/** The scenarios at `level` whose id or description matches `grep` (case-insensitive). */
export function selectScenarios(all: readonly Scenario[], options: { grep?: string; level: LevelOption }): Scenario[] {
  let pattern: RegExp | undefined;
  if (options.grep !== undefined) {
    try {
      pattern = new RegExp(options.grep, "i");
    } catch (error) {
      throw new ConfigError(
        `--grep ${JSON.stringify(options.grep)} is not a regular expression: ${(error as Error).message}`,
      );
    }
  }
  return all.filter(
    (scenario) =>
      (options.level === "all" || scenario.level === options.level) &&
      (!pattern || pattern.test(scenario.id) || pattern.test(scenario.description)),
  );
}

function skipReason(
  scenario: Scenario,
  target: { kind: TargetKind; stateful: boolean; guarded: boolean },
  options: RunOptions,
  pool: readonly string[],
  deviations: readonly KnownDeviation[],
): string | undefined {
  const expected = expectedScenarioSkip(deviations, scenario.id);
  if (expected) return `expected skip: ${expected}`;
  if (scenario.level === "behavior" && !target.stateful) return MOCK_STATELESS;
  if (target.guarded && scenario.tags.includes("activates") && !options.allowActivate) {
    return "activates a session (on a tenant, a real restore); pass --allow-activate to run it";
  }
  if (target.guarded && scenario.tags.includes("writes") && !options.allowWrites)
    return "writes to the target; pass --allow-writes to run it";
  if (scenario.needs.poolEntries > pool.length) {
    return `needs ${scenario.needs.poolEntries} restore points, ${pool.length} given (--restore-points)`;
  }
  const absent = scenario.needs.restorePoints.filter((id) => !pool.includes(id));
  if (absent.length > 0) {
    return `sends a published example naming restore point(s) ${absent.join(", ")}, which are not among the --restore-points ids`;
  }
  return undefined;
}

function checkInteger(value: number | undefined, fallback: number, min: number, max: number, what: string): number {
  const checked = value ?? fallback;
  if (!Number.isInteger(checked) || checked < min || checked > max)
    throw new ConfigError(`${what} must be an integer from ${min} to ${max} (got ${String(value)})`);
  return checked;
}

function validateOptions(options: RunOptions): { level: LevelOption | undefined; timeoutMs: number } {
  const level = options.level;
  if (level !== undefined && level !== "schema" && level !== "behavior" && level !== "all") {
    throw new ConfigError(`--level must be schema, behavior or all (got ${JSON.stringify(level)})`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    throw new ConfigError(`--timeout-ms must be an integer from 1 to 600000 (got ${String(options.timeoutMs)})`);
  }
  for (const id of options.restorePoints ?? []) {
    if (typeof id !== "string" || id.trim() === "") throw new ConfigError("--restore-point needs a non-empty id");
  }
  if (options.concurrency !== undefined) checkInteger(options.concurrency, 1, 1, MAX_CONCURRENCY, "--concurrency");
  checkInteger(options.timeLimitMs, DEFAULT_TIME_LIMIT_MS, 1000, 24 * 3_600_000, "the time limit (ms)");
  checkInteger(options.throttleBudgetMs, DEFAULT_THROTTLE_BUDGET_MS, 0, 24 * 3_600_000, "the throttling budget (ms)");
  return { level, timeoutMs };
}

async function deleteSessions(
  ids: readonly string[],
  target: Target,
  token: string,
  http: HttpOptions,
  concurrency: number,
): Promise<Omit<RunReport["cleanup"], "possiblyLeftBehind">> {
  const cleanup: Omit<RunReport["cleanup"], "possiblyLeftBehind"> = { deleted: [], leftBehind: [] };
  const answers = await runOrdered(
    ids,
    (id) =>
      send(
        {
          method: "DELETE",
          url: `${target.baseUrl}/solutions/backupRestore/exchangeRestoreSessions/${encodeURIComponent(id)}`,
          headers: { authorization: `Bearer ${token}`, accept: "application/json", "client-request-id": randomUUID() },
        },
        http,
      ),
    { concurrency },
  );
  ids.forEach((id, index) => {
    const exchange = answers[index];
    if (exchange?.status === 204 || exchange?.status === 404) cleanup.deleted.push(id);
    else if (exchange?.status === 403)
      cleanup.leftBehind.push({ id, reason: "403: it is no longer a draft (activated), so it cannot be deleted" });
    else
      cleanup.leftBehind.push({
        id,
        reason: exchange?.throttleGaveUp
          ? `DELETE answered ${exchange.status} (throttled: ${exchange.throttleGaveUp})`
          : (exchange?.failure?.message ?? `DELETE answered ${exchange?.status}`),
      });
  });
  return cleanup;
}

/** Compiles every response schema the contract documents, so that no step pays for a first compilation. */
function warmUpResponseValidators(): void {
  for (const info of operations().values()) {
    for (const response of info.responses.values()) {
      const name = response.schemaRef?.replace("#/components/schemas/", "");
      if (name) validatorFor(name);
    }
  }
}

function summarizeReadings(notes: readonly ReadingNote[]): ReadingSummary[] {
  const grouped = new Map<string, ReadingSummary>();
  for (const note of notes) {
    const key = `${note.question}\u0000${note.reading}`;
    const entry = grouped.get(key) ?? { question: note.question, reading: note.reading, where: [] };
    entry.where.push(`${note.scenario} › ${note.step}`);
    grouped.set(key, entry);
  }
  return [...grouped.values()];
}

function countChecks(results: readonly CheckResult[]): ScenarioOutcome["checks"] {
  return {
    passed: results.filter((result) => result.status === "passed").length,
    failed: results.filter((result) => result.status === "failed").length,
    advisories: results.filter((result) => result.status === "advisory").length,
    skipped: results.filter((result) => result.status === "skipped").length,
  };
}

function sourcesNamed(results: readonly CheckResult[]): RunReport["sources"] {
  const registry = sourceRegistry();
  const ids = [...new Set(results.flatMap((result) => (result.source === null ? [] : [result.source])))].sort();
  return Object.fromEntries(
    ids.map((id) => {
      const { id: _id, ...source } = registry.get(id);
      return [id, source];
    }),
  );
}

/** The stop machinery of one run: external signal, time limit. `dispose` removes the listener and the timer. */
function watchStops(options: RunOptions, started: number): { stop: RunStop; dispose: () => void } {
  const stop = new RunStop();
  const limitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const timer = setTimeout(
    () => stop.stop({ kind: "time-limit", limitMs }),
    Math.max(0, started + limitMs - performance.now()),
  );
  timer.unref();
  const onAbort = () => {
    const reason: unknown = options.signal?.reason;
    if (typeof reason === "string") stop.stop({ kind: "signal", signal: reason });
    else if (isStopReason(reason)) stop.stop(reason);
    else stop.stop({ kind: "signal", signal: "interrupt" });
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  return {
    stop,
    dispose: () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    },
  };
}

function skippedOutcome(scenario: Scenario, reason: string): { outcome: ScenarioOutcome; results: CheckResult[] } {
  return {
    outcome: {
      scenario: scenario.id,
      description: scenario.description,
      level: scenario.level,
      status: "skipped",
      reason,
      durationMs: 0,
      checks: { passed: 0, failed: 0, advisories: 0, skipped: 1 },
    },
    results: [{ scenario: scenario.id, step: null, check: null, status: "skipped", message: reason, source: null }],
  };
}

/** The message of a step that the run's stop left out or cut short (runner/run-step.ts). */
const STOPPED_STEP = /^not (run|finished): the run stopped /;

interface ScenarioRun {
  outcome: ScenarioOutcome;
  results: CheckResult[];
  expectedFailures: ExpectedFailure[];
  readings: ReadingNote[];
  throttled: ThrottleRecord[];
}

/** Runs the suite. Throws ConfigError / UnreachableTargetError (exit 2) before any verdict; otherwise reports. */
export async function runConformance(options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const { level: askedLevel, timeoutMs } = validateOptions(options);
  const { stop, dispose } = watchStops(options, started);
  try {
    return await runWithin(options, { started, askedLevel, timeoutMs, stop });
  } finally {
    dispose();
  }
}

async function runWithin(
  options: RunOptions,
  run: { started: number; askedLevel: LevelOption | undefined; timeoutMs: number; stop: RunStop },
): Promise<RunReport> {
  const { started, askedLevel, timeoutMs, stop } = run;
  const targetSpec = options.target ?? "mock";
  const url = targetUrl(targetSpec);
  const kind: TargetKind = url ? "url" : (targetSpec as TargetKind);
  const stateful = kind !== "mock";
  const level: LevelOption = askedLevel ?? (stateful ? "all" : "schema");
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY[kind];

  if (targetSpec === "graph" && options.allowWrites && !options.restorePoints?.length) {
    throw new ConfigError(
      "against graph, pass the tenant's restore-point ids with --restore-points FILE|ID,… (the defaults exist only on the reference server)",
    );
  }
  const pool = options.restorePoints?.length ? [...new Set(options.restorePoints)] : defaultRestorePoints();
  const token = await resolveToken({ token: options.token, env: options.env ?? process.env, dummy: kind !== "url" });
  const redact = createRedactor([token.token, ...token.secrets]);
  const open = () =>
    openTarget(targetSpec, {
      timeoutMs,
      ...(kind === "reference" && options.restorePoints?.length ? { restorePoints: pool } : {}),
    });
  // A server the run starts boots in its own process while this one loads the scenarios and compiles validators.
  const starting = kind === "url" ? undefined : open();
  starting?.catch(() => undefined);

  let selected: Scenario[];
  let notSelected: number;
  let deviations: KnownDeviation[];
  let target: Target;
  try {
    const allScenarios = loadScenarios(options.scenariosDirectory);
    selected = selectScenarios(allScenarios, { grep: options.grep, level });
    if (selected.length === 0 && !options.explore) {
      throw new ConfigError(
        `no scenario matches${options.grep === undefined ? "" : ` --grep ${JSON.stringify(options.grep)}`} at level ${level} (see --list)`,
      );
    }
    notSelected =
      askedLevel === undefined && !stateful
        ? selectScenarios(allScenarios, { grep: options.grep, level: "behavior" }).length
        : 0;
    const expectationsFile =
      options.expectationsFile ??
      (kind === "url" && targetSpec !== "graph" ? undefined : defaultExpectationsFile(targetSpec));
    deviations = expectationsFile ? loadExpectations(expectationsFile, allScenarios) : [];
    warmUpResponseValidators();
    target = await (starting ?? open());
  } catch (error) {
    await starting?.then(
      (started) => started.stop(),
      () => undefined,
    );
    throw error;
  }
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const limitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const budgetMs = options.throttleBudgetMs ?? DEFAULT_THROTTLE_BUDGET_MS;
  const throttle = new SharedThrottle({ maxWindow: concurrency, budgetMs, deadline: started + limitMs });
  const http: HttpOptions = {
    timeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    retry,
    stop: stop.signal,
    throttle,
    onRunBound: (bound, detail) =>
      stop.stop(
        bound === "time-limit"
          ? { kind: "time-limit", limitMs, detail }
          : { kind: "throttle-budget", budgetMs, detail },
      ),
  };
  const sessions = options.sessions ?? new SessionTracker();
  const absentIds = new Map<string, string>();
  const stopped = () => (stop.reason ? describeStop(stop.reason) : undefined);
  const environment = (readings: ReadingNote[], throttled: ThrottleRecord[]): RunEnvironment => ({
    baseUrl: target.baseUrl,
    origin: target.origin,
    token: token.token,
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
    strict: options.strict ?? false,
    onReading: (note) => readings.push(note),
    onThrottle: (record) => throttled.push(record),
    stopped,
  });

  /** A progress callback that throws is the runner failing: the run stops, it does not crash mid-run. */
  const notify = (callback: () => void) => {
    try {
      callback();
    } catch (error) {
      stop.stop({ kind: "error", message: `a progress callback failed: ${(error as Error).message}` });
    }
  };
  const runOne = async (scenario: Scenario): Promise<ScenarioRun> => {
    const empty = { expectedFailures: [], readings: [], throttled: [] };
    const reason = skipReason(scenario, target, options, pool, deviations);
    if (reason) return { ...skippedOutcome(scenario, reason), ...empty };
    if (stop.stopped) return { ...skippedOutcome(scenario, `not run: the run stopped (${stopped()})`), ...empty };
    const scenarioStarted = performance.now();
    const readings: ReadingNote[] = [];
    const throttled: ThrottleRecord[] = [];
    let raw: CheckResult[];
    try {
      options.onScenarioStart?.(scenario);
      raw = await runScenario(scenario, environment(readings, throttled));
    } catch (error) {
      stop.stop({ kind: "error", message: `scenario ${scenario.id}: ${(error as Error).message}` });
      raw = [
        {
          scenario: scenario.id,
          step: null,
          check: null,
          status: "failed",
          message: `internal error of the runner: ${(error as Error).stack ?? String(error)}`,
          source: null,
        },
      ];
    }
    notify(() => options.onScenarioDone?.(scenario));
    const applied = applyExpectations(deviations, scenario.id, raw);
    const checks = countChecks(applied.results);
    const cutShort = applied.results.some((result) => result.status === "skipped" && STOPPED_STEP.test(result.message));
    const outcome: ScenarioOutcome = {
      scenario: scenario.id,
      description: scenario.description,
      level: scenario.level,
      status: checks.failed > 0 ? "failed" : cutShort ? "skipped" : "passed",
      ...(checks.failed === 0 && cutShort ? { reason: `cut short: the run stopped (${stopped()})` } : {}),
      durationMs: performance.now() - scenarioStarted,
      checks,
    };
    return { outcome, results: applied.results, expectedFailures: applied.expectedFailures, readings, throttled };
  };

  let runs: ScenarioRun[] = [];
  let cleanup: RunReport["cleanup"] = { deleted: [], leftBehind: [], possiblyLeftBehind: [] };
  let stopMs = 0;
  let exploration: ExplorationReport | undefined;
  try {
    runs = await runOrdered(selected, runOne, {
      concurrency,
      onResult: (result) => notify(() => options.onScenarioEnd?.(result.outcome)),
    });
    if (options.explore && !stop.stopped) {
      const exploreStarted = performance.now();
      const readings: ReadingNote[] = [];
      const throttled: ThrottleRecord[] = [];
      const blocked = explorationBlocked({ stateful, guarded: target.guarded }, Boolean(options.allowWrites));
      const explored = blocked
        ? skippedExploration(blocked, options.explore)
        : await runExploration(environment(readings, throttled), {
            ...options.explore,
            mayActivate: !target.guarded || Boolean(options.allowActivate),
          });
      exploration = explored.report;
      const checks = countChecks(explored.rows);
      const outcome: ScenarioOutcome = {
        scenario: explored.report.failure?.scenario ?? "exploration",
        description: `generative exploration (seed ${explored.report.seed})`,
        level: "behavior",
        status: explored.report.status,
        ...(explored.report.reason === undefined ? {} : { reason: explored.report.reason }),
        durationMs: performance.now() - exploreStarted,
        checks,
      };
      runs.push({ outcome, results: explored.rows, expectedFailures: [], readings, throttled });
      notify(() => options.onScenarioEnd?.(outcome));
    }
  } finally {
    try {
      // A server the run started is discarded with everything in it; a URL target is cleaned up.
      if (target.guarded) {
        throttle.allowCleanup(retry.maxTotalWaitMs);
        const cleanupHttp: HttpOptions = { ...http, stop: undefined, onRunBound: undefined };
        cleanup = {
          ...(await deleteSessions(sessions.open(), target, token.token, cleanupHttp, concurrency)),
          possiblyLeftBehind: sessions.possiblyCreated(),
        };
      }
    } finally {
      const stopping = performance.now();
      await target.stop();
      stopMs = performance.now() - stopping;
    }
  }

  const results = runs.flatMap((entry) => entry.results);
  const summary = countChecks(results);
  const outcomes = runs.map((entry) => entry.outcome);
  const coverage = measureCoverage(selected, outcomes, results, notSelected, exploration?.stepsByOperation);
  const restorePoints: RunReport["restorePoints"] = {
    count: pool.length,
    source: options.restorePoints?.length ? "--restore-points" : "reference server defaults",
  };
  const hint = restorePointHint(results, restorePoints);
  const incomplete = stop.stopped ? undefined : unmetRequirement(coverage, options.requireCoverage);
  const report: RunReport = {
    summary,
    results,
    strict: options.strict ?? false,
    sources: sourcesNamed(results),
    target: {
      name: target.name,
      kind: target.kind,
      baseUrl: target.baseUrl,
      startupMs: Math.round(target.startupMs),
      stopMs: Math.round(stopMs),
    },
    level,
    scenarios: outcomes,
    notSelected: notSelected > 0 ? { count: notSelected, reason: MOCK_STATELESS } : undefined,
    expectedFailures: runs.flatMap((entry) => entry.expectedFailures),
    readings: summarizeReadings(runs.flatMap((entry) => entry.readings)),
    throttled: runs.flatMap((entry) => entry.throttled),
    throttling: { concurrency, ...throttle.stats() },
    cleanup,
    restorePoints,
    tokenSource: token.source,
    interrupted: stop.stopped,
    stopped: stop.reason
      ? {
          kind: stop.reason.kind,
          reason: describeStop(stop.reason),
          ...(stop.reason.kind === "signal" ? { signal: stop.reason.signal } : {}),
        }
      : undefined,
    durationMs: Math.round(performance.now() - started),
    coverage,
    hints: hint ? [hint] : [],
    incomplete,
    exitCode: summary.failed > 0 ? 1 : incomplete ? 2 : 0,
    ...(exploration ? { exploration } : {}),
    redact,
  };
  const { redact: _ignored, ...data } = report;
  return { ...redactDeep(data, redact), redact };
}
