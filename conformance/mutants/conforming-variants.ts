// Conforming variants: the reference server making another choice the contract allows, in every workload it serves.
// The conformance suite must pass every one in every workload; a failure here is a false failure of the suite (it
// demands more than the contract says).
import { restorePointIdOf, type RestorePointRef } from "../../src/contract/restore-point.ts";
import { FAILURE_KEY, isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import type { Workload } from "../../src/contract/workloads.ts";
import { artifactResource, restoreTargetProperties, sessionResource } from "../reference/representations.ts";
import {
  deltaKeyOf,
  ERROR_STATUSES,
  failsFirstCall,
  inEveryWorkload,
  mapDeltaEntries,
  rewriteBodies,
  roleOf,
  SESSION_ANSWERS,
  sessionNamed,
} from "./hooks.ts";
import { LENIENT_VARIANTS } from "./lenient-variants.ts";
import { conforming, type ServerVariant } from "./server-variant.ts";

const EXTRAS = {
  "@odata.etag": 'W/"JzEtNDQ3MkI5RkE="',
  "@Custom.Note": "added by a conforming variant",
  vendorExtension: { tier: "gold" },
};

function withExtras(object: JsonObject): JsonObject {
  return { ...object, ...EXTRAS };
}

/** Extra annotations and unknown properties on the answer and on every entry of its top-level arrays. */
function annotated(body: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(withExtras(body)).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.map((entry) => (isObject(entry) ? withExtras(entry) : entry)) : value,
    ]),
  );
}

const NULLABLE_SESSION_PROPERTIES = [
  "createdBy",
  "lastModifiedBy",
  "completedDateTime",
  "error",
  "restoreJobType",
  "restoreSessionArtifactCount",
];
/** The nullable properties of a workload's artifact: the common ones and its restore target's. */
function nullableArtifactProperties(workload: Workload): string[] {
  return ["createdDateTime", "startDateTime", "completionDateTime", "error", ...restoreTargetProperties(workload.name)];
}

function nulled(object: JsonObject, names: readonly string[]): JsonObject {
  return { ...object, ...Object.fromEntries(names.map((name) => [name, null])) };
}

