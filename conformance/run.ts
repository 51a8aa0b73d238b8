// The conformance run, in-process: select scenarios, start or probe the target, run every scenario through the
// registered checks, apply the target's known deviations, delete every session the run created (also after a
// failure or an interrupt), and return one report. The CLI (cli.ts) only parses flags and writes reports.
import { randomUUID } from "node:crypto";
import { operations } from "../src/contract/operations.ts";
import { validatorFor } from "../src/contract/validators.ts";
import { explorationBlocked, runExploration, skippedExploration, type ExplorationReport, type ExploreOptions } from "./explore/explore.ts";
import { defaultRestorePoints } from "./reference/restore-points.ts";
import { ConfigError } from "./runner/errors.ts";
import { runScenario, SessionTracker, type ReadingNote, type RunEnvironment, type ThrottleRecord } from "./runner/execute.ts";
import { applyExpectations, defaultExpectationsFile, expectedScenarioSkip, loadExpectations, type ExpectedFailure, type KnownDeviation } from "./runner/expectations.ts";
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_RETRY, send, type HttpOptions, type RetryPolicy } from "./runner/http.ts";
import type { CheckResult, Level, Scenario } from "./runner/model.ts";
import { createRedactor, redactDeep, type Redact } from "./runner/redact.ts";
import { loadScenarios } from "./runner/scenarios.ts";
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
  /** Interrupts the run: no new steps start, created sessions are deleted, the target is stopped. */
  signal?: AbortSignal;
  /** Scenario directory (tests). */
  scenariosDirectory?: string;
  maxBodyBytes?: number;
  retry?: Partial<RetryPolicy>;
  /** Progress: called before and after each scenario. */
  onScenarioStart?: (scenario: Scenario) => void;
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
  checks: { passed: number; failed: number; skipped: number };
}

export interface ReadingSummary {
  question: string;
  reading: string;
  where: string[];
}

export interface RunReport {
  summary: { passed: number; failed: number; skipped: number };
  results: CheckResult[];
  /** `startupMs`/`stopMs`: starting and stopping a server the run started (0 for a URL target's stop). */
  target: { name: string; kind: TargetKind; baseUrl: string; startupMs: number; stopMs: number };
  level: LevelOption;
  scenarios: ScenarioOutcome[];
  /** Behavior scenarios left out because the target cannot run them and no --level asked for them. */
  notSelected: { count: number; reason: string } | undefined;
  expectedFailures: ExpectedFailure[];
  readings: ReadingSummary[];
  throttled: ThrottleRecord[];
  cleanup: { deleted: string[]; leftBehind: Array<{ id: string; reason: string }> };
  restorePoints: { count: number; source: "--restore-point" | "reference server defaults" };
  tokenSource: string;
  interrupted: boolean;
  durationMs: number;
  exitCode: 0 | 1;
  /** The generative exploration, when --explore asked for it. */
  exploration?: ExplorationReport;
  /** The run's redaction, for anything the caller prints besides the report. */
  redact: Redact;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const MOCK_STATELESS = "the mock target (Prism) holds no state; behavior scenarios need --target reference or a URL";

/** The scenarios at `level` whose id or description matches `grep` (case-insensitive). */
export function selectScenarios(all: readonly Scenario[], options: { grep?: string; level: LevelOption }): Scenario[] {
  let pattern: RegExp | undefined;
  if (options.grep !== undefined) {
    try {
      pattern = new RegExp(options.grep, "i");
    } catch (error) {
      throw new ConfigError(`--grep ${JSON.stringify(options.grep)} is not a regular expression: ${(error as Error).message}`);
    }
  }
  return all.filter(
    (scenario) =>
      (options.level === "all" || scenario.level === options.level) &&
      (!pattern || pattern.test(scenario.id) || pattern.test(scenario.description)),
  );
}

function skipReason(scenario: Scenario, target: { kind: TargetKind; stateful: boolean; guarded: boolean }, options: RunOptions, pool: readonly string[], deviations: readonly KnownDeviation[]): string | undefined {
  const expected = expectedScenarioSkip(deviations, scenario.id);
  if (expected) return `expected skip: ${expected}`;
  if (scenario.level === "behavior" && !target.stateful) return MOCK_STATELESS;
  if (target.guarded && scenario.tags.includes("activates") && !options.allowActivate) {
    return "activates a session (on a tenant, a real restore); pass --allow-activate to run it";
  }
  if (target.guarded && scenario.tags.includes("writes") && !options.allowWrites) return "writes to the target; pass --allow-writes to run it";
  if (scenario.needs.poolEntries > pool.length) {
    return `needs ${scenario.needs.poolEntries} restore points, ${pool.length} given (--restore-point)`;
  }
  const absent = scenario.needs.restorePoints.filter((id) => !pool.includes(id));
  if (absent.length > 0) {
    return `sends a published example naming restore point(s) ${absent.join(", ")}, which are not among the --restore-point ids`;
  }
  return undefined;
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
  return { level, timeoutMs };
}

async function deleteSessions(ids: readonly string[], target: Target, token: string, http: HttpOptions): Promise<RunReport["cleanup"]> {
  const cleanup: RunReport["cleanup"] = { deleted: [], leftBehind: [] };
  for (const id of ids) {
    const exchange = await send(
      {
        method: "DELETE",
        url: `${target.baseUrl}/solutions/backupRestore/exchangeRestoreSessions/${encodeURIComponent(id)}`,
        headers: { authorization: `Bearer ${token}`, accept: "application/json", "client-request-id": randomUUID() },
      },
      { ...http, signal: undefined },
    );
    if (exchange.status === 204 || exchange.status === 404) cleanup.deleted.push(id);
    else if (exchange.status === 403) cleanup.leftBehind.push({ id, reason: "403: it is no longer a draft (activated), so it cannot be deleted" });
    else cleanup.leftBehind.push({ id, reason: exchange.failure?.message ?? `DELETE answered ${exchange.status}` });
  }
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
    skipped: results.filter((result) => result.status === "skipped").length,
  };
}

