// Hints that lead the report when one setup problem explains most failures, instead of dozens of separate
// deviations: the target does not know the restore points the run added (InvalidRestorePoint), or the token lacks
// the permission the operations need (403 with a code other than the documented RestoreSessionActionNotAllowed).
import { operation } from "../../src/contract/operations.ts";
import { receivedAnswer } from "../checks/status-code.ts";
import type { CheckResult } from "../vocabulary/check-result.ts";
import type { Scenario } from "../vocabulary/scenario.ts";

/** The one 403 the docs give a cause other than a missing permission: the session is no longer a draft. */
const DOCUMENTED_403_CODES: ReadonlySet<string> = new Set(["RestoreSessionActionNotAllowed"]);

/** `scenario\0step` of every step with a failed or advisory row. */
function failingSteps(results: readonly CheckResult[]): Set<string> {
  const steps = new Set<string>();
  for (const result of results)
    if (result.status === "failed" || result.status === "advisory") steps.add(`${result.scenario}\u0000${result.step}`);
  return steps;
}

/** Whether `matching` failing steps out of `failing` make one cause likely: at least `minimum`, and half or more. */
function mostOf(matching: number, failing: number, minimum: number): boolean {
  return matching >= minimum && matching * 2 >= failing;
}

/**
 * When most failures name InvalidRestorePoint: the target does not know the restore points the run added, which is a
 * setup problem (--restore-points).
 */
export function restorePointHint(
  results: readonly CheckResult[],
  restorePoints: { count: number; source: string },
): string | undefined {
  const refusedSteps = new Set<string>();
  for (const result of results) {
    if (result.status !== "failed" && result.status !== "advisory") continue;
    if (result.message.includes("InvalidRestorePoint")) refusedSteps.add(`${result.scenario}\u0000${result.step}`);
  }
  const failing = failingSteps(results).size;
  if (!mostOf(refusedSteps.size, failing, 3)) return undefined;
  return (
    `${refusedSteps.size} of the ${failing} failing steps name InvalidRestorePoint: the target does not seem to know the ` +
    `${restorePoints.count} restore points this run added (${restorePoints.source}). Give the ids it knows with ` +
    "--restore-points FILE|ID,… (the 50- and 51-item scenarios need 51)."
  );
}

/**
 * When most failing steps were answered 403 for a reason the docs do not give (accessDenied, Forbidden, …): the
 * token lacks a permission. Names, per permission the contract's `security` gives, the operations that were denied.
 */
export function permissionHint(results: readonly CheckResult[], scenarios: readonly Scenario[]): string | undefined {
  const operationOf = new Map(
    scenarios.flatMap((scenario) => scenario.steps.map((step) => [`${scenario.id}\u0000${step.id}`, step.operationId])),
  );
  const denied = new Map<string, string | undefined>();
  const codes = new Set<string>();
  for (const result of results) {
    if (result.check !== "status-code" || (result.status !== "failed" && result.status !== "advisory")) continue;
    const answer = receivedAnswer(result.message);
    if (answer?.status !== 403 || DOCUMENTED_403_CODES.has(answer.errorCode ?? "")) continue;
    const step = `${result.scenario}\u0000${result.step}`;
    denied.set(step, operationOf.get(step));
    codes.add(answer.errorCode ?? "no error code");
  }
  const failing = failingSteps(results).size;
  if (!mostOf(denied.size, failing, 2)) return undefined;
  // Operations by the permissions that allow them: reads take Read.All or ReadWrite.All, writes ReadWrite.All.
  const byPermissions = new Map<string, Set<string>>();
  for (const operationId of denied.values()) {
    if (operationId === undefined) continue;
    const permissions = operation(operationId).permissions.join(" or ") || "a permission the contract does not name";
    byPermissions.set(permissions, (byPermissions.get(permissions) ?? new Set()).add(operationId));
  }
  const needs = [...byPermissions.entries()]
    .map(([permissions, operationIds]) => `${[...operationIds].join(", ")} need ${permissions}`)
    .join("; ");
  return (
    `${denied.size} of the ${failing} failing steps were answered 403 (${[...codes].join(", ")}): the token seems to ` +
    `lack the permission these operations need${needs ? ` (${needs})` : ""}. Grant it to the app (an application ` +
    "permission, with admin consent) or use a token that has it, then run again."
  );
}

/** Every hint the results call for, in the order the report shows them. */
export function runHints(
  results: readonly CheckResult[],
  scenarios: readonly Scenario[],
  restorePoints: { count: number; source: string },
): string[] {
  return [permissionHint(results, scenarios), restorePointHint(results, restorePoints)].filter(
    (hint): hint is string => hint !== undefined,
  );
}
