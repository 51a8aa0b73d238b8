// Fault injection: documented errors an in-memory server never meets on its own (throttling, unavailability,
// missing permission, a failed deletion). Queued rules answer matching requests before the handler runs, so a
// client's retry and error paths can be tested against the reference server.
import type { OperationId, ReferenceResponse, RequestInfo } from "./context.ts";
import { graphError, type DocumentedError } from "./graph-error.ts";
import { operations } from "../../src/contract/operations.ts";

export type FaultCode = "TooManyRequests" | "ServiceUnavailable" | "accessDenied" | "IncompleteArtifactDeletion";

export interface FaultRule {
  error: FaultCode;
  /** Only requests of this operation (default: any operation). */
  operationId?: OperationId;
  /** How many requests get the fault (default 1; Infinity for all). */
  times?: number;
  /** Retry-After of 429 and 503 answers, in seconds (default 1). */
  retryAfterSeconds?: number;
}

const FAULTS: Record<FaultCode, { status: number; example: DocumentedError; retryAfter: boolean }> = {
  TooManyRequests: { status: 429, example: "ErrorTooManyRequests", retryAfter: true },
  ServiceUnavailable: { status: 503, example: "ErrorServiceUnavailable", retryAfter: true },
  accessDenied: { status: 403, example: "ErrorAccessDenied", retryAfter: false },
  IncompleteArtifactDeletion: { status: 500, example: "ErrorIncompleteArtifactDeletion", retryAfter: false },
};

export const FAULT_CODES = Object.keys(FAULTS) as FaultCode[];

function checkRule(rule: FaultRule): FaultRule {
  if (!(rule.error in FAULTS)) throw new Error(`unknown fault "${rule.error}"; known: ${FAULT_CODES.join(", ")}`);
  if (rule.operationId !== undefined && !operations().has(rule.operationId)) {
    throw new Error(`unknown operation "${rule.operationId}"; known: ${[...operations().keys()].join(", ")}`);
  }
  const times = rule.times ?? 1;
  if (!(times === Infinity || (Number.isInteger(times) && times >= 1)))
    throw new Error(`fault times must be a positive integer, got ${times}`);
  const retryAfter = rule.retryAfterSeconds ?? 1;
  if (!(Number.isInteger(retryAfter) && retryAfter >= 0))
    throw new Error(`retryAfterSeconds must be a non-negative integer, got ${retryAfter}`);
  return rule;
}

/** `CODE[:OPERATION_ID[:TIMES]]`, the CLI's `--fault` syntax (`*` for any operation, `inf` for every time). */
export function parseFaultSpec(spec: string): FaultRule {
  const [error = "", operationId = "*", times = "1"] = spec.split(":");
  return checkRule({
    error: error as FaultCode,
    ...(operationId === "*" ? {} : { operationId: operationId as OperationId }),
    times: times === "inf" ? Infinity : Number(times),
  });
}

export class FaultQueue {
  #pending: Array<{ rule: FaultRule; remaining: number }> = [];

  add(rule: FaultRule): void {
    checkRule(rule);
    this.#pending.push({ rule, remaining: rule.times ?? 1 });
  }

  /** The first pending rule for this operation, counted as used. */
  take(operationId: OperationId): FaultRule | undefined {
    const index = this.#pending.findIndex(
      (entry) => entry.rule.operationId === undefined || entry.rule.operationId === operationId,
    );
    const entry = this.#pending[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#pending.splice(index, 1);
    return entry.rule;
  }
}

export function faultResponse(request: RequestInfo, rule: FaultRule): ReferenceResponse {
  const fault = FAULTS[rule.error];
  const headers: Record<string, string> = fault.retryAfter
    ? { "retry-after": String(rule.retryAfterSeconds ?? 1) }
    : {};
  return graphError(request, fault.status, fault.example, "(injected by the reference server)", headers);
}
