// create: a session with no artifacts, a few, or many (up to the create limit), as any documented reference form;
// the answer, and the artifact list read back, must show exactly what was created. A session without artifacts is
// created with no list, or with the list empty or null: the docs read those two ways (ERRATA E11), so each offers
// both readings (refused, or an empty draft session) and the model follows the one the server took.
import fc from "fast-check";
import type { AssertionKind, ModelStep } from "../assertion-sources.ts";
import {
  CREATE_EMPTY_LIST_QUESTION,
  CREATE_NULL_LIST_QUESTION,
  createdSessionExpectation,
  emptyListReadings,
  LIST_CREATED,
} from "../expected-answers.ts";
import { type AdditionSpec, additionItem, additionSpec, itemWriter } from "../delta-items.ts";
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

/** How a create without artifacts sends its list: left out, `[]`, or `null`. */
export type EmptyList = "absent" | "empty" | "null";

const EMPTY_LIST_QUESTIONS: Record<Exclude<EmptyList, "absent">, string> = {
  empty: CREATE_EMPTY_LIST_QUESTION,
  null: CREATE_NULL_LIST_QUESTION,
};

export class CreateCommand implements ExploreCommand {
  readonly additions: readonly AdditionSpec[];
  readonly destinationType: Destination;
  readonly typed: boolean;
  readonly emptyList: EmptyList;

  constructor(additions: readonly AdditionSpec[], destinationType: Destination, typed: boolean, emptyList: EmptyList) {
    this.additions = additions;
    this.destinationType = destinationType;
    this.typed = typed;
    this.emptyList = emptyList;
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
    const contentId = itemWriter(real.names);
    const items = indices.map((index, position) => {
      const spec = this.additions[position] as AdditionSpec;
      return additionItem(index, this.destinationType, spec.form, spec, real.pool, contentId);
    });
    const emptyList = items.length === 0 && this.emptyList !== "absent" ? this.emptyList : undefined;
    const body = {
      ...(this.typed ? { "@odata.type": real.names.sessionType } : {}),
      ...(items.length ? { [real.names.artifactsKey]: items } : {}),
      ...(emptyList ? { [real.names.artifactsKey]: emptyList === "null" ? null : [] } : {}),
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
      operationId: real.names.operations.create,
      body,
      expect: emptyList
        ? emptyListReadings(EMPTY_LIST_QUESTIONS[emptyList])
        : createdSessionExpectation(poolRefs(indices)),
      outputs: {
        sessionId: "$response.body#/id",
        createdDateTime: "$response.body#/createdDateTime",
        ...(indices.length ? { artifactIds: { artifactIdsFor: poolRefs(indices) } } : {}),
      },
    };
    const kinds: AssertionKind[] = emptyList
      ? ["create-empty-list-readings", "session-created-draft", "reading-held"]
      : ["session-created-draft", "artifact-count", "additions-applied", "artifact-list-complete"];
    const outcome = await real.send(step, kinds);
    if (!outcome) return;
    if (emptyList && outcome.readings.get(EMPTY_LIST_QUESTIONS[emptyList]) !== LIST_CREATED) return;
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
          operationId: real.names.operations.listArtifacts,
          path: sessionPath(real.names, session),
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
    return `create(${this.additions.length} additions, ${this.destinationType}${this.additions.length === 0 ? `, list ${this.emptyList}` : ""})`;
  }
}

const createArtifacts = fc.oneof(
  { weight: 3, arbitrary: fc.constant([] as AdditionSpec[]) },
  { weight: 2, arbitrary: fc.array(additionSpec, { minLength: 1, maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(additionSpec, { minLength: 6, maxLength: 50 }) },
);

const emptyListForm = fc.oneof(
  { weight: 4, arbitrary: fc.constant<EmptyList>("absent") },
  { weight: 1, arbitrary: fc.constant<EmptyList>("empty") },
  { weight: 1, arbitrary: fc.constant<EmptyList>("null") },
);

export const createCommand = fc
  .tuple(createArtifacts, destination, fc.boolean(), emptyListForm)
  .map(([specs, type, typed, emptyList]) => new CreateCommand(specs, type, typed, emptyList));
