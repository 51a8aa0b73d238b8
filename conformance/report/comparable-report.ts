// A report with what legitimately differs between two runs of the same suite taken out: timings, ports, the ids
// the target gave the sessions, and the pool's size and narrowest width. Two runs at different concurrency must
// give equal comparable reports.
import type { RunReport } from "./run-report.ts";
import { jsonReport } from "./json-report.ts";

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const RUN_SPECIFIC_KEYS = new Set(["durationMs", "startupMs", "stopMs", "baseUrl", "concurrency", "narrowestWindow"]);

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value === "string") return value.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:{port}").replace(GUID, "{id}");
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !RUN_SPECIFIC_KEYS.has(key))
      .map(([key, member]) => [key, strip(member)]),
  );
}

/** The JSON report (as --report-json writes it) without run-specific values. */
export function comparableReport(report: RunReport): unknown {
  return strip(JSON.parse(jsonReport(report)));
}

/** Console or JUnit text without run-specific values (ports, milliseconds, seconds). */
export function comparableText(text: string): string {
  return text
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:{port}")
    .replace(/\d+ ms\)/g, "{ms} ms)")
    .replace(/in \d+\.\d+ s/g, "in {s} s")
    .replace(/time="[0-9.]+"/g, 'time="{s}"');
}
