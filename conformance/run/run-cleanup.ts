// How every run ends, however it ends: a URL target gets every session the run created deleted (creates whose
// answer never came are named), a server the run started is stopped with everything in it.
import type { RunReport } from "../report/run-report.ts";
import { deleteSessions } from "../runner/session-cleanup.ts";
import type { RunContext } from "./run-context.ts";

export interface RunEnd {
  cleanup: RunReport["cleanup"];
  /** Milliseconds spent stopping the target (0 for a URL target's stop). */
  stopMs: number;
}

export async function cleanUpAndStop(context: RunContext): Promise<RunEnd> {
  const { target } = context;
  let cleanup: RunReport["cleanup"] = { deleted: [], leftBehind: [], possiblyLeftBehind: [] };
  let stopMs = 0;
  try {
    // A server the run started is discarded with everything in it; a URL target is cleaned up.
    if (target.guarded) {
      context.throttle.allowCleanup(context.retry.maxTotalWaitMs);
      const outcome = await deleteSessions(context.sessions.open(), {
        baseUrl: target.baseUrl,
        token: context.token,
        http: context.http,
        concurrency: context.concurrency,
        workloadOf: (id) => context.sessions.workloadOf(id),
      });
      cleanup = { ...outcome, possiblyLeftBehind: context.sessions.possiblyCreated() };
    }
  } finally {
    const stopping = performance.now();
    await target.stop();
    stopMs = performance.now() - stopping;
  }
  return { cleanup, stopMs };
}
