// Delta items as fast-check generates them (what kind, which element a pick names, which documented form), and
// their resolution against the model into request JSON whose ids are scenario expressions, together with what the
// model expects of each: applied, a per-item failure, or (a held restore point) one of two documented readings.
import fc from "fast-check";
import type { ItemFiller } from "./invalid-bodies.ts";
import type { WireNames } from "../../src/contract/wire-names.ts";
import {
  type ExploreModel,
  freePools,
  heldPools,
  type ModelArtifact,
  type ModelSession,
  picked,
  poolRef,
} from "./session-model.ts";
import type { AssertionKind } from "./assertion-sources.ts";

/** How an addition references its restore point (ERRATA E7): `{"id"}`, `{"@odata.id"}` bare, or an IRI. */
export type ReferenceForm = "id" | "odata-id" | "iri-path" | "iri-key";
export type RemovalReason = "changed" | "deleted" | "none";

interface Annotations {
  /** A correct `@odata.type` on the item. */
  odataType: boolean;
  /** A `@Core.ContentID` on the item. */
  contentId: boolean;
}

export type AdditionSpec = Annotations & {
  /** `add-sentinel`: a new restore point asking for destinationType unknownFutureValue (a reading of its own). */
  kind: "add-new" | "add-held" | "add-former" | "add-sentinel";
  pick: number;
  form: ReferenceForm;
};
export type RemovalSpec = Annotations & {
  /** Ids of the wrong kind where an artifact id belongs: a restore point's id, a session's id. */
  kind:
    | "remove-held"
    | "remove-absent"
    | "remove-former"
    | "remove-foreign"
    | "remove-restore-point-id"
    | "remove-session-id";
  pick: number;
  reason: RemovalReason;
};
export type ItemSpec = AdditionSpec | RemovalSpec;

const annotations = { odataType: fc.boolean(), contentId: fc.boolean() };
const pick = fc.nat({ max: 1000 });
export const referenceForm = fc.constantFrom<ReferenceForm>("id", "odata-id", "iri-path", "iri-key");
const reason = fc.constantFrom<RemovalReason>("changed", "deleted", "none");

export const additionSpec: fc.Arbitrary<AdditionSpec> = fc.record({
  kind: fc.constant("add-new" as const),
  pick,
  form: referenceForm,
  ...annotations,
});

export const itemSpec: fc.Arbitrary<ItemSpec> = fc.oneof(
  { weight: 6, arbitrary: additionSpec },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("add-held" as const), pick, form: referenceForm, ...annotations }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("add-former" as const), pick, form: referenceForm, ...annotations }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("remove-held" as const), pick, reason, ...annotations }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove-absent" as const), pick, reason, ...annotations }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove-former" as const), pick, reason, ...annotations }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove-foreign" as const), pick, reason, ...annotations }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("remove-restore-point-id" as const), pick, reason, ...annotations }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("remove-session-id" as const), pick, reason, ...annotations }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("add-sentinel" as const), pick, form: referenceForm, ...annotations }),
  },
);

/** 1–50 items, mostly a handful (a long delta now and then). */
export const itemSpecs: fc.Arbitrary<ItemSpec[]> = fc.oneof(
  { weight: 8, arbitrary: fc.array(itemSpec, { minLength: 1, maxLength: 6 }) },
  { weight: 2, arbitrary: fc.array(itemSpec, { minLength: 7, maxLength: 50 }) },
);

const GRAPH_RESTORE_POINTS = "https://graph.microsoft.com/v1.0/solutions/backupRestore/restorePoints";
/** Ids that read back unchanged from an IRI path segment or an OData key literal. */
const IRI_SAFE = /^[A-Za-z0-9._~-]+$/;

export function restorePointReference(
  index: number,
  form: ReferenceForm,
  pool: readonly string[],
): Record<string, string> {
  const iriSafe = IRI_SAFE.test(pool[index] ?? "");
  if (form === "odata-id") return { "@odata.id": poolRef(index) };
  if (form === "iri-path" && iriSafe) return { "@odata.id": `${GRAPH_RESTORE_POINTS}/{${poolRef(index)}}` };
  if (form === "iri-key" && iriSafe) return { "@odata.id": `${GRAPH_RESTORE_POINTS}('{${poolRef(index)}}')` };
  return { id: poolRef(index) };
}

/** What writes the items of one request: the workload's artifact type, and content ids item-1, item-2, … */
export interface ItemWriter {
  artifactType: string;
  nextContentId(): string;
}

