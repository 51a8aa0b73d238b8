// rejected patch: a PATCH of a draft made invalid in exactly one way — a body the contract's schema rules out at one
// place (derived from the schema), a restore point or an artifact twice, a restore point that does not exist — must
// be refused with 400 (and the code the docs name for that cause) and change nothing.
import fc from "fast-check";

import { ConfigError } from "../../vocabulary/config-error.ts";
import type { AssertionKind, ModelExpectation } from "../assertion-sources.ts";
import {
  additionItem,
  freeAdditions,
  additionSpec,
  itemWriter,
  type ItemSpec,
  type ReferenceForm,
  referenceForm,
  removalItem,
  resolveDelta,
  restorePointReference,
} from "../delta-items.ts";
import { refused } from "../expected-answers.ts";
import { coveredDerivation, type InvalidBody, invalidBodies } from "../invalid-bodies.ts";
import { provenanceOf } from "../request-provenance.ts";
import type { Sequence } from "../sequence.ts";
import {
  type Destination,
  type ExploreModel,
  freePools,
  heldPools,
  type ModelArtifact,
  type ModelSession,
  picked,
  poolRef,
} from "../session-model.ts";
import { destination, type ExploreCommand, sessionPath, sessionPick } from "./explore-command.ts";
import { accepted, followListedArtifacts } from "./follow-server.ts";

export type PatchFault =
  | "schema"
  | "duplicate-restore-point"
  | "duplicate-removal"
  | "unknown-restore-point"
  | "artifact-id-as-restore-point";

/** Expected answer of a schema-invalid PATCH body: the status (and code) its rule names, nothing changed. */
function invalidPatchExpectation(
  session: ModelSession,
  invalid: InvalidBody,
  deltaKey: string,
): { expect: ModelExpectation; kinds: AssertionKind[]; advisory: boolean } {
  const provenance = provenanceOf("patch", invalid, deltaKey);
  if (provenance.kind === "reading")
    throw new ConfigError(
      `a PATCH body changed by ${invalid.kind} at ${invalid.pointer} names a reading; give it a source`,
    );
  const kind: AssertionKind =
    invalid.kind === "over-limit"
      ? "delta-limit"
      : invalid.kind === "unknown-member" || invalid.kind === "unknown-annotation"
        ? "unknown-member-rejected"
        : "invalid-request-rejected";
  return {
    expect: { ...refused(session, provenance.status, provenance.errorCode), source: provenance.source },
    kinds: [kind],
    advisory: provenance.advisory,
  };
}

export class RejectedPatchCommand implements ExploreCommand {
  readonly pick: number;
  readonly specs: readonly ItemSpec[];
  readonly fault: PatchFault;
  readonly variant: number;
  readonly form: ReferenceForm;
  readonly destinationType: Destination;
  /** The class of schema change this command sends (chosen by the part's coverage when it first runs). */
  #chosen: string | undefined;

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
      names: real.names,
      destinationType: this.destinationType,
      allowHeldReAdds: false,
    });
    if (base.items.length === 0) return;
    const contentId = itemWriter(real.names);
    let body: unknown = { [real.names.deltaKey]: base.items };
    let expect: ModelExpectation;
    let kinds: AssertionKind[];
    let description: string;
    let advisory = false;
    if (this.fault === "schema") {
      const held = heldPools(session);
      const fill = freeAdditions(model, held, this.destinationType, real.pool, contentId);
      const covered = coveredDerivation(
        invalidBodies(real.names.schemas.deltaRequest, body, fill),
        this.#chosen,
        (classes) => model.coverage.choose("patch", classes),
      );
      if (!covered) return;
      this.#chosen = covered.chosen;
      const invalid = covered.invalid;
      body = invalid.body;
      ({ expect, kinds, advisory } = invalidPatchExpectation(session, invalid, real.names.deltaKey));
      description = invalid.description;
    } else if (this.fault === "duplicate-removal" && base.removed.length > 0) {
      const twice = base.removed[0] as ModelArtifact;
      body = {
        [real.names.deltaKey]: [
          ...base.items,
          removalItem(twice.ref, "changed", { odataType: false, contentId: false }, contentId),
        ],
      };
      expect = refused(session, 400, "DuplicateArtifactInList");
      kinds = ["duplicates-rejected"];
      description = `artifact ${twice.ref} removed twice`;
    } else if (this.fault === "artifact-id-as-restore-point") {
      // An artifact's id where a restore point's belongs (this session's, another's, or one removed earlier).
      const artifact = picked(
        model.sessions.flatMap((candidate) => [...candidate.artifacts, ...candidate.former]),
        this.variant,
      );
      if (!artifact) return;
      body = {
        [real.names.deltaKey]: [
          ...base.items,
          { restorePoint: { id: artifact.ref }, destinationType: this.destinationType },
        ],
      };
      expect = refused(session, 400, "InvalidRestorePoint");
      kinds = ["artifact-id-as-restore-point"];
      description = `artifact ${artifact.ref} added as a restore point`;
    } else if (this.fault === "unknown-restore-point") {
      body = {
        [real.names.deltaKey]: [
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
        [real.names.deltaKey]: [
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
    const outcome = await real.send(
      {
        id,
        description: description.length > 150 ? `${description.slice(0, 149)}…` : description,
        operationId: real.names.operations.update,
        path: sessionPath(real.names, session),
        body,
        expect,
      },
      [...kinds, "rejected-request-changes-nothing"],
    );
    // Only the contract refuses it, and the server took it (an advisory): the model follows what it did.
    if (advisory && accepted(outcome))
      await followListedArtifacts(real, session, new Set([...heldPools(session), ...base.added]), this.destinationType);
  }

  toString(): string {
    return `rejected-patch(s#${this.pick}, ${this.fault} #${this.variant})`;
  }
}

export const rejectedPatchCommand = fc
  .tuple(
    sessionPick,
    fc.array(
      additionSpec.map((spec): ItemSpec => spec),
      { minLength: 1, maxLength: 3 },
    ),
    // Mostly a change derived from the schema (its classes are many: PartCoverage spreads them over the parts).
    fc.constantFrom<PatchFault>(
      "schema",
      "schema",
      "schema",
      "schema",
      "schema",
      "schema",
      "duplicate-restore-point",
      "duplicate-removal",
      "unknown-restore-point",
      "artifact-id-as-restore-point",
    ),
    fc.nat({ max: 1000 }),
    referenceForm,
    destination,
  )
  .map(
    ([pick, specs, fault, variant, form, type]) => new RejectedPatchCommand(pick, specs, fault, variant, form, type),
  );
