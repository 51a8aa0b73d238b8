// GET …/<collection>/{id}/<artifacts>: the session's artifacts in insertion order, paged.
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { graphError } from "../graph-error.ts";
import { nextLink, pageOf, parsePageRequest } from "../page-request.ts";
import { artifactResource, metadataContext } from "../representations.ts";
import { findSession, json, workloadOf } from "./common.ts";

export function listArtifacts(ctx: OperationContext): ReferenceResponse {
  const workload = workloadOf(ctx);
  const found = findSession(ctx);
  if (!found.session) return found.response;
  const session = found.session;
  const parsed = parsePageRequest(ctx.request.url);
  if (!parsed.ok) return graphError(ctx.request, 400, { code: "BadRequest", message: parsed.problem });
  const page = pageOf(ctx.store.artifacts(session), parsed.page, ctx.behavior.pageSize);
  const collectionPath = `${workload.collectionPath}/${encodeURIComponent(session.id)}/${workload.artifactsKey}`;
  return json(200, {
    "@odata.context": metadataContext(
      ctx.baseUrl,
      `${workload.collectionPath.slice(1)}('${session.id}')/${workload.artifactsKey}`,
    ),
    ...(page.continueAfter === undefined
      ? {}
      : { "@odata.nextLink": nextLink(ctx.baseUrl, collectionPath, parsed.page, page.continueAfter) }),
    value: page.items.map((artifact) => artifactResource(artifact, session, ctx.behavior, ctx.now)),
  });
}
