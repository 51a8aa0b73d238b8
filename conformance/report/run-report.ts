// The report of one run, as the run assembles it and every output (console, JSON, JUnit) reads it. It is defined
// here, below the run, so that the outputs depend on the report's shape and never on the run that fills it.
import type { ExplorationReport } from "../explore/exploration.ts";
import type { Coverage } from "../runner/coverage.ts";
import type { ExpectedFailure } from "../runner/known-deviations.ts";
import type { ThrottleRecord } from "../runner/run-environment.ts";
import type { StopReason } from "../runner/run-stop.ts";
import type { PossiblyCreated } from "../runner/session-tracker.ts";
import type { TargetKind } from "../targets/index.ts";
import type { ThrottleStats } from "../transport/shared-throttle.ts";
import { type CheckResult, EXPLORATION_SCENARIO } from "../vocabulary/check-result.ts";
import type { Redact } from "../vocabulary/redaction.ts";
import type { Level, LevelOption } from "../vocabulary/scenario.ts";
import type { Source } from "../vocabulary/source-registry.ts";

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

/** A documented reading the server took, and where (`scenario › step`). */
export interface ReadingSummary {
  /** `<question id>/<reading id>` of conformance/readings.yaml. */
  id: string;
  question: string;
  reading: string;
  where: string[];
}

export interface RunReport {
  /** The run's seed (the exploration's): the same seed explores the same sequences again (--seed). */
  seed: number;
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
  /** The generative exploration, when the run explored (by default with writes allowed, or --explore). */
  exploration?: ExplorationReport;
  /** The run's redaction, for anything the caller prints besides the report. */
  redact: Redact;
}

/** Whether rows (or an outcome) of this scenario id came from the exploration: its own, or its shrunk failure's. */
export function isExplorationScenario(report: Pick<RunReport, "exploration">, scenario: string): boolean {
  return scenario === EXPLORATION_SCENARIO || scenario === report.exploration?.failure?.scenario;
}
