// DELETE …/<collection>/{id}: draft sessions only; afterwards every operation on it answers 404.
import type { OperationContext, ReferenceResponse } from "../context.ts";
import { draftOnly, findSession } from "./common.ts";

export function deleteSession(ctx: OperationContext): ReferenceResponse {
  const found = findSession(ctx);
  if (!found.session) return found.response;
  const forbidden = draftOnly(ctx, found.session, "ErrorRestoreSessionActionNotAllowedDelete");
  if (forbidden) return forbidden;
  ctx.store.deleteSession(found.session.id);
  return { status: 204, headers: {} };
}
