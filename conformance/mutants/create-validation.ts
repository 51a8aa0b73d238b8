// Mutants whose create validation is off: limits, mixed destinations, duplicates, unknown restore points, annotations
// and reference forms PATCH takes.
import { isObject } from "../../src/contract/wire-names.ts";
import {
  CREATE,
  createItems,
  firstOfEach,
  isAdditionItem,
  refuseCreate,
  restorePointOf,
  rewriteCreateArtifacts,
} from "./hooks.ts";
import { explorationMutant, mutant, type ServerVariant } from "./server-variant.ts";

const MEMBER_NOT_TAKEN = "The request has a member this service does not take.";

export const CREATE_VALIDATION_MUTANTS: readonly ServerVariant[] = [
  mutant("create-limit-51-accepted", "creating a session with 51 artifacts is accepted", { maxCreateItems: 51 }),
  mutant(
    "create-limit-50-rejected",
    "creating a session with exactly 50 artifacts is refused (the create limit is off by one)",
    { maxCreateItems: 49 },
    "a create scenario with exactly 50 artifacts (the documented maximum), expecting 201 and all 50 listed back: the create counterpart of patch-fifty-items",
  ),
  mutant(
    "create-mixed-destination-types-accepted",
    "creating a session with artifacts of different destinationTypes is accepted (all get the first one's)",
    {
      handlers: {
        createExchangeRestoreSession: rewriteCreateArtifacts((artifacts) => {
          const first = artifacts.find(isAdditionItem)?.destinationType;
          return artifacts.map((item) =>
            isAdditionItem(item) && typeof first === "string" && typeof item.destinationType === "string"
              ? { ...item, destinationType: first }
              : item,
          );
        }),
      },
    },
    "a create scenario with two artifacts of different destinationTypes (new and inPlace), expecting 400 with errorCode DifferentRestoreDestinationType and no session created",
  ),
  mutant(
    "create-duplicate-accepted",
    "creating a session with the same restore point twice is accepted (added once)",
    {
      handlers: {
        createExchangeRestoreSession: rewriteCreateArtifacts((artifacts) =>
          firstOfEach(artifacts, (item) => (isAdditionItem(item) ? restorePointOf(item) : undefined)),
        ),
      },
    },
    "a create scenario naming the same restore point twice, expecting 400 with errorCode DuplicateArtifactInList",
  ),
  mutant(
    "create-unknown-restore-point-accepted",
    "creating a session with a restore point that does not exist is accepted",
    {
      handlers: {
        createExchangeRestoreSession: (ctx, next) => {
          const artifacts =
            isObject(ctx.body) && Array.isArray(ctx.body.mailboxRestoreArtifacts)
              ? ctx.body.mailboxRestoreArtifacts
              : [];
          const named = artifacts
            .filter(isAdditionItem)
            .map(restorePointOf)
            .filter((id) => id !== undefined);
          return next({ ...ctx, restorePoints: new Set([...ctx.restorePoints, ...named]) });
        },
      },
    },
    "a create scenario naming a restore point that does not exist ($absent.restorePoint), expecting 400 with errorCode InvalidRestorePoint",
  ),
  explorationMutant(
    "create-odata-type-rejected",
    "a create body carrying @odata.type #microsoft.graph.exchangeRestoreSession is refused with 400",
    {
      handlers: {
        [CREATE]: refuseCreate((body) => "@odata.type" in body, "ErrorInvalidPatchRequest", MEMBER_NOT_TAKEN),
      },
    },
  ),
  explorationMutant(
    "create-content-id-rejected",
    "create refuses artifacts that carry @Core.ContentID (PATCH takes them)",
    {
      handlers: {
        [CREATE]: refuseCreate(
          (body) => createItems(body).some((item) => "@Core.ContentID" in item),
          "ErrorInvalidPatchRequest",
          MEMBER_NOT_TAKEN,
        ),
      },
    },
  ),
  explorationMutant(
    "create-iri-reference-rejected",
    "create refuses restore points referenced by an @odata.id IRI (restorePoints('X'), restorePoints/X); PATCH takes them",
    {
      handlers: {
        [CREATE]: refuseCreate(
          (body) =>
            createItems(body).some(
              (item) =>
                isObject(item.restorePoint) && String(item.restorePoint["@odata.id"] ?? "").includes("restorePoints"),
            ),
          "ErrorInvalidRestorePoint",
          "Restore point IRIs are not supported here.",
        ),
      },
    },
  ),
];
