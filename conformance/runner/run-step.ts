// Runs one scenario: each step's request is built from data (outputs of earlier steps flow in), sent, and judged
// by every registered check in order. A step whose inputs are missing is skipped with the reason; the others
// still run, so a scenario's cleanup steps happen even after a failure. Once the run stops, no new step starts,
// and a step the stop cut short (a page or read-back not sent) is reported as not finished instead of judged.
import { operation } from "../../src/contract/operations.ts";
import { CHECKS } from "../checks/index.ts";
import { statusCode } from "../checks/status-code.ts";
import { transport } from "../checks/transport.ts";
import type { Check, CheckContext, Verdict } from "../checks/check.ts";
import { artifactIdsByRestorePoint } from "../vocabulary/delta-correlation.ts";
import { ExpressionError, resolveIdList, resolveValue, type ExpressionScope } from "../vocabulary/expressions.ts";
import type { HttpExchange, HttpOptions } from "../transport/http-exchange.ts";
import { isReadings, type CheckResult, type Expectation, type Scenario, type Step } from "../vocabulary/scenario.ts";
import {
  artifactListing,
  collectPages,
  mergedBody,
  type ArtifactListing,
  type Page,
  type StepResponse,
} from "./collect-pages.ts";
import { prepareRequest, type PreparedRequest } from "./request-builder.ts";
import { SessionTracker, type CreateTicket } from "./session-tracker.ts";
import { isAdvisorySource } from "../vocabulary/source-registry.ts";
import { ACTIVATE_SESSION_PARAMETER, EXCHANGE } from "../../src/contract/wire-names.ts";

export { SessionTracker };

export interface ReadingNote {
  scenario: string;
  step: string;
  question: string;
  reading: string;
}

export interface ThrottleRecord {
  scenario: string;
  step: string;
  retries: number;
  waitedMs: number;
  statuses: number[];
}

export interface RunEnvironment {
  baseUrl: string;
  origin: string;
  token: string;
  pool: readonly string[];
  http: HttpOptions;
  /** A fresh GUID per name and run, naming nothing on the target. */
  absent(name: string): string;
  sessions: SessionTracker;
  /** Contract decisions fail the run too (otherwise they are advisories). */
  strict: boolean;
  onReading(note: ReadingNote): void;
  onThrottle(record: ThrottleRecord): void;
  /** Why the run stopped (one sentence), or undefined while it runs. */
  stopped(): string | undefined;
  /** Counts the requests the steps and their read-backs sent (pages, retries aside). */
  onRequests?(count: number): void;
}

const SESSION_PARAMETERS = [EXCHANGE.sessionParameter, ACTIVATE_SESSION_PARAMETER] as const;

