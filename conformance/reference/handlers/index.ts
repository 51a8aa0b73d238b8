// The default handler of every operation of the contract: one handler per role (create, list, …), the same for
// every workload of the registry; each finds its workload's names in `ctx.workload`.
import { OPERATION_ROLES, type OperationRole, WORKLOAD_NAMES, WORKLOADS } from "../../../src/contract/workloads.ts";
import type { OperationHandler, OperationId } from "../context.ts";
import { activateSession } from "./activate-session.ts";
import { createSession } from "./create-session.ts";
import { deleteSession } from "./delete-session.ts";
import { getSession } from "./get-session.ts";
import { listArtifacts } from "./list-artifacts.ts";
import { listSessions } from "./list-sessions.ts";
import { updateSession } from "./update-session.ts";

const BY_ROLE: Readonly<Record<OperationRole, OperationHandler>> = {
  create: createSession,
  list: listSessions,
  get: getSession,
  update: updateSession,
  delete: deleteSession,
  listArtifacts,
  activate: activateSession,
};

export const DEFAULT_HANDLERS: Readonly<Record<OperationId, OperationHandler>> = Object.freeze(
  Object.fromEntries(
    WORKLOAD_NAMES.flatMap((name) =>
      OPERATION_ROLES.map((role) => [WORKLOADS[name].operationIds[role], BY_ROLE[role]] as const),
    ),
  ) as Record<OperationId, OperationHandler>,
);
