// The workload registry (src/contract/workloads.ts) says what the contract says: each workload's paths, operations,
// body keys, type names and schemas; and the three workloads' schemas differ only in those names.
import { describe, expect, it } from "vitest";
import { loadOpenApiDocument } from "../../src/contract/document.ts";
import { operation, operations } from "../../src/contract/operations.ts";
import {
  isWorkloadName,
  WORKLOAD_NAMES,
  WORKLOADS,
  workload,
  workloadOfDeltaBody,
  type Workload,
} from "../../src/contract/workloads.ts";

type Json = Record<string, unknown>;

const schemas = loadOpenApiDocument().components.schemas as Record<string, Json>;
const ref = (name: string) => `#/components/schemas/${name}`;

/** The schema and, through allOf, every member's properties and required keys, merged. */
function flatten(name: string): { properties: Json; required: string[] } {
  const schema = schemas[name] as Json;
  const merged = {
    properties: { ...((schema.properties as Json) ?? {}) },
    required: [...((schema.required as string[]) ?? [])],
  };
  for (const member of (schema.allOf as Json[] | undefined) ?? []) {
    const part =
      typeof member.$ref === "string"
        ? flatten(member.$ref.replace("#/components/schemas/", ""))
        : { properties: (member.properties as Json) ?? {}, required: (member.required as string[]) ?? [] };
    Object.assign(merged.properties, part.properties);
    merged.required.push(...part.required);
  }
  return merged;
}

function responseSchema(operationId: string, status: string): string | undefined {
  return operation(operationId).responses.get(status)?.schemaRef;
}

describe.each(WORKLOAD_NAMES.map((name) => [name, WORKLOADS[name] as Workload] as const))(
  "workload %s",
  (name, entry) => {
    it("is registered under its own name", () => {
      expect(entry.name).toBe(name);
      expect(workload(name)).toBe(entry);
    });

    it("names operations the contract has, on the registry's paths and methods", () => {
      const expected: Array<[keyof Workload["operationIds"], string, string]> = [
        ["create", "post", entry.collectionPath],
        ["list", "get", entry.collectionPath],
        ["get", "get", entry.sessionPath],
        ["update", "patch", entry.sessionPath],
        ["delete", "delete", entry.sessionPath],
        ["listArtifacts", "get", entry.artifactsPath],
        ["activate", "post", "/solutions/backupRestore/restoreSessions/{restoreSessionBaseId}/activate"],
      ];
      for (const [role, method, path] of expected) {
        const info = operation(entry.operationIds[role]);
        expect([role, info.method, info.pathTemplate]).toEqual([role, method, path]);
      }
      expect(entry.sessionPath).toBe(`${entry.collectionPath}/{${entry.sessionIdParameter}}`);
      expect(entry.artifactsPath).toBe(`${entry.sessionPath}/${entry.artifactsKey}`);
      expect(entry.deltaKey).toBe(`${entry.artifactsKey}@delta`);
    });

    it("names the bodies and answers of those operations", () => {
      const { operationIds: ids, schemas: names } = entry;
      expect(operation(ids.create).requestSchemaRef).toBe(ref(names.createRequest));
      expect(responseSchema(ids.create, "201")).toBe(ref(names.session));
      expect(responseSchema(ids.list, "200")).toBe(ref(names.sessionCollection));
      expect(responseSchema(ids.get, "200")).toBe(ref(names.session));
      expect(operation(ids.update).requestSchemaRef).toBe(ref(names.deltaRequest));
      expect(responseSchema(ids.update, "200")).toBe(ref(names.deltaResponse));
      expect(responseSchema(ids.listArtifacts, "200")).toBe(ref(names.artifactCollection));
    });

    it("has its delta key required in the PATCH body and in its answer, and its artifacts key in create", () => {
      const request = flatten(entry.schemas.deltaRequest);
      expect(request.required).toEqual([entry.deltaKey]);
      expect(Object.keys(request.properties).sort()).toEqual(["@odata.type", entry.deltaKey].sort());
      expect(flatten(entry.schemas.deltaResponse).required).toContain(entry.deltaKey);
      expect(Object.keys(flatten(entry.schemas.createRequest).properties).sort()).toEqual(
        ["@odata.type", entry.artifactsKey].sort(),
      );
      expect(flatten(entry.schemas.session).properties).toHaveProperty(entry.artifactsKey);
    });

    it("names its own OData types where the contract pins @odata.type", () => {
      const typeOf = (schema: string) => (flatten(schema).properties["@odata.type"] as Json).const;
      expect(typeOf(entry.schemas.createRequest)).toBe(`#microsoft.graph.${entry.sessionType}`);
      expect(typeOf(entry.schemas.deltaRequest)).toBe(`#microsoft.graph.${entry.sessionType}`);
      expect(typeOf(entry.schemas.addition)).toBe(`#microsoft.graph.${entry.artifactType}`);
      expect(typeOf(entry.schemas.removal)).toBe(`#microsoft.graph.${entry.artifactType}`);
    });

    it("shares the removed and failed results, and adds its own artifact to the shared added-result rules", () => {
      expect(schemas[entry.schemas.deltaResult]?.oneOf).toEqual([
        { $ref: ref(entry.schemas.addedResult) },
        { $ref: ref("RestoreArtifactRemovedResult") },
        { $ref: ref("RestoreArtifactFailedResult") },
      ]);
      expect(schemas[entry.schemas.addedResult]?.allOf).toEqual([
        { $ref: ref(entry.schemas.artifact) },
        { $ref: ref("RestoreArtifactAddedResult") },
      ]);
      expect((schemas[entry.schemas.artifact]?.allOf as Json[] | undefined)?.[0]).toEqual({
        $ref: ref("RestoreArtifactBase"),
      });
    });
  },
);

