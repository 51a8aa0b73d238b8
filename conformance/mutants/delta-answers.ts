// Mutants whose PATCH answer reports the delta wrongly: its key, the added entries, the per-item failures.
import { DELTA_KEY, FAILURE_KEY, isObject, type JsonObject } from "../../src/contract/wire-names.ts";
import { mapDeltaEntries, PATCH, rewriteBodies, withFailure } from "./hooks.ts";
import { mutant, type ServerVariant } from "./server-variant.ts";

function capitalized(value: unknown): unknown {
  return typeof value === "string" && value.length > 0 ? `${value[0]?.toUpperCase()}${value.slice(1)}` : value;
}

export const DELTA_ANSWER_MUTANTS: readonly ServerVariant[] = [
  mutant("delta-key-value", "the PATCH answer lists its results under value instead of mailboxRestoreArtifacts@delta", {
    transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, ({ [DELTA_KEY]: entries, ...rest }) => ({
      ...rest,
      value: entries,
    })),
  }),
  mutant("delta-key-unannotated", "the PATCH answer lists its results under mailboxRestoreArtifacts (no @delta)", {
    transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, ({ [DELTA_KEY]: entries, ...rest }) => ({
      ...rest,
      mailboxRestoreArtifacts: entries,
    })),
  }),
  mutant("destination-type-pascal-case", "added entries spell destinationType InPlace / New", {
    transformResponse: mapDeltaEntries((entry) =>
      "destinationType" in entry ? { ...entry, destinationType: capitalized(entry.destinationType) } : entry,
    ),
  }),
  mutant("artifact-status-pascal-case", "added entries say status Added instead of added", {
    transformResponse: mapDeltaEntries((entry) => (entry.status === "added" ? { ...entry, status: "Added" } : entry)),
  }),
  mutant("added-entry-without-id", "added entries omit the new artifact's id", {
    transformResponse: mapDeltaEntries((entry) => {
      if (FAILURE_KEY in entry || "@removed" in entry) return entry;
      const { id: _dropped, ...rest } = entry;
      return rest;
    }),
  }),
  mutant(
    "added-entries-swap-restore-points",
    "added entries pair each new artifact id with the next entry's restore point",
    {
      transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, (body) => {
        const entries = body[DELTA_KEY];
        if (!Array.isArray(entries)) return body;
        const added = entries.filter(
          (entry) => isObject(entry) && !(FAILURE_KEY in entry) && !("@removed" in entry),
        ) as JsonObject[];
        if (added.length < 2) return body;
        const points = added.map((entry) => entry.restorePoint);
        return {
          ...body,
          [DELTA_KEY]: entries.map((entry) =>
            added.includes(entry as JsonObject)
              ? {
                  ...(entry as JsonObject),
                  restorePoint: points[(added.indexOf(entry as JsonObject) + 1) % points.length],
                }
              : entry,
          ),
        };
      }),
    },
  ),
  mutant("added-entry-reported-twice", "every added entry appears twice in the PATCH answer", {
    transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, (body) =>
      Array.isArray(body[DELTA_KEY])
        ? {
            ...body,
            [DELTA_KEY]: body[DELTA_KEY].flatMap((entry) =>
              isObject(entry) && !(FAILURE_KEY in entry) && !("@removed" in entry) ? [entry, entry] : [entry],
            ),
          }
        : body,
    ),
  }),
  mutant("phantom-failure-entry", "the PATCH answer adds a failure entry for an artifact the request never named", {
    transformResponse: rewriteBodies({ operationId: PATCH, status: 200 }, (body) =>
      Array.isArray(body[DELTA_KEY])
        ? {
            ...body,
            [DELTA_KEY]: [
              ...body[DELTA_KEY],
              {
                id: "00000000-0000-4000-8000-00000000dead",
                [FAILURE_KEY]: {
                  failedOperation: "remove",
                  responseCode: 409,
                  info: {
                    code: "Invalid",
                    message: "The identifier to be removed from the Restore Session does not exist",
                  },
                },
              },
            ],
          }
        : body,
    ),
  }),
  mutant("response-code-string", 'per-item failures carry responseCode as a string ("409")', {
    transformResponse: mapDeltaEntries((entry) =>
      withFailure(entry, (exception) => ({ ...exception, responseCode: String(exception.responseCode) })),
    ),
  }),
  mutant("failed-operation-erase", "per-item failures say failedOperation erase", {
    transformResponse: mapDeltaEntries((entry) =>
      withFailure(entry, (exception) => ({ ...exception, failedOperation: "erase" })),
    ),
  }),
  mutant("failure-without-info", "per-item failures omit info {code, message}", {
    transformResponse: mapDeltaEntries((entry) => withFailure(entry, ({ info: _dropped, ...exception }) => exception)),
  }),
  mutant("failure-without-id", "per-item failures of removals omit the artifact id", {
    transformResponse: mapDeltaEntries((entry) => {
      if (!(FAILURE_KEY in entry)) return entry;
      const { id: _dropped, ...rest } = entry;
      return rest;
    }),
  }),
  mutant("failure-response-code-200", "per-item failures carry responseCode 200", {
    transformResponse: mapDeltaEntries((entry) =>
      withFailure(entry, (exception) => ({ ...exception, responseCode: 200 })),
    ),
  }),
];
