// Splits a delta PATCH answer of any workload into what was added, removed and failed, correlated by ids (never by
// position).
import { restorePointIdOf } from "../contract/restore-point.ts";
import { workload, workloadOfDeltaBody, type WorkloadName } from "../contract/workloads.ts";
import { DeltaResultError } from "./errors.ts";
import type {
  AddedResult,
  AdditionItem,
  DataModificationException,
  DeltaItem,
  DeltaKey,
  DeltaResultEntry,
  FailedResult,
  RemovalItem,
  RemovalReason,
  RemovedResult,
} from "./types.ts";

/** An artifact the PATCH added (an Exchange one unless `W` names another workload). */
export interface AddedArtifact<W extends WorkloadName = "exchange"> {
  /** The restore point the new artifact refers to (from `restorePoint.id` or `restorePoint["@odata.id"]`). */
  restorePointId: string;
  /** The new artifact's server-assigned id: use it to remove the artifact later. */
  artifactId: string;
  contentId: string | undefined;
  entry: AddedResult<W>;
}

/** An artifact the PATCH removed, echoed by the service or (given the request) implied by its silence. */
export interface RemovedArtifact {
  artifactId: string;
  reason: RemovalReason;
  /** True when the answer carried an `@removed` entry; false when the removal was inferred from the request. */
  echoed: boolean;
  contentId: string | undefined;
  /** The echoed entry; undefined for an inferred removal. */
  entry: RemovedResult | undefined;
}

interface FailureDetails {
  /** `info.code`, e.g. `Invalid`. */
  code: string;
  /** `info.message`. */
  message: string;
  /** The HTTP status the item would have had on its own (409 for an id the session does not hold). */
  responseCode: number;
  failedOperation: DataModificationException["failedOperation"];
  contentId: string | undefined;
  entry: FailedResult;
}

/** An addition that failed. */
export interface FailedAddition extends FailureDetails {
  operation: "add";
  restorePointId: string;
  /** The artifact id, if the service named one. */
  artifactId: string | undefined;
}

/** A removal that failed. */
export interface FailedRemoval extends FailureDetails {
  operation: "remove";
  artifactId: string;
  restorePointId?: undefined;
}

export type FailedArtifact = FailedAddition | FailedRemoval;

/** The split of a delta answer of workload `W` (Exchange unless named). */
export interface DeltaSplit<W extends WorkloadName = "exchange"> {
  added: AddedArtifact<W>[];
  removed: RemovedArtifact[];
  failed: FailedArtifact[];
  /**
   * Additions of the request (when given) that the answer neither added nor reported as failed. A conforming
   * service answers every addition, so a non-empty list means the answer is incomplete.
   */
  unanswered: AdditionItem<W>[];
}

/** What splitDeltaResult needs of a PATCH answer of workload `W` (the `data` of `client.PATCH(…)` fits). */
export type DeltaResultLike<W extends WorkloadName = "exchange"> = W extends WorkloadName
  ? { readonly [Key in DeltaKey<W>]: readonly DeltaResultEntry<W>[] }
  : never;

/** What splitDeltaResult needs of the request of workload `W` (the body built by `deltaBody` fits). */
export type DeltaRequestLike<W extends WorkloadName = "exchange"> = W extends WorkloadName
  ? { readonly [Key in DeltaKey<W>]: readonly DeltaItem<W>[] }
  : never;

/** The workload whose answer `Response` is, by the delta key it carries. */
export type WorkloadOfResult<Response> = {
  [W in WorkloadName]: Response extends DeltaResultLike<W> ? W : never;
}[WorkloadName];

type Entry = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function contentIdOf(entry: Entry): string | undefined {
  return text(entry["@Core.ContentID"]) ?? text(entry["@contentId"]);
}

function reasonOf(removed: unknown): RemovalReason {
  return (removed as { reason?: unknown } | null)?.reason === "deleted" ? "deleted" : "changed";
}

function isRemoval(item: DeltaItem<WorkloadName>): item is RemovalItem<WorkloadName> {
  return "@removed" in item && item["@removed"] !== undefined;
}

function restorePointOfEntry(entry: Entry): string | undefined {
  const ref = entry.restorePoint;
  return typeof ref === "object" && ref !== null
    ? restorePointIdOf(ref as { id?: string; "@odata.id"?: string })
    : undefined;
}

function failureOf(entry: Entry, where: string, index: number): Omit<FailureDetails, "contentId" | "entry"> {
  const exception = entry["@Core.DataModificationException"] as Partial<DataModificationException> | null;
  const info = exception?.info;
  if (typeof exception !== "object" || exception === null || typeof info !== "object" || info === null) {
    throw new DeltaResultError(`${where}["@Core.DataModificationException"] has no info {code, message}`, index);
  }
  return {
    code: String(info.code),
    message: String(info.message),
    responseCode: Number(exception.responseCode),
    failedOperation: exception.failedOperation as DataModificationException["failedOperation"],
  };
}

/**
 * Splits the answer of a delta PATCH into `{ added, removed, failed, unanswered }`.
 *
 * Entries are correlated by id, never by position (the order of entries is not promised):
 * - an entry with `@Core.DataModificationException` is a failure. A failed addition is recognised by its
 *   `restorePoint` (reported with `restorePointId`, and `artifactId` when the service names one); otherwise its
 *   `id` is the artifact id of a failed removal — unless, given the request, that id is the restore point of one
 *   of the request's additions and of none of its removals.
 * - an entry with `@removed` is an echoed removal (`echoed: true`), reported with its artifact id;
 * - any other entry is an added artifact, reported with its restore point id and its new artifact id.
 *
 * Services may echo successful removals or omit them; both conform. Given the `request` (optional), every
 * removal of the request that the answer neither echoes nor reports as failed is reported in `removed` as applied
 * (`echoed: false`, no `entry`), and every addition that the answer neither adds nor reports as failed is listed
 * in `unanswered`. Without the request, omitted removals cannot be known and are not reported.
 *
 * Every workload's answer splits the same way: the workload is the one whose delta key the answer carries
 * (`mailboxRestoreArtifacts@delta`, `driveRestoreArtifacts@delta`, `siteRestoreArtifacts@delta`), and the types
 * follow it; a request of another workload does not compile.
 *
 * Throws {@link DeltaResultError} (naming the index) when the answer has no delta array of its workload (the
 * request's, or Exchange's when neither names one), or an entry names neither its artifact nor its restore point.
 */
