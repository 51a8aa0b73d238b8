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

/** Question and reading names shared with the hand-written scenarios, so the report groups them together. */
export const HELD_QUESTION = "re-adding a held restore point";
export const HELD_REJECTED = "whole-request 400 DuplicateArtifactInList, nothing applied";
export const HELD_FAILED_ITEM = "200 with a per-item failure for the held restore point, the rest applied";
export const ACTIVATION_QUESTION = "activation capacity";
export const ACTIVATED = "activated";
export const ACTIVATION_REFUSED =
  "500 TooManyActiveRestoreSessions (too many sessions activating elsewhere), session unchanged";

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

export function withReadings(question: string, hold: boolean, alternatives: ModelExpectation[]): ModelReadings {
  return { question, ...(hold ? {} : { hold: false }), anyOf: alternatives };
}
