// Mutants that take one documented reading, then another (ERRATA E34: a server keeps to the reading it took).
import {
  deltaItems,
  isAdditionItem,
  onPatchOfDraft,
  PATCH,
  perSession,
  removedArtifactsOf,
  restorePointOf,
} from "./hooks.ts";
import { explorationMutant, type ServerVariant } from "./server-variant.ts";

const heldReAdds = perSession(() => ({ count: 0 }));
const removingPatches = perSession(() => ({ count: 0 }));

export const READING_CONSISTENCY_MUTANTS: readonly ServerVariant[] = [
  explorationMutant(
    "held-reading-flips",
    "re-adding a held restore point is refused as a whole (400) the first time, and per item (the rest applied) afterwards",
    {
      handlers: {
        [PATCH]: onPatchOfDraft((ctx, session, next) => {
          const held = (deltaItems(ctx.body) ?? [])
            .filter(isAdditionItem)
            .some((item) => session.artifactByRestorePoint.has(restorePointOf(item) ?? ""));
          if (!held) return next(ctx);
          const seen = heldReAdds(session.id);
          seen.count += 1;
          return next(
            seen.count === 1 ? ctx : { ...ctx, behavior: { ...ctx.behavior, duplicateRestorePoint: "fail-item" } },
          );
        }),
      },
    },
  ),
  explorationMutant(
    "removal-echo-flips",
    "successful removals are echoed as @removed entries on a session's first removing PATCH and omitted afterwards",
    {
      handlers: {
        [PATCH]: onPatchOfDraft((ctx, session, next) => {
          if (removedArtifactsOf(ctx).length === 0) return next(ctx);
          const patches = removingPatches(session.id);
          patches.count += 1;
          return next(patches.count === 1 ? { ...ctx, behavior: { ...ctx.behavior, echoRemovals: true } } : ctx);
        }),
      },
    },
  ),
];
