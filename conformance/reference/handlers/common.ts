// Helpers every operation handler shares: JSON answers, session lookup (404), the draft-only rule (403), and
// turning schema violations into one readable sentence.
import type { Violation } from "../../../src/contract/validators.ts";
import { ACTIVATE_SESSION_PARAMETER } from "../../../src/contract/wire-names.ts";
import type { Workload } from "../../../src/contract/workloads.ts";
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { graphError, type DocumentedError } from "../graph-error.ts";
import { sessionStatus } from "../representations.ts";
import type { SessionRecord } from "../store.ts";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ReferenceResponse {
  return { status, headers, body };
}

export function fail(
  ctx: OperationContext,
  status: number,
  error: DocumentedError,
  detail?: string,
): ReferenceResponse {
  return graphError(ctx.request, status, error, detail);
}

export type SessionLookup =
  | { session: SessionRecord; response?: undefined }
  | { session?: undefined; response: ReferenceResponse };

/**
 * The session named by the path parameter in the request's workload collection (in any collection for the shared
 * activation), or the 404 RestoreSessionNotFound answer: another workload's session is not in this collection.
 */
export function findSession(
  ctx: OperationContext,
  parameter = ctx.workload?.sessionIdParameter ?? ACTIVATE_SESSION_PARAMETER,
): SessionLookup {
  const id = ctx.params[parameter] ?? "";
  const session = ctx.store.getSession(id, ctx.workload?.name);
  if (session) return { session };
  return {
    response: fail(ctx, 404, "ErrorRestoreSessionNotFound", `No restore session has the id ${JSON.stringify(id)}.`),
  };
}

/** The 403 answer when the session has left `draft`, else undefined. */
export function draftOnly(
  ctx: OperationContext,
  session: SessionRecord,
  error: DocumentedError,
): ReferenceResponse | undefined {
  const status = sessionStatus(session, ctx.behavior, ctx.now);
  if (status === "draft") return undefined;
  return fail(ctx, 403, error, `The session is ${status}; only draft sessions can be changed.`);
}

const SHOWN_VIOLATIONS = 5;

/** `"/pointer: message; …"`, at most five of them. */
export function describeViolations(violations: Violation[]): string {
  const shown = violations.slice(0, SHOWN_VIOLATIONS).map((v) => `${v.instancePath || "(root)"}: ${v.message}`);
  const more = violations.length > SHOWN_VIOLATIONS ? `; and ${violations.length - SHOWN_VIOLATIONS} more` : "";
  return `${shown.join("; ")}${more}.`;
}

/** What kind of JSON value this is, for messages ("array", "null", "string", …). */
export function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The workload of a request that names a collection; the router gives every handler but activation one. */
export function workloadOf(ctx: OperationContext): Workload {
  if (!ctx.workload) throw new Error(`${ctx.operationId} names no workload's collection`);
  return ctx.workload;
}