/** Runs the suite. Throws ConfigError / UnreachableTargetError (exit 2) before any verdict; otherwise reports. */
export async function runConformance(options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const { level: askedLevel, timeoutMs } = validateOptions(options);
  const targetSpec = options.target ?? "mock";
  const url = targetUrl(targetSpec);
  const kind: TargetKind = url ? "url" : (targetSpec as TargetKind);
  const stateful = kind !== "mock";
  const level: LevelOption = askedLevel ?? (stateful ? "all" : "schema");

  if (targetSpec === "graph" && options.allowWrites && !options.restorePoints?.length) {
    throw new ConfigError("against graph, pass the tenant's restore-point ids with --restore-point (the defaults exist only on the reference server)");
  }
  const pool = options.restorePoints?.length ? [...new Set(options.restorePoints)] : defaultRestorePoints();
  const token = await resolveToken({ token: options.token, env: options.env ?? process.env, dummy: kind !== "url" });
  const redact = createRedactor([token.token, ...token.secrets]);
  const open = () => openTarget(targetSpec, { timeoutMs, ...(kind === "reference" && options.restorePoints?.length ? { restorePoints: pool } : {}) });
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
      throw new ConfigError(`no scenario matches${options.grep === undefined ? "" : ` --grep ${JSON.stringify(options.grep)}`} at level ${level} (see --list)`);
    }
    notSelected = askedLevel === undefined && !stateful ? selectScenarios(allScenarios, { grep: options.grep, level: "behavior" }).length : 0;
    const expectationsFile = options.expectationsFile ?? (kind === "url" && targetSpec !== "graph" ? undefined : defaultExpectationsFile(targetSpec));
    deviations = expectationsFile ? loadExpectations(expectationsFile, allScenarios) : [];
    warmUpResponseValidators();
    target = await (starting ?? open());
  } catch (error) {
    await starting?.then((started) => started.stop(), () => undefined);
    throw error;
  }
  const http: HttpOptions = {
    timeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const sessions = new SessionTracker();
  const readings: ReadingNote[] = [];
  const throttled: ThrottleRecord[] = [];
  const absentIds = new Map<string, string>();
  const env: RunEnvironment = {
    baseUrl: target.baseUrl,
    origin: target.origin,
    token: token.token,
    pool,
    http,
    absent: (name) => {
      let id = absentIds.get(name);
      if (!id) absentIds.set(name, (id = randomUUID()));
      return id;
    },
    sessions,
    onReading: (note) => readings.push(note),
    onThrottle: (record) => throttled.push(record),
  };

  const results: CheckResult[] = [];
  const outcomes: ScenarioOutcome[] = [];
  const expectedFailures: ExpectedFailure[] = [];
  let cleanup: RunReport["cleanup"] = { deleted: [], leftBehind: [] };
  let stopMs = 0;
  let exploration: ExplorationReport | undefined;
  try {
    for (const scenario of selected) {
      if (options.signal?.aborted) break;
      const scenarioStarted = performance.now();
      const reason = skipReason(scenario, target, options, pool, deviations);
      if (reason) {
        results.push({ scenario: scenario.id, step: null, check: null, status: "skipped", message: reason });
        const outcome: ScenarioOutcome = {
          scenario: scenario.id,
          description: scenario.description,
          level: scenario.level,
          status: "skipped",
          reason,
          durationMs: 0,
          checks: { passed: 0, failed: 0, skipped: 1 },
        };
        outcomes.push(outcome);
        options.onScenarioEnd?.(outcome);
        continue;
      }
      options.onScenarioStart?.(scenario);
      const raw = await runScenario(scenario, env);
      const applied = applyExpectations(deviations, scenario.id, raw);
      results.push(...applied.results);
      expectedFailures.push(...applied.expectedFailures);
      const checks = countChecks(applied.results);
      const outcome: ScenarioOutcome = {
        scenario: scenario.id,
        description: scenario.description,
        level: scenario.level,
        status: checks.failed > 0 ? "failed" : "passed",
        durationMs: performance.now() - scenarioStarted,
        checks,
      };
      outcomes.push(outcome);
      options.onScenarioEnd?.(outcome);
    }
    if (options.explore && !options.signal?.aborted) {
      const exploreStarted = performance.now();
      const blocked = explorationBlocked({ stateful, guarded: target.guarded }, Boolean(options.allowWrites));
      const explored = blocked
        ? skippedExploration(blocked, options.explore)
        : await runExploration(env, { ...options.explore, mayActivate: !target.guarded || Boolean(options.allowActivate) });
      exploration = explored.report;
      results.push(...explored.rows);
      const checks = countChecks(explored.rows);
      outcomes.push({
        scenario: explored.report.failure?.scenario ?? "exploration",
        description: `generative exploration (seed ${explored.report.seed})`,
        level: "behavior",
        status: explored.report.status,
        ...(explored.report.reason === undefined ? {} : { reason: explored.report.reason }),
        durationMs: performance.now() - exploreStarted,
        checks,
      });
    }
  } finally {
    try {
      // A server the run started is discarded with everything in it; a URL target is cleaned up.
      if (target.guarded) cleanup = await deleteSessions(sessions.open(), target, token.token, http);
    } finally {
      const stopping = performance.now();
      await target.stop();
      stopMs = performance.now() - stopping;
    }
  }

  const summary = countChecks(results);
  const report: RunReport = {
    summary,
    results,
    target: { name: target.name, kind: target.kind, baseUrl: target.baseUrl, startupMs: Math.round(target.startupMs), stopMs: Math.round(stopMs) },
    level,
    scenarios: outcomes,
    notSelected: notSelected > 0 ? { count: notSelected, reason: MOCK_STATELESS } : undefined,
    expectedFailures,
    readings: summarizeReadings(readings),
    throttled,
    cleanup,
    restorePoints: { count: pool.length, source: options.restorePoints?.length ? "--restore-point" : "reference server defaults" },
    tokenSource: token.source,
    interrupted: options.signal?.aborted ?? false,
    durationMs: Math.round(performance.now() - started),
    exitCode: summary.failed > 0 ? 1 : 0,
    ...(exploration ? { exploration } : {}),
    redact,
  };
  const { redact: _ignored, ...data } = report;
  return { ...redactDeep(data, redact), redact };
}
