// How stored state is answered: sessions, artifacts and delta results, shaped as Graph sends them (nullable
// properties present as null, timestamps RFC 3339 UTC with milliseconds), each with its workload's names (the
// workload registry) and restore-target properties (the contract's artifact schema). Also the session lifecycle.
import { loadOpenApiDocument } from "../../src/contract/document.ts";
import { WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
import type { BehaviorKnobs } from "./behavior-knobs.ts";
import { timestamp, type ArtifactRecord, type SessionRecord } from "./store.ts";

export type SessionStatus = "draft" | "activating" | "active" | "completed";
export type ArtifactStatus = "added" | "scheduling" | "inProgress" | "succeeded";

/** The identity the reference server records as creator and modifier of everything. */
export const REFERENCE_IDENTITY = Object.freeze({
  application: {
    id: "00000000-0000-4000-8000-000000000e5c",
    displayName: "exchange-restore-contract reference server",
  },
  user: null,
  device: null,
});

/** Lifecycle: draft until activated, then activating → active → completed on the behavior's timeline. */
export function sessionStatus(session: SessionRecord, behavior: BehaviorKnobs, now: Date): SessionStatus {
  if (!session.activatedAt) return "draft";
  const elapsed = now.getTime() - session.activatedAt.getTime();
  if (behavior.completedAfterMs !== null && elapsed >= behavior.completedAfterMs) return "completed";
  if (behavior.activeAfterMs !== null && elapsed >= behavior.activeAfterMs) return "active";
  return "activating";
}

const ARTIFACT_STATUS: Record<SessionStatus, ArtifactStatus> = {
  draft: "added",
  activating: "scheduling",
  active: "inProgress",
  completed: "succeeded",
};

function after(start: Date | null, ms: number | null): string | null {
  return start && ms !== null ? timestamp(new Date(start.getTime() + ms)) : null;
}

export function metadataContext(baseUrl: string, fragment: string): string {
  return `${baseUrl}/$metadata#${fragment}`;
}

/** `@odata.context` of one session of a workload's collection. */
export function entityContext(baseUrl: string, workload: WorkloadName): string {
  return metadataContext(baseUrl, `${WORKLOADS[workload].collectionPath.slice(1)}/$entity`);
}

/** `@odata.type` of a workload's session (`#microsoft.graph.oneDriveForBusinessRestoreSession`, …). */
export function sessionODataType(workload: WorkloadName): string {
  return `#microsoft.graph.${WORKLOADS[workload].sessionType}`;
}

const restoreTargets = new Map<WorkloadName, readonly string[]>();

/**
 * Where a workload's artifact was restored: the properties its artifact schema adds to RestoreArtifactBase
 * (`restoredFolderId`, … for a mailbox; `restoredSiteId`, … for a drive or a site), read from the contract.
 */
export function restoreTargetProperties(workload: WorkloadName): readonly string[] {
  let names = restoreTargets.get(workload);
  if (!names) {
    const schema = loadOpenApiDocument().components.schemas[WORKLOADS[workload].schemas.artifact] as {
      allOf?: Array<{ properties?: Record<string, unknown> }>;
    };
    names = Object.freeze((schema.allOf ?? []).flatMap((part) => Object.keys(part.properties ?? {})));
    restoreTargets.set(workload, names);
  }
  return names;
}

/** A session as get/list/create/activate answer it (without `@odata.context`). */
export function sessionResource(session: SessionRecord, behavior: BehaviorKnobs, now: Date): Record<string, unknown> {
  const status = sessionStatus(session, behavior, now);
  const total = session.artifacts.size;
  return {
    id: session.id,
    status,
    createdDateTime: session.createdDateTime,
    createdBy: REFERENCE_IDENTITY,
    lastModifiedDateTime: session.lastModifiedDateTime,
    lastModifiedBy: REFERENCE_IDENTITY,
    completedDateTime: status === "completed" ? after(session.activatedAt, behavior.completedAfterMs) : null,
    error: null,
    restoreJobType: "standard",
    restoreSessionArtifactCount: {
      completed: status === "completed" ? total : 0,
      failed: 0,
      inProgress: status === "activating" || status === "active" ? total : 0,
      total,
    },
  };
}

/** An artifact as the artifacts list answers it; `restorePoint` is expanded to `{"id"}` whatever form was sent. */
export function artifactResource(
  artifact: ArtifactRecord,
  session: SessionRecord,
  behavior: BehaviorKnobs,
  now: Date,
): Record<string, unknown> {
  const status = sessionStatus(session, behavior, now);
  return {
    id: artifact.id,
    destinationType: artifact.destinationType,
    status: ARTIFACT_STATUS[status],
    createdDateTime: artifact.createdDateTime,
    startDateTime:
      status === "active" || status === "completed" ? after(session.activatedAt, behavior.activeAfterMs ?? 0) : null,
    completionDateTime: status === "completed" ? after(session.activatedAt, behavior.completedAfterMs) : null,
    error: null,
    ...Object.fromEntries(restoreTargetProperties(session.workload).map((name) => [name, null])),
    restorePoint: { id: artifact.restorePointId },
  };
}

/** The delta-result entry of an added artifact: the reference echoed in the form it was sent. */
export function addedResult(artifact: ArtifactRecord): Record<string, unknown> {
  return {
    id: artifact.id,
    restorePoint: structuredClone(artifact.restorePoint),
    destinationType: artifact.destinationType,
    status: "added",
    createdDateTime: artifact.createdDateTime,
  };
}
