// Judges one step's answer with every registered check in order. A step that offers several documented readings
// (conformance/readings.yaml) is judged per reading: the first whose every check passes is the server's reading,
// reported and held for the rest of the scenario (ERRATA E34); readings the checks note (removals echoed or
// omitted) are held the same way.
import { operation } from "../../src/contract/operations.ts";
import type { Workload } from "../../src/contract/workloads.ts";
import type { Check, CheckContext, Verdict } from "../checks/check.ts";
import { CHECKS } from "../checks/index.ts";
import { statusCode } from "../checks/status-code.ts";
import { transport } from "../checks/transport.ts";
import { type CheckResult, READINGS_CHECK } from "../vocabulary/check-result.ts";
import { artifactIdsByRestorePoint } from "../vocabulary/delta-correlation.ts";
import { resolveIdList, resolveValue, type ExpressionScope } from "../vocabulary/expressions.ts";
import { readingRegistry } from "../vocabulary/reading-registry.ts";
import { noRedaction } from "../vocabulary/redaction.ts";
import { isReadings, type Expectation, type Scenario, type Step, workloadOfOperation } from "../vocabulary/scenario.ts";
import { isAdvisorySource } from "../vocabulary/source-registry.ts";
import { artifactListing, type ArtifactListing, type Page, type StepResponse } from "../vocabulary/step-response.ts";
import { collectPages, mergedBody } from "./collect-pages.ts";
import { prepareRequest } from "./request-builder.ts";
import type { RunEnvironment, ScenarioState } from "./run-environment.ts";

/** Where the rule "a server keeps to the reading it took" comes from: the contract's own decision (an advisory). */
const HELD_READING_SOURCE = "E34";

type NotedReading = { question: string; reading: string };

interface Evaluation {
  expectation: Expectation;
  verdicts: Map<Check, Verdict>;
  readings: NotedReading[];
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

/** Remembers the restore point of every artifact an answer of `workload` reports (for lists that omit restorePoint).
 *  The first answer that names an artifact is kept: an artifact's restore point never changes, so a later answer
 *  that says otherwise disagrees with it (the state check says so). */
export function learnArtifacts(body: unknown, known: Map<string, string>, workload: Workload): void {
  for (const [restorePointId, artifactId] of artifactIdsByRestorePoint(body, workload))
    if (!known.has(artifactId)) known.set(artifactId, restorePointId);
}

/** Where a verdict's assertion comes from: the verdict's own source, the check's, or the expectation's. */
function sourceOf(check: Check, verdict: NonNullable<Verdict>, expectation: Expectation): string {
  return verdict.source ?? check.source ?? expectation.source;
}

/**
 * Whether a server refused a request that only the contract's own decision says it accepts (the status check failed
 * as an advisory, with an error where a success was expected): then there is no answer to judge further, and the
 * step's other expectations do not apply (a list that refuses a $top its page never documents, ERRATA E45).
 */
function refusedOnContractOnly(status: Verdict | undefined, expectation: Expectation, response: StepResponse): boolean {
  if (status?.status !== "failed") return false;
  const received = response.pages[0]?.exchange.status ?? 0;
  const expected = Array.isArray(expectation.status) ? expectation.status : [expectation.status];
  return (
    received >= 400 &&
    expected.every((code) => code < 400) &&
    isAdvisorySource(sourceOf(statusCode, status, expectation))
  );
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

/** The readings' words, for messages: `"a" / "b"`. */
function readingTexts(question: string, readings: Iterable<string>, separator: string): string {
  const registry = readingRegistry();
  return [...readings].map((reading) => registry.reading(question, reading).text).join(separator);
}

/**
 * Readings the checks noted (e.g. removals echoed or omitted): the first step that notes a question fixes the
 * reading(s) for the rest of the scenario; a later step that shows another one fails the `readings` row (an
 * advisory unless --strict: ERRATA E34).
 */
function holdNotedReadings(
  scenario: Scenario,
  step: Step,
  notes: readonly NotedReading[],
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
      const registry = readingRegistry();
      results.push({
        scenario: scenario.id,
        step: step.id,
        check: READINGS_CHECK,
        status: strict ? "failed" : "advisory",
        message: `${registry.question(note.question).text}: ${registry.reading(note.question, note.reading).text} here, but ${readingTexts(note.question, held.readings, " and ")} at step ${held.step}; a server takes one documented reading and keeps to it`,
        source: HELD_READING_SOURCE,
      });
    }
  }
  for (const [question, readings] of fresh) state.heldReadings.set(question, { readings, step: step.id });
  return results;
}

