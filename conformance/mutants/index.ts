// Every server variant the mutation run knows: the unchanged reference, the conforming variants and the mutants.
import { CONFORMING_VARIANTS } from "./conforming-variants.ts";
import { EXPLORATION_MUTANTS } from "./explored.ts";
import { MUTANTS as SCENARIO_MUTANTS } from "./mutants.ts";
import { REFERENCE, type ServerVariant } from "./server-variant.ts";

/** Every mutant: those written against the scenarios, then those only exploration can see. */
export const MUTANTS: readonly ServerVariant[] = [...SCENARIO_MUTANTS, ...EXPLORATION_MUTANTS];

export { CONFORMING_VARIANTS, EXPLORATION_MUTANTS, REFERENCE };
export type { ServerVariant, VariantKind } from "./server-variant.ts";

/** The reference first, then the conforming variants, then the mutants. */
export const ALL_VARIANTS: readonly ServerVariant[] = [REFERENCE, ...CONFORMING_VARIANTS, ...MUTANTS];

export function variantById(id: string): ServerVariant {
  const variant = ALL_VARIANTS.find((candidate) => candidate.id === id);
  if (!variant)
    throw new Error(`no server variant "${id}"; known: ${ALL_VARIANTS.map((candidate) => candidate.id).join(", ")}`);
  return variant;
}
