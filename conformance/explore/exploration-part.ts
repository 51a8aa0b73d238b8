// One part of the exploration: a fast-check run of its own seed (fc.commands over one to three sessions, each
// sequence run against the target and the model with fc.asyncModelRun), shrinking its first failure to the shortest
// failing sequence. Parts are independent of one another (their own seed, sessions, held readings and activation
// budget), so a part finds the same failures whether it runs alone or beside others in the run's pool. The run's
// bounds (requests, time, a stop) end generation too: a part never goes on generating sequences it cannot send.
import fc from "fast-check";
import type { RunEnvironment, ScenarioState } from "../runner/run-environment.ts";
import { deleteSessions } from "../runner/session-cleanup.ts";
import { type CheckResult, EXPLORATION_SCENARIO } from "../vocabulary/check-result.ts";
import { createCommand } from "./commands/create-command.ts";
import { commandArbitraries } from "./commands/index.ts";
import { ModelViolation, Sequence, SequenceInterrupted, type SentStep, type StepGate } from "./sequence.ts";
import { PartCoverage } from "./part-coverage.ts";
import { newModel, type PartState } from "./session-model.ts";
import type { WireNames } from "../../src/contract/wire-names.ts";
import type { WorkloadName } from "../../src/contract/workloads.ts";

/** The exploration's own bounds, shared by every part: requests in all, a deadline, and the run's stop. */
export class ExplorationBudget implements StepGate {
  requests = 0;
  /** Why the exploration stopped before its runs: the first bound reached. */
  stoppedBy: "requests" | "time" | "interrupt" | undefined;
  readonly #env: RunEnvironment;
  readonly #maxRequests: number;
  readonly #deadline: number;

  constructor(env: RunEnvironment, maxRequests: number, deadline: number) {
    this.#env = env;
    this.#maxRequests = maxRequests;
    this.#deadline = deadline;
  }

