// The restore-session family: Exchange, OneDrive for Business and SharePoint sessions share one delta shape and
// differ only in names. This registry holds those names, once, for the client, the reference server and the runner.

/** The workload names, fixed (the conformance suite's `--workload` takes them). */
export const WORKLOAD_NAMES = ["exchange", "onedrive", "sharepoint"] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** What one workload calls things, on the wire and in the contract. */
export interface Workload {
  name: WorkloadName;
  /** Human-readable, for reports and messages. */
  title: string;
  /** The session collection: create (POST) and list (GET). */
  collectionPath: string;
  /** One session: get, the delta PATCH, delete. */
  sessionPath: string;
  /** The path parameter naming the session in `sessionPath` and `artifactsPath`. */
  sessionIdParameter: string;
  /** The session's artifacts, paged. */
  artifactsPath: string;
  /** The artifact collection's name: the create body's key and the session's navigation property. */
  artifactsKey: string;
  /** The key of the delta PATCH body and of its answer's array: `<artifactsKey>@delta`. */
  deltaKey: string;
  /** The OData type names (`#microsoft.graph.<name>` in `@odata.type`). */
  sessionType: string;
  artifactType: string;
  operationIds: {
    create: string;
    list: string;
    get: string;
    update: string;
    delete: string;
    listArtifacts: string;
    /** Activation is one operation for every kind of session (`restoreSessions/{id}/activate`). */
    activate: string;
  };
  /** The contract's schema (components.schemas) names of this workload's bodies and entries. */
  schemas: {
    session: string;
    sessionCollection: string;
    createRequest: string;
    deltaRequest: string;
    deltaResponse: string;
    artifact: string;
    artifactCollection: string;
    addition: string;
    removal: string;
    deltaResult: string;
    addedResult: string;
  };
}

const BASE = "/solutions/backupRestore";
const ACTIVATE = "activateRestoreSession";

export const WORKLOADS = {
  exchange: {
    name: "exchange",
    title: "Exchange",
    collectionPath: `${BASE}/exchangeRestoreSessions`,
    sessionPath: `${BASE}/exchangeRestoreSessions/{exchangeRestoreSessionId}`,
    sessionIdParameter: "exchangeRestoreSessionId",
    artifactsPath: `${BASE}/exchangeRestoreSessions/{exchangeRestoreSessionId}/mailboxRestoreArtifacts`,
    artifactsKey: "mailboxRestoreArtifacts",
    deltaKey: "mailboxRestoreArtifacts@delta",
    sessionType: "exchangeRestoreSession",
    artifactType: "mailboxRestoreArtifact",
    operationIds: {
      create: "createExchangeRestoreSession",
      list: "listExchangeRestoreSessions",
      get: "getExchangeRestoreSession",
      update: "updateExchangeRestoreSession",
      delete: "deleteExchangeRestoreSession",
      listArtifacts: "listMailboxRestoreArtifacts",
      activate: ACTIVATE,
    },
    schemas: {
      session: "ExchangeRestoreSession",
      sessionCollection: "ExchangeRestoreSessionCollection",
      createRequest: "ExchangeRestoreSessionCreateRequest",
      deltaRequest: "ExchangeRestoreSessionDeltaRequest",
      deltaResponse: "ExchangeRestoreSessionDeltaResponse",
      artifact: "MailboxRestoreArtifact",
      artifactCollection: "MailboxRestoreArtifactCollection",
      addition: "MailboxRestoreArtifactAddition",
      removal: "MailboxRestoreArtifactRemoval",
      deltaResult: "MailboxRestoreArtifactDeltaResult",
      addedResult: "MailboxRestoreArtifactAddedResult",
    },
  },
  onedrive: {
    name: "onedrive",
    title: "OneDrive for Business",
    collectionPath: `${BASE}/oneDriveForBusinessRestoreSessions`,
    sessionPath: `${BASE}/oneDriveForBusinessRestoreSessions/{oneDriveForBusinessRestoreSessionId}`,
    sessionIdParameter: "oneDriveForBusinessRestoreSessionId",
    artifactsPath: `${BASE}/oneDriveForBusinessRestoreSessions/{oneDriveForBusinessRestoreSessionId}/driveRestoreArtifacts`,
    artifactsKey: "driveRestoreArtifacts",
    deltaKey: "driveRestoreArtifacts@delta",
    sessionType: "oneDriveForBusinessRestoreSession",
    artifactType: "driveRestoreArtifact",
    operationIds: {
      create: "createOneDriveForBusinessRestoreSession",
      list: "listOneDriveForBusinessRestoreSessions",
      get: "getOneDriveForBusinessRestoreSession",
      update: "updateOneDriveForBusinessRestoreSession",
      delete: "deleteOneDriveForBusinessRestoreSession",
      listArtifacts: "listDriveRestoreArtifacts",
      activate: ACTIVATE,
    },
    schemas: {
      session: "OneDriveForBusinessRestoreSession",
      sessionCollection: "OneDriveForBusinessRestoreSessionCollection",
      createRequest: "OneDriveForBusinessRestoreSessionCreateRequest",
      deltaRequest: "OneDriveForBusinessRestoreSessionDeltaRequest",
      deltaResponse: "OneDriveForBusinessRestoreSessionDeltaResponse",
      artifact: "DriveRestoreArtifact",
      artifactCollection: "DriveRestoreArtifactCollection",
      addition: "DriveRestoreArtifactAddition",
      removal: "DriveRestoreArtifactRemoval",
      deltaResult: "DriveRestoreArtifactDeltaResult",
      addedResult: "DriveRestoreArtifactAddedResult",
    },
  },
  sharepoint: {
    name: "sharepoint",
    title: "SharePoint",
    collectionPath: `${BASE}/sharePointRestoreSessions`,
    sessionPath: `${BASE}/sharePointRestoreSessions/{sharePointRestoreSessionId}`,
    sessionIdParameter: "sharePointRestoreSessionId",
    artifactsPath: `${BASE}/sharePointRestoreSessions/{sharePointRestoreSessionId}/siteRestoreArtifacts`,
    artifactsKey: "siteRestoreArtifacts",
    deltaKey: "siteRestoreArtifacts@delta",
    sessionType: "sharePointRestoreSession",
    artifactType: "siteRestoreArtifact",
    operationIds: {
      create: "createSharePointRestoreSession",
      list: "listSharePointRestoreSessions",
      get: "getSharePointRestoreSession",
      update: "updateSharePointRestoreSession",
      delete: "deleteSharePointRestoreSession",
      listArtifacts: "listSiteRestoreArtifacts",
      activate: ACTIVATE,
    },
    schemas: {
      session: "SharePointRestoreSession",
      sessionCollection: "SharePointRestoreSessionCollection",
      createRequest: "SharePointRestoreSessionCreateRequest",
      deltaRequest: "SharePointRestoreSessionDeltaRequest",
      deltaResponse: "SharePointRestoreSessionDeltaResponse",
      artifact: "SiteRestoreArtifact",
      artifactCollection: "SiteRestoreArtifactCollection",
      addition: "SiteRestoreArtifactAddition",
      removal: "SiteRestoreArtifactRemoval",
      deltaResult: "SiteRestoreArtifactDeltaResult",
      addedResult: "SiteRestoreArtifactAddedResult",
    },
  },
} as const satisfies { readonly [W in WorkloadName]: Workload & { name: W } };

