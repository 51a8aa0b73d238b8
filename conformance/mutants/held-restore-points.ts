// Mutants that mishandle a restore point the session holds (or held): neither documented reading, or a second artifact.
import { graphError } from "../reference/graph-error.ts";
import { planDelta } from "../reference/handlers/update-session.ts";
import {
  afterAnswer,
  deltaItems,
  isAdditionItem,
  nextWith,
  onPatchOfDraft,
  PATCH,
  perSession,
  removedArtifactsOf,
  restorePointOf,
  rewritePatchItems,
  sessionNamed,
} from "./hooks.ts";
import { explorationMutant, mutant, type ServerVariant } from "./server-variant.ts";

const formerRestorePoints = perSession(() => new Set<string>());

export const HELD_RESTORE_POINT_MUTANTS: readonly ServerVariant[] = [
  mutant(
    "held-restore-point-ignored",
    "re-adding a restore point the session holds answers 200 with no entry and no failure for it",
    {
      handlers: {
        [PATCH]: rewritePatchItems((items, ctx) => {
          const session = sessionNamed(ctx);
          const kept = items.filter(
            (item) => !(isAdditionItem(item) && session?.artifactByRestorePoint.has(restorePointOf(item) ?? "")),
          );
          return kept.length > 0 ? kept : items;
        }),
      },
    },
  ),
  mutant(
    "held-restore-point-added-again",
    "re-adding a restore point the session holds creates a second artifact for it",
    {
      handlers: {
        [PATCH]: nextWith((ctx) => {
          const session = sessionNamed(ctx);
          for (const item of (session && deltaItems(ctx.body)) || []) {
            if (isAdditionItem(item)) session?.artifactByRestorePoint.delete(restorePointOf(item) ?? "");
          }
          return ctx;
        }),
      },
    },
  ),
  mutant(
    "held-restore-point-fails-all",
    "re-adding a held restore point reports that item failed but applies none of the request's other items",
    {
      duplicateRestorePoint: "fail-item",
      handlers: {
        [PATCH]: onPatchOfDraft((ctx, session, next) => {
          const planning = planDelta(ctx, session);
          return planning.ok && planning.plan.items.some((item) => item.kind === "refuse-add")
            ? next({ ...ctx, store: ctx.store.clone() })
            : next(ctx);
        }),
      },
    },
  ),
  explorationMutant(
    "readd-after-removal-refused",
    "a restore point the session held and had removed stays taken: adding it again is 400 DuplicateArtifactInList",
    {
      handlers: {
        [PATCH]: onPatchOfDraft((ctx, session, next) => {
          const former = formerRestorePoints(session.id);
          const again = (deltaItems(ctx.body) ?? [])
            .filter(isAdditionItem)
            .find((item) => former.has(restorePointOf(item) ?? ""));
          if (again && planDelta(ctx, session).ok)
            return graphError(
              ctx.request,
              400,
              "ErrorDuplicateArtifactInListPatch",
              "The restore artifact requested is already present.",
            );
          const removed = removedArtifactsOf(ctx).map((id) => session.artifacts.get(id)?.restorePointId);
          return afterAnswer(200, () => {
            for (const id of removed) if (id !== undefined) former.add(id);
            return undefined;
          })(ctx, next);
        }),
      },
    },
  ),
];
