// Builds a step's HTTP request: path and query from the contract's operation, expressions resolved, generators
// expanded into delta items (under the delta key of the step's workload), and the items actually sent recorded for
// correlating the answer.
import { randomUUID } from "node:crypto";
import { loadOpenApiDocument } from "../../src/contract/document.ts";
import { expandPath, operation } from "../../src/contract/operations.ts";
import { restorePointIdOf, type RestorePointRef } from "../../src/contract/restore-point.ts";
import { resolveEmbedded, resolveIdList, resolveValue, type ExpressionScope } from "../vocabulary/expressions.ts";
import { type DestinationType, REMOVED_KEY } from "../../src/contract/wire-names.ts";
import type { Workload } from "../../src/contract/workloads.ts";
import { roleOf, type Step, workloadOfOperation } from "../vocabulary/scenario.ts";
import type { PreparedRequest, SentItem } from "../vocabulary/step-response.ts";

interface AdditionsGenerator {
  restorePoints: string | string[];
  destinationType?: DestinationType;
  reference?: "id" | "odata-id";
  contentIds?: boolean;
}

interface RemovalsGenerator {
  ids: string | string[];
  reason?: "changed" | "deleted";
  contentIds?: boolean;
}

function isGenerator(value: unknown): value is { $additions: AdditionsGenerator } | { $removals: RemovalsGenerator } {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    ("$additions" in value || "$removals" in value)
  );
}

function expandGenerator(
  generator: { $additions: AdditionsGenerator } | { $removals: RemovalsGenerator },
  scope: ExpressionScope,
): unknown[] {
  if ("$additions" in generator) {
    const spec = generator.$additions;
    return resolveIdList(spec.restorePoints, scope, "$additions.restorePoints").map((id) => ({
      restorePoint: spec.reference === "odata-id" ? { "@odata.id": id } : { id },
      destinationType: spec.destinationType ?? "new",
      ...(spec.contentIds ? { "@Core.ContentID": `add:${id}` } : {}),
    }));
  }
  const spec = generator.$removals;
  return resolveIdList(spec.ids, scope, "$removals.ids").map((id) => ({
    "@removed": { reason: spec.reason ?? "changed" },
    id,
    ...(spec.contentIds ? { "@Core.ContentID": `remove:${id}` } : {}),
  }));
}

/** Resolves expressions (object keys' embedded ones too) and expands generators (spliced into the array that holds them). */
export function buildBodyValue(value: unknown, scope: ExpressionScope): unknown {
  if (Array.isArray(value)) {
    return value.flatMap((item) => (isGenerator(item) ? expandGenerator(item, scope) : [buildBodyValue(item, scope)]));
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [resolveEmbedded(key, scope), buildBodyValue(item, scope)]),
    );
  }
  return resolveValue(value, scope);
}

/** The destinationType each addition of a create or PATCH body (in `workload`'s keys) asks for, by restore-point id. */
export function requestedDestinations(body: unknown, workload: Workload): Map<string, string> {
  const found = new Map<string, string>();
  if (!body || typeof body !== "object" || Array.isArray(body)) return found;
  const record = body as Record<string, unknown>;
  for (const list of [record[workload.deltaKey], record[workload.artifactsKey]]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!item || typeof item !== "object" || REMOVED_KEY in item) continue;
      const { restorePoint, destinationType } = item as { restorePoint?: unknown; destinationType?: unknown };
      const restorePointId =
        restorePoint && typeof restorePoint === "object"
          ? restorePointIdOf(restorePoint as RestorePointRef)
          : undefined;
      if (restorePointId !== undefined && typeof destinationType === "string")
        found.set(restorePointId, destinationType);
    }
  }
  return found;
}

