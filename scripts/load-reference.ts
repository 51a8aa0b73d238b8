// Bounded load against an in-process reference server: the seed PATCH (UpdateRequestSeedEn), each on its own
// pre-created draft session so every request is the real seed PATCH. Prints requests/s, p50 and p99.
// `npm run load:reference -- [--requests N] [--duration-ms N] [--concurrency N]`; measureSeedPatch() is importable.
import { Command } from "commander";
import { fileURLToPath } from "node:url";
import { loadOpenApiDocument } from "../src/contract/document.ts";
import { integerFlag } from "../conformance/flags/integer-flag.ts";
import { startReferenceServer } from "../conformance/reference/server.ts";

export interface SeedPatchLoadOptions {
  /** At most this many PATCHes (default 2000). */
  requests?: number;
  /** The whole measurement, session creation included, stops after this long (default 5000 ms). */
  maxDurationMs?: number;
  /** PATCHes in flight at once (default 8). */
  concurrency?: number;
  /** PATCHes sent first and not measured, so JIT warm-up does not count (default 100, within `requests`). */
  warmupRequests?: number;
  /** A running server's base URL; default: an in-process reference server started and stopped here. */
  baseUrl?: string;
}

export interface SeedPatchLoadResult {
  /** Measured PATCHes completed (every one a 200, else it counts in `failures`; warm-up failures count too). */
  requests: number;
  warmupRequests: number;
  failures: number;
  concurrency: number;
  durationMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const SESSIONS = "/solutions/backupRestore/exchangeRestoreSessions";
const HEADERS = { authorization: "Bearer load-test", "content-type": "application/json" };

function seedBody(): string {
  const example = loadOpenApiDocument().components.examples?.UpdateRequestSeedEn as { value: unknown } | undefined;
  if (!example) throw new Error("the contract has no UpdateRequestSeedEn example");
  return JSON.stringify(example.value);
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] as number;
}

async function runPool(
  count: number,
  concurrency: number,
  deadline: number,
  task: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadline) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return next;
}

export async function measureSeedPatch(options: SeedPatchLoadOptions = {}): Promise<SeedPatchLoadResult> {
  const requests = options.requests ?? 2000;
  const maxDurationMs = options.maxDurationMs ?? 5000;
  const concurrency = options.concurrency ?? 8;
  const warmup = Math.min(options.warmupRequests ?? 100, Math.floor(requests / 2));
  const server = options.baseUrl ? undefined : await startReferenceServer();
  const baseUrl = options.baseUrl ?? server!.baseUrl;
  const body = seedBody();
  try {
    const started = performance.now();
    // Sessions first (up to 40% of the time budget), so the measured loop is PATCH only.
    const sessionIds: string[] = [];
    await runPool(requests, concurrency, started + maxDurationMs * 0.4, async () => {
      const response = await fetch(`${baseUrl}${SESSIONS}`, { method: "POST", headers: HEADERS, body: "{}" });
      const created = (await response.json()) as { id?: string };
      if (response.status !== 201 || !created.id) throw new Error(`create answered ${response.status}`);
      sessionIds.push(created.id);
    });
    const latencies: number[] = [];
    let failures = 0;
    const patchSession = async (sessionId: string, measured: boolean) => {
      const sent = performance.now();
      const response = await fetch(`${baseUrl}${SESSIONS}/${sessionId}`, { method: "PATCH", headers: HEADERS, body });
      await response.arrayBuffer();
      if (measured) latencies.push(performance.now() - sent);
      if (response.status !== 200) failures += 1;
    };
    const warmed = await runPool(Math.min(warmup, sessionIds.length), concurrency, started + maxDurationMs, (index) =>
      patchSession(sessionIds[index]!, false),
    );
    const measuredIds = sessionIds.slice(warmed);
    const loopStarted = performance.now();
    const done = await runPool(measuredIds.length, concurrency, started + maxDurationMs, (index) =>
      patchSession(measuredIds[index]!, true),
    );
    const durationMs = performance.now() - loopStarted;
    latencies.sort((a, b) => a - b);
    return {
      requests: done,
      warmupRequests: warmed,
      failures,
      concurrency,
      durationMs,
      requestsPerSecond: done / (durationMs / 1000),
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
    };
  } finally {
    await server?.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const program = new Command()
    .name("load:reference")
    .description("Bounded load of the seed PATCH against an in-process reference server.")
    .option("--requests <n>", "at most this many PATCHes", integerFlag("--requests", 1), 2000)
    .option("--duration-ms <n>", "time budget of the whole run", integerFlag("--duration-ms", 1), 5000)
    .option("--concurrency <n>", "PATCHes in flight at once", integerFlag("--concurrency", 1), 8)
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .parse();
  const options = program.opts<{ requests: number; durationMs: number; concurrency: number }>();
  const result = await measureSeedPatch({
    requests: options.requests,
    maxDurationMs: options.durationMs,
    concurrency: options.concurrency,
  });
  console.log(
    `seed PATCH against the in-process reference server (client and server share one Node ${process.version} process)`,
  );
  console.log(
    `  requests     ${result.requests} measured after ${result.warmupRequests} warm-up (${result.failures} failed), concurrency ${result.concurrency}, ${result.durationMs.toFixed(0)} ms`,
  );
  console.log(`  throughput   ${result.requestsPerSecond.toFixed(0)} requests/s`);
  console.log(`  latency      p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`);
  process.exitCode = result.failures > 0 || result.requests === 0 ? 1 : 0;
}
