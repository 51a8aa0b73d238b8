// delete: a draft is deleted (204) and then answers 404 everywhere (and, when the command says so, the session list
// read right after no longer holds it); an activated session cannot be deleted (403), a deleted one answers 404.
import fc from "fast-check";
import { maximumTop } from "../invalid-bodies.ts";
import type { ModelStep } from "../assertion-sources.ts";
import { notFound } from "../expected-answers.ts";
import type { Sequence } from "../sequence.ts";
import { type ExploreModel, forget, sessionAt } from "../session-model.ts";
import { SessionCommand, sessionPath, sessionPick } from "./explore-command.ts";
import { TOP_STATUS_SOURCE } from "./top-option.ts";

export class DeleteCommand extends SessionCommand {
  /** Whether the session list is read right after a deletion. */
  readonly thenList: boolean;

  constructor(pick: number, thenList: boolean) {
    super(pick);
    this.thenList = thenList;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = sessionAt(model, this.pick);
    const step: ModelStep = {
      id: real.nextId("delete"),
      operationId: real.names.operations.delete,
      path: sessionPath(real.names, session),
      expect: { status: 204 },
    };
    if (session.status === "deleted") {
      await real.send({ ...step, expect: notFound() }, ["session-deleted"]);
    } else if (session.status === "activated") {
      await real.send({ ...step, expect: { status: 403, errorCode: "RestoreSessionActionNotAllowed" } }, [
        "not-draft-forbidden",
      ]);
    } else if (await real.send(step, ["session-deleted"])) {
      session.status = "deleted";
      forget(session, [...session.artifacts]);
      if (this.thenList)
        await real.send(
          {
            id: real.nextId("list-sessions"),
            operationId: real.names.operations.list,
            query: { $top: maximumTop() },
            pages: "all",
            expect: {
              status: 200,
              sources: { status: TOP_STATUS_SOURCE },
              body: [{ pointer: "/value", excludes: { id: session.ref } }],
            },
          },
          ["session-deleted", "session-list-membership"],
        );
    }
  }

  override toString(): string {
    return `delete(s#${this.pick}${this.thenList ? ", then the list" : ""})`;
  }
}

export const deleteCommand = fc
  .tuple(sessionPick, fc.boolean())
  .map(([pick, thenList]) => new DeleteCommand(pick, thenList));