function annotated(item: Record<string, unknown>, spec: Annotations, writer: ItemWriter): Record<string, unknown> {
  return {
    ...(spec.odataType ? { "@odata.type": writer.artifactType } : {}),
    ...item,
    ...(spec.contentId ? { "@Core.ContentID": writer.nextContentId() } : {}),
  };
}

export function additionItem(
  index: number,
  destinationType: string,
  form: ReferenceForm,
  spec: Annotations,
  pool: readonly string[],
  writer: ItemWriter,
): Record<string, unknown> {
  return annotated({ restorePoint: restorePointReference(index, form, pool), destinationType }, spec, writer);
}

export function removalItem(
  ref: string,
  removal: RemovalReason,
  spec: Annotations,
  writer: ItemWriter,
): Record<string, unknown> {
  return annotated({ "@removed": removal === "none" ? {} : { reason: removal }, id: ref }, spec, writer);
}

/** Fills an over-limit array of an invalid body: `count` plain additions of pool entries not in `taken`. */
export function freeAdditions(
  model: ExploreModel,
  taken: ReadonlySet<number>,
  destinationType: string,
  pool: readonly string[],
  writer: ItemWriter,
): ItemFiller {
  return (_pointer, count) => {
    const indices = freePools(
      model,
      taken,
      Array.from({ length: count }, () => 0),
    );
    return indices.length === count
      ? indices.map((index) =>
          additionItem(index, destinationType, "id", { odataType: false, contentId: false }, pool, writer),
        )
      : undefined;
  };
}

/** The writer of one request's items, for the workload the exploration explores. */
export function itemWriter(names: Pick<WireNames, "artifactType">): ItemWriter {
  let next = 0;
  return { artifactType: names.artifactType, nextContentId: () => `item-${++next}` };
}

export interface ResolvedDelta {
  items: Record<string, unknown>[];
  /** Pool indices added (applied unless a held re-add makes the server reject the whole request). */
  added: number[];
  /** Pool indices the session holds that are added again (ERRATA E9: two readings). */
  heldReAdds: number[];
  /** Held artifacts removed. */
  removed: ModelArtifact[];
  /** Ids removed that name nothing in the session (missing, removed earlier, another session's, or ids of another
   *  kind: a restore point's, a session's): per-item failures. */
  failedRemovals: string[];
  /** Pool indices added asking for destinationType unknownFutureValue (two documented readings). */
  sentinels: number[];
  kinds: Set<AssertionKind>;
}

export interface ResolveOptions {
  pool: readonly string[];
  names: WireNames;
  destinationType: string;
  /** Whether re-adds of held restore points may be sent (only to a draft: one fault at a time, ERRATA E24). */
  allowHeldReAdds: boolean;
  /** Whether additions asking for the destination sentinel may be sent (never beside a held re-add: one question
   *  per request). */
  allowSentinels?: boolean;
}

/**
 * The request items the specs name in this model state, skipping what names nothing (a removal of a held artifact
 * when none is held) and anything that would repeat a restore point or an artifact id in the request. With nothing
 * else left, one new restore point is added; empty only when the pool has none left (the caller sends nothing).
 */
