// --report-json: exactly {"summary": {"passed", "failed", "skipped"}, "results": [{"scenario", "step", "check",
// "status", "message"}]} (the CLI contract), followed by extra top-level keys for people who want more.
import type { RunReport } from "../run.ts";
import { redactDeep } from "../runner/redact.ts";

export function jsonReport(report: RunReport): string {
  const document = {
    summary: { passed: report.summary.passed, failed: report.summary.failed, skipped: report.summary.skipped },
    results: report.results.map(({ scenario, step, check, status, message }) => ({ scenario, step, check, status, message })),
    target: report.target,
    level: report.level,
    durationMs: report.durationMs,
    interrupted: report.interrupted,
    scenarios: report.scenarios,
    notSelected: report.notSelected ?? null,
    expectedFailures: report.expectedFailures,
    readings: report.readings,
    throttled: report.throttled,
    cleanup: report.cleanup,
    restorePoints: report.restorePoints,
    exploration: report.exploration ?? null,
  };
  return `${JSON.stringify(redactDeep(document, report.redact), null, 2)}\n`;
}
