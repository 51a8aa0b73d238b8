// --report-json: {"summary": {"passed", "failed", "skipped", "advisories", "consequences"}, "results": [{"scenario",
// "step", "check", "status", "message", "source"}]} (the CLI contract; status is passed, failed, advisory or
// skipped, and source an id of the `sources` map; a row that is a consequence of its scenario's first failure also
// names it in "consequenceOf": {"step", "check"}, and is counted in `consequences`, not in `failed` or
// `advisories`; in a run judging more than Exchange each row ends with the workload its scenario ran in), followed
// by extra top-level keys for people who want more (`workloads`: asked for, judged, not served).
import { namesWorkloads, type RunReport } from "./run-report.ts";
import { redactDeep } from "../vocabulary/redaction.ts";

export function jsonReport(report: RunReport): string {
  const named = namesWorkloads(report);
  const document = {
    summary: {
      passed: report.summary.passed,
      failed: report.summary.failed,
      skipped: report.summary.skipped,
      advisories: report.summary.advisories,
      consequences: report.summary.consequences,
    },
    results: report.results.map(({ scenario, workload, step, check, status, message, source, consequenceOf }) => ({
      scenario,
      step,
      check,
      status,
      message,
      source,
      ...(consequenceOf ? { consequenceOf } : {}),
      ...(named && workload !== undefined ? { workload } : {}),
    })),
    seed: report.seed,
    strict: report.strict,
    sources: report.sources,
    target: report.target,
    level: report.level,
    workloads: report.workloads,
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
