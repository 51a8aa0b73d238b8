// The Exchange restore session's names on the wire, written once: the runner, the checks, the exploration, the
// reference server and the mutant catalogue read them from here. They are grouped per workload (EXCHANGE) so that
// OneDrive and SharePoint can later be looked up the same way (a per-workload registry supplies their names).
import type { components } from "../../generated/openapi.ts";

/** The Exchange workload's names: collection segment, body keys, type names, operationIds. */
export const EXCHANGE = Object.freeze({
  /** `/solutions/backupRestore/<collection>`. */
  collection: "exchangeRestoreSessions",
  /** The PATCH body's (and answer's) delta array. */
  deltaKey: "mailboxRestoreArtifacts@delta",
  /** The create body's artifact array, and the navigation property the artifact list reads. */
  artifactsKey: "mailboxRestoreArtifacts",
  sessionType: "#microsoft.graph.exchangeRestoreSession",
  artifactType: "#microsoft.graph.mailboxRestoreArtifact",
  /** The session's id in path templates. */
  sessionParameter: "exchangeRestoreSessionId",
  /** Request schemas of the contract (components.schemas). */
  schemas: Object.freeze({
    createRequest: "ExchangeRestoreSessionCreateRequest",
    deltaRequest: "ExchangeRestoreSessionDeltaRequest",
    addition: "MailboxRestoreArtifactAddition",
  }),
  operations: Object.freeze({
    create: "createExchangeRestoreSession",
    list: "listExchangeRestoreSessions",
    get: "getExchangeRestoreSession",
    update: "updateExchangeRestoreSession",
    delete: "deleteExchangeRestoreSession",
    listArtifacts: "listMailboxRestoreArtifacts",
  }),
});

/** Activation is shared by every workload: `POST /solutions/backupRestore/restoreSessions/{id}/activate`. */
export const ACTIVATE_OPERATION = "activateRestoreSession";
/** The session's id in the activate path template. */
export const ACTIVATE_SESSION_PARAMETER = "restoreSessionBaseId";

/** The Exchange delta key (`mailboxRestoreArtifacts@delta`). */
export const DELTA_KEY = EXCHANGE.deltaKey;
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
