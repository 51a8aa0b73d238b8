// The contract's lint rules: the real spec passes clean, and each fixture with one deliberate mistake is caught by
// the rule made for it (and by nothing else), through the same rule set the project uses.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../../scripts/repo-root.ts";
import { redoclyLint, type LintRun } from "./redocly-lint.ts";

interface FixtureExpectation {
  fixture: string;
  count: number;
  rule?: string;
  pointer?: string;
  message?: string;
}

const fixturesDir = join(repoRoot, "test/fixtures/lint");
const fixtureConfig = join(fixturesDir, "redocly.yaml");
const expectations = parse(readFileSync(join(fixturesDir, "expectations.yaml"), "utf8")) as FixtureExpectation[];

function extendsOf(configPath: string): string[] {
  const config = parse(readFileSync(configPath, "utf8")) as { extends?: string[] };
  return (config.extends ?? []).map((entry) => (entry.startsWith(".") ? resolve(dirname(configPath), entry) : entry));
}

let realSpec: LintRun;
let fixtures: LintRun;

beforeAll(async () => {
  // Both lint runs at once; the fixtures share one Redocly process (one report per file, in order).
  [realSpec, fixtures] = await Promise.all([
    redoclyLint([]),
    redoclyLint([...expectations.map((e) => join("test/fixtures/lint", e.fixture)), "--config", fixtureConfig]),
  ]);
});

describe("redocly lint on the real spec", () => {
  it("exits 0 and reports no problem at all (no error, no warning, none in the config)", () => {
    expect(realSpec.stderr).not.toMatch(/Something went wrong|Your config has/);
    expect(realSpec.reports).toHaveLength(1);
    expect(realSpec.reports[0]?.problems).toEqual([]);
    expect(realSpec.reports[0]?.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect(realSpec.code).toBe(0);
  });

  it("runs the same rule set as the fixtures' config", () => {
    const shared = extendsOf(join(repoRoot, "redocly.yaml"));
    expect(shared).toEqual(extendsOf(fixtureConfig));
    expect(shared).toContain("recommended-strict");
    expect(shared).toContain(join(repoRoot, "lint/ruleset.yaml"));
  });
});

describe("redocly lint on fixtures with one deliberate mistake", () => {
  it("lints every fixture, and fails the run", () => {
    expect(fixtures.stderr).not.toMatch(/Something went wrong|Your config has/);
    expect(fixtures.reports).toHaveLength(expectations.length);
    expect(fixtures.code).toBe(1);
  });

  it.each(expectations.map((expectation, index) => [expectation.fixture, expectation, index] as const))(
    "%s",
    (_name, expectation, index) => {
      const report = fixtures.reports[index];
      expect(report, "missing lint report").toBeDefined();
      const problems = report?.problems ?? [];
      expect(problems.map((p) => `${p.ruleId}: ${p.message}`)).toHaveLength(expectation.count);
      if (expectation.count === 0) return;
      for (const problem of problems) {
        expect(problem.ruleId).toBe(expectation.rule);
        expect(problem.severity).toBe("error");
        expect(problem.message).toContain(expectation.message);
      }
      const pointers = problems.map((p) => p.location[0]?.pointer ?? "");
      expect(
        pointers.some((pointer) => pointer.endsWith(expectation.pointer ?? "")),
        pointers.join("\n"),
      ).toBe(true);
      expect(problems[0]?.location[0]?.source.ref).toBe(`test/fixtures/lint/${expectation.fixture}`);
    },
  );
});
