// The mutation run: the suite against the reference, every conforming variant and every mutant, in parallel on
// worker threads (one per core by default, dispatched through p-limit), each variant's server started and
// stopped inside its run, once per exploration seed. Every row is classified by its worst seed: a mutant is KILLED
// (a check failed in a default run), ADVISORY (only advisories caught it: killed by --strict alone) or SURVIVED, a
// conforming variant (and the reference) PASS (advisories allowed) or FALSE FAILURE, and a run that could not
// complete is an ERROR.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import pLimit from "p-limit";
import type { ServerVariant, VariantKind } from "../mutants/server-variant.ts";
import {
  errorVerdict,
  type FailedCheck,
  type KilledBy,
  MUTATION_SEED,
  type VariantVerdict,
  type VerdictOptions,
} from "./variant-verdict.ts";

export type RowVerdict = "KILLED" | "ADVISORY" | "SURVIVED" | "PASS" | "FALSE FAILURE" | "ERROR";

export interface MutationRow {
  id: string;
  kind: VariantKind;
  description: string;
  needs?: string;
  verdict: RowVerdict;
  /** For a mutant caught: the scenarios, the exploration, or both (for ADVISORY: whose advisories caught it). */
  killedBy?: KilledBy;
  /** What the scenarios alone did to it (a --no-explore run). */
  byScenarios: VariantVerdict["byScenarios"];
  /** The verdict at each exploration seed, when the run explored with several. */
  seeds?: Array<{ seed: number; verdict: RowVerdict }>;
  /** The exploration's shrunk failure, when it found one. */
  exploration?: VariantVerdict["exploration"];
  /** Failed checks by name, with how many rows each failed. */
  failedChecks: Array<{ check: string; count: number }>;
  /** The first failed row (for the table) and all of them (for the JSON). */
  firstFailure?: FailedCheck;
  failures: FailedCheck[];
  /** The advisories that caught an ADVISORY mutant (or that a passing variant got), a few. */
  advisories: FailedCheck[];
  checks: VariantVerdict["checks"];
  /** The workloads its run judged, and those the variant does not serve. */
  workloads?: VariantVerdict["workloads"];
  error?: string;
  durationMs: number;
}

export interface MutationSummary {
  mutants: number;
  /** Killed by a failure in a default run (worst seed). */
  killed: number;
  /** Caught only by advisories: a --strict run kills them, a default one reports them. */
  advisoryOnly: number;
  survived: number;
  /** killed / mutants, 0..1: the default run's kill rate. */
  killRate: number;
  /** (killed + advisoryOnly) / mutants: the kill rate of a --strict run. */
  strictKillRate: number;
  /** Mutants a failing scenario row kills (the scenarios alone, --no-explore), / mutants. */
  scenarioKillRate: number;
  /** The exploration seeds every variant ran with (the verdict is the worst of them). */
  seeds: number[];
  conforming: number;
  falseFailures: number;
  referencePassed: boolean;
  errors: number;
  concurrency: number;
  durationMs: number;
  /** Mutants killed (or caught by advisories) by the scenarios only, the exploration only, and both. */
  killedBy: Record<KilledBy, number>;
  /** True when every mutant was killed or caught by an advisory, every conforming variant and the reference passed,
   *  and nothing errored. */
  ok: boolean;
}

export interface MutationResult {
  summary: MutationSummary;
  rows: MutationRow[];
}

export interface MutationOptions extends Omit<VerdictOptions, "seed"> {
  /** Exploration seeds: each variant runs once per seed (default: one, MUTATION_SEED). */
  seeds?: readonly number[];
  /** Worker threads (default: os.availableParallelism()). */
  concurrency?: number;
  /** A variant whose run takes longer than this is stopped and reported as an error (default 60 s). */
  variantTimeoutMs?: number;
  onRow?: (row: MutationRow) => void;
}

