// GET …/<collection>/{id}: one session of this workload's collection (404 once deleted, never created, or in
// another workload's collection).
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { entityContext, sessionResource } from "../representations.ts";
import { findSession, json } from "./common.ts";

export function getSession(ctx: OperationContext): ReferenceResponse {
  const found = findSession(ctx);
  if (!found.session) return found.response;
  return json(200, {
    "@odata.context": entityContext(ctx.baseUrl, found.session.workload),
    ...sessionResource(found.session, ctx.behavior, ctx.now),
  });
}
