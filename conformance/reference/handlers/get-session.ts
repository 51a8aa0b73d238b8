// GET …/exchangeRestoreSessions/{id}: one session (404 once deleted or never created).
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { metadataContext, sessionResource } from "../representations.ts";
import { findSession, json } from "./common.ts";

export function getExchangeRestoreSession(ctx: OperationContext): ReferenceResponse {
  const found = findSession(ctx);
  if (!found.session) return found.response;
  return json(200, {
    "@odata.context": metadataContext(ctx.baseUrl, "solutions/backupRestore/exchangeRestoreSessions/$entity"),
    ...sessionResource(found.session, ctx.behavior, ctx.now),
  });
}
