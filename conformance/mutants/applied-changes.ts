// Mutants that apply something else than the request: nothing, the wrong artifact, half of a refused request, another
// destination.
import { EXCHANGE, isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import type { HandlerOverride } from "../reference/context.ts";
import { validateSchema } from "../../src/contract/validators.ts";
import {
  afterAnswer,
  deltaItems,
  draftSession,
  emptyDeltaAnswer,
  isAdditionItem,
  isRemovalItem,
  nextWith,
  PATCH,
  rejectAcceptedPatch,
  restorePointOf,
  rewritePatchItems,
  sessionNamed,
  withDelta,
} from "./hooks.ts";
import { explorationMutant, mutant, type ServerVariant } from "./server-variant.ts";

/** Drops the removals whose reason is "deleted"; a draft's delta left empty is answered as applied. */
const ignoreDeletedRemovals: HandlerOverride = (ctx, next) => {
  const items = deltaItems(ctx.body) ?? [];
  const deleted = (item: unknown) =>
    isRemovalItem(item) && isObject(item["@removed"]) && item["@removed"].reason === "deleted";
  const kept = items.filter((item) => !deleted(item));
  if (kept.length === items.length) return next(ctx);
  if (kept.length > 0) return next(withDelta(ctx, kept));
  return rejectAcceptedPatch(() => emptyDeltaAnswer(ctx))(ctx, next);
};

export const APPLIED_CHANGE_MUTANTS: readonly ServerVariant[] = [
  mutant("changes-not-persisted", "PATCH answers as if applied but changes nothing", {
    handlers: { [PATCH]: nextWith((ctx) => ({ ...ctx, store: ctx.store.clone() })) },
  }),
  mutant("removal-hits-neighbour", "a removal removes the artifact added after the one it names", {
    handlers: {
      [PATCH]: rewritePatchItems((items, ctx) => {
        const held = [...(sessionNamed(ctx)?.artifacts.keys() ?? [])];
        const neighbour = (id: string) => held[(held.indexOf(id) + 1) % held.length] ?? id;
        return items.map((item) =>
          isRemovalItem(item) && typeof item.id === "string" && held.includes(item.id)
            ? { ...item, id: neighbour(item.id) }
            : item,
        );
      }),
    },
  }),
  mutant("rejected-request-applies-additions", "a PATCH rejected as a whole (400) still adds its valid additions", {
    handlers: {
      [PATCH]: afterAnswer(400, (ctx) => {
        const session = draftSession(ctx);
        if (!session) return undefined;
        for (const item of deltaItems(ctx.body) ?? []) {
          if (!isAdditionItem(item) || validateSchema(EXCHANGE.schemas.addition, item).length > 0) continue;
          const restorePointId = restorePointOf(item);
          if (
            restorePointId === undefined ||
            !ctx.restorePoints.has(restorePointId) ||
            session.artifactByRestorePoint.has(restorePointId)
          )
            continue;
          ctx.store.addArtifact(
            session,
            {
              restorePointId,
              restorePoint: item.restorePoint as JsonObject,
              destinationType: item.destinationType as "new",
            },
            ctx.now,
          );
        }
        return undefined;
      }),
    },
  }),
  mutant("create-drops-artifacts", "artifacts given when creating a session are dropped", {
    handlers: {
      createExchangeRestoreSession: (ctx, next) => {
        // Still refuses more than the limit: the one deviation is dropping what it accepts.
        const artifacts = isObject(ctx.body) ? ctx.body.mailboxRestoreArtifacts : undefined;
        if (!isObject(ctx.body) || !Array.isArray(artifacts) || artifacts.length > ctx.behavior.maxCreateItems)
          return next(ctx);
        const { mailboxRestoreArtifacts: _dropped, ...rest } = ctx.body;
        return next({ ...ctx, body: rest });
      },
    },
  }),
  mutant("destination-type-ignored", "every artifact gets destinationType new, whatever the request asked", {
    handlers: {
      [PATCH]: rewritePatchItems((items) =>
        items.map((item) =>
          isAdditionItem(item) && (item.destinationType === "inPlace" || item.destinationType === "unknownFutureValue")
            ? { ...item, destinationType: "new" }
            : item,
        ),
      ),
    },
  }),
  mutant("removal-reason-deleted-ignored", 'a removal with reason "deleted" is reported applied but removes nothing', {
    handlers: {
      [PATCH]: ignoreDeletedRemovals,
    },
  }),
  explorationMutant(
    "long-delta-removals-ignored",
    "removals after the tenth item of a delta are not applied (and not reported, which reads as applied)",
    {
      handlers: {
        [PATCH]: rejectAcceptedPatch((ctx, session, next) =>
          next(
            withDelta(
              ctx,
              (deltaItems(ctx.body) ?? []).filter(
                (item, index) => index < 10 || !isRemovalItem(item) || !session.artifacts.has(String(item.id)),
              ),
            ),
          ),
        ),
      },
    },
  ),
];
