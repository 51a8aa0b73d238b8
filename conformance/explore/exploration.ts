// Generative conformance: fast-check generates operation sequences over one to three sessions (fc.commands), runs
// each against the target and the model (fc.asyncModelRun), and on a failure shrinks it to the shortest failing
// sequence, printed as a scenario. The budget is split into independently seeded parts (exploration-part.ts) that
// run in the run's pool beside the scenarios: for a seed, the parts and what each finds are the same at any
// concurrency, and the report names the failure of the first failing part. Bounded by sequences, requests and
// time; every session a sequence creates is deleted when the sequence ends, whatever happened.
import { runOrdered } from "../runner/ordered-pool.ts";
import type { RunEnvironment } from "../runner/run-environment.ts";
import { type CheckResult, EXPLORATION_SCENARIO, MODEL_CHECK, skippedRow } from "../vocabulary/check-result.ts";
import { sourcesOf } from "./assertion-sources.ts";
import { ExplorationBudget, type PartResult, runPart } from "./exploration-part.ts";
import { ModelViolation } from "./sequence.ts";
import { shrunkScenario } from "./shrunk-scenario.ts";
import { noRedaction, type Redact } from "../vocabulary/redaction.ts";
import { wireNames } from "../../src/contract/wire-names.ts";
import type { WorkloadName } from "../../src/contract/workloads.ts";

export const EXPLORE_DEFAULTS = {
  runs: 50,
  maxCommands: 25,
  maxRequests: 20_000,
  maxSeconds: 120,
  maxShrinks: 300,
  /** Independently seeded parts the sequences are split into (fewer when there are fewer sequences): more than a
   *  run's usual concurrency, so that the pool stays full while the longest parts finish. */
  parts: 16,
} as const;

export interface ExploreOptions {
  /** Sequences to generate (fast-check numRuns). */
  runs?: number;
  /** fast-check seed; a random one (reported) when absent. */
  seed?: number;
  /** Commands per sequence at most. */
  maxCommands?: number;
  /** Requests for the whole exploration, shrinking included (cleanup deletes always go out). */
  maxRequests?: number;
  maxSeconds?: number;
  /** Sequences replayed while shrinking a failure at most. */
  maxShrinks?: number;
  /** Whether activate may be sent (the target is a server the run started, or --allow-activate). */
  mayActivate: boolean;
  /** Activations in all (each a real restore on a tenant; default: unbounded on a server the run started). */
  activations?: number;
  /** Independently seeded parts (default EXPLORE_DEFAULTS.parts); the same seed and parts find the same failures. */
  parts?: number;
}

export interface ExplorationFailure {
  /** The id of the printed scenario, and of the report rows of the failing step. */
  scenario: string;
  /** The workload the failing part explored. */
  workload: WorkloadName;
  yaml: string;
  /** The step that failed, and which checks. */
  step: string;
  failures: CheckResult[];
  /** Where the rules the failing step asserts come from (conformance/sources.yaml ids). */
  sources: string[];
  /** Steps of the first failing sequence found, and of the shrunk one. */
  originalSteps: number;
  shrunkSteps: number;
  shrinks: number;
  /** Milliseconds from the exploration's start until the first failing sequence failed (shrinking not included). */
  firstFailureMs: number;
  /** fast-check's replay path (with the seed, `fc.check(…, { seed, path })` replays the counterexample). */
  replayPath: string | null;
}

export interface ExplorationReport {
  status: "passed" | "failed" | "skipped";
  /** For skipped: why. */
  reason?: string;
  seed: number;
  runs: number;
  maxCommands: number;
  /** The workloads explored, each by its share of the parts (in turn, in the order the run judges them). */
  workloads: WorkloadName[];
  /** Sequences generated and run to their end or their failure (shrinking not counted). */
  sequences: number;
  steps: number;
  requests: number;
  /** Sessions the exploration could not delete (activated ones), by id. */
  leftBehind: string[];
  /** Independently seeded parts the sequences were split into. */
  parts: number;
  /** Activations the exploration was allowed (each a real restore on a tenant), and sent. */
  activations: { allowed: number | null; sent: number };
  /** Sequences the run's stop cut short (no verdict). */
  interrupted: number;
  /** Why the exploration stopped before `runs` sequences: the request or time budget, or an interrupt. */
  stoppedBy?: "requests" | "time" | "interrupt";
  /** Steps sent outside shrinking, by kind (e.g. patch: 120, rejected: 14 for requests made invalid). */
  stepsByKind: Record<string, number>;
  /** The same steps by operationId (what the run's coverage counts). */
  stepsByOperation: Record<string, number>;
  durationMs: number;
  failure?: ExplorationFailure;
}

export interface ExplorationResult {
  rows: CheckResult[];
  report: ExplorationReport;
}

