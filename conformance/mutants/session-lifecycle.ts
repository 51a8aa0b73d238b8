// Mutants that break the session's lifecycle: draft only for changes, delete and activate doing what they say to the
// session they name.
import { findSession } from "../reference/handlers/common.ts";
import { asIfDraft, onPatchOfDraft, PATCH, sessionNamed } from "./hooks.ts";
import { mutant, type ServerVariant } from "./server-variant.ts";
import { EXCHANGE } from "../../src/contract/wire-names.ts";

export const SESSION_LIFECYCLE_MUTANTS: readonly ServerVariant[] = [
  mutant("non-draft-session-writable", "an activated session still accepts PATCH", {
    handlers: { [PATCH]: asIfDraft(sessionNamed) },
  }),
  mutant("activated-session-deletable", "an activated session can still be deleted (204 instead of 403)", {
    handlers: {
      deleteExchangeRestoreSession: (ctx, next) => {
        const found = findSession(ctx);
        if (!found.session || found.session.activatedAt === null) return next(ctx);
        ctx.store.deleteSession(found.session.id);
        return { status: 204, headers: {} };
      },
    },
  }),
  mutant("deleted-session-still-found", "DELETE answers 204 but the session stays readable and writable", {
    handlers: { deleteExchangeRestoreSession: (ctx, next) => next({ ...ctx, store: ctx.store.clone() }) },
  }),
  mutant("activate-changes-nothing", "activate answers 200 activating but the session stays a writable draft", {
    handlers: { activateRestoreSession: (ctx, next) => next({ ...ctx, store: ctx.store.clone() }) },
  }),
  mutant("activate-twice-allowed", "activating a session that is already activating answers 200 again instead of 403", {
    handlers: { activateRestoreSession: asIfDraft((ctx) => findSession(ctx, "restoreSessionBaseId").session) },
  }),
  mutant("delete-takes-a-neighbour", "DELETE also deletes the newest other draft session", {
    handlers: {
      deleteExchangeRestoreSession: (ctx, next) => {
        const answer = next(ctx);
        if (answer instanceof Promise || answer.status !== 204) return answer;
        const other = ctx.store
          .sessions()
          .filter((session) => session.activatedAt === null && session.id !== ctx.params[EXCHANGE.sessionParameter])
          .at(-1);
        if (other) ctx.store.deleteSession(other.id);
        return answer;
      },
    },
  }),
  mutant(
    "patch-applies-to-newest-session",
    "PATCH applies the delta to the newest draft session, whatever session the path names",
    {
      handlers: {
        [PATCH]: onPatchOfDraft((ctx, _session, next) => {
          const newest = ctx.store
            .sessions()
            .filter((session) => session.activatedAt === null)
            .at(-1);
          return newest
            ? next({ ...ctx, params: { ...ctx.params, [EXCHANGE.sessionParameter]: newest.id } })
            : next(ctx);
        }),
      },
    },
    "a scenario with two draft sessions A and B (B created last) that PATCHes A and reads both back: A holds the additions, B is unchanged",
  ),
];
