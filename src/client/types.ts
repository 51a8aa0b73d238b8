// Short names for the generated contract types the client works with (generated/openapi.ts is the source), for each
// workload of the restore-session family. A type parameter `W` names the workload; without it, the Exchange types.
import type { components, operations, paths } from "../../generated/openapi.ts";
import type { WorkloadName, WorkloadOf } from "../contract/workloads.ts";

export type { components, operations, paths };
export type { WorkloadName } from "../contract/workloads.ts";

type Schemas = components["schemas"];
/** The generated schema type named `Name` (a name from the workload registry). */
type Schema<Name> = Name extends keyof Schemas ? Schemas[Name] : never;
type SchemaNames<W extends WorkloadName> = WorkloadOf<W>["schemas"];

/** The key of workload `W`'s delta body and answer: `"mailboxRestoreArtifacts@delta"`, `"driveRestoreArtifacts@delta"`, … */
export type DeltaKey<W extends WorkloadName = "exchange"> = WorkloadOf<W>["deltaKey"];
/** The other workloads' keys, named so that a body carrying one does not compile (the contract refuses it, 400). */
type NoneOf<Keys extends string> = { [Key in Keys]?: never };
/** The key of workload `W`'s artifacts in a create body: `"mailboxRestoreArtifacts"`, … */
export type ArtifactsKey<W extends WorkloadName = "exchange"> = WorkloadOf<W>["artifactsKey"];

/**
 * `{"id": X}` or `{"@odata.id": X}`, never both. The generated union lets an object literal carry both keys
 * (TypeScript checks excess keys against the union as a whole); the service rejects that, so the client does too.
 */
export type RestorePointReference =
  | (Schemas["RestorePointIdReference"] & { "@odata.id"?: never })
  | (Schemas["RestorePointODataIdReference"] & { id?: never });

/**
 * A delta item that adds a restore point to a session of workload `W` (Exchange unless named). Its optional
 * `@odata.type` names the workload's artifact type, so an item of one workload does not compile in another's delta.
 */
export type AdditionItem<W extends WorkloadName = "exchange"> = Omit<
  Schema<SchemaNames<W>["addition"]>,
  "restorePoint" | "destinationType"
> & {
  restorePoint: RestorePointReference;
  destinationType: RequestDestinationType;
};
/** A delta item that removes an artifact (by artifact id) from a session of workload `W`. */
export type RemovalItem<W extends WorkloadName = "exchange"> = Schema<SchemaNames<W>["removal"]>;
/** One item of a delta request: an addition or a removal, never both. */
export type DeltaItem<W extends WorkloadName = "exchange"> = AdditionItem<W> | RemovalItem<W>;

/**
 * Body of workload `W`'s delta PATCH, e.g. `{"mailboxRestoreArtifacts@delta": [item, …]}` (Exchange, the default).
 * At least one item (the contract's `minItems: 1`, which the generated array type drops), so `[]` does not
 * compile; at most 50, which a type cannot say: {@link deltaBody} checks it (and turns a plain `DeltaItem[]` into
 * this type) before anything is sent.
 */
export type DeltaRequest<W extends WorkloadName = "exchange"> = Omit<
  Schema<SchemaNames<W>["deltaRequest"]>,
  DeltaKey<W>
> & { [Key in DeltaKey<W>]: [DeltaItem<W>, ...DeltaItem<W>[]] } & NoneOf<Exclude<DeltaKey<WorkloadName>, DeltaKey<W>>>;
/** Body of create: an optional list of additions (the same items as in a delta). */
export type CreateSessionRequest<W extends WorkloadName = "exchange"> = Omit<
  Schema<SchemaNames<W>["createRequest"]>,
  ArtifactsKey<W>
> & { [Key in ArtifactsKey<W>]?: AdditionItem<W>[] } & NoneOf<Exclude<ArtifactsKey<WorkloadName>, ArtifactsKey<W>>>;
export type DestinationType = Schemas["DestinationType"];
/**
 * A destination a request may ask for: every {@link DestinationType} but Graph's evolvable-enum sentinel
 * `unknownFutureValue`, which a service refuses in a request (Graph's API guidelines, evolvable enums).
 */
