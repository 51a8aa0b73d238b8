// The report of one run, as the run assembles it and every output (console, JSON, JUnit) reads it. It is defined
// here, below the run, so that the outputs depend on the report's shape and never on the run that fills it.
import type { ExplorationReport } from "../explore/exploration.ts";
import type { WorkloadName } from "../../src/contract/workloads.ts";
import type { Coverage, WorkloadCoverage } from "../runner/coverage.ts";
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
  /** The workload it ran in (absent for an exploration that did not run). */
  workload?: WorkloadName;
  description: string;
  level: Level;
  status: "passed" | "failed" | "skipped";
  /** For a skipped scenario: why. */
  reason?: string;
  durationMs: number;
  checks: CheckCounts;
}

/** Rows by status. `failed` and `advisories` count causes only; `consequences` the failed or advisory rows that
 *  follow a scenario's first failing step (runner/consequences.ts). */
export interface CheckCounts {
  passed: number;
  failed: number;
  advisories: number;
  skipped: number;
  consequences: number;
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
  /** `advisories`: failed assertions that rest only on the contract's own decisions (not counted in `failed`);
   *  `consequences`: failures after a scenario's first failing step, counted apart from `failed`. */
  summary: CheckCounts;
  results: CheckResult[];
  /** Whether contract decisions failed the run (--strict) or were advisories. */
  strict: boolean;
  /** Every source a row of the report names, by id: kind, title and link. */
  sources: Record<string, Omit<Source, "id">>;
  /** `startupMs`/`stopMs`: starting and stopping a server the run started (0 for a URL target's stop). */
  target: { name: string; kind: TargetKind; baseUrl: string; startupMs: number; stopMs: number };
  level: LevelOption;
  /** The workloads asked for, judged and not served; `byDefault`: no --workload, the target kind's default. */
  workloads: WorkloadCoverage & { byDefault: boolean };
  /** Grouped by workload, in registry order; the exploration last. */
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
  /** `signal`: the signal's name when one stopped it; `seen`: the answers that showed the target is not Graph. */
  stopped: { kind: StopReason["kind"]; reason: string; signal?: string; seen?: string[] } | undefined;
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

/** Whether the report shows more than Exchange, so that its outputs name each row's workload. */
export function namesWorkloads(report: Pick<RunReport, "workloads">): boolean {
  return report.workloads.judged.some((workload) => workload !== "exchange") || report.workloads.judged.length > 1;
}

/** A scenario as the outputs show it: its id, and its workload when the report shows more than Exchange. */
export function scenarioLabel(
  report: Pick<RunReport, "workloads">,
  row: { scenario: string; workload?: WorkloadName },
): string {
  return namesWorkloads(report) && row.workload !== undefined ? `${row.scenario} [${row.workload}]` : row.scenario;
}

/** Whether rows (or an outcome) of this scenario id came from the exploration: its own, or its shrunk failure's. */
export function isExplorationScenario(report: Pick<RunReport, "exploration">, scenario: string): boolean {
  return scenario === EXPLORATION_SCENARIO || scenario === report.exploration?.failure?.scenario;
}