/** The items of a delta body (under `deltaKey`), reduced for correlation; undefined when it holds no delta array. */
export function sentItemsOf(body: unknown, deltaKey: string): SentItem[] | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const delta = (body as Record<string, unknown>)[deltaKey];
  if (!Array.isArray(delta)) return undefined;
  return delta.map((raw, index): SentItem => {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { index, kind: "other" };
    const item = raw as Record<string, unknown>;
    const contentId = typeof item["@Core.ContentID"] === "string" ? (item["@Core.ContentID"] as string) : undefined;
    const extra = contentId === undefined ? {} : { contentId };
    if (REMOVED_KEY in item && typeof item.id === "string")
      return { index, kind: "remove", artifactId: item.id, ...extra };
    if (item.restorePoint && typeof item.restorePoint === "object") {
      const restorePointId = restorePointIdOf(item.restorePoint as RestorePointRef);
      if (restorePointId !== undefined) return { index, kind: "add", restorePointId, ...extra };
    }
    return { index, kind: "other" };
  });
}

/** The value of a named example of the contract (components.examples), a fresh copy; undefined if none. */
export function contractExample(name: string): unknown {
  const examples = (loadOpenApiDocument().components.examples ?? {}) as Record<string, { value?: unknown }>;
  const example = examples[name];
  return example && "value" in example ? structuredClone(example.value) : undefined;
}

function queryString(query: Record<string, unknown>): string {
  const parts = Object.entries(query).map(([name, value]) => {
    // OData system query options keep their `$` (Graph accepts both; some servers only the literal form).
    const key = /^\$?[A-Za-z]+$/.test(name) ? name : encodeURIComponent(name);
    return `${key}=${encodeURIComponent(String(value))}`;
  });
  return parts.length ? `?${parts.join("&")}` : "";
}

export interface RequestContext {
  baseUrl: string;
  token: string;
  /** The workload the run environment judges (the shared activation's; every other operation names its own). */
  workload: Workload;
}

/** The request a step sends. Throws ExpressionError when a value it needs is missing. */
export function prepareRequest(step: Step, outerScope: ExpressionScope, context: RequestContext): PreparedRequest {
  const info = operation(step.operationId);
  const workload = workloadOfOperation(step.operationId, context.workload);
  const scope: ExpressionScope = { ...outerScope, workload };
  const pathParameters = resolveValue(step.path ?? {}, scope) as Record<string, unknown>;
  const path = expandPath(
    info.pathTemplate,
    Object.fromEntries(Object.entries(pathParameters).map(([key, value]) => [key, String(value)])),
  );
  const query = resolveValue(step.query ?? {}, scope) as Record<string, unknown>;
  const headers: Record<string, string> = { accept: "application/json", "client-request-id": randomUUID() };
  for (const [name, value] of Object.entries(resolveValue(step.headers ?? {}, scope) as Record<string, unknown>)) {
    headers[name.toLowerCase()] = String(value);
  }
  if ((step.auth ?? "bearer") === "bearer") headers.authorization = `Bearer ${context.token}`;

  let bodyText: string | undefined;
  let bodyValue: unknown;
  if (step.rawBody !== undefined) {
    bodyText = resolveValue(step.rawBody, scope) as string;
  } else if (step.bodyExample !== undefined) {
    bodyValue = contractExample(step.bodyExample);
  } else if (step.delta !== undefined) {
    bodyValue = { [workload.deltaKey]: buildBodyValue(step.delta, scope) };
  } else if (step.body !== undefined) {
    bodyValue = buildBodyValue(step.body, scope);
  }
  if (bodyValue !== undefined) bodyText = JSON.stringify(bodyValue);
  if (bodyText !== undefined) headers["content-type"] ??= "application/json";

  return {
    method: info.method.toUpperCase(),
    url: `${context.baseUrl.replace(/\/+$/, "")}${path}${queryString(query)}`,
    headers,
    ...(bodyText === undefined ? {} : { body: bodyText }),
    ...(roleOf(step.operationId) === "update" && bodyValue !== undefined
      ? { sentItems: sentItemsOf(bodyValue, workload.deltaKey) }
      : {}),
    ...(bodyValue !== undefined ? { destinations: requestedDestinations(bodyValue, workload) } : {}),
  };
}
