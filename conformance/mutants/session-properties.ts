// Mutants whose session properties are wrong: timestamps, status spelling, the id, the artifact count, dates that move.
import { EXCHANGE, isObject } from "../../src/contract/wire-names.ts";
import type { HandlerOverride } from "../reference/context.ts";
import { sessionResource } from "../reference/representations.ts";
import {
  afterAnswer,
  CREATE,
  draftSession,
  mapObjectsDeep,
  PATCH,
  perSession,
  removedArtifactsOf,
  rewriteBodies,
  SESSION_ANSWERS,
} from "./hooks.ts";
import { explorationMutant, mutant, type ServerVariant } from "./server-variant.ts";

/** A PATCH override that adds the session's properties to the answer of an applied delta, `stale` ones as they were before it. */
function answerWithSessionProperties(stale: readonly string[]): HandlerOverride {
  return (ctx, next) => {
    const session = draftSession(ctx);
    const before = session ? sessionResource(session, ctx.behavior, ctx.now) : undefined;
    const response = next(ctx);
    if (!session || !before || response instanceof Promise || response.status !== 200 || !isObject(response.body))
      return response;
    const old = Object.fromEntries(stale.map((name) => [name, before[name]]));
    return { ...response, body: { ...response.body, ...sessionResource(session, ctx.behavior, ctx.now), ...old } };
  };
}

const removedCount = perSession(() => ({ count: 0 }));

export const SESSION_PROPERTY_MUTANTS: readonly ServerVariant[] = [
  mutant("timestamp-without-zone", "timestamps have no zone designator (2024-09-10T12:01:03.450)", {
    transformResponse: rewriteBodies({}, (body) =>
      mapObjectsDeep(body, (object) =>
        Object.fromEntries(
          Object.entries(object).map(([key, value]) => [
            key,
            key.endsWith("DateTime") && typeof value === "string" ? value.replace(/Z$/, "") : value,
          ]),
        ),
      ),
    ),
  }),
  mutant("timestamp-dashes", "timestamps are written 2015-06-19T12-01-03.45Z (dashes in the time)", {
    transformResponse: rewriteBodies({}, (body) =>
      mapObjectsDeep(body, (object) =>
        Object.fromEntries(
          Object.entries(object).map(([key, value]) => [
            key,
            key.endsWith("DateTime") && typeof value === "string"
              ? value.replace(/T(\d\d):(\d\d):(\d\d)/, "T$1-$2-$3")
              : value,
          ]),
        ),
      ),
    ),
  }),
  mutant("session-status-pascal-case", "sessions say status Draft instead of draft", {
    transformResponse: rewriteBodies({ operationId: SESSION_ANSWERS }, (body) =>
      mapObjectsDeep(body, (object) => (object.status === "draft" ? { ...object, status: "Draft" } : object)),
    ),
  }),
  mutant(
    "artifact-count-stale",
    "restoreSessionArtifactCount.total stays 0 whatever the session holds",
    {
      transformResponse: rewriteBodies({ operationId: SESSION_ANSWERS }, (body) =>
        mapObjectsDeep(body, (object) =>
          isObject(object.restoreSessionArtifactCount)
            ? { ...object, restoreSessionArtifactCount: { ...object.restoreSessionArtifactCount, total: 0 } }
            : object,
        ),
      ),
    },
    "a get step after additions asserting /restoreSessionArtifactCount/total equals the number of artifacts (or is null: the property is nullable), e.g. in patch-add-only",
  ),
  mutant("create-answer-without-id", "the create answer omits the new session's id", {
    transformResponse: rewriteBodies(
      { operationId: EXCHANGE.operations.create, status: 201 },
      ({ id: _dropped, ...body }) => body,
    ),
  }),
  explorationMutant(
    "patch-answer-stale-count",
    "the PATCH answer carries the session's properties with restoreSessionArtifactCount from before the PATCH",
    {
      handlers: { [PATCH]: answerWithSessionProperties(["restoreSessionArtifactCount"]) },
    },
  ),
  explorationMutant(
    "patch-answer-stale-last-modified",
    "the PATCH answer carries the session's properties, lastModifiedDateTime from before the PATCH",
    {
      handlers: { [PATCH]: answerWithSessionProperties(["lastModifiedDateTime"]) },
    },
  ),
  explorationMutant(
    "created-date-moves",
    "every applied PATCH sets the session's createdDateTime to the time of the PATCH",
    {
      handlers: {
        [PATCH]: afterAnswer(
          200,
          (ctx, _response, session) => {
            if (session) session.createdDateTime = ctx.now.toISOString();
            return undefined;
          },
          draftSession,
        ),
      },
    },
  ),
  explorationMutant(
    "create-answer-count-zero",
    "the create answer says restoreSessionArtifactCount.total 0 whatever it created (get is right)",
    {
      transformResponse: rewriteBodies({ operationId: CREATE, status: 201 }, (body) =>
        isObject(body.restoreSessionArtifactCount)
          ? { ...body, restoreSessionArtifactCount: { ...body.restoreSessionArtifactCount, total: 0 } }
          : body,
      ),
    },
  ),
  explorationMutant(
    "count-ignores-removals",
    "restoreSessionArtifactCount.total counts every artifact ever added: removals never lower it",
    {
      handlers: {
        [PATCH]: afterAnswer(
          200,
          (ctx, _response, removed) => {
            removedCount(ctx.params[EXCHANGE.sessionParameter] ?? "").count += removed.length;
            return undefined;
          },
          removedArtifactsOf,
        ),
      },
      transformResponse: rewriteBodies({ operationId: [EXCHANGE.operations.get], status: 200 }, (body) => {
        const extra = typeof body.id === "string" ? removedCount(body.id).count : 0;
        const count = body.restoreSessionArtifactCount;
        return isObject(count) && typeof count.total === "number"
          ? { ...body, restoreSessionArtifactCount: { ...count, total: count.total + extra } }
          : body;
      }),
    },
  ),
];