  allows(): boolean {
    if (this.#env.stopped()) this.stoppedBy ??= "interrupt";
    else if (this.requests >= this.#maxRequests) this.stoppedBy ??= "requests";
    else if (performance.now() >= this.#deadline) this.stoppedBy ??= "time";
    else return true;
    return false;
  }
}

export interface PartOptions {
  /** 0-based; the report names a part's failure by it. */
  index: number;
  /** How many parts the exploration has (each prefers other alternatives first). */
  parts: number;
  seed: number;
  runs: number;
  maxCommands: number;
  maxShrinks: number;
  /** Activations this part may send (each a real restore on a tenant). */
  activations: number;
  /** Whether a part before this one already failed (then this part's failure would never be reported). */
  superseded: () => boolean;
  /** The wire names of the workload explored. */
  names: WireNames;
}

export interface PartFailure {
  /** The shrunk failing sequence, and what failed. */
  sent: SentStep[];
  violation: ModelViolation | Error;
  /** Steps of the first failing sequence found. */
  originalSteps: number;
  /** Milliseconds from the part's start until its first failing sequence failed. */
  firstFailureMs: number;
  shrinks: number;
  replayPath: string | null;
}

export interface PartResult {
  index: number;
  /** The workload the part explored. */
  workload: WorkloadName;
  seed: number;
  /** Sequences generated and run to their end or their failure (shrinking not counted). */
  sequences: number;
  steps: number;
  /** Sequences the run's stop cut short: no verdict. */
  interrupted: number;
  stepsByKind: Record<string, number>;
  stepsByOperation: Record<string, number>;
  /** Advisories (contract decisions the server does not share), each kind of difference once. */
  advisories: CheckResult[];
  /** Sessions it could not delete (activated ones), by id. */
  leftBehind: string[];
  /** Activations it sent to a draft (real restores on a tenant), shrinking included. */
  activationsSent: number;
  failure?: PartFailure;
}

/** Runs one part to its end (or until a bound, a stop, or an earlier part's failure ends it). */
export async function runPart(
  env: RunEnvironment,
  budget: ExplorationBudget,
  options: PartOptions,
): Promise<PartResult> {
  const started = performance.now();
  const result: PartResult = {
    index: options.index,
    workload: env.workload.name,
    seed: options.seed,
    sequences: 0,
    steps: 0,
    interrupted: 0,
    stepsByKind: {},
    stepsByOperation: {},
    advisories: [],
    leftBehind: [],
    activationsSent: 0,
  };
  const advisoryKeys = new Set<string>();
  const heldReadings: ScenarioState["heldReadings"] = new Map();
  const activations = { left: options.activations };
  const part: PartState = {
    activations,
    sessionList: {},
    coverage: new PartCoverage(options.index, options.parts),
  };
  let firstFailure: { steps: number; ms: number } | undefined;
  let lastFailure: { sent: SentStep[]; violation: ModelViolation | Error } | undefined;
  let shrinks = 0;
  const countedEnv: RunEnvironment = {
    ...env,
    onRequests: (count) => {
      budget.requests += count;
      env.onRequests?.(count);
    },
  };

  const property = fc.asyncProperty(
    // Every sequence starts with a session of its own (a create any command can act on), then the generated ones.
    fc.tuple(createCommand, fc.commands(commandArbitraries(), { maxCommands: options.maxCommands, size: "max" })),
    async ([opening, generated]) => {
      // A bound reached ends generation at once (fast-check stops on an interrupting precondition failure).
      if (!budget.allows() || (lastFailure === undefined && options.superseded()))
        throw new fc.PreconditionFailure(true);
      const shrinking = lastFailure !== undefined;
      part.coverage.frozen = shrinking;
      if (shrinking) {
        // Shrinking: a candidate beyond the bound counts as passing, so fast-check keeps the smallest failure so far
        // (and a failure an earlier part's supersedes is not worth shrinking further).
        if (shrinks >= options.maxShrinks || options.superseded()) return true;
        shrinks++;
      }
      const sequence = new Sequence(countedEnv, budget, heldReadings, options.names);
      try {
        await fc.asyncModelRun(
          () => ({ model: newModel(env.pool.length, part), real: sequence }),
          [opening, ...generated],
        );
        if (!shrinking && !sequence.stopped) result.sequences++;
      } catch (error) {
        // A step the run's stop cut short is no verdict.
        if (error instanceof SequenceInterrupted) {
          if (!shrinking) result.interrupted++;
          return true;
        }
        const violation =
          error instanceof ModelViolation
            ? error
            : new Error(`the exploration itself failed: ${(error as Error).stack ?? String(error)}`);
        // The failing sequence ran to its failure: it counts among the sequences run (its shrinks do not).
        if (!shrinking) result.sequences++;
        firstFailure ??= { steps: sequence.sent.length, ms: Math.round(performance.now() - started) };
        lastFailure = { sent: [...sequence.sent], violation };
        throw violation;
      } finally {
        result.steps += sequence.sent.length;
        if (!shrinking) recordSteps(result, sequence.sent, advisoryKeys);
        const cleanup = await deleteSessions(sequence.sessions.open(), {
          baseUrl: env.baseUrl,
          token: env.token,
          http: env.http,
          workloadOf: (id) => sequence.sessions.workloadOf(id),
          onRequests: (count) => {
            budget.requests += count;
          },
        });
        for (const id of cleanup.deleted) sequence.sessions.deleted(id);
        result.leftBehind.push(...cleanup.leftBehind.map((entry) => entry.id));
      }
      return true;
    },
  );

  const details = await fc.check(property, { seed: options.seed, numRuns: options.runs });
  result.activationsSent = options.activations - activations.left;
  if (lastFailure && firstFailure) {
    result.failure = {
      ...lastFailure,
      originalSteps: firstFailure.steps,
      firstFailureMs: firstFailure.ms,
      shrinks: details.numShrinks,
      replayPath: details.counterexamplePath,
    };
  }
  return result;
}

/** Counts a sequence's steps by kind and operation, and keeps each new kind of advisory once. */
function recordSteps(result: PartResult, sent: readonly SentStep[], advisoryKeys: Set<string>): void {
  for (const entry of sent) {
    const kind = entry.step.id.replace(/-\d+$/, "");
    result.stepsByKind[kind] = (result.stepsByKind[kind] ?? 0) + 1;
    result.stepsByOperation[entry.step.operationId] = (result.stepsByOperation[entry.step.operationId] ?? 0) + 1;
    for (const row of entry.results) {
      const key = `${kind}\u0000${row.check}\u0000${row.source}`;
      if (row.status === "advisory" && !advisoryKeys.has(key)) {
        advisoryKeys.add(key);
        result.advisories.push({ ...row, scenario: EXPLORATION_SCENARIO });
      }
    }
  }
}
