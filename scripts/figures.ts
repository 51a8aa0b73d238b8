// npm run figures [-- mutation|exploration|bench …]: regenerates the figure files the README links instead of
// stating numbers by hand (default: all three), each in docs/figures/, each kept honest by a drift check:
//   mutation     docs/figures/mutation.md     `npm run mutation` at its defaults; deterministic, so
//                                              test/mutation/mutation.test.ts compares it with its own run
//   exploration  docs/figures/exploration.md  one exploration run against a fixed mutant and seed; equal apart from
//                                              timings (test/figures/exploration-figure.test.ts runs it again)
//   bench        docs/figures/bench.md        `npm run bench -- --markdown …`; machine-dependent, so the check is
//                                              that its rows are the bench script's (test/figures/bench-figure.test.ts)
// Exit 0 when every figure was written from a run that succeeded, 1 otherwise, 2 for an unknown figure name.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXPLORATION_FIGURE, renderExplorationFigure, runExplorationForFigure } from "./figures/exploration-figure.ts";
import { MUTATION_FIGURE, renderMutationFigure, runMutationForFigure } from "./figures/mutation-figure.ts";
import { currentProvenance } from "./figures/provenance.ts";
import { repoRoot } from "./repo-root.ts";

export const BENCH_FIGURE = "docs/figures/bench.md";

function write(relativePath: string, text: string): void {
  const path = join(repoRoot, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  process.stdout.write(`written: ${relativePath}\n`);
}

const FIGURES: Record<string, () => Promise<boolean>> = {
  mutation: async () => {
    const { result, exitCode } = runMutationForFigure();
    write(MUTATION_FIGURE, renderMutationFigure(result));
    return exitCode === 0;
  },
  exploration: async () => {
    const provenance = currentProvenance("npm run figures -- exploration");
    write(EXPLORATION_FIGURE, renderExplorationFigure(await runExplorationForFigure(), provenance));
    return true;
  },
  bench: async () => {
    const run = spawnSync(process.execPath, ["scripts/bench.ts", "--markdown", BENCH_FIGURE], {
      cwd: repoRoot,
      stdio: "inherit",
    });
    return run.status === 0;
  },
};

export async function main(names: string[]): Promise<number> {
  const unknown = names.filter((name) => !(name in FIGURES));
  if (unknown.length > 0) {
    process.stderr.write(`figures: unknown figure ${unknown.join(", ")}; known: ${Object.keys(FIGURES).join(", ")}\n`);
    return 2;
  }
  let ok = true;
  for (const name of names.length > 0 ? names : Object.keys(FIGURES)) {
    process.stdout.write(`figure: ${name}\n`);
    ok = (await (FIGURES[name] as () => Promise<boolean>)()) && ok;
  }
  return ok ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
