// create: a session with no artifacts, a few, or many (up to the create limit), as any documented reference form;
// the answer, and the artifact list read back, must show exactly what was created.
import fc from "fast-check";
import { EXCHANGE } from "../../../src/contract/wire-names.ts";
import type { ModelStep } from "../assertion-sources.ts";
import { type AdditionSpec, additionItem, additionSpec, contentIds } from "../delta-items.ts";
import type { Sequence } from "../sequence.ts";
import {
  adoptArtifacts,
  type Destination,
  type ExploreModel,
  freePools,
  MAX_SESSIONS,
  type ModelSession,
  poolRefs,
} from "../session-model.ts";
import { destination, type ExploreCommand, sessionPath } from "./explore-command.ts";

export class CreateCommand implements ExploreCommand {
  readonly additions: readonly AdditionSpec[];
  readonly destinationType: Destination;
  readonly typed: boolean;

  constructor(additions: readonly AdditionSpec[], destinationType: Destination, typed: boolean) {
    this.additions = additions;
    this.destinationType = destinationType;
    this.typed = typed;
  }

  check(model: Readonly<ExploreModel>): boolean {
    return model.sessions.length < MAX_SESSIONS;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const id = real.nextId("create");
    const indices = freePools(
      model,
      new Set(),
      this.additions.map((spec) => spec.pick),
    );
    const contentId = contentIds();
    const items = indices.map((index, position) => {
      const spec = this.additions[position] as AdditionSpec;
      return additionItem(index, this.destinationType, spec.form, spec, real.pool, contentId);
    });
    const body = {
      ...(this.typed ? { "@odata.type": EXCHANGE.sessionType } : {}),
      ...(items.length ? { [EXCHANGE.artifactsKey]: items } : {}),
    };
    const label = `s${model.sessions.length + 1}`;
    const session: ModelSession = {
      label,
      ref: `$steps.${id}.outputs.sessionId`,
      status: "draft",
      artifacts: [],
      former: [],
    };
    const step: ModelStep = {
      id,
      operationId: EXCHANGE.operations.create,
      body,
      expect: {
        status: 201,
        body: [
          { pointer: "/id", present: true },
          { pointer: "/status", equals: "draft" },
          { pointer: "/restoreSessionArtifactCount/total", equalsIfPresent: indices.length },
        ],
        state: { session: "$response.body#/id", restorePoints: poolRefs(indices) },
      },
      outputs: {
        sessionId: "$response.body#/id",
        createdDateTime: "$response.body#/createdDateTime",
        ...(indices.length ? { artifactIds: { artifactIdsFor: poolRefs(indices) } } : {}),
      },
    };
    const outcome = await real.send(step, [
      "session-created-draft",
      "artifact-count",
      "additions-applied",
      "artifact-list-complete",
    ]);
    if (!outcome) return;
    if (typeof outcome.outputs.createdDateTime === "string")
      session.createdRef = `$steps.${id}.outputs.createdDateTime`;
    model.sessions.push(session);
    if (indices.length === 0) return;
    let source = id;
    if (outcome.outputs.artifactIds === undefined) {
      // The create answer need not inline its artifacts: their ids come from the list.
      source = real.nextId("list");
      const listed = await real.send(
        {
          id: source,
          operationId: EXCHANGE.operations.listArtifacts,
          path: sessionPath(session),
          pages: "all",
          expect: { status: 200, state: { restorePoints: poolRefs(indices) } },
          outputs: { artifactIds: { artifactIdsFor: poolRefs(indices) } },
        },
        ["artifact-list-complete"],
      );
      if (!listed) return;
    }
    adoptArtifacts(session, indices, this.destinationType, source);
  }

  toString(): string {
    return `create(${this.additions.length} additions, ${this.destinationType})`;
  }
}

const createArtifacts = fc.oneof(
  { weight: 3, arbitrary: fc.constant([] as AdditionSpec[]) },
  { weight: 2, arbitrary: fc.array(additionSpec, { minLength: 1, maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(additionSpec, { minLength: 6, maxLength: 50 }) },
);

export const createCommand = fc
  .tuple(createArtifacts, destination, fc.boolean())
  .map(([specs, type, typed]) => new CreateCommand(specs, type, typed));