export function splitDeltaResult<Response extends DeltaResultLike<WorkloadName>>(
  response: Response,
  request?: DeltaRequestLike<WorkloadOfResult<Response>>,
): DeltaSplit<WorkloadOfResult<Response>>;
export function splitDeltaResult(
  response: DeltaResultLike<WorkloadName>,
  request?: DeltaRequestLike<WorkloadName>,
): DeltaSplit<WorkloadName> {
  const name = workloadOfDeltaBody(response) ?? workloadOfDeltaBody(request) ?? "exchange";
  return splitWorkloadDeltaResult(response as never, request as never, name);
}

/** {@link splitDeltaResult} for the answer of a known workload `name` (`deltaHelpers(name).splitDeltaResult`). */
export function splitWorkloadDeltaResult<W extends WorkloadName>(
  response: DeltaResultLike<W>,
  request: DeltaRequestLike<W> | undefined,
  name: W,
): DeltaSplit<W>;
export function splitWorkloadDeltaResult(
  response: unknown,
  request: object | undefined,
  name: WorkloadName,
): DeltaSplit<WorkloadName> {
  const deltaKey = workload(name).deltaKey;
  const entries: unknown = (response as Record<string, unknown> | null)?.[deltaKey];
  if (!Array.isArray(entries)) {
    throw new DeltaResultError(
      `the answer has no ${deltaKey} array (got ${entries === undefined ? "nothing" : typeof entries})`,
    );
  }
  const requestItems: readonly DeltaItem<WorkloadName>[] =
    (request as Record<string, readonly DeltaItem<WorkloadName>[] | undefined> | undefined)?.[deltaKey] ?? [];
  const requestedRemovals = new Set(requestItems.filter(isRemoval).map((item) => item.id));
  const requestedAdditions = new Set(
    requestItems
      .filter((item) => !isRemoval(item))
      .map((item) => restorePointIdOf((item as AdditionItem<WorkloadName>).restorePoint)),
  );

  const split: DeltaSplit<WorkloadName> = { added: [], removed: [], failed: [], unanswered: [] };
  entries.forEach((raw: unknown, index) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new DeltaResultError(
        `${deltaKey}[${index}] is not an object: ${JSON.stringify(raw) ?? String(raw)}`,
        index,
      );
    }
    const entry = raw as Entry;
    const id = text(entry.id);
    const contentId = contentIdOf(entry);
    if (entry["@Core.DataModificationException"] !== undefined) {
      const failure = { ...failureOf(entry, `${deltaKey}[${index}]`, index), contentId, entry: entry as FailedResult };
      const restorePointId =
        restorePointOfEntry(entry) ?? (id && !requestedRemovals.has(id) && requestedAdditions.has(id) ? id : undefined);
      if (restorePointId !== undefined) {
        split.failed.push({
          operation: "add",
          restorePointId,
          artifactId: restorePointId === id ? undefined : id,
          ...failure,
        });
      } else if (id !== undefined) {
        split.failed.push({ operation: "remove", artifactId: id, ...failure });
      } else {
        throw new DeltaResultError(
          `${deltaKey}[${index}] is a failure that names neither an artifact id nor a restore point`,
          index,
        );
      }
    } else if (entry["@removed"] !== undefined) {
      if (id === undefined)
        throw new DeltaResultError(`${deltaKey}[${index}] is an @removed entry without an artifact id`, index);
      split.removed.push({
        artifactId: id,
        reason: reasonOf(entry["@removed"]),
        echoed: true,
        contentId,
        entry: entry as RemovedResult,
      });
    } else {
      const restorePointId = restorePointOfEntry(entry);
      if (restorePointId === undefined) {
        throw new DeltaResultError(
          `${deltaKey}[${index}] is an added artifact whose restorePoint names no id or @odata.id`,
          index,
        );
      }
      if (id === undefined)
        throw new DeltaResultError(`${deltaKey}[${index}] is an added artifact without its artifact id`, index);
      split.added.push({ restorePointId, artifactId: id, contentId, entry: entry as AddedResult<WorkloadName> });
    }
  });

  const answeredRemovals = new Set([
    ...split.removed.map((removed) => removed.artifactId),
    ...split.failed.filter((failed) => failed.operation === "remove").map((failed) => failed.artifactId),
  ]);
  const answeredAdditions = new Set([
    ...split.added.map((added) => added.restorePointId),
    ...split.failed.filter((failed) => failed.operation === "add").map((failed) => failed.restorePointId),
  ]);
  for (const item of requestItems) {
    if (isRemoval(item)) {
      if (answeredRemovals.has(item.id)) continue;
      split.removed.push({
        artifactId: item.id,
        reason: reasonOf(item["@removed"]),
        echoed: false,
        contentId: item["@Core.ContentID"],
        entry: undefined,
      });
    } else {
      const restorePointId = restorePointIdOf(item.restorePoint);
      if (restorePointId === undefined || !answeredAdditions.has(restorePointId)) split.unanswered.push(item);
    }
  }
  return split;
}
