// PATCH …/<collection>/{id}: the delta update under the workload's delta key. Everything is validated first
// (planDelta) and only a fully accepted request is applied (applyDeltaPlan), synchronously, so a rejected request
// changes nothing and concurrent PATCHes of one session cannot lose each other's changes.
import type { components } from "../../../generated/openapi.ts";
import { restorePointIdOf } from "../../../src/contract/restore-point.ts";
import { validateRequestBody } from "../../../src/contract/validators.ts";
import { type DestinationType, FAILURE_KEY, REMOVED_KEY } from "../../../src/contract/wire-names.ts";
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { addedResult, entityContext } from "../representations.ts";
import type { SessionRecord } from "../store.ts";
import { firstDuplicate, firstUnknownRestorePoint } from "./artifact-checks.ts";
import {
  describeViolations,
  draftOnly,
  fail,
  findSession,
  isPlainObject,
  json,
  jsonKind,
  workloadOf,
} from "./common.ts";

// The items of every workload's delta have one shape (only the @odata.type each allows differs, E35).
type AdditionItem = components["schemas"]["MailboxRestoreArtifactAddition"];
type RemovalItem = components["schemas"]["MailboxRestoreArtifactRemoval"];
type DeltaItem = AdditionItem | RemovalItem;

export type PlannedItem =
  | {
      kind: "add";
      pointer: string;
      restorePointId: string;
      restorePoint: Record<string, unknown>;
      destinationType: DestinationType;
      contentId: string | undefined;
    }
  | {
      kind: "remove";
      pointer: string;
      artifactId: string;
      reason: "changed" | "deleted";
      contentId: string | undefined;
    }
  /** `fail-item` reading: an addition asking for the destinationType sentinel `unknownFutureValue`. */
  | {
      kind: "refuse-destination";
      pointer: string;
      restorePoint: Record<string, unknown>;
      contentId: string | undefined;
    }
  /** `fail-item` reading: an addition of a restore point the session already holds (artifact `heldBy`). */
  | {
      kind: "refuse-add";
      pointer: string;
      restorePoint: Record<string, unknown>;
      heldBy: string;
      contentId: string | undefined;
    };

export interface DeltaPlan {
  /** In request order. */
  items: PlannedItem[];
}

export type DeltaPlanning = { ok: true; plan: DeltaPlan } | { ok: false; response: ReferenceResponse };

const ABSENT_REMOVAL_INFO = {
  code: "Invalid",
  message: "The identifier to be removed from the Restore Session does not exist",
};

function isRemoval(item: DeltaItem): item is RemovalItem {
  return REMOVED_KEY in item;
}

