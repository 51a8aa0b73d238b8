// What the model expects of an answer, written in the scenario format's own terms (status, error code, JSON-pointer
// assertions, delta results, the artifact list read back), so that every expectation is judged by the registered
// checks and a failing sequence prints as a scenario that replays with the same verdict.
import type { Assertion } from "../vocabulary/scenario.ts";
import { expectedRestorePoints, type ModelSession } from "./session-model.ts";
import type { ModelExpectation, ModelReadings } from "./assertion-sources.ts";

/** The documented statuses after draft (ERRATA E20 lists `failed` too). */
export const ACTIVATED_STATUSES = ["activating", "active", "completed", "completedWithError", "failed"];

/** Session properties a PATCH answer may carry (ERRATA E16); a GET right after must agree on each it reports. */
export const SESSION_PROPERTIES = [
  "status",
  "createdDateTime",
  "lastModifiedDateTime",
  "completedDateTime",
  "restoreJobType",
  "restoreSessionArtifactCount",
  "createdBy",
  "lastModifiedBy",
  "error",
] as const;

/** Readings the model offers, by id (conformance/readings.yaml declares each, with its source). */
export const HELD_QUESTION = "held-restore-point";
export const HELD_REJECTED = "request-rejected";
export const HELD_FAILED_ITEM = "item-failed";
export const ACTIVATION_QUESTION = "activation-capacity";
export const ACTIVATED = "activated";
export const ACTIVATION_REFUSED = "refused";
/** Adding with destinationType unknownFutureValue, the enum's sentinel: refused whole, or that item failed. */
export const SENTINEL_QUESTION = "unknown-future-destination";
export const SENTINEL_REJECTED = "request-rejected";
export const SENTINEL_FAILED_ITEM = "item-failed";
/** Whether removals count toward the PATCH limit of 50 (ERRATA E10). */
export const LIMIT_QUESTION = "delta-limit-removals";
export const LIMIT_COUNTED = "counted";
export const LIMIT_ADDITIONS_ONLY = "additions-only";
/** Creating with the artifact list null or empty (ERRATA E11): refused, or an empty draft session. */
export const CREATE_NULL_LIST_QUESTION = "create-null-list";
export const CREATE_EMPTY_LIST_QUESTION = "create-empty-list";
export const LIST_REFUSED = "refused";
export const LIST_CREATED = "created";

export function notFound(): ModelExpectation {
  return { status: 404, errorCode: "RestoreSessionNotFound" };
}

/** A request refused as a whole: the status (and the error code where the docs name one), nothing changed. */
export function refused(session: ModelSession | undefined, status: number, errorCode?: string): ModelExpectation {
  return {
    status,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(session && session.status !== "deleted" ? { state: { restorePoints: expectedRestorePoints(session) } } : {}),
  };
}

export function notDraft(session: ModelSession): ModelExpectation {
  return refused(session, 403, "RestoreSessionActionNotAllowed");
}

/** What a GET (or a create answer) must show of a session in the model. */
export function sessionAssertions(session: ModelSession, reportedCount: number): Assertion[] {
  const assertions: Assertion[] = [{ pointer: "/id", equals: session.ref }];
  assertions.push(
    session.status === "draft"
      ? { pointer: "/status", equals: "draft" }
      : { pointer: "/status", oneOf: ACTIVATED_STATUSES },
  );
  assertions.push({ pointer: "/restoreSessionArtifactCount/total", equalsIfPresent: reportedCount });
  if (session.createdRef) assertions.push({ pointer: "/createdDateTime", equalsIfPresent: session.createdRef });
  return assertions;
}

/** What a create answer must show: 201, a draft session with an id and these restore points (read back). */
export function createdSessionExpectation(restorePoints: string[]): ModelExpectation {
  return {
    status: 201,
    body: [
      { pointer: "/id", present: true },
      // The create page pins draft (its example); on SharePoint that page contradicts its siblings (E42).
      { pointer: "/status", equals: "draft", source: "graph-create-draft" },
      { pointer: "/restoreSessionArtifactCount/total", equalsIfPresent: restorePoints.length },
    ],
    state: { session: "$response.body#/id", restorePoints },
  };
}

/** A create whose artifact list is null or empty: either documented reading, held for the rest of the run. */
export function emptyListReadings(question: string): ModelReadings {
  return withReadings(question, true, [
    { reading: LIST_REFUSED, status: 400, errorCode: "InvalidArtifactRequest" },
    { reading: LIST_CREATED, ...createdSessionExpectation([]) },
  ]);
}

export function withReadings(question: string, hold: boolean, alternatives: ModelExpectation[]): ModelReadings {
  return { question, ...(hold ? {} : { hold: false }), anyOf: alternatives };
}
