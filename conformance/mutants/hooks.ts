// Small building blocks for variants: rewrite the answers of one operation, map the entries of a delta answer,
// and read or rewrite a PATCH body before the default handler sees it. Each variant stays a few lines of data.
import type {
  HandlerOverride,
  OperationContext,
  OperationId,
  ReferenceResponse,
  ResponseContext,
  ResponseTransform,
} from "../reference/context.ts";
import { graphError, type DocumentedError } from "../reference/graph-error.ts";
import { DELTA_KEY, isObject, type JsonObject, REMOVED_KEY } from "../../src/contract/wire-names.ts";

export interface AnswerMatch {
  /** Only answers to these operations (default: every answer, unmatched routes included). */
  operationId?: OperationId | readonly OperationId[];
  /** Only answers with this status (or one of these). */
  status?: number | readonly number[];
}

function matches(match: AnswerMatch, ctx: ResponseContext, response: ReferenceResponse): boolean {
  const operations = match.operationId === undefined ? undefined : ([] as OperationId[]).concat(match.operationId);
  const statuses = match.status === undefined ? undefined : ([] as number[]).concat(match.status);
  if (operations && (ctx.operationId === undefined || !operations.includes(ctx.operationId))) return false;
  return !statuses || statuses.includes(response.status);
}

/** A transform that rewrites the matching answers (a deep copy of the body is passed in). */
export function rewriteAnswers(
  match: AnswerMatch,
  rewrite: (response: ReferenceResponse & { body: unknown }, ctx: ResponseContext) => ReferenceResponse,
): ResponseTransform {
  return (ctx, response) => {
    if (!matches(match, ctx, response)) return response;
    return rewrite({ ...response, headers: { ...response.headers }, body: structuredClone(response.body) }, ctx);
  };
}

/** A transform that rewrites the JSON body of the matching answers (answers without a JSON body are left alone). */
export function rewriteBodies(
  match: AnswerMatch,
  rewrite: (body: JsonObject, ctx: ResponseContext) => unknown,
): ResponseTransform {
  return rewriteAnswers(match, (response, ctx) =>
    isObject(response.body) ? { ...response, body: rewrite(response.body, ctx) } : response,
  );
}

/** A transform that maps each entry of a 200 PATCH answer's delta array (return undefined to drop the entry). */
export function mapDeltaEntries(map: (entry: JsonObject) => JsonObject | undefined): ResponseTransform {
  return rewriteBodies({ operationId: "updateExchangeRestoreSession", status: 200 }, (body) => {
    const entries = body[DELTA_KEY];
    if (!Array.isArray(entries)) return body;
    return { ...body, [DELTA_KEY]: entries.flatMap((entry) => (isObject(entry) ? (map(entry) ?? []) : [entry])) };
  });
}

/** Applies `map` to every object nested anywhere in `value` (the objects themselves, then their members). */
export function mapObjectsDeep(value: unknown, map: (object: JsonObject) => JsonObject): unknown {
  if (Array.isArray(value)) return value.map((item) => mapObjectsDeep(item, map));
  if (!isObject(value)) return value;
  const mapped = map(value);
  return Object.fromEntries(Object.entries(mapped).map(([key, member]) => [key, mapObjectsDeep(member, map)]));
}

/** The delta items of a PATCH body when it has the right outer shape (items may still be invalid). */
export function deltaItems(body: unknown): unknown[] | undefined {
  const delta = isObject(body) ? body[DELTA_KEY] : undefined;
  return Array.isArray(delta) ? delta : undefined;
}

/** The context with the PATCH body's delta array replaced. */
export function withDelta(ctx: OperationContext, items: unknown[]): OperationContext {
  return { ...ctx, body: { ...(ctx.body as JsonObject), [DELTA_KEY]: items } };
}

export function isRemovalItem(item: unknown): item is JsonObject & { id: unknown } {
  return isObject(item) && REMOVED_KEY in item;
}

export function isAdditionItem(item: unknown): item is JsonObject & { restorePoint: unknown } {
  return isObject(item) && !(REMOVED_KEY in item) && "restorePoint" in item;
}

/** The error code of a Graph error envelope, if the body is one. */
export function errorCodeOf(body: unknown): string | undefined {
  const error = isObject(body) ? body.error : undefined;
  return isObject(error) && typeof error.code === "string" ? error.code : undefined;
}

/** The error message of a Graph error envelope, if the body is one. */
export function errorMessageOf(body: unknown): string | undefined {
  const error = isObject(body) ? body.error : undefined;
  return isObject(error) && typeof error.message === "string" ? error.message : undefined;
}

/**
 * A handler that answers the first call on each server (each store) with a documented error, e.g. a 429 with
 * `{"retry-after": "0"}`, and hands every later call to the default handler.
 */
export function failsFirstCall(
  status: number,
  error: DocumentedError,
  headers: () => Record<string, string> = () => ({}),
): HandlerOverride {
  const failedOnce = new WeakSet<object>();
  return (ctx, next) => {
    if (failedOnce.has(ctx.store)) return next(ctx);
    failedOnce.add(ctx.store);
    return graphError(ctx.request, status, error, undefined, headers());
  };
}
