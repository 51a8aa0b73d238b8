// The operations exploration sends, as fast-check commands: each holds only what fast-check generated (picks,
// forms, choices), builds its steps from the model when it runs, sends them, and updates the model from what the
// server did (which reading it took). Commands apply to any session in any state: a deleted one must answer 404,
// an activated one 403, and a rejected request must leave the session as it was.
import fc from "fast-check";
import type { Expectation } from "../../vocabulary/scenario.ts";
import { DELTA_KEY, EXCHANGE } from "../../../src/contract/wire-names.ts";
import {
  ACTIVATED,
  ACTIVATED_STATUSES,
  ACTIVATION_QUESTION,
  ACTIVATION_REFUSED,
  HELD_FAILED_ITEM,
  HELD_QUESTION,
  HELD_REJECTED,
  notDraft,
  notFound,
  refused,
  SESSION_PROPERTIES,
  sessionAssertions,
  withReadings,
} from "../expected-answers.ts";
import { invalidBodies, invalidTopValues, type InvalidBody } from "../invalid-bodies.ts";
import {
  additionItem,
  additionSpec,
  contentIds,
  itemSpecs,
  referenceForm,
  removalItem,
  resolveDelta,
  restorePointReference,
  type AdditionSpec,
  type ItemSpec,
  type ReferenceForm,
} from "../delta-items.ts";
import {
  expectedRestorePoints,
  heldPools,
  MAX_SESSIONS,
  picked,
  poolRef,
  sessionAt,
  type Destination,
  type ExploreModel,
  type ModelArtifact,
  type ModelSession,
} from "../session-model.ts";
import type { Sequence } from "../sequence.ts";
import { invalidBodySource, type AssertionKind, type ModelExpectation, type ModelStep } from "../assertion-sources.ts";

export type ExploreCommand = fc.AsyncCommand<ExploreModel, Sequence>;

const destination = fc.constantFrom<Destination>("new", "inPlace");
const sessionPick = fc.nat({ max: 1000 });

function sessionPath(session: ModelSession): Record<string, string> {
  return { exchangeRestoreSessionId: session.ref };
}

function refsOf(indices: readonly number[]): string[] {
  return indices.map(poolRef);
}

/** One pool index per pick, among those not in `taken` and not picked before (wrapping); fewer when the pool runs out. */
function freePools(model: ExploreModel, taken: ReadonlySet<number>, picks: readonly number[]): number[] {
  const chosen: number[] = [];
  for (const pick of picks) {
    const free: number[] = [];
    for (let index = 0; index < model.poolSize; index++)
      if (!taken.has(index) && !chosen.includes(index)) free.push(index);
    const index = picked(free, pick);
    if (index !== undefined) chosen.push(index);
  }
  return chosen;
}

/** Where a delta's artifact ids come from once it is applied. */
function adoptArtifacts(
  session: ModelSession,
  indices: readonly number[],
  destinationType: Destination,
  stepId: string,
): void {
  indices.forEach((pool, position) => {
    session.artifacts.push({ pool, destinationType, ref: `$steps.${stepId}.outputs.artifactIds[${position}]` });
  });
}

function forget(session: ModelSession, removed: readonly ModelArtifact[]): void {
  session.artifacts = session.artifacts.filter((artifact) => !removed.includes(artifact));
  session.former.push(...removed);
}

/** Reads the session back with a GET and holds it to the model and to what the step before it reported. */
async function getAfter(real: Sequence, session: ModelSession, reportedBy?: string): Promise<void> {
  const id = real.nextId("get");
  const body = sessionAssertions(session, session.artifacts.length);
  const kinds: AssertionKind[] = ["artifact-count", "session-status", "created-date-stable"];
  if (reportedBy) {
    const reported = real.outputsOf(reportedBy);
    for (const property of SESSION_PROPERTIES) {
      const value = reported[property];
      if (value !== undefined && value !== null)
        body.push({ pointer: `/${property}`, equalsIfPresent: `$steps.${reportedBy}.outputs.${property}` });
    }
    kinds.push("patch-answer-agrees-with-get");
  }
  await real.send(
    { id, operationId: "getExchangeRestoreSession", path: sessionPath(session), expect: { status: 200, body } },
    kinds,
  );
}

