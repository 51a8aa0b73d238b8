// list artifacts: every page of a session's artifact list, with or without $top, must name exactly the model's
// artifacts; an invalid $top is 400, a deleted session 404.
import fc from "fast-check";
import type { ModelStep } from "../assertion-sources.ts";
import { notFound } from "../expected-answers.ts";
import type { Sequence } from "../sequence.ts";
import { type ExploreModel, expectedRestorePoints, sessionAt } from "../session-model.ts";
import { SessionCommand, sessionPath, sessionPick } from "./explore-command.ts";
import { artifactTop, TOP_STATUS_SOURCE, type Top, topQuery } from "./top-option.ts";

export class ListArtifactsCommand extends SessionCommand {
  readonly top: Top;

  constructor(pick: number, top: Top) {
    super(pick);
    this.top = top;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = sessionAt(model, this.pick);
    const { query, invalid } = topQuery(this.top, session.artifacts.length);
    const step: ModelStep = {
      id: real.nextId("list"),
      operationId: real.names.operations.listArtifacts,
      path: sessionPath(real.names, session),
      ...(query ? { query } : {}),
      pages: "all",
      expect: { status: 200 },
    };
    if (session.status === "deleted") {
      // One fault at a time (ERRATA E24): the session that is gone, without a $top a server might judge first.
      const { query: _top, ...plain } = step;
      await real.send({ ...plain, expect: notFound() }, ["session-deleted"]);
    } else if (invalid) {
      await real.send({ ...step, expect: { status: 400 } }, ["invalid-top-rejected"]);
    } else {
      await real.send(
        {
          ...step,
          expect: {
            status: 200,
            // Neither list page documents $top: a server that refuses it gets an advisory (ERRATA E45, E23).
            ...(query ? { sources: { status: TOP_STATUS_SOURCE } } : {}),
            state: { restorePoints: expectedRestorePoints(session) },
          },
        },
        ["artifact-list-complete", "top-respected"],
      );
    }
  }

  override toString(): string {
    return `list-artifacts(s#${this.pick}, ${JSON.stringify(this.top)})`;
  }
}

export const listArtifactsCommand = fc
  .tuple(sessionPick, artifactTop)
  .map(([pick, value]) => new ListArtifactsCommand(pick, value));
