// The mutation run as a CI gate: every mutant of the reference server is failed by the conformance suite, and the
// reference and every conforming variant pass. Runs `npm run mutation` itself (spawned) and reads its JSON report.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALL_VARIANTS,
  CONFORMING_VARIANTS,
  EXPLORATION_MUTANTS,
  MUTANTS,
  REFERENCE,
} from "../../conformance/mutants/index.ts";
import { runMutation, type MutationResult } from "../../conformance/mutation/mutation-run.ts";
import type { ServerVariant } from "../../conformance/mutants/server-variant.ts";
import { MUTATION_FIGURE, renderMutationFigure } from "../../scripts/figures/mutation-figure.ts";
import { repoRoot } from "../../scripts/repo-root.ts";

const NODE = process.execPath;

describe("the variant catalogue", () => {
  it("has at least 30 mutants and 4 conforming variants, with unique ids and one-line descriptions", () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(30);
    expect(CONFORMING_VARIANTS.length).toBeGreaterThanOrEqual(4);
    const ids = ALL_VARIANTS.map((variant) => variant.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const variant of ALL_VARIANTS) {
      expect(variant.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(variant.description).not.toMatch(/\n/);
      expect(variant.description.length).toBeGreaterThan(10);
    }
    expect(MUTANTS.every((variant) => variant.kind === "mutant")).toBe(true);
    expect(CONFORMING_VARIANTS.every((variant) => variant.kind === "conforming")).toBe(true);
    // A mutant changes something: a knob or a hook.
    for (const variant of [...MUTANTS, ...CONFORMING_VARIANTS])
      expect(Object.keys(variant.behavior).length, variant.id).toBeGreaterThan(0);
  });
});

describe("the classification", () => {
  it("reports a mutant that conforms as SURVIVED and a conforming variant that deviates as a FALSE FAILURE", async () => {
    const disguisedConforming: ServerVariant = {
      ...(CONFORMING_VARIANTS.find((v) => v.id === "echo-removals") as ServerVariant),
      kind: "mutant",
    };
    const disguisedMutant: ServerVariant = {
      ...(MUTANTS.find((v) => v.id === "patch-answers-201") as ServerVariant),
      kind: "conforming",
    };
    // The worker looks variants up by id, so these keep their ids; only the kind (what is expected) changes.
    const result = await runMutation([REFERENCE, disguisedConforming, disguisedMutant], { concurrency: 2 });
    const verdicts = Object.fromEntries(result.rows.map((row) => [row.id, row.verdict]));
    expect(verdicts).toEqual({ reference: "PASS", "echo-removals": "SURVIVED", "patch-answers-201": "FALSE FAILURE" });
    expect(result.summary).toMatchObject({
      mutants: 1,
      killed: 0,
      survived: 1,
      killRate: 0,
      conforming: 1,
      falseFailures: 1,
      referencePassed: true,
      ok: false,
    });
    const falseFailure = result.rows.find((row) => row.id === "patch-answers-201");
    expect(falseFailure?.failedChecks[0]?.check).toBe("status-code");
    expect(falseFailure?.firstFailure?.message).toMatch(/received 201, expected 200/);
  });
});

