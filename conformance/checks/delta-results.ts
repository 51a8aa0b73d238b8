// delta-results: the PATCH answer reports each request item as expected — additions as added entries (with the
// requested destinationType), successful removals echoed as @removed or omitted, failures as
// @Core.DataModificationException entries with the expected failedOperation and responseCode — correlated by
// restore-point id and artifact id, never by position; and no entry is unexplained or repeated. The array is the
// one under the delta key of the step's workload.
import { FAILURE_KEY } from "../../src/contract/wire-names.ts";
import { correlateDelta, type DeltaEntry, failedAdditionIdentity } from "../vocabulary/delta-correlation.ts";
import { ExpressionError } from "../vocabulary/expressions.ts";
import { expectationSource, type FailedItemExpectation, type ResponseCodeRule } from "../vocabulary/scenario.ts";
import { sourceRegistry } from "../vocabulary/source-registry.ts";
import type { SentItem } from "../vocabulary/step-response.ts";
import type { Redact } from "../vocabulary/redaction.ts";
import { failed, failedWith, shown, type Check, type CheckContext, type Problem } from "./check.ts";

/** Where "the answer reports each request item once, and nothing else" comes from (a workload's own page, or E37). */
const ANSWER_ITEMS_SOURCE = "graph-update-answer-items";

function describeFailure(entry: DeltaEntry, redact: Redact): string {
  const exception = (entry.value[FAILURE_KEY] ?? {}) as Record<string, unknown>;
  const info = (exception.info ?? {}) as Record<string, unknown>;
  return `a failure (${entry.pointer}: failedOperation ${shown(exception.failedOperation, redact)}, responseCode ${shown(exception.responseCode, redact)}, info.code ${shown(info.code, redact)})`;
}

function describeEntries(entries: readonly DeltaEntry[], redact: Redact): string {
  if (entries.length === 0) return "no entry";
  return entries
    .map((entry) =>
      entry.kind === "failed"
        ? describeFailure(entry, redact)
        : `${entry.kind === "added" ? "an added" : "a removed"} entry (${entry.pointer})`,
    )
    .join(" and ");
}

function responseCodeMatches(rule: ResponseCodeRule, code: unknown): boolean {
  if (typeof code !== "number") return false;
  return typeof rule === "number" ? code === rule : code >= rule.min && code <= rule.max;
}

function describeRule(rule: ResponseCodeRule): string {
  return typeof rule === "number" ? String(rule) : `${rule.min}–${rule.max}`;
}

interface Evaluation {
  problems: string[];
  /** An entry no request item explains, or one item reported twice: what each workload's page rules on its own. */
  unaccounted: string[];
  echoedRemovals: number;
  omittedRemovals: number;
}

function entriesFor(entries: readonly DeltaEntry[], item: SentItem | undefined): DeltaEntry[] {
  return item ? entries.filter((entry) => entry.item === item) : [];
}

function checkFailure(
  expected: FailedItemExpectation,
  item: SentItem | undefined,
  label: string,
  entries: readonly DeltaEntry[],
  problems: string[],
  redact: Redact,
): void {
  if (!item) {
    problems.push(`the step expects a failure for ${label}, which the request does not send`);
    return;
  }
  const matched = entriesFor(entries, item);
  const failure = matched.find((entry) => entry.kind === "failed");
  if (!failure) {
    problems.push(`${label}: ${describeEntries(matched, redact)}, expected a per-item failure (${FAILURE_KEY})`);
    return;
  }
  const exception = (failure.value[FAILURE_KEY] ?? {}) as Record<string, unknown>;
  if (expected.failedOperation && !expected.failedOperation.includes(exception.failedOperation as string)) {
    problems.push(
      `${failure.pointer}/${FAILURE_KEY}/failedOperation: received ${shown(exception.failedOperation, redact)} for ${label}, expected ${expected.failedOperation.join(" or ")}`,
    );
  }
  if (expected.responseCode !== undefined && !responseCodeMatches(expected.responseCode, exception.responseCode)) {
    problems.push(
      `${failure.pointer}/${FAILURE_KEY}/responseCode: received ${shown(exception.responseCode, redact)} for ${label}, expected ${describeRule(expected.responseCode)}`,
    );
  }
}

