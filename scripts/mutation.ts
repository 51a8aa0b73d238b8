// npm run mutation: how good is the conformance verdict? Runs the suite as a user's default run (writes allowed, so
// the default exploration too) against the reference server, every conforming variant (must pass, advisories
// allowed) and every mutant (must fail), prints the table, the kill rates (default run, --strict, the scenarios
// alone) and the false failures, and writes test-output/mutation.{md,json} and test-output/mutation-gaps.md.
// --explore-seeds N runs every variant with N exploration seeds and keeps each row's worst.
// Exit 0 when every mutant is killed, every conforming variant and the reference pass; 1 otherwise; 2 usage.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { integerFlag } from "../conformance/flags/integer-flag.ts";
import { ALL_VARIANTS } from "../conformance/mutants/index.ts";
import { runMutation, type MutationResult } from "../conformance/mutation/mutation-run.ts";
import { MUTATION_SEED } from "../conformance/mutation/variant-verdict.ts";
import { consoleReport, gapsReport, markdownReport } from "../conformance/mutation/mutation-table.ts";
import { repoRoot } from "./repo-root.ts";

interface Options {
  only?: string;
  exploreSeeds: number;
  concurrency?: number;
  scenarioConcurrency: number;
  timeoutMs: number;
  json: string;
  markdown: string;
  gaps: string;
  quiet?: boolean;
  exploreRuns?: number;
  seed: number;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export async function main(argv: string[]): Promise<number> {
  const output = join(repoRoot, "test-output");
  const program = new Command()
    .name("mutation")
    .description("Run the conformance suite against the reference server, its conforming variants and its mutants.")
    .option("--only <pattern>", "only variants whose id matches this regular expression (the reference always runs)")
    .option(
      "--concurrency <n>",
      "worker threads, each running one variant at a time (default: the number of cores)",
      integerFlag("--concurrency", 1),
    )
    .option(
      "--scenario-concurrency <n>",
      "scenarios at once within each variant's run",
      integerFlag("--scenario-concurrency", 1),
      1,
    )
    .option("--timeout-ms <n>", "per-request timeout of each run", integerFlag("--timeout-ms", 1), 5000)
    .option("--json <file>", "write every row and the summary as JSON", join(output, "mutation.json"))
    .option("--markdown <file>", "write the table as markdown", join(output, "mutation.md"))
    .option("--gaps <file>", "write the surviving mutants and false failures", join(output, "mutation-gaps.md"))
    .option("--quiet", "print only the summary")
    .option(
      "--explore-runs <n>",
      "exploration sequences per variant (0: the scenarios only; default: the budget a run with --allow-writes explores with)",
      integerFlag("--explore-runs", 0),
    )
    .option(
      "--explore-seeds <n>",
      "run every variant once per exploration seed (seed, seed+1, …); a row's verdict is its worst seed",
      integerFlag("--explore-seeds", 1, 1000),
      1,
    )
    .option(
      "--seed <n>",
      "the (first) exploration seed, the same for every variant",
      integerFlag("--seed", 0),
      MUTATION_SEED,
    )
    .exitOverride()
    .allowExcessArguments(false);
  try {
    program.parse(argv, { from: "user" });
  } catch {
    return 2;
  }
  const options = program.opts<Options>();
  let pattern: RegExp | undefined;
  try {
    pattern = options.only === undefined ? undefined : new RegExp(options.only);
  } catch (error) {
    process.stderr.write(`mutation: --only is not a regular expression: ${(error as Error).message}\n`);
    return 2;
  }
  const variants = ALL_VARIANTS.filter(
    (variant) => variant.kind === "reference" || !pattern || pattern.test(variant.id),
  );
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  let done = 0;
  const result: MutationResult = await runMutation(variants, {
    timeoutMs: options.timeoutMs,
    scenarioConcurrency: options.scenarioConcurrency,
    seeds: Array.from({ length: options.exploreSeeds }, (_, index) => options.seed + index),
    ...(options.exploreRuns === undefined
      ? {}
      : { explore: options.exploreRuns === 0 ? false : { runs: options.exploreRuns } }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    onRow: (row) => {
      done++;
      if (!options.quiet && process.stderr.isTTY)
        process.stderr.write(`\r${done}/${variants.length} ${row.id.padEnd(50)}`);
    },
  });
  if (!options.quiet && process.stderr.isTTY) process.stderr.write(`${"\r".padEnd(60)}\r`);
  write(options.json, `${JSON.stringify(result, null, 2)}\n`);
  write(options.markdown, markdownReport(result));
  write(options.gaps, gapsReport(result));
  const report = consoleReport(result, color);
  process.stdout.write(options.quiet ? report.slice(report.lastIndexOf("\n\n") + 2) : report);
  process.stdout.write(`written: ${options.markdown}, ${options.json}, ${options.gaps}\n`);
  return result.summary.ok ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
