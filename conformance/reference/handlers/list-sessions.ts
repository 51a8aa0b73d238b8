// GET …/<collection>: the sessions of this workload's collection, oldest first, paged with @odata.nextLink.
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { graphError } from "../graph-error.ts";
import { nextLink, pageOf, parsePageRequest } from "../page-request.ts";
import { metadataContext, sessionResource } from "../representations.ts";
import { json, workloadOf } from "./common.ts";

export function listSessions(ctx: OperationContext): ReferenceResponse {
  const workload = workloadOf(ctx);
  const parsed = parsePageRequest(ctx.request.url);
  if (!parsed.ok) return graphError(ctx.request, 400, { code: "BadRequest", message: parsed.problem });
  const page = pageOf(ctx.store.sessions(workload.name), parsed.page, ctx.behavior.pageSize);
  return json(200, {
    "@odata.context": metadataContext(ctx.baseUrl, workload.collectionPath.slice(1)),
    ...(page.continueAfter === undefined
      ? {}
      : { "@odata.nextLink": nextLink(ctx.baseUrl, workload.collectionPath, parsed.page, page.continueAfter) }),
    value: page.items.map((session) => sessionResource(session, ctx.behavior, ctx.now)),
  });
}
