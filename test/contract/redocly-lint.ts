// `redocly lint --format=json` as data: one report per linted file, in the order given.
import { runTool } from "./run-tool.ts";

export interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { source: { ref: string }; pointer: string }[];
  suggest: string[];
}

export interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: LintProblem[];
}

export interface LintRun {
  code: number | null;
  reports: LintReport[];
  stderr: string;
}

/** Redocly prints one pretty-printed JSON object per file back to back (`}{` on one line between them). */
export function parseLintJson(stdout: string): LintReport[] {
  const text = stdout.trim();
  if (text === "") return [];
  return text.split(/(?<=^\})(?=\{$)/m).map((chunk) => JSON.parse(chunk) as LintReport);
}

export async function redoclyLint(args: string[]): Promise<LintRun> {
  const run = await runTool("redocly", ["lint", "--format=json", ...args]);
  return { code: run.code, reports: parseLintJson(run.stdout), stderr: run.stderr };
}
