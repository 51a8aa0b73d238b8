// The small pieces the exploration's choices rest on: the parts' seeds, coverage-guided choices, the $top a list is
// read with, and the session tracker a sequence records into.
import { describe, expect, it } from "vitest";
import { fittingTop, sessionListTop } from "../../conformance/explore/commands/top-option.ts";
import { partSeed } from "../../conformance/explore/exploration.ts";
import { PartCoverage } from "../../conformance/explore/part-coverage.ts";
import { SessionTracker } from "../../conformance/runner/session-tracker.ts";

describe("the parts of an exploration", () => {
  it("the first explores with the run's seed, the others with seeds of their own, the same every time", () => {
    expect(partSeed(42, 0)).toBe(42);
    const seeds = Array.from({ length: 16 }, (_, index) => partSeed(42, index));
    expect(new Set(seeds).size).toBe(16);
    expect(Array.from({ length: 16 }, (_, index) => partSeed(42, index))).toEqual(seeds);
    for (const seed of seeds) expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
    expect(partSeed(43, 1)).not.toBe(partSeed(42, 1));
  });
});

describe("coverage-guided choices", () => {
  const classes = ["a", "b", "c", "d", "e", "f", "g", "h"];

  it("take what the part sent least, from the part's own offset, so that the parts together send everything", () => {
    const sent = new Set<string>();
    for (let part = 0; part < 4; part++) {
      const coverage = new PartCoverage(part, 4);
      for (let pick = 0; pick < 2; pick++) sent.add(classes[coverage.choose("patch", classes) ?? -1] ?? "");
    }
    expect([...sent].sort()).toEqual(classes);
    const one = new PartCoverage(0, 1);
    expect(Array.from({ length: 8 }, () => one.choose("patch", classes))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Candidates that share a class count as one.
    expect(one.choose("create", ["x", "x", "y"])).toBe(0);
    expect(one.choose("create", ["x", "x", "y"])).toBe(2);
  });

  it("do not count while frozen (fast-check replays a failure while shrinking)", () => {
    const coverage = new PartCoverage(0, 1);
    coverage.frozen = true;
    expect(coverage.choose("patch", classes)).toBe(0);
    expect(coverage.choose("patch", classes)).toBe(0);
    coverage.frozen = false;
    expect(coverage.choose("patch", classes)).toBe(0);
    expect(coverage.choose("patch", classes)).toBe(1);
  });
});

describe("the $top a list is read with", () => {
  it("fits the artifacts into two or more full pages", () => {
    expect(fittingTop(12)).toBe(6);
    expect(fittingTop(9)).toBe(3);
    expect(fittingTop(7)).toBe(1);
    expect(fittingTop(2)).toBe(1);
  });

  it("is the largest for the session list until a complete read showed the list short", () => {
    const small = { kind: "valid" as const, value: 2 };
    expect(sessionListTop(small, {})).toEqual({ kind: "valid", value: 999 });
    expect(sessionListTop(small, { size: 5000 })).toEqual({ kind: "valid", value: 999 });
    expect(sessionListTop(small, { size: 12 })).toEqual(small);
    expect(sessionListTop({ kind: "none" }, {})).toEqual({ kind: "none" });
  });
});

describe("the session tracker of a sequence", () => {
  it("records into the run's tracker: created, deleted, in flight and unanswered creates", () => {
    const run = new SessionTracker();
    const sequence = run.child();
    sequence.created("s1");
    expect(run.open()).toEqual(["s1"]);
    const ticket = sequence.createStarted({ scenario: "exploration", step: "create-2" });
    ticket.sent();
    expect(run.inFlight()).toEqual([expect.objectContaining({ step: "create-2" })]);
    ticket.unanswered("timed out after 300 ms");
    expect(run.inFlight()).toEqual([]);
    expect(run.possiblyCreated()).toEqual([
      expect.objectContaining({ step: "create-2", reason: "timed out after 300 ms" }),
    ]);
    const answered = sequence.createStarted({ scenario: "exploration", step: "create-3" });
    answered.sent();
    answered.answered("s2");
    expect(sequence.open()).toEqual(["s1", "s2"]);
    expect(run.open()).toEqual(["s1", "s2"]);
    sequence.deleted("s1");
    expect(run.open()).toEqual(["s2"]);
  });
});
