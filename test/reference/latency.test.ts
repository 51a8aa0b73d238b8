// --latency: the reference server standing in for a remote service. Each request waits its delay (fixed, or
// uniformly drawn from a range) before it is handled; bad values are refused with a message naming them.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseLatency } from "../../conformance/reference/latency.ts";
import { startReferenceServer } from "../../conformance/reference/server.ts";
import { repoRoot } from "../../scripts/repo-root.ts";

const MAIN = join(repoRoot, "conformance/reference/main.ts");
const SESSIONS = "/solutions/backupRestore/exchangeRestoreSessions";

async function timedGet(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: "Bearer t" } });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

describe("parseLatency", () => {
  it("reads a fixed delay and a MIN-MAX range", () => {
    expect(parseLatency("200")).toEqual({ minMs: 200, maxMs: 200 });
    expect(parseLatency("150-250")).toEqual({ minMs: 150, maxMs: 250 });
    expect(parseLatency("0")).toEqual({ minMs: 0, maxMs: 0 });
  });

  it.each([
    ["fast", /expected milliseconds \(e\.g\. 200\) or a range MIN-MAX/],
    ["-5", /expected milliseconds/],
    ["1.5", /expected milliseconds/],
    ["300-100", /the minimum 300 ms is larger than the maximum 100 ms/],
    ["60001", /from 0 to 60000 \(got 60001\)/],
  ])("refuses %j", (text, message) => {
    expect(() => parseLatency(text)).toThrow(message);
  });
});

describe("the latency option", () => {
  it("delays every answer by at least the minimum, in-process", async () => {
    const server = await startReferenceServer({ latency: { minMs: 120, maxMs: 160 } });
    try {
      const answers = await Promise.all([0, 1, 2].map(() => timedGet(`${server.baseUrl}${SESSIONS}`)));
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.ms).toBeGreaterThanOrEqual(115);
      }
    } finally {
      await server.close();
    }
  });

  it("refuses an impossible programmatic value", async () => {
    await expect(startReferenceServer({ latency: -1 })).rejects.toThrow(
      /latency: each bound must be an integer number of milliseconds from 0 to 60000 \(got -1\)/,
    );
  });

  it("is a CLI flag: --latency 150 delays answers, --latency 9-3 exits 2 naming the problem", async () => {
    const child = spawn(process.execPath, [MAIN, "--latency", "150", "--quiet"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const [chunk] = (await once(child.stdout, "data")) as [Buffer];
      const baseUrl = chunk.toString().split("\n")[0] as string;
      const answer = await timedGet(`${baseUrl}${SESSIONS}`);
      expect(answer.status).toBe(200);
      expect(answer.ms).toBeGreaterThanOrEqual(145);
    } finally {
      child.kill("SIGTERM");
    }
    expect((await once(child, "exit"))[0]).toBe(0);

    const bad = spawn(process.execPath, [MAIN, "--latency", "9-3"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    bad.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
    expect((await once(bad, "exit"))[0]).toBe(2);
    expect(stderr).toMatch(/--latency 9-3: the minimum 9 ms is larger than the maximum 3 ms/);
  });
});
