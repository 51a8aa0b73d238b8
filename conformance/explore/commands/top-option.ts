// The $top query option a list command sends: none, a valid value, or one the contract's parameter schema rules out.
import fc from "fast-check";
import { invalidTopValues, maximumTop } from "../invalid-bodies.ts";
import type { SessionListing } from "../session-model.ts";

/** Where "a list accepts a valid $top" comes from: the contract (ERRATA E23; neither list page documents $top). */
export const TOP_STATUS_SOURCE = "E23";

/** `fit`: a $top that divides the session's artifacts into two or more full pages (the last page exactly full). */
export type Top =
  | { kind: "none" }
  | { kind: "valid"; value: number }
  | { kind: "fit" }
  | { kind: "invalid"; variant: number };

export const artifactTop: fc.Arbitrary<Top> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }).map((value) => ({ kind: "valid" as const, value })) },
  { weight: 2, arbitrary: fc.constant({ kind: "fit" as const }) },
  { weight: 1, arbitrary: fc.nat({ max: 10 }).map((variant) => ({ kind: "invalid" as const, variant })) },
);

/** The $top that makes `count` items exactly fill two or more pages: its largest proper divisor (1 for a prime). */
export function fittingTop(count: number): number {
  for (let factor = 2; factor * factor <= count; factor++) if (count % factor === 0) return count / factor;
  return 1;
}

/** The query a $top choice sends; `count`: the items the list holds, for `fit`. */
export function topQuery(value: Top, count = 0): { query?: Record<string, string | number>; invalid: boolean } {
  if (value.kind === "none") return { invalid: false };
  if (value.kind === "fit") return { query: { $top: fittingTop(Math.max(count, 2)) }, invalid: false };
  if (value.kind === "valid") return { query: { $top: value.value }, invalid: false };
  const values = invalidTopValues();
  return { query: { $top: values[value.variant % values.length] as string }, invalid: true };
}

/** The session list holds every session of the tenant (thousands, on a real one): the exploration reads it in pages
 *  as large as the contract allows, and in small pages only once it knows the list is short (see below). */
export const sessionTop: fc.Arbitrary<Top> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 2, arbitrary: fc.constant(null).map(() => ({ kind: "valid" as const, value: maximumTop() })) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }).map((value) => ({ kind: "valid" as const, value })) },
  { weight: 1, arbitrary: fc.nat({ max: 10 }).map((variant) => ({ kind: "invalid" as const, variant })) },
);

/** Pages a session-list read may take at most; a smaller $top is raised to the largest until a read showed fewer. */
export const SESSION_LIST_PAGES = 20;

/** The $top to read the session list with: a small one only when the last complete read showed it stays within
 *  SESSION_LIST_PAGES pages (so a tenant with thousands of sessions never walks a hundred pages). */
export function sessionListTop(value: Top, listing: SessionListing): Top {
  if (value.kind !== "valid") return value;
  const size = listing.size;
  return size !== undefined && Math.ceil((size + 3) / value.value) <= SESSION_LIST_PAGES
    ? value
    : { kind: "valid", value: maximumTop() };
}
