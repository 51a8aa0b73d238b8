// compare: every representation of a session agrees with every other one read at the same time. Each draft of the
// sequence is read with GET, then the session list is read: the entry of each must be there and report what the GET
// reported (status, the artifact count, the dates, who created it) wherever both report a property. Drafts only: an
// activated session moves on by itself between two reads.
import fc from "fast-check";
import type { Assertion } from "../../vocabulary/scenario.ts";
import { SESSION_PROPERTIES, sessionAssertions } from "../expected-answers.ts";
import { maximumTop } from "../invalid-bodies.ts";
import type { Sequence } from "../sequence.ts";
import type { ExploreModel } from "../session-model.ts";
import { type ExploreCommand, sessionPath } from "./explore-command.ts";
import { TOP_STATUS_SOURCE } from "./top-option.ts";

export class CompareCommand implements ExploreCommand {
  check(model: Readonly<ExploreModel>): boolean {
    return model.sessions.some((session) => session.status === "draft");
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const compared: Assertion[] = [];
    for (const session of model.sessions.filter((candidate) => candidate.status === "draft")) {
      const id = real.nextId("get");
      const read = await real.send(
        {
          id,
          operationId: real.names.operations.get,
          path: sessionPath(real.names, session),
          expect: { status: 200, body: sessionAssertions(session, session.artifacts.length) },
          outputs: Object.fromEntries(SESSION_PROPERTIES.map((property) => [property, `$response.body#/${property}`])),
        },
        ["artifact-count", "session-status"],
      );
      if (!read) return;
      compared.push({
        pointer: "/value",
        entryAgrees: {
          where: { id: session.ref },
          with: Object.fromEntries(
            SESSION_PROPERTIES.map((property) => [property, `$steps.${id}.outputs.${property}`]),
          ),
        },
      });
    }
    await real.send(
      {
        id: real.nextId("list-sessions"),
        operationId: real.names.operations.list,
        query: { $top: maximumTop() },
        pages: "all",
        expect: { status: 200, sources: { status: TOP_STATUS_SOURCE }, body: compared },
      },
      ["representations-agree", "session-list-membership"],
    );
  }

  toString(): string {
    return "compare(get and the session list)";
  }
}

export const compareCommand = fc.constant(null).map(() => new CompareCommand());
