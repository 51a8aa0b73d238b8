// --report-json: {"summary": {"passed", "failed", "skipped", "advisories"}, "results": [{"scenario", "step",
// "check", "status", "message", "source"}]} (the CLI contract; status is passed, failed, advisory or skipped, and
// source an id of the `sources` map), followed by extra top-level keys for people who want more.
import type { RunReport } from "./run-report.ts";
import { redactDeep } from "../vocabulary/redaction.ts";

export function jsonReport(report: RunReport): string {
  const document = {
    summary: {
      passed: report.summary.passed,
      failed: report.summary.failed,
      skipped: report.summary.skipped,
      advisories: report.summary.advisories,
    },
    results: report.results.map(({ scenario, step, check, status, message, source }) => ({
      scenario,
      step,
      check,
      status,
      message,
      source,
    })),
    seed: report.seed,
    strict: report.strict,
    sources: report.sources,
    target: report.target,
    level: report.level,
    durationMs: report.durationMs,
    interrupted: report.interrupted,
    stopped: report.stopped ?? null,
    scenarios: report.scenarios,
    notSelected: report.notSelected ?? null,
    expectedFailures: report.expectedFailures,
    readings: report.readings,
    throttled: report.throttled,
    throttling: report.throttling,
    cleanup: report.cleanup,
    restorePoints: report.restorePoints,
    coverage: report.coverage,
    hints: report.hints,
    incomplete: report.incomplete ?? null,
    exploration: report.exploration ?? null,
  };
  return `${JSON.stringify(redactDeep(document, report.redact), null, 2)}\n`;
}
