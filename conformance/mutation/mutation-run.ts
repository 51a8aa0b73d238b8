// The mutation run: the suite against the reference, every conforming variant and every mutant, in parallel on
// worker threads (one per core by default, dispatched through p-limit), each variant's server started and
// stopped inside its run. Every row is classified: a mutant is KILLED or SURVIVED, a conforming variant (and the
// reference) PASS or FALSE FAILURE, and a run that could not complete is an ERROR.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import pLimit from "p-limit";
import type { ServerVariant, VariantKind } from "../mutants/server-variant.ts";
import type { FailedCheck, KilledBy, VariantVerdict, VerdictOptions } from "./variant-verdict.ts";

export type RowVerdict = "KILLED" | "SURVIVED" | "PASS" | "FALSE FAILURE" | "ERROR";

export interface MutationRow {
  id: string;
  kind: VariantKind;
  description: string;
  needs?: string;
  verdict: RowVerdict;
  /** For a failed run: the scenarios, the exploration, or both. */
  killedBy?: KilledBy;
  /** Failed only on the contract's own decisions (killed with --strict; advisories in a default run). */
  contractOnly?: boolean;
  /** The exploration's shrunk failure, when it found one. */
  exploration?: VariantVerdict["exploration"];
  /** Failed checks by name, with how many rows each failed. */
  failedChecks: Array<{ check: string; count: number }>;
  /** The first failed row (for the table) and all of them (for the JSON). */
  firstFailure?: FailedCheck;
  failures: FailedCheck[];
  checks: { passed: number; failed: number; skipped: number };
  /** The workloads its run judged, and those the variant does not serve. */
  workloads?: VariantVerdict["workloads"];
  error?: string;
  durationMs: number;
}

export interface MutationSummary {
  mutants: number;
  killed: number;
  survived: number;
  /** killed / mutants, 0..1. */
  killRate: number;
  conforming: number;
  falseFailures: number;
  referencePassed: boolean;
  errors: number;
  concurrency: number;
  durationMs: number;
  /** Mutants killed by the scenarios only, the exploration only, and both. */
  killedBy: Record<KilledBy, number>;
  /** Mutants that deviate only from the contract's own decisions (killed strictly, advisories by default). */
  contractOnly: number;
  /** True when every mutant was killed, every conforming variant and the reference passed, and nothing errored. */
  ok: boolean;
}

export interface MutationResult {
  summary: MutationSummary;
  rows: MutationRow[];
}

export interface MutationOptions extends VerdictOptions {
  /** Worker threads (default: os.availableParallelism()). */
  concurrency?: number;
  /** A variant whose run takes longer than this is stopped and reported as an error (default 60 s). */
  variantTimeoutMs?: number;
  onRow?: (row: MutationRow) => void;
}

