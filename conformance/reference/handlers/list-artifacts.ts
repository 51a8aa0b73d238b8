// GET …/exchangeRestoreSessions/{id}/mailboxRestoreArtifacts: the session's artifacts in insertion order, paged.
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { graphError } from "../graph-error.ts";
import { nextLink, pageOf, parsePageRequest } from "../page-request.ts";
import { artifactResource, metadataContext } from "../representations.ts";
import { findSession, json } from "./common.ts";

export function listMailboxRestoreArtifacts(ctx: OperationContext): ReferenceResponse {
  const found = findSession(ctx);
  if (!found.session) return found.response;
  const session = found.session;
  const parsed = parsePageRequest(ctx.request.url);
  if (!parsed.ok) return graphError(ctx.request, 400, { code: "BadRequest", message: parsed.problem });
  const page = pageOf(ctx.store.artifacts(session), parsed.page, ctx.behavior.pageSize);
  const collectionPath = `/solutions/backupRestore/exchangeRestoreSessions/${encodeURIComponent(session.id)}/mailboxRestoreArtifacts`;
  return json(200, {
    "@odata.context": metadataContext(
      ctx.baseUrl,
      `solutions/backupRestore/exchangeRestoreSessions('${session.id}')/mailboxRestoreArtifacts`,
    ),
    ...(page.continueAfter === undefined
      ? {}
      : { "@odata.nextLink": nextLink(ctx.baseUrl, collectionPath, parsed.page, page.continueAfter) }),
    value: page.items.map((artifact) => artifactResource(artifact, session, ctx.behavior, ctx.now)),
  });
}