export function resolveDelta(
  specs: readonly ItemSpec[],
  model: ExploreModel,
  session: ModelSession,
  options: ResolveOptions,
): ResolvedDelta {
  const contentId = itemWriter(options.names);
  let absentNames = 0;
  const held = heldPools(session);
  const usedPools = new Set<number>();
  const usedRefs = new Set<string>();
  const removedHeld = new Set<ModelArtifact>();
  // Removals first, so that an addition never re-adds the restore point of an artifact the same request removes
  // (the docs do not say how that combination is answered).
  for (const spec of specs) {
    if (spec.kind !== "remove-held") continue;
    const artifact = picked(
      session.artifacts.filter((candidate) => !removedHeld.has(candidate)),
      spec.pick,
    );
    if (artifact) removedHeld.add(artifact);
  }
  const removedPools = new Set([...removedHeld].map((artifact) => artifact.pool));
  const claimedHeld = new Set<ModelArtifact>();
  const resolved: ResolvedDelta = {
    items: [],
    added: [],
    heldReAdds: [],
    removed: [],
    failedRemovals: [],
    sentinels: [],
    kinds: new Set(),
  };
  const others = model.sessions.filter((candidate) => candidate !== session);
  const wrongKind: RemovalSpec[] = [];
  const addNew = (spec: Annotations & { pick: number; form: ReferenceForm }, formerOnly = false): boolean => {
    const free: number[] = [];
    const former = new Set(session.former.map((artifact) => artifact.pool));
    for (let index = 0; index < model.poolSize; index++)
      if (!held.has(index) && !usedPools.has(index) && (!formerOnly || former.has(index))) free.push(index);
    const index = picked(free, spec.pick);
    if (index === undefined) return false;
    usedPools.add(index);
    resolved.added.push(index);
    resolved.items.push(additionItem(index, options.destinationType, spec.form, spec, options.pool, contentId));
    resolved.kinds.add("additions-applied");
    if (spec.form !== "id") resolved.kinds.add("restore-point-forms");
    return true;
  };
  const removeFailing = (ref: string | undefined, spec: RemovalSpec): void => {
    if (ref === undefined || usedRefs.has(ref)) return;
    usedRefs.add(ref);
    resolved.failedRemovals.push(ref);
    resolved.items.push(removalItem(ref, spec.reason, spec, contentId));
    resolved.kinds.add("missing-removal-fails-item");
  };
  for (const spec of specs) {
    if (spec.odataType || spec.contentId) resolved.kinds.add("item-annotations-allowed");
    switch (spec.kind) {
      case "add-new":
        addNew(spec);
        break;
      case "add-former":
        // A restore point the session held and no longer holds is free again.
        addNew(spec, true);
        break;
      case "add-sentinel": {
        if (!options.allowSentinels || specs.some((other) => other.kind === "add-held")) break;
        const free: number[] = [];
        for (let index = 0; index < model.poolSize; index++)
          if (!held.has(index) && !usedPools.has(index)) free.push(index);
        const index = picked(free, spec.pick);
        if (index === undefined) break;
        usedPools.add(index);
        resolved.sentinels.push(index);
        resolved.items.push(additionItem(index, "unknownFutureValue", spec.form, spec, options.pool, contentId));
        resolved.kinds.add("unknown-future-destination-readings");
        break;
      }
      case "add-held": {
        const candidates = [...held]
          .filter((index) => !usedPools.has(index) && !removedPools.has(index))
          .sort((a, b) => a - b);
        const index = options.allowHeldReAdds ? picked(candidates, spec.pick) : undefined;
        if (index === undefined) break;
        usedPools.add(index);
        resolved.heldReAdds.push(index);
        resolved.items.push(additionItem(index, options.destinationType, spec.form, spec, options.pool, contentId));
        resolved.kinds.add("held-restore-point-readings");
        break;
      }
      case "remove-held": {
        const artifact = [...removedHeld].find((candidate) => !claimedHeld.has(candidate));
        if (!artifact) break;
        claimedHeld.add(artifact);
        usedRefs.add(artifact.ref);
        resolved.removed.push(artifact);
        resolved.items.push(removalItem(artifact.ref, spec.reason, spec, contentId));
        resolved.kinds.add("removals-applied");
        break;
      }
      case "remove-absent":
        removeFailing(`$absent.missing${++absentNames}`, spec);
        break;
      case "remove-former":
        removeFailing(
          picked(
            session.former.map((artifact) => artifact.ref),
            spec.pick,
          ),
          spec,
        );
        break;
      case "remove-restore-point-id":
        // Resolved after every addition: its id must not be a restore point the request adds (a server may name a
        // failed addition by its restore point's id, and the two answers would then be one).
        wrongKind.push(spec);
        break;
      case "remove-session-id":
        // A session's id where an artifact id belongs (this session's own, or another's).
        removeFailing(
          picked(
            model.sessions.map((candidate) => candidate.ref),
            spec.pick,
          ),
          spec,
        );
        resolved.kinds.add("wrong-kind-id-fails-item");
        break;
      case "remove-foreign":
        removeFailing(
          picked(
            others.flatMap((other) => [...other.artifacts, ...other.former].map((artifact) => artifact.ref)),
            spec.pick,
          ),
          spec,
        );
        break;
    }
  }
  for (const spec of wrongKind) {
    // A restore point's id where an artifact id belongs (one the session holds, when it holds any).
    const candidates = [...held].filter((index) => !usedPools.has(index)).sort((a, b) => a - b);
    const index =
      picked(candidates, spec.pick) ??
      picked(
        Array.from({ length: model.poolSize }, (_, each) => each).filter((each) => !usedPools.has(each)),
        spec.pick,
      );
    if (index === undefined) continue;
    removeFailing(poolRef(index), spec);
    resolved.kinds.add("wrong-kind-id-fails-item");
  }
  if (resolved.items.length === 0) addNew({ pick: 0, form: "id", odataType: false, contentId: false });
  return resolved;
}
