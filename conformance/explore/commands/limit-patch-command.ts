// limit patch: the PATCH limit at its boundary with mixed items. A draft is first given enough artifacts (a plain
// PATCH), then one request of exactly 50 or 51 items removes some of them and adds new restore points, the two kinds
// interleaved in a generated order. 50 items are applied whatever the mix; 51 additions are refused whole (400
// RestoreArtifactsLimitBreached); 51 items with removals among them are either (the docs do not say whether a
// removal counts: two readings, held for the rest of the part, ERRATA E10).
import fc from "fast-check";

import type { AssertionKind, ModelExpectation } from "../assertion-sources.ts";
import { additionItem, itemWriter, removalItem } from "../delta-items.ts";
import { LIMIT_ADDITIONS_ONLY, LIMIT_COUNTED, LIMIT_QUESTION, refused, withReadings } from "../expected-answers.ts";
import type { Sequence } from "../sequence.ts";
import {
  adoptArtifacts,
  type Destination,
  type ExploreModel,
  forget,
  freePools,
  heldPools,
  type ModelSession,
  picked,
  poolRefs,
} from "../session-model.ts";
import { destination, type ExploreCommand, sessionPath, sessionPick } from "./explore-command.ts";
import { readSessionBack } from "./get-command.ts";
import { PatchCommand } from "./patch-command.ts";

/** The documented limit of one PATCH (the error table's RestoreArtifactsLimitBreached). */
export const DELTA_LIMIT = 50;

function drafts(model: Readonly<ExploreModel>): ModelSession[] {
  return model.sessions.filter((session) => session.status === "draft");
}

export class LimitPatchCommand implements ExploreCommand {
  readonly pick: number;
  /** 50 or 51 items. */
  readonly size: number;
  /** How many of them are removals: a share in 1/10ths of the items. */
  readonly removalTenths: number;
  /** One sort key per item: the order in which removals and additions are interleaved. */
  readonly order: readonly number[];
  readonly destinationType: Destination;

  constructor(pick: number, size: number, removalTenths: number, order: readonly number[], type: Destination) {
    this.pick = pick;
    this.size = size;
    this.removalTenths = removalTenths;
    this.order = order;
    this.destinationType = type;
  }

  check(model: Readonly<ExploreModel>): boolean {
    return drafts(model).length > 0 && model.poolSize > this.size;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = picked(drafts(model), this.pick) as ModelSession;
    const removals = Math.round((this.size * this.removalTenths) / 10);
    // Enough artifacts to remove, added first (a PATCH the model judges like any other).
    const missing = removals - session.artifacts.length;
    if (missing > 0) {
      if (
        freePools(
          model,
          heldPools(session),
          Array.from({ length: missing }, () => 0),
        ).length < missing
      )
        return;
      const topUp = Array.from({ length: missing }, () => ({
        kind: "add-new" as const,
        pick: 0,
        form: "id" as const,
        odataType: false,
        contentId: false,
      }));
      await new PatchCommand(model.sessions.indexOf(session), topUp, this.destinationType, false).run(model, real);
      if (real.stopped || session.artifacts.length < removals || session.status !== "draft") return;
    }
    const removed = session.artifacts.slice(0, removals);
    const added = freePools(
      model,
      heldPools(session),
      Array.from({ length: this.size - removals }, () => 0),
    );
    if (added.length < this.size - removals) return;
    const contentId = itemWriter(real.names);
    const plain = { odataType: false, contentId: false };
    const items = [
      ...removed.map((artifact) => removalItem(artifact.ref, "changed", plain, contentId)),
      ...added.map((pool) => additionItem(pool, this.destinationType, "id", plain, real.pool, contentId)),
    ];
    const positions = items
      .map((_, index) => index)
      .sort((a, b) => (this.order[a] ?? 0) - (this.order[b] ?? 0) || a - b);
    const id = real.nextId("limit");
    const after = [
      ...session.artifacts.filter((artifact) => !removed.includes(artifact)).map((artifact) => artifact.pool),
      ...added,
    ].sort((a, b) => a - b);
    const applied: ModelExpectation = {
      status: 200,
      delta: {
        ...(added.length ? { added: poolRefs(added), destinationType: this.destinationType } : {}),
        ...(removed.length ? { removed: removed.map((artifact) => artifact.ref) } : {}),
      },
      state: { restorePoints: poolRefs(after) },
    };
    const limit = refused(session, 400, "RestoreArtifactsLimitBreached");
    const kinds: AssertionKind[] = ["delta-limit", "additions-applied", "removals-applied", "artifact-list-complete"];
    const expect =
      this.size <= DELTA_LIMIT
        ? applied
        : removals === 0
          ? limit
          : withReadings(LIMIT_QUESTION, true, [
              { reading: LIMIT_COUNTED, ...limit },
              { reading: LIMIT_ADDITIONS_ONLY, ...applied },
            ]);
    const outcome = await real.send(
      {
        id,
        description: `${this.size} items: ${removals} removal(s) and ${added.length} addition(s), interleaved`,
        operationId: real.names.operations.update,
        path: sessionPath(real.names, session),
        body: { [real.names.deltaKey]: positions.map((position) => items[position]) },
        expect,
        ...(added.length ? { outputs: { artifactIds: { artifactIdsFor: poolRefs(added) } } } : {}),
      },
      this.size > DELTA_LIMIT && removals > 0 ? [...kinds, "reading-held"] : kinds,
    );
    if (!outcome) return;
    const status = outcome.response?.pages[0]?.exchange.status;
    if (status !== 200) return;
    forget(session, removed);
    adoptArtifacts(session, added, this.destinationType, id);
    await readSessionBack(real, session);
  }

  toString(): string {
    return `limit-patch(s#${this.pick}, ${this.size} items, ${this.removalTenths}/10 removals)`;
  }
}

export const limitPatchCommand = fc
  .tuple(
    sessionPick,
    fc.constantFrom(DELTA_LIMIT, DELTA_LIMIT + 1),
    fc.integer({ min: 0, max: 9 }),
    fc.array(fc.nat({ max: 1000 }), { minLength: DELTA_LIMIT + 1, maxLength: DELTA_LIMIT + 1 }),
    destination,
  )
  .map(([pick, size, tenths, order, type]) => new LimitPatchCommand(pick, size, tenths, order, type));
