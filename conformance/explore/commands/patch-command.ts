// patch: a delta of additions (any reference form, annotations or not), removals of held, absent, former and
// other sessions' artifacts, and re-adds of held restore points (two documented readings); the answer must report
// each item as the model expects, the list and a GET read back must agree. A deleted session answers 404, an
// activated one 403 with nothing changed.
import fc from "fast-check";

import type { Expectation } from "../../vocabulary/scenario.ts";
import type { AssertionKind, ModelExpectation, ModelStep } from "../assertion-sources.ts";
import { type ItemSpec, itemSpecs, resolveDelta } from "../delta-items.ts";
import {
  HELD_FAILED_ITEM,
  HELD_QUESTION,
  HELD_REJECTED,
  notDraft,
  SENTINEL_FAILED_ITEM,
  SENTINEL_QUESTION,
  SENTINEL_REJECTED,
  notFound,
  refused,
  SESSION_PROPERTIES,
  withReadings,
} from "../expected-answers.ts";
import type { Sequence } from "../sequence.ts";
import {
  adoptArtifacts,
  type Destination,
  type ExploreModel,
  forget,
  poolRef,
  poolRefs,
  sessionAt,
} from "../session-model.ts";
import { destination, SessionCommand, sessionPath, sessionPick } from "./explore-command.ts";
import { readSessionBack } from "./get-command.ts";

export class PatchCommand extends SessionCommand {
  readonly specs: readonly ItemSpec[];
  readonly destinationType: Destination;
  readonly typed: boolean;

  constructor(pick: number, specs: readonly ItemSpec[], destinationType: Destination, typed: boolean) {
    super(pick);
    this.specs = specs;
    this.destinationType = destinationType;
    this.typed = typed;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = sessionAt(model, this.pick);
    const resolved = resolveDelta(this.specs, model, session, {
      pool: real.pool,
      names: real.names,
      destinationType: this.destinationType,
      allowHeldReAdds: session.status === "draft",
      allowSentinels: session.status === "draft",
    });
    if (resolved.items.length === 0) return;
    const id = real.nextId("patch");
    const body = {
      ...(this.typed ? { "@odata.type": real.names.sessionType } : {}),
      [real.names.deltaKey]: resolved.items,
    };
    const step: ModelStep = {
      id,
      operationId: real.names.operations.update,
      path: sessionPath(real.names, session),
      body,
      expect: { status: 200 },
    };
    if (session.status === "deleted") {
      await real.send({ ...step, expect: notFound() }, ["missing-session-not-found"]);
      return;
    }
    if (session.status === "activated") {
      await real.send({ ...step, expect: notDraft(session) }, [
        "not-draft-forbidden",
        "rejected-request-changes-nothing",
      ]);
      return;
    }
    const after = [
      ...session.artifacts.filter((artifact) => !resolved.removed.includes(artifact)).map((artifact) => artifact.pool),
      ...resolved.added,
    ].sort((a, b) => a - b);
    const failed = [
      ...resolved.failedRemovals.map((ref) => ({
        artifactId: ref,
        failedOperation: ["remove", "delete", "unlink"],
        responseCode: { min: 400, max: 499 },
      })),
      ...[...resolved.heldReAdds, ...resolved.sentinels].map((index) => ({
        restorePoint: poolRef(index),
        responseCode: { min: 400, max: 499 },
      })),
    ];
    const applied: ModelExpectation = {
      status: 200,
      delta: {
        ...(resolved.added.length ? { added: poolRefs(resolved.added), destinationType: this.destinationType } : {}),
        ...(resolved.removed.length ? { removed: resolved.removed.map((artifact) => artifact.ref) } : {}),
        ...(failed.length ? { failed: failed as NonNullable<Expectation["delta"]>["failed"] } : {}),
      },
      state: { restorePoints: poolRefs(after) },
      body: [
        { pointer: "/id", equalsIfPresent: session.ref },
        { pointer: "/status", equalsIfPresent: "draft" },
        { pointer: "/restoreSessionArtifactCount/total", equalsIfPresent: after.length },
      ],
    };
    const outputs: ModelStep["outputs"] = {
      ...(resolved.added.length ? { artifactIds: { artifactIdsFor: poolRefs(resolved.added) } } : {}),
      ...Object.fromEntries(SESSION_PROPERTIES.map((property) => [property, `$response.body#/${property}`])),
    };
    const kinds: AssertionKind[] = [
      ...resolved.kinds,
      "artifact-count",
      "artifact-list-complete",
      "removals-echoed-or-omitted",
    ];
    // One documented question per request at most: a held restore point re-added, or the destination sentinel.
    const expect =
      resolved.heldReAdds.length > 0
        ? withReadings(HELD_QUESTION, true, [
            { reading: HELD_REJECTED, ...refused(session, 400, "DuplicateArtifactInList") },
            { reading: HELD_FAILED_ITEM, ...applied },
          ])
        : resolved.sentinels.length > 0
          ? withReadings(SENTINEL_QUESTION, true, [
              { reading: SENTINEL_REJECTED, ...refused(session, 400) },
              { reading: SENTINEL_FAILED_ITEM, ...applied },
            ])
          : applied;
    if (resolved.heldReAdds.length > 0 || resolved.sentinels.length > 0)
      kinds.push("rejected-request-changes-nothing", "reading-held");
    const outcome = await real.send({ ...step, expect, outputs }, kinds);
    if (!outcome) return;
    if (outcome.readings.get(HELD_QUESTION) === HELD_REJECTED) return;
    if (outcome.readings.get(SENTINEL_QUESTION) === SENTINEL_REJECTED) return;
    forget(session, resolved.removed);
    adoptArtifacts(session, resolved.added, this.destinationType, id);
    await readSessionBack(real, session, id);
  }

  override toString(): string {
    return `patch(s#${this.pick}, ${this.specs.map((spec) => spec.kind).join(" ")}, ${this.destinationType})`;
  }
}

export const patchCommand = fc
  .tuple(sessionPick, itemSpecs, destination, fc.boolean())
  .map(([pick, specs, type, typed]) => new PatchCommand(pick, specs, type, typed));
