// Short names for the generated contract types the client works with (generated/openapi.ts is the source).
import type { components, operations, paths } from "../../generated/openapi.ts";

export type { components, operations, paths };

type Schemas = components["schemas"];

/** Body of the delta PATCH: `{"mailboxRestoreArtifacts@delta": [item, …]}`. */
export type DeltaRequest = Schemas["ExchangeRestoreSessionDeltaRequest"];
/** One item of a delta request: an addition or a removal, never both. */
export type DeltaItem = DeltaRequest["mailboxRestoreArtifacts@delta"][number];
/** A delta item that adds a restore point to the session. */
export type AdditionItem = Schemas["MailboxRestoreArtifactAddition"];
/** A delta item that removes an artifact (by artifact id) from the session. */
export type RemovalItem = Schemas["MailboxRestoreArtifactRemoval"];
/** `{"id": X}` or `{"@odata.id": X}`. */
export type RestorePointReference = Schemas["RestorePointReference"];
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
export type ExchangeRestoreSessionCreateRequest = Schemas["ExchangeRestoreSessionCreateRequest"];
export type MailboxRestoreArtifact = Schemas["MailboxRestoreArtifact"];
export type RestoreSessionBase = Schemas["RestoreSessionBase"];
/** The Graph error envelope `{"error": {code, message, innerError?}}` of every whole-request error. */
export type GraphErrorResponse = Schemas["GraphErrorResponse"];

