// When a server accepts a request that only the contract's own decision refuses (an advisory, ERRATA E26, E29,
// E46, …), the model follows what the server did instead of ending the sequence: it reads the session's artifact
// list back and takes from it which of the candidate restore points the session now holds, each artifact named by
// an output of that list step (so the sequence still replays as a scenario).
import type { StepOutcome, Sequence } from "../sequence.ts";
import { type Destination, type ModelArtifact, type ModelSession, poolRef } from "../session-model.ts";
import { sessionPath } from "./explore-command.ts";

/** Whether an answer took the request (2xx): then the model must follow what the server did. */
export function accepted(outcome: StepOutcome | undefined): boolean {
  const status = outcome?.response?.pages[0]?.exchange.status;
  return status !== undefined && status >= 200 && status < 300;
}

function outputName(pool: number): string {
  return `restorePoint${pool}`;
}

/**
 * Reads the session's artifact list and makes the model hold exactly the candidates it lists (`candidates`: the
 * pool indices the session may hold now; a new one gets `destinationType`). Returns false when the list could not
 * be read (the budget ran out).
 */
export async function followListedArtifacts(
  real: Sequence,
  session: ModelSession,
  candidates: ReadonlySet<number>,
  destinationType: Destination,
): Promise<boolean> {
  const id = real.nextId("follow");
  const ordered = [...candidates].sort((a, b) => a - b);
  const outcome = await real.send(
    {
      id,
      description: "the server accepted what the contract refuses: the model takes what the session now holds",
      operationId: real.names.operations.listArtifacts,
      path: sessionPath(real.names, session),
      pages: "all",
      expect: { status: 200 },
      outputs: Object.fromEntries(ordered.map((pool) => [outputName(pool), { artifactIdsFor: [poolRef(pool)] }])),
    },
    ["model-follows-server"],
  );
  if (!outcome) return false;
  const held = new Map(session.artifacts.map((artifact) => [artifact.pool, artifact]));
  const now: ModelArtifact[] = [];
  for (const pool of ordered) {
    if (!Array.isArray(outcome.outputs[outputName(pool)])) continue;
    now.push({
      pool,
      destinationType: held.get(pool)?.destinationType ?? destinationType,
      ref: `$steps.${id}.outputs.${outputName(pool)}[0]`,
    });
  }
  const gone = session.artifacts.filter((artifact) => !now.some((kept) => kept.pool === artifact.pool));
  session.artifacts = now;
  session.former.push(...gone);
  return true;
}