export type RequestDestinationType = Exclude<DestinationType, "unknownFutureValue">;
export type RemovalReason = NonNullable<Schemas["RemovedAnnotation"]["reason"]>;

/** The 200 answer of workload `W`'s delta PATCH. */
export type DeltaResponse<W extends WorkloadName = "exchange"> = Schema<SchemaNames<W>["deltaResponse"]>;
/** One entry of the `…@delta` array in a PATCH answer. */
export type DeltaResultEntry<W extends WorkloadName = "exchange"> = Schema<SchemaNames<W>["deltaResult"]>;
/** An added entry: the workload's artifact with the rules every added entry follows. */
export type AddedResult<W extends WorkloadName = "exchange"> = Schema<SchemaNames<W>["addedResult"]>;
/** An echoed removal, the same in every workload. */
export type RemovedResult = Schemas["RestoreArtifactRemovedResult"];
/** A per-item failure, the same in every workload. */
export type FailedResult = Schemas["RestoreArtifactFailedResult"];
export type DataModificationException = Schemas["DataModificationException"];

/** A session of workload `W` as read (`ExchangeRestoreSession`, …). */
export type RestoreSession<W extends WorkloadName = "exchange"> = Schema<SchemaNames<W>["session"]>;
/** An artifact of workload `W` as listed (`MailboxRestoreArtifact`, …). */
export type RestoreArtifact<W extends WorkloadName = "exchange"> = Schema<SchemaNames<W>["artifact"]>;
export type ExchangeRestoreSession = RestoreSession<"exchange">;
export type OneDriveForBusinessRestoreSession = RestoreSession<"onedrive">;
export type SharePointRestoreSession = RestoreSession<"sharepoint">;
export type ExchangeRestoreSessionCreateRequest = CreateSessionRequest<"exchange">;
export type OneDriveForBusinessRestoreSessionCreateRequest = CreateSessionRequest<"onedrive">;
export type SharePointRestoreSessionCreateRequest = CreateSessionRequest<"sharepoint">;
export type MailboxRestoreArtifact = RestoreArtifact<"exchange">;
export type DriveRestoreArtifact = RestoreArtifact<"onedrive">;
export type SiteRestoreArtifact = RestoreArtifact<"sharepoint">;
export type RestoreSessionBase = Schemas["RestoreSessionBase"];
/** The Graph error envelope `{"error": {code, message, innerError?}}` of every whole-request error. */
export type GraphErrorResponse = Schemas["GraphErrorResponse"];

/** The session collection path of workload `W` (create, list). */
export type CollectionPath<W extends WorkloadName = WorkloadName> = WorkloadOf<W>["collectionPath"];
/** The session path of workload `W` (get, the delta PATCH, delete). */
export type SessionPath<W extends WorkloadName = WorkloadName> = WorkloadOf<W>["sessionPath"];
/** The workload whose session path `P` is. */
export type WorkloadAt<P extends SessionPath> = {
  [W in WorkloadName]: SessionPath<W> extends P ? W : never;
}[WorkloadName];

/** An operation whose JSON request body is `Body`. */
type WithJsonBody<Operation, Body> = Omit<Operation, "requestBody"> & {
  requestBody: { content: { "application/json": Body } };
};

/**
 * The generated `paths`, with the request bodies of create and of the delta PATCH of every workload narrowed to
 * the client's own types above: what `client.POST` and `client.PATCH` accept. Answers are exactly the generated ones.
 */
export type RestorePaths = Omit<paths, CollectionPath | SessionPath> & {
  [W in WorkloadName as CollectionPath<W>]: Omit<paths[CollectionPath<W>], "post"> & {
    post: WithJsonBody<paths[CollectionPath<W>]["post"], CreateSessionRequest<W>>;
  };
} & {
  [W in WorkloadName as SessionPath<W>]: Omit<paths[SessionPath<W>], "patch"> & {
    patch: WithJsonBody<paths[SessionPath<W>]["patch"], DeltaRequest<W>>;
  };
};