function sessionIdOf(step: Step, scope: ExpressionScope): string | undefined {
  for (const name of SESSION_PARAMETERS) {
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

async function runCheck(check: Check, context: CheckContext): Promise<Verdict> {
  try {
    return await check.run(context);
  } catch (error) {
    return {
      status: "failed",
      message: `the ${check.name} check could not judge this answer: ${(error as Error).message}`,
    };
  }
}

export interface ScenarioState {
  outputs: Map<string, Record<string, unknown>>;
  missingOutputs: Map<string, string>;
  /** artifact id → restore-point id, from every answer of the scenario. */
  knownArtifacts: Map<string, string>;
  /** session id → restore-point id → the destinationType it was added with (sessions may share a restore point). */
  addedDestinations: Map<string, Map<string, string>>;
  /** question → the reading(s) the server took first in this scenario, and where; later steps are held to it. */
  heldReadings: Map<string, { readings: Set<string>; step: string }>;
}

export function newScenarioState(): ScenarioState {
  return {
    outputs: new Map(),
    missingOutputs: new Map(),
    knownArtifacts: new Map(),
    addedDestinations: new Map(),
    heldReadings: new Map(),
  };
}

/** Where the rule "a server keeps to the reading it took" comes from: the contract's own decision (an advisory). */
const HELD_READING_SOURCE = "E34";

function learnArtifacts(body: unknown, known: Map<string, string>): void {
  for (const [restorePointId, artifactId] of artifactIdsByRestorePoint(body)) known.set(artifactId, restorePointId);
}

/** Remembers what each applied addition asked for: all of a created session's, a PATCH's where it was added. */
function learnDestinations(step: Step, response: StepResponse, scope: ExpressionScope, state: ScenarioState): void {
  const status = response.pages[0]?.exchange.status ?? 0;
  const requested = response.request.destinations;
  if (!requested || status < 200 || status >= 300) return;
  const created =
    step.operationId === EXCHANGE.operations.create ? (response.body as { id?: unknown } | undefined)?.id : undefined;
  const sessionId = typeof created === "string" ? created : sessionIdOf(step, scope);
  if (sessionId === undefined) return;
  const added = step.operationId === EXCHANGE.operations.update ? artifactIdsByRestorePoint(response.body) : undefined;
  const destinations = state.addedDestinations.get(sessionId) ?? new Map<string, string>();
  state.addedDestinations.set(sessionId, destinations);
  for (const [restorePointId, destinationType] of requested) {
    if (!added || added.has(restorePointId)) destinations.set(restorePointId, destinationType);
  }
}

function computeOutputs(step: Step, body: unknown, scope: ExpressionScope, state: ScenarioState): void {
  const produced: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(step.outputs ?? {})) {
    try {
      if (typeof source === "string") {
        produced[name] = resolveValue(source, { ...scope, responseBody: body });
      } else {
        const reported = artifactIdsByRestorePoint(body);
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

function trackDeletion(step: Step, response: StepResponse, scope: ExpressionScope, sessions: SessionTracker): void {
  const status = response.pages[0]?.exchange.status;
  if (step.operationId === EXCHANGE.operations.delete && (status === 204 || status === 404)) {
    const id = sessionIdOf(step, scope);
    if (id !== undefined) sessions.deleted(id);
  }
}

async function judge(
  scenario: Scenario,
  step: Step,
  response: StepResponse,
  scope: ExpressionScope,
  state: ScenarioState,
  env: RunEnvironment,
  noteReadBack: (pages: readonly Page[]) => void,
): Promise<CheckResult[]> {
  const info = operation(step.operationId);
  const answerScope: ExpressionScope = { ...scope, responseBody: response.body };
  const readArtifacts = async (sessionId: string): Promise<ArtifactListing> => {
    const request = prepareRequest(
      {
        id: "read-back",
        operationId: EXCHANGE.operations.listArtifacts,
        path: { [EXCHANGE.sessionParameter]: sessionId },
        expect: { source: "graph-list-artifacts", status: 200 },
      },
      scope,
      { baseUrl: env.baseUrl, token: env.token },
    );
    const { pages, problems, complete } = await collectPages(request, {
      ...env.http,
      origin: env.origin,
      follow: true,
    });
    noteReadBack(pages);
    env.onRequests?.(pages.length);
    const listing = artifactListing(pages, complete ? [] : problems);
    if (listing.ok) learnArtifacts(mergedBody(pages, true), state.knownArtifacts);
    return listing;
  };
  const contextFor = (expectation: Expectation, readings: Reading[]): CheckContext => ({
    scenario,
    step,
    operation: info,
    response,
    expectation,
    resolve: (value) => resolveValue(value, answerScope),
    resolveIds: (list, what) => resolveIdList(list, answerScope, what),
    knownArtifacts: state.knownArtifacts,
    destinationsOf: (sessionId) => state.addedDestinations.get(sessionId) ?? new Map(),
    readArtifacts,
    noteReading: (question, reading) => readings.push({ question, reading }),
  });
  const row = (check: Check, verdict: NonNullable<Verdict>, expectation: Expectation): CheckResult => {
    const source = sourceOf(check, verdict, expectation);
    return {
      scenario: scenario.id,
      step: step.id,
      check: check.name,
      status: verdict.status === "failed" && !env.strict && isAdvisorySource(source) ? "advisory" : verdict.status,
      message: verdict.message ?? "",
      source,
    };
  };

  // A reading the server took earlier in this scenario holds: only that alternative is judged (ERRATA E34: a
  // server takes one documented reading, not a different one per request).
  const question = isReadings(step.expect) ? step.expect.question : undefined;
  const held =
    question !== undefined && isReadings(step.expect) && step.expect.hold !== false
      ? state.heldReadings.get(question)
      : undefined;
  const offered = isReadings(step.expect) ? step.expect.anyOf : [step.expect];
  const heldAlternatives = held
    ? offered.filter((expectation) => expectation.reading !== undefined && held.readings.has(expectation.reading))
    : [];
  const alternatives = heldAlternatives.length > 0 ? heldAlternatives : offered;
  // Without a complete answer nothing else can be judged.
  const firstContext = contextFor(alternatives[0] as Expectation, []);
  const transportVerdict = await runCheck(transport, firstContext);
  if (transportVerdict?.status === "failed") return [row(transport, transportVerdict, firstContext.expectation)];

  const independent = new Map<Check, Verdict>([[transport, transportVerdict]]);
  for (const check of CHECKS) {
    if (check !== transport && !check.usesExpectation) independent.set(check, await runCheck(check, firstContext));
  }
  // Each reading is judged on its own; the first whose every check passes is the server's reading, else the first
  // that fails only on the contract's own decisions (advisories). When none does, the one whose status matched is
  // the closest (its failures are the informative ones).
  const evaluations: Evaluation[] = [];
  for (const expectation of alternatives) {
    const readings: Reading[] = [];
    const context = contextFor(expectation, readings);
    const verdicts = new Map<Check, Verdict>();
    for (const check of CHECKS) if (check.usesExpectation) verdicts.set(check, await runCheck(check, context));
    evaluations.push({ expectation, verdicts, readings });
    if (failures(verdicts, expectation, "any") === 0) break;
  }
  const matched =
    evaluations.find((evaluation) => failures(evaluation.verdicts, evaluation.expectation, "any") === 0) ??
    (env.strict
      ? undefined
      : evaluations.find((evaluation) => failures(evaluation.verdicts, evaluation.expectation, "required") === 0));
  const chosen =
    matched ??
    evaluations.find((evaluation) => evaluation.verdicts.get(statusCode)?.status === "passed") ??
    (evaluations[0] as Evaluation);
  if (question !== undefined && matched && chosen.expectation.reading) {
    env.onReading({ scenario: scenario.id, step: step.id, question, reading: chosen.expectation.reading });
    if (!held && isReadings(step.expect) && step.expect.hold !== false) {
      state.heldReadings.set(question, { readings: new Set([chosen.expectation.reading]), step: step.id });
    }
  }
  for (const note of chosen.readings) env.onReading({ scenario: scenario.id, step: step.id, ...note });

  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    const verdict = check.usesExpectation ? chosen.verdicts.get(check) : independent.get(check);
    if (!verdict) continue;
    const result = row(check, verdict, chosen.expectation);
    if (question !== undefined && !matched && verdict.status === "failed" && check.usesExpectation) {
      result.message =
        held && heldAlternatives.length > 0
          ? `the server took the reading "${[...held.readings].join('" / "')}" at step ${held.step} (${question}) and is held to it: ${result.message}`
          : `no documented reading matched (${question}); closest, "${chosen.expectation.reading}": ${result.message}`;
    }
    results.push(result);
  }
  results.push(...holdNotedReadings(scenario, step, chosen.readings, state, env.strict));
  return results;
}

/** Readings the checks noted (e.g. removals echoed or omitted): the first step that notes a question fixes the
 *  reading(s) for the rest of the scenario; a later step that shows another one fails the `readings` row (an
 *  advisory unless --strict: ERRATA E34). */
function holdNotedReadings(
  scenario: Scenario,
  step: Step,
  notes: readonly Reading[],
  state: ScenarioState,
  strict: boolean,
): CheckResult[] {
  const results: CheckResult[] = [];
  const fresh = new Map<string, Set<string>>();
  for (const note of notes) {
    const held = state.heldReadings.get(note.question);
    if (!held) {
      fresh.set(note.question, (fresh.get(note.question) ?? new Set()).add(note.reading));
    } else if (!held.readings.has(note.reading)) {
      results.push({
        scenario: scenario.id,
        step: step.id,
        check: "readings",
        status: strict ? "failed" : "advisory",
        message: `${note.question}: ${note.reading} here, but ${[...held.readings].join(" and ")} at step ${held.step}; a server takes one documented reading and keeps to it`,
        source: HELD_READING_SOURCE,
      });
    }
  }
  for (const [question, readings] of fresh) state.heldReadings.set(question, { readings, step: step.id });
  return results;
}

type Reading = { question: string; reading: string };

interface Evaluation {
  expectation: Expectation;
  verdicts: Map<Check, Verdict>;
  readings: Reading[];
}

/** Where a verdict's assertion comes from: the verdict's own source, the check's, or the expectation's. */
function sourceOf(check: Check, verdict: NonNullable<Verdict>, expectation: Expectation): string {
  return verdict.source ?? check.source ?? expectation.source;
}

/** How many verdicts failed: any of them, or only those the docs, OData or HTTP back. */
function failures(verdicts: ReadonlyMap<Check, Verdict>, expectation: Expectation, which: "any" | "required"): number {
  let count = 0;
  for (const [check, verdict] of verdicts) {
    if (verdict?.status !== "failed") continue;
    if (which === "any" || !isAdvisorySource(sourceOf(check, verdict, expectation))) count++;
  }
  return count;
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
  const skipped = (message: string): StepRun => ({
    results: [{ scenario: scenario.id, step: step.id, check: null, status: "skipped", message, source: null }],
  });
  const stoppedBefore = env.stopped();
  if (stoppedBefore) return skipped(`not run: the run stopped (${stoppedBefore})`);
  const scope: ExpressionScope = {
    pool: env.pool,
    outputs: state.outputs,
    absent: env.absent,
    missingOutputs: state.missingOutputs,
  };
  let request: PreparedRequest;
  try {
    request = prepareRequest(step, scope, { baseUrl: env.baseUrl, token: env.token });
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
    step.operationId === EXCHANGE.operations.create
      ? env.sessions.createStarted({ scenario: scenario.id, step: step.id })
      : undefined;
  const allPages = step.pages === "all";
  const { pages, problems, complete } = await collectPages(request, {
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
    allPages,
    body: mergedBody(pages, allPages),
  };
  if (ticket) settleCreate(ticket, pages[0]?.exchange, response.body);
  trackDeletion(step, response, scope, env.sessions);
  learnArtifacts(response.body, state.knownArtifacts);
  learnDestinations(step, response, scope, state);
  // The step's own pages and the read-backs its checks make: every retried 429/503 is the step's.
  const throttles = pages.flatMap((page) => page.exchange.throttled);
  const judged = await judge(scenario, step, response, scope, state, stepEnv, (readBack) =>
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
  computeOutputs(step, response.body, scope, state);
  if (notSent > 0)
    return {
      ...skipped(
        `not finished: the run stopped (${env.stopped() ?? "stopped"}) before every request of this step was sent`,
      ),
      response,
    };
  return { results: judged, response };
}

/** Runs every step of a scenario in order and returns one row per step × applicable check. */
export async function runScenario(scenario: Scenario, env: RunEnvironment): Promise<CheckResult[]> {
  const state = newScenarioState();
  const results: CheckResult[] = [];
  for (const step of scenario.steps) results.push(...(await runStep(scenario, step, state, env)).results);
  return results;
}
