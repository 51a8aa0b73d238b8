// One cause, not many failures: within a scenario, a failing step that follows an earlier failing step it depends on
// is reported as a consequence of that step's first failure (a state check failing because an earlier PATCH failed,
// a read of a session whose create failed). A step depends on an earlier one when it uses that step's outputs, or
// when the earlier step writes (create, PATCH, delete, activate): what later steps see is what it did or did not do.
// Steps that only read do not make later failures their consequences (independent probes stay separate causes).
// Consequences keep their status and source, name their cause, are counted apart, and are shown under the cause
// instead of among the failures or under their own source.
import { operation } from "../../src/contract/operations.ts";
import type { CheckResult } from "../vocabulary/check-result.ts";
import { expressionsIn } from "../vocabulary/expressions.ts";
import type { Step } from "../vocabulary/scenario.ts";
import { stepValues } from "./scenario-loader.ts";

function isProblem(row: CheckResult): boolean {
  return row.status === "failed" || row.status === "advisory";
}

/** The ids of the earlier steps whose outputs a step uses. */
function outputsUsed(step: Step): Set<string> {
  return new Set(
    stepValues(step).flatMap((value) => expressionsIn(value).flatMap((e) => (e.kind === "step" ? [e.step] : []))),
  );
}

/** Whether `later` depends on `earlier` (its outputs, or a write), given what each step uses, transitively. */
function dependsOn(later: string, earlier: Step, uses: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  if (operation(earlier.operationId).method !== "get") return true;
  const seen = new Set<string>();
  const pending = [later];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const used of uses.get(current) ?? []) {
      if (used === earlier.id) return true;
      if (!seen.has(used)) {
        seen.add(used);
        pending.push(used);
      }
    }
  }
  return false;
}

/**
 * The rows of one scenario (steps in order) with every problem of a step that depends on an earlier failing step
 * marked as a consequence of that step's first failed check (or, when that step is a consequence itself, of its
 * cause). Without the scenario's steps (the exploration) nothing is marked.
 */
export function markConsequences(rows: readonly CheckResult[], steps: readonly Step[] | undefined): CheckResult[] {
  if (!steps) return [...rows];
  const byId = new Map(steps.map((step) => [step.id, step]));
  const uses = new Map(steps.map((step) => [step.id, outputsUsed(step)]));
  /** Failing steps in order, each with the cause its rows are filed under (itself, or an earlier step's cause). */
  const failing: Array<{ step: Step; cause: { step: string; check: string } | undefined; first: CheckResult }> = [];
  const causeOf = new Map<string, { step: string; check: string } | undefined>();
  for (const row of rows) {
    if (row.step === null || causeOf.has(row.step) || row.status !== "failed" || row.check === null) continue;
    const step = byId.get(row.step);
    if (!step) continue;
    const earlier = failing.find((entry) => dependsOn(step.id, entry.step, uses));
    const cause = earlier
      ? (earlier.cause ?? { step: earlier.step.id, check: earlier.first.check as string })
      : undefined;
    causeOf.set(step.id, cause);
    failing.push({ step, cause, first: row });
  }
  // Advisories of a step after a failing step it depends on follow from it too (they are no failure of their own).
  return rows.map((row) => {
    if (row.step === null || !isProblem(row)) return row;
    let cause = causeOf.get(row.step);
    if (!causeOf.has(row.step)) {
      const index = steps.findIndex((step) => step.id === row.step);
      const earlier = failing.find(
        (entry) => steps.indexOf(entry.step) < index && dependsOn(row.step as string, entry.step, uses),
      );
      cause = earlier ? (earlier.cause ?? { step: earlier.step.id, check: earlier.first.check as string }) : undefined;
    }
    return cause ? { ...row, consequenceOf: cause } : row;
  });
}

/** Whether a row is a consequence of an earlier failure of its scenario. */
export function isConsequence(row: CheckResult): boolean {
  return row.consequenceOf !== undefined;
}

/** The consequences of a cause row (same scenario, naming its step and check). */
export function consequencesOf(cause: CheckResult, rows: readonly CheckResult[]): CheckResult[] {
  return rows.filter(
    (row) =>
      row.scenario === cause.scenario &&
      row.consequenceOf?.step === cause.step &&
      row.consequenceOf.check === cause.check,
  );
}
