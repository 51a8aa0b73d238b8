// Runs the conformance suite (in-process, runConformance) against one server variant started in-process on a
// loopback port, and reduces the report to what the mutation table needs: passed, or which checks failed where.
import { runConformance } from "../run.ts";
import { startReferenceServer } from "../reference/server.ts";
import type { ServerVariant } from "./types.ts";

/** A token that exists only for these runs; the report is redacted of it anyway. */
const TOKEN = "mutation-run-token-3b7f0c2a";

export interface FailedCheck {
  scenario: string;
  step: string | null;
  check: string | null;
  message: string;
}

export interface VariantVerdict {
  id: string;
  /** `passed`: every check passed; `failed`: at least one failed; `error`: the run itself could not complete. */
  outcome: "passed" | "failed" | "error";
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
    });
    const failures = report.results
      .filter((result) => result.status === "failed")
      .map(({ scenario, step, check, message }) => ({ scenario, step, check, message }));
    return { id: variant.id, outcome: failures.length > 0 ? "failed" : "passed", checks: report.summary, failures, durationMs: elapsed() };
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