class CreateSession implements ExploreCommand {
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
      operationId: "createExchangeRestoreSession",
      body,
      expect: {
        status: 201,
        body: [
          { pointer: "/id", present: true },
          { pointer: "/status", equals: "draft" },
          { pointer: "/restoreSessionArtifactCount/total", equalsIfPresent: indices.length },
        ],
        state: { session: "$response.body#/id", restorePoints: refsOf(indices) },
      },
      outputs: {
        sessionId: "$response.body#/id",
        createdDateTime: "$response.body#/createdDateTime",
        ...(indices.length ? { artifactIds: { artifactIdsFor: refsOf(indices) } } : {}),
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
          operationId: "listMailboxRestoreArtifacts",
          path: sessionPath(session),
          pages: "all",
          expect: { status: 200, state: { restorePoints: refsOf(indices) } },
          outputs: { artifactIds: { artifactIdsFor: refsOf(indices) } },
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

/** A command on one of the sessions the sequence made (picked by index, wrapping); any session, in any state. */
abstract class SessionCommand implements ExploreCommand {
  readonly pick: number;

  constructor(pick: number) {
    this.pick = pick;
  }

  check(model: Readonly<ExploreModel>): boolean {
    return model.sessions.length > 0;
  }

  abstract run(model: ExploreModel, real: Sequence): Promise<void>;
}

class PatchSession extends SessionCommand {
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
      destinationType: this.destinationType,
      allowHeldReAdds: session.status === "draft",
    });
    if (resolved.items.length === 0) return;
    const id = real.nextId("patch");
    const body = { ...(this.typed ? { "@odata.type": EXCHANGE.sessionType } : {}), [DELTA_KEY]: resolved.items };
    const step: ModelStep = {
      id,
      operationId: "updateExchangeRestoreSession",
      path: sessionPath(session),
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
      ...resolved.heldReAdds.map((index) => ({ restorePoint: poolRef(index), responseCode: { min: 400, max: 499 } })),
    ];
    const applied: ModelExpectation = {
      status: 200,
      delta: {
        ...(resolved.added.length ? { added: refsOf(resolved.added), destinationType: this.destinationType } : {}),
        ...(resolved.removed.length ? { removed: resolved.removed.map((artifact) => artifact.ref) } : {}),
        ...(failed.length ? { failed: failed as NonNullable<Expectation["delta"]>["failed"] } : {}),
      },
      state: { restorePoints: refsOf(after) },
      body: [
        { pointer: "/id", equalsIfPresent: session.ref },
        { pointer: "/status", equalsIfPresent: "draft" },
        { pointer: "/restoreSessionArtifactCount/total", equalsIfPresent: after.length },
      ],
    };
    const outputs: ModelStep["outputs"] = {
      ...(resolved.added.length ? { artifactIds: { artifactIdsFor: refsOf(resolved.added) } } : {}),
      ...Object.fromEntries(SESSION_PROPERTIES.map((property) => [property, `$response.body#/${property}`])),
    };
    const kinds: AssertionKind[] = [
      ...resolved.kinds,
      "artifact-count",
      "artifact-list-complete",
      "removals-echoed-or-omitted",
    ];
    const expect =
      resolved.heldReAdds.length > 0
        ? withReadings(HELD_QUESTION, true, [
            { reading: HELD_REJECTED, ...refused(session, 400, "DuplicateArtifactInList") },
            { reading: HELD_FAILED_ITEM, ...applied },
          ])
        : applied;
    if (resolved.heldReAdds.length > 0) kinds.push("rejected-request-changes-nothing", "reading-held");
    const outcome = await real.send({ ...step, expect, outputs }, kinds);
    if (!outcome) return;
    if (outcome.readings.get(HELD_QUESTION) === HELD_REJECTED) return;
    forget(session, resolved.removed);
    adoptArtifacts(session, resolved.added, this.destinationType, id);
    await getAfter(real, session, id);
  }

  override toString(): string {
    return `patch(s#${this.pick}, ${this.specs.map((spec) => spec.kind).join(" ")}, ${this.destinationType})`;
  }
}

type PatchFault = "schema" | "duplicate-restore-point" | "duplicate-removal" | "unknown-restore-point";

