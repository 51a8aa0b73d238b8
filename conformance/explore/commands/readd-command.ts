// re-add: removes one artifact of a draft session, then adds its restore point back in a later PATCH (in any
// documented reference form): a restore point the session no longer holds is free again, so the second PATCH
// applies it like any new one, and the list and a GET read back must agree.
import fc from "fast-check";

import type { ModelExpectation } from "../assertion-sources.ts";
import { additionItem, itemWriter, type ReferenceForm, referenceForm, removalItem } from "../delta-items.ts";
import { SESSION_PROPERTIES } from "../expected-answers.ts";
import type { Sequence } from "../sequence.ts";
import {
  adoptArtifacts,
  type Destination,
  type ExploreModel,
  expectedRestorePoints,
  forget,
  type ModelSession,
  picked,
  poolRef,
} from "../session-model.ts";
import { destination, type ExploreCommand, sessionPath, sessionPick } from "./explore-command.ts";
import { readSessionBack } from "./get-command.ts";

/** The draft sessions that hold an artifact. */
function candidates(model: Readonly<ExploreModel>): ModelSession[] {
  return model.sessions.filter((session) => session.status === "draft" && session.artifacts.length > 0);
}

export class ReAddCommand implements ExploreCommand {
  readonly pick: number;
  readonly artifactPick: number;
  readonly form: ReferenceForm;
  readonly destinationType: Destination;

  constructor(pick: number, artifactPick: number, form: ReferenceForm, destinationType: Destination) {
    this.pick = pick;
    this.artifactPick = artifactPick;
    this.form = form;
    this.destinationType = destinationType;
  }

  check(model: Readonly<ExploreModel>): boolean {
    return candidates(model).length > 0;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = picked(candidates(model), this.pick) as ModelSession;
    const artifact = picked(session.artifacts, this.artifactPick);
    if (!artifact) return;
    const contentId = itemWriter(real.names);
    const noAnnotations = { odataType: false, contentId: false };

    const removal = real.nextId("remove");
    const remaining = { ...session, artifacts: session.artifacts.filter((held) => held !== artifact) };
    const removed: ModelExpectation = {
      status: 200,
      delta: { removed: [artifact.ref] },
      state: { restorePoints: expectedRestorePoints(remaining) },
    };
    const removedOutcome = await real.send(
      {
        id: removal,
        operationId: real.names.operations.update,
        path: sessionPath(real.names, session),
        body: { [real.names.deltaKey]: [removalItem(artifact.ref, "changed", noAnnotations, contentId)] },
        expect: removed,
      },
      ["removals-applied", "removals-echoed-or-omitted", "artifact-list-complete"],
    );
    if (!removedOutcome) return;
    forget(session, [artifact]);

    const readd = real.nextId("readd");
    const restorePoint = poolRef(artifact.pool);
    const outcome = await real.send(
      {
        id: readd,
        operationId: real.names.operations.update,
        path: sessionPath(real.names, session),
        body: {
          [real.names.deltaKey]: [
            additionItem(artifact.pool, this.destinationType, this.form, noAnnotations, real.pool, contentId),
          ],
        },
        expect: {
          status: 200,
          delta: { added: [restorePoint], destinationType: this.destinationType },
          state: { restorePoints: [...expectedRestorePoints(session), restorePoint] },
        },
        outputs: {
          artifactIds: { artifactIdsFor: [restorePoint] },
          ...Object.fromEntries(SESSION_PROPERTIES.map((property) => [property, `$response.body#/${property}`])),
        },
      },
      [
        "additions-applied",
        ...(this.form === "id" ? [] : (["restore-point-forms"] as const)),
        "artifact-count",
        "artifact-list-complete",
      ],
    );
    if (!outcome) return;
    adoptArtifacts(session, [artifact.pool], this.destinationType, readd);
    await readSessionBack(real, session, readd);
  }

  toString(): string {
    return `re-add(s#${this.pick}, artifact #${this.artifactPick}, ${this.form}, ${this.destinationType})`;
  }
}

export const reAddCommand = fc
  .tuple(sessionPick, fc.nat({ max: 1000 }), referenceForm, destination)
  .map(([pick, artifactPick, form, type]) => new ReAddCommand(pick, artifactPick, form, type));