/** The registry entry of `name`, literal types kept (e.g. `workload("onedrive").deltaKey` is `"driveRestoreArtifacts@delta"`). */
export type WorkloadOf<W extends WorkloadName> = (typeof WORKLOADS)[W];

export function isWorkloadName(value: unknown): value is WorkloadName {
  return typeof value === "string" && (WORKLOAD_NAMES as readonly string[]).includes(value);
}

/** The registry entry of a workload; a name outside the registry throws, naming the ones it has. */
export function workload<W extends WorkloadName>(name: W): WorkloadOf<W> {
  if (!isWorkloadName(name)) {
    throw new RangeError(
      `unknown workload ${JSON.stringify(name) ?? String(name)}; the workloads are ${WORKLOAD_NAMES.join(", ")}`,
    );
  }
  return WORKLOADS[name];
}

/** The workload whose delta key `body` carries (exactly one), or undefined when it carries none or several. */
export function workloadOfDeltaBody(body: unknown): WorkloadName | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const found = WORKLOAD_NAMES.filter((name) => WORKLOADS[name].deltaKey in body);
  return found.length === 1 ? found[0] : undefined;
}

/** What an operation does, whatever the workload: the keys of `Workload.operationIds`. */
export type OperationRole = keyof Workload["operationIds"];
export const OPERATION_ROLES: readonly OperationRole[] = Object.freeze([
  "create",
  "list",
  "get",
  "update",
  "delete",
  "listArtifacts",
  "activate",
]);

/**
 * The role of a contract operation and the workload it belongs to (undefined for the shared activation); undefined
 * for an operationId no workload has.
 */
export function operationOf(
  operationId: string,
): { role: OperationRole; workload: WorkloadName | undefined } | undefined {
  for (const name of WORKLOAD_NAMES) {
    const role = OPERATION_ROLES.find((candidate) => WORKLOADS[name].operationIds[candidate] === operationId);
    if (role !== undefined) return { role, workload: role === "activate" ? undefined : name };
  }
  return undefined;
}