/** Validates a PATCH body against the contract and the session; the plan, or the whole-request error. */
export function planDelta(ctx: OperationContext, session: SessionRecord): DeltaPlanning {
  const reject = (response: ReferenceResponse): DeltaPlanning => ({ ok: false, response });
  const deltaKey = workloadOf(ctx).deltaKey;
  const deltaPointer = `/${deltaKey}`;
  const body = ctx.body;
  if (!isPlainObject(body)) {
    return reject(
      fail(
        ctx,
        400,
        "ErrorInvalidPatchRequest",
        `The body must be a JSON object with "${deltaKey}"; it is ${jsonKind(body)}.`,
      ),
    );
  }
  const delta = body[deltaKey];
  if (delta === undefined || delta === null || (Array.isArray(delta) && delta.length === 0)) {
    const others = Object.keys(body);
    const detail =
      delta === undefined
        ? `The body has no "${deltaKey}"${others.length ? ` (it has ${others.map((key) => JSON.stringify(key)).join(", ")})` : ""}.`
        : `"${deltaKey}" is ${delta === null ? "null" : "an empty array"}.`;
    return reject(fail(ctx, 400, "ErrorInvalidArtifactRequest", detail));
  }
  const counted = Array.isArray(delta)
    ? ctx.behavior.deltaLimitCounts === "additions"
      ? delta.filter((item) => !(isPlainObject(item) && "@removed" in item)).length
      : delta.length
    : 0;
  if (counted > ctx.behavior.maxDeltaItems) {
    const what = ctx.behavior.deltaLimitCounts === "additions" ? "additions" : "items";
    return reject(
      fail(
        ctx,
        400,
        "ErrorRestoreArtifactsLimitBreachedPatch",
        `The request has ${counted} ${what}; at most ${ctx.behavior.maxDeltaItems} are allowed.`,
      ),
    );
  }
  // The item-count limits are the behavior's (checked above), so the schema's own minItems/maxItems are not repeated.
  const violations = validateRequestBody(ctx.operationId, body).filter(
    (v) => !(v.instancePath === deltaPointer && (v.keyword === "maxItems" || v.keyword === "minItems")),
  );
  if (violations.length > 0) {
    return reject(
      fail(ctx, 400, "ErrorInvalidPatchRequest", `The body is not a valid delta: ${describeViolations(violations)}`),
    );
  }

  const items: PlannedItem[] = (delta as DeltaItem[]).map((item, index) => {
    const pointer = `${deltaPointer}/${index}`;
    const contentId = item["@Core.ContentID"];
    if (isRemoval(item))
      return { kind: "remove", pointer, artifactId: item.id, reason: item[REMOVED_KEY].reason ?? "changed", contentId };
    return {
      kind: "add",
      pointer,
      restorePointId: restorePointIdOf(item.restorePoint) ?? "",
      restorePoint: item.restorePoint as Record<string, unknown>,
      destinationType: item.destinationType,
      contentId,
    };
  });
  const additions = items.filter((item) => item.kind === "add");
  const removals = items.filter((item) => item.kind === "remove");

  const twiceAdded = firstDuplicate(additions.map((item) => ({ pointer: item.pointer, value: item.restorePointId })));
  if (twiceAdded) {
    return reject(
      fail(
        ctx,
        400,
        "ErrorDuplicateArtifactInListPatch",
        `Restore point ${JSON.stringify(twiceAdded.value)} is added at ${twiceAdded.firstPointer} and again at ${twiceAdded.secondPointer}.`,
      ),
    );
  }
  const twiceRemoved = firstDuplicate(removals.map((item) => ({ pointer: item.pointer, value: item.artifactId })));
  if (twiceRemoved) {
    return reject(
      fail(
        ctx,
        400,
        "ErrorDuplicateArtifactInListPatch",
        `Artifact ${JSON.stringify(twiceRemoved.value)} is removed at ${twiceRemoved.firstPointer} and again at ${twiceRemoved.secondPointer}.`,
      ),
    );
  }
  const unknown = firstUnknownRestorePoint(additions, ctx.restorePoints);
  if (unknown) {
    return reject(
      fail(
        ctx,
        400,
        "ErrorInvalidRestorePoint",
        `Restore point ${JSON.stringify(unknown.restorePointId)} at ${unknown.pointer}/restorePoint does not exist.`,
      ),
    );
  }

  // A restore point the session holds is free again if this same request removes the artifact that holds it.
  const removedHere = new Set(
    removals.filter((item) => session.artifacts.has(item.artifactId)).map((item) => item.artifactId),
  );
  const planned: PlannedItem[] = [];
  for (const item of items) {
    if (
      item.kind === "add" &&
      item.destinationType === "unknownFutureValue" &&
      ctx.behavior.unknownFutureDestination !== "accept"
    ) {
      if (ctx.behavior.unknownFutureDestination === "reject-request")
        return reject(
          fail(
            ctx,
            400,
            "ErrorInvalidPatchRequest",
            `${item.pointer}/destinationType is unknownFutureValue, the enum's sentinel, which no request may ask for.`,
          ),
        );
      planned.push({
        kind: "refuse-destination",
        pointer: item.pointer,
        restorePoint: item.restorePoint,
        contentId: item.contentId,
      });
      continue;
    }
    const heldBy = item.kind === "add" ? session.artifactByRestorePoint.get(item.restorePointId) : undefined;
    if (item.kind !== "add" || heldBy === undefined || removedHere.has(heldBy)) {
      planned.push(item);
      continue;
    }
    if (ctx.behavior.duplicateRestorePoint === "reject-request") {
      return reject(
        fail(
          ctx,
          400,
          "ErrorDuplicateArtifactInListPatch",
          `The session already holds restore point ${JSON.stringify(item.restorePointId)} (artifact ${JSON.stringify(heldBy)}); ${item.pointer} adds it again.`,
        ),
      );
    }
    planned.push({
      kind: "refuse-add",
      pointer: item.pointer,
      restorePoint: item.restorePoint,
      heldBy,
      contentId: item.contentId,
    });
  }
  return { ok: true, plan: { items: planned } };
}