function evaluate(context: CheckContext, entries: readonly DeltaEntry[], sent: readonly SentItem[]): Evaluation {
  const expected = context.expectation.delta ?? {};
  const problems: string[] = [];
  const unaccounted: string[] = [];
  let echoedRemovals = 0;
  let omittedRemovals = 0;
  const additionOf = (restorePointId: string) =>
    sent.find((item) => item.kind === "add" && item.restorePointId === restorePointId);
  const removalOf = (artifactId: string) =>
    sent.find((item) => item.kind === "remove" && item.artifactId === artifactId);

  for (const restorePointId of expected.added === undefined ? [] : context.resolveIds(expected.added, "delta.added")) {
    const item = additionOf(restorePointId);
    if (!item) {
      problems.push(`the step expects restore point ${restorePointId} added, but the request does not add it`);
      continue;
    }
    const matched = entriesFor(entries, item);
    const added = matched.find((entry) => entry.kind === "added");
    if (!added || matched.some((entry) => entry.kind === "failed")) {
      problems.push(
        `restore point ${restorePointId}: ${describeEntries(matched, context.redact)}, expected an added entry`,
      );
      continue;
    }
    if (expected.destinationType !== undefined && added.value.destinationType !== expected.destinationType) {
      problems.push(
        `${added.pointer}/destinationType: received ${shown(added.value.destinationType, context.redact)} for restore point ${restorePointId}, expected ${JSON.stringify(expected.destinationType)} as requested`,
      );
    }
  }

  for (const artifactId of expected.removed === undefined
    ? []
    : context.resolveIds(expected.removed, "delta.removed")) {
    const item = removalOf(artifactId);
    if (!item) {
      problems.push(`the step expects artifact ${artifactId} removed, but the request does not remove it`);
      continue;
    }
    const matched = entriesFor(entries, item);
    const failure = matched.find((entry) => entry.kind === "failed");
    if (failure)
      problems.push(
        `removal of artifact ${artifactId}: ${describeFailure(failure, context.redact)}, expected it applied (echoed as @removed or omitted)`,
      );
    else if (matched.some((entry) => entry.kind === "removed")) echoedRemovals++;
    else omittedRemovals++;
  }

  for (const failure of expected.failed ?? []) {
    if (failure.artifactId !== undefined) {
      const artifactId = context.resolve(failure.artifactId) as string;
      checkFailure(
        failure,
        removalOf(artifactId),
        `removal of artifact ${artifactId}`,
        entries,
        problems,
        context.redact,
      );
    } else if (failure.restorePoint !== undefined) {
      const restorePointId = context.resolve(failure.restorePoint) as string;
      checkFailure(
        failure,
        additionOf(restorePointId),
        `addition of restore point ${restorePointId}`,
        entries,
        problems,
        context.redact,
      );
    }
  }

  for (const entry of entries) {
    if (!entry.item) {
      const names =
        entry.kind === "added"
          ? `restore point ${shown(entry.value.restorePoint, context.redact)}`
          : `id ${shown(entry.value.id, context.redact)}`;
      unaccounted.push(
        `${entry.pointer}: ${entry.kind === "added" ? "an added" : entry.kind === "removed" ? "a removed" : "a failed"} entry for ${names} names no item of the request`,
      );
    }
  }
  const seen = new Map<SentItem, DeltaEntry>();
  for (const entry of entries) {
    if (!entry.item) continue;
    const earlier = seen.get(entry.item);
    if (earlier)
      unaccounted.push(
        `${entry.pointer}: request item ${entry.item.index} is reported again (first at ${earlier.pointer})`,
      );
    else seen.set(entry.item, entry);
  }
  return { problems, unaccounted, echoedRemovals, omittedRemovals };
}

export const deltaResults: Check = {
  name: "delta-results",
  description: "each delta item is reported as expected, correlated by restore-point id and artifact id",
  usesExpectation: true,
  run(context) {
    if (!context.expectation.delta) return null;
    const source = expectationSource(context.expectation, "delta");
    const status = context.response.pages[0]?.exchange.status;
    const expectedStatuses = Array.isArray(context.expectation.status)
      ? context.expectation.status
      : [context.expectation.status];
    if (status === undefined || !expectedStatuses.includes(status)) return null;
    const deltaKey = context.workload.deltaKey;
    const entries = correlateDelta(
      context.response.body,
      context.response.request.sentItems ?? [],
      deltaKey,
      context.knownArtifacts,
    );
    if (!entries) return failed(`the answer has no ${deltaKey} array`, source);
    let evaluation: Evaluation;
    try {
      evaluation = evaluate(context, entries, context.response.request.sentItems ?? []);
    } catch (error) {
      if (error instanceof ExpressionError) return failed(`cannot evaluate the expectation: ${error.message}`, source);
      throw error;
    }
    for (const entry of entries) {
      const identity = failedAdditionIdentity(entry, context.knownArtifacts);
      if (identity) context.noteReading("failed-addition-identity", identity);
    }
    if (evaluation.echoedRemovals > 0) context.noteReading("removal-echo", "echoed");
    if (evaluation.omittedRemovals > 0) context.noteReading("removal-echo", "omitted");
    const itemsSource = sourceRegistry().inWorkload(ANSWER_ITEMS_SOURCE, context.workload.name);
    const problems: Problem[] = [
      ...(evaluation.problems.length > 0 ? [{ message: evaluation.problems.join("; "), source }] : []),
      ...(evaluation.unaccounted.length > 0
        ? [{ message: evaluation.unaccounted.join("; "), source: itemsSource }]
        : []),
    ];
    if (problems.length > 0) return failedWith(problems);
    return { status: "passed", message: `${entries.length} entr${entries.length === 1 ? "y" : "ies"} matched`, source };
  },
};
