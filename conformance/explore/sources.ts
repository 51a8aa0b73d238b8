// Where each assertion the exploration model makes comes from: one table, assertion kind → source id (the ids of
// conformance/sources.yaml: docs:…, odata:…, http:…, contract:…, errata:E…). A failure names the kinds of the
// step that failed, so the report can say which rule the server broke and whose rule it is.

export const MODEL_SOURCES = {
  "session-created-draft": "docs:create-session",
  "create-rejected": "docs:error-codes",
  "additions-applied": "docs:update-session",
  "removals-applied": "odata:json-delta",
  "removals-echoed-or-omitted": "errata:E8",
  "missing-removal-fails-item": "errata:E14",
  "held-restore-point-readings": "errata:E9",
  "restore-point-forms": "errata:E7",
  "item-annotations-allowed": "errata:E26",
  "rejected-request-changes-nothing": "errata:E17",
  "invalid-request-rejected": "contract:request-schema",
  "unknown-member-rejected": "errata:E26",
  "delta-limit": "docs:error-codes",
  "duplicates-rejected": "docs:error-codes",
  "unknown-restore-point-rejected": "docs:error-codes",
  "not-draft-forbidden": "docs:error-codes",
  "missing-session-not-found": "docs:error-codes",
  "artifact-count": "docs:restore-session-base",
  "session-status": "docs:restore-session-base",
  "patch-answer-agrees-with-get": "docs:update-session",
  "created-date-stable": "docs:restore-session-base",
  "artifact-list-complete": "odata:paging",
  "top-respected": "odata:query-options",
  "invalid-top-rejected": "contract:query-parameters",
  "session-list-membership": "errata:E18",
  "session-deleted": "errata:E18",
  "activation": "docs:activate",
  "activation-capacity": "docs:error-codes",
  "reading-held": "contract:one-reading-per-server",
} as const;

export type AssertionKind = keyof typeof MODEL_SOURCES;

/** The distinct source ids of some assertion kinds, in table order. */
export function sourcesOf(kinds: Iterable<AssertionKind>): string[] {
  const wanted = new Set(kinds);
  return [...new Set((Object.keys(MODEL_SOURCES) as AssertionKind[]).filter((kind) => wanted.has(kind)).map((kind) => MODEL_SOURCES[kind]))];
}

/** The ERRATA entries among some assertion kinds' sources (for a printed scenario's `specification`). */
export function errataOf(kinds: Iterable<AssertionKind>): string[] {
  return sourcesOf(kinds)
    .filter((source) => source.startsWith("errata:"))
    .map((source) => source.slice("errata:".length));
}
