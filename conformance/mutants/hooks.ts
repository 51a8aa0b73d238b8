// The building blocks every variant is written with, so that each stays a few lines of data: rewrite the answers of
// some operations (by operationId, or by role in every workload), map the entries of a delta answer, rewrite or
// refuse a PATCH's delta items before the default handler sees them, act on the draft session a PATCH names, and
// remember things per session. A variant that deviates in one workload names that workload's operations.
import { restorePointIdOf, type RestorePointRef } from "../../src/contract/restore-point.ts";
import {
  ACTIVATE_OPERATION,
  DELTA_KEY,
  EXCHANGE,
  FAILURE_KEY,
  isObject,
  type JsonObject,
  REMOVED_KEY,
} from "../../src/contract/wire-names.ts";
import { type OperationRole, operationOf, WORKLOAD_NAMES, WORKLOADS } from "../../src/contract/workloads.ts";
import type {
  HandlerOverride,
  OperationContext,
  OperationHandler,
  OperationId,
  ReferenceResponse,
  ResponseContext,
  ResponseTransform,
} from "../reference/context.ts";
import { type DocumentedError, graphError } from "../reference/graph-error.ts";
import { draftOnly, findSession } from "../reference/handlers/common.ts";
import { planDelta } from "../reference/handlers/update-session.ts";
import { metadataContext } from "../reference/representations.ts";
import type { SessionRecord } from "../reference/store.ts";

export const PATCH: OperationId = EXCHANGE.operations.update;
export const CREATE: OperationId = EXCHANGE.operations.create;

/** Every workload's operation of a role (activation is one operation for all). */
export function operationsOf(role: OperationRole): OperationId[] {
  return [...new Set(WORKLOAD_NAMES.map((name) => WORKLOADS[name].operationIds[role] as OperationId))];
}

/** The operations whose answer is a session (or a page of them), in every workload. */
export const SESSION_ANSWERS: OperationId[] = [
  ...operationsOf("create"),
  ...operationsOf("get"),
  ...operationsOf("list"),
  ACTIVATE_OPERATION,
];

/** What the operation of a request does (`update`, `listArtifacts`, …), whatever its workload. */
export function roleOf(ctx: ResponseContext): OperationRole | undefined {
  return ctx.operationId === undefined ? undefined : operationOf(ctx.operationId)?.role;
}

/** The delta key of the request's workload (Exchange's for a request that names none). */
export function deltaKeyOf(ctx: ResponseContext): string {
  return ctx.workload?.deltaKey ?? DELTA_KEY;
}

/** The same handler override for one role's operation in every workload. */
export function inEveryWorkload(
  role: OperationRole,
  override: HandlerOverride,
): Partial<Record<OperationId, HandlerOverride>> {
  return Object.fromEntries(operationsOf(role).map((operationId) => [operationId, override]));
}
/** Every error status the reference answers with a Graph error envelope (429 and 503 aside). */
export const ERROR_STATUSES = [400, 401, 403, 404, 405, 409, 413, 415] as const;

// --- answers ------------------------------------------------------------------------------------------------------

export interface AnswerMatch {
  /** Only answers to these operations (default: every answer, unmatched routes included). */
  operationId?: OperationId | readonly OperationId[];
  /** Only answers to operations with this role, in every workload (`update`: every workload's delta PATCH). */
  role?: OperationRole | readonly OperationRole[];
  /** Only answers with this status (or one of these). */
  status?: number | readonly number[];
}