const WORKER_URL = new URL(`./verdict-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

const MUTANT_ORDER: Record<RowVerdict, number> = {
  ERROR: 0,
  SURVIVED: 1,
  ADVISORY: 2,
  KILLED: 3,
  "FALSE FAILURE": 0,
  PASS: 1,
};

function rowVerdict(variant: ServerVariant, verdict: VariantVerdict): RowVerdict {
  if (verdict.outcome === "error") return "ERROR";
  if (variant.kind !== "mutant") return verdict.outcome === "failed" ? "FALSE FAILURE" : "PASS";
  return verdict.outcome === "failed" ? "KILLED" : verdict.outcome === "advisory" ? "ADVISORY" : "SURVIVED";
}

/** One row from a variant's runs (one per seed): the worst seed decides, and its run fills the row. */
function classify(variant: ServerVariant, verdicts: readonly VariantVerdict[]): MutationRow {
  const graded = verdicts.map((verdict) => ({ verdict, row: rowVerdict(variant, verdict) }));
  const worst = graded.reduce((a, b) => (MUTANT_ORDER[b.row] < MUTANT_ORDER[a.row] ? b : a));
  const verdict = worst.verdict;
  const rows = verdict.failures.length > 0 ? verdict.failures : verdict.advisories;
  const counts = new Map<string, number>();
  for (const failure of rows)
    counts.set(failure.check ?? "scenario", (counts.get(failure.check ?? "scenario") ?? 0) + 1);
  const caught = worst.row === "KILLED" || worst.row === "ADVISORY";
  return {
    id: variant.id,
    kind: variant.kind,
    description: variant.description,
    ...(variant.needs === undefined ? {} : { needs: variant.needs }),
    verdict: worst.row,
    ...(caught && verdict.killedBy !== undefined ? { killedBy: verdict.killedBy } : {}),
    byScenarios: verdict.byScenarios,
    ...(verdicts.length > 1
      ? { seeds: graded.map((entry) => ({ seed: entry.verdict.seed, verdict: entry.row })) }
      : {}),
    ...(verdict.exploration === undefined ? {} : { exploration: verdict.exploration }),
    failedChecks:
      worst.row === "PASS" || worst.row === "SURVIVED"
        ? []
        : [...counts]
            .map(([check, count]) => ({ check, count }))
            .sort((a, b) => b.count - a.count || a.check.localeCompare(b.check)),
    ...(rows[0] && worst.row !== "PASS" && worst.row !== "SURVIVED" ? { firstFailure: rows[0] } : {}),
    failures: verdict.failures,
    advisories: verdict.advisories,
    checks: verdict.checks,
    ...(verdict.workloads === undefined ? {} : { workloads: verdict.workloads }),
    ...(verdict.error === undefined ? {} : { error: verdict.error }),
    durationMs: verdicts.reduce((sum, entry) => sum + entry.durationMs, 0),
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
  const seeds = options.seeds?.length ? [...options.seeds] : [MUTATION_SEED];
  const jobs = variants.flatMap((variant) => seeds.map((seed) => ({ variant, seed })));
  const concurrency = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), jobs.length));
  const verdictOptions: Omit<VerdictOptions, "seed"> = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.grep === undefined ? {} : { grep: options.grep }),
    ...(options.scenarioConcurrency === undefined ? {} : { scenarioConcurrency: options.scenarioConcurrency }),
    ...(options.explore === undefined ? {} : { explore: options.explore }),
    ...(options.maxShrinks === undefined ? {} : { maxShrinks: options.maxShrinks }),
  };
  const idle: VerdictWorker[] = Array.from({ length: concurrency }, () => new VerdictWorker());
  const all = [...idle];
  const limit = pLimit(concurrency);
  const verdicts = new Map<string, VariantVerdict[]>();
  const remaining = new Map(variants.map((variant) => [variant.id, seeds.length]));
  const rows: MutationRow[] = [];
  try {
    await Promise.all(
      jobs.map(({ variant, seed }) =>
        limit(async () => {
          const worker = idle.pop() ?? new VerdictWorker();
          const variantStarted = performance.now();
          let verdict: VariantVerdict;
          try {
            verdict = await worker.ask(variant, { ...verdictOptions, seed }, options.variantTimeoutMs ?? 120_000);
          } catch (error) {
            verdict = errorVerdict(variant.id, seed, error, Math.round(performance.now() - variantStarted));
          }
          if (worker.retired) {
            const replacement = new VerdictWorker();
            all.push(replacement);
            idle.push(replacement);
          } else {
            idle.push(worker);
          }
          verdicts.set(variant.id, [...(verdicts.get(variant.id) ?? []), verdict]);
          const left = (remaining.get(variant.id) ?? 1) - 1;
          remaining.set(variant.id, left);
          if (left === 0) {
            const byOrder = (verdicts.get(variant.id) ?? []).sort(
              (a, b) => seeds.indexOf(a.seed) - seeds.indexOf(b.seed),
            );
            const row = classify(variant, byOrder);
            rows.push(row);
            options.onRow?.(row);
          }
        }),
      ),
    );
    const ordered = variants.map((variant) => rows.find((row) => row.id === variant.id) as MutationRow);
    return { summary: summarize(ordered, seeds, concurrency, performance.now() - started), rows: ordered };
  } finally {
    await Promise.all(all.map((worker) => worker.terminate()));
  }
}

function summarize(
  rows: readonly MutationRow[],
  seeds: number[],
  concurrency: number,
  durationMs: number,
): MutationSummary {
  const mutants = rows.filter((row) => row.kind === "mutant");
  const killed = mutants.filter((row) => row.verdict === "KILLED").length;
  const advisoryOnly = mutants.filter((row) => row.verdict === "ADVISORY").length;
  const conforming = rows.filter((row) => row.kind === "conforming");
  const falseFailures = conforming.filter((row) => row.verdict === "FALSE FAILURE").length;
  const reference = rows.find((row) => row.kind === "reference");
  const errors = rows.filter((row) => row.verdict === "ERROR").length;
  const referencePassed = reference === undefined || reference.verdict === "PASS";
  const rate = (count: number) => (mutants.length === 0 ? 1 : count / mutants.length);
  const caught = mutants.filter((row) => row.verdict === "KILLED" || row.verdict === "ADVISORY");
  return {
    mutants: mutants.length,
    killed,
    advisoryOnly,
    survived: mutants.filter((row) => row.verdict === "SURVIVED").length,
    killRate: rate(killed),
    strictKillRate: rate(killed + advisoryOnly),
    scenarioKillRate: rate(mutants.filter((row) => row.byScenarios === "failed").length),
    seeds,
    conforming: conforming.length,
    falseFailures,
    referencePassed,
    errors,
    concurrency,
    durationMs: Math.round(durationMs),
    killedBy: {
      scenarios: caught.filter((row) => row.killedBy === "scenarios").length,
      exploration: caught.filter((row) => row.killedBy === "exploration").length,
      both: caught.filter((row) => row.killedBy === "both").length,
    },
    ok: killed + advisoryOnly === mutants.length && falseFailures === 0 && referencePassed && errors === 0,
  };
}
