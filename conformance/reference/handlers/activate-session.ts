// POST …/restoreSessions/{id}/activate (shared by every workload): draft → activating, unless maxActiveSessions
// sessions of any workload are already activating or active.
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { metadataContext, sessionODataType, sessionResource, sessionStatus } from "../representations.ts";
import { draftOnly, fail, findSession, json } from "./common.ts";

export function activateSession(ctx: OperationContext): ReferenceResponse {
  const found = findSession(ctx);
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
    "@odata.type": sessionODataType(found.session.workload),
    ...sessionResource(found.session, ctx.behavior, ctx.now),
  });
}