function matches(match: AnswerMatch, ctx: ResponseContext, response: ReferenceResponse): boolean {
  const operations = match.operationId === undefined ? undefined : ([] as OperationId[]).concat(match.operationId);
  const roles = match.role === undefined ? undefined : ([] as OperationRole[]).concat(match.role);
  const statuses = match.status === undefined ? undefined : ([] as number[]).concat(match.status);
  if (operations && (ctx.operationId === undefined || !operations.includes(ctx.operationId))) return false;
  const role = roleOf(ctx);
  if (roles && (role === undefined || !roles.includes(role))) return false;
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

/**
 * A transform that maps each entry of a 200 PATCH answer's delta array, in every workload (return undefined to drop
 * the entry).
 */
export function mapDeltaEntries(map: (entry: JsonObject) => JsonObject | undefined): ResponseTransform {
  return rewriteBodies({ role: "update", status: 200 }, (body, ctx) => {
    const key = deltaKeyOf(ctx);
    const entries = body[key];
    if (!Array.isArray(entries)) return body;
    return { ...body, [key]: entries.flatMap((entry) => (isObject(entry) ? (map(entry) ?? []) : [entry])) };
  });
}

/** Applies `map` to every object nested anywhere in `value` (the objects themselves, then their members). */
export function mapObjectsDeep(value: unknown, map: (object: JsonObject) => JsonObject): unknown {
  if (Array.isArray(value)) return value.map((item) => mapObjectsDeep(item, map));
  if (!isObject(value)) return value;
  const mapped = map(value);
  return Object.fromEntries(Object.entries(mapped).map(([key, member]) => [key, mapObjectsDeep(member, map)]));
}

/** Rewrites the items of a 200 list answer's `value` array (one operation, or one role's in every workload). */
export function mapListedItems(
  operation: OperationId | { role: OperationRole },
  map: (item: JsonObject) => JsonObject,
): ResponseTransform {
  const match = typeof operation === "string" ? { operationId: operation } : operation;
  return rewriteBodies({ ...match, status: 200 }, (body) => ({
    ...body,
    value: Array.isArray(body.value) ? body.value.map((item) => (isObject(item) ? map(item) : item)) : body.value,
  }));
}

/** The error message of a Graph error envelope, if the body is one. */
export function errorMessageOf(body: unknown): string | undefined {
  const error = isObject(body) ? body.error : undefined;
  return isObject(error) && typeof error.message === "string" ? error.message : undefined;
}

/** The entry with its `@Core.DataModificationException` changed (entries that are no failure are left alone). */
export function withFailure(entry: JsonObject, change: (exception: JsonObject) => JsonObject): JsonObject {
  const exception = entry[FAILURE_KEY];
  return isObject(exception) ? { ...entry, [FAILURE_KEY]: change(exception) } : entry;
}

// --- requests -----------------------------------------------------------------------------------------------------

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

/** The restore-point id an addition names, in any documented reference form. */
export function restorePointOf(item: JsonObject): string | undefined {
  return restorePointIdOf(item.restorePoint as RestorePointRef | undefined);
}

/** Drops every item after the first that `keyOf` gives the same key (items without a key are kept). */
export function firstOfEach(items: unknown[], keyOf: (item: unknown) => string | undefined): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (key === undefined) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The artifacts a create body asks for (objects only). */
export function createItems(body: unknown): JsonObject[] {
  const items = isObject(body) ? body[EXCHANGE.artifactsKey] : undefined;
  return Array.isArray(items) ? items.filter(isObject) : [];
}

// --- handler overrides --------------------------------------------------------------------------------------------

/** An override that hands the default handler a changed context (another store, more restore points, …). */
export function nextWith(change: (ctx: OperationContext) => OperationContext): HandlerOverride {
  return (ctx, next) => next(change(ctx));
}

/** The session the path names in the request's workload collection, whatever its state. */
export function sessionNamed(ctx: ResponseContext): SessionRecord | undefined {
  return ctx.store.getSession(ctx.params[ctx.workload?.sessionIdParameter ?? ""] ?? "", ctx.workload?.name);
}

/** The session a PATCH names when the default handler would get past 404 and 403, else undefined. */
export function draftSession(ctx: OperationContext): SessionRecord | undefined {
  const found = findSession(ctx);
  if (!found.session) return undefined;
  return draftOnly(ctx, found.session, "ErrorRestoreSessionActionNotAllowedPatch") ? undefined : found.session;
}

/** A PATCH override that rewrites the delta items before the default handler sees them (no delta array: as sent). */
export function rewritePatchItems(rewrite: (items: unknown[], ctx: OperationContext) => unknown[]): HandlerOverride {
  return (ctx, next) => {
    const items = deltaItems(ctx.body);
    return items ? next(withDelta(ctx, rewrite(items, ctx))) : next(ctx);
  };
}

/** A PATCH override that refuses with 400 a draft's delta whose items `when` picks out, as a too-strict validator would. */
export function refusePatchOfDraft(
  when: (items: unknown[], ctx: OperationContext) => boolean,
  error: DocumentedError,
  detail: string,
): HandlerOverride {
  return (ctx, next) =>
    when(deltaItems(ctx.body) ?? [], ctx) && draftSession(ctx)
      ? graphError(ctx.request, 400, error, detail)
      : next(ctx);
}

/** A PATCH override that answers `reject(session)` instead of applying a request the reference would accept. */
export function rejectAcceptedPatch(
  reject: (
    ctx: OperationContext,
    session: SessionRecord,
    next: OperationHandler,
  ) => ReturnType<HandlerOverride> | undefined,
): HandlerOverride {
  return (ctx, next) => {
    const session = draftSession(ctx);
    if (!session || !planDelta(ctx, session).ok) return next(ctx);
    return reject(ctx, session, next) ?? next(ctx);
  };
}

/** A PATCH override for a draft session only: other requests go to the default handler untouched. */
export function onPatchOfDraft(
  handle: (ctx: OperationContext, session: SessionRecord, next: OperationHandler) => ReturnType<HandlerOverride>,
): HandlerOverride {
  return (ctx, next) => {
    const session = draftSession(ctx);
    return session ? handle(ctx, session, next) : next(ctx);
  };
}

/**
 * An override that lets the default handler answer, then acts on an answer with `status` (`after` may return a
 * changed answer). `before` runs first, so `after` can compare with the state before the request.
 */
export function afterAnswer<T>(
  status: number,
  after: (ctx: OperationContext, response: ReferenceResponse, before: T) => ReferenceResponse | undefined,
  before: (ctx: OperationContext) => T = () => undefined as T,
): HandlerOverride {
  return (ctx, next) => {
    const state = before(ctx);
    const response = next(ctx);
    if (response instanceof Promise || response.status !== status) return response;
    return after(ctx, response, state) ?? response;
  };
}

/** An override that runs the default handler as if the session `find` names were still a draft (its activation
 *  is forgotten for this one request). */
export function asIfDraft(find: (ctx: OperationContext) => SessionRecord | undefined): HandlerOverride {
  return (ctx, next) => {
    const session = find(ctx);
    const activatedAt = session?.activatedAt ?? null;
    if (!session || activatedAt === null) return next(ctx);
    session.activatedAt = null;
    try {
      return next(ctx);
    } finally {
      session.activatedAt = activatedAt;
    }
  };
}

/** The 200 answer of an applied PATCH whose delta reports nothing. */
export function emptyDeltaAnswer(ctx: OperationContext): ReferenceResponse {
  return {
    status: 200,
    headers: {},
    body: {
      "@odata.context": metadataContext(ctx.baseUrl, `solutions/backupRestore/${EXCHANGE.collection}/$entity`),
      [DELTA_KEY]: [],
    },
  };
}

/** A create override that refuses bodies `refuse` picks out, as a too-strict validator would. */
export function refuseCreate(
  refuse: (body: JsonObject) => boolean,
  error: DocumentedError,
  detail: string,
): HandlerOverride {
  return (ctx, next) =>
    isObject(ctx.body) && refuse(ctx.body) ? graphError(ctx.request, 400, error, detail) : next(ctx);
}

/** A create override that rewrites the requested artifacts before the default handler sees them. */
export function rewriteCreateArtifacts(rewrite: (artifacts: unknown[]) => unknown[]): HandlerOverride {
  return (ctx, next) => {
    const artifacts = isObject(ctx.body) ? ctx.body[EXCHANGE.artifactsKey] : undefined;
    if (!Array.isArray(artifacts)) return next(ctx);
    return next({ ...ctx, body: { ...(ctx.body as JsonObject), [EXCHANGE.artifactsKey]: rewrite(artifacts) } });
  };
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

/** Per-session memory of a variant, by session id (ids are unique across servers). */
export function perSession<T>(initial: () => T): (id: string) => T {
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

/** The artifacts a draft's PATCH removes that the session holds. */
export function removedArtifactsOf(ctx: OperationContext): string[] {
  const session = draftSession(ctx);
  if (!session) return [];
  return (deltaItems(ctx.body) ?? [])
    .filter(isRemovalItem)
    .map((item) => String(item.id))
    .filter((id) => session.artifacts.has(id));
}
