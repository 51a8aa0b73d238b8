// Mutants whose PATCH validation is off: limits, duplicates, unknown restore points, reference forms, item shapes.
import { DELTA_KEY, isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import { graphError } from "../reference/graph-error.ts";
import {
  deltaItems,
  firstOfEach,
  isAdditionItem,
  isRemovalItem,
  nextWith,
  PATCH,
  refusePatchOfDraft,
  rejectAcceptedPatch,
  restorePointOf,
  rewritePatchItems,
} from "./hooks.ts";
import { explorationMutant, mutant, type ServerVariant } from "./server-variant.ts";

/** The properties a delta item may carry (MailboxRestoreArtifactAddition, MailboxRestoreArtifactRemoval). */
const ITEM_KEYS = new Set(["restorePoint", "destinationType", "@removed", "id", "@odata.type", "@Core.ContentID"]);

export const PATCH_VALIDATION_MUTANTS: readonly ServerVariant[] = [
  mutant("limit-50-rejected", "a delta of exactly 50 items is rejected (the limit is off by one)", {
    maxDeltaItems: 49,
  }),
  mutant(
    "unknown-future-destination-accepted",
    "a restore point added with destinationType unknownFutureValue (the enum's sentinel) is accepted as asked, on create and PATCH",
    { unknownFutureDestination: "accept" },
  ),
  mutant("limit-51-accepted", "a delta of 51 items is accepted (the limit is off by one)", { maxDeltaItems: 51 }),
  mutant("duplicate-addition-accepted", "the same restore point twice in one PATCH is accepted (added once)", {
    handlers: {
      [PATCH]: rewritePatchItems((items) =>
        firstOfEach(items, (item) => (isAdditionItem(item) ? restorePointOf(item) : undefined)),
      ),
    },
  }),
  mutant("duplicate-removal-accepted", "the same artifact removed twice in one PATCH is accepted", {
    handlers: {
      [PATCH]: rewritePatchItems((items) =>
        firstOfEach(items, (item) => (isRemovalItem(item) && typeof item.id === "string" ? item.id : undefined)),
      ),
    },
  }),
  mutant("unknown-restore-point-accepted", "a restore point that does not exist is accepted and added", {
    handlers: {
      [PATCH]: nextWith((ctx) => {
        const named = (deltaItems(ctx.body) ?? [])
          .filter(isAdditionItem)
          .map(restorePointOf)
          .filter((id) => id !== undefined);
        return { ...ctx, restorePoints: new Set([...ctx.restorePoints, ...named]) };
      }),
    },
  }),
  mutant(
    "odata-id-reference-rejected",
    'restore points referenced as {"@odata.id"} are refused with 400 InvalidRestorePoint',
    {
      handlers: {
        [PATCH]: refusePatchOfDraft(
          (items) =>
            items.some(
              (item) => isAdditionItem(item) && isObject(item.restorePoint) && "@odata.id" in item.restorePoint,
            ),
          "ErrorInvalidRestorePoint",
          'Use {"id"} references.',
        ),
      },
    },
  ),
  mutant(
    "odata-iri-not-resolved",
    "an @odata.id IRI (restorePoints('X'), restorePoints/X) is taken as a literal restore-point id",
    {
      handlers: {
        [PATCH]: rewritePatchItems((items) =>
          items.map((item) => {
            const reference =
              isAdditionItem(item) && isObject(item.restorePoint) ? item.restorePoint["@odata.id"] : undefined;
            return typeof reference === "string" && reference.includes("/")
              ? { ...(item as JsonObject), restorePoint: { id: reference } }
              : item;
          }),
        ),
      },
    },
  ),
  mutant("removal-without-reason-rejected", "a removal whose @removed has no reason is refused with 400", {
    handlers: {
      [PATCH]: refusePatchOfDraft(
        (items) =>
          items.some((item) => isRemovalItem(item) && isObject(item["@removed"]) && !("reason" in item["@removed"])),
        "ErrorInvalidPatchRequest",
        "@removed.reason is required.",
      ),
    },
  }),
  mutant(
    "unknown-item-property-ignored",
    "an unknown property in a delta item is ignored and the item applied, instead of 400",
    {
      handlers: {
        [PATCH]: rewritePatchItems((items) =>
          items.map((item) =>
            isObject(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => ITEM_KEYS.has(key))) : item,
          ),
        ),
      },
    },
    'a patch-malformed-items step whose addition carries an unknown property (e.g. `mailbox: "x"` next to restorePoint and destinationType), expecting 400 and nothing applied (the request item schemas are additionalProperties: false)',
  ),
  mutant(
    "restore-point-both-forms-accepted",
    'a restorePoint with both "id" and "@odata.id" is accepted (the id wins), instead of 400',
    {
      handlers: {
        [PATCH]: rewritePatchItems((items) =>
          items.map((item) => {
            if (!isAdditionItem(item) || !isObject(item.restorePoint) || !("id" in item.restorePoint)) return item;
            const { "@odata.id": _dropped, ...reference } = item.restorePoint;
            return { ...item, restorePoint: reference };
          }),
        ),
      },
    },
    "a patch-malformed-items step whose restorePoint carries both `id` and `@odata.id`, expecting 400 (RestorePointReference is exactly one of the two forms)",
  ),
  mutant(
    "wrong-odata-type-ignored",
    "a delta item with a wrong @odata.type (e.g. #microsoft.graph.driveItem) is applied, instead of 400",
    {
      handlers: {
        [PATCH]: rewritePatchItems((items) =>
          items.map((item) =>
            isObject(item) ? Object.fromEntries(Object.entries(item).filter(([key]) => key !== "@odata.type")) : item,
          ),
        ),
      },
    },
    "a patch-malformed-items step with an addition (and one with a removal) carrying `@odata.type: #microsoft.graph.driveItem`, expecting 400; a correct `#microsoft.graph.mailboxRestoreArtifact` is accepted",
  ),
  mutant(
    "delta-key-unannotated-accepted",
    "a PATCH body with mailboxRestoreArtifacts (no @delta) is taken as the delta, instead of 400",
    {
      handlers: {
        [PATCH]: nextWith((ctx) => {
          if (!isObject(ctx.body) || DELTA_KEY in ctx.body || !Array.isArray(ctx.body.mailboxRestoreArtifacts))
            return ctx;
          const { mailboxRestoreArtifacts: items, ...rest } = ctx.body;
          return { ...ctx, body: { ...rest, [DELTA_KEY]: items } };
        }),
      },
    },
    "a patch-malformed-applies-nothing step whose body puts the items under mailboxRestoreArtifacts (no @delta), expecting 400 and nothing applied (ExchangeRestoreSessionDeltaRequest is closed and requires mailboxRestoreArtifacts@delta)",
  ),
  explorationMutant(
    "item-odata-type-rejected",
    "a delta item carrying the correct @odata.type (#microsoft.graph.mailboxRestoreArtifact) is refused with 400",
    {
      handlers: {
        [PATCH]: rejectAcceptedPatch((ctx) =>
          (deltaItems(ctx.body) ?? []).some((item) => isObject(item) && "@odata.type" in item)
            ? graphError(ctx.request, 400, "ErrorInvalidPatchRequest", "@odata.type is not allowed on items.")
            : undefined,
        ),
      },
    },
  ),
  explorationMutant(
    "session-odata-type-rejected",
    "a PATCH body carrying @odata.type #microsoft.graph.exchangeRestoreSession next to the delta is refused with 400",
    {
      handlers: {
        [PATCH]: rejectAcceptedPatch((ctx) =>
          isObject(ctx.body) && "@odata.type" in ctx.body
            ? graphError(ctx.request, 400, "ErrorInvalidPatchRequest", "@odata.type is not allowed.")
            : undefined,
        ),
      },
    },
  ),
  explorationMutant(
    "artifact-id-as-restore-point-accepted",
    "an addition whose restorePoint names an artifact's id (instead of a restore point's) adds that artifact's restore point",
    {
      handlers: {
        [PATCH]: rewritePatchItems((items, ctx) =>
          items.map((item) => {
            if (!isAdditionItem(item)) return item;
            const named = restorePointOf(item);
            const artifact = ctx.store
              .sessions()
              .map((session) => (named === undefined ? undefined : session.artifacts.get(named)))
              .find((found) => found !== undefined);
            return artifact ? { ...item, restorePoint: { id: artifact.restorePointId } } : item;
          }),
        ),
      },
    },
  ),
  explorationMutant(
    "limit-counts-removals-twice",
    "removals count twice toward the PATCH limit: 50 items with removals among them are refused (400 RestoreArtifactsLimitBreached)",
    {
      handlers: {
        [PATCH]: refusePatchOfDraft(
          (items) => items.length <= 50 && items.length + items.filter(isRemovalItem).length > 50,
          "ErrorRestoreArtifactsLimitBreachedPatch",
          "Removals count twice toward the limit of 50.",
        ),
      },
    },
  ),
  explorationMutant(
    "delta-key-case-insensitive",
    "the delta's key is matched case-insensitively: MailboxRestoreArtifacts@delta is taken as the delta, instead of 400",
    {
      handlers: {
        [PATCH]: nextWith((ctx) => {
          if (!isObject(ctx.body) || DELTA_KEY in ctx.body) return ctx;
          const key = Object.keys(ctx.body).find((name) => name.toLowerCase() === DELTA_KEY.toLowerCase());
          if (key === undefined) return ctx;
          const { [key]: items, ...rest } = ctx.body;
          return { ...ctx, body: { ...rest, [DELTA_KEY]: items } };
        }),
      },
    },
  ),
  explorationMutant(
    "nested-delta-items-flattened",
    "a delta item sent as an array of items (a nested array) is flattened and applied, instead of 400",
    {
      handlers: {
        [PATCH]: rewritePatchItems((items) => items.flatMap((item) => (Array.isArray(item) ? item : [item]))),
      },
    },
  ),
];
