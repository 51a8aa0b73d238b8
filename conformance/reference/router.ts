// Routes come from the contract itself (operation → method + path template), so the server serves exactly the
// documented operations it has a handler for, each tagged with the workload whose collection it names (the workload
// registry); the paths of a workload the server does not serve are not routes. Literal segments match
// case-insensitively, as Graph's do.
import { operations } from "../../src/contract/operations.ts";
import { operationOf, WORKLOAD_NAMES, type WorkloadName } from "../../src/contract/workloads.ts";
import type { OperationId } from "./context.ts";
import { DEFAULT_HANDLERS } from "./handlers/index.ts";

interface Route {
  operationId: OperationId;
  /** Undefined for the shared activation. */
  workload: WorkloadName | undefined;
  method: string;
  segments: Array<{ literal: string } | { parameter: string }>;
}

export type RouteMatch =
  | { kind: "operation"; operationId: OperationId; workload: WorkloadName | undefined; params: Record<string, string> }
  | { kind: "not-found" }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "invalid-id"; parameter: string; problem: string };

let routes: Route[] | undefined;

function compiledRoutes(): Route[] {
  routes ??= [...operations().values()]
    .filter((info) => Object.hasOwn(DEFAULT_HANDLERS, info.operationId))
    .map((info) => ({
      operationId: info.operationId as OperationId,
      workload: operationOf(info.operationId)?.workload,
      method: info.method.toUpperCase(),
      segments: info.pathTemplate
        .split("/")
        .slice(1)
        .map((segment) => {
          const parameter = /^\{(.+)\}$/.exec(segment)?.[1];
          return parameter ? { parameter } : { literal: segment.toLowerCase() };
        }),
    }));
  return routes;
}

/** An id the docs call "invalid, null, or empty": blank, absurdly long, or with control characters. */
function idProblem(value: string): string | undefined {
  if (value.trim() === "") return "The id is empty.";
  if (value.length > 256) return `The id is ${value.length} characters long; ids are at most 256.`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(value)) return "The id contains control characters.";
  return undefined;
}

/**
 * Matches a path below the base path (`/solutions/…`, still percent-encoded) and a method (HEAD matches GET). The
 * paths of a workload outside `served` match nothing: a service answers 404 for a collection it does not have.
 */
export function matchRoute(method: string, path: string, served: readonly WorkloadName[] = WORKLOAD_NAMES): RouteMatch {
  const raw = path.split("/").slice(1);
  const allow = new Set<string>();
  for (const route of compiledRoutes()) {
    if (route.segments.length !== raw.length) continue;
    if (route.workload !== undefined && !served.includes(route.workload)) continue;
    const params: Record<string, string> = {};
    let matches = true;
    let invalid: RouteMatch | undefined;
    for (const [index, segment] of route.segments.entries()) {
      const value = raw[index] as string;
      if ("literal" in segment) {
        if (value.toLowerCase() !== segment.literal) matches = false;
      } else {
        let decoded: string;
        try {
          decoded = decodeURIComponent(value);
        } catch {
          invalid ??= {
            kind: "invalid-id",
            parameter: segment.parameter,
            problem: "The id is not valid percent-encoding.",
          };
          continue;
        }
        const problem = idProblem(decoded);
        if (problem) invalid ??= { kind: "invalid-id", parameter: segment.parameter, problem };
        params[segment.parameter] = decoded;
      }
      if (!matches) break;
    }
    if (!matches) continue;
    // HEAD is GET without the body (RFC 9110 §9.3.2): it runs the GET operation; the server sends no body.
    if (route.method !== method && !(method === "HEAD" && route.method === "GET")) {
      allow.add(route.method);
      if (route.method === "GET") allow.add("HEAD");
      continue;
    }
    return invalid ?? { kind: "operation", operationId: route.operationId, workload: route.workload, params };
  }
  return allow.size > 0 ? { kind: "method-not-allowed", allow: [...allow].sort() } : { kind: "not-found" };
}
