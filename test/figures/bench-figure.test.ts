// docs/figures/bench.md holds machine-dependent numbers, so its drift check is not equality: the file must come from
// the current bench script (the same sections and rows, in order, each measured) and say which command measured it,
// when, at which commit and on what machine.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { benchMarkdown, NOT_MEASURED, parseBenchRows } from "../../scripts/bench/markdown.ts";
import { BENCH_SECTIONS } from "../../scripts/bench/rows.ts";
import { BENCH_FIGURE } from "../../scripts/figures.ts";
import { parseProvenance } from "../../scripts/figures/provenance.ts";
import { repoRoot } from "../../scripts/repo-root.ts";

const committed = readFileSync(join(repoRoot, BENCH_FIGURE), "utf8");

const declaredRows = () =>
  BENCH_SECTIONS.flatMap((section) =>
    section.rows.map((row) => ({ section: section.title, name: row.name, target: row.target ?? "" })),
  );

function isFullClone(): boolean {
  try {
    return (
      execFileSync("git", ["rev-parse", "--is-shallow-repository"], { cwd: repoRoot, encoding: "utf8" }).trim() ===
      "false"
    );
  } catch {
    return false;
  }
}

describe("docs/figures/bench.md", () => {
  it("has the rows the current bench script measures, in its order, each with a value", () => {
    const rows = parseBenchRows(committed);
    expect(rows.map(({ section, name, target }) => ({ section, name, target }))).toEqual(declaredRows());
    expect(rows.filter((row) => row.value === "" || row.value === NOT_MEASURED).map((row) => row.name)).toEqual([]);
    expect(committed).not.toMatch(/^- problem: /m);
  });

  it("names the command, the date, a clean commit and the machine it measured", () => {
    const provenance = parseProvenance(committed);
    expect(provenance.command).toBe(`npm run bench -- --markdown ${BENCH_FIGURE}`);
    expect(Number.isNaN(Date.parse(provenance.date))).toBe(false);
    expect(Date.parse(provenance.date)).toBeLessThanOrEqual(Date.now());
    expect(provenance.commit, "measured on a tree with uncommitted changes").toMatch(/^[0-9a-f]{40}$/);
    if (isFullClone())
      expect(() =>
        execFileSync("git", ["cat-file", "-e", `${provenance.commit}^{commit}`], { cwd: repoRoot, stdio: "ignore" }),
      ).not.toThrow();
    expect(provenance.machine).toMatch(/^Node v\d+\.\d+\.\d+, \d+ core\(s\), /);
  });

  it("the check reads what the bench writes, and notices a row that is missing or renamed", () => {
    const provenance = { command: "npm run bench", date: "2026-01-01T00:00:00Z", commit: "0".repeat(40), machine: "m" };
    const figures = BENCH_SECTIONS.flatMap((section) => section.rows.map((row) => ({ id: row.id, value: "1 | 2 ms" })));
    const written = benchMarkdown({ provenance, figures, profile: [], summary: "s", problems: [] });
    const rows = parseBenchRows(written);
    expect(rows.map(({ section, name, target }) => ({ section, name, target }))).toEqual(declaredRows());
    expect(rows.every((row) => row.value === "1 | 2 ms")).toBe(true);
    const first = BENCH_SECTIONS[0]?.rows[0]?.name as string;
    const renamed = parseBenchRows(written.replace(`| ${first} |`, "| something else |"));
    expect(renamed.map((row) => row.name)).not.toEqual(declaredRows().map((row) => row.name));
    const unmeasured = benchMarkdown({
      provenance,
      figures: figures.slice(1),
      profile: [],
      summary: "s",
      problems: [],
    });
    expect(parseBenchRows(unmeasured)[0]?.value).toBe(NOT_MEASURED);
  });
});
