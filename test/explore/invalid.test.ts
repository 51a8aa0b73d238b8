// Invalid bodies derived from the contract's schemas: each is invalid (the validator says so), differs from the
// valid body at the one place it names, and together they cover every kind of single change the schemas rule out.
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { invalidBodies, invalidTopValues } from "../../conformance/explore/invalid-bodies.ts";
import { readPointer } from "../../conformance/vocabulary/expressions.ts";
import { validateSchema } from "../../src/contract/validators.ts";

const DELTA = "mailboxRestoreArtifacts@delta";
const valid = {
  [DELTA]: [
    { restorePoint: { "@odata.id": "rp-1" }, destinationType: "new", "@Core.ContentID": "item-1" },
    { "@removed": { reason: "changed" }, id: "artifact-1" },
  ],
};
const fill = (_pointer: string, count: number) =>
  Array.from({ length: count }, (_, index) => ({ restorePoint: { id: `rp-${index}` }, destinationType: "new" }));

/** The body with the value at `pointer` taken out, so two bodies can be compared everywhere else. */
function without(body: unknown, pointer: string): unknown {
  if (pointer === "") return null;
  const copy = structuredClone(body) as Record<string, unknown>;
  const parts = pointer
    .slice(1)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  let parent: Record<string, unknown> | undefined = copy;
  for (const part of parts.slice(0, -1)) parent = parent?.[part] as Record<string, unknown> | undefined;
  if (parent && typeof parent === "object") delete parent[parts[parts.length - 1] as string];
  return copy;
}

describe("invalid request bodies derived from the schemas", () => {
  const bodies = invalidBodies("ExchangeRestoreSessionDeltaRequest", valid, fill);

  it("are each rejected by the contract's own validator", () => {
    expect(validateSchema("ExchangeRestoreSessionDeltaRequest", valid)).toEqual([]);
    for (const candidate of bodies)
      expect(validateSchema("ExchangeRestoreSessionDeltaRequest", candidate.body), candidate.description).not.toEqual(
        [],
      );
  });

  it("each change one place only: the rest of the body is the valid one", () => {
    for (const candidate of bodies) {
      expect(
        isDeepStrictEqual(without(candidate.body, candidate.pointer), without(valid, candidate.pointer)),
        candidate.description,
      ).toBe(true);
      expect(
        isDeepStrictEqual(readPointer(candidate.body, candidate.pointer), readPointer(valid, candidate.pointer)),
        candidate.description,
      ).toBe(false);
    }
  });

  it("cover every kind of change, where the schema rules it out", () => {
    const kinds = new Set(bodies.map((candidate) => candidate.kind));
    expect([...kinds].sort()).toEqual([
      "array-for-object",
      "empty",
      "key-cased",
      "key-misspelt",
      "key-without-annotation",
      "missing-member",
      "null",
      "object-for-array",
      "over-limit",
      "unknown-annotation",
      "unknown-member",
      "value-not-allowed",
      "wrong-type",
    ]);
    const described = bodies.map((candidate) => candidate.description);
    expect(described).toContain(`/${DELTA}: 51 items, one over the limit of 50`);
    expect(described).toContain(`/${DELTA}/1/id: required member "id" left out`);
    expect(described).toContain(`/${DELTA}/0/restorePoint/unexpectedMember: an unknown member "unexpectedMember"`);
    expect(described).toContain(`/${DELTA}/1/@removed/reason: "notAValue", not one of "changed", "deleted"`);
    // The body's key cased differently, misspelt, and without its @delta annotation.
    expect(described).toEqual(
      expect.arrayContaining([
        `(body): "${DELTA}" sent as "MailboxRestoreArtifacts@delta"`,
        `(body): "${DELTA}" sent as "mailboxrestoreartifacts@delta"`,
        `(body): "${DELTA}" sent as "mailboxRestoreArtifact@delta"`,
        `(body): "${DELTA}" sent as "mailboxRestoreArtifacts@DELTA"`,
        `(body): "${DELTA}" sent as "mailboxRestoreArtifacts"`,
      ]),
    );
  });

  it("leave out over-limit bodies when no distinct items can be supplied, and nothing optional is dropped", () => {
    const unfilled = invalidBodies("ExchangeRestoreSessionDeltaRequest", valid);
    expect(unfilled.some((candidate) => candidate.kind === "over-limit")).toBe(false);
    expect(
      unfilled.some(
        (candidate) => candidate.pointer.endsWith("/@Core.ContentID") && candidate.kind === "missing-member",
      ),
    ).toBe(false);
  });

  it("derive the invalid $top values from the parameter's schema (1 to 999)", () => {
    expect(invalidTopValues()).toEqual(["0", "1000", "abc"]);
  });
});
