// A server that refuses what only the contract's own decision says it accepts gets advisories, never failures, and
// nothing else of that answer is judged: here, a server whose lists refuse $top altogether (neither list page
// documents $top, ERRATA E45), read by the paging scenarios and by the exploration.
import { afterEach, describe, expect, it } from "vitest";
import type { HandlerOverride } from "../../conformance/reference/context.ts";
import { graphError } from "../../conformance/reference/graph-error.ts";
import { EXCHANGE } from "../../src/contract/wire-names.ts";
import { type DeviatingServer, startDeviatingServer } from "./support/deviating-server.ts";
import { runAgainst } from "./support/run.ts";

let server: DeviatingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("a list that refuses $top", () => {
  it("is an advisory at every step that sends $top, and the step's other expectations are not judged", async () => {
    const refusesTop: HandlerOverride = (ctx, next) =>
      new URL(ctx.request.url).searchParams.has("$top")
        ? graphError(ctx.request, 400, "ErrorInvalidPatchRequest", "$top is not supported here.")
        : next(ctx);
    server = await startDeviatingServer({
      behavior: {
        handlers: { [EXCHANGE.operations.list]: refusesTop, [EXCHANGE.operations.listArtifacts]: refusesTop },
      },
    });
    const report = await runAgainst(server.baseUrl, {
      strict: false,
      grep: "^artifact-list-(paging|first-page)$",
      explore: { runs: 16, seed: 6 },
    });
    expect(report.results.filter((row) => row.status === "failed")).toEqual([]);
    const advisories = report.results.filter((row) => row.status === "advisory");
    expect(advisories.length).toBeGreaterThan(0);
    expect(advisories.every((row) => row.check === "status-code" && row.source === "E23")).toBe(true);
    // The paged read that was refused says nothing of the session's artifacts: no state row at that step.
    expect(
      report.results
        .filter((row) => row.scenario === "artifact-list-paging" && row.step === "list-top-7")
        .map((row) => row.check),
    ).not.toContain("state");
  });
});
