// Builders for the delta PATCH body of every workload: typed items, and a body that the service would not reject as
// a whole.
import { restorePointIdOf } from "../contract/restore-point.ts";
import { workload, type WorkloadName } from "../contract/workloads.ts";
import { DeltaBodyError } from "./errors.ts";
import type {
  AdditionItem,
  DeltaItem,
  DeltaRequest,
  RemovalItem,
  RemovalReason,
  RequestDestinationType,
} from "./types.ts";

/** The most items one delta PATCH may carry (more: 400 `RestoreArtifactsLimitBreached`), in every workload. */
export const MAX_DELTA_ITEMS = 50;

/** What a request may ask for: not the `unknownFutureValue` sentinel, which a service refuses (400). */
const DESTINATION_TYPES: readonly RequestDestinationType[] = ["new", "inPlace"];
const REMOVAL_REASONS: readonly RemovalReason[] = ["changed", "deleted"];
const ADDITION_KEYS = new Set(["restorePoint", "destinationType", "@odata.type", "@Core.ContentID"]);
const REMOVAL_KEYS = new Set(["@removed", "id", "@odata.type", "@Core.ContentID"]);

export interface AddArtifactOptions {
  /** How the restore point is referenced: `{"id": …}` (English docs, default) or `{"@odata.id": …}` (Chinese docs). */
  form?: "id" | "odata.id";
  /** `@Core.ContentID` for this item: a client-chosen label, unique within the request. */
  contentId?: string;
}

export interface RemoveArtifactOptions {
  /** `@Core.ContentID` for this item: a client-chosen label, unique within the request. */
  contentId?: string;
}

/** Where a problem sits: an item of a delta (`driveRestoreArtifacts@delta[3]`), or a builder's argument. */
interface Place {
  deltaKey: string;
  index: number;
}

function prefix(place?: Place): string {
  return place === undefined ? "" : `${place.deltaKey}[${place.index}]: `;
}

function requireText(value: unknown, what: string, place?: Place): asserts value is string {
  if (typeof value !== "string" || value.length === 0) {
    throw new DeltaBodyError(
      `${prefix(place)}${what} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`,
      "invalid-item",
      place?.index,
    );
  }
}

function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  what: string,
  place?: Place,
): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new DeltaBodyError(
      `${prefix(place)}${what} must be one of ${allowed.map((v) => `"${v}"`).join(", ")}, got ${JSON.stringify(value) ?? String(value)}`,
      "invalid-item",
      place?.index,
    );
  }
}

/**
 * A delta item that adds the restore point `restorePointId` to the session, restoring to `destinationType`. The
 * item fits the delta of every workload (Exchange, OneDrive, SharePoint).
 *
 * ```ts
 * addArtifact("1b014d8c-71fe-4d00-a01a-31850bc5b32c", "inPlace")
 * // { restorePoint: { id: "1b014d8c-…" }, destinationType: "inPlace" }
 * addArtifact("1b014d8c-…", "new", { form: "odata.id" })
 * // { restorePoint: { "@odata.id": "1b014d8c-…" }, destinationType: "new" }
 * ```
 */
export function addArtifact(
  restorePointId: string,
  destinationType: RequestDestinationType,
  options: AddArtifactOptions = {},
): AdditionItem {
  requireText(restorePointId, "the restore point id");
  requireOneOf(destinationType, DESTINATION_TYPES, "destinationType");
  requireOneOf(options.form ?? "id", ["id", "odata.id"] as const, "options.form");
  if (options.contentId !== undefined) requireText(options.contentId, "options.contentId");
  const restorePoint = options.form === "odata.id" ? { "@odata.id": restorePointId } : { id: restorePointId };
  const item: AdditionItem = { restorePoint, destinationType };
  if (options.contentId !== undefined) item["@Core.ContentID"] = options.contentId;
  return item;
}

/**
 * A delta item that removes the artifact `artifactId` (the artifact's id, not its restore point's) from the
 * session, in any workload. `reason` defaults to `"changed"` (removed from the session); `"deleted"` also deletes it.
 */
