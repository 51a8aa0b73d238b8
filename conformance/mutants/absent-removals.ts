// Mutants that mishandle the removal of an artifact the session does not hold (never held, held earlier, another
// session's): it must be a per-item failure inside a 200.
import { DELTA_KEY, FAILURE_KEY, isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import type { OperationContext } from "../reference/context.ts";
import { graphError } from "../reference/graph-error.ts";
import type { SessionRecord } from "../reference/store.ts";
import {
  afterAnswer,
  deltaItems,
  emptyDeltaAnswer,
  isRemovalItem,
  mapDeltaEntries,
  onPatchOfDraft,
  PATCH,
  perSession,
  rejectAcceptedPatch,
  removedArtifactsOf,
  rewriteBodies,
  withDelta,
} from "./hooks.ts";
import { explorationMutant, mutant, type ServerVariant } from "./server-variant.ts";

function absentRemovals(ctx: OperationContext, session: SessionRecord): string[] {
  return (deltaItems(ctx.body) ?? [])
    .filter(isRemovalItem)
    .map((item) => String(item.id))
    .filter((id) => !session.artifacts.has(id));
}

/** The session that holds an artifact, when one does. */
function ownerOf(ctx: OperationContext, artifactId: string): SessionRecord | undefined {
  return ctx.store.sessions().find((session) => session.artifacts.has(artifactId));
}

const formerArtifacts = perSession(() => new Set<string>());

export const ABSENT_REMOVAL_MUTANTS: readonly ServerVariant[] = [
  mutant("absent-removal-silent", "removing an id the session does not hold succeeds silently (no failure entry)", {
    transformResponse: mapDeltaEntries((entry) => (FAILURE_KEY in entry && entry.id !== undefined ? undefined : entry)),
  }),
  mutant(
    "absent-removal-echoed-as-removed",
    "removing an id the session does not hold is echoed as a successful removal",
    {
      transformResponse: mapDeltaEntries((entry) =>
        FAILURE_KEY in entry && entry.id !== undefined ? { "@removed": { reason: "changed" }, id: entry.id } : entry,
      ),
    },
  ),
  mutant(
    "absent-removal-rejects-request-409",
    "removing an id the session does not hold fails the whole request with 409",
    {
      handlers: {
        [PATCH]: rejectAcceptedPatch((ctx, session) => {
          const absent = absentRemovals(ctx, session);
          return absent.length
            ? graphError(ctx.request, 409, { code: "Conflict", message: `Artifact ${absent[0]} does not exist.` })
            : undefined;
        }),
      },
    },
  ),
  mutant(
    "absent-removal-rejects-request-400",
    "removing an id the session does not hold fails the whole request with 400",
    {
      handlers: {
        [PATCH]: rejectAcceptedPatch((ctx, session) => {
          const absent = absentRemovals(ctx, session);
          return absent.length
            ? graphError(ctx.request, 400, { code: "BadRequest", message: `Artifact ${absent[0]} does not exist.` })
            : undefined;
        }),
      },
    },
  ),
  mutant(
    "foreign-artifact-removed",
    "removing an artifact of another session removes it there and reports success",
    {
      handlers: {
        [PATCH]: rejectAcceptedPatch((ctx, session, next) => {
          const items = deltaItems(ctx.body) ?? [];
          const foreign = items.filter(
            (item) =>
              isRemovalItem(item) &&
              typeof item.id === "string" &&
              !session.artifacts.has(item.id) &&
              ownerOf(ctx, item.id),
          );
          if (foreign.length === 0) return undefined;
          for (const item of foreign) {
            const id = String((item as JsonObject).id);
            const owner = ownerOf(ctx, id);
            if (owner) ctx.store.removeArtifact(owner, id, ctx.now);
          }
          const rest = items.filter((item) => !foreign.includes(item));
          return rest.length > 0 ? next(withDelta(ctx, rest)) : emptyDeltaAnswer(ctx);
        }),
      },
    },
    "a scenario with two sessions that removes an artifact id held by the other session, expecting a per-item failure (failedOperation remove/delete/unlink, responseCode 4xx) and the other session's list unchanged",
  ),
  explorationMutant(
    "former-artifact-removal-silent",
    "removing an artifact the session held earlier (already removed) is answered with no failure entry",
    {
      handlers: {
        [PATCH]: onPatchOfDraft((ctx, session, next) => {
          const tombstones = formerArtifacts(session.id);
          const removed = removedArtifactsOf(ctx);
          return afterAnswer(200, (_ctx, response) => {
            if (!isObject(response.body)) return undefined;
            for (const id of removed) tombstones.add(id);
            const entries = response.body[DELTA_KEY];
            if (!Array.isArray(entries)) return undefined;
            const kept = entries.filter(
              (entry) =>
                !(
                  isObject(entry) &&
                  FAILURE_KEY in entry &&
                  typeof entry.id === "string" &&
                  tombstones.has(entry.id) &&
                  !removed.includes(entry.id)
                ),
            );
            return { ...response, body: { ...response.body, [DELTA_KEY]: kept } };
          })(ctx, next);
        }),
      },
    },
  ),
  explorationMutant(
    "removal-by-restore-point-id",
    "a removal naming a restore point the session holds (instead of an artifact id) removes the artifact that holds it",
    {
      handlers: {
        [PATCH]: onPatchOfDraft((ctx, session, next) =>
          next(
            withDelta(
              ctx,
              (deltaItems(ctx.body) ?? []).map((item) => {
                if (!isRemovalItem(item) || session.artifacts.has(String(item.id))) return item;
                const holder = session.artifactByRestorePoint.get(String(item.id));
                return holder === undefined ? item : { ...item, id: holder };
              }),
            ),
          ),
        ),
      },
    },
  ),
  explorationMutant(
    "removal-of-session-id-echoed",
    "a removal naming a session's id (instead of an artifact id) is answered as removed, and nothing is removed",
    {
      transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, (body, ctx) => {
        const entries = body[DELTA_KEY];
        if (!Array.isArray(entries)) return body;
        return {
          ...body,
          [DELTA_KEY]: entries.map((entry) =>
            isObject(entry) && FAILURE_KEY in entry && typeof entry.id === "string" && ctx.store.getSession(entry.id)
              ? { "@removed": { reason: "changed" }, id: entry.id }
              : entry,
          ),
        };
      }),
    },
  ),
];