/** One row per applicable check of the step's answer, in the registry's order, and the readings held. */
export async function judgeStep(
  scenario: Scenario,
  step: Step,
  response: StepResponse,
  scope: ExpressionScope,
  state: ScenarioState,
  env: RunEnvironment,
  noteReadBack: (pages: readonly Page[]) => void,
): Promise<CheckResult[]> {
  const info = operation(step.operationId);
  const workload = workloadOfOperation(step.operationId, env.workload);
  const answerScope: ExpressionScope = { ...scope, responseBody: response.body };
  const readArtifacts = async (sessionId: string): Promise<ArtifactListing> => {
    const request = prepareRequest(
      {
        id: "read-back",
        operationId: workload.operationIds.listArtifacts,
        path: { [workload.sessionIdParameter]: sessionId },
        expect: { source: "graph-list-artifacts", status: 200 },
      },
      scope,
      { baseUrl: env.baseUrl, token: env.token, workload },
    );
    const { pages, problems, complete, bound } = await collectPages(request, {
      ...env.http,
      origin: env.origin,
      follow: true,
    });
    noteReadBack(pages);
    env.onRequests?.(pages.length);
    const listing = artifactListing(pages, complete ? [] : problems, workload.operationIds.listArtifacts, bound);
    if (listing.ok) learnArtifacts(mergedBody(pages, true), state.knownArtifacts, workload);
    return listing;
  };
  const contextFor = (expectation: Expectation, readings: NotedReading[]): CheckContext => ({
    scenario,
    step,
    operation: info,
    workload,
    response,
    expectation,
    resolve: (value) => resolveValue(value, answerScope),
    resolveIds: (list, what) => resolveIdList(list, answerScope, what),
    knownArtifacts: state.knownArtifacts,
    destinationsOf: (sessionId) => state.addedDestinations.get(sessionId) ?? new Map(),
    readArtifacts,
    noteReading: (question, reading) => {
      readingRegistry().reading(question, reading);
      readings.push({ question, reading });
    },
    redact: env.http.redact ?? noRedaction,
  });
  // How long each verdict took to reach (a read-back included), for the row's time.
  const timings = new Map<NonNullable<Verdict>, number>();
  const judge = async (check: Check, context: CheckContext): Promise<Verdict> => {
    const started = performance.now();
    const verdict = await runCheck(check, context);
    if (verdict) timings.set(verdict, performance.now() - started);
    return verdict;
  };
  const row = (check: Check, verdict: NonNullable<Verdict>, expectation: Expectation): CheckResult => {
    const source = sourceOf(check, verdict, expectation);
    return {
      scenario: scenario.id,
      step: step.id,
      check: check.name,
      status: verdict.status === "failed" && !env.strict && isAdvisorySource(source) ? "advisory" : verdict.status,
      message: verdict.message ?? "",
      source,
      durationMs: timings.get(verdict) ?? 0,
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
  const transportVerdict = await judge(transport, firstContext);
  if (transportVerdict?.status === "failed") return [row(transport, transportVerdict, firstContext.expectation)];

  const independent = new Map<Check, Verdict>([[transport, transportVerdict]]);
  for (const check of CHECKS) {
    if (check !== transport && !check.usesExpectation) independent.set(check, await judge(check, firstContext));
  }
  // Each reading is judged on its own; the first whose every check passes is the server's reading, else the first
  // that fails only on the contract's own decisions (advisories). When none does, the one whose status matched is
  // the closest (its failures are the informative ones).
  const evaluations: Evaluation[] = [];
  for (const expectation of alternatives) {
    const readings: NotedReading[] = [];
    const context = contextFor(expectation, readings);
    const verdicts = new Map<Check, Verdict>();
    for (const check of CHECKS) {
      if (!check.usesExpectation) continue;
      const refused = check !== statusCode && refusedOnContractOnly(verdicts.get(statusCode), expectation, response);
      verdicts.set(check, refused ? null : await judge(check, context));
    }
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
    env.onReading({
      scenario: scenario.id,
      workload: env.workload.name,
      step: step.id,
      question,
      reading: chosen.expectation.reading,
    });
    if (!held && isReadings(step.expect) && step.expect.hold !== false) {
      state.heldReadings.set(question, { readings: new Set([chosen.expectation.reading]), step: step.id });
    }
  }
  for (const note of chosen.readings)
    env.onReading({ scenario: scenario.id, workload: env.workload.name, step: step.id, ...note });

  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    const verdict = check.usesExpectation ? chosen.verdicts.get(check) : independent.get(check);
    if (!verdict) continue;
    const result = row(check, verdict, chosen.expectation);
    if (question !== undefined && !matched && verdict.status === "failed" && check.usesExpectation) {
      const questionText = readingRegistry().question(question).text;
      result.message =
        held && heldAlternatives.length > 0
          ? `the server took the reading "${readingTexts(question, held.readings, '" / "')}" at step ${held.step} (${questionText}) and is held to it: ${result.message}`
          : `no documented reading matched (${questionText}); closest, "${readingTexts(question, [chosen.expectation.reading ?? ""], "")}": ${result.message}`;
    }
    results.push(result);
  }
  results.push(...holdNotedReadings(scenario, step, chosen.readings, state, env.strict));
  return results;
}
