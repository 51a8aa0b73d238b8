// Provenance of the invalid requests the exploration derives: every change the derivation makes to representative
// create and PATCH bodies is named by exactly one rule of `invalidRequests` (conformance/sources.yaml); a change no
// rule names is a configuration error, never a docs default; and every rule is reached by some change.
import { describe, expect, it } from "vitest";
import { type InvalidBody, invalidBodies } from "../../conformance/explore/invalid-bodies.ts";
import { provenanceOf, type RequestKind } from "../../conformance/explore/request-provenance.ts";
import { ConfigError } from "../../conformance/vocabulary/config-error.ts";
import { sourceRegistry } from "../../conformance/vocabulary/source-registry.ts";
import { EXCHANGE } from "../../src/contract/wire-names.ts";

const DELTA = EXCHANGE.deltaKey;
const ARTIFACTS = EXCHANGE.artifactsKey;
const annotations = { "@odata.type": EXCHANGE.artifactType, "@Core.ContentID": "item-1" };
const additions = [
  { restorePoint: { id: "rp-1" }, destinationType: "new", ...annotations },
  { restorePoint: { "@odata.id": "rp-2" }, destinationType: "new" },
];
const fill = (_pointer: string, count: number) =>
  Array.from({ length: count }, (_, index) => ({ restorePoint: { id: `rp-${index}` }, destinationType: "new" }));

const REPRESENTATIVE: Record<RequestKind, { schema: string; itemsKey: string; bodies: unknown[] }> = {
  patch: {
    schema: EXCHANGE.schemas.deltaRequest,
    itemsKey: DELTA,
    bodies: [
      {
        "@odata.type": EXCHANGE.sessionType,
        [DELTA]: [
          ...additions,
          { "@removed": { reason: "changed" }, id: "artifact-1", ...annotations },
          { "@removed": {}, id: "artifact-2" },
        ],
      },
    ],
  },
  create: {
    schema: EXCHANGE.schemas.createRequest,
    itemsKey: ARTIFACTS,
    bodies: [{ "@odata.type": EXCHANGE.sessionType, [ARTIFACTS]: additions }],
  },
};

function derived(request: RequestKind): InvalidBody[] {
  const { schema, bodies } = REPRESENTATIVE[request];
  return bodies.flatMap((body) => invalidBodies(schema, body, fill));
}

describe("the provenance of derived invalid requests", () => {
  for (const request of ["patch", "create"] as const) {
    it(`names a rule for every change the derivation makes to a ${request} body`, () => {
      const changes = derived(request);
      expect(changes.length).toBeGreaterThan(40);
      const unnamed: string[] = [];
      for (const change of changes) {
        try {
          provenanceOf(request, change, REPRESENTATIVE[request].itemsKey);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          unnamed.push(`${change.kind} at ${change.pointer || "(body)"}`);
        }
      }
      expect(unnamed).toEqual([]);
    });
  }

  it("refuses a change no rule names instead of defaulting to a docs source", () => {
    const unnamed: InvalidBody = {
      kind: "wrong-type",
      pointer: `/${DELTA}/0/restorePoint/id/deeper`,
      description: "a place no rule names",
      body: {},
    };
    expect(() => provenanceOf("patch", unnamed, DELTA)).toThrow(/no rule of invalidRequests .* add exactly one/);
    expect(() => provenanceOf("create", { ...unnamed, kind: "empty", pointer: "" }, ARTIFACTS)).toThrow(ConfigError);
  });

  it("reaches every rule with some change (no rule names a place the schemas do not have)", () => {
    const unreached = sourceRegistry()
      .invalidRequests()
      .filter((rule) =>
        rule.request.every((request) => {
          const { itemsKey } = REPRESENTATIVE[request];
          const pattern = new RegExp(
            `^${rule.pointer.replaceAll("{items}", itemsKey).replaceAll(".", "\\.").replaceAll("*", "[0-9]+")}$`,
          );
          return !derived(request).some((change) => rule.kinds.includes(change.kind) && pattern.test(change.pointer));
        }),
      );
    expect(unreached.map((rule) => `${rule.request.join("/")} ${rule.pointer} ${rule.kinds.join(",")}`)).toEqual([]);
  });

  it("takes what the docs do not forbid as the contract's decision, and the docs' own rules as docs", () => {
    const at = (request: RequestKind, kind: InvalidBody["kind"], pointer: string) => {
      const change = derived(request).find((candidate) => candidate.kind === kind && candidate.pointer === pointer);
      if (!change) throw new Error(`no ${kind} change at ${pointer}`);
      return provenanceOf(request, change, REPRESENTATIVE[request].itemsKey);
    };
    // An empty or null content id: nothing in OData or the docs forbids it (ERRATA E46).
    expect(at("patch", "empty", `/${DELTA}/0/@Core.ContentID`)).toMatchObject({ source: "E46", advisory: true });
    expect(at("create", "null", `/${ARTIFACTS}/0/@Core.ContentID`)).toMatchObject({ source: "E46", advisory: true });
    // A content id that is not a string breaks OData's annotation type.
    expect(at("patch", "wrong-type", `/${DELTA}/0/@Core.ContentID`)).toMatchObject({
      source: "odata-annotations",
      advisory: false,
    });
    // Unknown members and annotations (E26), a PATCH addition without destinationType (E29).
    expect(at("patch", "unknown-annotation", `/${DELTA}/2/@Custom.Note`)).toMatchObject({ source: "E26" });
    expect(at("patch", "missing-member", `/${DELTA}/0/destinationType`)).toMatchObject({ source: "E29" });
    // The create table names InvalidPathType for a missing destination; the PATCH table names the 50-item limit.
    expect(at("create", "missing-member", `/${ARTIFACTS}/0/destinationType`)).toMatchObject({
      source: "errors-create-InvalidPathType",
      errorCode: "InvalidPathType",
      advisory: false,
    });
    expect(at("patch", "over-limit", `/${DELTA}`)).toMatchObject({ errorCode: "RestoreArtifactsLimitBreached" });
    expect(at("create", "over-limit", `/${ARTIFACTS}`)).toMatchObject({ status: 413 });
    // A null list on create is a documented question (ERRATA E11), not a rule.
    expect(at("create", "null", `/${ARTIFACTS}`)).toEqual({ kind: "reading", question: "create-null-list" });
  });
});