/** Expected answer of a schema-invalid PATCH body: 400, with the code the docs name for that cause. */
function invalidPatchExpectation(
  session: ModelSession,
  invalid: InvalidBody,
): { expect: ModelExpectation; kinds: AssertionKind[] } {
  const deltaPointer = `/${DELTA_KEY}`;
  if (invalid.pointer === deltaPointer && (invalid.kind === "null" || invalid.kind === "empty")) {
    return { expect: refused(session, 400, "InvalidArtifactRequest"), kinds: ["invalid-request-rejected"] };
  }
  if (invalid.pointer === deltaPointer && invalid.kind === "over-limit") {
    return { expect: refused(session, 400, "RestoreArtifactsLimitBreached"), kinds: ["delta-limit"] };
  }
  const expect = { ...refused(session, 400), source: invalidBodySource("patch", invalid) };
  return {
    expect,
    kinds: [invalid.kind === "unknown-member" ? "unknown-member-rejected" : "invalid-request-rejected"],
  };
}

class PatchRejected implements ExploreCommand {
  readonly pick: number;
  readonly specs: readonly ItemSpec[];
  readonly fault: PatchFault;
  readonly variant: number;
  readonly form: ReferenceForm;
  readonly destinationType: Destination;

  constructor(
    pick: number,
    specs: readonly ItemSpec[],
    fault: PatchFault,
    variant: number,
    form: ReferenceForm,
    destinationType: Destination,
  ) {
    this.pick = pick;
    this.specs = specs;
    this.fault = fault;
    this.variant = variant;
    this.form = form;
    this.destinationType = destinationType;
  }

  check(model: Readonly<ExploreModel>): boolean {
    return model.sessions.some((session) => session.status === "draft");
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = picked(
      model.sessions.filter((candidate) => candidate.status === "draft"),
      this.pick,
    ) as ModelSession;
    const clean = this.specs.filter((spec) => spec.kind === "add-new" || spec.kind === "remove-held");
    const base = resolveDelta(clean, model, session, {
      pool: real.pool,
      destinationType: this.destinationType,
      allowHeldReAdds: false,
    });
    if (base.items.length === 0) return;
    const contentId = contentIds();
    let body: unknown = { [DELTA_KEY]: base.items };
    let expect: ModelExpectation;
    let kinds: AssertionKind[];
    let description: string;
    if (this.fault === "schema") {
      const held = heldPools(session);
      const fill = (_pointer: string, count: number) => {
        const indices = freePools(
          model,
          held,
          Array.from({ length: count }, () => 0),
        );
        return indices.length === count
          ? indices.map((index) =>
              additionItem(
                index,
                this.destinationType,
                "id",
                { odataType: false, contentId: false },
                real.pool,
                contentId,
              ),
            )
          : undefined;
      };
      const invalid = picked(invalidBodies("ExchangeRestoreSessionDeltaRequest", body, fill), this.variant);
      if (!invalid) return;
      body = invalid.body;
      ({ expect, kinds } = invalidPatchExpectation(session, invalid));
      description = invalid.description;
    } else if (this.fault === "duplicate-removal" && base.removed.length > 0) {
      const twice = base.removed[0] as ModelArtifact;
      body = {
        [DELTA_KEY]: [
          ...base.items,
          removalItem(twice.ref, "changed", { odataType: false, contentId: false }, contentId),
        ],
      };
      expect = refused(session, 400, "DuplicateArtifactInList");
      kinds = ["duplicates-rejected"];
      description = `artifact ${twice.ref} removed twice`;
    } else if (this.fault === "unknown-restore-point") {
      body = {
        [DELTA_KEY]: [
          ...base.items,
          { restorePoint: { id: "$absent.restorePoint" }, destinationType: this.destinationType },
        ],
      };
      expect = refused(session, 400, "InvalidRestorePoint");
      kinds = ["unknown-restore-point-rejected"];
      description = "a restore point that does not exist";
    } else {
      const twice = base.added[0] ?? freePools(model, heldPools(session), [this.variant])[0];
      if (twice === undefined) return;
      const first =
        base.added.length > 0
          ? []
          : [
              additionItem(
                twice,
                this.destinationType,
                "id",
                { odataType: false, contentId: false },
                real.pool,
                contentId,
              ),
            ];
      body = {
        [DELTA_KEY]: [
          ...base.items,
          ...first,
          { restorePoint: restorePointReference(twice, this.form, real.pool), destinationType: this.destinationType },
        ],
      };
      expect = refused(session, 400, "DuplicateArtifactInList");
      kinds = ["duplicates-rejected", "restore-point-forms"];
      description = `restore point ${poolRef(twice)} added twice`;
    }
    const id = real.nextId("rejected");
    await real.send(
      {
        id,
        description: description.length > 150 ? `${description.slice(0, 149)}…` : description,
        operationId: "updateExchangeRestoreSession",
        path: sessionPath(session),
        body,
        expect,
      },
      [...kinds, "rejected-request-changes-nothing"],
    );
  }

