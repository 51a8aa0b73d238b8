// The $top query option a list command sends: none, a valid value, or one the contract's parameter schema rules out.
import fc from "fast-check";
import { invalidTopValues, maximumTop } from "../invalid-bodies.ts";

export type Top = { kind: "none" } | { kind: "valid"; value: number } | { kind: "invalid"; variant: number };

export const artifactTop: fc.Arbitrary<Top> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 12 }).map((value) => ({ kind: "valid" as const, value })) },
  { weight: 1, arbitrary: fc.nat({ max: 10 }).map((variant) => ({ kind: "invalid" as const, variant })) },
);

export function topQuery(value: Top): { query?: Record<string, string | number>; invalid: boolean } {
  if (value.kind === "none") return { invalid: false };
  if (value.kind === "valid") return { query: { $top: value.value }, invalid: false };
  const values = invalidTopValues();
  return { query: { $top: values[value.variant % values.length] as string }, invalid: true };
}

/** The session list holds every session of the tenant (thousands, on a real one): the exploration reads it in pages
 *  as large as the contract allows, so that it never walks a hundred pages for the few sessions it made. */
export const sessionTop: fc.Arbitrary<Top> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 4, arbitrary: fc.constant(null).map(() => ({ kind: "valid" as const, value: maximumTop() })) },
  { weight: 1, arbitrary: fc.nat({ max: 10 }).map((variant) => ({ kind: "invalid" as const, variant })) },
);
