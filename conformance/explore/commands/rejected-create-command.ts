// rejected create: a create made invalid in exactly one way — a body the schema rules out at one place, mixed
// destination types, a restore point twice, a restore point that does not exist — must be refused with the status
// and code the docs name for that cause.
import fc from "fast-check";
import { EXCHANGE } from "../../../src/contract/wire-names.ts";
import { type AssertionKind, invalidBodySource, type ModelExpectation } from "../assertion-sources.ts";
import {
  type AdditionSpec,
  additionItem,
  freeAdditions,
  additionSpec,
  contentIds,
  restorePointReference,
} from "../delta-items.ts";
import { invalidBodies } from "../invalid-bodies.ts";
import type { Sequence } from "../sequence.ts";
import { type Destination, type ExploreModel, freePools, picked, poolRef } from "../session-model.ts";
import { destination, type ExploreCommand } from "./explore-command.ts";

export type CreateFault = "schema" | "mixed-destinations" | "duplicate-restore-point" | "unknown-restore-point";

export class RejectedCreateCommand implements ExploreCommand {
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
      const fill = freeAdditions(model, new Set(), this.destinationType, real.pool, contentId);
      const invalid = picked(invalidBodies(EXCHANGE.schemas.createRequest, body, fill), this.variant);
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
        operationId: EXCHANGE.operations.create,
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
