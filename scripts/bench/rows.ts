// Every figure `npm run bench` measures, declared once: its section, its name and its target. bench.ts records
// values by these ids (a figure not declared here cannot be recorded, a declared one not measured is a problem),
// and the drift check of docs/figures/bench.md (test/figures/bench-figure.test.ts) compares the file's rows with
// this list: the committed figures must come from the current bench script, whatever their numbers.
import { DEFAULT_CONCURRENCY, DEFAULT_EXPLORATION } from "../../conformance/run/run-options.ts";
import { EXPLORATION_BENCH, REPRESENTATIVE_MUTANTS } from "./exploration.ts";
import { REMOTE_EXPLORATION } from "./remote.ts";

/** The suite's runs that measure overhead are one request at a time (several in flight overlap inside fetch). */
export const SEQUENTIAL = 1;
export const REMOTE_LATENCY_MS = 200;
export const SEED_PATCH_LOAD = { requests: 2000, maxDurationMs: 5000, concurrency: 8 } as const;

export interface BenchRow {
  id: string;
  name: string;
  target?: string;
}

export interface BenchSection {
  title: string;
  rows: readonly BenchRow[];
}

export const BENCH_SECTIONS: readonly BenchSection[] = [
  {
    title: `Suite against the reference server (in-process runs at concurrency ${SEQUENTIAL} unless said otherwise)`,
    rows: [
      { id: "cli", name: "CLI end to end (node start, server start, run, stop)", target: "< 1500 ms" },
      { id: "startup", name: "in-process, server start-up" },
      { id: "cold", name: "in-process, run (cold: first run in the process)", target: "< 1500 ms" },
      { id: "warm", name: "in-process, run (warm: median of 3)" },
      { id: "pooled", name: `in-process, run (warm) at the default concurrency ${DEFAULT_CONCURRENCY.reference}` },
      { id: "stop", name: "in-process, server stop (included in the runs above)" },
    ],
  },
  {
    title:
      "Runner overhead (run time outside fetch, server start and stop excluded, as a ratio to time inside fetch until the body is read)",
    rows: [
      { id: "overhead-cold", name: "cold run", target: "<= 10 %" },
      { id: "overhead-warm", name: "warm runs (median of 3)", target: "<= 10 %" },
      { id: "gc", name: "garbage collection during the warm run" },
      { id: "per-request", name: "per request (warm): runner work vs waiting" },
    ],
  },
  {
    title: `Suite against Prism (the mock target: schema level only; concurrency ${SEQUENTIAL})`,
    rows: [
      { id: "prism-startup", name: "Prism start-up" },
      { id: "prism-run", name: "run" },
      { id: "prism-overhead", name: "runner overhead against Prism" },
    ],
  },
  {
    title: "ajv validation (validateResponseBody, tinybench: 1 s per body after 300 ms warm-up)",
    rows: [
      { id: "ajv-patch-50", name: "50-item PATCH answer: mean (p99, runs)", target: "< 0.2 ms" },
      { id: "ajv-page-10k", name: "10 000-artifact list page: mean (p99, runs)", target: "< 20 ms" },
    ],
  },
  {
    title: `Reference server, seed PATCH (in-process, ${SEED_PATCH_LOAD.concurrency} in flight, at most ${SEED_PATCH_LOAD.requests} requests or ${SEED_PATCH_LOAD.maxDurationMs / 1000} s)`,
    rows: [
      { id: "load-throughput", name: "throughput" },
      { id: "load-latency", name: "latency" },
    ],
  },
  {
    title: `Suite against a remote-like target (the reference at --latency ${REMOTE_LATENCY_MS}, as a URL, writes and activation allowed)`,
    rows: [
      { id: "remote-requests", name: "requests (scenarios)" },
      { id: "remote-serial-sum", name: "all requests one after another (requests × latency)" },
      { id: "remote-critical-path", name: "critical path (longest scenario's requests × latency)" },
      {
        id: "remote-ideal",
        name: `ideal at concurrency ${DEFAULT_CONCURRENCY.url}: max(critical path, serial / ${DEFAULT_CONCURRENCY.url})`,
      },
      { id: "remote-serial", name: "concurrency 1: wall time (ratio to requests × latency)" },
      {
        id: "remote-pooled",
        name: `concurrency ${DEFAULT_CONCURRENCY.url} (default for a URL): wall time`,
        target: "< 15000 ms, ≤ 1.5× ideal",
      },
      { id: "remote-speed-up", name: "speed-up over concurrency 1" },
      { id: "remote-same-report", name: "same report at both concurrencies (timings, ids aside)", target: "yes" },
    ],
  },
  {
    title: `The default run and exploration against the remote-like target (--latency ${REMOTE_LATENCY_MS}; exploration alone: ${REMOTE_EXPLORATION.runs} sequences, seed ${REMOTE_EXPLORATION.seed})`,
    rows: [
      {
        id: "remote-default-run",
        name: `default run with --allow-writes (scenarios and ${DEFAULT_EXPLORATION.runs} explored sequences) at concurrency ${DEFAULT_CONCURRENCY.url}`,
        target: "< 60000 ms",
      },
      { id: "remote-explore-serial", name: "exploration at concurrency 1: wall time" },
      { id: "remote-explore-pooled", name: `exploration at concurrency ${DEFAULT_CONCURRENCY.url}: wall time` },
      { id: "remote-explore-speed-up", name: "exploration speed-up over concurrency 1", target: "≥ 5×" },
      {
        id: "remote-explore-same",
        name: "the same sequences, steps and failures at both concurrencies for the seed",
        target: "yes",
      },
    ],
  },
  {
    title: `Exploration (--explore, ${EXPLORATION_BENCH.runs} sequences, seed ${EXPLORATION_BENCH.seed}; the run starts the reference server; time to the first failure: the median over seeds ${EXPLORATION_BENCH.firstFailureSeeds.join(", ")}, shrinking excluded)`,
    rows: [
      { id: "explore-throughput", name: "throughput against the reference" },
      { id: "explore-run", name: "exploration run" },
      ...REPRESENTATIVE_MUTANTS.map((mutant) => ({
        id: `first-failure-${mutant}`,
        name: `time to the first failure: ${mutant}`,
      })),
    ],
  },
];

export function benchRow(id: string): { section: BenchSection; row: BenchRow } {
  for (const section of BENCH_SECTIONS) {
    const row = section.rows.find((candidate) => candidate.id === id);
    if (row) return { section, row };
  }
  throw new Error(`bench: no figure "${id}" is declared in scripts/bench/rows.ts`);
}