  toString(): string {
    return `rejected-patch(s#${this.pick}, ${this.fault} #${this.variant})`;
  }
}

type CreateFault = "schema" | "mixed-destinations" | "duplicate-restore-point" | "unknown-restore-point";

class CreateRejected implements ExploreCommand {
  readonly fault: CreateFault;
  readonly variant: number;
  readonly additions: readonly AdditionSpec[];
  readonly destinationType: Destination;

  constructor(fault: CreateFault, variant: number, additions: readonly AdditionSpec[], destinationType: Destination) {
    this.fault = fault;
    this.variant = variant;
    this.additions = additions;
    this.destinationType = destinationType;
  }

  check(): boolean {
    return true;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const indices = freePools(
      model,
      new Set(),
      this.additions.map((spec) => spec.pick),
    );
    if (indices.length === 0) return;
    const contentId = contentIds();
    const items = indices.map((index, position) => {
      const spec = this.additions[position] as AdditionSpec;
      return additionItem(index, this.destinationType, spec.form, spec, real.pool, contentId);
    });
    let body: unknown = { [EXCHANGE.artifactsKey]: items };
    let expect: ModelExpectation;
    let kinds: AssertionKind[] = ["create-rejected"];
    let description: string;
    const other: Destination = this.destinationType === "new" ? "inPlace" : "new";
    const first = indices[0] as number;
    if (this.fault === "schema") {
      const fill = (_pointer: string, count: number) => {
        const chosen = freePools(
          model,
          new Set(),
          Array.from({ length: count }, () => 0),
        );
        return chosen.length === count
          ? chosen.map((index) =>
              additionItem(
                index,
                this.destinationType,
                "id",
                { odataType: false, contentId: false },
                real.pool,
                contentId,
              ),
            )
          : undefined;
      };
      const invalid = picked(invalidBodies("ExchangeRestoreSessionCreateRequest", body, fill), this.variant);
      if (!invalid) return;
      body = invalid.body;
      description = invalid.description;
      if (invalid.pointer === `/${EXCHANGE.artifactsKey}` && invalid.kind === "over-limit") {
        expect = { status: 413, errorCode: "RestoreArtifactsLimitBreached" };
      } else if (invalid.pointer === `/${EXCHANGE.artifactsKey}` && invalid.kind === "null") {
        expect = { status: 400, errorCode: "InvalidArtifactRequest" };
      } else if (invalid.kind === "missing-member" && invalid.pointer.endsWith("/destinationType")) {
        expect = { status: 400, errorCode: "InvalidPathType" };
      } else {
        expect = { status: 400, source: invalidBodySource("create", invalid) };
      }
      kinds = [invalid.kind === "unknown-member" ? "unknown-member-rejected" : "invalid-request-rejected"];
    } else if (this.fault === "mixed-destinations") {
      const second = freePools(model, new Set(indices), [0])[0];
      if (second === undefined) return;
      body = {
        [EXCHANGE.artifactsKey]: [
          ...items,
          additionItem(second, other, "id", { odataType: false, contentId: false }, real.pool, contentId),
        ],
      };
      expect = { status: 400, errorCode: "DifferentRestoreDestinationType" };
      description = `destinationType ${this.destinationType} and ${other} in one create`;
    } else if (this.fault === "duplicate-restore-point") {
      body = {
        [EXCHANGE.artifactsKey]: [
          ...items,
          { restorePoint: restorePointReference(first, "odata-id", real.pool), destinationType: this.destinationType },
        ],
      };
      expect = { status: 400, errorCode: "DuplicateArtifactInList" };
      description = `restore point ${poolRef(first)} twice in one create`;
    } else {
      body = {
        [EXCHANGE.artifactsKey]: [
          ...items,
          { restorePoint: { id: "$absent.restorePoint" }, destinationType: this.destinationType },
        ],
      };
      expect = { status: 400, errorCode: "InvalidRestorePoint" };
      description = "a restore point that does not exist";
    }
    await real.send(
      {
        id: real.nextId("rejected-create"),
        description: description.length > 150 ? `${description.slice(0, 149)}…` : description,
        operationId: "createExchangeRestoreSession",
        body,
        expect,
      },
      kinds,
    );
  }

