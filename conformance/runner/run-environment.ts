// What a step runs in: the target, the workload judged, the token, the restore-point pool, the HTTP options, the
// session tracker, and the callbacks through which a step reports the readings it saw and the throttling it met. Scenarios and the
// exploration get the same environment from the run; the state one scenario carries from step to step is here too.
import type { Workload, WorkloadName } from "../../src/contract/workloads.ts";
import type { HttpOptions } from "../transport/http-exchange.ts";
import type { SessionTracker } from "./session-tracker.ts";

/** A documented reading a server took at a step (ids of conformance/readings.yaml). */
export interface ReadingNote {
  scenario: string;
  /** The workload the scenario ran in. */
  workload?: WorkloadName;
  step: string;
  question: string;
  reading: string;
}

export interface ThrottleRecord {
  scenario: string;
  step: string;
  retries: number;
  waitedMs: number;
  statuses: number[];
}

export interface RunEnvironment {
  baseUrl: string;
  /**
   * The workload judged: the scenario's, or the one an exploration explores. A step's own operation names its
   * workload; this one is the shared activation's.
   */
  workload: Workload;
  origin: string;
  token: string;
  pool: readonly string[];
  http: HttpOptions;
  /** A fresh GUID per name and run, naming nothing on the target. */
  absent(name: string): string;
  sessions: SessionTracker;
  /** Contract decisions fail the run too (otherwise they are advisories). */
  strict: boolean;
  onReading(note: ReadingNote): void;
  onThrottle(record: ThrottleRecord): void;
  /** Why the run stopped (one sentence), or undefined while it runs. */
  stopped(): string | undefined;
  /** Counts the requests the steps and their read-backs sent (pages, retries aside). */
  onRequests?(count: number): void;
}

export interface ScenarioState {
  outputs: Map<string, Record<string, unknown>>;
  missingOutputs: Map<string, string>;
  /** artifact id → restore-point id, from every answer of the scenario. */
  knownArtifacts: Map<string, string>;
  /** session id → restore-point id → the destinationType it was added with (sessions may share a restore point). */
  addedDestinations: Map<string, Map<string, string>>;
  /** question id → the reading id(s) the server took first in this scenario, and where; later steps are held to it. */
  heldReadings: Map<string, { readings: Set<string>; step: string }>;
  /** What a documented condition of the tenant a step met says (runner/tenant-condition.ts): the rest is not run. */
  unmetCondition?: string;
}

export function newScenarioState(): ScenarioState {
  return {
    outputs: new Map(),
    missingOutputs: new Map(),
    knownArtifacts: new Map(),
    addedDestinations: new Map(),
    heldReadings: new Map(),
  };
}
