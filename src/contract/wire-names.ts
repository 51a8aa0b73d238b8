// The names on the wire of each restore-session workload, in the shape the runner, the checks, the exploration and
// the mutant catalogue read (`EXCHANGE.operations.update`), derived from the workload registry (workloads.ts) so
// that nothing spells a workload's names twice; the annotations and helpers every layer shares.
import type { components } from "../../generated/openapi.ts";
import { WORKLOADS, type WorkloadName, type WorkloadOf } from "./workloads.ts";

/** One workload's names: collection segment, body keys, type names, operationIds. */
export function wireNames<W extends WorkloadName>(name: W) {
  const workload: WorkloadOf<W> = WORKLOADS[name];
  const { activate: _shared, ...operations } = workload.operationIds;
  return Object.freeze({
    workload: name,
    /** `/solutions/backupRestore/<collection>`. */
    collection: workload.collectionPath.slice(workload.collectionPath.lastIndexOf("/") + 1),
    /** The PATCH body's (and answer's) delta array. */
    deltaKey: workload.deltaKey,
    /** The create body's artifact array, and the navigation property the artifact list reads. */
    artifactsKey: workload.artifactsKey,
    sessionType: `#microsoft.graph.${workload.sessionType}` as `#microsoft.graph.${WorkloadOf<W>["sessionType"]}`,
    artifactType: `#microsoft.graph.${workload.artifactType}` as `#microsoft.graph.${WorkloadOf<W>["artifactType"]}`,
    /** The session's id in path templates. */
    sessionParameter: workload.sessionIdParameter,
    /** Request schemas of the contract (components.schemas). */
    schemas: Object.freeze({
      createRequest: workload.schemas.createRequest,
      deltaRequest: workload.schemas.deltaRequest,
      addition: workload.schemas.addition,
    }),
    operations: Object.freeze(operations),
  });
}

export type WireNames = ReturnType<typeof wireNames>;

/** The Exchange workload's names. */
export const EXCHANGE = wireNames("exchange");

/** Activation is shared by every workload: `POST /solutions/backupRestore/restoreSessions/{id}/activate`. */
export const ACTIVATE_OPERATION = "activateRestoreSession";
/** The session's id in the activate path template. */
export const ACTIVATE_SESSION_PARAMETER = "restoreSessionBaseId";

/** The Exchange delta key (`mailboxRestoreArtifacts@delta`). */
export const DELTA_KEY = WORKLOADS.exchange.deltaKey;
/** The annotation that makes a delta answer entry a per-item failure (ERRATA E28). */
export const FAILURE_KEY = "@Core.DataModificationException";
/** The annotation of a removal (request item) or an echoed removal (answer entry). */
export const REMOVED_KEY = "@removed";

export type DestinationType = components["schemas"]["DestinationType"];

export type JsonObject = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The error code of a Graph error envelope (`{"error": {"code": …}}`), if the body is one. */
export function errorCodeOf(body: unknown): string | undefined {
  const error = isObject(body) ? body.error : undefined;
  return isObject(error) && typeof error.code === "string" ? error.code : undefined;
}
