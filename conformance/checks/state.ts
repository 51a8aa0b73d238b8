// state: after the step, the session's artifact list — every page, each validated — names exactly the expected
// restore points, each once, each with the destinationType it was added with (when the list states one). A list step that read every page is judged on its own pages; any other step is
// followed by a read-back. This is how "nothing was applied" and "the rest was applied" are proven.
import { restorePointIdOf, type RestorePointRef } from "../../src/contract/restore-point.ts";
import { ExpressionError } from "../vocabulary/expressions.ts";
import { expectationSource } from "../vocabulary/scenario.ts";
import { artifactListing, type ArtifactListing } from "../vocabulary/step-response.ts";
import { failed, notChecked, shown, type Check, type CheckContext } from "./check.ts";
import { ACTIVATE_SESSION_PARAMETER } from "../../src/contract/wire-names.ts";

function sessionOf(context: CheckContext): string {
  const state = context.expectation.state;
  if (state?.session !== undefined) return String(context.resolve(state.session));
  const path = context.response.request.url;
  const fromStep =
    context.step.path?.[context.workload.sessionIdParameter] ?? context.step.path?.[ACTIVATE_SESSION_PARAMETER];
  if (fromStep === undefined)
    throw new ExpressionError(`state: step ${context.step.id} names no session (give state.session) — ${path}`);
  return String(context.resolve(fromStep));
}

function listFor(items: readonly string[]): string {
  const shownItems = items.slice(0, 6).join(", ");
  return items.length > 6 ? `${shownItems} and ${items.length - 6} more` : shownItems;
}

export const state: Check = {
  name: "state",
  description: "the session's artifact list (every page) names exactly the expected restore points, as they were added",
  usesExpectation: true,
  async run(context) {
    const expectedState = context.expectation.state;
    if (!expectedState) return null;
    const assertionSource = expectationSource(context.expectation, "state");
    let sessionId: string;
    let expected: string[];
    try {
      sessionId = sessionOf(context);
      expected = context.resolveIds(expectedState.restorePoints, "state.restorePoints");
    } catch (error) {
      if (error instanceof ExpressionError)
        return failed(`cannot evaluate the expectation: ${error.message}`, assertionSource);
      throw error;
    }
    const listOperation = context.workload.operationIds.listArtifacts;
    const ownList = context.step.operationId === listOperation && context.response.allPages;
    const listing: ArtifactListing = ownList
      ? artifactListing(
          context.response.pages,
          context.response.pagingComplete ? [] : context.response.pagingProblems,
          listOperation,
          context.response.pagingBound,
        )
      : await context.readArtifacts(sessionId);
    const source = ownList ? "the listed artifacts" : `the read-back of session ${sessionId}`;
    if (!listing.ok && "notChecked" in listing) return notChecked(`${source}: ${listing.notChecked}`);
    if (!listing.ok) return failed(`${source} failed: ${listing.problem}`, assertionSource);

    const problems: string[] = [];
    const counts = new Map<string, number>();
    for (const artifact of listing.artifacts) {
      const listed = restorePointIdOf(artifact.restorePoint as RestorePointRef | null | undefined);
      const reported = typeof artifact.id === "string" ? context.knownArtifacts.get(artifact.id) : undefined;
      if (listed !== undefined && reported !== undefined && listed !== reported) {
        // Two representations of one artifact read in one scenario: they must name the same restore point.
        problems.push(
          `artifact ${shown(artifact.id, context.redact)} (${artifact.where}) names restore point ${listed}; an earlier answer reported it for ${reported}`,
        );
      }
      const restorePointId = listed ?? reported;
      if (restorePointId === undefined) {
        problems.push(
          `artifact ${shown(artifact.id, context.redact)} (${artifact.where}) names no restore point and was not reported by an earlier answer`,
        );
        continue;
      }
      counts.set(restorePointId, (counts.get(restorePointId) ?? 0) + 1);
      const requested = context.destinationsOf(sessionId).get(restorePointId);
      if (
        typeof artifact.destinationType === "string" &&
        requested !== undefined &&
        artifact.destinationType !== requested
      ) {
        problems.push(
          `artifact ${shown(artifact.id, context.redact)} (${artifact.where}) for restore point ${restorePointId} has destinationType ${JSON.stringify(artifact.destinationType)}; it was added as ${JSON.stringify(requested)}`,
        );
      }
    }
    const wanted = new Set(expected);
    const missing = [...wanted].filter((id) => !counts.has(id));
    const unexpected = [...counts.keys()].filter((id) => !wanted.has(id));
    const repeated = [...counts.entries()].filter(([, count]) => count > 1).map(([id, count]) => `${id} (${count}×)`);
    if (missing.length) problems.push(`lacks restore point(s) ${listFor(missing)}`);
    if (unexpected.length) problems.push(`holds unexpected restore point(s) ${listFor(unexpected)}`);
    if (repeated.length) problems.push(`lists restore point(s) more than once: ${listFor(repeated)}`);
    const summary = `${listing.artifacts.length} artifact(s) on ${listing.pages} page(s)`;
    if (problems.length) {
      return failed(
        `${source} (${summary}) ${problems.join("; ")}; expected exactly ${wanted.size === 0 ? "no artifacts" : `${wanted.size}: ${listFor([...wanted])}`}`,
        assertionSource,
      );
    }
    return { status: "passed", message: summary, source: assertionSource };
  },
};
