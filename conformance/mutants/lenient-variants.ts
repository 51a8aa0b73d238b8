// Conforming variants that take the other choice wherever the docs leave room: `lenient` accepts everything the
// docs do not forbid (a null artifact list on create, empty or null content ids, unknown annotations, $top ignored on
// both lists and $top=0 answered with an empty page, a $skiptoken it never issued ignored) and, in each documented
// reading, the alternative the reference does not take (a held restore point or the destination sentinel failed per
// item, a failed addition named by its restore point's id, removals echoed and not counted in the 50-item limit);
// `empty-create-list-refused` reads the create table the other way for `[]`. The suite must pass both (advisories allowed: they differ from the contract's own decisions).
import { restorePointIdOf, type RestorePointRef } from "../../src/contract/restore-point.ts";
import { EXCHANGE, FAILURE_KEY, isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import type { HandlerOverride, OperationContext } from "../reference/context.ts";
import { parsePageRequest } from "../reference/page-request.ts";
import { mapDeltaEntries, mapObjectsDeep, refuseCreate } from "./hooks.ts";
import { conforming, type ServerVariant } from "./server-variant.ts";

/** The annotations the contract names in requests; the lenient server ignores every other one, as OData asks. */
const KNOWN_ANNOTATIONS = new Set(["@odata.type", "@odata.id", "@Core.ContentID", "@removed"]);

/** A request body without the annotations the contract does not name, and without empty or null content ids. */
function leniently(body: unknown): unknown {
  return mapObjectsDeep(body, (object) =>
    Object.fromEntries(
      Object.entries(object).filter(
        ([key, value]) =>
          !(key.startsWith("@") && !KNOWN_ANNOTATIONS.has(key)) &&
          !(key === "@Core.ContentID" && (value === null || value === "")),
      ),
    ),
  );
}

/** The default handler, on the request as the lenient server reads it (`also`: a further change of the body). */
function readLeniently(also: (body: JsonObject) => JsonObject = (body) => body): HandlerOverride {
  return (ctx, next) => {
    const body = leniently(ctx.body);
    return next({ ...ctx, body: isObject(body) ? also(body) : body });
  };
}

/** The artifact list `null` reads as no list (an empty session). */
function nullListAsAbsent(body: JsonObject): JsonObject {
  if (body[EXCHANGE.artifactsKey] !== null) return body;
  const { [EXCHANGE.artifactsKey]: _null, ...rest } = body;
  return rest;
}

/** A list that ignores $top (but answers $top=0 with an empty page) and a $skiptoken it never issued. */
const listLeniently: HandlerOverride = (ctx, next) => {
  const url = new URL(ctx.request.url);
  const emptyPage = url.searchParams.get("$top") === "0";
  url.searchParams.delete("$top");
  const token = url.searchParams.get("$skiptoken");
  const probe = new URL("http://lenient.invalid/");
  if (token !== null) probe.searchParams.set("$skiptoken", token);
  if (token !== null && !parsePageRequest(probe).ok) url.searchParams.delete("$skiptoken");
  const changed: OperationContext = { ...ctx, request: { ...ctx.request, url } };
  const response = next(changed);
  if (!emptyPage || response instanceof Promise || response.status !== 200 || !isObject(response.body)) return response;
  const { "@odata.nextLink": _next, ...body } = response.body;
  return { ...response, body: { ...body, value: [] } };
};

export const LENIENT_VARIANTS: readonly ServerVariant[] = [
  conforming(
    "lenient",
    "accepts what the docs do not forbid (null list on create, empty content ids, unknown annotations, $top ignored, $top=0 an empty page, unknown $skiptoken ignored); per-item failures named by restore point id; removals echoed and not counted in the limit",
    {
      duplicateRestorePoint: "fail-item",
      unknownFutureDestination: "fail-item",
      deltaLimitCounts: "additions",
      echoRemovals: true,
      handlers: {
        [EXCHANGE.operations.create]: readLeniently(nullListAsAbsent),
        [EXCHANGE.operations.update]: readLeniently(),
        [EXCHANGE.operations.list]: listLeniently,
        [EXCHANGE.operations.listArtifacts]: listLeniently,
      },
      // A failed addition names its restore point by putting its id in `id` (no restorePoint echoed).
      transformResponse: mapDeltaEntries((entry) => {
        const exception = entry[FAILURE_KEY];
        if (!isObject(exception) || exception.failedOperation !== "insert" || !isObject(entry.restorePoint))
          return entry;
        const { restorePoint, ...rest } = entry;
        const id = restorePointIdOf(restorePoint as RestorePointRef);
        return id === undefined ? entry : { ...rest, id };
      }),
    },
  ),
  conforming(
    "empty-create-list-refused",
    "a create with an empty artifact list ([]) is refused 400 InvalidArtifactRequest (the create table's reading)",
    {
      handlers: {
        [EXCHANGE.operations.create]: refuseCreate(
          (body) => Array.isArray(body[EXCHANGE.artifactsKey]) && (body[EXCHANGE.artifactsKey] as []).length === 0,
          "ErrorInvalidArtifactRequest",
          `"${EXCHANGE.artifactsKey}" is an empty array; omit it to create an empty session.`,
        ),
      },
    },
  ),
];
