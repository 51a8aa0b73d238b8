// Generative conformance: fast-check generates operation sequences over one to three sessions (fc.commands), runs
// each against the target and the model (fc.asyncModelRun), and on a failure shrinks it to the shortest failing
// sequence, printed as a scenario. Bounded by sequences, requests and time; deterministic under a seed; every
// session a sequence creates is deleted when the sequence ends, whatever happened.
import fc from "fast-check";
import type { RunEnvironment } from "../runner/run-environment.ts";
import { deleteSessions } from "../runner/session-cleanup.ts";
import { type CheckResult, EXPLORATION_SCENARIO, MODEL_CHECK, skippedRow } from "../vocabulary/check-result.ts";
import { sourcesOf } from "./assertion-sources.ts";
import { commandArbitraries } from "./commands/index.ts";
import { ModelViolation, Sequence, type SentStep } from "./sequence.ts";
import { newModel } from "./session-model.ts";
import { shrunkScenario } from "./shrunk-scenario.ts";
import { noRedaction } from "../vocabulary/redaction.ts";

export const EXPLORE_DEFAULTS = {
  runs: 50,
  maxCommands: 25,
  maxRequests: 20_000,
  maxSeconds: 120,
  maxShrinks: 300,
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
}

export interface ExplorationFailure {
  /** The id of the printed scenario, and of the report rows of the failing step. */
  scenario: string;
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
  /** Sequences generated and run to their end (shrinking not counted). */
  sequences: number;
  steps: number;
  requests: number;
  /** Sessions the exploration could not delete (activated ones), by id. */
  leftBehind: string[];
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
  options: Pick<ExploreOptions, "runs" | "seed" | "maxCommands">,
): ExplorationResult {
  return {
    rows: [skippedRow(EXPLORATION_SCENARIO, reason)],
    report: {
      status: "skipped",
      reason,
      seed: options.seed ?? 0,
      runs: options.runs ?? EXPLORE_DEFAULTS.runs,
      maxCommands: options.maxCommands ?? EXPLORE_DEFAULTS.maxCommands,
      sequences: 0,
      steps: 0,
      requests: 0,
      leftBehind: [],
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

/** Runs the exploration against the target the environment names; rows for the report, and its own section. */
export async function runExploration(env: RunEnvironment, options: ExploreOptions): Promise<ExplorationResult> {
  const started = performance.now();
  const runs = options.runs ?? EXPLORE_DEFAULTS.runs;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const maxCommands = options.maxCommands ?? EXPLORE_DEFAULTS.maxCommands;
  const maxRequests = options.maxRequests ?? EXPLORE_DEFAULTS.maxRequests;
  const deadline = started + (options.maxSeconds ?? EXPLORE_DEFAULTS.maxSeconds) * 1000;
  const maxShrinks = options.maxShrinks ?? EXPLORE_DEFAULTS.maxShrinks;

  let requests = 0;
  let steps = 0;
  let sequences = 0;
  let shrinks = 0;
  let stoppedBy: ExplorationReport["stoppedBy"];
  const stepsByKind: Record<string, number> = {};
  const stepsByOperation: Record<string, number> = {};
  const leftBehind: string[] = [];
  let firstFailure: SentStep[] | undefined;
  let firstFailureMs = 0;
  let lastFailure: { sent: SentStep[]; violation: ModelViolation | Error } | undefined;
  // Advisories (contract decisions the server does not share) do not end a sequence; the report keeps them, each
  // kind of difference once (not per sequence, not from shrinking replays).
  const advisories = new Map<string, CheckResult>();

  const gate = {
    allows(): boolean {
      if (env.stopped()) stoppedBy ??= "interrupt";
      else if (requests >= maxRequests) stoppedBy ??= "requests";
      else if (performance.now() >= deadline) stoppedBy ??= "time";
      else return true;
      return false;
    },
  };
  const countedEnv: RunEnvironment = {
    ...env,
    onRequests: (count) => {
      requests += count;
      env.onRequests?.(count);
    },
  };

  const property = fc.asyncProperty(
    fc.commands(commandArbitraries(), { maxCommands, size: "max" }),
    async (sequenceCommands) => {
      if (!gate.allows()) return true;
      const shrinking = lastFailure !== undefined;
      if (shrinking) {
        // Shrinking: a candidate beyond the bound counts as passing, so fast-check keeps the smallest failure so far.
        if (shrinks >= maxShrinks) return true;
        shrinks++;
      }
      const sequence = new Sequence(countedEnv, gate);
      try {
        await fc.asyncModelRun(
          () => ({ model: newModel(env.pool.length, options.mayActivate), real: sequence }),
          sequenceCommands,
        );
        if (!shrinking && !sequence.stopped) sequences++;
      } catch (error) {
        const violation =
          error instanceof ModelViolation
            ? error
            : new Error(`the exploration itself failed: ${(error as Error).stack ?? String(error)}`);
        if (!firstFailure) {
          firstFailure = [...sequence.sent];
          firstFailureMs = Math.round(performance.now() - started);
        }
        lastFailure = { sent: [...sequence.sent], violation };
        throw violation;
      } finally {
        steps += sequence.sent.length;
        if (!shrinking) {
          for (const entry of sequence.sent) {
            const kind = entry.step.id.replace(/-\d+$/, "");
            stepsByKind[kind] = (stepsByKind[kind] ?? 0) + 1;
            stepsByOperation[entry.step.operationId] = (stepsByOperation[entry.step.operationId] ?? 0) + 1;
            for (const row of entry.results) {
              const key = `${kind}\u0000${row.check}\u0000${row.source}`;
              if (row.status === "advisory" && !advisories.has(key))
                advisories.set(key, { ...row, scenario: EXPLORATION_SCENARIO });
            }
          }
        }
        const cleanup = await deleteSessions(sequence.sessions.open(), {
          baseUrl: env.baseUrl,
          token: env.token,
          http: env.http,
          onRequests: (count) => {
            requests += count;
          },
        });
        leftBehind.push(...cleanup.leftBehind.map((entry) => entry.id));
      }
      return true;
    },
  );

  const details = await fc.check(property, { seed, numRuns: runs });
  for (const id of leftBehind) env.sessions.created(id);

  const report: ExplorationReport = {
    status: lastFailure ? "failed" : "passed",
    seed,
    runs,
    maxCommands,
    sequences,
    steps,
    requests,
    leftBehind,
    ...(stoppedBy ? { stoppedBy } : {}),
    stepsByKind,
    stepsByOperation,
    durationMs: Math.round(performance.now() - started),
  };
  if (!lastFailure) {
    if (sequences === 0) {
      const reason = `no sequence ran to its end (stopped by ${stoppedBy ?? "nothing"}): the exploration checked nothing`;
      return {
        rows: [skippedRow(EXPLORATION_SCENARIO, reason)],
        report: { ...report, status: "skipped", reason },
      };
    }
    const cut = stoppedBy
      ? `; stopped early by the ${stoppedBy === "interrupt" ? "interrupt" : `${stoppedBy} budget`} after ${sequences} of ${runs}`
      : "";
    const message = `${sequences} sequence(s), ${steps} steps, ${requests} requests (seed ${seed}): every answer passed every check and agreed with the model${cut}`;
    // A summary of every step's own rows (each named its source); it asserts nothing of its own.
    return {
      rows: [
        ...advisories.values(),
        { scenario: EXPLORATION_SCENARIO, step: null, check: MODEL_CHECK, status: "passed", message, source: null },
      ],
      report,
    };
  }

  const failedStep = lastFailure.sent[lastFailure.sent.length - 1];
  const violation = lastFailure.violation;
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
    seed,
    sent: lastFailure.sent,
    failure: firstLine(failures),
    replayPath: details.counterexamplePath,
    redact: env.http.redact ?? noRedaction,
  });
  const failure: ExplorationFailure = {
    scenario: printed.id,
    yaml: printed.yaml,
    step: failedStep?.step.id ?? "-",
    failures: failures.map((row) => ({ ...row, scenario: printed.id })),
    sources: sourcesOf(failedStep?.kinds ?? []),
    originalSteps: firstFailure?.length ?? printed.steps,
    shrunkSteps: printed.steps,
    shrinks: details.numShrinks,
    firstFailureMs,
    replayPath: details.counterexamplePath,
  };
  return { rows: [...advisories.values(), ...failure.failures], report: { ...report, failure } };
}
