// One explored sequence as it runs: the steps the commands build are sent through the runner's own step
// execution (every registered check judges every answer, expectations included), kept in order so that the
// sequence can be printed as a scenario, and the first failed check ends it. Sessions it created are deleted by
// the caller when it ends, however it ends; the run's session tracker knows them too (a child of it records them).
// A step the run's stop cut short is no verdict: the sequence ends as interrupted, not failed.
import {
  newScenarioState,
  type ReadingNote,
  type RunEnvironment,
  type ScenarioState,
} from "../runner/run-environment.ts";
import { runStep } from "../runner/run-step.ts";
import type { SessionTracker } from "../runner/session-tracker.ts";
import { type CheckResult, EXPLORATION_SCENARIO } from "../vocabulary/check-result.ts";
import type { Scenario, Step } from "../vocabulary/scenario.ts";
import type { StepResponse } from "../vocabulary/step-response.ts";
import { stampSources, type AssertionKind, type ModelStep } from "./assertion-sources.ts";
import { type WireNames, wireNames } from "../../src/contract/wire-names.ts";

/** Thrown when the run's stop cut a step short: the sequence ends without a verdict (not a failure). */
export class SequenceInterrupted extends Error {
  constructor(reason: string) {
    super(`the sequence was interrupted: ${reason}`);
    this.name = "SequenceInterrupted";
  }
}

/** Thrown from a command when a step failed a check: fast-check sees a failing sequence and shrinks it. */
export class ModelViolation extends Error {
  readonly step: Step;
  readonly failures: CheckResult[];

  constructor(step: Step, failures: CheckResult[]) {
    super(`${step.id}: ${failures.map((failure) => `${failure.check ?? "step"}: ${failure.message}`).join("; ")}`);
    this.name = "ModelViolation";
    this.step = step;
    this.failures = failures;
  }
}

export interface SentStep {
  step: Step;
  kinds: AssertionKind[];
  results: CheckResult[];
  /** The outputs the answer produced (a session property the answer left out produces none). */
  produced: string[];
}

export interface StepOutcome {
  response: StepResponse | undefined;
  /** Readings the server took on this step (question → reading). */
  readings: Map<string, string>;
  /** What the step's outputs produced. */
  outputs: Readonly<Record<string, unknown>>;
}

/** Decides whether another step may be sent (the run's request and time budget). */
export interface StepGate {
  allows(): boolean;
}

export class Sequence {
  readonly sent: SentStep[] = [];
  /** The run's restore-point ids (`$pool[i]`). */
  readonly pool: readonly string[];
  /** The wire names of the workload explored. */
  readonly names: WireNames;
  readonly sessions: SessionTracker;
  readonly #state: ScenarioState;
  readonly #env: RunEnvironment;
  readonly #scenario: Scenario;
  readonly #gate: StepGate;
  #stepNumber = 0;
  #stepReadings = new Map<string, string>();
  /** Set when the budget ran out in the middle: the commands that follow send nothing. */
  stopped = false;

  /** `heldReadings`: the readings the server took, shared by the sequences of one exploration part (ERRATA E34). */
  constructor(
    env: RunEnvironment,
    gate: StepGate,
    heldReadings?: ScenarioState["heldReadings"],
    names: WireNames = wireNames(env.workload.name),
  ) {
    this.#gate = gate;
    this.pool = env.pool;
    this.names = names;
    this.sessions = env.sessions.child();
    this.#state = { ...newScenarioState(), ...(heldReadings ? { heldReadings } : {}) };
    this.#env = {
      ...env,
      sessions: this.sessions,
      onReading: (note: ReadingNote) => {
        this.#stepReadings.set(note.question, note.reading);
        env.onReading(note);
      },
    };
    this.#scenario = {
      id: EXPLORATION_SCENARIO,
      description: "an explored operation sequence",
      level: "behavior",
      tags: ["writes"],
      steps: [],
      file: "(exploration)",
      needs: { poolEntries: 0, restorePoints: [] },
    };
  }

  /** A fresh step id: `patch-3`. */
  nextId(verb: string): string {
    this.#stepNumber += 1;
    return `${verb}-${this.#stepNumber}`;
  }

  outputsOf(stepId: string): Readonly<Record<string, unknown>> {
    return this.#state.outputs.get(stepId) ?? {};
  }

  /**
   * Sends a step and judges it. Undefined when the budget allows no more steps (nothing was sent); throws
   * ModelViolation when a check failed or the step could not be sent. Every expectation gets its source
   * (`source`, else the first kind's); a failure is a failed row — an advisory (a contract decision the server
   * does not share, unless --strict) does not end the sequence.
   */
  async send(draft: ModelStep, kinds: readonly AssertionKind[], source?: string): Promise<StepOutcome | undefined> {
    if (this.stopped || !this.#gate.allows()) {
      this.stopped = true;
      return undefined;
    }
    const step = stampSources(draft, kinds, this.names, source);
    this.#stepReadings = new Map();
    const { results, response } = await runStep(this.#scenario, step, this.#state, this.#env);
    const stopped = this.#env.stopped();
    if (stopped !== undefined && results.some((result) => result.status === "skipped" && result.check === null)) {
      this.stopped = true;
      throw new SequenceInterrupted(stopped);
    }
    this.sent.push({ step, kinds: [...kinds], results, produced: Object.keys(this.outputsOf(step.id)) });
    const failures = results.filter(
      (result) => result.status === "failed" || (result.status === "skipped" && result.check === null),
    );
    if (failures.length > 0) throw new ModelViolation(step, failures);
    return { response, readings: this.#stepReadings, outputs: this.outputsOf(step.id) };
  }
}
