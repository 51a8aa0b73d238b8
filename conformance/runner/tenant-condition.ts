// A documented answer about the tenant rather than the request (sources.yaml `tenantConditions`, e.g. activate's
// 500 TooManyActiveRestoreSessions): when a step that expected to succeed gets one, the step says nothing about the
// server's conformance, and the scenario's later steps (which need it done) cannot run. Both are skipped with the
// documented meaning, never failed: a conforming tenant near its limit answers exactly so.
import { errorCodeOf } from "../../src/contract/wire-names.ts";
import { isReadings, roleOf, type Step } from "../vocabulary/scenario.ts";
import { sourceRegistry } from "../vocabulary/source-registry.ts";
import type { StepResponse } from "../vocabulary/step-response.ts";

/** The prefix of every row such a condition skips: the run's outcome reads it back as the scenario's skip reason. */
export const TENANT_CONDITION = "not judged: the tenant";

export interface UnmetCondition {
  /** The step's skipped row. */
  message: string;
  /** What the tenant's answer means, for the rows of the steps after it. */
  meaning: string;
}

/** Why the step could not be judged on this tenant now, or undefined when it can. */
export function unmetTenantCondition(step: Step, response: StepResponse): UnmetCondition | undefined {
  // A step that offers readings (the exploration's activate) names the documented answers it accepts itself.
  if (isReadings(step.expect)) return undefined;
  const expected = [step.expect.status].flat();
  if (!expected.every((status) => status >= 200 && status < 300)) return undefined;
  const status = response.pages[0]?.exchange.status;
  const role = roleOf(step.operationId);
  const condition = sourceRegistry()
    .tenantConditions()
    .find(
      (candidate) =>
        candidate.operation === role && candidate.status === status && candidate.code === errorCodeOf(response.body),
    );
  if (!condition) return undefined;
  return {
    message: `${TENANT_CONDITION} could not take this step: ${condition.meaning} (${condition.status} ${condition.code}, documented: ${condition.source}); the rest of the scenario needs it and is not run`,
    meaning: condition.meaning,
  };
}
