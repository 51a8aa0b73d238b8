// rejected create: a create made invalid in exactly one way — a body the schema rules out at one place, mixed
// destination types, a restore point twice, a restore point that does not exist — must be refused with the status
// and code the docs name for that cause (explore/request-provenance.ts names the rule each schema change breaks). A
// change only the contract refuses that the server takes (an advisory), or a documented reading that creates the
// session, adds the session to the model as the server made it.
import fc from "fast-check";
import type { AssertionKind, ModelExpectation, ModelReadings } from "../assertion-sources.ts";
import {
  type AdditionSpec,
  additionItem,
  freeAdditions,
  additionSpec,
  itemWriter,
  restorePointReference,
} from "../delta-items.ts";
import { emptyListReadings } from "../expected-answers.ts";
import { coveredDerivation, invalidBodies } from "../invalid-bodies.ts";
import { provenanceOf } from "../request-provenance.ts";
import type { Sequence } from "../sequence.ts";
import {
  type Destination,
  type ExploreModel,
  freePools,
  MAX_SESSIONS,
  type ModelSession,
  poolRef,
} from "../session-model.ts";
import { destination, type ExploreCommand } from "./explore-command.ts";
import { accepted, followListedArtifacts } from "./follow-server.ts";

export type CreateFault = "schema" | "mixed-destinations" | "duplicate-restore-point" | "unknown-restore-point";

export class RejectedCreateCommand implements ExploreCommand {
  readonly fault: CreateFault;
  readonly variant: number;
  readonly additions: readonly AdditionSpec[];
  readonly destinationType: Destination;
  /** The class of schema change this command sends (chosen by the part's coverage when it first runs). */
  #chosen: string | undefined;

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
    const contentId = itemWriter(real.names);
    const items = indices.map((index, position) => {
      const spec = this.additions[position] as AdditionSpec;
      return additionItem(index, this.destinationType, spec.form, spec, real.pool, contentId);
    });
    let body: unknown = { [real.names.artifactsKey]: items };
    let expect: ModelExpectation | ModelReadings;
    let kinds: AssertionKind[] = ["create-rejected"];
    let description: string;
    /** Whether the server may create the session after all (a contract decision or a documented reading). */
    let mayCreate = false;
    const other: Destination = this.destinationType === "new" ? "inPlace" : "new";
    const first = indices[0] as number;
    if (this.fault === "schema") {
      const fill = freeAdditions(model, new Set(), this.destinationType, real.pool, contentId);
      const covered = coveredDerivation(
        invalidBodies(real.names.schemas.createRequest, body, fill),
        this.#chosen,
        (classes) => model.coverage.choose("create", classes),
      );
      if (!covered) return;
      this.#chosen = covered.chosen;
      const invalid = covered.invalid;
      body = invalid.body;
      description = invalid.description;
      const provenance = provenanceOf("create", invalid, real.names.artifactsKey);
      if (provenance.kind === "reading") {
        // The docs read two ways here (ERRATA E11): refused, or an empty draft session.
        expect = emptyListReadings(provenance.question);
        kinds = ["create-empty-list-readings"];
        mayCreate = true;
      } else {
        expect = {
          status: provenance.status,
          ...(provenance.errorCode === undefined ? {} : { errorCode: provenance.errorCode }),
          source: provenance.source,
        };
        kinds = [
          invalid.kind === "unknown-member" || invalid.kind === "unknown-annotation"
            ? "unknown-member-rejected"
            : "invalid-request-rejected",
        ];
        mayCreate = provenance.advisory;
      }
    } else if (this.fault === "mixed-destinations") {
      const second = freePools(model, new Set(indices), [0])[0];
      if (second === undefined) return;
      body = {
        [real.names.artifactsKey]: [
          ...items,
          additionItem(second, other, "id", { odataType: false, contentId: false }, real.pool, contentId),
        ],
      };
      expect = { status: 400, errorCode: "DifferentRestoreDestinationType" };
      description = `destinationType ${this.destinationType} and ${other} in one create`;
    } else if (this.fault === "duplicate-restore-point") {
      body = {
        [real.names.artifactsKey]: [
          ...items,
          { restorePoint: restorePointReference(first, "odata-id", real.pool), destinationType: this.destinationType },
        ],
      };
      expect = { status: 400, errorCode: "DuplicateArtifactInList" };
      description = `restore point ${poolRef(first)} twice in one create`;
    } else {
      body = {
        [real.names.artifactsKey]: [
          ...items,
          { restorePoint: { id: "$absent.restorePoint" }, destinationType: this.destinationType },
        ],
      };
      expect = { status: 400, errorCode: "InvalidRestorePoint" };
      description = "a restore point that does not exist";
    }
    const id = real.nextId("rejected-create");
    const outcome = await real.send(
      {
        id,
        description: description.length > 150 ? `${description.slice(0, 149)}…` : description,
        operationId: real.names.operations.create,
        body,
        expect,
        ...(mayCreate ? { outputs: { sessionId: "$response.body#/id" } } : {}),
      },
      kinds,
    );
    // The server created the session after all: the model holds it as the server made it (the run deletes it
    // anyway), when there is room for another session.
    if (!mayCreate || !accepted(outcome) || typeof outcome?.outputs.sessionId !== "string") return;
    if (model.sessions.length >= MAX_SESSIONS) return;
    const session: ModelSession = {
      label: `s${model.sessions.length + 1}`,
      ref: `$steps.${id}.outputs.sessionId`,
      status: "draft",
      artifacts: [],
      former: [],
    };
    model.sessions.push(session);
    if (indices.length > 0) await followListedArtifacts(real, session, new Set(indices), this.destinationType);
  }

  toString(): string {
    return `rejected-create(${this.fault} #${this.variant})`;
  }
}

export const rejectedCreateCommand = fc
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
  .map(([fault, variant, specs, type]) => new RejectedCreateCommand(fault, variant, specs, type));
