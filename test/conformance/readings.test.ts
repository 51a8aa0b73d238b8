// Documented readings are declared once (conformance/readings.yaml) and named by id everywhere: a scenario that names
// a reading the registry does not declare is refused, and every declared reading is reachable — the reference
// server or one of the catalogue's conforming variants takes it, in the scenarios or the exploration.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CONFORMING_VARIANTS, REFERENCE, type ServerVariant } from "../../conformance/mutants/index.ts";
import { startReferenceServer } from "../../conformance/reference/server.ts";
import { loadScenarios } from "../../conformance/runner/scenario-loader.ts";
import { ConfigError } from "../../conformance/vocabulary/config-error.ts";
import { readingRegistry } from "../../conformance/vocabulary/reading-registry.ts";
import { sourceRegistry } from "../../conformance/vocabulary/source-registry.ts";
import { runAgainst } from "./support/run.ts";

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** A scenario file whose one PATCH offers the readings of `question` named `readings`. */
function scenarioOffering(question: string, readings: string[]): string {
  const directory = mkdtempSync(join(tmpdir(), "readings-"));
  directories.push(directory);
  const anyOf = readings.map((reading) => `            - { reading: ${reading}, status: 400 }`).join("\n");
  writeFileSync(
    join(directory, "held.yaml"),
    `description: readings by id
scenarios:
  - id: held-twice
    description: a held restore point is added again
    level: behavior
    tags: [writes]
    steps:
      - id: patch
        operationId: updateExchangeRestoreSession
        path: { exchangeRestoreSessionId: $absent.session }
        delta:
          - $additions: { restorePoints: "$pool[0]" }
        expect:
          question: ${question}
          anyOf:
${anyOf}
`,
  );
  return directory;
}

describe("the readings registry", () => {
  it("declares each question with two readings or more, each documented by a known source", () => {
    const sources = sourceRegistry();
    const questions = readingRegistry().all();
    expect(questions.length).toBeGreaterThanOrEqual(3);
    for (const question of questions) {
      expect(question.readings.size, question.id).toBeGreaterThanOrEqual(2);
      for (const reading of question.readings.values()) expect(sources.has(reading.source), reading.id).toBe(true);
    }
  });

  it("gives a scenario's alternative the source of its reading", () => {
    const [scenario] = loadScenarios(scenarioOffering("held-restore-point", ["request-rejected", "item-failed"]));
    const expect_ = scenario?.steps[0]?.expect;
    expect(expect_ && "anyOf" in expect_ ? expect_.anyOf.map((alternative) => alternative.source) : []).toEqual([
      "graph-update-readd",
      "graph-update-readd",
    ]);
  });

  it("refuses a scenario naming a question or a reading it does not declare", () => {
    expect(() => loadScenarios(scenarioOffering("held-restorepoint", ["request-rejected", "item-failed"]))).toThrow(
      ConfigError,
    );
    expect(() => loadScenarios(scenarioOffering("held-restorepoint", ["request-rejected", "item-failed"]))).toThrow(
      /held\.yaml: scenario held-twice, step patch: unknown question "held-restorepoint"/,
    );
    expect(() => loadScenarios(scenarioOffering("held-restore-point", ["request-rejected", "rejected"]))).toThrow(
      /unknown reading "rejected" of question held-restore-point/,
    );
    expect(() => loadScenarios(scenarioOffering("held-restore-point", ["item-failed", "item-failed"]))).toThrow(
      /offers the reading held-restore-point\/item-failed twice/,
    );
  });
});

describe("every declared reading is reachable", () => {
  /** The readings one server takes in a run of every scenario and a seeded exploration. */
  async function readingsTakenBy(variant: ServerVariant): Promise<string[]> {
    const server = await startReferenceServer({ behavior: variant.behavior });
    try {
      // A default run (advisories allowed): a conforming variant may differ from the contract's own decisions.
      const report = await runAgainst(server.baseUrl, {
        strict: false,
        // With room for three active sessions, the scenarios that activate beside an exploration that activates
        // freely find the tenant full: they are skipped (a documented tenant condition), not failed.
        // A test server, not a tenant: activations are free (the capacity readings need several).
        explore: { runs: 30, seed: 20261129, maxSeconds: 60, activations: 100 },
      });
      const failure = report.results.find((row) => row.status === "failed");
      expect(report.exitCode, `${variant.id}: ${failure?.scenario} › ${failure?.step}: ${failure?.message}`).toBe(0);
      return report.readings.map((reading) => reading.id);
    } finally {
      await server.close();
    }
  }

  it("by the reference server or a conforming variant of the catalogue", { timeout: 180_000 }, async () => {
    const declared = readingRegistry()
      .all()
      .flatMap((question) => [...question.readings.values()].map((reading) => reading.id));
    const taken = new Map<string, string[]>();
    for (const variant of [REFERENCE, ...CONFORMING_VARIANTS.filter((candidate) => TAKERS.includes(candidate.id))]) {
      for (const id of await readingsTakenBy(variant)) taken.set(id, [...(taken.get(id) ?? []), variant.id]);
    }
    expect(declared.filter((id) => !taken.has(id))).toEqual([]);
    expect([...taken.keys()].sort()).toEqual([...declared].sort());
  });
});

/** The conforming variants that take the readings the reference does not. */
const TAKERS = [
  "duplicate-fail-item",
  "echo-removals",
  "activation-capacity-reached",
  "unknown-future-destination-fail-item",
  "duplicate-fail-item-by-artifact-id",
  "lenient",
  "empty-create-list-refused",
  "delta-limit-counts-additions",
];