describe("npm run mutation", () => {
  let directory: string;
  let run: ReturnType<typeof spawnSync>;
  let result: MutationResult;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "mutation-"));
    run = spawnSync(
      NODE,
      [
        "scripts/mutation.ts",
        "--quiet",
        "--json",
        join(directory, "m.json"),
        "--markdown",
        join(directory, "m.md"),
        "--gaps",
        join(directory, "gaps.md"),
      ],
      { cwd: repoRoot, encoding: "utf8", timeout: 280_000, env: { ...process.env, NO_COLOR: "1" } },
    );
    result = JSON.parse(readFileSync(join(directory, "m.json"), "utf8")) as MutationResult;
  }, 290_000);

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("runs every variant once: the reference, the conforming variants and the mutants", () => {
    expect(result.rows.map((row) => row.id).sort()).toEqual(ALL_VARIANTS.map((variant) => variant.id).sort());
    expect(result.summary.errors).toBe(0);
  });

  it("passes the reference server", () => {
    expect(result.rows.find((row) => row.kind === "reference")?.verdict).toBe("PASS");
  });

  it("has no false failure: every conforming variant passes", () => {
    const falseFailures = result.rows.filter((row) => row.kind === "conforming" && row.verdict !== "PASS");
    expect(
      falseFailures.map(
        (row) =>
          `${row.id}: ${row.firstFailure?.scenario} › ${row.firstFailure?.step}: ${row.firstFailure?.check}: ${row.firstFailure?.message}`,
      ),
    ).toEqual([]);
  });

  it("kills 100 % of the mutants (a default run fails them, or, for the contract's own decisions, its advisories catch them)", () => {
    const survivors = result.rows.filter(
      (row) => row.kind === "mutant" && row.verdict !== "KILLED" && row.verdict !== "ADVISORY",
    );
    expect(survivors.map((row) => `${row.id} (${row.verdict}): ${row.needs ?? row.description}`)).toEqual([]);
    expect(result.summary.strictKillRate).toBe(1);
    expect(result.summary.killRate).toBe(result.summary.killed / result.summary.mutants);
    expect(result.summary.scenarioKillRate).toBeLessThan(result.summary.killRate);
    // Killed means a named check failed (or, for ADVISORY, an advisory row) on a named step, not merely an error.
    for (const row of result.rows.filter((candidate) => candidate.kind === "mutant")) {
      expect(row.failedChecks.length, row.id).toBeGreaterThan(0);
      expect(row.firstFailure?.step, row.id).toBeTruthy();
    }
  });

  it("says which layer killed each mutant; the exploration's own mutants are missed by every scenario and caught by exploration", () => {
    for (const row of result.rows.filter((candidate) => candidate.kind === "mutant"))
      expect(row.killedBy, row.id).toMatch(/^(scenarios|exploration|both)$/);
    const explored = new Set(EXPLORATION_MUTANTS.map((variant) => variant.id));
    expect(explored.size).toBeGreaterThanOrEqual(15);
    for (const row of result.rows.filter((candidate) => explored.has(candidate.id))) {
      expect(row.killedBy, `${row.id}: ${row.firstFailure?.scenario} › ${row.firstFailure?.step}`).toBe("exploration");
      // A failure is shrunk and printed as a scenario (an advisory ends no sequence, so it has none).
      if (row.verdict === "KILLED")
        expect(row.exploration?.yaml, row.id).toMatch(/^\$schema: conformance\/scenario\.schema\.json/);
    }
    const { scenarios, exploration, both } = result.summary.killedBy;
    expect(scenarios + exploration + both).toBe(result.summary.killed + result.summary.advisoryOnly);
  });

  it("kills representative mutants for the reason they exist (the failing check and its message name the deviation)", () => {
    const expected: Record<string, { check: string; message: RegExp }> = {
      "patch-answers-201": { check: "status-code", message: /received 201, expected 200/ },
      "delta-key-value": {
        check: "response-schema",
        message: /must have required property 'mailboxRestoreArtifacts@delta'/,
      },
      "added-entry-without-id": {
        check: "response-schema",
        message: /\/mailboxRestoreArtifacts@delta\/\d+: must have required property 'id'/,
      },
      "failed-operation-erase": { check: "delta-results", message: /failedOperation: received "erase"/ },
      "absent-removal-silent": { check: "delta-results", message: /no entry, expected a per-item failure/ },
      "changes-not-persisted": { check: "state", message: /lacks restore point/ },
      "error-without-envelope": { check: "error-envelope", message: /must have required property 'error'/ },
      "json-labelled-text-plain": {
        check: "content-type",
        message: /received Content-Type "text\/plain; charset=utf-8"/,
      },
      "timestamp-dashes": { check: "response-schema", message: /DateTime: must match pattern/ },
      "paging-loop": { check: "paging", message: /points back to a page already read \(a paging loop\)/ },
      "top-ignored": { check: "paging", message: /more than the requested \$top=7/ },
      "delta-key-case-insensitive": { check: "status-code", message: /received 200, expected 400/ },
      "limit-counts-removals-twice": { check: "status-code", message: /received 400 .*RestoreArtifactsLimitBreached/ },
      "not-found-generic-code": {
        check: "error-code",
        message: /received "NotFound", expected "RestoreSessionNotFound"/,
      },
      "onedrive-answer-under-exchange-delta-key": {
        check: "delta-results",
        message: /^the answer has no driveRestoreArtifacts@delta array$/,
      },
      "sharepoint-sessions-typed-onedrive": {
        check: "odata-type",
        message:
          /received "#microsoft\.graph\.oneDriveForBusinessRestoreSession", expected #microsoft\.graph\.sharePointRestoreSession/,
      },
      "sharepoint-delta-limit-not-enforced": { check: "status-code", message: /received 200, expected 400/ },
      "session-found-in-every-collection": { check: "status-code", message: /received 200, expected 404/ },
      "sessions-listed-in-every-collection": { check: "body", message: /expected no such entry/ },
    };
    for (const [id, { check, message }] of Object.entries(expected)) {
      const row = result.rows.find((candidate) => candidate.id === id);
      const messages = [...(row?.failures ?? []), ...(row?.advisories ?? [])]
        .filter((failure) => failure.check === check)
        .map((failure) => failure.message);
      expect(
        messages.some((text) => message.test(text)),
        `${id}: ${check} failures: ${messages.slice(0, 3).join(" | ")}`,
      ).toBe(true);
    }
  });

  it("judges the reference and every conforming variant in all three workloads, a family mutant in those it names", () => {
    const judged = (id: string) => result.rows.find((row) => row.id === id)?.workloads;
    const all = ["exchange", "onedrive", "sharepoint"];
    // Two take another workload set on purpose: one serves OneDrive alone; one has a tenant-wide limit the scenarios
    // of three workloads would reach by themselves (conforming-variants.ts says why).
    const apart = ["serves-onedrive-only", "activation-capacity-reached"];
    for (const row of result.rows.filter((candidate) => candidate.kind !== "mutant" && !apart.includes(candidate.id)))
      expect(row.workloads, row.id).toEqual({ judged: all, notServed: [] });
    expect(judged("activation-capacity-reached")).toEqual({ judged: ["exchange"], notServed: [] });
    // A server with one collection: the others are not served, and the run passes on the one it has.
    expect(judged("serves-onedrive-only")).toEqual({ judged: ["onedrive"], notServed: ["exchange", "sharepoint"] });
    expect(judged("sharepoint-delta-limit-not-enforced")).toEqual({ judged: ["sharepoint"], notServed: [] });
    expect(judged("session-found-in-every-collection")).toEqual({ judged: all, notServed: [] });
    expect(judged("patch-answers-201")).toEqual({ judged: ["exchange"], notServed: [] });
    // The session seen from another collection is caught where it must be: the cross-workload scenario.
    const crossed = result.rows.find((row) => row.id === "onedrive-artifacts-of-any-session");
    expect(crossed?.firstFailure?.scenario).toBe("session-in-its-own-collection");
  });

  it("exits 0 only when everything holds, and writes the markdown table and the gap list", () => {
    expect(run.status).toBe(result.summary.ok ? 0 : 1);
    const markdown = readFileSync(join(directory, "m.md"), "utf8");
    expect(markdown.split("\n").filter((line) => line.startsWith("| `"))).toHaveLength(ALL_VARIANTS.length);
    expect(markdown).toMatch(/Kill rate \d+(\.\d)? %/);
    expect(readFileSync(join(directory, "gaps.md"), "utf8")).toMatch(/^# Mutation gaps/);
    expect(run.stdout).toMatch(
      /kill rate .* of the default run .*\nkill rate with --strict .*; the scenarios alone \(--no-explore\) .*\nfalse failures .*\ncaught by .*\ntotal .* s on \d+ worker thread/,
    );
  });

  it("computed the mutation table committed as docs/figures/mutation.md (regenerate it with `npm run figures -- mutation`)", () => {
    const committed = readFileSync(join(repoRoot, MUTATION_FIGURE), "utf8");
    expect(committed).toBe(renderMutationFigure(result));
    // The table reads the same every run: no run time, worker count or port in it.
    expect(committed).not.toMatch(/127\.0\.0\.1:\d|worker thread|^- Total /m);
  });

  it("marks the mutants only advisories catch: deviations from the contract's own decisions, killed by --strict alone", () => {
    const advisoryOnly = result.rows.filter((row) => row.verdict === "ADVISORY").map((row) => row.id);
    expect(advisoryOnly).toEqual(
      expect.arrayContaining([
        "invalid-top-ignored",
        "invalid-skiptoken-restarts",
        "top-max-refused",
        "top-ignored",
        "unknown-item-property-ignored",
        "sharepoint-unrequested-addition",
        "sharepoint-created-activating",
      ]),
    );
    expect(advisoryOnly).not.toContain("patch-answers-201");
    expect(result.summary.advisoryOnly).toBe(advisoryOnly.length);
    for (const row of result.rows.filter((candidate) => candidate.verdict === "ADVISORY"))
      expect(row.advisories.length, row.id).toBeGreaterThan(0);
    expect(readFileSync(join(directory, "m.md"), "utf8")).toMatch(
      /\| `invalid-top-ignored` \| mutant \| .* \| \*\*ADVISORY\*\* \| (scenarios|both), only --strict \|/,
    );
  });
});
