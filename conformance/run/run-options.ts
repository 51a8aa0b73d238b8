// What a run can be asked (the options of runConformance, which the CLI's flags fill), the defaults, and the
// checks on values a caller other than the CLI may pass.
import type { ExploreOptions } from "../explore/exploration.ts";
import type { ScenarioOutcome } from "../report/run-report.ts";
import type { CoverageRequirement } from "../runner/coverage.ts";
import type { StopReason } from "../runner/run-stop.ts";
import type { SessionTracker } from "../runner/session-tracker.ts";
import type { TargetKind } from "../targets/index.ts";
import type { RetryPolicy } from "../transport/http-exchange.ts";
import { ConfigError } from "../vocabulary/config-error.ts";
import type { LevelOption, Scenario } from "../vocabulary/scenario.ts";
import { parseWorkloads } from "./workload-selection.ts";

export interface RunOptions {
  /** `mock` (default), `reference`, `graph` or a base URL. */
  target?: string;
  /**
   * The workloads to judge (`all` for every one; names may be comma-separated). Default: every workload on mock and
   * reference, `exchange` on a URL. A workload the target does not serve (404 on its collection) is reported as not
   * served.
   */
  workloads?: readonly string[];
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
  /** Scenario files or directories to run instead of the suite's own (--scenarios, repeatable). */
  scenarioPaths?: string[];
  maxBodyBytes?: number;
  retry?: Partial<RetryPolicy>;
  /** Progress: a scenario started; one finished (in completion order); each outcome in selection order. */
  onScenarioStart?: (scenario: Scenario) => void;
  onScenarioDone?: (scenario: Scenario) => void;
  /** `stoppedBy`: why the run had stopped by then (a stop's kind), so that a display can say so once. */
  onScenarioEnd?: (outcome: ScenarioOutcome, stoppedBy?: StopReason["kind"]) => void;
  /**
   * Generative exploration in the run's pool beside the scenarios: its budget (--explore, --runs, …), `false` for none
   * (--no-explore), or undefined for the default (DEFAULT_EXPLORATION when writes are allowed on a stateful target).
   */
  explore?: Omit<ExploreOptions, "mayActivate"> | false;
  /** The run's seed (the exploration's, unless `explore.seed` names one): random when absent, and reported. */
  seed?: number;
}
/** The budget a run with writes allowed explores with when nothing asked for another (stated in --help and the
 *  report): sequences in all, and a time bound that never lets it hold a run up for long. */
export const DEFAULT_EXPLORATION = { runs: 48, maxSeconds: 50 } as const;

/** Activations a run may send against a URL target unless --explore-activations says otherwise (each a real
 *  restore on a tenant); a server the run started has no such bound. */
export const DEFAULT_EXPLORE_ACTIVATIONS = 1;

/** What the run explores with, or why it does not explore (the coverage line says it). */
export type ExplorationMode = { explore: Omit<ExploreOptions, "mayActivate">; byDefault: boolean } | { notRun: string };

export function explorationMode(options: RunOptions, target: { kind: TargetKind }): ExplorationMode {
  if (options.explore === false) return { notRun: "exploration off (--no-explore)" };
  if (options.explore !== undefined) return { explore: options.explore, byDefault: false };
  if (target.kind === "mock") return { notRun: "exploration not run: the mock holds no state" };
  if (!options.allowWrites)
    return { notRun: "exploration not run: a read-only run (with --allow-writes a run explores by default)" };
  return { explore: DEFAULT_EXPLORATION, byDefault: true };
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Scenarios at once, per target kind: Prism gains little past a few; a remote target is bounded by shared throttling. */
export const DEFAULT_CONCURRENCY: Readonly<Record<TargetKind, number>> = { mock: 4, reference: 8, url: 8 };
export const MAX_CONCURRENCY = 64;
export const DEFAULT_TIME_LIMIT_MS = 30 * 60_000;
export const DEFAULT_THROTTLE_BUDGET_MS = 5 * 60_000;

function checkInteger(value: number | undefined, fallback: number, min: number, max: number, what: string): number {
  const checked = value ?? fallback;
  if (!Number.isInteger(checked) || checked < min || checked > max)
    throw new ConfigError(`${what} must be an integer from ${min} to ${max} (got ${String(value)})`);
  return checked;
}

/** The options checked (ConfigError, exit 2, before anything starts): the level asked for and the timeout. */
export function validateRunOptions(options: RunOptions): { level: LevelOption | undefined; timeoutMs: number } {
  const level = options.level;
  if (level !== undefined && level !== "schema" && level !== "behavior" && level !== "all") {
    throw new ConfigError(`--level must be schema, behavior or all (got ${JSON.stringify(level)})`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    throw new ConfigError(`--timeout-ms must be an integer from 1 to 600000 (got ${String(options.timeoutMs)})`);
  }
  if (options.workloads !== undefined) parseWorkloads(options.workloads);
  for (const id of options.restorePoints ?? []) {
    if (typeof id !== "string" || id.trim() === "") throw new ConfigError("--restore-point needs a non-empty id");
  }
  if (options.concurrency !== undefined) checkInteger(options.concurrency, 1, 1, MAX_CONCURRENCY, "--concurrency");
  checkInteger(options.timeLimitMs, DEFAULT_TIME_LIMIT_MS, 1000, 24 * 3_600_000, "the time limit (ms)");
  checkInteger(options.throttleBudgetMs, DEFAULT_THROTTLE_BUDGET_MS, 0, 24 * 3_600_000, "the throttling budget (ms)");
  return { level, timeoutMs };
}
