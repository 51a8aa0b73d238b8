// Runs one scenario: each step's request is built from data (outputs of earlier steps flow in), sent, and judged
// by every registered check in order (judge-step.ts). A step whose inputs are missing is skipped with the reason;
// the others still run, so a scenario's cleanup steps happen even after a failure. Once the run stops, no new step
// starts, and a step the stop cut short (a page or read-back not sent) is reported as not finished instead of judged.
import { ACTIVATE_SESSION_PARAMETER } from "../../src/contract/wire-names.ts";
import type { Workload } from "../../src/contract/workloads.ts";
import type { HttpExchange, HttpOptions } from "../transport/http-exchange.ts";
import { type CheckResult, skippedRow } from "../vocabulary/check-result.ts";
import { artifactIdsByRestorePoint } from "../vocabulary/delta-correlation.ts";
import { ExpressionError, resolveIdList, resolveValue, type ExpressionScope } from "../vocabulary/expressions.ts";
import { roleOf, type Scenario, type Step, workloadOfOperation } from "../vocabulary/scenario.ts";
import type { PreparedRequest, StepResponse } from "../vocabulary/step-response.ts";
import { collectPages, mergedBody } from "./collect-pages.ts";
import { judgeStep, learnArtifacts } from "./judge-step.ts";
import { prepareRequest } from "./request-builder.ts";
import { newScenarioState, type RunEnvironment, type ScenarioState } from "./run-environment.ts";
import type { CreateTicket, SessionTracker } from "./session-tracker.ts";
import { unmetTenantCondition } from "./tenant-condition.ts";