  toString(): string {
    return `rejected-create(${this.fault} #${this.variant})`;
  }
}

class GetSession extends SessionCommand {
  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = sessionAt(model, this.pick);
    if (session.status === "deleted") {
      await real.send(
        {
          id: real.nextId("get"),
          operationId: "getExchangeRestoreSession",
          path: sessionPath(session),
          expect: notFound(),
        },
        ["session-deleted"],
      );
      return;
    }
    await getAfter(real, session);
  }

  override toString(): string {
    return `get(s#${this.pick})`;
  }
}

type Top = { kind: "none" } | { kind: "valid"; value: number } | { kind: "invalid"; variant: number };

const top: fc.Arbitrary<Top> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 12 }).map((value) => ({ kind: "valid" as const, value })) },
  { weight: 1, arbitrary: fc.nat({ max: 10 }).map((variant) => ({ kind: "invalid" as const, variant })) },
);

function topQuery(value: Top): { query?: Record<string, string | number>; invalid: boolean } {
  if (value.kind === "none") return { invalid: false };
  if (value.kind === "valid") return { query: { $top: value.value }, invalid: false };
  const values = invalidTopValues();
  return { query: { $top: values[value.variant % values.length] as string }, invalid: true };
}

class ListArtifacts extends SessionCommand {
  readonly top: Top;

  constructor(pick: number, top: Top) {
    super(pick);
    this.top = top;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = sessionAt(model, this.pick);
    const { query, invalid } = topQuery(this.top);
    const step: ModelStep = {
      id: real.nextId("list"),
      operationId: "listMailboxRestoreArtifacts",
      path: sessionPath(session),
      ...(query ? { query } : {}),
      pages: "all",
      expect: { status: 200 },
    };
    if (session.status === "deleted") {
      await real.send({ ...step, expect: notFound() }, ["session-deleted"]);
    } else if (invalid) {
      await real.send({ ...step, expect: { status: 400 } }, ["invalid-top-rejected"]);
    } else {
      await real.send({ ...step, expect: { status: 200, state: { restorePoints: expectedRestorePoints(session) } } }, [
        "artifact-list-complete",
        "top-respected",
      ]);
    }
  }

  override toString(): string {
    return `list-artifacts(s#${this.pick}, ${JSON.stringify(this.top)})`;
  }
}

const sessionTop: fc.Arbitrary<Top> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 3 }).map((value) => ({ kind: "valid" as const, value })) },
  { weight: 1, arbitrary: fc.nat({ max: 10 }).map((variant) => ({ kind: "invalid" as const, variant })) },
);

class ListSessions implements ExploreCommand {
  readonly top: Top;

  constructor(top: Top) {
    this.top = top;
  }

  check(): boolean {
    return true;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const { query, invalid } = topQuery(this.top);
    const step: ModelStep = {
      id: real.nextId("list-sessions"),
      operationId: "listExchangeRestoreSessions",
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
    await real.send({ ...step, expect: { status: 200, ...(body.length ? { body } : {}) } }, [
      "session-list-membership",
      "session-deleted",
      "top-respected",
    ]);
  }

  toString(): string {
    return `list-sessions(${JSON.stringify(this.top)})`;
  }
}

class DeleteSession extends SessionCommand {
  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = sessionAt(model, this.pick);
    const step: ModelStep = {
      id: real.nextId("delete"),
      operationId: "deleteExchangeRestoreSession",
      path: sessionPath(session),
      expect: { status: 204 },
    };
    if (session.status === "deleted") {
      await real.send({ ...step, expect: notFound() }, ["session-deleted"]);
    } else if (session.status === "activated") {
      await real.send({ ...step, expect: { status: 403, errorCode: "RestoreSessionActionNotAllowed" } }, [
        "not-draft-forbidden",
      ]);
    } else if (await real.send(step, ["session-deleted"])) {
      session.status = "deleted";
      forget(session, [...session.artifacts]);
    }
  }

