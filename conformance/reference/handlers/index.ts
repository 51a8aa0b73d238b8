// The default handler of every operation of the contract.
import type { OperationHandler, OperationId } from "../context.ts";
import { activateRestoreSession } from "./activate-session.ts";
import { createExchangeRestoreSession } from "./create-session.ts";
import { deleteExchangeRestoreSession } from "./delete-session.ts";
import { getExchangeRestoreSession } from "./get-session.ts";
import { listMailboxRestoreArtifacts } from "./list-artifacts.ts";
import { listExchangeRestoreSessions } from "./list-sessions.ts";
import { updateExchangeRestoreSession } from "./update-session.ts";

export const DEFAULT_HANDLERS: Readonly<Record<OperationId, OperationHandler>> = Object.freeze({
  createExchangeRestoreSession,
  listExchangeRestoreSessions,
  getExchangeRestoreSession,
  updateExchangeRestoreSession,
  deleteExchangeRestoreSession,
  listMailboxRestoreArtifacts,
  activateRestoreSession,
});
