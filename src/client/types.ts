// Short names for the generated contract types the client works with (generated/openapi.ts is the source).
import type { components, operations, paths } from "../../generated/openapi.ts";

export type { components, operations, paths };

type Schemas = components["schemas"];

/**
 * `{"id": X}` or `{"@odata.id": X}`, never both. The generated union lets an object literal carry both keys
 * (TypeScript checks excess keys against the union as a whole); the service rejects that, so the client does too.
 */
export type RestorePointReference =
  | (Schemas["RestorePointIdReference"] & { "@odata.id"?: never })
  | (Schemas["RestorePointODataIdReference"] & { id?: never });
/** A delta item that adds a restore point to the session. */
export type AdditionItem = Omit<Schemas["MailboxRestoreArtifactAddition"], "restorePoint"> & {
  restorePoint: RestorePointReference;
};
/** A delta item that removes an artifact (by artifact id) from the session. */
export type RemovalItem = Schemas["MailboxRestoreArtifactRemoval"];
/** One item of a delta request: an addition or a removal, never both. */
export type DeltaItem = AdditionItem | RemovalItem;
/**
 * Body of the delta PATCH: `{"mailboxRestoreArtifacts@delta": [item, …]}`. At least one item (the contract's
 * `minItems: 1`, which the generated array type drops), so `[]` does not compile; at most 50, which a type cannot
 * say: {@link deltaBody} checks it (and turns a plain `DeltaItem[]` into this type) before anything is sent.
 */
export type DeltaRequest = Omit<Schemas["ExchangeRestoreSessionDeltaRequest"], "mailboxRestoreArtifacts@delta"> & {
  "mailboxRestoreArtifacts@delta": [DeltaItem, ...DeltaItem[]];
};
/** Body of create: an optional list of additions (the same items as in a delta). */
export type CreateSessionRequest = Omit<Schemas["ExchangeRestoreSessionCreateRequest"], "mailboxRestoreArtifacts"> & {
  mailboxRestoreArtifacts?: AdditionItem[];
};
export type DestinationType = Schemas["DestinationType"];
export type RemovalReason = NonNullable<Schemas["RemovedAnnotation"]["reason"]>;

/** The 200 answer of the delta PATCH. */
export type DeltaResponse = Schemas["ExchangeRestoreSessionDeltaResponse"];
/** One entry of `mailboxRestoreArtifacts@delta` in a PATCH answer. */
export type DeltaResultEntry = Schemas["MailboxRestoreArtifactDeltaResult"];
export type AddedResult = Schemas["MailboxRestoreArtifactAddedResult"];
export type RemovedResult = Schemas["MailboxRestoreArtifactRemovedResult"];
export type FailedResult = Schemas["MailboxRestoreArtifactFailedResult"];
export type DataModificationException = Schemas["DataModificationException"];

export type ExchangeRestoreSession = Schemas["ExchangeRestoreSession"];
export type ExchangeRestoreSessionCreateRequest = CreateSessionRequest;
export type MailboxRestoreArtifact = Schemas["MailboxRestoreArtifact"];
export type RestoreSessionBase = Schemas["RestoreSessionBase"];
/** The Graph error envelope `{"error": {code, message, innerError?}}` of every whole-request error. */
export type GraphErrorResponse = Schemas["GraphErrorResponse"];

type SessionsPath = "/solutions/backupRestore/exchangeRestoreSessions";
type SessionPath = "/solutions/backupRestore/exchangeRestoreSessions/{exchangeRestoreSessionId}";

/** An operation whose JSON request body is `Body`. */
type WithJsonBody<Operation, Body> = Omit<Operation, "requestBody"> & {
  requestBody: { content: { "application/json": Body } };
};

/**
 * The generated `paths`, with the request bodies of create and of the delta PATCH narrowed to the client's own
 * types above: what `client.POST` and `client.PATCH` accept. Answers are exactly the generated ones.
 */
export type RestorePaths = Omit<paths, SessionsPath | SessionPath> & {
  [P in SessionsPath]: Omit<paths[P], "post"> & { post: WithJsonBody<paths[P]["post"], CreateSessionRequest> };
} & {
  [P in SessionPath]: Omit<paths[P], "patch"> & { patch: WithJsonBody<paths[P]["patch"], DeltaRequest> };
};
