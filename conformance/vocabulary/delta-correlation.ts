// Matches the entries of a PATCH answer (the array under the workload's delta key) to the items the request sent:
// additions by restore-point id, removals and failures by artifact id (or a content id the request gave), never by
// position.
import { restorePointIdOf, type RestorePointRef } from "../../src/contract/restore-point.ts";
import { FAILURE_KEY, REMOVED_KEY } from "../../src/contract/wire-names.ts";
import type { Workload } from "../../src/contract/workloads.ts";
import type { SentItem } from "./step-response.ts";

export type EntryKind = "added" | "removed" | "failed";

export interface DeltaEntry {
  /** Position in the answer, for messages only. */
  index: number;
  pointer: string;
  kind: EntryKind;
  value: Record<string, unknown>;
  /** The request item it reports, when it could be matched. */
  item?: SentItem;
}

function contentIdOf(entry: Record<string, unknown>): string | undefined {
  const value = entry["@Core.ContentID"] ?? entry["@contentId"];
  return typeof value === "string" ? value : undefined;
}

function kindOf(entry: Record<string, unknown>): EntryKind {
  if (FAILURE_KEY in entry) return "failed";
  if (REMOVED_KEY in entry) return "removed";
  return "added";
}

function matchItem(
  entry: Record<string, unknown>,
  kind: EntryKind,
  sent: readonly SentItem[],
  knownArtifacts: ReadonlyMap<string, string>,
): SentItem | undefined {
  const id = typeof entry.id === "string" ? entry.id : undefined;
  const restorePointId = restorePointIdOf(entry.restorePoint as RestorePointRef | undefined);
  const removalOf = (artifactId: string | undefined) =>
    sent.find((item) => item.kind === "remove" && item.artifactId === artifactId);
  const additionOf = (restorePoint: string | undefined) =>
    sent.find((item) => item.kind === "add" && item.restorePointId === restorePoint);
  if (kind === "added") return additionOf(restorePointId);
  if (kind === "removed") return removalOf(id);
  const contentId = contentIdOf(entry);
  return (
    (contentId === undefined
      ? undefined
      : sent.find((item) => item.kind !== "other" && item.contentId === contentId)) ??
    removalOf(id) ??
    additionOf(restorePointId) ??
    // A failed re-addition may name the artifact that already holds the restore point instead of the restore point,
    // or put the restore point's own id in `id` (readings of failed-addition-identity, ERRATA E9).
    additionOf(id === undefined ? undefined : knownArtifacts.get(id)) ??
    additionOf(id) ??
    // Graph's own example puts the removed id in @contentId (ERRATA E3).
    removalOf(contentId) ??
    additionOf(contentId)
  );
}

/**
 * The answer's delta entries (under `deltaKey`), each matched to a request item where possible; undefined when there
 * is no array. `knownArtifacts` (artifact id → restore-point id, from earlier answers) lets a failure that names a
 * held artifact be matched to the addition of its restore point.
 */
export function correlateDelta(
  body: unknown,
  sent: readonly SentItem[],
  deltaKey: string,
  knownArtifacts: ReadonlyMap<string, string> = new Map(),
): DeltaEntry[] | undefined {
  const delta = (body as Record<string, unknown> | null | undefined)?.[deltaKey];
  if (!Array.isArray(delta)) return undefined;
  return delta.map((raw, index) => {
    const value = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const kind = kindOf(value);
    const item = matchItem(value, kind, sent, knownArtifacts);
    return { index, pointer: `/${deltaKey}/${index}`, kind, value, ...(item ? { item } : {}) };
  });
}

/**
 * The artifact id an answer of `workload` reports for each restore point: added PATCH entries, or listed/created
 * artifacts (an artifact listed without its restore point is named by `known`, artifact id → restore-point id, when
 * an earlier answer reported it).
 */
export function artifactIdsByRestorePoint(
  body: unknown,
  workload: Workload,
  known?: ReadonlyMap<string, string>,
): Map<string, string> {
  const found = new Map<string, string>();
  const record = (body ?? {}) as Record<string, unknown>;
  const candidates = [record[workload.deltaKey], record.value, record[workload.artifactsKey]].flatMap((list) =>
    Array.isArray(list) ? list : [],
  );
  for (const candidate of candidates) {
    if (!candidate || typeof candidate !== "object") continue;
    const entry = candidate as Record<string, unknown>;
    if (FAILURE_KEY in entry || REMOVED_KEY in entry || typeof entry.id !== "string") continue;
    const restorePointId = restorePointIdOf(entry.restorePoint as RestorePointRef | undefined) ?? known?.get(entry.id);
    if (restorePointId !== undefined && !found.has(restorePointId)) found.set(restorePointId, entry.id);
  }
  return found;
}

/** How a failed entry names the addition it reports (a reading of failed-addition-identity, ERRATA E9), or
 *  undefined when only a content id names it. */
export function failedAdditionIdentity(
  entry: DeltaEntry,
  knownArtifacts: ReadonlyMap<string, string>,
): "restore-point" | "restore-point-id" | "holding-artifact-id" | undefined {
  const item = entry.item;
  if (entry.kind !== "failed" || item?.kind !== "add") return undefined;
  if (restorePointIdOf(entry.value.restorePoint as RestorePointRef | undefined) === item.restorePointId)
    return "restore-point";
  const id = typeof entry.value.id === "string" ? entry.value.id : undefined;
  if (id === undefined) return undefined;
  if (knownArtifacts.get(id) === item.restorePointId) return "holding-artifact-id";
  return id === item.restorePointId ? "restore-point-id" : undefined;
}