function withContentId(
  ctx: OperationContext,
  entry: Record<string, unknown>,
  contentId: string | undefined,
): Record<string, unknown> {
  return contentId === undefined ? entry : { [ctx.behavior.contentIdAnnotation]: contentId, ...entry };
}

/** The answer entry of an addition refused on its own (the rest of the request applied). */
function failedInsert(
  ctx: OperationContext,
  item: { restorePoint: Record<string, unknown>; contentId: string | undefined },
  responseCode: number,
  info: { code: string; message: string },
): Record<string, unknown> {
  return withContentId(
    ctx,
    {
      restorePoint: structuredClone(item.restorePoint),
      [FAILURE_KEY]: { failedOperation: "insert", responseCode, info },
    },
    item.contentId,
  );
}

/** Applies an accepted plan (removals first, so a restore point freed here can be re-added) and returns the results in request order. */
export function applyDeltaPlan(
  ctx: OperationContext,
  session: SessionRecord,
  plan: DeltaPlan,
): Record<string, unknown>[] {
  const results = new Map<PlannedItem, Record<string, unknown> | undefined>();
  for (const item of plan.items) {
    if (item.kind !== "remove") continue;
    if (ctx.store.removeArtifact(session, item.artifactId, ctx.now)) {
      results.set(
        item,
        ctx.behavior.echoRemovals
          ? withContentId(ctx, { [REMOVED_KEY]: { reason: item.reason }, id: item.artifactId }, item.contentId)
          : undefined,
      );
    } else {
      results.set(
        item,
        withContentId(
          ctx,
          {
            id: item.artifactId,
            [FAILURE_KEY]: {
              failedOperation: "remove",
              responseCode: 409,
              info: { ...ABSENT_REMOVAL_INFO },
            },
          },
          item.contentId,
        ),
      );
    }
  }
  for (const item of plan.items) {
    if (item.kind === "add") {
      const artifact = ctx.store.addArtifact(session, item, ctx.now);
      results.set(item, withContentId(ctx, addedResult(artifact), item.contentId));
    } else if (item.kind === "refuse-destination") {
      results.set(
        item,
        failedInsert(ctx, item, 400, {
          code: "InvalidPathType",
          message: "unknownFutureValue is the enum's sentinel, not a destination.",
        }),
      );
    } else if (item.kind === "refuse-add") {
      results.set(
        item,
        failedInsert(ctx, item, 409, {
          code: "DuplicateArtifact",
          message: `The restore point is already in the Restore Session (artifact ${item.heldBy}).`,
        }),
      );
    }
  }
  return plan.items.map((item) => results.get(item)).filter((entry) => entry !== undefined);
}

export function updateSession(ctx: OperationContext): ReferenceResponse {
  const workload = workloadOf(ctx);
  const found = findSession(ctx);
  if (!found.session) return found.response;
  const forbidden = draftOnly(ctx, found.session, "ErrorRestoreSessionActionNotAllowedPatch");
  if (forbidden) return forbidden;
  const planning = planDelta(ctx, found.session);
  if (!planning.ok) return planning.response;
  const results = applyDeltaPlan(ctx, found.session, planning.plan);
  return json(200, {
    "@odata.context": entityContext(ctx.baseUrl, workload.name),
    [workload.deltaKey]: results,
  });
}
