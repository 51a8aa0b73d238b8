// Runs the conformance suite (in-process, runConformance) against one server variant started in-process on a
// loopback port, and reduces the report to what the mutation table needs: passed, or which checks failed where.
import { runConformance } from "../run.ts";
import type { ExplorationFailure } from "../explore/exploration.ts";
import { startReferenceServer } from "../reference/server.ts";
import { isExplorationScenario, type RunReport } from "../report/run-report.ts";
import { isAdvisorySource } from "../vocabulary/source-registry.ts";
import type { ServerVariant } from "../mutants/server-variant.ts";

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
  /** `passed`: every check passed; `failed`: at least one failed; `error`: the run itself could not complete. */
  outcome: "passed" | "failed" | "error";
  killedBy?: KilledBy;
  /** Every failure rests on the contract's own decisions: a default (not --strict) run reports them as advisories. */
  contractOnly?: boolean;
  /** The exploration's shrunk failure (its scenario file included), when it found one. */
  exploration?: Pick<ExplorationFailure, "scenario" | "yaml" | "originalSteps" | "shrunkSteps" | "sources">;
  checks: { passed: number; failed: number; skipped: number };
  failures: FailedCheck[];
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
  /** Exploration after the scenarios, the same seed and budget for every variant (default: none). */
  explore?: { runs: number; seed: number; maxSeconds?: number; maxShrinks?: number };
}

function killedBy(failures: readonly FailedCheck[], report: Pick<RunReport, "exploration">): KilledBy | undefined {
  const byExploration = failures.some((failure) => isExplorationScenario(report, failure.scenario));
  const byScenarios = failures.some((failure) => !isExplorationScenario(report, failure.scenario));
  if (byExploration && byScenarios) return "both";
  if (byExploration) return "exploration";
  return byScenarios ? "scenarios" : undefined;
}

export async function verdictFor(variant: ServerVariant, options: VerdictOptions = {}): Promise<VariantVerdict> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let server: Awaited<ReturnType<typeof startReferenceServer>> | undefined;
  try {
    server = await startReferenceServer({ behavior: variant.behavior });
    const report = await runConformance({
      target: server.baseUrl,
      token: TOKEN,
      env: {},
      allowWrites: true,
      allowActivate: true,
      // Our own catalogue is judged strictly: a mutant of a contract decision must be caught too.
      strict: true,
      level: "all",
      timeoutMs: options.timeoutMs ?? 5000,
      ...(options.grep === undefined ? {} : { grep: options.grep }),
      concurrency: options.scenarioConcurrency ?? 1,
      ...(options.explore
        ? {
            explore: {
              runs: options.explore.runs,
              seed: options.explore.seed,
              maxSeconds: options.explore.maxSeconds ?? 60,
              maxShrinks: options.explore.maxShrinks ?? 10,
            },
          }
        : { explore: false }),
    });
    const failures = report.results
      .filter((result) => result.status === "failed")
      .map(({ scenario, step, check, message, source }) => ({ scenario, step, check, message, source }));
    const contractOnly =
      failures.length > 0 && failures.every((failure) => failure.source !== null && isAdvisorySource(failure.source));
    const by = killedBy(failures, report);
    const found = report.exploration?.failure;
    return {
      id: variant.id,
      outcome: failures.length > 0 ? "failed" : "passed",
      ...(by ? { killedBy: by } : {}),
      ...(contractOnly ? { contractOnly } : {}),
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
      durationMs: elapsed(),
    };
  } catch (error) {
    return {
      id: variant.id,
      outcome: "error",
      checks: { passed: 0, failed: 0, skipped: 0 },
      failures: [],
      error: (error as Error).message,
      durationMs: elapsed(),
    };
  } finally {
    await server?.close();
  }
}
