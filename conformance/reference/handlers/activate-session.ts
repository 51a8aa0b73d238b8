// POST …/restoreSessions/{id}/activate: draft → activating, unless maxActiveSessions are already activating or active.
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { metadataContext, sessionResource, sessionStatus } from "../representations.ts";
import { draftOnly, fail, findSession, json } from "./common.ts";

export function activateRestoreSession(ctx: OperationContext): ReferenceResponse {
  const found = findSession(ctx, "restoreSessionBaseId");
  if (!found.session) return found.response;
  const forbidden = draftOnly(ctx, found.session, "ErrorRestoreSessionActionNotAllowedActivate");
  if (forbidden) return forbidden;
  const running = ctx.store.sessions().filter((session) => {
    const status = sessionStatus(session, ctx.behavior, ctx.now);
    return status === "activating" || status === "active";
  }).length;
  if (running >= ctx.behavior.maxActiveSessions) {
    return fail(
      ctx,
      500,
      "ErrorTooManyActiveRestoreSessions",
      `${running} sessions are already activating or active; at most ${ctx.behavior.maxActiveSessions} can be.`,
    );
  }
  found.session.activatedAt = ctx.now;
  found.session.lastModifiedDateTime = ctx.now.toISOString();
  return json(200, {
    "@odata.context": metadataContext(ctx.baseUrl, "solutions/backupRestore/restoreSessions/$entity"),
    "@odata.type": "#microsoft.graph.exchangeRestoreSession",
    ...sessionResource(found.session, ctx.behavior, ctx.now),
  });
}