  override toString(): string {
    return `delete(s#${this.pick})`;
  }
}

class ActivateSession implements ExploreCommand {
  readonly pick: number;

  constructor(pick: number) {
    this.pick = pick;
  }

  check(model: Readonly<ExploreModel>): boolean {
    return model.mayActivate && model.sessions.length > 0;
  }

  async run(model: ExploreModel, real: Sequence): Promise<void> {
    const session = sessionAt(model, this.pick);
    const step: ModelStep = {
      id: real.nextId("activate"),
      operationId: "activateRestoreSession",
      path: { restoreSessionBaseId: session.ref },
      expect: { status: 200 },
    };
    if (session.status === "deleted") {
      await real.send({ ...step, expect: notFound() }, ["session-deleted"]);
      return;
    }
    if (session.status === "activated") {
      await real.send({ ...step, expect: notDraft(session) }, ["not-draft-forbidden"]);
      return;
    }
    // A capacity limit depends on everything else the target runs, so either outcome may come at any time.
    const expect = withReadings(ACTIVATION_QUESTION, false, [
      {
        reading: ACTIVATED,
        status: 200,
        body: [
          { pointer: "/id", equals: session.ref },
          { pointer: "/status", oneOf: ACTIVATED_STATUSES },
        ],
        state: { restorePoints: expectedRestorePoints(session) },
      },
      { reading: ACTIVATION_REFUSED, ...refused(session, 500, "TooManyActiveRestoreSessions") },
    ]);
    const outcome = await real.send({ ...step, expect }, [
      "activation",
      "activation-capacity",
      "artifact-list-complete",
    ]);
    if (outcome?.readings.get(ACTIVATION_QUESTION) === ACTIVATED) session.status = "activated";
  }

  toString(): string {
    return `activate(s#${this.pick})`;
  }
}

const createArtifacts = fc.oneof(
  { weight: 3, arbitrary: fc.constant([] as AdditionSpec[]) },
  { weight: 2, arbitrary: fc.array(additionSpec, { minLength: 1, maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(additionSpec, { minLength: 6, maxLength: 50 }) },
);

/** Every command, weighted: mostly PATCHes, the centre of the contract. */
export function commandArbitraries(): fc.Arbitrary<ExploreCommand>[] {
  return [
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(createArtifacts, destination, fc.boolean())
          .map(([specs, type, typed]) => new CreateSession(specs, type, typed)),
      },
      {
        weight: 9,
        arbitrary: fc
          .tuple(sessionPick, itemSpecs, destination, fc.boolean())
          .map(([pick, specs, type, typed]) => new PatchSession(pick, specs, type, typed)),
      },
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            sessionPick,
            fc.array(
              additionSpec.map((spec): ItemSpec => spec),
              { minLength: 1, maxLength: 3 },
            ),
            fc.constantFrom<PatchFault>(
              "schema",
              "schema",
              "schema",
              "duplicate-restore-point",
              "duplicate-removal",
              "unknown-restore-point",
            ),
            fc.nat({ max: 1000 }),
            referenceForm,
            destination,
          )
          .map(
            ([pick, specs, fault, variant, form, type]) => new PatchRejected(pick, specs, fault, variant, form, type),
          ),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom<CreateFault>(
              "schema",
              "schema",
              "mixed-destinations",
              "duplicate-restore-point",
              "unknown-restore-point",
            ),
            fc.nat({ max: 1000 }),
            fc.array(additionSpec, { minLength: 1, maxLength: 3 }),
            destination,
          )
          .map(([fault, variant, specs, type]) => new CreateRejected(fault, variant, specs, type)),
      },
      { weight: 2, arbitrary: sessionPick.map((pick) => new GetSession(pick)) },
      { weight: 2, arbitrary: fc.tuple(sessionPick, top).map(([pick, value]) => new ListArtifacts(pick, value)) },
      { weight: 2, arbitrary: sessionTop.map((value) => new ListSessions(value)) },
      { weight: 2, arbitrary: sessionPick.map((pick) => new DeleteSession(pick)) },
      { weight: 1, arbitrary: sessionPick.map((pick) => new ActivateSession(pick)) },
    ),
  ];
}
