// The load script's measuring function (figures are printed by `npm run load:reference`; no timing is asserted here).
import { describe, expect, it } from "vitest";
import { startReferenceServer } from "../../conformance/reference/server.ts";
import { measureSeedPatch } from "../../scripts/load-reference.ts";

describe("measureSeedPatch", () => {
  it("sends the seed PATCH to fresh sessions, bounded by count, and reports consistent figures", async () => {
    const result = await measureSeedPatch({ requests: 40, warmupRequests: 5, concurrency: 4, maxDurationMs: 20_000 });
    expect(result).toMatchObject({ requests: 35, warmupRequests: 5, failures: 0, concurrency: 4 });
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(result.requestsPerSecond).toBeCloseTo(result.requests / (result.durationMs / 1000), 6);
  });

  it("counts answers other than 200 as failures (a server told to throttle three PATCHes)", async () => {
    const server = await startReferenceServer({
      faults: [{ error: "TooManyRequests", operationId: "updateExchangeRestoreSession", times: 3 }],
    });
    try {
      const result = await measureSeedPatch({
        baseUrl: server.baseUrl,
        requests: 10,
        warmupRequests: 0,
        concurrency: 1,
        maxDurationMs: 20_000,
      });
      expect(result.requests).toBe(10);
      expect(result.failures).toBe(3);
    } finally {
      await server.close();
    }
  });

  it("stops at the time budget", async () => {
    const result = await measureSeedPatch({ requests: 1_000_000, maxDurationMs: 300, concurrency: 2 });
    expect(result.requests).toBeLessThan(1_000_000);
    expect(result.failures).toBe(0);
  });
});
