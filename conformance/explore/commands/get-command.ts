// get: reads a session back and holds it to the model (status, artifact count, createdDateTime) and, after a
// PATCH, to what the PATCH answer reported of the session; a deleted session must answer 404.
import type { AssertionKind } from "../assertion-sources.ts";
import { notFound, SESSION_PROPERTIES, sessionAssertions } from "../expected-answers.ts";
import type { Sequence } from "../sequence.ts";
import { type ExploreModel, type ModelSession, sessionAt } from "../session-model.ts";
import { SessionCommand, sessionPath, sessionPick } from "./explore-command.ts";

/** Reads the session back with a GET and holds it to the model and to what the step before it reported. */
export async function readSessionBack(real: Sequence, session: ModelSession, reportedBy?: string): Promise<void> {
  const id = real.nextId("get");
  const body = sessionAssertions(session, session.artifacts.length);
  const kinds: AssertionKind[] = ["artifact-count", "session-status", "created-date-stable"];
  if (reportedBy) {
    // Every property both representations report agrees (the PATCH answer's session properties are optional).
    for (const property of SESSION_PROPERTIES)
      body.push({ pointer: `/${property}`, agrees: `$steps.${reportedBy}.outputs.${property}` });
    kinds.push("patch-answer-agrees-with-get");
  }
  await real.send(
    {
      id,
      operationId: real.names.operations.get,
      path: sessionPath(real.names, session),
      expect: { status: 200, body },
    },
    kinds,
  );
}

export class GetCommand extends SessionCommand {
  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = sessionAt(model, this.pick);
    if (session.status === "deleted") {
      await real.send(
        {
          id: real.nextId("get"),
          operationId: real.names.operations.get,
          path: sessionPath(real.names, session),
          expect: notFound(),
        },
        ["session-deleted"],
      );
      return;
    }
    await readSessionBack(real, session);
  }

  override toString(): string {
    return `get(s#${this.pick})`;
  }
}

export const getCommand = sessionPick.map((pick) => new GetCommand(pick));
