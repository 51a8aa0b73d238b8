// docs/figures/exploration.md shows one exploration run (a fixed mutant, seed and budget). The run is deterministic
// apart from its timings, so the drift check runs it again and compares the two files with every duration masked.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  comparableFigure,
  EXPLORATION_FIGURE,
  renderExplorationFigure,
  runExplorationForFigure,
} from "../../scripts/figures/exploration-figure.ts";
import { parseProvenance } from "../../scripts/figures/provenance.ts";
import { repoRoot } from "../../scripts/repo-root.ts";

const committed = readFileSync(join(repoRoot, EXPLORATION_FIGURE), "utf8");

describe("docs/figures/exploration.md", () => {
  it("is what the same exploration prints today, timings aside (regenerate it with `npm run figures -- exploration`)", async () => {
    const provenance = parseProvenance(committed);
    const fresh = renderExplorationFigure(await runExplorationForFigure(), provenance);
    expect(comparableFigure(committed)).toBe(comparableFigure(fresh));
    expect(committed).toMatch(/^Verdict: 1 check\(s\) failed\.$/m);
    expect(committed).toMatch(/Shortest failing sequence, as a scenario/);
  }, 120_000);

  it("names the command, the date and a clean commit", () => {
    const provenance = parseProvenance(committed);
    expect(provenance.command).toBe("npm run figures -- exploration");
    expect(Number.isNaN(Date.parse(provenance.date))).toBe(false);
    expect(provenance.commit, "generated on a tree with uncommitted changes").toMatch(/^[0-9a-f]{40}$/);
  });

  it("masks durations and times only: a changed count or step is a drift", () => {
    const line = "Exploration (seed 1): 2 of 40 sequence(s), 138 steps, 255 requests in 0.70 s";
    expect(comparableFigure(line)).toBe(comparableFigure(line.replace("0.70 s", "12.5 s")));
    expect(comparableFigure("FAIL x (1 of 1 checks failed, 709 ms)")).toBe(
      comparableFigure("FAIL x (1 of 1 checks failed, 1090 ms)"),
    );
    expect(comparableFigure(line)).not.toBe(comparableFigure(line.replace("255 requests", "256 requests")));
    expect(comparableFigure("failed at get-5")).not.toBe(comparableFigure("failed at get-4"));
  });
});