/** Why exploration cannot run against a target, or undefined when it can. */
export function explorationBlocked(
  target: { stateful: boolean; guarded: boolean },
  allowWrites: boolean,
): string | undefined {
  if (!target.stateful)
    return "exploration needs a stateful target (the mock holds no state): use --target reference or a URL";
  if (target.guarded && !allowWrites)
    return "exploration creates, changes and deletes sessions; pass --allow-writes to run it against a URL";
  return undefined;
}

export function skippedExploration(
  reason: string,
  options: Pick<ExploreOptions, "runs" | "seed" | "maxCommands" | "activations">,
): ExplorationResult {
  return {
    rows: [skippedRow(EXPLORATION_SCENARIO, reason)],
    report: {
      status: "skipped",
      reason,
      seed: options.seed ?? 0,
      runs: options.runs ?? EXPLORE_DEFAULTS.runs,
      maxCommands: options.maxCommands ?? EXPLORE_DEFAULTS.maxCommands,
      workloads: [],
      sequences: 0,
      steps: 0,
      requests: 0,
      leftBehind: [],
      parts: 0,
      activations: { allowed: options.activations ?? null, sent: 0 },
      interrupted: 0,
      stepsByKind: {},
      stepsByOperation: {},
      durationMs: 0,
    },
  };
}

function firstLine(failures: readonly CheckResult[]): string {
  const first = failures[0];
  return first ? `${first.step ?? "-"}: ${first.check ?? "step"}: ${first.message}` : "a step failed";
}

/** The seed of part `index`: the run's seed for the first part, a mix of both for the others. */
export function partSeed(seed: number, index: number): number {
  if (index === 0) return seed;
  let mixed = (seed ^ Math.imul(index, 0x9e3779b1)) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35) >>> 0;
  return (mixed ^ (mixed >>> 16)) & 0x7fffffff;
}

/** An exploration split into parts for the run's pool, and how their results become one report. */
export interface ExplorationPlan {
  seed: number;
  /** Each part, run once (in any order, at any concurrency). */
  parts: Array<() => Promise<PartResult>>;
  conclude(results: readonly PartResult[]): ExplorationResult;
}

/**
 * Splits the exploration into independently seeded parts; nothing is sent until a part runs. With several
 * environments (one per workload), part `i` explores the workload of `envs[i % envs.length]`.
 */
export function planExploration(
  environments: RunEnvironment | readonly RunEnvironment[],
  options: ExploreOptions,
): ExplorationPlan {
  const envs: readonly RunEnvironment[] = Array.isArray(environments) ? environments : [environments];
  const env = envs[0] as RunEnvironment;
  const started = performance.now();
  const runs = options.runs ?? EXPLORE_DEFAULTS.runs;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const maxCommands = options.maxCommands ?? EXPLORE_DEFAULTS.maxCommands;
  const maxShrinks = options.maxShrinks ?? EXPLORE_DEFAULTS.maxShrinks;
  const count = Math.max(1, Math.min(runs, options.parts ?? EXPLORE_DEFAULTS.parts));
  const budget = new ExplorationBudget(
    env,
    options.maxRequests ?? EXPLORE_DEFAULTS.maxRequests,
    started + (options.maxSeconds ?? EXPLORE_DEFAULTS.maxSeconds) * 1000,
  );
  const allowed = options.mayActivate ? (options.activations ?? Number.POSITIVE_INFINITY) : 0;
  // The lowest part that failed so far: a later part's failure would never be reported, so it stops.
  let firstFailed = Number.POSITIVE_INFINITY;
  const parts = Array.from({ length: count }, (_, index) => async () => {
    const partEnv = envs[index % envs.length] as RunEnvironment;
    const result = await runPart(partEnv, budget, {
      index,
      parts: count,
      seed: partSeed(seed, index),
      runs: Math.floor(runs / count) + (index < runs % count ? 1 : 0),
      maxCommands,
      maxShrinks,
      // Activations go to the first parts, one each in turn, so that a part's budget never depends on the others.
      activations: Math.floor(allowed / count) + (index < allowed % count ? 1 : 0),
      superseded: () => firstFailed < index,
      names: wireNames(partEnv.workload.name),
    });
    if (result.failure) firstFailed = Math.min(firstFailed, index);
    return result;
  });
  return {
    seed,
    parts,
    conclude: (results) =>
      concludeExploration(results, {
        seed,
        runs,
        maxCommands,
        workloads: envs.slice(0, count).map((partEnv) => partEnv.workload.name),
        allowed: options.mayActivate ? (options.activations ?? null) : 0,
        requests: budget.requests,
        stoppedBy: budget.stoppedBy,
        durationMs: Math.round(performance.now() - started),
        redact: env.http.redact ?? noRedaction,
      }),
  };
}

/** Runs the exploration's parts on a pool of its own (`concurrency` at once). */
export async function runExploration(
  env: RunEnvironment,
  options: ExploreOptions,
  concurrency = 1,
): Promise<ExplorationResult> {
  const plan = planExploration(env, options);
  const results = await runOrdered(plan.parts, (part) => part(), { concurrency });
  return plan.conclude(results);
}

