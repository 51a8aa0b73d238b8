// Policy knobs and hooks of the reference server, with the conforming defaults in one place.
//
// A variant of the server (a "mutant" with one deviation from the contract, or a conforming variant that makes a
// different allowed choice) is `startReferenceServer({ behavior: { …overrides } })`:
//
// - Knobs: plain values below (limits, page size, auth, echoing removals, the content-id annotation, the reading
//   of a re-added restore point, the response content type, the activation timeline, the clock).
// - `transformResponse(ctx, response)`: runs on EVERY answer (every operation, errors, 401/404/405 included) after
//   the server has set content-type, request-id and client-request-id, and returns what is actually sent. It may
//   rewrite `status`, `headers` (lower-case names) and `body`, or set `rawBody` to send bytes as they are. It sees
//   `ctx.operationId` (undefined when no operation matched), `ctx.request`, `ctx.store`. The store is already
//   updated when it runs, so a transform changes what the client is told, not what happened.
// - `handlers[operationId](ctx, next)`: replaces one operation's handler. `next(ctx)` runs the default handler
//   (call it with a modified ctx, e.g. `{ …ctx, store: ctx.store.clone() }` to answer without persisting), or
//   ignore it and answer yourself. The building blocks of the PATCH (`planDelta`, `applyDeltaPlan`) are exported
//   from handlers/update-session.ts. Handlers run synchronously after the body is read; an async override gives
//   up the "no lost update" guarantee, which is its business.
import type { HandlerOverride, OperationId, ResponseTransform } from "./context.ts";

export interface ReferenceBehavior {
  /** Without a non-empty `Authorization: Bearer …` every request gets 401 InvalidAuthenticationToken. */
  requireAuth: boolean;
  /** PATCH items allowed; one more is 400 RestoreArtifactsLimitBreached (the contract says 50). */
  maxDeltaItems: number;
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
  transformResponse: ResponseTransform | undefined;
  handlers: Partial<Record<OperationId, HandlerOverride>>;
}

export const GRAPH_JSON_CONTENT_TYPE =
  "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

export const DEFAULT_BEHAVIOR: Readonly<ReferenceBehavior> = Object.freeze({
  requireAuth: true,
  maxDeltaItems: 50,
  maxCreateItems: 50,
  maxBodyBytes: 1024 * 1024,
  maxJsonDepth: 64,
  pageSize: 20,
  maxActiveSessions: 25,
  echoRemovals: false,
  contentIdAnnotation: "@Core.ContentID",
  duplicateRestorePoint: "reject-request",
  responseContentType: GRAPH_JSON_CONTENT_TYPE,
  // Short enough that back-to-back runs of the whole suite (two activations each, 200 ms per run in-process
  // here) never hold 25 sessions activating or active; long enough to see activating → active → completed.
  activeAfterMs: 300,
  completedAfterMs: 1000,
  clock: () => new Date(),
  transformResponse: undefined,
  handlers: Object.freeze({}),
});

const POSITIVE_INTEGERS = [
  "maxDeltaItems",
  "maxCreateItems",
  "maxBodyBytes",
  "maxJsonDepth",
  "pageSize",
  "maxActiveSessions",
] as const;

/** The defaults with `overrides` applied; throws on a knob that cannot work (a page size of 0, …). */
export function resolveBehavior(overrides: Partial<ReferenceBehavior> = {}): ReferenceBehavior {
  const behavior: ReferenceBehavior = { ...DEFAULT_BEHAVIOR, ...overrides, handlers: { ...overrides.handlers } };
  for (const knob of POSITIVE_INTEGERS) {
    const value = behavior[knob];
    if (
      !Number.isInteger(value) ||
      value < 0 ||
      (value === 0 && knob !== "maxActiveSessions" && knob !== "maxDeltaItems" && knob !== "maxCreateItems")
    ) {
      throw new Error(`behavior.${knob} must be a positive integer, got ${String(value)}`);
    }
  }
  if (behavior.pageSize > 999)
    throw new Error(`behavior.pageSize must be at most 999 (the contract's $top maximum), got ${behavior.pageSize}`);
  for (const knob of ["activeAfterMs", "completedAfterMs"] as const) {
    const value = behavior[knob];
    if (value !== null && !(Number.isFinite(value) && value >= 0)) {
      throw new Error(`behavior.${knob} must be null or a non-negative number of milliseconds, got ${String(value)}`);
    }
  }
  return behavior;
}
