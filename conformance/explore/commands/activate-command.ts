// activate (only where the run may: a server it started, or --allow-activate, and only while the part's activation
// budget lasts: each is a real restore on a tenant): a draft leaves draft and keeps its artifacts, or the tenant's
// capacity refuses it (two documented readings, taken afresh each time); an activated session answers 403, a
// deleted one 404.
import { ACTIVATE_OPERATION, ACTIVATE_SESSION_PARAMETER } from "../../../src/contract/wire-names.ts";
import type { ModelStep } from "../assertion-sources.ts";
import {
  ACTIVATED,
  ACTIVATED_STATUSES,
  ACTIVATION_QUESTION,
  ACTIVATION_REFUSED,
  notDraft,
  notFound,
  refused,
  withReadings,
} from "../expected-answers.ts";
import type { Sequence } from "../sequence.ts";
import { type ExploreModel, expectedRestorePoints, sessionAt } from "../session-model.ts";
import type { ExploreCommand } from "./explore-command.ts";
import { sessionPick } from "./explore-command.ts";

export class ActivateCommand implements ExploreCommand {
  readonly pick: number;

  constructor(pick: number) {
    this.pick = pick;
  }

  check(model: Readonly<ExploreModel>): boolean {
    return model.activations.left > 0 && model.sessions.length > 0;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = sessionAt(model, this.pick);
    const step: ModelStep = {
      id: real.nextId("activate"),
      operationId: ACTIVATE_OPERATION,
      path: { [ACTIVATE_SESSION_PARAMETER]: session.ref },
      expect: { status: 200 },
    };
    if (session.status === "deleted") {
      await real.send({ ...step, expect: notFound() }, ["session-deleted"]);
      return;
    }
    if (session.status === "activated") {
      await real.send({ ...step, expect: notDraft(session) }, ["not-draft-forbidden"]);
      return;
    }
    model.activations.left -= 1;
    // A capacity limit depends on everything else the target runs, so either outcome may come at any time.
    const expect = withReadings(ACTIVATION_QUESTION, false, [
      {
        reading: ACTIVATED,
        status: 200,
        body: [
          { pointer: "/id", equals: session.ref },
          { pointer: "/status", oneOf: ACTIVATED_STATUSES },
        ],
        state: { restorePoints: expectedRestorePoints(session) },
      },
      { reading: ACTIVATION_REFUSED, ...refused(session, 500, "TooManyActiveRestoreSessions") },
    ]);
    const outcome = await real.send({ ...step, expect }, [
      "activation",
      "activation-capacity",
      "artifact-list-complete",
    ]);
    if (outcome?.readings.get(ACTIVATION_QUESTION) === ACTIVATED) session.status = "activated";
  }

  toString(): string {
    return `activate(s#${this.pick})`;
  }
}

export const activateCommand = sessionPick.map((pick) => new ActivateCommand(pick));
