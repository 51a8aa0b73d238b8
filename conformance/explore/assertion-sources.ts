// Where each assertion the exploration model makes comes from: one table, assertion kind → an id of
// conformance/sources.yaml (Microsoft docs, OData, HTTP, or an ERRATA entry for the contract's own decisions). Every
// step a command builds is stamped with the source of its first kind before it is sent, so its rows carry the
// source like any scenario's, contract decisions are advisories unless --strict, and a printed scenario validates.
import type { Expectation, Readings, Step } from "../vocabulary/scenario.ts";
import { readingRegistry } from "../vocabulary/reading-registry.ts";
import { sourceRegistry } from "../vocabulary/source-registry.ts";
import { ACTIVATE_OPERATION } from "../../src/contract/wire-names.ts";
import type { WireNames } from "../../src/contract/wire-names.ts";
import { expectIn } from "../runner/scenario-for-workload.ts";
import type { WorkloadName } from "../../src/contract/workloads.ts";

export const MODEL_SOURCES = {
  "session-created-draft": "graph-create",
  "create-rejected": "graph-create",
  "create-empty-list-readings": "graph-create-empty",
  "additions-applied": "graph-update-request",
  "removals-applied": "odata-deep-update",
  "removals-echoed-or-omitted": "graph-update-example",
  "missing-removal-fails-item": "graph-update-example",
  "wrong-kind-id-fails-item": "graph-update-example",
  "unknown-future-destination-readings": "graph-evolvable-enums",
  "representations-agree": "graph-session-resource",
  "artifact-id-as-restore-point": "errors-patch-InvalidRestorePoint",
  "held-restore-point-readings": "graph-update-readd",
  "restore-point-forms": "graph-update-example-zh",
  "item-annotations-allowed": "odata-annotations",
  "rejected-request-changes-nothing": "odata-deep-update",
  "invalid-request-rejected": "errors-patch-InvalidPatchRequest",
  "unknown-member-rejected": "E26",
  "delta-limit": "errors-patch-RestoreArtifactsLimitBreached",
  "duplicates-rejected": "errors-patch-DuplicateArtifactInList",
  "unknown-restore-point-rejected": "errors-patch-InvalidRestorePoint",
  "not-draft-forbidden": "errors-patch-RestoreSessionActionNotAllowed",
  "missing-session-not-found": "errors-patch-RestoreSessionNotFound",
  "artifact-count": "graph-session-resource",
  "session-status": "graph-session-resource",
  "patch-answer-agrees-with-get": "graph-update-response",
  "created-date-stable": "graph-session-resource",
  "artifact-list-complete": "graph-paging",
  "top-respected": "E45",
  "invalid-top-rejected": "E23",
  "session-list-membership": "graph-list-sessions",
  "session-deleted": "graph-delete-session",
  activation: "graph-activate",
  "activation-capacity": "errors-activate-TooManyActiveRestoreSessions",
  "reading-held": "E34",
  "model-follows-server": "graph-list-artifacts",
} as const;

export type AssertionKind = keyof typeof MODEL_SOURCES;

/** An expectation as a command builds it; `source` is stamped when the step is sent. */
export type ModelExpectation = Omit<Expectation, "source"> & { source?: string };
export type ModelReadings = Omit<Readings, "anyOf"> & { anyOf: ModelExpectation[] };
export type ModelStep = Omit<Step, "expect"> & { expect: ModelExpectation | ModelReadings };

/** The error-code page's table of each operation of a workload, as the `errors-<table>-<code>` source ids name it. */
function errorRows(names: WireNames): Record<string, string> {
  return {
    [names.operations.create]: "create",
    [names.operations.get]: "get",
    [names.operations.update]: "patch",
    [names.operations.delete]: "delete",
    [ACTIVATE_OPERATION]: "activate",
    [names.operations.listArtifacts]: "list-artifacts",
  };
}

/** The source of one expectation: the error-code page's row where the step asserts a code the row names for that
 *  operation, else the given source. The artifact list's RestoreSessionNotFound is a contract decision (E31). */
function stamped(expectation: ModelExpectation, operationId: string, fallback: string, names: WireNames): Expectation {
  if (expectation.source !== undefined) return expectation as Expectation;
  const registry = sourceRegistry();
  if (expectation.errorCode !== undefined) {
    if (operationId === names.operations.listArtifacts && expectation.errorCode === "RestoreSessionNotFound") {
      return { ...expectation, source: "graph-errors-404", sources: { errorCode: "E31" } };
    }
    const row = `errors-${errorRows(names)[operationId] ?? operationId}-${expectation.errorCode}`;
    if (registry.has(row)) return { ...expectation, source: row };
  }
  return { ...expectation, source: fallback };
}

/** The step with a source on every expectation: `override`, else the source of its first assertion kind. */
export function stampSources(
  step: ModelStep,
  kinds: readonly AssertionKind[],
  names: WireNames,
  override?: string,
): Step {
  const fallback = override ?? MODEL_SOURCES[kinds[0] ?? "additions-applied"];
  const readings = readingRegistry();
  const offered = step.expect;
  const expect =
    "anyOf" in offered
      ? {
          ...offered,
          // A documented reading rests on its own source (conformance/readings.yaml), as in a scenario file.
          anyOf: offered.anyOf.map((alternative) =>
            stamped(
              alternative,
              step.operationId,
              override ?? readings.reading(offered.question, alternative.reading ?? "").source,
              names,
            ),
          ),
        }
      : stamped(offered, step.operationId, fallback, names);
  // Each source as the explored workload's own page states it (or the contract's decision where it differs).
  return { ...step, expect: expectIn(expect as Step["expect"], names.workload) } as Step;
}

/** The distinct source ids of some assertion kinds, in table order (as `workload` cites them, when given). */
export function sourcesOf(kinds: Iterable<AssertionKind>, workload?: WorkloadName): string[] {
  const wanted = new Set(kinds);
  const registry = sourceRegistry();
  return [
    ...new Set(
      (Object.keys(MODEL_SOURCES) as AssertionKind[])
        .filter((kind) => wanted.has(kind))
        .map((kind) => registry.inWorkload(MODEL_SOURCES[kind], workload)),
    ),
  ];
}

/** The ERRATA entries among some assertion kinds' sources (for a printed scenario's `specification`). */
export function errataOf(kinds: Iterable<AssertionKind>, workload?: WorkloadName): string[] {
  const registry = sourceRegistry();
  const entries = sourcesOf(kinds, workload).flatMap((id) => {
    const source = registry.get(id);
    return source.kind === "contract" ? [id] : source.errata ? [source.errata] : [];
  });
  return [...new Set(entries)];
}
