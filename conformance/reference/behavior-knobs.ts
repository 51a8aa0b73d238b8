// The reference server's policy knobs: plain values (limits, page size, auth, the readings it takes, the content
// type, the activation timeline, the clock, the workloads served). Every handler sees them as `ctx.behavior`, with
// the overrides of the workload it serves applied; behavior.ts adds the hooks and the conforming defaults.
import type { WorkloadName } from "../../src/contract/workloads.ts";

export interface BehaviorKnobs {
  /** The workloads whose collections exist; another workload's paths answer 404 ResourceNotFound. */
  served: readonly WorkloadName[];
  /** Without a non-empty `Authorization: Bearer …` every request gets 401 InvalidAuthenticationToken. */
  requireAuth: boolean;
  /** PATCH items allowed; one more is 400 RestoreArtifactsLimitBreached (the contract says 50). */
  maxDeltaItems: number;
  /**
   * What the PATCH limit counts: `all-items` (additions and removals alike, the reference's reading) or `additions`
   * (removals do not count). The docs say "maximum artifacts limit of 50 for single request"; both conform.
   */
  deltaLimitCounts: "all-items" | "additions";
  /** Artifacts allowed in a create request; one more is 413 RestoreArtifactsLimitBreached. */
  maxCreateItems: number;
  /** Larger bodies get 413 as soon as the limit is crossed; the rest is not buffered. */
  maxBodyBytes: number;
  /** Deeper JSON gets 400 before it is parsed (a real delta body is 4 levels deep). */
  maxJsonDepth: number;
  /** Page size of both collections; `$top` can ask for less, never more. */
  pageSize: number;
  /** Activating a session while this many are activating or active answers 500 TooManyActiveRestoreSessions. */
  maxActiveSessions: number;
  /** Echo successful removals as `{"@removed": {"reason"}, "id"}` entries (the seed page omits them; both conform). */
  echoRemovals: boolean;
  /** The annotation that carries a request item's content id back on its result. */
  contentIdAnnotation: "@Core.ContentID" | "@contentId";
  /**
   * Adding a restore point the session already holds: `reject-request` answers 400 DuplicateArtifactInList and
   * applies nothing; `fail-item` reports that item as a 409 failure and applies the rest. Both conform.
   */
  duplicateRestorePoint: "reject-request" | "fail-item";
  /**
   * An addition asking for destinationType `unknownFutureValue` (Graph's evolvable-enum sentinel, which no request
   * may ask for): `reject-request` answers the PATCH 400 InvalidPatchRequest and applies nothing; `fail-item` reports
   * that item as a 400 failure and applies the rest (both conform); `accept` adds it as asked (a deviation, for the
   * mutant catalogue). A create asking for it is 400 InvalidPathType unless `accept`.
   */
  unknownFutureDestination: "reject-request" | "fail-item" | "accept";
  /** Content-Type of every JSON answer (Graph's own, parameters included). */
  responseContentType: string;
  /** Milliseconds after activation when a session reads `active` (null: it stays `activating`). */
  activeAfterMs: number | null;
  /**
   * Milliseconds after activation when a session reads `completed` and stops counting against
   * maxActiveSessions (null: never, so activations pile up until the limit answers 500).
   */
  completedAfterMs: number | null;
  /** The server's clock (tests pin it). */
  clock: () => Date;
}
