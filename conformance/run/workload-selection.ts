// Which workloads a run judges: the ones asked for (--workload; by default every workload on mock and reference, and
// exchange on a URL, so that today's commands keep their meaning), less those the target does not serve — a GET on
// the workload's collection answered 404 — which are reported as not served, not as failures.
import { randomUUID } from "node:crypto";
import { isWorkloadName, WORKLOAD_NAMES, WORKLOADS, type WorkloadName } from "../../src/contract/workloads.ts";
import type { Target, TargetKind } from "../targets/index.ts";
import { type HttpOptions, send } from "../transport/http-exchange.ts";
import { ConfigError } from "../vocabulary/config-error.ts";

export interface NotServed {
  workload: WorkloadName;
  /** What the target answered, in words. */
  reason: string;
}

export interface WorkloadScope {
  /** Asked for (--workload, else the target kind's default), in registry order. */
  asked: WorkloadName[];
  /** No --workload: the target kind's default. */
  byDefault: boolean;
  /** Asked for and served: the scenarios run in these, in registry order. */
  judged: WorkloadName[];
  /** Asked for, but the target has no such collection (404). */
  notServed: NotServed[];
}

/** The workloads a run judges when --workload does not say: every one on mock and reference, Exchange on a URL. */
export function defaultWorkloads(kind: TargetKind): WorkloadName[] {
  return kind === "url" ? ["exchange"] : [...WORKLOAD_NAMES];
}

/** `--workload` values (names, comma lists, `all`) as workload names in registry order; ConfigError on others. */
export function parseWorkloads(values: readonly string[]): WorkloadName[] {
  const named = new Set<WorkloadName>();
  for (const part of values.flatMap((value) => value.split(","))) {
    const name = part.trim();
    if (name === "all") for (const each of WORKLOAD_NAMES) named.add(each);
    else if (isWorkloadName(name)) named.add(name);
    else
      throw new ConfigError(
        `--workload ${JSON.stringify(name)} is not a workload; the workloads are ${WORKLOAD_NAMES.join(", ")} (or all)`,
      );
  }
  if (named.size === 0) throw new ConfigError(`--workload needs a workload: ${WORKLOAD_NAMES.join(", ")} or all`);
  return WORKLOAD_NAMES.filter((name) => named.has(name));
}

/** What the run asks for: the option's workloads, or the target kind's default. */
export function askedWorkloads(
  option: readonly string[] | undefined,
  kind: TargetKind,
): Pick<WorkloadScope, "asked" | "byDefault"> {
  return option === undefined
    ? { asked: defaultWorkloads(kind), byDefault: true }
    : { asked: parseWorkloads(option), byDefault: false };
}

/** Whether the target serves a workload: anything but a 404 on its collection (an error is judged by the scenarios). */
async function probeCollection(
  target: Target,
  token: string,
  http: HttpOptions,
  workload: WorkloadName,
): Promise<NotServed | undefined> {
  const url = `${target.baseUrl.replace(/\/+$/, "")}${WORKLOADS[workload].collectionPath}`;
  const exchange = await send(
    {
      method: "GET",
      url,
      headers: { authorization: `Bearer ${token}`, accept: "application/json", "client-request-id": randomUUID() },
    },
    http,
  );
  if (exchange.status !== 404) return undefined;
  return {
    workload,
    reason: `GET ${WORKLOADS[workload].collectionPath} answered 404: the target has no such collection`,
  };
}

/**
 * The workloads the run judges. Each one asked for is probed with a GET on its collection, except on a URL target
 * when --workload was not given: such a run is exactly the Exchange run it always was, without an extra request.
 */
export async function judgedWorkloads(
  scope: Pick<WorkloadScope, "asked" | "byDefault">,
  target: Target,
  token: string,
  http: HttpOptions,
): Promise<WorkloadScope> {
  if (target.kind === "url" && scope.byDefault) return { ...scope, judged: [...scope.asked], notServed: [] };
  const probes = await Promise.all(scope.asked.map((workload) => probeCollection(target, token, http, workload)));
  const notServed = probes.filter((probe): probe is NotServed => probe !== undefined);
  return {
    ...scope,
    judged: scope.asked.filter((workload) => !notServed.some((entry) => entry.workload === workload)),
    notServed,
  };
}