describe("the three workloads differ only in their names", () => {
  /** A schema with descriptions dropped and every workload-specific name replaced by a placeholder. */
  function normalized(entry: Workload, schemaName: string): unknown {
    const renamed = new Map<string, string>([
      ...Object.entries(entry.schemas).map(([role, name]): [string, string] => [ref(name), `<${role}>`]),
      [entry.deltaKey, "<deltaKey>"],
      [entry.artifactsKey, "<artifactsKey>"],
      [`#microsoft.graph.${entry.sessionType}`, "<sessionType>"],
      [`#microsoft.graph.${entry.artifactType}`, "<artifactType>"],
    ]);
    const walk = (node: unknown): unknown => {
      if (typeof node === "string") return renamed.get(node) ?? node;
      if (Array.isArray(node)) return node.map(walk);
      if (typeof node !== "object" || node === null) return node;
      return Object.fromEntries(
        Object.entries(node)
          .filter(([key]) => key !== "description")
          .map(([key, value]) => [renamed.get(key) ?? key, walk(value)]),
      );
    };
    return walk(schemas[schemaName]);
  }

  const roles = Object.keys(WORKLOADS.exchange.schemas).filter((role) => role !== "artifact");
  it.each(roles)("%s", (role) => {
    const [exchange, ...others] = WORKLOAD_NAMES.map((name) => {
      const entry: Workload = WORKLOADS[name];
      return normalized(entry, entry.schemas[role as keyof Workload["schemas"]]);
    });
    for (const other of others) expect(other).toEqual(exchange);
  });

  it("the artifacts differ only in their restore target (restored folder, restored site)", () => {
    const own = (name: string) =>
      Object.keys(((schemas[name]?.allOf as Json[] | undefined)?.[1]?.properties as Json | undefined) ?? {});
    expect(own("MailboxRestoreArtifact")).toEqual(["restoredFolderId", "restoredFolderName", "restoredItemCount"]);
    expect(own("DriveRestoreArtifact")).toEqual(["restoredSiteId", "restoredSiteName", "restoredSiteWebUrl"]);
    expect(own("SiteRestoreArtifact")).toEqual(["restoredSiteId", "restoredSiteName", "restoredSiteWebUrl"]);
  });
});

describe("the registry covers the contract", () => {
  it("every operation of the contract belongs to the family (three workloads and the shared activation)", () => {
    const registered = new Set(WORKLOAD_NAMES.flatMap((name) => Object.values(WORKLOADS[name].operationIds)));
    expect([...operations().keys()].sort()).toEqual([...registered].sort());
  });

  it("workload() refuses a name outside the registry, naming the ones it has", () => {
    expect(() => workload("teams" as never)).toThrow(
      new RangeError('unknown workload "teams"; the workloads are exchange, onedrive, sharepoint'),
    );
    expect(isWorkloadName("onedrive")).toBe(true);
    expect(isWorkloadName("OneDrive")).toBe(false);
    expect(isWorkloadName(undefined)).toBe(false);
  });

  it("workloadOfDeltaBody names the workload of a body by its one delta key", () => {
    expect(workloadOfDeltaBody({ "siteRestoreArtifacts@delta": [] })).toBe("sharepoint");
    expect(workloadOfDeltaBody({ "driveRestoreArtifacts@delta": [], displayName: "x" })).toBe("onedrive");
    expect(workloadOfDeltaBody({ "mailboxRestoreArtifacts@delta": [], "siteRestoreArtifacts@delta": [] })).toBe(
      undefined,
    );
    expect(workloadOfDeltaBody({ mailboxRestoreArtifacts: [] })).toBe(undefined);
    expect(workloadOfDeltaBody([])).toBe(undefined);
    expect(workloadOfDeltaBody(null)).toBe(undefined);
  });
});
