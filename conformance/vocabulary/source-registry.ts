// Where the suite's assertions come from (conformance/sources.yaml): each source has a kind, and the kind decides
// what a failed assertion does to the verdict. Microsoft's docs, OData and HTTP are the standards a server is held
// to; the contract's own decisions where those are silent (ERRATA entries) are advisories unless --strict. A source
// about one workload's page names the other workloads' pages (`workloads`), so that a OneDrive assertion cites the
// OneDrive page (or, where that page contradicts its siblings, the contract's decision).
import {
  isWorkloadName,
  type OperationRole,
  WORKLOAD_NAMES,
  WORKLOADS,
  type WorkloadName,
} from "../../src/contract/workloads.ts";
import { ConfigError } from "./config-error.ts";
import { locateConformanceData, readDataFile } from "./conformance-data.ts";

export type SourceKind = "docs" | "odata" | "http" | "contract";

export interface Source {
  id: string;
  kind: SourceKind;
  title: string;
  url: string;
  /** The ERRATA entry that explains how the suite reads a docs source. */
  errata?: string;
  /** The source of the same assertion in another workload (its own page, or a contract decision). */
  workloads?: Partial<Record<WorkloadName, string>>;
}

/** A broken assertion with where it comes from. */
export interface Problem {
  message: string;
  /** An id of conformance/sources.yaml. */
  source: string;
}

interface SchemaDecision {
  pointer: string;
  keywords: string[];
  source: string;
}

/** A request the exploration derives from a request schema, and where the rule it breaks comes from (the
 *  `invalidRequests` table of sources.yaml; explore/request-provenance.ts reads it). */
export interface InvalidRequestRule {
  request: Array<"create" | "patch">;
  /** JSON pointer of the place changed; `{items}` is the workload's artifact list, `*` one array index. */
  pointer: string;
  kinds: string[];
  /** The source that rules the change out (with the status and code the docs name), or… */
  source?: string;
  status?: number;
  errorCode?: string;
  /** …the question of readings.yaml whose readings the docs allow. */
  reading?: string;
}

/** A documented answer about the tenant, not the request (the `tenantConditions` table of sources.yaml): a step
 *  that expected success and got it is not judged, and its scenario cannot go on. */
export interface TenantCondition {
  operation: OperationRole;
  status: number;
  code: string;
  source: string;
  /** What it says of the tenant, in words. */
  meaning: string;
}

export interface SourceRegistry {
  /** The source of an id; throws ConfigError for an id the registry does not know. */
  get(id: string): Source;
  has(id: string): boolean;
  all(): Source[];
  /** The contract decision a response-schema violation rests on (pointer of the value, schema keyword), if any. */
  schemaDecision(pointer: string, keyword: string): string | undefined;
  /** The id an assertion citing `id` cites in `workload` (the id itself when the source names no other). */
  inWorkload(id: string, workload: WorkloadName | undefined): string;
  /** The rules of the invalid requests the exploration derives (each source checked to exist). */
  invalidRequests(): readonly InvalidRequestRule[];
  /** The documented answers about the tenant (each source checked to exist). */
  tenantConditions(): readonly TenantCondition[];
}

/** Where a response-schema violation is docs-backed: Microsoft's CSDL and OpenAPI for the types. */
export const SCHEMA_SOURCE = "graph-openapi-schema";

/** Whether a source of the bundled registry is the contract's own decision: its failures are advisories unless
 *  --strict. Throws ConfigError for an id the registry does not know. */
export function isAdvisorySource(id: string): boolean {
  return sourceRegistry().get(id).kind === "contract";
}

function pointerPattern(pointer: string): RegExp {
  const escaped = pointer
    .split("/")
    .map((segment) => (segment === "*" ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${escaped}$`);
}

let cached: SourceRegistry | undefined;

export function loadSourceRegistry(path = locateConformanceData("sources.yaml")): SourceRegistry {
  const raw = readDataFile<{
    sources: Record<string, Omit<Source, "id">>;
    schemaDecisions: SchemaDecision[];
    invalidRequests?: Array<
      Omit<InvalidRequestRule, "request"> & {
        request: InvalidRequestRule["request"][number] | InvalidRequestRule["request"];
      }
    >;
    tenantConditions?: TenantCondition[];
  }>(path, "sources.schema.json", "sources file");
  const sources = new Map(Object.entries(raw.sources).map(([id, source]) => [id, { id, ...source }]));
  for (const source of sources.values()) {
    for (const [workload, other] of Object.entries(source.workloads ?? {})) {
      if (!isWorkloadName(workload))
        throw new ConfigError(
          `sources file ${path}: ${source.id} names the workload ${workload}, which is none of ${WORKLOAD_NAMES.join(", ")}`,
        );
      if (!sources.has(other))
        throw new ConfigError(`sources file ${path}: ${source.id} names unknown source ${other} for ${workload}`);
    }
  }
  for (const decision of raw.schemaDecisions) {
    const source = sources.get(decision.source);
    if (!source) throw new ConfigError(`sources file ${path}: schemaDecisions names unknown source ${decision.source}`);
    if (source.kind !== "contract")
      throw new ConfigError(
        `sources file ${path}: schema decision ${decision.pointer} names ${decision.source}, which is not a contract decision`,
      );
  }
  const invalidRequests: InvalidRequestRule[] = (raw.invalidRequests ?? []).map((rule) => {
    if (rule.source !== undefined && !sources.has(rule.source))
      throw new ConfigError(
        `sources file ${path}: invalidRequests ${rule.pointer} names unknown source ${rule.source}`,
      );
    return { ...rule, request: Array.isArray(rule.request) ? rule.request : [rule.request] };
  });
  const tenantConditions = raw.tenantConditions ?? [];
  for (const condition of tenantConditions) {
    if (!sources.has(condition.source))
      throw new ConfigError(
        `sources file ${path}: tenantConditions ${condition.code} names unknown source ${condition.source}`,
      );
  }
  if (!sources.has(SCHEMA_SOURCE))
    throw new ConfigError(`sources file ${path}: the source ${SCHEMA_SOURCE} is missing`);
  // `{deltaKey}` in a pointer stands for every workload's delta key.
  const decisions = raw.schemaDecisions.flatMap((decision) =>
    (decision.pointer.includes("{deltaKey}")
      ? WORKLOAD_NAMES.map((name) => decision.pointer.replaceAll("{deltaKey}", WORKLOADS[name].deltaKey))
      : [decision.pointer]
    ).map((pointer) => ({ ...decision, pattern: pointerPattern(pointer) })),
  );
  return {
    get(id) {
      const source = sources.get(id);
      if (!source) throw new ConfigError(`unknown source "${id}" (conformance/sources.yaml lists the sources)`);
      return source;
    },
    has: (id) => sources.has(id),
    all: () => [...sources.values()],
    invalidRequests: () => invalidRequests,
    tenantConditions: () => tenantConditions,
    schemaDecision(pointer, keyword) {
      return decisions.find((decision) => decision.pattern.test(pointer) && decision.keywords.includes(keyword))
        ?.source;
    },
    inWorkload(id, workload) {
      const source = sources.get(id);
      if (!source) throw new ConfigError(`unknown source "${id}" (conformance/sources.yaml lists the sources)`);
      return (workload === undefined ? undefined : source.workloads?.[workload]) ?? id;
    },
  };
}

/** The bundled registry, read once per process. */
export function sourceRegistry(): SourceRegistry {
  cached ??= loadSourceRegistry();
  return cached;
}
