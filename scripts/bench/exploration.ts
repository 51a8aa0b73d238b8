// Exploration figures for npm run bench: throughput against the reference server (steps and requests per second,
// the reference server started by the run) and, on five representative mutants, the median time until the first
// failing sequence (several seeds each, shrinking excluded).
import { variantById } from "../../conformance/mutants/index.ts";
import { startReferenceServer } from "../../conformance/reference/server.ts";
import { runConformance } from "../../conformance/run.ts";

/** The exploration budget of the bench: sequences per run, the throughput run's seed, the seeds timed per mutant. */
export const EXPLORATION_BENCH = { runs: 40, seed: 20261129, firstFailureSeeds: [1, 2, 3, 4, 5] } as const;

/** One of each kind: a shape no scenario sends, two answers that must agree, a count, a held reading, paging under $top. */
export const REPRESENTATIVE_MUTANTS = [
  "item-odata-type-rejected",
  "patch-answer-stale-last-modified",
  "count-ignores-removals",
  "held-reading-flips",
  "artifact-paging-drops-full-last-page",
] as const;

export interface ExplorationThroughput {
  sequences: number;
  steps: number;
  requests: number;
  ms: number;
}

export async function explorationThroughput(runs: number, seed: number): Promise<ExplorationThroughput> {
  const report = await runConformance({ target: "reference", env: {}, grep: "^$", explore: { runs, seed } });
  const exploration = report.exploration;
  if (exploration?.status !== "passed")
    throw new Error(
      `exploration of the reference did not pass: ${JSON.stringify(exploration?.failure?.failures[0] ?? exploration?.reason)}`,
    );
  return {
    sequences: exploration.sequences,
    steps: exploration.steps,
    requests: exploration.requests,
    ms: exploration.durationMs,
  };
}

/** Milliseconds until the first failing sequence, per seed; undefined where the budget found nothing. */
export async function timesToFirstFailure(
  mutantId: string,
  seeds: readonly number[],
  runs: number,
): Promise<Array<number | undefined>> {
  const times: Array<number | undefined> = [];
  for (const seed of seeds) {
    const server = await startReferenceServer({ behavior: variantById(mutantId).behavior });
    try {
      const report = await runConformance({
        target: server.baseUrl,
        token: "bench",
        env: {},
        allowWrites: true,
        allowActivate: true,
        grep: "^$",
        explore: { runs, seed, maxShrinks: 1 },
      });
      times.push(report.exploration?.failure?.firstFailureMs);
    } finally {
      await server.close();
    }
  }
  return times;
}