const WORKER_URL = new URL(`./verdict-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

function classify(variant: ServerVariant, verdict: VariantVerdict): MutationRow {
  const counts = new Map<string, number>();
  for (const failure of verdict.failures)
    counts.set(failure.check ?? "scenario", (counts.get(failure.check ?? "scenario") ?? 0) + 1);
  const failed = verdict.outcome === "failed";
  const rowVerdict: RowVerdict =
    verdict.outcome === "error"
      ? "ERROR"
      : variant.kind === "mutant"
        ? failed
          ? "KILLED"
          : "SURVIVED"
        : failed
          ? "FALSE FAILURE"
          : "PASS";
  return {
    id: variant.id,
    kind: variant.kind,
    description: variant.description,
    ...(variant.needs === undefined ? {} : { needs: variant.needs }),
    verdict: rowVerdict,
    ...(verdict.killedBy === undefined ? {} : { killedBy: verdict.killedBy }),
    ...(verdict.contractOnly ? { contractOnly: true } : {}),
    ...(verdict.exploration === undefined ? {} : { exploration: verdict.exploration }),
    failedChecks: [...counts]
      .map(([check, count]) => ({ check, count }))
      .sort((a, b) => b.count - a.count || a.check.localeCompare(b.check)),
    ...(verdict.failures[0] ? { firstFailure: verdict.failures[0] } : {}),
    failures: verdict.failures,
    checks: verdict.checks,
    ...(verdict.workloads === undefined ? {} : { workloads: verdict.workloads }),
    ...(verdict.error === undefined ? {} : { error: verdict.error }),
    durationMs: verdict.durationMs,
  };
}

/** A worker that answers one request at a time; a crash or timeout rejects the request and retires the worker. */
class VerdictWorker {
  #worker = new Worker(WORKER_URL);
  retired = false;

  constructor() {
    this.#worker.unref();
  }

  ask(variant: ServerVariant, options: VerdictOptions, timeoutMs: number): Promise<VariantVerdict> {
    return new Promise((resolve, reject) => {
      const worker = this.#worker;
      const done = () => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      const onMessage = (verdict: VariantVerdict) => {
        done();
        resolve(verdict);
      };
      const onError = (error: Error) => {
        done();
        this.retired = true;
        reject(new Error(`the worker failed: ${error.message}`));
      };
      const onExit = (code: number) => {
        done();
        this.retired = true;
        reject(new Error(`the worker exited (code ${code})`));
      };
      const timer = setTimeout(() => {
        done();
        this.retired = true;
        void worker.terminate();
        reject(new Error(`no verdict within ${timeoutMs} ms; the run was stopped`));
      }, timeoutMs);
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage({ id: variant.id, options });
    });
  }

  terminate(): Promise<number> {
    return this.#worker.terminate();
  }
}

export async function runMutation(
  variants: readonly ServerVariant[],
  options: MutationOptions = {},
): Promise<MutationResult> {
  const started = performance.now();
  const concurrency = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), variants.length));
  const verdictOptions: VerdictOptions = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.grep === undefined ? {} : { grep: options.grep }),
    ...(options.scenarioConcurrency === undefined ? {} : { scenarioConcurrency: options.scenarioConcurrency }),
    ...(options.explore === undefined ? {} : { explore: options.explore }),
  };
  const idle: VerdictWorker[] = Array.from({ length: concurrency }, () => new VerdictWorker());
  const all = [...idle];
  const limit = pLimit(concurrency);
  try {
    const rows = await Promise.all(
      variants.map((variant) =>
        limit(async () => {
          const worker = idle.pop() ?? new VerdictWorker();
          const variantStarted = performance.now();
          let verdict: VariantVerdict;
          try {
            verdict = await worker.ask(variant, verdictOptions, options.variantTimeoutMs ?? 60_000);
          } catch (error) {
            verdict = {
              id: variant.id,
              outcome: "error",
              checks: { passed: 0, failed: 0, skipped: 0 },
              failures: [],
              error: (error as Error).message,
              durationMs: Math.round(performance.now() - variantStarted),
            };
          }
          if (worker.retired) {
            const replacement = new VerdictWorker();
            all.push(replacement);
            idle.push(replacement);
          } else {
            idle.push(worker);
          }
          const row = classify(variant, verdict);
          options.onRow?.(row);
          return row;
        }),
      ),
    );
    const mutants = rows.filter((row) => row.kind === "mutant");
    const killed = mutants.filter((row) => row.verdict === "KILLED").length;
    const conforming = rows.filter((row) => row.kind === "conforming");
    const falseFailures = conforming.filter((row) => row.verdict === "FALSE FAILURE").length;
    const reference = rows.find((row) => row.kind === "reference");
    const errors = rows.filter((row) => row.verdict === "ERROR").length;
    const referencePassed = reference === undefined || reference.verdict === "PASS";
    const summary: MutationSummary = {
      mutants: mutants.length,
      killed,
      survived: mutants.filter((row) => row.verdict === "SURVIVED").length,
      killRate: mutants.length === 0 ? 1 : killed / mutants.length,
      conforming: conforming.length,
      falseFailures,
      referencePassed,
      errors,
      concurrency,
      durationMs: Math.round(performance.now() - started),
      killedBy: {
        scenarios: mutants.filter((row) => row.killedBy === "scenarios").length,
        exploration: mutants.filter((row) => row.killedBy === "exploration").length,
        both: mutants.filter((row) => row.killedBy === "both").length,
      },
      contractOnly: mutants.filter((row) => row.verdict === "KILLED" && row.contractOnly).length,
      ok: killed === mutants.length && falseFailures === 0 && referencePassed && errors === 0,
    };
    return { summary, rows };
  } finally {
    await Promise.all(all.map((worker) => worker.terminate()));
  }
}
