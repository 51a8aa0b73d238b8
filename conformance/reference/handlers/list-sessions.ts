// GET …/exchangeRestoreSessions: every session, oldest first, paged with @odata.nextLink.
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { graphError } from "../graph-error.ts";
import { nextLink, pageOf, parsePageRequest } from "../page-request.ts";
import { metadataContext, sessionResource } from "../representations.ts";
import { json } from "./common.ts";

const COLLECTION_PATH = "/solutions/backupRestore/exchangeRestoreSessions";

export function listExchangeRestoreSessions(ctx: OperationContext): ReferenceResponse {
  const parsed = parsePageRequest(ctx.request.url);
  if (!parsed.ok) return graphError(ctx.request, 400, { code: "BadRequest", message: parsed.problem });
  const page = pageOf(ctx.store.sessions(), parsed.page, ctx.behavior.pageSize);
  return json(200, {
    "@odata.context": metadataContext(ctx.baseUrl, "solutions/backupRestore/exchangeRestoreSessions"),
    ...(page.continueAfter === undefined
      ? {}
      : { "@odata.nextLink": nextLink(ctx.baseUrl, COLLECTION_PATH, parsed.page, page.continueAfter) }),
    value: page.items.map((session) => sessionResource(session, ctx.behavior, ctx.now)),
  });
}