export function removeArtifact(
  artifactId: string,
  reason: RemovalReason = "changed",
  options: RemoveArtifactOptions = {},
): RemovalItem {
  requireText(artifactId, "the artifact id");
  requireOneOf(reason, REMOVAL_REASONS, "reason");
  if (options.contentId !== undefined) requireText(options.contentId, "options.contentId");
  const item: RemovalItem = { "@removed": { reason }, id: artifactId };
  if (options.contentId !== undefined) item["@Core.ContentID"] = options.contentId;
  return item;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks one item's shape at run time (for callers without the types) and returns what identifies it. */
function identify(
  item: unknown,
  place: Place,
  artifactType: string,
): { kind: "add"; restorePointId: string } | { kind: "remove"; artifactId: string } {
  const { index } = place;
  const where = `${place.deltaKey}[${index}]`;
  if (!isObject(item))
    throw new DeltaBodyError(
      `${where} must be an object, got ${JSON.stringify(item) ?? String(item)}`,
      "invalid-item",
      index,
    );
  const adds = "restorePoint" in item || "destinationType" in item;
  const removes = "@removed" in item || "id" in item;
  if (adds === removes) {
    const why = adds
      ? "has both addition keys (restorePoint, destinationType) and removal keys (@removed, id)"
      : "is neither an addition (restorePoint + destinationType) nor a removal (@removed + id)";
    throw new DeltaBodyError(`${where} ${why}`, "invalid-item", index);
  }
  const allowed = adds ? ADDITION_KEYS : REMOVAL_KEYS;
  const unknown = Object.keys(item).filter((key) => !allowed.has(key));
  if (unknown.length > 0) {
    throw new DeltaBodyError(
      `${where} has unknown propert${unknown.length > 1 ? "ies" : "y"} ${unknown.map((k) => `"${k}"`).join(", ")}`,
      "invalid-item",
      index,
    );
  }
  if ("@Core.ContentID" in item) requireText(item["@Core.ContentID"], "@Core.ContentID", place);
  if ("@odata.type" in item)
    requireOneOf(item["@odata.type"], [`#microsoft.graph.${artifactType}`], "@odata.type", place);
  if (adds) {
    const ref = item.restorePoint;
    if (!isObject(ref) || "id" in ref === "@odata.id" in ref || Object.keys(ref).length !== 1) {
      throw new DeltaBodyError(
        `${where}.restorePoint must be exactly one of {"id": …} or {"@odata.id": …}, got ${JSON.stringify(ref) ?? String(ref)}`,
        "invalid-item",
        index,
      );
    }
    requireText(ref.id ?? ref["@odata.id"], "the restore point id", place);
    requireOneOf(item.destinationType, DESTINATION_TYPES, "destinationType", place);
    return { kind: "add", restorePointId: restorePointIdOf(ref) as string };
  }
  requireText(item.id, "the artifact id", place);
  const removed = item["@removed"];
  if (!isObject(removed))
    throw new DeltaBodyError(
      `${where}["@removed"] must be an object like {"reason": "changed"}`,
      "invalid-item",
      index,
    );
  if (removed.reason !== undefined) requireOneOf(removed.reason, REMOVAL_REASONS, "@removed.reason", place);
  return { kind: "remove", artifactId: item.id };
}

/**
 * The delta PATCH body of workload `name` for `items`, checked before anything is sent: 1 to
 * {@link MAX_DELTA_ITEMS} items, each exactly an addition or a removal (an `@odata.type` naming the workload's own
 * artifact type), no restore point twice (`{"id": X}` and `{"@odata.id": …X}` are the same one), no artifact id
 * twice and no `@Core.ContentID` twice. Anything else throws a {@link DeltaBodyError} naming the offending index:
 * the service would reject the whole request (400) and apply nothing. `deltaHelpers(name).deltaBody` is this.
 */
export function workloadDeltaBody<W extends WorkloadName>(items: readonly DeltaItem<W>[], name: W): DeltaRequest<W> {
  const { deltaKey, artifactType } = workload(name);
  if (!Array.isArray(items))
    throw new DeltaBodyError(`${deltaKey} items must be an array, got ${typeof items}`, "invalid-item");
  if (items.length === 0) {
    throw new DeltaBodyError(
      `${deltaKey} is empty: send 1 to ${MAX_DELTA_ITEMS} items (the service answers 400 InvalidArtifactRequest)`,
      "empty",
    );
  }
  if (items.length > MAX_DELTA_ITEMS) {
    throw new DeltaBodyError(
      `${deltaKey} has ${items.length} items; at most ${MAX_DELTA_ITEMS} per request (item ${MAX_DELTA_ITEMS} is the first too many; the service answers 400 RestoreArtifactsLimitBreached): split it into several PATCH calls`,
      "too-many-items",
      MAX_DELTA_ITEMS,
    );
  }
  const restorePoints = new Map<string, number>();
  const artifacts = new Map<string, number>();
  const contentIds = new Map<string, number>();
  items.forEach((item, index) => {
    const identity = identify(item, { deltaKey, index }, artifactType);
    const contentId = (item as { "@Core.ContentID"?: string })["@Core.ContentID"];
    if (contentId !== undefined) {
      const first = contentIds.get(contentId);
      if (first !== undefined) {
        throw new DeltaBodyError(
          `${deltaKey}[${index}] repeats @Core.ContentID "${contentId}" of item ${first}; content ids must be unique`,
          "duplicate-content-id",
          index,
        );
      }
      contentIds.set(contentId, index);
    }
    const [seen, key, problem, what] =
      identity.kind === "add"
        ? ([restorePoints, identity.restorePointId, "duplicate-restore-point", "adds restore point"] as const)
        : ([artifacts, identity.artifactId, "duplicate-artifact", "removes artifact"] as const);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new DeltaBodyError(
        `${deltaKey}[${index}] ${what} "${key}" again (item ${first} already does; the service answers 400 DuplicateArtifactInList)`,
        problem,
        index,
      );
    }
    seen.set(key, index);
  });
  return { [deltaKey]: [...items] } as DeltaRequest<W>; // 1 to 50 items, checked above
}

/**
 * The Exchange delta PATCH body (`{"mailboxRestoreArtifacts@delta": items}`), checked as {@link workloadDeltaBody}
 * says. For OneDrive and SharePoint bodies use `deltaHelpers("onedrive").deltaBody` and `deltaHelpers("sharepoint")`.
 */
export function deltaBody(items: readonly DeltaItem[]): DeltaRequest {
  return workloadDeltaBody(items, "exchange");
}
