// The data tables of bodies: each invalid one is rejected at exactly the expected place, each valid variation passes.
import { describe, expect, it } from "vitest";
import { formatViolations } from "../../src/contract/validators.ts";
import {
  expandRepeats,
  loadCases,
  targetName,
  violationsOf,
  type BodyCase,
  type InvalidBodyCase,
} from "./body-cases.ts";

const invalid = loadCases<InvalidBodyCase>("invalid-bodies.yaml");
const valid = loadCases<BodyCase>("valid-bodies.yaml");

describe("invalid bodies (invalid-bodies.yaml)", () => {
  it("the table holds at least 30 cases with distinct descriptions", () => {
    expect(invalid.length).toBeGreaterThanOrEqual(30);
    expect(new Set(invalid.map((c) => c.description)).size).toBe(invalid.length);
  });

  it.each(invalid.map((c) => [c.description, c] as const))("%s", (_description, bodyCase) => {
    const violations = violationsOf(bodyCase);
    expect(violations.length, `${targetName(bodyCase)} accepted the body`).toBeGreaterThan(0);
    const { instancePath, keyword, property } = bodyCase.expect;
    const atPlace = violations.filter((v) => v.instancePath === instancePath && v.keyword === keyword);
    expect(atPlace, `expected ${keyword} at "${instancePath}", got:\n${formatViolations(violations)}`).not.toEqual([]);
    if (property !== undefined) {
      expect(
        atPlace.some((v) => v.message.includes(`'${property}'`) || v.message.includes(`"${property}"`)),
        formatViolations(atPlace),
      ).toBe(true);
    }
  });
});

describe("accepted variations (valid-bodies.yaml)", () => {
  it("the table holds at least 12 cases with distinct descriptions", () => {
    expect(valid.length).toBeGreaterThanOrEqual(12);
    expect(new Set(valid.map((c) => c.description)).size).toBe(valid.length);
  });

  it.each(valid.map((c) => [c.description, c] as const))("%s", (_description, bodyCase) => {
    const violations = violationsOf(bodyCase);
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

describe("the $repeat construct of the tables", () => {
  it("expands into numbered copies inside the array that holds it", () => {
    expect(expandRepeats({ list: ["first", { $repeat: { count: 3, item: { id: "rp-{i}", n: 1 } } }, "last"] })).toEqual(
      {
        list: ["first", { id: "rp-1", n: 1 }, { id: "rp-2", n: 1 }, { id: "rp-3", n: 1 }, "last"],
      },
    );
  });

  it("leaves {i} alone outside a repeat and rejects a bad count", () => {
    expect(expandRepeats(["{i}"])).toEqual(["{i}"]);
    expect(() => expandRepeats([{ $repeat: { count: -1, item: 1 } }])).toThrow(/natural number/);
  });
});
