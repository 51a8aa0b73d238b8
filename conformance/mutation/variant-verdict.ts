// Runs the conformance suite (in-process, runConformance) against one server variant started in-process on a
// loopback port, as a user's default run would (writes and activation allowed, advisories not failures, the default
// exploration unless the options name another), and reduces the report to what the mutation table needs: passed,
// caught only by advisories (a --strict run would fail it), or which checks failed where.
import { runConformance } from "../run.ts";
import type { ExplorationFailure } from "../explore/exploration.ts";
import { startReferenceServer } from "../reference/server.ts";
import { isExplorationScenario, type RunReport } from "../report/run-report.ts";
import { DEFAULT_EXPLORATION } from "../run/run-options.ts";
import { judgedWorkloads, type ServerVariant } from "../mutants/server-variant.ts";

/** A token that exists only for these runs; the report is redacted of it anyway. */
const TOKEN = "mutation-run-token-3b7f0c2a";

export interface FailedCheck {
  scenario: string;
  step: string | null;
  check: string | null;
  message: string;
  /** Where the broken assertion comes from (an id of conformance/sources.yaml), when it names one. */
  source: string | null;
}

/** Which layer of the suite failed a server: the hand-written scenarios, the exploration, or both. */
export type KilledBy = "scenarios" | "exploration" | "both";

export interface VariantVerdict {
  id: string;
  /** The exploration seed of the run. */
  seed: number;
  /**
   * `passed`: nothing failed and no advisory; `advisory`: nothing failed, but advisories (a --strict run fails);
   * `failed`: at least one check failed; `error`: the run itself could not complete.
   */
  outcome: "passed" | "advisory" | "failed" | "error";
  /** Which layer failed it (or, for `advisory`, which layer's advisories caught it). */
  killedBy?: KilledBy;
  /** The failure (or advisory) layer the scenarios alone found: what a --no-explore run would see. */
  byScenarios: "failed" | "advisory" | "passed";
  /** The exploration's shrunk failure (its scenario file included), when it found one. */
  exploration?: Pick<ExplorationFailure, "scenario" | "yaml" | "originalSteps" | "shrunkSteps" | "sources">;
  checks: { passed: number; failed: number; skipped: number; advisories: number };
  failures: FailedCheck[];
  /** The advisory rows (at most a few), when nothing failed. */
  advisories: FailedCheck[];
  /** The workloads the run judged, and those the variant does not serve. */
  workloads?: { judged: string[]; notServed: string[] };
  /** For `error`: why. */
  error?: string;
  durationMs: number;
}

export interface VerdictOptions {
  /** Per-request timeout of the run (default 5000 ms). */
  timeoutMs?: number;
  /** Only scenarios matching this pattern (default: all). */
  grep?: string;
  /**
   * Scenarios at once within the run (default 1). The variants already run in parallel on worker threads, and a
   * variant's server shares its thread with the runner, so more adds no CPU; at 1, a mutant that reaches across
   * sessions (DELETE taking a neighbour) fails in the scenario built to catch it, not in whichever ran alongside.
   */
  scenarioConcurrency?: number;
  /** The exploration: `default` (the budget a user's run with --allow-writes explores with), a budget of its own,
   *  or `false` (scenarios only). */
  explore?: "default" | { runs: number; maxSeconds?: number; activations?: number } | false;
  /** The exploration's seed, the same for every variant. */
  seed?: number;
  /** Sequences replayed while shrinking a failure (default 10: the table needs the kill, not the shortest sequence). */
  maxShrinks?: number;
}

/** The seed of `npm run mutation` (and of a verdict without one). */
export const MUTATION_SEED = 3;

function layerOf(rows: readonly FailedCheck[], report: Pick<RunReport, "exploration">): KilledBy | undefined {
  const byExploration = rows.some((row) => isExplorationScenario(report, row.scenario));
  const byScenarios = rows.some((row) => !isExplorationScenario(report, row.scenario));
  if (byExploration && byScenarios) return "both";
  if (byExploration) return "exploration";
  return byScenarios ? "scenarios" : undefined;
}

function rowsOf(report: RunReport, status: "failed" | "advisory"): FailedCheck[] {
  return report.results
    .filter((result) => result.status === status)
    .map(({ scenario, step, check, message, source }) => ({ scenario, step, check, message, source }));
}

/** The verdict of a variant whose run could not complete. */
export function errorVerdict(id: string, seed: number, error: unknown, durationMs: number): VariantVerdict {
  return {
    id,
    seed,
    outcome: "error",
    byScenarios: "passed",
    checks: { passed: 0, failed: 0, skipped: 0, advisories: 0 },
    failures: [],
    advisories: [],
    error: (error as Error).message,
    durationMs,
  };
}

export async function verdictFor(variant: ServerVariant, options: VerdictOptions = {}): Promise<VariantVerdict> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const seed = options.seed ?? MUTATION_SEED;
  const explore = options.explore ?? "default";
  let server: Awaited<ReturnType<typeof startReferenceServer>> | undefined;
  try {
    server = await startReferenceServer({ behavior: variant.behavior });
    const report = await runConformance({
      target: server.baseUrl,
      token: TOKEN,
      env: {},
      allowWrites: true,
      allowActivate: true,
      // A user's default run: a deviation from the contract's own decisions is an advisory, and the table says so.
      strict: false,
      level: "all",
      // A mutant of the first catalogue is judged as its run always was (a URL run judges Exchange, no probe).
      ...(variant.workloads === undefined && variant.kind === "mutant" ? {} : { workloads: judgedWorkloads(variant) }),
      seed,
      timeoutMs: options.timeoutMs ?? 5000,
      ...(options.grep === undefined ? {} : { grep: options.grep }),
      concurrency: options.scenarioConcurrency ?? 1,
      explore:
        explore === false
          ? false
          : { ...(explore === "default" ? DEFAULT_EXPLORATION : explore), maxShrinks: options.maxShrinks ?? 10 },
    });
    const failures = rowsOf(report, "failed");
    const advisories = rowsOf(report, "advisory");
    const caught = failures.length > 0 ? failures : advisories;
    const by = layerOf(caught, report);
    const scenarioRows = (rows: readonly FailedCheck[]) =>
      rows.some((row) => !isExplorationScenario(report, row.scenario));
    const found = report.exploration?.failure;
    return {
      id: variant.id,
      seed,
      outcome: failures.length > 0 ? "failed" : advisories.length > 0 ? "advisory" : "passed",
      ...(by ? { killedBy: by } : {}),
      byScenarios: scenarioRows(failures) ? "failed" : scenarioRows(advisories) ? "advisory" : "passed",
      ...(found
        ? {
            exploration: {
              scenario: found.scenario,
              yaml: found.yaml,
              originalSteps: found.originalSteps,
              shrunkSteps: found.shrunkSteps,
              sources: found.sources,
            },
          }
        : {}),
      checks: report.summary,
      failures,
      advisories: failures.length > 0 ? [] : advisories.slice(0, 20),
      workloads: {
        judged: report.workloads.judged,
        notServed: report.workloads.notServed.map((entry) => entry.workload),
      },
      durationMs: elapsed(),
    };
  } catch (error) {
    return errorVerdict(variant.id, seed, error, elapsed());
  } finally {
    await server?.close();
  }
}
