// In-memory state: sessions (each in its workload's collection), their artifacts, and which restore points each
// session holds. Every mutation is synchronous, so a request that validated first and then applies cannot
// interleave with another one.
import { randomUUID } from "node:crypto";
import type { DestinationType } from "../../src/contract/wire-names.ts";
import type { WorkloadName } from "../../src/contract/workloads.ts";

export interface ArtifactRecord {
  id: string;
  /** Insertion order; paging continues after a sequence number, so concurrent changes never repeat an entry. */
  seq: number;
  restorePointId: string;
  /** The reference exactly as the client sent it (`{"id"}` or `{"@odata.id"}`). */
  restorePoint: Record<string, unknown>;
  destinationType: DestinationType;
  createdDateTime: string;
}

export interface SessionRecord {
  id: string;
  /** The collection it was created in; no other workload's collection knows it. */
  workload: WorkloadName;
  seq: number;
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** When activate succeeded; null while draft. */
  activatedAt: Date | null;
  artifacts: Map<string, ArtifactRecord>;
  /** restore-point id → artifact id, for "already holds this restore point". */
  artifactByRestorePoint: Map<string, string>;
}

export interface NewArtifact {
  restorePointId: string;
  restorePoint: Record<string, unknown>;
  destinationType: DestinationType;
}

/** RFC 3339 UTC with milliseconds, e.g. `2024-09-10T12:01:03.450Z`. */
export function timestamp(date: Date): string {
  return date.toISOString();
}

export class ReferenceStore {
  #sessions = new Map<string, SessionRecord>();
  #seq = 0;

  #nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  createSession(now: Date, workload: WorkloadName): SessionRecord {
    const session: SessionRecord = {
      id: randomUUID(),
      workload,
      seq: this.#nextSeq(),
      createdDateTime: timestamp(now),
      lastModifiedDateTime: timestamp(now),
      activatedAt: null,
      artifacts: new Map(),
      artifactByRestorePoint: new Map(),
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The session with this id; with `workload`, only when it is in that workload's collection. */
  getSession(id: string, workload?: WorkloadName): SessionRecord | undefined {
    const session = this.#sessions.get(id);
    return workload === undefined || session?.workload === workload ? session : undefined;
  }

  deleteSession(id: string): boolean {
    return this.#sessions.delete(id);
  }

  /** Sessions in creation order: every one, or those of one workload's collection. */
  sessions(workload?: WorkloadName): SessionRecord[] {
    const all = [...this.#sessions.values()];
    return workload === undefined ? all : all.filter((session) => session.workload === workload);
  }

  addArtifact(session: SessionRecord, artifact: NewArtifact, now: Date): ArtifactRecord {
    const record: ArtifactRecord = {
      id: randomUUID(),
      seq: this.#nextSeq(),
      restorePointId: artifact.restorePointId,
      restorePoint: structuredClone(artifact.restorePoint),
      destinationType: artifact.destinationType,
      createdDateTime: timestamp(now),
    };
    session.artifacts.set(record.id, record);
    session.artifactByRestorePoint.set(record.restorePointId, record.id);
    session.lastModifiedDateTime = timestamp(now);
    return record;
  }

  /** Removes an artifact; false when the session does not hold it. */
  removeArtifact(session: SessionRecord, artifactId: string, now: Date): boolean {
    const record = session.artifacts.get(artifactId);
    if (!record) return false;
    session.artifacts.delete(artifactId);
    session.artifactByRestorePoint.delete(record.restorePointId);
    session.lastModifiedDateTime = timestamp(now);
    return true;
  }

  /** Artifacts in insertion order. */
  artifacts(session: SessionRecord): ArtifactRecord[] {
    return [...session.artifacts.values()];
  }

  /** A deep, independent copy: answer from it to compute a response without changing the real state. */
  clone(): ReferenceStore {
    const copy = new ReferenceStore();
    copy.#seq = this.#seq;
    for (const session of this.#sessions.values()) {
      copy.#sessions.set(session.id, {
        ...session,
        artifacts: new Map(
          [...session.artifacts].map(([id, artifact]) => [
            id,
            { ...artifact, restorePoint: structuredClone(artifact.restorePoint) },
          ]),
        ),
        artifactByRestorePoint: new Map(session.artifactByRestorePoint),
      });
    }
    return copy;
  }
}
