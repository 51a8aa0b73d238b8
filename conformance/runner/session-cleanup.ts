// Deletes the sessions a run created: the one way both the run's final cleanup and each explored sequence build
// the DELETE of a created session (the contract's path for its workload's delete operation, the run's token), send
// it with the run's HTTP options, and say which are gone and which were left behind and why.
import { randomUUID } from "node:crypto";
import { expandPath, operation } from "../../src/contract/operations.ts";
import { WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
import { type HttpOptions, type HttpRequest, send } from "../transport/http-exchange.ts";
import { runOrdered } from "./ordered-pool.ts";

export interface CleanupOutcome {
  /** Deleted now, or already gone (404). */
  deleted: string[];
  leftBehind: Array<{ id: string; reason: string }>;
}

export interface CleanupTarget {
  baseUrl: string;
  token: string;
  /** The run's HTTP options; cleanup is sent even after the run stopped (its own bounds still apply). */
  http: HttpOptions;
  /** Deletes at once (default 1). */
  concurrency?: number;
  /** Counts the requests sent. */
  onRequests?: (count: number) => void;
  /** The workload each session was created in (default: exchange for every one). */
  workloadOf?: (id: string) => WorkloadName;
}

/** The DELETE of one session, as its workload's delete operation names it. */
export function sessionDeleteRequest(
  baseUrl: string,
  token: string,
  sessionId: string,
  workloadName: WorkloadName = "exchange",
): HttpRequest {
  const workload = WORKLOADS[workloadName];
  const info = operation(workload.operationIds.delete);
  return {
    method: info.method.toUpperCase(),
    url: `${baseUrl.replace(/\/+$/, "")}${expandPath(info.pathTemplate, { [workload.sessionIdParameter]: sessionId })}`,
    headers: { authorization: `Bearer ${token}`, accept: "application/json", "client-request-id": randomUUID() },
  };
}

/** Deletes each session; a 204 or 404 is deleted, a 403 (activated) and anything else is left behind with why. */
export async function deleteSessions(ids: readonly string[], target: CleanupTarget): Promise<CleanupOutcome> {
  const http: HttpOptions = { ...target.http, stop: undefined, onRunBound: undefined };
  const workloadOf = target.workloadOf ?? (() => "exchange" as const);
  const request = (id: string) => sessionDeleteRequest(target.baseUrl, target.token, id, workloadOf(id));
  const answers = await runOrdered(ids, (id) => send(request(id), http), {
    concurrency: target.concurrency ?? 1,
  });
  target.onRequests?.(ids.length);
  const outcome: CleanupOutcome = { deleted: [], leftBehind: [] };
  ids.forEach((id, index) => {
    const exchange = answers[index];
    if (exchange?.status === 204 || exchange?.status === 404) outcome.deleted.push(id);
    else if (exchange?.status === 403)
      outcome.leftBehind.push({ id, reason: "403: it is no longer a draft (activated), so it cannot be deleted" });
    else
      outcome.leftBehind.push({
        id,
        reason: exchange?.throttleGaveUp
          ? `DELETE answered ${exchange.status} (throttled: ${exchange.throttleGaveUp})`
          : (exchange?.failure?.message ?? `DELETE answered ${exchange?.status}`),
      });
  });
  return outcome;
}
