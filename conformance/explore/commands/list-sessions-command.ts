// list sessions: every page of the session list, with or without $top, must include each live session of the
// model and none it deleted; an invalid $top is 400.
import type { ModelStep } from "../assertion-sources.ts";
import type { Sequence } from "../sequence.ts";
import type { ExploreModel } from "../session-model.ts";
import type { ExploreCommand } from "./explore-command.ts";
import { sessionListTop, sessionTop, TOP_STATUS_SOURCE, type Top, topQuery } from "./top-option.ts";

export class ListSessionsCommand implements ExploreCommand {
  readonly top: Top;

  constructor(top: Top) {
    this.top = top;
  }

  check(): boolean {
    return true;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const { query, invalid } = topQuery(sessionListTop(this.top, model.sessionList));
    const step: ModelStep = {
      id: real.nextId("list-sessions"),
      operationId: real.names.operations.list,
      ...(query ? { query } : {}),
      pages: "all",
      expect: { status: 200 },
    };
    if (invalid) {
      await real.send({ ...step, expect: { status: 400 } }, ["invalid-top-rejected"]);
      return;
    }
    const body = model.sessions.map((session) =>
      session.status === "deleted"
        ? { pointer: "/value", excludes: { id: session.ref } }
        : { pointer: "/value", includes: { id: session.ref } },
    );
    const expect = {
      status: 200,
      // Neither list page documents $top: a server that refuses it gets an advisory (ERRATA E45, E23).
      ...(query ? { sources: { status: TOP_STATUS_SOURCE } } : {}),
      ...(body.length ? { body } : {}),
    };
    const outcome = await real.send({ ...step, expect }, [
      "session-list-membership",
      "session-deleted",
      "top-respected",
    ]);
    const listed = (outcome?.response?.body as { value?: unknown } | undefined)?.value;
    if (outcome?.response?.pagingComplete && Array.isArray(listed)) model.sessionList.size = listed.length;
  }

  toString(): string {
    return `list-sessions(${JSON.stringify(this.top)})`;
  }
}

export const listSessionsCommand = sessionTop.map((value) => new ListSessionsCommand(value));