export const CONFORMING_VARIANTS: readonly ServerVariant[] = [
  conforming("echo-removals", "successful removals are echoed as @removed entries", { echoRemovals: true }),
  conforming("delta-reversed", "delta entries come in reverse request order", {
    transformResponse: rewriteBodies({ role: "update", status: 200 }, (body, ctx) => {
      const entries = body[deltaKeyOf(ctx)];
      return Array.isArray(entries) ? { ...body, [deltaKeyOf(ctx)]: [...entries].reverse() } : body;
    }),
  }),
  conforming(
    "extra-annotations",
    "success answers and their entries carry @odata.etag, @Custom.Note and unknown properties",
    {
      transformResponse: rewriteBodies({ status: [200, 201] }, annotated),
    },
  ),
  conforming("nullable-properties-null", "sessions and listed artifacts send null for every nullable property", {
    transformResponse: (ctx, response) => {
      if (!isObject(response.body) || response.status >= 300) return response;
      if (roleOf(ctx) === "listArtifacts" && ctx.workload && Array.isArray(response.body.value)) {
        const nullable = nullableArtifactProperties(ctx.workload);
        return {
          ...response,
          body: {
            ...response.body,
            value: response.body.value.map((item) => (isObject(item) ? nulled(item, nullable) : item)),
          },
        };
      }
      if (roleOf(ctx) === "list" && Array.isArray(response.body.value)) {
        return {
          ...response,
          body: {
            ...response.body,
            value: response.body.value.map((item) =>
              isObject(item) ? nulled(item, NULLABLE_SESSION_PROPERTIES) : item,
            ),
          },
        };
      }
      if (ctx.operationId !== undefined && SESSION_ANSWERS.includes(ctx.operationId))
        return { ...response, body: nulled(response.body, NULLABLE_SESSION_PROPERTIES) };
      return response;
    },
  }),
  conforming("content-id-annotation", "content ids come back as @contentId instead of @Core.ContentID", {
    contentIdAnnotation: "@contentId",
  }),
  conforming("plain-json-content-type", "JSON answers are labelled plain application/json", {
    responseContentType: "application/json",
  }),
  conforming("compact-odata-content-type", "the Graph content type without spaces between its parameters", {
    responseContentType:
      "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
  }),
  conforming("page-size-2", "collections are served two entries per page", { pageSize: 2 }),
  conforming("duplicate-fail-item", "re-adding a held restore point fails that item (409) and applies the rest", {
    duplicateRestorePoint: "fail-item",
  }),
  conforming(
    "delta-limit-counts-additions",
    "the PATCH limit of 50 counts additions only: 51 items with removals among them are applied",
    { deltaLimitCounts: "additions" },
  ),
  conforming(
    "unknown-future-destination-fail-item",
    "an addition asking for destinationType unknownFutureValue fails that item (400) and applies the rest",
    { unknownFutureDestination: "fail-item" },
  ),
  conforming(
    "duplicate-fail-item-by-artifact-id",
    "a re-added held restore point fails naming the artifact that holds it, without restorePoint or content id",
    {
      duplicateRestorePoint: "fail-item",
      transformResponse: mapDeltaEntries((entry) => {
        const exception = entry[FAILURE_KEY];
        if (!isObject(exception) || exception.failedOperation !== "insert") return entry;
        const heldBy = /\(artifact ([^)]+)\)/.exec(
          String((exception.info as Record<string, unknown> | undefined)?.message ?? ""),
        )?.[1];
        return heldBy === undefined ? entry : { id: heldBy, [FAILURE_KEY]: exception };
      }),
    },
  ),
  conforming("absent-removal-delete-404", "an absent removal fails with failedOperation delete and responseCode 404", {
    transformResponse: mapDeltaEntries((entry) => {
      const exception = entry[FAILURE_KEY];
      return isObject(exception) && exception.failedOperation === "remove"
        ? { ...entry, [FAILURE_KEY]: { ...exception, failedOperation: "delete", responseCode: 404 } }
        : entry;
    }),
  }),
  conforming(
    "absent-removal-unlink-400",
    "an absent removal fails with failedOperation unlink and responseCode 400 (OData's kind for a removed link)",
    {
      transformResponse: mapDeltaEntries((entry) => {
        const exception = entry[FAILURE_KEY];
        return isObject(exception) && exception.failedOperation === "remove"
          ? { ...entry, [FAILURE_KEY]: { ...exception, failedOperation: "unlink", responseCode: 400 } }
          : entry;
      }),
    },
  ),
  {
    // Judged in Exchange alone: the limit counts every workload's sessions, and the scenarios of three workloads
    // activate six within a second, past the capacity this tenant has left; the scenarios (unlike the exploration)
    // take no capacity reading, since the steps after an activation need it done.
    ...conforming(
      "activation-capacity-reached",
      "other clients keep the tenant near its limit: from the fourth session activating, activate answers 500 TooManyActiveRestoreSessions",
      {
        maxActiveSessions: 3,
      },
    ),
    workloads: ["exchange"],
  },
  conforming(
    "activation-reads-failed",
    "a session reads failed as soon as it is activated (the restore failed; Graph's member after unknownFutureValue)",
    {
      transformResponse: (ctx, response) => {
        if (response.status >= 300 || !isObject(response.body)) return response;
        const failedOnce = (session: unknown) =>
          isObject(session) && typeof session.status === "string" && session.status !== "draft"
            ? { ...session, status: "failed" }
            : session;
        if (roleOf(ctx) === "list" && Array.isArray(response.body.value))
          return { ...response, body: { ...response.body, value: response.body.value.map(failedOnce) } };
        if (ctx.operationId !== undefined && SESSION_ANSWERS.includes(ctx.operationId))
          return { ...response, body: failedOnce(response.body) };
        return response;
      },
    },
  ),
  conforming("restore-point-as-id", 'added entries echo every restore point as {"id"}, whatever form was sent', {
    transformResponse: mapDeltaEntries((entry) => {
      if (FAILURE_KEY in entry || !isObject(entry.restorePoint)) return entry;
      const id = restorePointIdOf(entry.restorePoint as RestorePointRef);
      return id === undefined ? entry : { ...entry, restorePoint: { id } };
    }),
  }),
  conforming(
    "minimal-delta-answer",
    "the PATCH answer holds only the delta array, and added entries no createdDateTime",
    {
      transformResponse: rewriteBodies({ role: "update", status: 200 }, (body, ctx) => {
        const entries = body[deltaKeyOf(ctx)];
        return {
          [deltaKeyOf(ctx)]: Array.isArray(entries)
            ? entries.map((entry) => {
                if (!isObject(entry)) return entry;
                const { createdDateTime: _omitted, ...rest } = entry;
                return rest;
              })
            : entries,
        };
      }),
    },
  ),
  conforming("list-restore-point-null", "the artifact list sends restorePoint null (known from the PATCH answers)", {
    transformResponse: rewriteBodies({ role: "listArtifacts", status: 200 }, (body) => ({
      ...body,
      value: Array.isArray(body.value)
        ? body.value.map((item) => (isObject(item) ? { ...item, restorePoint: null } : item))
        : body.value,
    })),
  }),
  conforming("activates-immediately", "an activated session reads active at once (not activating)", {
    activeAfterMs: 0,
  }),
  conforming("completes-immediately", "an activated session reads completed at once", {
    activeAfterMs: 0,
    completedAfterMs: 0,
  }),
  conforming(
    "delta-with-session-properties",
    "the PATCH answer also carries the session's own properties, as the seed answer does",
    {
      transformResponse: (ctx, response) => {
        const session = sessionNamed(ctx);
        if (roleOf(ctx) !== "update" || response.status !== 200 || !isObject(response.body) || !session)
          return response;
        return {
          ...response,
          body: { ...response.body, ...sessionResource(session, ctx.behavior, ctx.behavior.clock()) },
        };
      },
    },
  ),
  conforming(
    "restore-point-expanded",
    "added entries carry the expanded restore point (id, protectionDateTime, expirationDateTime, tags)",
    {
      transformResponse: mapDeltaEntries((entry) => {
        if (FAILURE_KEY in entry || !isObject(entry.restorePoint)) return entry;
        const id = restorePointIdOf(entry.restorePoint as RestorePointRef);
        return id === undefined
          ? entry
          : {
              ...entry,
              restorePoint: {
                id,
                protectionDateTime: "2024-09-10T12:01:03Z",
                expirationDateTime: "2025-09-10T12:01:03+02:00",
                tags: null,
              },
            };
      }),
    },
  ),
  conforming("odata-type-annotations", "sessions, artifacts and delta entries carry their workload's @odata.type", {
    transformResponse: rewriteBodies({ status: [200, 201] }, (body, ctx) => {
      // The shared activation already names the activated session's type.
      const workload = ctx.workload;
      if (!workload) return body;
      const type = (object: unknown, name: string) =>
        isObject(object) ? { "@odata.type": `#microsoft.graph.${name}`, ...object } : object;
      const artifactType = (list: unknown) =>
        Array.isArray(list) ? list.map((item) => type(item, workload.artifactType)) : list;
      const role = roleOf(ctx);
      if (role === "listArtifacts") return { ...body, value: artifactType(body.value) };
      if (role === "list")
        return {
          ...body,
          value: Array.isArray(body.value) ? body.value.map((item) => type(item, workload.sessionType)) : body.value,
        };
      if (role === "update") {
        const entries = body[workload.deltaKey];
        return {
          ...body,
          [workload.deltaKey]: Array.isArray(entries)
            ? entries.map((entry) =>
                isObject(entry) && FAILURE_KEY in entry ? entry : type(entry, workload.artifactType),
              )
            : entries,
        };
      }
      return {
        ...(type(body, workload.sessionType) as JsonObject),
        ...(Array.isArray(body[workload.artifactsKey])
          ? { [workload.artifactsKey]: artifactType(body[workload.artifactsKey]) }
          : {}),
      };
    }),
  }),
  conforming("error-envelope-extras", "error envelopes also carry target, details and more innerError members", {
    transformResponse: rewriteBodies({ status: ERROR_STATUSES }, (body) =>
      isObject(body.error)
        ? {
            ...body,
            error: {
              ...body.error,
              target: null,
              details: [{ code: "Detail", message: "a further explanation", target: "mailboxRestoreArtifacts@delta" }],
              innerError: {
                ...(isObject(body.error.innerError) ? body.error.innerError : {}),
                "@odata.type": "#microsoft.graph.innerError",
                traceId: "0f3c",
              },
            },
          }
        : body,
    ),
  }),
  conforming("uppercase-content-type", "the media type and charset in upper case (Application/JSON; charset=UTF-8)", {
    responseContentType: "Application/JSON; charset=UTF-8",
  }),
  conforming("page-size-1", "collections are served one entry per page", { pageSize: 1 }),
  conforming(
    "list-restore-point-iri",
    "listed artifacts reference their restore point by an @odata.id IRI (restorePoints('X'))",
    {
      transformResponse: rewriteBodies({ role: "listArtifacts", status: 200 }, (body) => ({
        ...body,
        value: Array.isArray(body.value)
          ? body.value.map((item) => {
              const id = isObject(item) && isObject(item.restorePoint) ? item.restorePoint.id : undefined;
              return typeof id === "string"
                ? {
                    ...(item as JsonObject),
                    restorePoint: {
                      "@odata.id": `https://graph.microsoft.com/v1.0/solutions/backupRestore/restorePoints('${id}')`,
                    },
                  }
                : item;
            })
          : body.value,
      })),
    },
  ),
  conforming("throttles-first-patch", "the first PATCH is throttled with 429 and Retry-After: 0 (the retry succeeds)", {
    handlers: inEveryWorkload(
      "update",
      failsFirstCall(429, "ErrorTooManyRequests", () => ({ "retry-after": "0" })),
    ),
  }),
  conforming(
    "failed-insert-as-removed",
    "a refused re-add is a failure entry that also carries @removed (OData's failed insert), with the rest applied",
    {
      duplicateRestorePoint: "fail-item",
      transformResponse: mapDeltaEntries((entry) =>
        FAILURE_KEY in entry && entry.restorePoint !== undefined
          ? { ...entry, "@removed": { reason: "deleted" } }
          : entry,
      ),
    },
  ),
  conforming("errors-without-inner-error", "error envelopes carry only code and message (no innerError)", {
    transformResponse: rewriteBodies({ status: [400, 401, 403, 404, 405, 409, 413, 415, 429] }, (body) => {
      if (!isObject(body.error)) return body;
      const { innerError: _dropped, ...error } = body.error;
      return { ...body, error };
    }),
  }),
  conforming(
    "throttles-first-read-http-date",
    "the first artifact list read is throttled with 429 and an HTTP-date Retry-After already past",
    {
      handlers: inEveryWorkload(
        "listArtifacts",
        failsFirstCall(429, "ErrorTooManyRequests", () => ({
          "retry-after": new Date(Date.now() - 1000).toUTCString(),
        })),
      ),
    },
  ),
  conforming(
    "unavailable-first-create",
    "the first create answers 503 ServiceUnavailable with Retry-After: 0 (the retry succeeds)",
    {
      handlers: inEveryWorkload(
        "create",
        failsFirstCall(503, "ErrorServiceUnavailable", () => ({ "retry-after": "0" })),
      ),
    },
  ),
  conforming(
    "create-answer-without-artifacts",
    "the create answer does not inline the artifacts it created (they are listed)",
    {
      transformResponse: rewriteBodies({ role: "create", status: 201 }, (body, ctx) => {
        const { [ctx.workload?.artifactsKey ?? ""]: _omitted, ...rest } = body;
        return rest;
      }),
    },
  ),
  conforming(
    "serves-onedrive-only",
    "the server has the OneDrive collection only: Exchange's and SharePoint's answer 404 (not served, not failures)",
    { served: ["onedrive"] },
  ),
  conforming(
    "sharepoint-type-docs-spelling",
    "SharePoint sessions name their type #microsoft.graph.sharepointRestoreSession, as the SharePoint pages spell it (E36)",
    {
      transformResponse: rewriteBodies({ role: ["create", "get"], status: [200, 201] }, (body, ctx) =>
        ctx.workload?.name === "sharepoint"
          ? { "@odata.type": "#microsoft.graph.sharepointRestoreSession", ...body }
          : body,
      ),
    },
  ),
  conforming("get-inlines-artifacts", "get answers the session with its artifacts inlined (as with $expand)", {
    transformResponse: (ctx, response) => {
      const session = sessionNamed(ctx);
      if (roleOf(ctx) !== "get" || response.status !== 200 || !isObject(response.body) || !session || !ctx.workload)
        return response;
      const now = ctx.behavior.clock();
      return {
        ...response,
        body: {
          ...response.body,
          [ctx.workload.artifactsKey]: ctx.store
            .artifacts(session)
            .map((artifact) => artifactResource(artifact, session, ctx.behavior, now)),
        },
      };
    },
  }),
  ...LENIENT_VARIANTS,
];
