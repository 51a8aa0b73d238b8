// delete: a draft is deleted (204) and then answers 404 everywhere; an activated session cannot be deleted (403),
// a deleted one answers 404.
import { EXCHANGE } from "../../../src/contract/wire-names.ts";
import type { ModelStep } from "../assertion-sources.ts";
import { notFound } from "../expected-answers.ts";
import type { Sequence } from "../sequence.ts";
import { type ExploreModel, forget, sessionAt } from "../session-model.ts";
import { SessionCommand, sessionPath, sessionPick } from "./explore-command.ts";

export class DeleteCommand extends SessionCommand {
  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = sessionAt(model, this.pick);
    const step: ModelStep = {
      id: real.nextId("delete"),
      operationId: EXCHANGE.operations.delete,
      path: sessionPath(session),
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
    }
  }

  override toString(): string {
    return `delete(s#${this.pick})`;
  }
}

export const deleteCommand = sessionPick.map((pick) => new DeleteCommand(pick));
