// Running the suite in-process against a test server, and reading its verdict compactly.
import { runConformance } from "../../../conformance/run.ts";
import type { RunOptions } from "../../../conformance/run/run-options.ts";
import type { RunReport } from "../../../conformance/report/run-report.ts";

export const TOKEN = "conformance-test-token-5f0c1d9e8a7b";

/** A strict run (contract decisions fail too, as in our own CI) against a URL target with writes and activation
 *  allowed (the target is a local test server); it explores only when `options.explore` asks (a run with writes
 *  allowed would explore by default). */
export function runAgainst(baseUrl: string, options: Partial<RunOptions> = {}): Promise<RunReport> {
  return runConformance({
    target: baseUrl,
    token: TOKEN,
    allowWrites: true,
    allowActivate: true,
    strict: true,
    env: {},
    explore: false,
    ...options,
  });
}

/** `scenario › step: check` of every failed row, sorted. */
export function failures(report: RunReport): string[] {
  return report.results
    .filter((result) => result.status === "failed")
    .map((result) => `${result.scenario} › ${result.step ?? "-"}: ${result.check ?? "-"}`)
    .sort();
}

/** The message of the one failed row at scenario › step: check. */
export function failureMessage(report: RunReport, scenario: string, step: string, check: string): string {
  const rows = report.results.filter(
    (result) =>
      result.status === "failed" && result.scenario === scenario && result.step === step && result.check === check,
  );
  if (rows.length !== 1)
    throw new Error(
      `expected one failure at ${scenario} › ${step}: ${check}, found ${rows.length}: ${failures(report).join(", ")}`,
    );
  return (rows[0] as { message: string }).message;
}