function sessionIdOf(step: Step, scope: ExpressionScope, workload: Workload): string | undefined {
  for (const name of [workload.sessionIdParameter, ACTIVATE_SESSION_PARAMETER]) {
    const raw = step.path?.[name];
    if (raw !== undefined) {
      try {
        return String(resolveValue(raw, scope));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Remembers what each applied addition asked for: all of a created session's, a PATCH's where it was added. */
function learnDestinations(
  step: Step,
  response: StepResponse,
  scope: ExpressionScope,
  state: ScenarioState,
  workload: Workload,
): void {
  const status = response.pages[0]?.exchange.status ?? 0;
  const requested = response.request.destinations;
  if (!requested || status < 200 || status >= 300) return;
  const role = roleOf(step.operationId);
  const created = role === "create" ? (response.body as { id?: unknown } | undefined)?.id : undefined;
  const sessionId = typeof created === "string" ? created : sessionIdOf(step, scope, workload);
  if (sessionId === undefined) return;
  const added = role === "update" ? artifactIdsByRestorePoint(response.body, workload) : undefined;
  const destinations = state.addedDestinations.get(sessionId) ?? new Map<string, string>();
  state.addedDestinations.set(sessionId, destinations);
  for (const [restorePointId, destinationType] of requested) {
    if (!added || added.has(restorePointId)) destinations.set(restorePointId, destinationType);
  }
}

function computeOutputs(
  step: Step,
  body: unknown,
  scope: ExpressionScope,
  state: ScenarioState,
  workload: Workload,
): void {
  const produced: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(step.outputs ?? {})) {
    try {
      if (typeof source === "string") {
        produced[name] = resolveValue(source, { ...scope, responseBody: body });
      } else {
        const reported = artifactIdsByRestorePoint(body, workload, state.knownArtifacts);
        produced[name] = resolveIdList(source.artifactIdsFor, scope, `outputs.${name}`).map((restorePointId) => {
          const artifactId = reported.get(restorePointId);
          if (artifactId === undefined)
            throw new ExpressionError(`the answer reports no artifact for restore point ${restorePointId}`);
          return artifactId;
        });
      }
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      state.missingOutputs.set(`${step.id}.${name}`, error.message);
    }
  }
  state.outputs.set(step.id, produced);
}

/** Settles a create request: the session it made, none, or possibly one whose id the run never learned. */
function settleCreate(ticket: CreateTicket, exchange: HttpExchange | undefined, body: unknown): void {
  if (!exchange || exchange.notSent) {
    ticket.notSent();
    return;
  }
  if (exchange.failure) {
    // A refused connection or an unknown host never reached the target.
    if (exchange.failure.kind === "refused" || exchange.failure.kind === "dns") {
      ticket.notSent();
      return;
    }
    ticket.unanswered(exchange.failure.message);
    return;
  }
  const status = exchange.status ?? 0;
  if (status < 200 || status >= 300) {
    ticket.answered(undefined);
    return;
  }
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id === "string" && id !== "") {
    ticket.answered(id);
    return;
  }
  ticket.unanswered(`the create was answered ${status} without a readable session id`);
}

function trackDeletion(
  step: Step,
  response: StepResponse,
  scope: ExpressionScope,
  sessions: SessionTracker,
  workload: Workload,
): void {
  const status = response.pages[0]?.exchange.status;
  if (roleOf(step.operationId) === "delete" && (status === 204 || status === 404)) {
    const id = sessionIdOf(step, scope, workload);
    if (id !== undefined) sessions.deleted(id);
  }
}

export interface StepRun {
  results: CheckResult[];
  /** Undefined when the step was not sent (the run stopped, or an input it needs is missing). */
  response?: StepResponse;
}

/** Sends one step (its inputs resolved from the scenario's earlier steps) and judges the answer. */
export async function runStep(
  scenario: Scenario,
  step: Step,
  state: ScenarioState,
  env: RunEnvironment,
): Promise<StepRun> {
  const skipped = (message: string): StepRun => ({ results: [skippedRow(scenario.id, message, step.id)] });
  const started = performance.now();
  const stoppedBefore = env.stopped();
  if (stoppedBefore) return skipped(`not run: the run stopped (${stoppedBefore})`);
  const workload = workloadOfOperation(step.operationId, env.workload);
  const scope: ExpressionScope = {
    pool: env.pool,
    outputs: state.outputs,
    absent: env.absent,
    missingOutputs: state.missingOutputs,
    workload,
  };
  let request: PreparedRequest;
  try {
    request = prepareRequest(step, scope, { baseUrl: env.baseUrl, token: env.token, workload: env.workload });
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    state.outputs.set(step.id, {});
    return skipped(`not run: ${error.message}`);
  }
  let notSent = 0;
  const stepHttp: HttpOptions = {
    ...env.http,
    onNotSent: (reason) => {
      notSent++;
      env.http.onNotSent?.(reason);
    },
  };
  const stepEnv: RunEnvironment = { ...env, http: stepHttp };
  const ticket =
    roleOf(step.operationId) === "create"
      ? env.sessions.createStarted({ scenario: scenario.id, step: step.id, workload: workload.name })
      : undefined;
  const allPages = step.pages === "all";
  const { pages, problems, complete, bound } = await collectPages(request, {
    ...stepHttp,
    ...(ticket ? { onSend: ticket.sent } : {}),
    origin: env.origin,
    follow: allPages,
  });
  env.onRequests?.(pages.length);
  const response: StepResponse = {
    request,
    pages,
    pagingProblems: problems,
    pagingComplete: complete,
    ...(bound === undefined ? {} : { pagingBound: bound }),
    allPages,
    body: mergedBody(pages, allPages),
  };
  if (ticket) settleCreate(ticket, pages[0]?.exchange, response.body);
  trackDeletion(step, response, scope, env.sessions, workload);
  learnArtifacts(response.body, state.knownArtifacts, workload);
  learnDestinations(step, response, scope, state, workload);
  const unmet = unmetTenantCondition(step, response);
  if (unmet) {
    state.unmetCondition = unmet.meaning;
    return { results: withStepTime(skipped(unmet.message).results, performance.now() - started), response };
  }
  // The step's own pages and the read-backs its checks make: every retried 429/503 is the step's.
  const throttles = pages.flatMap((page) => page.exchange.throttled);
  const judged = await judgeStep(scenario, step, response, scope, state, stepEnv, (readBack) =>
    throttles.push(...readBack.flatMap((page) => page.exchange.throttled)),
  );
  if (throttles.length > 0) {
    env.onThrottle({
      scenario: scenario.id,
      step: step.id,
      retries: throttles.length,
      waitedMs: throttles.reduce((sum, note) => sum + note.waitedMs, 0),
      statuses: throttles.map((note) => note.status),
    });
  }
  computeOutputs(step, response.body, scope, state, workload);
  if (notSent > 0) {
    const cut = `not finished: the run stopped (${env.stopped() ?? "stopped"}) before every request of this step was sent`;
    return { results: withStepTime(skipped(cut).results, performance.now() - started), response };
  }
  return { results: withStepTime(judged, performance.now() - started), response };
}

/** The step's rows, the time the checks did not account for (its requests) added to the first one. */
function withStepTime(rows: CheckResult[], stepMs: number): CheckResult[] {
  const judging = rows.reduce((sum, row) => sum + (row.durationMs ?? 0), 0);
  return rows.map((row, index) =>
    index === 0 ? { ...row, durationMs: (row.durationMs ?? 0) + Math.max(0, stepMs - judging) } : row,
  );
}

/** Runs every step of a scenario in order and returns one row per step × applicable check. */
export async function runScenario(scenario: Scenario, env: RunEnvironment): Promise<CheckResult[]> {
  const state = newScenarioState();
  const results: CheckResult[] = [];
  for (const step of scenario.steps) {
    results.push(
      ...(state.unmetCondition
        ? [skippedRow(scenario.id, `not run: an earlier step could not be taken (${state.unmetCondition})`, step.id)]
        : (await runStep(scenario, step, state, env)).results),
    );
  }
  return results;
}
