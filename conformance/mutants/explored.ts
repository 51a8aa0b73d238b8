// Mutants for exploration: deviations where no scenario looks (facts two answers must agree on, request shapes no
// scenario sends, readings that change from one request to the next, counts, paging under mixes of $top and
// sizes). The scenarios pass every one; the exploration must fail each (npm run mutation says which layer did).
import { restorePointIdOf, type RestorePointRef } from "../../src/contract/restore-point.ts";
import type { HandlerOverride, OperationContext, OperationId } from "../reference/context.ts";
import { graphError } from "../reference/graph-error.ts";
import { findSession } from "../reference/handlers/common.ts";
import { planDelta } from "../reference/handlers/update-session.ts";
import { sessionResource } from "../reference/representations.ts";
import { DELTA_KEY, FAILURE_KEY, isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import { deltaItems, isAdditionItem, isRemovalItem, rewriteBodies, withDelta } from "./hooks.ts";
import { draftSession, rejectAcceptedPatch } from "./mutants.ts";
import type { ServerVariant } from "./server-variant.ts";

const PATCH: OperationId = "updateExchangeRestoreSession";
const CREATE: OperationId = "createExchangeRestoreSession";

function mutant(id: string, description: string, behavior: ServerVariant["behavior"]): ServerVariant {
  return { id, kind: "mutant", description, behavior, needs: "exploration (no scenario sends or compares this)" };
}

/** Per-session memory of a mutant, by session id (ids are unique across servers). */
function perSession<T>(initial: () => T): (id: string) => T {
  const memory = new Map<string, T>();
  return (id) => {
    let value = memory.get(id);
    if (value === undefined) {
      value = initial();
      memory.set(id, value);
    }
    return value;
  };
}

/** A create override that refuses bodies `refuse` picks out, as a too-strict validator would. */
function refuseCreate(refuse: (body: JsonObject) => boolean): HandlerOverride {
  return (ctx, next) =>
    isObject(ctx.body) && refuse(ctx.body)
      ? graphError(ctx.request, 400, "ErrorInvalidPatchRequest", "The request has a member this service does not take.")
      : next(ctx);
}

function createItems(body: JsonObject): JsonObject[] {
  return Array.isArray(body.mailboxRestoreArtifacts) ? body.mailboxRestoreArtifacts.filter(isObject) : [];
}

/** A PATCH override that adds the session's properties to the answer of an applied delta, `stale` ones as they were before it. */
function answerWithSessionProperties(stale: readonly string[]): HandlerOverride {
  return (ctx, next) => {
    const session = draftSession(ctx);
    const before = session ? sessionResource(session, ctx.behavior, ctx.now) : undefined;
    const response = next(ctx);
    if (!session || !before || response instanceof Promise || response.status !== 200 || !isObject(response.body))
      return response;
    const old = Object.fromEntries(stale.map((name) => [name, before[name]]));
    return { ...response, body: { ...response.body, ...sessionResource(session, ctx.behavior, ctx.now), ...old } };
  };
}

function removedArtifactsOf(ctx: OperationContext): string[] {
  const session = draftSession(ctx);
  if (!session) return [];
  return (deltaItems(ctx.body) ?? [])
    .filter(isRemovalItem)
    .map((item) => String(item.id))
    .filter((id) => session.artifacts.has(id));
}

const removedCount = perSession(() => ({ count: 0 }));
const formerRestorePoints = perSession(() => new Set<string>());
const formerArtifacts = perSession(() => new Set<string>());
const heldReAdds = perSession(() => ({ count: 0 }));
const removingPatches = perSession(() => ({ count: 0 }));
const deletedSessions = new Map<string, JsonObject>();

export const EXPLORATION_MUTANTS: readonly ServerVariant[] = [
  mutant(
    "item-odata-type-rejected",
    "a delta item carrying the correct @odata.type (#microsoft.graph.mailboxRestoreArtifact) is refused with 400",
    {
      handlers: {
        [PATCH]: rejectAcceptedPatch((ctx) =>
          (deltaItems(ctx.body) ?? []).some((item) => isObject(item) && "@odata.type" in item)
            ? graphError(ctx.request, 400, "ErrorInvalidPatchRequest", "@odata.type is not allowed on items.")
            : undefined,
        ),
      },
    },
  ),
  mutant(
    "session-odata-type-rejected",
    "a PATCH body carrying @odata.type #microsoft.graph.exchangeRestoreSession next to the delta is refused with 400",
    {
      handlers: {
        [PATCH]: rejectAcceptedPatch((ctx) =>
          isObject(ctx.body) && "@odata.type" in ctx.body
            ? graphError(ctx.request, 400, "ErrorInvalidPatchRequest", "@odata.type is not allowed.")
            : undefined,
        ),
      },
    },
  ),
  mutant(
    "create-odata-type-rejected",
    "a create body carrying @odata.type #microsoft.graph.exchangeRestoreSession is refused with 400",
    {
      handlers: { [CREATE]: refuseCreate((body) => "@odata.type" in body) },
    },
  ),
  mutant("create-content-id-rejected", "create refuses artifacts that carry @Core.ContentID (PATCH takes them)", {
    handlers: { [CREATE]: refuseCreate((body) => createItems(body).some((item) => "@Core.ContentID" in item)) },
  }),
  mutant(
    "create-iri-reference-rejected",
    "create refuses restore points referenced by an @odata.id IRI (restorePoints('X'), restorePoints/X); PATCH takes them",
    {
      handlers: {
        [CREATE]: (ctx, next) =>
          isObject(ctx.body) &&
          createItems(ctx.body).some(
            (item) =>
              isObject(item.restorePoint) && String(item.restorePoint["@odata.id"] ?? "").includes("restorePoints"),
          )
            ? graphError(ctx.request, 400, "ErrorInvalidRestorePoint", "Restore point IRIs are not supported here.")
            : next(ctx),
      },
    },
  ),
  mutant(
    "patch-answer-stale-count",
    "the PATCH answer carries the session's properties with restoreSessionArtifactCount from before the PATCH",
    {
      handlers: { [PATCH]: answerWithSessionProperties(["restoreSessionArtifactCount"]) },
    },
  ),
  mutant(
    "patch-answer-stale-last-modified",
    "the PATCH answer carries the session's properties, lastModifiedDateTime from before the PATCH",
    {
      handlers: { [PATCH]: answerWithSessionProperties(["lastModifiedDateTime"]) },
    },
  ),
  mutant("created-date-moves", "every applied PATCH sets the session's createdDateTime to the time of the PATCH", {
    handlers: {
      [PATCH]: (ctx, next) => {
        const session = draftSession(ctx);
        const response = next(ctx);
        if (session && !(response instanceof Promise) && response.status === 200)
          session.createdDateTime = ctx.now.toISOString();
        return response;
      },
    },
  }),
  mutant(
    "create-answer-count-zero",
    "the create answer says restoreSessionArtifactCount.total 0 whatever it created (get is right)",
    {
      transformResponse: rewriteBodies({ operationId: CREATE, status: 201 }, (body) =>
        isObject(body.restoreSessionArtifactCount)
          ? { ...body, restoreSessionArtifactCount: { ...body.restoreSessionArtifactCount, total: 0 } }
          : body,
      ),
    },
  ),
  mutant(
    "count-ignores-removals",
    "restoreSessionArtifactCount.total counts every artifact ever added: removals never lower it",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const removed = removedArtifactsOf(ctx);
          const response = next(ctx);
          if (!(response instanceof Promise) && response.status === 200)
            removedCount(ctx.params.exchangeRestoreSessionId ?? "").count += removed.length;
          return response;
        },
      },
      transformResponse: rewriteBodies({ operationId: ["getExchangeRestoreSession"], status: 200 }, (body) => {
        const extra = typeof body.id === "string" ? removedCount(body.id).count : 0;
        const count = body.restoreSessionArtifactCount;
        return isObject(count) && typeof count.total === "number"
          ? { ...body, restoreSessionArtifactCount: { ...count, total: count.total + extra } }
          : body;
      }),
    },
  ),
  mutant(
    "readd-after-removal-refused",
    "a restore point the session held and had removed stays taken: adding it again is 400 DuplicateArtifactInList",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const session = draftSession(ctx);
          if (!session) return next(ctx);
          const former = formerRestorePoints(session.id);
          const again = (deltaItems(ctx.body) ?? [])
            .filter(isAdditionItem)
            .find((item) => former.has(restorePointIdOf(item.restorePoint as RestorePointRef) ?? ""));
          if (again && planDelta(ctx, session).ok)
            return graphError(
              ctx.request,
              400,
              "ErrorDuplicateArtifactInListPatch",
              "The restore artifact requested is already present.",
            );
          const removed = removedArtifactsOf(ctx).map((id) => session.artifacts.get(id)?.restorePointId);
          const response = next(ctx);
          if (!(response instanceof Promise) && response.status === 200)
            for (const id of removed) if (id !== undefined) former.add(id);
          return response;
        },
      },
    },
  ),
  mutant(
    "former-artifact-removal-silent",
    "removing an artifact the session held earlier (already removed) is answered with no failure entry",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const session = draftSession(ctx);
          if (!session) return next(ctx);
          const tombstones = formerArtifacts(session.id);
          const removed = removedArtifactsOf(ctx);
          const response = next(ctx);
          if (response instanceof Promise || response.status !== 200 || !isObject(response.body)) return response;
          for (const id of removed) tombstones.add(id);
          const entries = response.body[DELTA_KEY];
          if (!Array.isArray(entries)) return response;
          const kept = entries.filter(
            (entry) =>
              !(
                isObject(entry) &&
                FAILURE_KEY in entry &&
                typeof entry.id === "string" &&
                tombstones.has(entry.id) &&
                !removed.includes(entry.id)
              ),
          );
          return { ...response, body: { ...response.body, [DELTA_KEY]: kept } };
        },
      },
    },
  ),
  mutant(
    "held-reading-flips",
    "re-adding a held restore point is refused as a whole (400) the first time, and per item (the rest applied) afterwards",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const session = draftSession(ctx);
          if (!session) return next(ctx);
          const held = (deltaItems(ctx.body) ?? [])
            .filter(isAdditionItem)
            .some((item) =>
              session.artifactByRestorePoint.has(restorePointIdOf(item.restorePoint as RestorePointRef) ?? ""),
            );
          if (!held) return next(ctx);
          const seen = heldReAdds(session.id);
          seen.count += 1;
          return next(
            seen.count === 1 ? ctx : { ...ctx, behavior: { ...ctx.behavior, duplicateRestorePoint: "fail-item" } },
          );
        },
      },
    },
  ),
  mutant(
    "removal-echo-flips",
    "successful removals are echoed as @removed entries on a session's first removing PATCH and omitted afterwards",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const session = draftSession(ctx);
          if (!session || removedArtifactsOf(ctx).length === 0) return next(ctx);
          const patches = removingPatches(session.id);
          patches.count += 1;
          return next(patches.count === 1 ? { ...ctx, behavior: { ...ctx.behavior, echoRemovals: true } } : ctx);
        },
      },
    },
  ),
  mutant("deleted-session-listed", "a deleted session stays in the session list (as it was when deleted)", {
    handlers: {
      deleteExchangeRestoreSession: (ctx, next) => {
        const found = findSession(ctx);
        const resource = found.session ? sessionResource(found.session, ctx.behavior, ctx.now) : undefined;
        const response = next(ctx);
        if (!(response instanceof Promise) && response.status === 204 && resource)
          deletedSessions.set(String(resource.id), resource);
        return response;
      },
    },
    transformResponse: rewriteBodies({ operationId: "listExchangeRestoreSessions", status: 200 }, (body, ctx) =>
      Array.isArray(body.value) && body["@odata.nextLink"] === undefined && !ctx.request.url.searchParams.has("$top")
        ? { ...body, value: [...body.value, ...deletedSessions.values()] }
        : body,
    ),
  }),
  mutant(
    "session-list-top-without-next-link",
    "the session list asked with $top omits @odata.nextLink: sessions past the first page cannot be reached",
    {
      transformResponse: rewriteBodies({ operationId: "listExchangeRestoreSessions", status: 200 }, (body, ctx) => {
        if (!ctx.request.url.searchParams.has("$top")) return body;
        const { "@odata.nextLink": _dropped, ...rest } = body;
        return rest;
      }),
    },
  ),
  mutant(
    "artifact-paging-drops-full-last-page",
    "with $top, when the artifacts left exactly fill one more page, @odata.nextLink is omitted and that page is lost",
    {
      transformResponse: rewriteBodies({ operationId: "listMailboxRestoreArtifacts", status: 200 }, (body, ctx) => {
        const top = Number(ctx.request.url.searchParams.get("$top") ?? Number.NaN);
        const session = ctx.store.getSession(ctx.params.exchangeRestoreSessionId ?? "");
        const last = Array.isArray(body.value) ? body.value[body.value.length - 1] : undefined;
        if (!session || !Number.isInteger(top) || body["@odata.nextLink"] === undefined || !isObject(last)) return body;
        const lastSeq = session.artifacts.get(String(last.id))?.seq ?? Number.POSITIVE_INFINITY;
        const left = [...session.artifacts.values()].filter((artifact) => artifact.seq > lastSeq).length;
        if (left !== top) return body;
        const { "@odata.nextLink": _dropped, ...rest } = body;
        return rest;
      }),
    },
  ),
  mutant(
    "long-delta-removals-ignored",
    "removals after the tenth item of a delta are not applied (and not reported, which reads as applied)",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const session = draftSession(ctx);
          const items = deltaItems(ctx.body);
          if (!session || !items || !planDelta(ctx, session).ok) return next(ctx);
          const kept = items.filter(
            (item, index) => index < 10 || !isRemovalItem(item) || !session.artifacts.has(String(item.id)),
          );
          return next(withDelta(ctx, kept));
        },
      },
    },
  ),
];