function sumInto(target: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [key, count] of Object.entries(counts)) target[key] = (target[key] ?? 0) + count;
}

/** One report from the parts' results: counts summed, advisories once each, the first failing part's failure. */
function concludeExploration(
  results: readonly PartResult[],
  run: {
    seed: number;
    runs: number;
    maxCommands: number;
    workloads: WorkloadName[];
    allowed: number | null;
    requests: number;
    stoppedBy: ExplorationReport["stoppedBy"];
    durationMs: number;
    redact: Redact;
  },
): ExplorationResult {
  const ordered = [...results].sort((a, b) => a.index - b.index);
  const stepsByKind: Record<string, number> = {};
  const stepsByOperation: Record<string, number> = {};
  const advisories = new Map<string, CheckResult>();
  for (const part of ordered) {
    sumInto(stepsByKind, part.stepsByKind);
    sumInto(stepsByOperation, part.stepsByOperation);
    for (const row of part.advisories) {
      const key = `${row.step?.replace(/-\d+$/, "")}\u0000${row.check}\u0000${row.source}`;
      if (!advisories.has(key)) advisories.set(key, row);
    }
  }
  const sequences = ordered.reduce((sum, part) => sum + part.sequences, 0);
  const steps = ordered.reduce((sum, part) => sum + part.steps, 0);
  const failing = ordered.find((part) => part.failure);
  const report: ExplorationReport = {
    status: failing ? "failed" : "passed",
    seed: run.seed,
    runs: run.runs,
    maxCommands: run.maxCommands,
    workloads: run.workloads,
    sequences,
    steps,
    requests: run.requests,
    leftBehind: ordered.flatMap((part) => part.leftBehind),
    parts: ordered.length,
    activations: { allowed: run.allowed, sent: ordered.reduce((sum, part) => sum + part.activationsSent, 0) },
    interrupted: ordered.reduce((sum, part) => sum + part.interrupted, 0),
    // Only a bound that cut the exploration short is reported: with every sequence run, nothing was stopped.
    ...(run.stoppedBy && sequences < run.runs ? { stoppedBy: run.stoppedBy } : {}),
    stepsByKind,
    stepsByOperation,
    durationMs: run.durationMs,
  };
  if (!failing?.failure) {
    if (sequences === 0) {
      const reason = `no sequence ran to its end (stopped by ${report.stoppedBy ?? "nothing"}): the exploration checked nothing`;
      return {
        rows: [skippedRow(EXPLORATION_SCENARIO, reason)],
        report: { ...report, status: "skipped", reason },
      };
    }
    const cut = report.stoppedBy
      ? `; stopped early by the ${report.stoppedBy === "interrupt" ? "interrupt" : `${report.stoppedBy} budget`} after ${sequences} of ${run.runs}`
      : "";
    const message = `${sequences} sequence(s), ${steps} steps, ${run.requests} requests (seed ${run.seed}): every answer passed every check and agreed with the model${cut}`;
    // A summary of every step's own rows (each named its source); it asserts nothing of its own.
    return {
      rows: [
        ...advisories.values(),
        { scenario: EXPLORATION_SCENARIO, step: null, check: MODEL_CHECK, status: "passed", message, source: null },
      ],
      report,
    };
  }

  const found = failing.failure;
  const failedStep = found.sent[found.sent.length - 1];
  const violation = found.violation;
  const failures: CheckResult[] =
    violation instanceof ModelViolation
      ? violation.failures
      : [
          {
            scenario: EXPLORATION_SCENARIO,
            step: failedStep?.step.id ?? null,
            check: MODEL_CHECK,
            status: "failed",
            message: violation.message,
            source: null,
          },
        ];
  const printed = shrunkScenario({
    seed: run.seed,
    // The first part explores with the run's own seed; the others are named by their number.
    part: failing.index > 0 ? failing.index + 1 : undefined,
    sent: found.sent,
    failure: firstLine(failures),
    replayPath: found.replayPath,
    redact: run.redact,
    workload: failing.workload,
  });
  const failure: ExplorationFailure = {
    scenario: printed.id,
    workload: failing.workload,
    yaml: printed.yaml,
    step: failedStep?.step.id ?? "-",
    failures: failures.map((row) => ({ ...row, scenario: printed.id })),
    sources: [
      ...new Set([
        ...sourcesOf(failedStep?.kinds ?? [], failing.workload),
        ...failures.flatMap((row) => (row.source ? [row.source] : [])),
      ]),
    ],
    originalSteps: found.originalSteps,
    shrunkSteps: printed.steps,
    shrinks: found.shrinks,
    firstFailureMs: found.firstFailureMs,
    replayPath: found.replayPath,
  };
  return { rows: [...advisories.values(), ...failure.failures], report: { ...report, failure } };
}
