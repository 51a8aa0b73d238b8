// Simulated latency: the reference server standing in for a remote service (`--latency 200` or `--latency 150-250`).
// Each request waits its delay before it is handled, so state changes land when a remote service's would.
import { setTimeout as delay } from "node:timers/promises";

/** Milliseconds per request: a fixed delay, or a uniform random one between min and max (jitter). */
export interface Latency {
  minMs: number;
  maxMs: number;
}

export const MAX_LATENCY_MS = 60_000;

/** Parses `MS` or `MIN-MAX` (integers, 0 to 60000, MIN ≤ MAX); throws a message naming what is wrong. */
export function parseLatency(text: string): Latency {
  const match = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(text.trim());
  if (!match)
    throw new Error(
      `--latency ${JSON.stringify(text)}: expected milliseconds (e.g. 200) or a range MIN-MAX (e.g. 150-250)`,
    );
  const minMs = Number(match[1]);
  const maxMs = match[2] === undefined ? minMs : Number(match[2]);
  return checkLatency({ minMs, maxMs }, `--latency ${text}`);
}

/** Validates a latency given programmatically (a number of milliseconds or {minMs, maxMs}). */
export function checkLatency(latency: number | Latency, what = "latency"): Latency {
  const range = typeof latency === "number" ? { minMs: latency, maxMs: latency } : latency;
  for (const value of [range.minMs, range.maxMs]) {
    if (!Number.isInteger(value) || value < 0 || value > MAX_LATENCY_MS) {
      throw new Error(
        `${what}: each bound must be an integer number of milliseconds from 0 to ${MAX_LATENCY_MS} (got ${String(value)})`,
      );
    }
  }
  if (range.minMs > range.maxMs)
    throw new Error(`${what}: the minimum ${range.minMs} ms is larger than the maximum ${range.maxMs} ms`);
  return { minMs: range.minMs, maxMs: range.maxMs };
}

/** Waits one request's latency (nothing for 0). */
export function waitLatency(latency: Latency | undefined): Promise<void> | undefined {
  if (!latency || latency.maxMs === 0) return undefined;
  const ms = latency.minMs + Math.floor(Math.random() * (latency.maxMs - latency.minMs + 1));
  return delay(ms).then(() => undefined);
}
