// Policy knobs and hooks of the reference server, with the conforming defaults in one place.
//
// A variant of the server (a "mutant" with one deviation from the contract, or a conforming variant that makes a
// different allowed choice) is `startReferenceServer({ behavior: { …overrides } })`:
//
// - Knobs: plain values below (limits, page size, auth, echoing removals, the content-id annotation, the reading
//   of a re-added restore point, the response content type, the activation timeline, the clock, the workloads
//   served). `workloads.<name>` overrides knobs for one workload's operations only (e.g. `{ workloads: { sharepoint:
//   { maxDeltaItems: 1000 } } }`); the shared activation and unmatched requests see the knobs without overrides.
// - `transformResponse(ctx, response)`: runs on EVERY answer (every operation, errors, 401/404/405 included) after
//   the server has set content-type, request-id and client-request-id, and returns what is actually sent. It may
//   rewrite `status`, `headers` (lower-case names) and `body`, or set `rawBody` to send bytes as they are. It sees
//   `ctx.operationId` (undefined when no operation matched), `ctx.workload`, `ctx.request`, `ctx.store`. The store is already
//   updated when it runs, so a transform changes what the client is told, not what happened.
// - `handlers[operationId](ctx, next)`: replaces one operation's handler. `next(ctx)` runs the default handler
//   (call it with a modified ctx, e.g. `{ …ctx, store: ctx.store.clone() }` to answer without persisting), or
//   ignore it and answer yourself. Each workload's operations have their own ids, so an override deviates in one
//   workload only. The building blocks of the PATCH (`planDelta`, `applyDeltaPlan`) are exported
//   from handlers/update-session.ts. Handlers run synchronously after the body is read; an async override gives
//   up the "no lost update" guarantee, which is its business.
import { isWorkloadName, WORKLOAD_NAMES, type WorkloadName } from "../../src/contract/workloads.ts";
import type { BehaviorKnobs } from "./behavior-knobs.ts";
import type { HandlerOverride, OperationId, ResponseTransform } from "./context.ts";

/** Knobs one workload's operations see instead of the server-wide ones (`served` is server-wide only). */
export type WorkloadKnobs = Partial<Omit<BehaviorKnobs, "served">>;

export interface ReferenceBehavior extends BehaviorKnobs {
  /** Runs on every answer after the server has set its headers; returns what is actually sent. */
  transformResponse: ResponseTransform | undefined;
  /** Replaces operation handlers; each gets the default handler as `next`. */
  handlers: Partial<Record<OperationId, HandlerOverride>>;
  /** Knob overrides per workload: what its operations see as `ctx.behavior`. */
  workloads: Partial<Record<WorkloadName, WorkloadKnobs>>;
}

export const GRAPH_JSON_CONTENT_TYPE =
  "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

export const DEFAULT_BEHAVIOR: Readonly<ReferenceBehavior> = Object.freeze({
  served: WORKLOAD_NAMES,
  requireAuth: true,
  maxDeltaItems: 50,
  deltaLimitCounts: "all-items",
  maxCreateItems: 50,
  maxBodyBytes: 1024 * 1024,
  maxJsonDepth: 64,
  pageSize: 20,
  maxActiveSessions: 25,
  echoRemovals: false,
  contentIdAnnotation: "@Core.ContentID",
  duplicateRestorePoint: "reject-request",
  unknownFutureDestination: "reject-request",
  responseContentType: GRAPH_JSON_CONTENT_TYPE,
  // Short enough that back-to-back runs of the whole suite (two activations each, 200 ms per run in-process
  // here) never hold 25 sessions activating or active; long enough to see activating → active → completed.
  activeAfterMs: 300,
  completedAfterMs: 1000,
  clock: () => new Date(),
  transformResponse: undefined,
  handlers: Object.freeze({}),
  workloads: Object.freeze({}),
});

const POSITIVE_INTEGERS = [
  "maxDeltaItems",
  "maxCreateItems",
  "maxBodyBytes",
  "maxJsonDepth",
  "pageSize",
  "maxActiveSessions",
] as const;

function checkKnobs(behavior: BehaviorKnobs, where: string): void {
  for (const knob of POSITIVE_INTEGERS) {
    const value = behavior[knob];
    if (
      !Number.isInteger(value) ||
      value < 0 ||
      (value === 0 && knob !== "maxActiveSessions" && knob !== "maxDeltaItems" && knob !== "maxCreateItems")
    ) {
      throw new Error(`${where}.${knob} must be a positive integer, got ${String(value)}`);
    }
  }
  if (behavior.pageSize > 999)
    throw new Error(`${where}.pageSize must be at most 999 (the contract's $top maximum), got ${behavior.pageSize}`);
  for (const knob of ["activeAfterMs", "completedAfterMs"] as const) {
    const value = behavior[knob];
    if (value !== null && !(Number.isFinite(value) && value >= 0)) {
      throw new Error(`${where}.${knob} must be null or a non-negative number of milliseconds, got ${String(value)}`);
    }
  }
}

/** The defaults with `overrides` applied; throws on a knob that cannot work (a page size of 0, an unknown workload, …). */
export function resolveBehavior(overrides: Partial<ReferenceBehavior> = {}): ReferenceBehavior {
  const behavior: ReferenceBehavior = {
    ...DEFAULT_BEHAVIOR,
    ...overrides,
    handlers: { ...overrides.handlers },
    workloads: { ...overrides.workloads },
  };
  checkKnobs(behavior, "behavior");
  const named = [...behavior.served, ...Object.keys(behavior.workloads)];
  const unknown = named.find((name) => !isWorkloadName(name));
  if (unknown !== undefined)
    throw new Error(
      `behavior names the workload ${JSON.stringify(unknown)}; the workloads are ${WORKLOAD_NAMES.join(", ")}`,
    );
  for (const [name, knobs] of Object.entries(behavior.workloads)) {
    if (knobs && "served" in knobs) throw new Error(`behavior.workloads.${name}.served: served is server-wide`);
    checkKnobs({ ...behavior, ...knobs }, `behavior.workloads.${name}`);
  }
  return behavior;
}

/** The knobs one workload's operations see: the server's, with that workload's overrides applied. */
export function workloadBehavior(behavior: ReferenceBehavior, workload: WorkloadName): ReferenceBehavior {
  const knobs = behavior.workloads[workload];
  return knobs ? { ...behavior, ...knobs } : behavior;
}
