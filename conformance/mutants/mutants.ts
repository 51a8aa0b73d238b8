// The mutant catalogue: the reference server with exactly one deviation from the contract each, the way a vendor
// under deadline might ship it. The conformance suite must fail every one (npm run mutation); a mutant that passes
// names a scenario or check the suite lacks.
import { restorePointIdOf, type RestorePointRef } from "../../src/contract/restore-point.ts";
import { validateSchema } from "../../src/contract/validators.ts";
import type { HandlerOverride, OperationContext, OperationId, ReferenceResponse } from "../reference/context.ts";
import { graphError } from "../reference/graph-error.ts";
import { draftOnly, findSession } from "../reference/handlers/common.ts";
import { planDelta } from "../reference/handlers/update-session.ts";
import { encodeSkipToken } from "../reference/page-request.ts";
import { metadataContext } from "../reference/representations.ts";
import type { SessionRecord } from "../reference/store.ts";
import { DELTA_KEY, FAILURE_KEY, isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import {
  deltaItems,
  errorCodeOf,
  errorMessageOf,
  failsFirstCall,
  isAdditionItem,
  isRemovalItem,
  mapDeltaEntries,
  mapObjectsDeep,
  rewriteAnswers,
  rewriteBodies,
  withDelta,
} from "./hooks.ts";
import type { ServerVariant } from "./server-variant.ts";

const PATCH: OperationId = "updateExchangeRestoreSession";
const SESSION_ANSWERS: OperationId[] = [
  "createExchangeRestoreSession",
  "getExchangeRestoreSession",
  "listExchangeRestoreSessions",
  "activateRestoreSession",
];

function mutant(id: string, description: string, behavior: ServerVariant["behavior"], needs?: string): ServerVariant {
  return { id, kind: "mutant", description, behavior, ...(needs === undefined ? {} : { needs }) };
}

/** The session a PATCH names when the default handler would get past 404 and 403, else undefined. */
export function draftSession(ctx: OperationContext): SessionRecord | undefined {
  const found = findSession(ctx);
  if (!found.session) return undefined;
  return draftOnly(ctx, found.session, "ErrorRestoreSessionActionNotAllowedPatch") ? undefined : found.session;
}

/** A PATCH override that answers `reject(session)` instead of applying a request the reference would accept. */
export function rejectAcceptedPatch(
  reject: (ctx: OperationContext, session: SessionRecord) => ReferenceResponse | undefined,
): HandlerOverride {
  return (ctx, next) => {
    const session = draftSession(ctx);
    if (!session || !planDelta(ctx, session).ok) return next(ctx);
    return reject(ctx, session) ?? next(ctx);
  };
}

function absentRemovals(ctx: OperationContext, session: SessionRecord): string[] {
  return (deltaItems(ctx.body) ?? [])
    .filter(isRemovalItem)
    .map((item) => String(item.id))
    .filter((id) => !session.artifacts.has(id));
}

function restorePointOf(item: JsonObject): string | undefined {
  return restorePointIdOf(item.restorePoint as RestorePointRef | undefined);
}

/** Drops every item after the first that `keyOf` gives the same key (items without a key are kept). */
function firstOfEach(items: unknown[], keyOf: (item: unknown) => string | undefined): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (key === undefined) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function capitalized(value: unknown): unknown {
  return typeof value === "string" && value.length > 0 ? `${value[0]?.toUpperCase()}${value.slice(1)}` : value;
}

function withFailure(entry: JsonObject, change: (exception: JsonObject) => JsonObject): JsonObject {
  const exception = entry[FAILURE_KEY];
  return isObject(exception) ? { ...entry, [FAILURE_KEY]: change(exception) } : entry;
}

function skipTokenSeq(link: string): number | undefined {
  const token = new URL(link).searchParams.get("$skiptoken");
  const match = token === null ? null : /^seq:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function withSkipToken(link: string, token: string): string {
  const url = new URL(link);
  url.searchParams.set("$skiptoken", token);
  return url.href.replaceAll("%24", "$");
}

/** The session that holds an artifact, when one does. */
function ownerOf(ctx: OperationContext, artifactId: string): SessionRecord | undefined {
  return ctx.store.sessions().find((session) => session.artifacts.has(artifactId));
}

function isValidTop(value: string): boolean {
  return /^[0-9]{1,3}$/.test(value) && Number(value) >= 1;
}

/** A create override that rewrites the requested artifacts before the default handler sees them. */
function rewriteCreateArtifacts(rewrite: (artifacts: unknown[]) => unknown[]): HandlerOverride {
  return (ctx, next) => {
    const artifacts = isObject(ctx.body) ? ctx.body.mailboxRestoreArtifacts : undefined;
    if (!Array.isArray(artifacts)) return next(ctx);
    return next({ ...ctx, body: { ...(ctx.body as JsonObject), mailboxRestoreArtifacts: rewrite(artifacts) } });
  };
}

/** The properties a delta item may carry (MailboxRestoreArtifactAddition, MailboxRestoreArtifactRemoval). */
const ITEM_KEYS = new Set(["restorePoint", "destinationType", "@removed", "id", "@odata.type", "@Core.ContentID"]);

export const MUTANTS: readonly ServerVariant[] = [
  // Status codes
  mutant("patch-answers-201", "PATCH answers 201 Created instead of 200", {
    transformResponse: rewriteAnswers({ operationId: PATCH, status: 200 }, (response) => ({
      ...response,
      status: 201,
    })),
  }),
  mutant("patch-answers-204", "PATCH applies the delta but answers 204 No Content, without the per-item results", {
    transformResponse: rewriteAnswers({ operationId: PATCH, status: 200 }, (response) => {
      const { "content-type": _dropped, ...headers } = response.headers;
      return { status: 204, headers };
    }),
  }),
  mutant("create-answers-200", "creating a session answers 200 instead of 201", {
    transformResponse: rewriteAnswers({ operationId: "createExchangeRestoreSession", status: 201 }, (response) => ({
      ...response,
      status: 200,
    })),
  }),
  mutant("delete-answers-200", "DELETE answers 200 instead of 204", {
    transformResponse: rewriteAnswers({ operationId: "deleteExchangeRestoreSession", status: 204 }, (response) => ({
      ...response,
      status: 200,
    })),
  }),
  mutant("unknown-session-400", "an unknown or deleted session is answered 400 instead of 404", {
    transformResponse: rewriteAnswers({ status: 404 }, (response) =>
      errorCodeOf(response.body) === "RestoreSessionNotFound" ? { ...response, status: 400 } : response,
    ),
  }),
  mutant("locked-session-404", "changing a session that left draft is answered 404 instead of 403", {
    transformResponse: rewriteAnswers({ status: 403 }, (response) =>
      errorCodeOf(response.body) === "RestoreSessionActionNotAllowed" ? { ...response, status: 404 } : response,
    ),
  }),
  mutant("malformed-json-500", "a request body that is not JSON gets 500 instead of 400", {
    transformResponse: rewriteAnswers({ status: 400 }, (response) =>
      errorMessageOf(response.body)?.includes("The body is not valid JSON")
        ? {
            ...response,
            status: 500,
            body: { error: { code: "InternalServerError", message: "Unexpected token in JSON." } },
          }
        : response,
    ),
  }),

  // Error codes and error bodies
  mutant("not-found-generic-code", "an unknown session's error code is NotFound instead of RestoreSessionNotFound", {
    transformResponse: rewriteBodies({ status: 404 }, (body) =>
      errorCodeOf(body) === "RestoreSessionNotFound"
        ? { error: { ...(body.error as JsonObject), code: "NotFound" } }
        : body,
    ),
  }),
  mutant(
    "limit-generic-code",
    "51 delta items are refused with code BadRequest instead of RestoreArtifactsLimitBreached",
    {
      transformResponse: rewriteBodies({ operationId: PATCH, status: 400 }, (body) =>
        errorCodeOf(body) === "RestoreArtifactsLimitBreached"
          ? { error: { ...(body.error as JsonObject), code: "BadRequest" } }
          : body,
      ),
    },
  ),
  mutant("error-without-envelope", 'error bodies are {"code", "message"} without the {"error": …} envelope', {
    transformResponse: rewriteBodies({ status: [400, 401, 403, 404, 405, 409, 413, 415] }, (body) =>
      isObject(body.error) ? body.error : body,
    ),
  }),
  mutant("error-plain-text", "error answers are a text/plain sentence instead of the JSON envelope", {
    transformResponse: rewriteAnswers({ status: [400, 401, 403, 404, 405, 409, 413, 415] }, (response) => ({
      status: response.status,
      headers: { ...response.headers, "content-type": "text/plain; charset=utf-8" },
      rawBody: `${errorCodeOf(response.body) ?? "Error"}: ${errorMessageOf(response.body) ?? "the request failed"}`,
    })),
  }),
  mutant("error-without-message", "error envelopes omit error.message", {
    transformResponse: rewriteBodies({ status: [400, 401, 403, 404, 405, 409, 413, 415] }, (body) => {
      if (!isObject(body.error)) return body;
      const { message: _dropped, ...error } = body.error;
      return { ...body, error };
    }),
  }),
  mutant(
    "invalid-session-id-404",
    "a malformed session id (empty, too long) is answered 404 RestoreSessionNotFound instead of 400 InvalidRestoreSessionId",
    {
      transformResponse: rewriteAnswers({ status: 400 }, (response) =>
        errorCodeOf(response.body) === "InvalidRestoreSessionId"
          ? {
              ...response,
              status: 404,
              body: {
                error: { ...((response.body as JsonObject).error as JsonObject), code: "RestoreSessionNotFound" },
              },
            }
          : response,
      ),
    },
    "a scenario that sends a session id the docs call invalid (whitespace only, e.g. `%20`, or an encoded control character) to get, PATCH, delete, list artifacts and activate, expecting 400 with errorCode InvalidRestoreSessionId (components/responses/InvalidRestoreSessionId.yaml)",
  ),
  mutant("unauthorized-empty-body", "401 answers have no body (no error envelope)", {
    transformResponse: rewriteAnswers({ status: 401 }, (response) => {
      const { "content-type": _dropped, ...headers } = response.headers;
      return { status: 401, headers };
    }),
  }),
  mutant("json-labelled-text-plain", "JSON answers are labelled Content-Type text/plain", {
    responseContentType: "text/plain; charset=utf-8",
  }),

  // Shape of the delta answer
  mutant("delta-key-value", "the PATCH answer lists its results under value instead of mailboxRestoreArtifacts@delta", {
    transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, ({ [DELTA_KEY]: entries, ...rest }) => ({
      ...rest,
      value: entries,
    })),
  }),
  mutant("delta-key-unannotated", "the PATCH answer lists its results under mailboxRestoreArtifacts (no @delta)", {
    transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, ({ [DELTA_KEY]: entries, ...rest }) => ({
      ...rest,
      mailboxRestoreArtifacts: entries,
    })),
  }),
  mutant("destination-type-pascal-case", "added entries spell destinationType InPlace / New", {
    transformResponse: mapDeltaEntries((entry) =>
      "destinationType" in entry ? { ...entry, destinationType: capitalized(entry.destinationType) } : entry,
    ),
  }),
  mutant("artifact-status-pascal-case", "added entries say status Added instead of added", {
    transformResponse: mapDeltaEntries((entry) => (entry.status === "added" ? { ...entry, status: "Added" } : entry)),
  }),
  mutant("added-entry-without-id", "added entries omit the new artifact's id", {
    transformResponse: mapDeltaEntries((entry) => {
      if (FAILURE_KEY in entry || "@removed" in entry) return entry;
      const { id: _dropped, ...rest } = entry;
      return rest;
    }),
  }),
  mutant("destination-type-ignored", "every artifact gets destinationType new, whatever the request asked", {
    handlers: {
      [PATCH]: (ctx, next) => {
        const items = deltaItems(ctx.body);
        if (!items) return next(ctx);
        const requested = (item: unknown) =>
          isAdditionItem(item) && (item.destinationType === "inPlace" || item.destinationType === "unknownFutureValue");
        return next(
          withDelta(
            ctx,
            items.map((item) => (requested(item) ? { ...(item as JsonObject), destinationType: "new" } : item)),
          ),
        );
      },
    },
  }),

  // Per-item failures
  mutant("response-code-string", 'per-item failures carry responseCode as a string ("409")', {
    transformResponse: mapDeltaEntries((entry) =>
      withFailure(entry, (exception) => ({ ...exception, responseCode: String(exception.responseCode) })),
    ),
  }),
  mutant("failed-operation-erase", "per-item failures say failedOperation erase", {
    transformResponse: mapDeltaEntries((entry) =>
      withFailure(entry, (exception) => ({ ...exception, failedOperation: "erase" })),
    ),
  }),
  mutant("failure-without-info", "per-item failures omit info {code, message}", {
    transformResponse: mapDeltaEntries((entry) => withFailure(entry, ({ info: _dropped, ...exception }) => exception)),
  }),
  mutant("failure-without-id", "per-item failures of removals omit the artifact id", {
    transformResponse: mapDeltaEntries((entry) => {
      if (!(FAILURE_KEY in entry)) return entry;
      const { id: _dropped, ...rest } = entry;
      return rest;
    }),
  }),
  mutant("failure-response-code-200", "per-item failures carry responseCode 200", {
    transformResponse: mapDeltaEntries((entry) =>
      withFailure(entry, (exception) => ({ ...exception, responseCode: 200 })),
    ),
  }),
  mutant("absent-removal-silent", "removing an id the session does not hold succeeds silently (no failure entry)", {
    transformResponse: mapDeltaEntries((entry) => (FAILURE_KEY in entry && entry.id !== undefined ? undefined : entry)),
  }),
  mutant(
    "absent-removal-echoed-as-removed",
    "removing an id the session does not hold is echoed as a successful removal",
    {
      transformResponse: mapDeltaEntries((entry) =>
        FAILURE_KEY in entry && entry.id !== undefined ? { "@removed": { reason: "changed" }, id: entry.id } : entry,
      ),
    },
  ),
  mutant(
    "absent-removal-rejects-request-409",
    "removing an id the session does not hold fails the whole request with 409",
    {
      handlers: {
        [PATCH]: rejectAcceptedPatch((ctx, session) => {
          const absent = absentRemovals(ctx, session);
          return absent.length
            ? graphError(ctx.request, 409, { code: "Conflict", message: `Artifact ${absent[0]} does not exist.` })
            : undefined;
        }),
      },
    },
  ),
  mutant(
    "absent-removal-rejects-request-400",
    "removing an id the session does not hold fails the whole request with 400",
    {
      handlers: {
        [PATCH]: rejectAcceptedPatch((ctx, session) => {
          const absent = absentRemovals(ctx, session);
          return absent.length
            ? graphError(ctx.request, 400, { code: "BadRequest", message: `Artifact ${absent[0]} does not exist.` })
            : undefined;
        }),
      },
    },
  ),

  // What is applied
  mutant("changes-not-persisted", "PATCH answers as if applied but changes nothing", {
    handlers: { [PATCH]: (ctx, next) => next({ ...ctx, store: ctx.store.clone() }) },
  }),
  mutant("removal-hits-neighbour", "a removal removes the artifact added after the one it names", {
    handlers: {
      [PATCH]: (ctx, next) => {
        const items = deltaItems(ctx.body);
        const session = ctx.store.getSession(ctx.params.exchangeRestoreSessionId ?? "");
        if (!items || !session) return next(ctx);
        const held = [...session.artifacts.keys()];
        const neighbour = (id: string) => held[(held.indexOf(id) + 1) % held.length] ?? id;
        return next(
          withDelta(
            ctx,
            items.map((item) =>
              isRemovalItem(item) && typeof item.id === "string" && held.includes(item.id)
                ? { ...item, id: neighbour(item.id) }
                : item,
            ),
          ),
        );
      },
    },
  }),
  mutant("rejected-request-applies-additions", "a PATCH rejected as a whole (400) still adds its valid additions", {
    handlers: {
      [PATCH]: (ctx, next) => {
        const response = next(ctx);
        const session = draftSession(ctx);
        if (response instanceof Promise || response.status !== 400 || !session) return response;
        for (const item of deltaItems(ctx.body) ?? []) {
          if (!isAdditionItem(item) || validateSchema("MailboxRestoreArtifactAddition", item).length > 0) continue;
          const restorePointId = restorePointOf(item);
          if (
            restorePointId === undefined ||
            !ctx.restorePoints.has(restorePointId) ||
            session.artifactByRestorePoint.has(restorePointId)
          )
            continue;
          ctx.store.addArtifact(
            session,
            {
              restorePointId,
              restorePoint: item.restorePoint as JsonObject,
              destinationType: item.destinationType as "new",
            },
            ctx.now,
          );
        }
        return response;
      },
    },
  }),
  mutant("create-drops-artifacts", "artifacts given when creating a session are dropped", {
    handlers: {
      createExchangeRestoreSession: (ctx, next) => {
        // Still refuses more than the limit: the one deviation is dropping what it accepts.
        const artifacts = isObject(ctx.body) ? ctx.body.mailboxRestoreArtifacts : undefined;
        if (!isObject(ctx.body) || !Array.isArray(artifacts) || artifacts.length > ctx.behavior.maxCreateItems)
          return next(ctx);
        const { mailboxRestoreArtifacts: _dropped, ...rest } = ctx.body;
        return next({ ...ctx, body: rest });
      },
    },
  }),

  // Limits and validation
  mutant("limit-50-rejected", "a delta of exactly 50 items is rejected (the limit is off by one)", {
    maxDeltaItems: 49,
  }),
  mutant("limit-51-accepted", "a delta of 51 items is accepted (the limit is off by one)", { maxDeltaItems: 51 }),
  mutant("create-limit-51-accepted", "creating a session with 51 artifacts is accepted", { maxCreateItems: 51 }),
  mutant("duplicate-addition-accepted", "the same restore point twice in one PATCH is accepted (added once)", {
    handlers: {
      [PATCH]: (ctx, next) => {
        const items = deltaItems(ctx.body);
        return items
          ? next(
              withDelta(
                ctx,
                firstOfEach(items, (item) => (isAdditionItem(item) ? restorePointOf(item) : undefined)),
              ),
            )
          : next(ctx);
      },
    },
  }),
  mutant("duplicate-removal-accepted", "the same artifact removed twice in one PATCH is accepted", {
    handlers: {
      [PATCH]: (ctx, next) => {
        const items = deltaItems(ctx.body);
        return items
          ? next(
              withDelta(
                ctx,
                firstOfEach(items, (item) =>
                  isRemovalItem(item) && typeof item.id === "string" ? item.id : undefined,
                ),
              ),
            )
          : next(ctx);
      },
    },
  }),
  mutant("unknown-restore-point-accepted", "a restore point that does not exist is accepted and added", {
    handlers: {
      [PATCH]: (ctx, next) => {
        const named = (deltaItems(ctx.body) ?? [])
          .filter(isAdditionItem)
          .map(restorePointOf)
          .filter((id) => id !== undefined);
        return next({ ...ctx, restorePoints: new Set([...ctx.restorePoints, ...named]) });
      },
    },
  }),
  mutant(
    "held-restore-point-ignored",
    "re-adding a restore point the session holds answers 200 with no entry and no failure for it",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const items = deltaItems(ctx.body);
          const session = ctx.store.getSession(ctx.params.exchangeRestoreSessionId ?? "");
          if (!items || !session) return next(ctx);
          const kept = items.filter(
            (item) => !(isAdditionItem(item) && session.artifactByRestorePoint.has(restorePointOf(item) ?? "")),
          );
          return next(withDelta(ctx, kept.length > 0 ? kept : items));
        },
      },
    },
  ),
  mutant(
    "held-restore-point-added-again",
    "re-adding a restore point the session holds creates a second artifact for it",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const session = ctx.store.getSession(ctx.params.exchangeRestoreSessionId ?? "");
          for (const item of (session && deltaItems(ctx.body)) || []) {
            if (isAdditionItem(item)) session?.artifactByRestorePoint.delete(restorePointOf(item) ?? "");
          }
          return next(ctx);
        },
      },
    },
  ),
  mutant(
    "odata-id-reference-rejected",
    'restore points referenced as {"@odata.id"} are refused with 400 InvalidRestorePoint',
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const odata = (deltaItems(ctx.body) ?? []).some(
            (item) => isAdditionItem(item) && isObject(item.restorePoint) && "@odata.id" in item.restorePoint,
          );
          return odata && draftSession(ctx)
            ? graphError(ctx.request, 400, "ErrorInvalidRestorePoint", 'Use {"id"} references.')
            : next(ctx);
        },
      },
    },
  ),
  mutant(
    "odata-iri-not-resolved",
    "an @odata.id IRI (restorePoints('X'), restorePoints/X) is taken as a literal restore-point id",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const items = deltaItems(ctx.body);
          if (!items) return next(ctx);
          const literal = (item: unknown) => {
            const reference =
              isAdditionItem(item) && isObject(item.restorePoint) ? item.restorePoint["@odata.id"] : undefined;
            return typeof reference === "string" && reference.includes("/")
              ? { ...(item as JsonObject), restorePoint: { id: reference } }
              : item;
          };
          return next(withDelta(ctx, items.map(literal)));
        },
      },
    },
  ),
  mutant("removal-without-reason-rejected", "a removal whose @removed has no reason is refused with 400", {
    handlers: {
      [PATCH]: (ctx, next) => {
        const bare = (deltaItems(ctx.body) ?? []).some(
          (item) => isRemovalItem(item) && isObject(item["@removed"]) && !("reason" in item["@removed"]),
        );
        return bare && draftSession(ctx)
          ? graphError(ctx.request, 400, "ErrorInvalidPatchRequest", "@removed.reason is required.")
          : next(ctx);
      },
    },
  }),

  // Session lifecycle
  mutant("non-draft-session-writable", "an activated session still accepts PATCH", {
    handlers: {
      [PATCH]: (ctx, next) => {
        const session = ctx.store.getSession(ctx.params.exchangeRestoreSessionId ?? "");
        const activatedAt = session?.activatedAt ?? null;
        if (!session || activatedAt === null) return next(ctx);
        session.activatedAt = null;
        try {
          return next(ctx);
        } finally {
          session.activatedAt = activatedAt;
        }
      },
    },
  }),
  mutant("activated-session-deletable", "an activated session can still be deleted (204 instead of 403)", {
    handlers: {
      deleteExchangeRestoreSession: (ctx, next) => {
        const found = findSession(ctx);
        if (!found.session || found.session.activatedAt === null) return next(ctx);
        ctx.store.deleteSession(found.session.id);
        return { status: 204, headers: {} };
      },
    },
  }),
  mutant("deleted-session-still-found", "DELETE answers 204 but the session stays readable and writable", {
    handlers: { deleteExchangeRestoreSession: (ctx, next) => next({ ...ctx, store: ctx.store.clone() }) },
  }),
  mutant("activate-changes-nothing", "activate answers 200 activating but the session stays a writable draft", {
    handlers: { activateRestoreSession: (ctx, next) => next({ ...ctx, store: ctx.store.clone() }) },
  }),
  mutant("timestamp-without-zone", "timestamps have no zone designator (2024-09-10T12:01:03.450)", {
    transformResponse: rewriteBodies({}, (body) =>
      mapObjectsDeep(body, (object) =>
        Object.fromEntries(
          Object.entries(object).map(([key, value]) => [
            key,
            key.endsWith("DateTime") && typeof value === "string" ? value.replace(/Z$/, "") : value,
          ]),
        ),
      ),
    ),
  }),
  mutant("session-status-pascal-case", "sessions say status Draft instead of draft", {
    transformResponse: rewriteBodies({ operationId: SESSION_ANSWERS }, (body) =>
      mapObjectsDeep(body, (object) => (object.status === "draft" ? { ...object, status: "Draft" } : object)),
    ),
  }),
  mutant("timestamp-dashes", "timestamps are written 2015-06-19T12-01-03.45Z (dashes in the time)", {
    transformResponse: rewriteBodies({}, (body) =>
      mapObjectsDeep(body, (object) =>
        Object.fromEntries(
          Object.entries(object).map(([key, value]) => [
            key,
            key.endsWith("DateTime") && typeof value === "string"
              ? value.replace(/T(\d\d):(\d\d):(\d\d)/, "T$1-$2-$3")
              : value,
          ]),
        ),
      ),
    ),
  }),

  // Authentication
  mutant("no-auth-required", "requests without a bearer token are served", { requireAuth: false }),

  // Paging
  mutant("top-ignored", "$top is ignored: artifact pages hold the server's page size whatever $top asks", {
    handlers: {
      listMailboxRestoreArtifacts: (ctx, next) => {
        const url = new URL(ctx.request.url);
        url.searchParams.delete("$top");
        return next({ ...ctx, request: { ...ctx.request, url } });
      },
    },
  }),
  mutant("paging-loop", "from the second page on, @odata.nextLink points to the page itself", {
    transformResponse: rewriteBodies({ operationId: "listMailboxRestoreArtifacts", status: 200 }, (body, ctx) =>
      typeof body["@odata.nextLink"] === "string" && ctx.request.url.searchParams.has("$skiptoken")
        ? {
            ...body,
            "@odata.nextLink": `${new URL(ctx.baseUrl).origin}${ctx.request.url.pathname}${ctx.request.url.search}`,
          }
        : body,
    ),
  }),
  mutant("paging-skips-items", "each @odata.nextLink skips the first item of the next page", {
    transformResponse: rewriteBodies({ operationId: "listMailboxRestoreArtifacts", status: 200 }, (body) => {
      const link = body["@odata.nextLink"];
      const seq = typeof link === "string" ? skipTokenSeq(link) : undefined;
      return seq === undefined
        ? body
        : { ...body, "@odata.nextLink": withSkipToken(link as string, encodeSkipToken(seq + 1)) };
    }),
  }),
  mutant(
    "paging-link-on-last-page",
    "the last artifact page carries an @odata.nextLink too (to a token the server refuses)",
    {
      transformResponse: rewriteBodies({ operationId: "listMailboxRestoreArtifacts", status: 200 }, (body, ctx) =>
        body["@odata.nextLink"] === undefined
          ? {
              ...body,
              "@odata.nextLink": withSkipToken(`${new URL(ctx.baseUrl).origin}${ctx.request.url.pathname}`, "end"),
            }
          : body,
      ),
    },
  ),
  mutant(
    "session-list-without-next-link",
    "with two sessions per page (allowed), the session list omits @odata.nextLink, hiding every later page",
    {
      pageSize: 2,
      transformResponse: rewriteBodies(
        { operationId: "listExchangeRestoreSessions", status: 200 },
        ({ "@odata.nextLink": _dropped, ...body }) => body,
      ),
    },
  ),
  mutant(
    "invalid-top-ignored",
    "an invalid $top ($top=0, $top=abc) is ignored (200) instead of answered 400",
    {
      handlers: {
        listMailboxRestoreArtifacts: (ctx, next) => {
          const top = ctx.request.url.searchParams.get("$top");
          if (top === null || isValidTop(top)) return next(ctx);
          const url = new URL(ctx.request.url);
          url.searchParams.delete("$top");
          return next({ ...ctx, request: { ...ctx.request, url } });
        },
      },
    },
    "a scenario that lists artifacts (and sessions) with `$top=0`, `$top=1000` and `$top=abc`, expecting 400 in the Graph error envelope (parameters/top.yaml: integer 1\u2013999; responses/ListBadRequest.yaml)",
  ),
  mutant(
    "list-destination-type-new",
    "the artifact list reports destinationType new for every artifact, whatever was added",
    {
      transformResponse: rewriteBodies({ operationId: "listMailboxRestoreArtifacts", status: 200 }, (body) => ({
        ...body,
        value: Array.isArray(body.value)
          ? body.value.map((item) => (isObject(item) ? { ...item, destinationType: "new" } : item))
          : body.value,
      })),
    },
    "the state check (or a body assertion on a `pages: all` list step) comparing each listed artifact's destinationType with the one it was added with, e.g. in patch-mixed (inPlace) and patch-add-only (new)",
  ),

  // Several sessions at once
  mutant(
    "patch-applies-to-newest-session",
    "PATCH applies the delta to the newest draft session, whatever session the path names",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const newest = ctx.store
            .sessions()
            .filter((session) => session.activatedAt === null)
            .at(-1);
          return draftSession(ctx) && newest
            ? next({ ...ctx, params: { ...ctx.params, exchangeRestoreSessionId: newest.id } })
            : next(ctx);
        },
      },
    },
    "a scenario with two draft sessions A and B (B created last) that PATCHes A and reads both back: A holds the additions, B is unchanged",
  ),
  mutant(
    "foreign-artifact-removed",
    "removing an artifact of another session removes it there and reports success",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const session = draftSession(ctx);
          const items = deltaItems(ctx.body);
          if (!session || !items || !planDelta(ctx, session).ok) return next(ctx);
          const foreign = items.filter(
            (item) =>
              isRemovalItem(item) &&
              typeof item.id === "string" &&
              !session.artifacts.has(item.id) &&
              ownerOf(ctx, item.id),
          );
          if (foreign.length === 0) return next(ctx);
          for (const item of foreign) {
            const id = String((item as JsonObject).id);
            const owner = ownerOf(ctx, id);
            if (owner) ctx.store.removeArtifact(owner, id, ctx.now);
          }
          const rest = items.filter((item) => !foreign.includes(item));
          if (rest.length > 0) return next(withDelta(ctx, rest));
          return {
            status: 200,
            headers: {},
            body: {
              "@odata.context": metadataContext(ctx.baseUrl, "solutions/backupRestore/exchangeRestoreSessions/$entity"),
              [DELTA_KEY]: [],
            },
          };
        },
      },
    },
    "a scenario with two sessions that removes an artifact id held by the other session, expecting a per-item failure (failedOperation remove/delete/unlink, responseCode 4xx) and the other session's list unchanged",
  ),

  // Create-time validation
  mutant(
    "create-mixed-destination-types-accepted",
    "creating a session with artifacts of different destinationTypes is accepted (all get the first one's)",
    {
      handlers: {
        createExchangeRestoreSession: rewriteCreateArtifacts((artifacts) => {
          const first = artifacts.find(isAdditionItem)?.destinationType;
          return artifacts.map((item) =>
            isAdditionItem(item) && typeof first === "string" && typeof item.destinationType === "string"
              ? { ...item, destinationType: first }
              : item,
          );
        }),
      },
    },
    "a create scenario with two artifacts of different destinationTypes (new and inPlace), expecting 400 with errorCode DifferentRestoreDestinationType and no session created",
  ),
  mutant(
    "create-duplicate-accepted",
    "creating a session with the same restore point twice is accepted (added once)",
    {
      handlers: {
        createExchangeRestoreSession: rewriteCreateArtifacts((artifacts) =>
          firstOfEach(artifacts, (item) => (isAdditionItem(item) ? restorePointOf(item) : undefined)),
        ),
      },
    },
    "a create scenario naming the same restore point twice, expecting 400 with errorCode DuplicateArtifactInList",
  ),
  mutant(
    "create-unknown-restore-point-accepted",
    "creating a session with a restore point that does not exist is accepted",
    {
      handlers: {
        createExchangeRestoreSession: (ctx, next) => {
          const artifacts =
            isObject(ctx.body) && Array.isArray(ctx.body.mailboxRestoreArtifacts)
              ? ctx.body.mailboxRestoreArtifacts
              : [];
          const named = artifacts
            .filter(isAdditionItem)
            .map(restorePointOf)
            .filter((id) => id !== undefined);
          return next({ ...ctx, restorePoints: new Set([...ctx.restorePoints, ...named]) });
        },
      },
    },
    "a create scenario naming a restore point that does not exist ($absent.restorePoint), expecting 400 with errorCode InvalidRestorePoint",
  ),

  // Second round: subtler deviations
  mutant("activate-twice-allowed", "activating a session that is already activating answers 200 again instead of 403", {
    handlers: {
      activateRestoreSession: (ctx, next) => {
        const found = findSession(ctx, "restoreSessionBaseId");
        const activatedAt = found.session?.activatedAt ?? null;
        if (!found.session || activatedAt === null) return next(ctx);
        found.session.activatedAt = null;
        try {
          return next(ctx);
        } finally {
          found.session.activatedAt = activatedAt;
        }
      },
    },
  }),
  mutant(
    "added-entries-swap-restore-points",
    "added entries pair each new artifact id with the next entry's restore point",
    {
      transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, (body) => {
        const entries = body[DELTA_KEY];
        if (!Array.isArray(entries)) return body;
        const added = entries.filter(
          (entry) => isObject(entry) && !(FAILURE_KEY in entry) && !("@removed" in entry),
        ) as JsonObject[];
        if (added.length < 2) return body;
        const points = added.map((entry) => entry.restorePoint);
        return {
          ...body,
          [DELTA_KEY]: entries.map((entry) =>
            added.includes(entry as JsonObject)
              ? {
                  ...(entry as JsonObject),
                  restorePoint: points[(added.indexOf(entry as JsonObject) + 1) % points.length],
                }
              : entry,
          ),
        };
      }),
    },
  ),
  mutant("added-entry-reported-twice", "every added entry appears twice in the PATCH answer", {
    transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, (body) =>
      Array.isArray(body[DELTA_KEY])
        ? {
            ...body,
            [DELTA_KEY]: body[DELTA_KEY].flatMap((entry) =>
              isObject(entry) && !(FAILURE_KEY in entry) && !("@removed" in entry) ? [entry, entry] : [entry],
            ),
          }
        : body,
    ),
  }),
  mutant("phantom-failure-entry", "the PATCH answer adds a failure entry for an artifact the request never named", {
    transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, (body) =>
      Array.isArray(body[DELTA_KEY])
        ? {
            ...body,
            [DELTA_KEY]: [
              ...body[DELTA_KEY],
              {
                id: "00000000-0000-4000-8000-00000000dead",
                [FAILURE_KEY]: {
                  failedOperation: "remove",
                  responseCode: 409,
                  info: {
                    code: "Invalid",
                    message: "The identifier to be removed from the Restore Session does not exist",
                  },
                },
              },
            ],
          }
        : body,
    ),
  }),
  mutant(
    "held-restore-point-fails-all",
    "re-adding a held restore point reports that item failed but applies none of the request's other items",
    {
      duplicateRestorePoint: "fail-item",
      handlers: {
        [PATCH]: (ctx, next) => {
          const session = draftSession(ctx);
          const planning = session ? planDelta(ctx, session) : undefined;
          if (!session || !planning?.ok || !planning.plan.items.some((item) => item.kind === "refuse-add"))
            return next(ctx);
          return next({ ...ctx, store: ctx.store.clone() });
        },
      },
    },
  ),
  mutant(
    "invalid-skiptoken-restarts",
    "a $skiptoken the server never issued restarts at the first page (200) instead of 400",
    {
      handlers: {
        listMailboxRestoreArtifacts: (ctx, next) => {
          const token = ctx.request.url.searchParams.get("$skiptoken");
          if (token === null || skipTokenSeq(`http://x/?$skiptoken=${encodeURIComponent(token)}`) !== undefined)
            return next(ctx);
          const url = new URL(ctx.request.url);
          url.searchParams.delete("$skiptoken");
          return next({ ...ctx, request: { ...ctx.request, url } });
        },
      },
    },
    "a scenario that lists artifacts (and sessions) with a $skiptoken the server never issued (e.g. `$skiptoken=not-a-token`), expecting 400 in the Graph error envelope (responses/ListBadRequest.yaml and QueryBadRequest.yaml: an invalid $skiptoken is a 400)",
  ),
  mutant(
    "create-limit-50-rejected",
    "creating a session with exactly 50 artifacts is refused (the create limit is off by one)",
    { maxCreateItems: 49 },
    "a create scenario with exactly 50 artifacts (the documented maximum), expecting 201 and all 50 listed back: the create counterpart of patch-fifty-items",
  ),
  mutant("create-answer-without-id", "the create answer omits the new session's id", {
    transformResponse: rewriteBodies(
      { operationId: "createExchangeRestoreSession", status: 201 },
      ({ id: _dropped, ...body }) => body,
    ),
  }),
  mutant("errors-as-problem-json", "errors are RFC 7807 application/problem+json instead of the Graph envelope", {
    transformResponse: rewriteAnswers({ status: [400, 401, 403, 404, 405, 409, 413, 415] }, (response) => ({
      status: response.status,
      headers: { ...response.headers, "content-type": "application/problem+json" },
      body: {
        type: "about:blank",
        title: errorCodeOf(response.body) ?? "Error",
        status: response.status,
        detail: errorMessageOf(response.body) ?? "",
      },
    })),
  }),
  mutant("json-charset-latin1", "JSON answers are labelled charset=iso-8859-1", {
    responseContentType: "application/json; charset=iso-8859-1",
  }),
  mutant("throttle-without-retry-after", "the first PATCH is throttled with 429 and no Retry-After header", {
    handlers: { [PATCH]: failsFirstCall(429, "ErrorTooManyRequests") },
  }),

  // Third round: lax request validation, other sessions, derived properties
  mutant(
    "unknown-item-property-ignored",
    "an unknown property in a delta item is ignored and the item applied, instead of 400",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const items = deltaItems(ctx.body);
          if (!items) return next(ctx);
          return next(
            withDelta(
              ctx,
              items.map((item) =>
                isObject(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => ITEM_KEYS.has(key))) : item,
              ),
            ),
          );
        },
      },
    },
    'a patch-malformed-items step whose addition carries an unknown property (e.g. `mailbox: "x"` next to restorePoint and destinationType), expecting 400 and nothing applied (the request item schemas are additionalProperties: false)',
  ),
  mutant(
    "restore-point-both-forms-accepted",
    'a restorePoint with both "id" and "@odata.id" is accepted (the id wins), instead of 400',
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const items = deltaItems(ctx.body);
          if (!items) return next(ctx);
          const single = (item: unknown) => {
            if (!isAdditionItem(item) || !isObject(item.restorePoint) || !("id" in item.restorePoint)) return item;
            const { "@odata.id": _dropped, ...reference } = item.restorePoint;
            return { ...item, restorePoint: reference };
          };
          return next(withDelta(ctx, items.map(single)));
        },
      },
    },
    "a patch-malformed-items step whose restorePoint carries both `id` and `@odata.id`, expecting 400 (RestorePointReference is exactly one of the two forms)",
  ),
  mutant(
    "wrong-odata-type-ignored",
    "a delta item with a wrong @odata.type (e.g. #microsoft.graph.driveItem) is applied, instead of 400",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          const items = deltaItems(ctx.body);
          if (!items) return next(ctx);
          return next(
            withDelta(
              ctx,
              items.map((item) =>
                isObject(item)
                  ? Object.fromEntries(Object.entries(item).filter(([key]) => key !== "@odata.type"))
                  : item,
              ),
            ),
          );
        },
      },
    },
    "a patch-malformed-items step with an addition (and one with a removal) carrying `@odata.type: #microsoft.graph.driveItem`, expecting 400; a correct `#microsoft.graph.mailboxRestoreArtifact` is accepted",
  ),
  mutant(
    "session-list-drafts-only",
    "the session list leaves out sessions that are no longer drafts",
    {
      transformResponse: rewriteBodies({ operationId: "listExchangeRestoreSessions", status: 200 }, (body) => ({
        ...body,
        value: Array.isArray(body.value)
          ? body.value.filter((session) => !isObject(session) || session.status === "draft")
          : body.value,
      })),
    },
    "activated-session-is-locked (or a new step after activation) listing every page of the session list and asserting it includes the activated session",
  ),
  mutant("delete-takes-a-neighbour", "DELETE also deletes the newest other draft session", {
    handlers: {
      deleteExchangeRestoreSession: (ctx, next) => {
        const answer = next(ctx);
        if (answer instanceof Promise || answer.status !== 204) return answer;
        const other = ctx.store
          .sessions()
          .filter((session) => session.activatedAt === null && session.id !== ctx.params.exchangeRestoreSessionId)
          .at(-1);
        if (other) ctx.store.deleteSession(other.id);
        return answer;
      },
    },
  }),
  mutant(
    "artifact-count-stale",
    "restoreSessionArtifactCount.total stays 0 whatever the session holds",
    {
      transformResponse: rewriteBodies({ operationId: SESSION_ANSWERS }, (body) =>
        mapObjectsDeep(body, (object) =>
          isObject(object.restoreSessionArtifactCount)
            ? { ...object, restoreSessionArtifactCount: { ...object.restoreSessionArtifactCount, total: 0 } }
            : object,
        ),
      ),
    },
    "a get step after additions asserting /restoreSessionArtifactCount/total equals the number of artifacts (or is null: the property is nullable), e.g. in patch-add-only",
  ),
  mutant("patch-answer-without-content-type", "the PATCH answer has no Content-Type header", {
    transformResponse: rewriteAnswers({ operationId: PATCH, status: 200 }, (response) => {
      const { "content-type": _dropped, ...headers } = response.headers;
      return { ...response, headers };
    }),
  }),

  // Fourth round
  mutant(
    "delta-key-unannotated-accepted",
    "a PATCH body with mailboxRestoreArtifacts (no @delta) is taken as the delta, instead of 400",
    {
      handlers: {
        [PATCH]: (ctx, next) => {
          if (!isObject(ctx.body) || DELTA_KEY in ctx.body || !Array.isArray(ctx.body.mailboxRestoreArtifacts))
            return next(ctx);
          const { mailboxRestoreArtifacts: items, ...rest } = ctx.body;
          return next({ ...ctx, body: { ...rest, [DELTA_KEY]: items } });
        },
      },
    },
    "a patch-malformed-applies-nothing step whose body puts the items under mailboxRestoreArtifacts (no @delta), expecting 400 and nothing applied (ExchangeRestoreSessionDeltaRequest is closed and requires mailboxRestoreArtifacts@delta)",
  ),
  mutant("removal-reason-deleted-ignored", 'a removal with reason "deleted" is reported applied but removes nothing', {
    handlers: {
      [PATCH]: (ctx, next) => {
        const items = deltaItems(ctx.body);
        if (!items) return next(ctx);
        const deleted = (item: unknown) =>
          isRemovalItem(item) && isObject(item["@removed"]) && item["@removed"].reason === "deleted";
        const kept = items.filter((item) => !deleted(item));
        if (kept.length === items.length) return next(ctx);
        if (kept.length > 0) return next(withDelta(ctx, kept));
        return draftSession(ctx) && planDelta(ctx, draftSession(ctx) as SessionRecord).ok
          ? {
              status: 200,
              headers: {},
              body: {
                "@odata.context": metadataContext(
                  ctx.baseUrl,
                  "solutions/backupRestore/exchangeRestoreSessions/$entity",
                ),
                [DELTA_KEY]: [],
              },
            }
          : next(ctx);
      },
    },
  }),
  mutant(
    "top-max-refused",
    "$top=999 (the documented maximum) is refused with 400",
    {
      handlers: {
        listMailboxRestoreArtifacts: (ctx, next) =>
          ctx.request.url.searchParams.get("$top") === "999"
            ? graphError(ctx.request, 400, { code: "BadRequest", message: "Invalid $top value." })
            : next(ctx),
        listExchangeRestoreSessions: (ctx, next) =>
          ctx.request.url.searchParams.get("$top") === "999"
            ? graphError(ctx.request, 400, { code: "BadRequest", message: "Invalid $top value." })
            : next(ctx),
      },
    },
    "a scenario listing sessions and artifacts with $top=1 and $top=999 (the bounds of parameters/top.yaml), expecting 200",
  ),
];
